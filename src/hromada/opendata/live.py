"""Live datasets follow their registers: a committed save or delete that changes what a live
dataset shows moves that dataset's "last change" and `metadata_modified`, so harvesters asking
for `metadata_modified:[T TO *]` see it (and the anonymous page cache is refreshed with it).

Each dataset declares the models its rows read (`core.datasets.Watch`): which records and
which fields. Before a save or delete the watched part of the record is read (one query),
after the commit again; only a difference moves the dataset. So a comment, a photo, an office
note or a save that changes nothing leaves the catalogue and the page cache alone.

Changes within a second of a dataset's previous move are gathered into one background job that
moves it when that second ends (`bump`), so the last change of a burst is never dropped.

Bulk writes that send no signals (imports with bulk_create) are caught up by the periodic
`sync_live_datasets`, which reads each register's own `last_modified()`.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from functools import partial
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from hromada.core import page_cache
from hromada.core.datasets import Watch

logger = logging.getLogger(__name__)

# A bulk edit saves many records in a row: the first change moves the dataset at once, the
# changes of the following second are gathered into one background job due when it ends.
THROTTLE_SECONDS = 1.0
_last_bump: dict[str, float] = {}
_deferred: dict[str, float] = {}  # slug: when (monotonic) its pending job is due

Snapshot = frozenset[str]


def bump(slug: str) -> None:
    """A record the dataset shows changed (after its commit): move the dataset now, or, within
    a second of its previous move, once more when that second ends, so the last change of a
    burst is always shown and a burst costs two moves, not one per save."""
    now = time.monotonic()
    if now < _deferred.get(slug, -1e9):
        return  # the pending job runs after this change and moves the dataset then
    last = _last_bump.get(slug, -1e9)
    if now - last < THROTTLE_SECONDS:
        due = last + THROTTLE_SECONDS
        if _defer(slug, due - now):
            _deferred[slug] = due
        return
    _last_bump[slug] = now
    regenerate(slug)


def _defer(slug: str, delay: float) -> bool:
    """Enqueue the dataset's move `delay` seconds from now; False when the backend cannot wait
    (the immediate backend of the tests runs it at once)."""
    from hromada.opendata.tasks import regenerate_live_dataset

    task = regenerate_live_dataset
    try:
        if not task.get_backend().supports_defer:
            task.enqueue(slug)
            return False
        run_after = timezone.now() + dt.timedelta(seconds=delay)
        task.using(run_after=run_after).enqueue(slug)
    except Exception:  # the record is saved; the 10-minute sync catches the dataset up
        logger.exception("could not enqueue the move of live dataset %s", slug)
        return False
    return True


def regenerate(slug: str) -> None:
    """Move the live dataset's "last change", its files' and its metadata_modified to now."""
    from hromada.opendata.models import Dataset, Resource
    from hromada.opendata.services import touch

    moment = timezone.now()
    for dataset in Dataset.objects.filter(live_slug=slug):
        Resource.objects.filter(dataset=dataset).exclude(live_format="").update(
            last_modified=moment
        )
        touch(dataset, data_changed_at=moment)  # saves the dataset: its package is rebuilt


def _fields(watch: Watch, model: type[models.Model]) -> tuple[str, ...]:
    if watch.fields is not None:
        return watch.fields
    return tuple(
        field.attname
        for field in model._meta.concrete_fields
        if not getattr(field, "auto_now", False)  # moves on every save
    )


def snapshot(watch: Watch, model: type[models.Model], pk: Any) -> Snapshot:
    """What the dataset reads of one record: empty when the record is not among its rows."""
    queryset = watch.rows() if watch.rows is not None else model._default_manager.all()
    queryset = queryset.filter(pk=pk).prefetch_related(None).order_by()
    # one row per related value (topics, files); repr: JSON values are not hashable
    return frozenset(repr(row) for row in queryset.values_list("pk", *_fields(watch, model)))


def _key(slug: str, watch: Watch) -> str:
    return f"{slug}:{watch.model}"


def _before(slug: str, watch: Watch, sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    adding = instance._state.adding or instance.pk is None
    before = frozenset() if adding else snapshot(watch, sender, instance.pk)
    instance.__dict__.setdefault("_live_before", {})[_key(slug, watch)] = before


def _after(slug: str, watch: Watch, sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    before = instance.__dict__.get("_live_before", {}).pop(_key(slug, watch), None)
    # after the commit: child rows and many-to-many values are written after post_save
    transaction.on_commit(partial(_check, slug, watch, sender, instance.pk, before))


def _check(slug: str, watch: Watch, model: Any, pk: Any, before: Snapshot | None) -> None:
    if before is not None and snapshot(watch, model, pk) == before:
        return  # nothing the dataset shows has changed
    # The module's public pages show what its dataset shows (the organizations register).
    page_cache.changed(model._meta.app_label)
    bump(slug)


def watches(live: Any) -> tuple[Watch, ...]:
    """The dataset's declared watches, or (none declared) every model of its module."""
    if live.watches:
        return tuple(live.watches)
    try:
        config = apps.get_app_config(live.module)
    except LookupError:
        return ()
    return tuple(Watch(model._meta.label) for model in config.get_models())


def connect() -> None:
    """Watch the models each live dataset reads."""
    from hromada.core import datasets as live_registry

    for live in live_registry.all_datasets():
        for watch in watches(live):
            try:
                model = apps.get_model(watch.model)
            except LookupError:
                continue
            uid = f"opendata-live-{live.slug}-{model._meta.label_lower}"
            before = partial(_before, live.slug, watch)
            after = partial(_after, live.slug, watch)
            pre_save.connect(before, sender=model, weak=False, dispatch_uid=uid + "-pre")
            pre_delete.connect(before, sender=model, weak=False, dispatch_uid=uid + "-pre-delete")
            post_save.connect(after, sender=model, weak=False, dispatch_uid=uid)
            post_delete.connect(after, sender=model, weak=False, dispatch_uid=uid + "-delete")
