"""Every dataset's CKAN package, kept ready as JSON text.

`package_show`, `package_search` and `organization_show` send each dataset as the text kept in
`Dataset.package_json`: a search page is a concatenation of stored texts, not ten datasets
with a hundred resources and their versions rebuilt from the database on every request. The
text is `package_dict` serialized once, with the parts that depend on the request or on
the day left open:

- a path on this site (downloads, earlier versions, live files) starts with U+0000 and is
  completed with the request's scheme and host (`api.Context.localize`);
- the dataset's page (`url`) is U+0001 name U+0002, completed with the catalogue page's
  address, or the dataset's DCAT address when there is no catalogue page;
- `is_overdue`, which changes with the date alone, is added when the text is sent (the
  stored text ends before the package's closing brace).

Each stored text starts with FORM, whose number is raised when `package_dict` changes
what it shows, so texts an older version of the code stored are rebuilt when first sent.

json.dumps escapes every control character and these three are removed from the dataset's
own texts, so `"\\u0000`, `"\\u0001` and `\\u0002"` occur in a stored text only where a
marker is. The text is built in the API's language (`package_dicts.LOCALE`, Ukrainian: the licence's
title), whichever language the request or job that rebuilds it has active.

Kept current: a save of a dataset, resource, version, publisher or topic group (signals, so
the admin's forms count too), a change of a dataset's groups or keywords, and every write
with `QuerySet.update()` (which sends no signal: the services and `links.py` call
`invalidate()` themselves). `invalidate()` empties the text and raises `package_revision` in
the writer's transaction; once it commits, the packages it emptied are rebuilt (at most
`EAGER_LIMIT` at a time), and a request that meets an empty text builds it then. A rebuild
stores its text only if the revision is still the one it read, so a slow rebuild of an older
state never overwrites a newer one. `hromada refresh_opendata_packages` builds all that are
empty (after bulk inserts, which send no signals).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils import timezone, translation

from hromada.opendata import package_dicts, schedule
from hromada.opendata.models import Dataset, Publisher, Resource, ResourceVersion, TopicGroup

SITE = "\x00"
PAGE = "\x01"
PAGE_END = "\x02"
# How the markers read once json.dumps has escaped them (see the module docstring).
SITE_MARK = '"\\u0000'
PAGE_MARK = '"\\u0001'
PAGE_END_MARK = '\\u0002"'
_STRIP = str.maketrans("", "", SITE + PAGE + PAGE_END)
OVERDUE_TAIL = ', "is_overdue": true}'
ON_TIME_TAIL = ', "is_overdue": false}'
# Every stored text starts with this. Raise the number when `package_dict` changes what it
# shows: texts of an older form are then rebuilt when first asked for (or by
# `hromada refresh_opendata_packages --all` at once).
FORM = "ckan-package-1:"
EAGER_LIMIT = 200  # packages rebuilt right after one commit; the rest when first asked for
CHUNK = 200


class SitePath(str):
    """A path on this site, completed with the request's scheme and host when sent."""


class PageLink(str):
    """A dataset's name, standing for the address of its page in the catalogue."""


class TemplateContext:
    """What `package_dict` is given while a package is stored: addresses become markers."""

    def absolute(self, path: str) -> str:
        return SitePath(path.lstrip("/"))

    def dataset_url(self, dataset: Dataset) -> str:
        return PageLink(dataset.name)


