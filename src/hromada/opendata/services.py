"""All writes of the open-data module: keyword-only, typed, atomic and audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import uuid
from collections.abc import Iterable
from functools import partial
from pathlib import PurePath
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hromada.core import audit
from hromada.opendata import detection, packages, schedule
from hromada.opendata.models import (
    Dataset,
    Publisher,
    Reminder,
    ReminderKind,
    Resource,
    ResourceVersion,
    TopicGroup,
    UpdateFrequency,
)

logger = logging.getLogger(__name__)

LIVE_PURPOSE = (
    "Оприлюднення публічної інформації у формі відкритих даних відповідно до статті 10-1 "
    "Закону України «Про доступ до публічної інформації» та постанови Кабінету Міністрів "
    "України від 21.10.2015 № 835. Набір формується автоматично з реєстру, який веде {office}."
)


def touch(dataset: Dataset, *, data_changed_at: dt.datetime | None = None) -> None:
    """A change to a dataset or any of its resources moves its metadata_modified."""
    fields = ["metadata_modified"]
    current = Dataset.objects.filter(pk=dataset.pk).values_list("data_modified_at", flat=True)
    latest = current[0] if current else None
    if data_changed_at is not None and (latest is None or data_changed_at > latest):
        dataset.data_modified_at = data_changed_at
        fields.append("data_modified_at")
    dataset.save(update_fields=fields)


@transaction.atomic
def create_publisher(
    *,
    title: str,
    edrpou: str,
    name: str = "",
    parent: Publisher | None = None,
    description: str = "",
    email: str = "",
    website: str = "",
    user: Any = None,
) -> Publisher:
    publisher = Publisher(
        title=title,
        edrpou=edrpou,
        name=name,
        parent=parent,
        description=description,
        email=email,
        website=website,
    )
    if not publisher.name:
        from hromada.opendata.slugs import unique_name

        publisher.name = unique_name(title, Publisher)
    publisher.full_clean()
    publisher.save()
    audit.record(publisher, "wagtail.create", user=user)
    return publisher


@transaction.atomic
def create_group(
    *, title: str, name: str = "", description: str = "", user: Any = None
) -> TopicGroup:
    group = TopicGroup(title=title, name=name, description=description)
    if not group.name:
        from hromada.opendata.slugs import unique_name

        group.name = unique_name(title, TopicGroup)
    group.full_clean()
    group.save()
    audit.record(group, "wagtail.create", user=user)
    return group


@transaction.atomic
def create_dataset(
    *,
    publisher: Publisher,
    title: str,
    notes: str,
    purpose: str,
    maintainer: str,
    maintainer_email: str,
    name: str = "",
    identifier: str = "",
    update_frequency: str = UpdateFrequency.YEARLY,
    keywords: str | Iterable[str] = "",
    groups: Iterable[TopicGroup] = (),
    language: str = "українська",
    licence: str = "CC-BY-4.0",
    compression_format: str = "",
    structure_url: str = "",
    table_schema: dict[str, Any] | None = None,
    published_at: dt.datetime | None = None,
    data_current_to: dt.date | None = None,
    user: Any = None,
) -> Dataset:
    """A new dataset. A Cyrillic title gives a transliterated `name` when none is given."""
    from hromada.opendata.slugs import unique_name

    dataset = Dataset(
        publisher=publisher,
        title=title,
        notes=notes,
        purpose=purpose,
        maintainer=maintainer,
        maintainer_email=maintainer_email,
        name=name or unique_name(title, Dataset),
        identifier=identifier,
        update_frequency=update_frequency,
        keywords=keywords if isinstance(keywords, str) else ", ".join(keywords),
        language=language,
        licence=licence,
        compression_format=compression_format,
        structure_url=structure_url,
        table_schema=table_schema,
        published_at=published_at or timezone.now(),
        data_current_to=data_current_to,
    )
    dataset.metadata_created = dataset.published_at
    dataset.full_clean()
    dataset.save()
    dataset.groups.set(list(groups))
    audit.record(dataset, "wagtail.create", user=user)
    return dataset


EDITABLE_FIELDS = {
    "title",
    "notes",
    "purpose",
    "maintainer",
    "maintainer_email",
    "identifier",
    "update_frequency",
    "keywords",
    "language",
    "licence",
    "compression_format",
    "structure_url",
    "table_schema",
    "data_current_to",
    "publisher",
    "archived",
}


@transaction.atomic
def update_dataset(*, dataset: Dataset, user: Any = None, **changes: Any) -> Dataset:
    unknown = set(changes) - EDITABLE_FIELDS - {"groups"}
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    before = audit.snapshot(dataset)
    groups = changes.pop("groups", None)
    for field, value in changes.items():
        setattr(dataset, field, value)
    dataset.full_clean()
    dataset.save(update_fields=[*changes, "metadata_modified"])
    if groups is not None:
        dataset.groups.set(list(groups))
    audit.record(dataset, "wagtail.edit", user=user, before=before)
    return dataset


def _hash(file: IO[bytes]) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    file.seek(0)
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
        size += len(chunk)
    file.seek(0)
    return digest.hexdigest(), size


def check_file(
    file: IO[bytes], *, filename: str, dataset: Dataset
) -> tuple[detection.Format, dict[str, Any]]:
    """The detected format and, for CSV, the validation report. Raises ValidationError."""
    found = detection.detect(file, filename)
    report: dict[str, Any] = {}
    if found.code == "CSV":
        from hromada.opendata.validation import validate_csv

        report = validate_csv(file, schema=dataset.table_schema)
        if not report["valid"]:
            raise ValidationError([error["message"] for error in report["errors"]])
    return found, report


@transaction.atomic
def add_resource(
    *,
    dataset: Dataset,
    name: str,
    file: IO[bytes] | None = None,
    filename: str = "",
    external_url: str = "",
    description: str = "",
    link_format: str = "",
    link_mimetype: str = "",
    user: Any = None,
    when: dt.datetime | None = None,
) -> Resource:
    """A new resource: an uploaded file (its first version) or an external link. A link's
    format and media type are guessed from its extension unless given (`link_format`,
    `link_mimetype`: a web page or an API has no extension to tell)."""
    if (file is None) == (not external_url):
        raise ValidationError(_("Give either a file or an external link, not both."))
    when = when or timezone.now()
    resource = Resource(
        dataset=dataset,
        name=name,
        description=description,
        external_url=external_url,
        position=dataset.resources.count(),
        created=when,
        last_modified=when,
    )
    if external_url:
        extension = PurePath(external_url.split("?", 1)[0]).suffix.lower().lstrip(".")
        known = detection.FORMATS.get(extension)
        resource.format = link_format or (known.code if known else "")
        resource.mimetype = link_mimetype or (known.mimetype if known else "")
    resource.full_clean()
    resource.save()
    audit.record(resource, "wagtail.create", user=user)
    if file is not None:
        upload_version(resource=resource, file=file, filename=filename, user=user, when=when)
    else:
        touch(dataset, data_changed_at=when)
    return resource


def upload_version(
    *,
    resource: Resource,
    file: IO[bytes],
    filename: str,
    user: Any = None,
    when: dt.datetime | None = None,
) -> ResourceVersion:
    """Keep a new upload of a resource; earlier versions stay downloadable.

    The file is checked before anything is written; if the database write fails, the stored
    file is removed again, so nothing is half-saved.
    """
    if resource.external_url or resource.live_format:
        raise ValidationError(_("This resource is a link; it has no uploaded versions."))
    filename = PurePath(filename or getattr(file, "name", "") or "data").name
    found, report = check_file(file, filename=filename, dataset=resource.dataset)
    sha256, size = _hash(file)
    when = when or timezone.now()
    version: ResourceVersion | None = None
    try:
        with transaction.atomic():
            locked = Resource.objects.select_for_update().get(pk=resource.pk)
            latest = locked.versions.order_by("-number").first()
            version = ResourceVersion(
                resource=locked,
                number=(latest.number + 1) if latest else 1,
                filename=filename,
                format=found.code,
                mimetype=found.mimetype,
                size=size,
                sha256=sha256,
                validation_report=report,
                uploaded_by=user,
                created=when,
            )
            version.file.save(filename, File(file, name=filename), save=False)
            version.save()
            Resource.objects.filter(pk=locked.pk).update(
                format=found.code,
                mimetype=found.mimetype,
                size=size,
                sha256=sha256,
                last_modified=when,
            )
            packages.resources_changed([locked.dataset_id])
            resource.refresh_from_db()
            touch(resource.dataset, data_changed_at=when)
            audit.record(
                version,
                "wagtail.create",
                user=user,
                data={"sha256": sha256, "size": size, "format": found.code},
            )
    except Exception:
        if version is not None and version.file.name:
            version.file.storage.delete(version.file.name)
        raise
    if version.format in {"CSV", "XLSX"}:
        transaction.on_commit(partial(_enqueue_datastore_load, str(version.id)), robust=True)
    return version


def count_use(*, resource_id: Any, kind: str) -> None:
    """Count one download or API read of a resource (`kind`: "downloads" or "api_calls").
    A counter only, no personal data; the stored packages do not carry it, so nothing is
    rebuilt."""
    if kind not in {"downloads", "api_calls"}:
        raise ValueError(kind)
    Resource.objects.filter(pk=resource_id).update(**{kind: F(kind) + 1})


def _enqueue_datastore_load(version_id: str) -> None:
    """The rows of a published table, for `datastore_search`, loaded in the background."""
    from hromada.opendata import tasks

    tasks.load_datastore.enqueue(version_id)


@transaction.atomic
def archive_resource(*, resource: Resource, user: Any = None) -> Resource:
    before = audit.snapshot(resource)
    resource.archived = True
    resource.save(update_fields=["archived"])
    touch(resource.dataset)
    audit.record(resource, "wagtail.edit", user=user, before=before)
    return resource


# --- Live datasets -----------------------------------------------------------------------


def council_publisher() -> Publisher:
    """The council itself (the publisher without a parent), created from the city profile."""
    existing = Publisher.objects.filter(parent__isnull=True, archived=False).order_by("created_at")
    if existing.exists():
        return existing.first()  # type: ignore[return-value]
    from hromada.core.selectors import city_profile

    profile = city_profile()
    return create_publisher(
        title=profile.council_name or profile.name or _("City council"),
        edrpou=profile.council_edrpou or "",
        email=profile.email,
    )


@transaction.atomic
def sync_live_datasets() -> list[Dataset]:
    """Every dataset registered in core.datasets appears in the catalogue with a passport
    filled from its declaration and two resources, CSV and JSON, generated on request.

    Run after migrations (demo) and periodically: when a register's records change, its
    dataset's "last change" and metadata_modified move.
    """
    from hromada.core import datasets as live_registry
    from hromada.core.selectors import city_profile

    profile = city_profile()
    publisher = council_publisher()
    synced = []
    with translation.override("uk"):
        for live in live_registry.all_datasets():
            changed_at = live.last_modified() if live.last_modified else None
            passport: dict[str, Any] = {
                "title": str(live.title)[:254],
                "notes": str(live.description)[:4000],
                "keywords": ", ".join(live.keywords),
                "update_frequency": live.update_frequency,
                "purpose": LIVE_PURPOSE.format(office=profile.office_name or publisher.title),
            }
            dataset = Dataset.objects.filter(live_slug=live.slug).first()
            if dataset is None:
                dataset = create_dataset(
                    publisher=publisher,
                    name=live.slug if not Dataset.objects.filter(name=live.slug).exists() else "",
                    maintainer=profile.office_name or publisher.title,
                    maintainer_email=profile.email or publisher.email or "opendata@example.org",
                    **passport,
                )
                Dataset.objects.filter(pk=dataset.pk).update(live_slug=live.slug)
                packages.invalidate([dataset.pk])
                dataset.live_slug = live.slug
            else:
                different = {k: v for k, v in passport.items() if getattr(dataset, k) != v}
                if different:
                    update_dataset(dataset=dataset, **different)
            for position, extension in enumerate(("csv", "json")):
                found = detection.FORMATS[extension]
                Resource.objects.update_or_create(
                    dataset=dataset,
                    live_format=extension,
                    defaults={
                        "name": f"{dataset.title} ({found.code})",
                        "external_url": "",
                        "format": found.code,
                        "mimetype": found.mimetype,
                        "position": position,
                    },
                )
            # Only a later change moves it: a record's own timestamp is a little earlier than
            # the moment its save signal touched the dataset, and "!=" would then touch the
            # dataset again at every sync (harvesters would see it changed every time).
            if changed_at is not None and (
                dataset.data_modified_at is None or changed_at > dataset.data_modified_at
            ):
                Resource.objects.filter(dataset=dataset, live_format__in=["csv", "json"]).update(
                    last_modified=changed_at
                )
                packages.invalidate([dataset.pk])
                touch(dataset, data_changed_at=changed_at)
            synced.append(dataset)
    return synced


# --- Reminders ---------------------------------------------------------------------------


def _reminder_text(dataset: Dataset, kind: str, due: dt.date) -> tuple[str, str]:
    due_text = due.strftime("%d.%m.%Y")
    if kind == ReminderKind.OVERDUE:
        subject = _("Dataset “%(title)s” is overdue") % {"title": dataset.title}
        body = _(
            "The dataset “%(title)s” had to be updated by %(due)s (update frequency: "
            "%(frequency)s) and is now marked “not updated on time” in the catalogue. "
            "Please upload the current data."
        )
    else:
        subject = _("Dataset “%(title)s” is due for update by %(due)s") % {
            "title": dataset.title,
            "due": due_text,
        }
        body = _(
            "The dataset “%(title)s” must be updated by %(due)s (update frequency: "
            "%(frequency)s). Please upload the current data before then."
        )
    return subject, body % {
        "title": dataset.title,
        "due": due_text,
        "frequency": dataset.update_frequency,
    }


def send_reminders(*, today: dt.date | None = None) -> list[Reminder]:
    """E-mail each responsible person once before the due date and once when overdue."""
    from django.conf import settings

    today = today or timezone.localdate()
    sent: list[Reminder] = []
    candidates = Dataset.objects.filter(archived=False, live_slug="").exclude(
        update_frequency__in=[UpdateFrequency.ON_CHANGE, UpdateFrequency.NOT_UPDATED]
    )
    for dataset in candidates.select_related("publisher").iterator(chunk_size=200):
        due = dataset.next_update_due
        if due is None:
            continue
        if today > due:
            kind = ReminderKind.OVERDUE
        elif today >= schedule.remind_from(dataset.update_frequency, due):
            kind = ReminderKind.UPCOMING
        else:
            continue
        if Reminder.objects.filter(dataset=dataset, kind=kind, due_date=due).exists():
            continue
        with translation.override("uk"):
            subject, body = _reminder_text(dataset, kind, due)
        send_mail(
            subject,
            body,
            getattr(settings, "DEFAULT_FROM_EMAIL", None),
            [dataset.maintainer_email],
        )
        reminder = Reminder.objects.create(
            dataset=dataset, kind=kind, due_date=due, recipient=dataset.maintainer_email
        )
        sent.append(reminder)
    return sent


# --- Harvested records (opendata/harvest.py reads the source and plans; these write) --------


def harvested_publisher(
    *, name: str, remote_id: uuid.UUID | None, title: str, description: str, edrpou: str
) -> Publisher:
    """The publisher a harvested dataset names: ours of that name, else a new one keeping
    the source's id (unless that id is taken here)."""
    existing = Publisher.objects.filter(name=name).first()
    if existing is not None:
        return existing
    publisher = Publisher(
        id=remote_id or uuid.uuid4(),
        name=name,
        title=title,
        description=description,
        edrpou=edrpou,
    )
    if Publisher.objects.filter(pk=publisher.id).exists():
        publisher.id = uuid.uuid4()
    publisher.save()
    audit.record(publisher, "wagtail.create", data={"source": "harvest_ckan"})
    return publisher


