"""Receivers: the anonymous page cache is refreshed when anything the registers show changes."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_save


def acts_changed(**kwargs: Any) -> None:
    from hromada.core.signals import content_changed

    content_changed("acts", **kwargs)


def connect() -> None:
    from hromada.acts.models import (
        Act,
        ActAmendment,
        ActFile,
        ActKindLabels,
        ActRepeal,
        PublicDocument,
        Topic,
    )

    for model in (Act, ActAmendment, ActFile, ActKindLabels, ActRepeal, PublicDocument, Topic):
        post_save.connect(acts_changed, sender=model, dispatch_uid=f"acts-cache-{model.__name__}")
    from hromada.acts.selectors import forget_kind_labels

    # This process at once; the others follow the "acts" generation (acts_changed above).
    post_save.connect(forget_kind_labels, sender=ActKindLabels, dispatch_uid="acts-kind-labels")
    for field in ("topics", "amends", "repeals"):
        m2m_changed.connect(
            acts_changed,
            sender=getattr(Act, field).through,
            dispatch_uid=f"acts-cache-{field}",
        )
