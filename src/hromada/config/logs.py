"""One clock in every log: the site's time zone (Kyiv) with its offset, whatever the process's
own TZ. Django's logs (LOGGING in settings.py) and gunicorn's (config/gunicorn.py) use it."""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

# settings.TIME_ZONE; gunicorn's master logs before Django's settings are read, so the zone is
# named here too (tests/core/test_clock.py keeps the two equal).
TIME_ZONE = "Europe/Kyiv"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class LocalTimeFormatter(logging.Formatter):
    """`2026-12-07 22:18:05+02:00 INFO name: message`."""

    zone = ZoneInfo(TIME_ZONE)

    def __init__(self, fmt: str | None = FORMAT, *args: object, **kwargs: object) -> None:
        super().__init__(fmt, *args, **kwargs)  # type: ignore[arg-type]

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        moment = dt.datetime.fromtimestamp(record.created, self.zone)
        if datefmt:
            return moment.strftime(datefmt)
        return moment.isoformat(sep=" ", timespec="seconds")
