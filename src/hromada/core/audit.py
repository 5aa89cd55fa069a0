"""The audit trail: who changed what, when, and the values before and after.

It is Wagtail's log (the admin's "Журнал"), so pages, snippets and module records share
one history. Service functions call `record`; Wagtail's own views log their actions.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from wagtail.log_actions import log

SYSTEM_USER = None  # Changes made by a command or the worker are logged without a user.


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The instance's concrete field values, as JSON-ready strings."""
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        value = field.value_from_object(instance)
        values[field.attname] = value if isinstance(value, (int, bool, type(None))) else str(value)
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: {"before": before.get(name), "after": value}
        for name, value in after.items()
        if before.get(name) != value
    }


def record(
    instance: models.Model,
    action: str,
    *,
    user: Any = SYSTEM_USER,
    before: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    """Log one change. `action` is a Wagtail action name (wagtail.create, wagtail.edit, …)."""
    payload = dict(data or {})
    if before is not None:
        payload["changes"] = diff(before, snapshot(instance))
    log(instance=instance, action=action, user=user, data=payload)
