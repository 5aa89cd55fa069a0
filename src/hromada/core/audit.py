"""The audit trail: who changed what, when, and the values before and after.

It is Wagtail's log (the admin's "Журнал"), so pages, snippets and module records share
one history. Service functions call `record`; Wagtail's own views log their actions.
"""

from __future__ import annotations

from collections.abc import Sequence
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


# --- Before/after values for edits made through Wagtail's generic admin views -------------
# Wagtail logs "wagtail.edit" for snippets, settings and viewset models but records no field
# values. Hromada's records (not pages, whose revisions already keep every version) get their
# previous values remembered on save and attached to the log entry Wagtail writes.

_BEFORE: dict[tuple[str, str], dict[str, Any]] = {}
_MAX_REMEMBERED = 1000


def _audited(sender: type[models.Model]) -> bool:
    from wagtail.models import Page

    return sender.__module__.startswith("hromada.") and not issubclass(sender, Page)


def remember_before(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if kwargs.get("raw") or instance.pk is None or not _audited(sender):
        return
    previous = sender._default_manager.filter(pk=instance.pk).first()
    if previous is None:
        return
    if len(_BEFORE) >= _MAX_REMEMBERED:
        _BEFORE.clear()
    _BEFORE[(sender._meta.label_lower, str(instance.pk))] = snapshot(previous)


def attach_changes(sender: type[models.Model], instance: Any, created: bool, **kwargs: Any) -> None:
    if not created or instance.action != "wagtail.edit" or "changes" in (instance.data or {}):
        return
    model = instance.content_type.model_class()
    if model is None:
        return
    before = _BEFORE.pop((model._meta.label_lower, str(instance.object_id)), None)
    current = model._default_manager.filter(pk=instance.object_id).first()
    if before is None or current is None:
        return
    instance.data = {**(instance.data or {}), "changes": diff(before, snapshot(current))}
    instance.save(update_fields=["data"])


def connect() -> None:
    from django.db.models.signals import post_save, pre_save
    from wagtail.models import ModelLogEntry

    pre_save.connect(remember_before, dispatch_uid="hromada-audit-before")
    post_save.connect(attach_changes, sender=ModelLogEntry, dispatch_uid="hromada-audit-changes")


def record_many(
    instances: Sequence[models.Model], action: str, *, user: Any = SYSTEM_USER, data: dict[str, Any]
) -> None:
    """Log the same action for many saved records at once (bulk imports), one INSERT per 500."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import ModelLogEntry

    if not instances:
        return
    content_type = ContentType.objects.get_for_model(type(instances[0]))
    now = timezone.now()
    ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=content_type,
                object_id=str(instance.pk),
                label=str(instance)[:255],
                action=action,
                data=data,
                timestamp=now,
                user=user,
                content_changed=True,
            )
            for instance in instances
        ],
        batch_size=500,
    )
