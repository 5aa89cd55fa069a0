"""``hromada idgovua_standin``: the local stand-in ID.GOV.UA server for the demo (`make run`
starts it when no real credentials are set). Refused unless DEBUG or IDGOVUA_STANDIN_ENABLED
is on, so that a production site never signs residents in through it by accident."""

from __future__ import annotations

import contextlib
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hromada.participation.residents.idgovua_standin import StandIn


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No request log: the query strings carry the codes and tokens."""


class Command(BaseCommand):
    help = "Serve the local stand-in ID.GOV.UA (development and the demo only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8001)

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEBUG or settings.IDGOVUA_STANDIN_ENABLED):
            raise CommandError(
                "the stand-in ID.GOV.UA is for development: set DEBUG or IDGOVUA_STANDIN_ENABLED"
            )
        if not settings.IDGOVUA_CLIENT_ID or not settings.IDGOVUA_CLIENT_SECRET:
            raise CommandError("set IDGOVUA_CLIENT_ID and IDGOVUA_CLIENT_SECRET for the stand-in")
        app = StandIn(clients={settings.IDGOVUA_CLIENT_ID: settings.IDGOVUA_CLIENT_SECRET})
        with make_server(options["host"], options["port"], app, handler_class=_Quiet) as server:
            self.stdout.write(f"stand-in ID.GOV.UA on http://{options['host']}:{options['port']}/")
            with contextlib.suppress(KeyboardInterrupt):
                server.serve_forever()
