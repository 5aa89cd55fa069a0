"""E-mail from services: queued as a background job once the transaction commits, so a
rolled-back change sends nothing and a slow mail server never holds up a request. Every
module (correspondence's letters, participation's notices, deadline reminders) sends here."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction


def queue_email(*, subject: str, body: str, to: Sequence[str]) -> None:
    """Send one plain-text e-mail (``core.tasks.send_email``) after the commit; empty
    addresses are dropped and nothing is queued without a recipient."""
    from hromada.core.tasks import send_email

    recipients = [address for address in to if address]
    if not recipients:
        return
    transaction.on_commit(
        lambda: send_email.enqueue(subject=subject, body=body, to=list(recipients))
    )
