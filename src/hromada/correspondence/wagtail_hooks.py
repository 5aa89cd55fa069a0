"""The correspondence admin: one menu group "Кореспонденція"."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

LOG_ACTIONS = {
    "correspondence.assign": (_("Assign"), _("Assigned")),
    "correspondence.extend": (_("Extend term"), _("Term extended")),
    "correspondence.answer": (_("Answer"), _("Answered")),
    "correspondence.forward": (_("Forward"), _("Forwarded")),
    "correspondence.refuse": (_("Refuse"), _("Refused")),
    "correspondence.close": (_("Close"), _("Closed")),
    "correspondence.anonymize": (_("Anonymize"), _("Personal data anonymized")),
    "correspondence.view_personal_data": (
        _("View personal data"),
        _("Personal data viewed"),
    ),
}


@hooks.register("register_log_actions")
def register_log_actions(actions: Any) -> None:
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)
