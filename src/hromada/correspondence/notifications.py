"""Letters the office e-mails: to requesters (confirmation, decisions, extension notices) and
to staff (deadline reminders). Built here; the services queue them with the case engine's
`core.cases.notify` (sent by `core.tasks.send_email` after the commit)."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils import translation

from hromada.correspondence.models import Document


def _date(day: dt.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def render_letter(template: str, document: Document, **context: object) -> tuple[str, str]:
    """(subject, body) of a letter, in Ukrainian, from ``correspondence/email/<template>``."""
    from hromada.core.selectors import city_profile

    with translation.override("uk"):
        values = {
            "document": document,
            "city": city_profile(),
            "registered_on": _date(document.registered_on),
            "due_date": _date(document.due_date),
            **context,
        }
        body = render_to_string(f"correspondence/email/{template}.txt", values).strip() + "\n"
    subject, _, rest = body.partition("\n")
    return subject.strip(), rest.strip() + "\n"