def harvested_group(*, name: str, title: str) -> TopicGroup:
    """The topic group of that name, made when missing."""
    group = TopicGroup.objects.filter(name=name).first()
    if group is None:
        group = TopicGroup.objects.create(name=name, title=title)
    return group


def save_harvested_dataset(
    *,
    remote_id: uuid.UUID,
    name: str,
    published_at: dt.datetime,
    fields: dict[str, Any],
    groups: list[TopicGroup],
    source: str,
) -> tuple[Dataset, str, bool]:
    """Create the dataset under the source's id, or update the fields that differ; then its
    groups. Returns the dataset, "created", "updated" or "skipped", and whether its row was
    saved (which moved `metadata_modified`). Runs inside the harvest's transaction."""
    from hromada.opendata.slugs import unique_name

    dataset = Dataset.objects.filter(pk=remote_id).first()
    outcome = "skipped"
    saved = False
    if dataset is None:
        taken = not name or Dataset.objects.filter(name=name).exists()
        dataset = Dataset(
            id=remote_id,
            name=unique_name(fields["title"], Dataset) if taken else name,
            published_at=published_at,
            **fields,
        )
        dataset.full_clean()
        dataset.save()
        audit.record(dataset, "wagtail.create", data={"source": source})
        outcome, saved = "created", True
    else:
        changed = {k: v for k, v in fields.items() if getattr(dataset, k) != v}
        if changed:
            before = audit.snapshot(dataset)
            for key, value in changed.items():
                setattr(dataset, key, value)
            dataset.full_clean()
            dataset.save()
            audit.record(dataset, "wagtail.edit", before=before, data={"source": source})
            outcome, saved = "updated", True
    if {g.pk for g in dataset.groups.all()} != {g.pk for g in groups}:
        dataset.groups.set(groups)
        outcome = "updated" if outcome == "skipped" else outcome
    return dataset, outcome, saved