def _prepared(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _prepared(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_prepared(item) for item in value]
    if isinstance(value, SitePath):
        return SITE + value.translate(_STRIP)
    if isinstance(value, PageLink):
        return PAGE + value.translate(_STRIP) + PAGE_END
    if isinstance(value, str):
        return value.translate(_STRIP)
    return value


def build(dataset: Dataset) -> str:
    """The stored text of one dataset, loaded with `with_related`."""
    with translation.override(package_dicts.LOCALE):
        package = package_dicts.package_dict(dataset, TemplateContext())
    del package["is_overdue"]
    return FORM + json.dumps(_prepared(package), ensure_ascii=False)[:-1]


def refresh(ids: Iterable[Any]) -> dict[Any, str]:
    """Build and store the packages of these datasets; their texts by id."""
    texts: dict[Any, str] = {}
    wanted = list(ids)
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        texts.update(
            store(
                package_dicts.with_related(
                    Dataset.objects.filter(pk__in=chunk).defer("package_json")
                )
            )
        )
    return texts


def store(datasets: Iterable[Dataset]) -> dict[Any, str]:
    """Build the packages of datasets loaded with `with_related` and keep each one unless
    the dataset changed since it was loaded; their texts by id."""
    texts = {dataset.pk: (build(dataset), dataset.package_revision) for dataset in datasets}
    with transaction.atomic():  # one commit for all of them
        for pk, (text, revision) in texts.items():
            # The revision was read with the dataset's row, before any of its related rows.
            Dataset.objects.filter(pk=pk, package_revision=revision).update(package_json=text)
    return {pk: text for pk, (text, _revision) in texts.items()}


def refresh_stale(*, limit: int | None = None) -> int:
    """Build the packages that are empty (all, or at most `limit`); how many were built."""
    stale = Dataset.objects.filter(package_json="").order_by().values_list("pk", flat=True)
    ids = list(stale[:limit] if limit else stale)
    refresh(ids)
    return len(ids)


# --- Keeping them current ------------------------------------------------------------------


class _Rebuild:
    """The on-commit rebuild of the packages one transaction emptied."""

    def __init__(self) -> None:
        self.ids: set[Any] = set()
        self.done = False

    def __call__(self) -> None:
        self.done = True
        stale = Dataset.objects.filter(pk__in=list(self.ids), package_json="")
        refresh(stale.values_list("pk", flat=True))


def invalidate(datasets: QuerySet[Dataset] | Iterable[Any]) -> None:
    """Empty these datasets' packages in the caller's transaction; rebuild them after it."""
    queryset = (
        datasets
        if isinstance(datasets, QuerySet)
        else Dataset.objects.filter(pk__in=list(datasets))
    )
    connection = transaction.get_connection()
    rebuild = None
    if connection.in_atomic_block:
        # One rebuild per transaction (Django drops it if the transaction is rolled back).
        rebuild = next(
            (
                c
                for _ids, c, _robust in connection.run_on_commit
                if isinstance(c, _Rebuild) and not c.done
            ),
            None,
        )
    if rebuild is None:
        rebuild = _Rebuild()
        registered = False
    else:
        registered = True
    room = EAGER_LIMIT - len(rebuild.ids)
    if room > 0:
        rebuild.ids.update(queryset.values_list("pk", flat=True)[:room])
    queryset.update(package_json="", package_revision=F("package_revision") + 1)
    if not registered:
        transaction.on_commit(rebuild, robust=True)


# What a page of packages is read as: `sent()` needs these, in this order.
ROW_FIELDS = ("pk", "package_json", "update_frequency", "data_modified_at", "published_at")


def texts(ids: list[Any]) -> list[str]:
    """The packages of these datasets in this order (see `sent`)."""
    rows = Dataset.objects.filter(pk__in=ids).order_by().values_list(*ROW_FIELDS)
    found = {row[0]: row for row in rows}
    return sent([found[pk] for pk in ids if pk in found])


def sent(rows: list[tuple[Any, ...]]) -> list[str]:
    """The packages of rows of ROW_FIELDS, `is_overdue` added, markers left in.

    A package that is empty (never built, or emptied by a change) or of an older FORM is
    built now."""
    missing = [row[0] for row in rows if not row[1].startswith(FORM)]  # empty, or older form
    built = refresh(missing) if missing else {}
    today = timezone.localdate()
    start = len(FORM)
    result = []
    for pk, text, frequency, modified, published in rows:
        due = schedule.next_due(frequency, timezone.localdate(modified or published))
        tail = OVERDUE_TAIL if due is not None and today > due else ON_TIME_TAIL
        result.append(built.get(pk, text)[start:] + tail)
    return result


def _dataset_saved(sender: Any, instance: Dataset, **kwargs: Any) -> None:
    invalidate([instance.pk])


def resources_changed(dataset_ids: Iterable[Any]) -> None:
    """After a write to resources: their datasets' formats now, and their packages later."""
    wanted = list(dataset_ids)
    found: dict[Any, set[str]] = {pk: set() for pk in wanted}
    active = Resource.objects.filter(dataset__in=wanted, archived=False).exclude(format="")
    for dataset_id, code in active.values_list("dataset_id", "format").distinct():
        found[dataset_id].add(code)
    for pk, codes in found.items():
        Dataset.objects.filter(pk=pk).update(formats=json.dumps(sorted(codes), ensure_ascii=False))
    invalidate(wanted)


def _resource_changed(sender: Any, instance: Resource, **kwargs: Any) -> None:
    resources_changed([instance.dataset_id])


def _version_changed(sender: Any, instance: ResourceVersion, **kwargs: Any) -> None:
    invalidate(Dataset.objects.filter(resources__id=instance.resource_id))


# What package_show's `organization` shows of a publisher (`organization_dict`); `name`
# also appears in its child publishers' packages (`parent`).
ORGANIZATION_FIELDS = ("name", "title", "description", "edrpou", "parent_id")


def _publisher_saving(sender: Any, instance: Publisher, **kwargs: Any) -> None:
    if kwargs.get("raw") or instance._state.adding:
        return
    before = Publisher.objects.filter(pk=instance.pk).values(*ORGANIZATION_FIELDS).first()
    instance.__dict__["_organization_before"] = before


def _publisher_saved(sender: Any, instance: Publisher, **kwargs: Any) -> None:
    before = instance.__dict__.pop("_organization_before", None)
    changed = {
        field
        for field in ORGANIZATION_FIELDS
        if before is not None and before[field] != getattr(instance, field)
    }
    if changed:
        # Harvesters ask for `metadata_modified:[T TO *]`: a renamed organization is a change
        # of its datasets' packages, or they would keep the old title.
        moved = Q(publisher=instance)
        if "name" in changed:
            moved |= Q(publisher__parent=instance)
        Dataset.objects.filter(moved).update(metadata_modified=timezone.now())
    # A package shows its publisher, and the publisher's parent by name.
    invalidate(Dataset.objects.filter(Q(publisher=instance) | Q(publisher__parent=instance)))


def _group_saved(sender: Any, instance: TopicGroup, **kwargs: Any) -> None:
    invalidate(Dataset.objects.filter(groups=instance))


def _links_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[Any] | None, **kwargs: Any
) -> None:
    """A dataset's groups or keywords changed (from either side of the relation)."""
    if not reverse:
        if action.startswith("post_"):
            invalidate([instance.pk])
    elif action == "pre_clear":
        field = "groups" if isinstance(instance, TopicGroup) else "tags"
        invalidate(Dataset.objects.filter(**{field: instance}))
    elif action in {"post_add", "post_remove"} and pk_set:
        invalidate(pk_set)


def connect() -> None:
    """Watch every write that changes what a package shows."""
    post_save.connect(_dataset_saved, sender=Dataset, dispatch_uid="opendata-package-dataset")
    for name, signal in (("save", post_save), ("delete", post_delete)):
        signal.connect(
            _resource_changed, sender=Resource, dispatch_uid=f"opendata-package-resource-{name}"
        )
        signal.connect(
            _version_changed,
            sender=ResourceVersion,
            dispatch_uid=f"opendata-package-version-{name}",
        )
    pre_save.connect(
        _publisher_saving, sender=Publisher, dispatch_uid="opendata-package-publisher-pre"
    )
    post_save.connect(_publisher_saved, sender=Publisher, dispatch_uid="opendata-package-publisher")
    post_save.connect(_group_saved, sender=TopicGroup, dispatch_uid="opendata-package-group")
    for through in (Dataset.groups.through, Dataset.tags.through):
        m2m_changed.connect(
            _links_changed, sender=through, dispatch_uid=f"opendata-package-{through.__name__}"
        )
