"""Live datasets follow their registers: a saved or deleted record of the module that
declared a live dataset moves that dataset's "last change" and `metadata_modified` as soon
as the change is committed, so harvesters asking for `metadata_modified:[T TO *]` see it.

Bulk writes that send no signals (imports with bulk_create) are caught up by the periodic
`sync_live_datasets`, which reads each register's own `last_modified()`.
"""

from __future__ import annotations

import time
from functools import partial
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

# A bulk edit saves many records in a row: one bump per dataset per second is enough.
THROTTLE_SECONDS = 1.0
_last_bump: dict[str, float] = {}


def bump(slug: str) -> None:
    now = time.monotonic()
    if now - _last_bump.get(slug, -1e9) < THROTTLE_SECONDS:
        return
    _last_bump[slug] = now
    from hromada.opendata.models import Dataset, Resource
    from hromada.opendata.services import touch

    moment = timezone.now()
    for dataset in Dataset.objects.filter(live_slug=slug):
        Resource.objects.filter(dataset=dataset).exclude(live_format="").update(
            last_modified=moment
        )
        touch(dataset, data_changed_at=moment)  # saves the dataset: its package is rebuilt


def _changed(slug: str, sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    transaction.on_commit(partial(bump, slug))


def connect() -> None:
    """Watch the models of every module that declared a live dataset."""
    from hromada.core import datasets as live_registry

    for live in live_registry.all_datasets():
        try:
            config = apps.get_app_config(live.module)
        except LookupError:
            continue
        receiver = partial(_changed, live.slug)
        for model in config.get_models():
            uid = f"opendata-live-{live.slug}-{model._meta.label_lower}"
            post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
            post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid + "-delete")