def stamp_harvested_dataset(*, dataset: Dataset, latest: dt.datetime | None, touched: bool) -> None:
    """After its resources: the data's last change moves forward to `latest`, or, when only
    its groups or resources changed (`touched`), its metadata's."""
    if latest and (dataset.data_modified_at is None or latest > dataset.data_modified_at):
        dataset.data_modified_at = latest
        dataset.save(update_fields=["data_modified_at", "metadata_modified"])
    elif touched:
        dataset.save(update_fields=["metadata_modified"])


def save_harvested_link(
    *,
    resource_id: uuid.UUID,
    created: dt.datetime,
    modified: dt.datetime,
    stamped: dt.datetime | None,
    values: dict[str, Any],
) -> bool:
    """A harvested link to a file elsewhere, created or updated; whether it changed."""
    resource = Resource.objects.filter(pk=resource_id).first()
    if resource is None:
        Resource.objects.create(id=resource_id, created=created, last_modified=modified, **values)
        return True
    if stamped is not None:
        values = {**values, "last_modified": stamped}
    if any(getattr(resource, k) != v for k, v in values.items()):
        Resource.objects.filter(pk=resource_id).update(**values)
        packages.resources_changed([values["dataset"].pk])
        return True
    return False


def save_harvested_file_resource(
    *,
    resource: Resource | None,
    resource_id: uuid.UUID,
    created: dt.datetime,
    modified: dt.datetime,
    values: dict[str, Any],
) -> tuple[Resource, bool]:
    """The resource of a file the source hosts (its versions come by `upload_version`),
    created or updated; whether it changed."""
    if resource is None:
        resource = Resource.objects.create(
            id=resource_id, created=created, last_modified=modified, **values
        )
        return resource, True
    if any(getattr(resource, k) != v for k, v in values.items()):
        for key, value in values.items():
            setattr(resource, key, value)
        resource.save(update_fields=list(values))
        return resource, True
    return resource, False
