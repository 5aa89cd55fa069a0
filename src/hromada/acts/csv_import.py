"""`hromada import_acts FILE.csv`: acts and drafts from an old site.

Columns (docs/architecture.md): `kind,number,date,title,status,published_on,file`; optional
`consideration_date,issuing_body,department`. `file` is a path relative to the CSV, or an
http(s) URL fetched with a timeout and a size limit; its content must be a PDF, DOCX or ODT.

The whole file is checked first: every bad row is reported with its line number and the
column, and then nothing is written. A good file is written in one transaction, upserting on
kind + number + year (drafts and acts apart; rows without a number on kind + date + title),
so a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hromada.acts import search
from hromada.acts.models import (
    ACT_STATUSES,
    DRAFT_STATUSES,
    Act,
    ActFile,
    Kind,
    Status,
    validate_act_file,
)
from hromada.core import audit, outbound
from hromada.core.dates import validate_not_future
from hromada.core.imports import CsvFormatError, line_count, parse_date, read_rows

COLUMNS = ("kind", "number", "date", "title", "status", "published_on", "file")
REQUIRED = ("kind", "number", "date", "title", "status")
OPTIONAL = ("published_on", "file", "consideration_date", "issuing_body", "department")
URL_TIMEOUT_SECONDS = 20


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}"  # kept in English: scripts read it, as in every importer
        return (
            f"{where}, {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


@dataclass
class ActRow:
    line: int
    kind: str
    number: str
    date: dt.date
    title: str
    status: str
    published_on: dt.date | None
    consideration_date: dt.date | None
    issuing_body: str
    department: str
    file_name: str = ""
    file_bytes: bytes | None = None

    @property
    def is_draft(self) -> bool:
        return self.status in DRAFT_STATUSES

    def key(self) -> tuple[Any, ...]:
        if self.number:
            return (self.kind, self.is_draft, self.date.year, self.number)
        return (self.kind, self.is_draft, self.date, self.title)


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)


def _limit() -> int:
    return int(settings.UPLOAD_MAX_DOCUMENT_BYTES)


def _fetch(url: str) -> tuple[str, bytes]:
    """Download a file with a timeout and the document size limit; ValueError says why not.

    A CSV from an old site may name any address: the server connects only to public ones
    (every redirect hop checked, `core.outbound`) unless ACTS_IMPORT_ALLOW_PRIVATE is on."""
    limit = _limit()
    too_large = _("%(url)s is larger than %(limit)s MB") % {
        "url": url,
        "limit": limit // (1024 * 1024),
    }
    guard = outbound.guard_for("ACTS_IMPORT_ALLOW_PRIVATE")
    try:
        with outbound.stream(
            url,
            guard=guard,
            timeout=URL_TIMEOUT_SECONDS,  # connecting and each read, as before
            headers={"User-Agent": "Hromada import_acts"},
        ) as response:
            if response.status_code >= 400:
                raise ValueError(
                    _("%(url)s answered %(code)s") % {"url": url, "code": response.status_code}
                )
            data = b"".join(outbound.body(response, max_bytes=limit))
    except outbound.TooLarge as error:
        raise ValueError(too_large) from error
    except outbound.AddressRefused as error:
        raise ValueError(
            _("%(url)s was not requested: %(reason)s") % {"url": url, "reason": error}
        ) from error
    except (httpx.HTTPError, httpx.InvalidURL, OSError) as error:
        reason = str(error) or type(error).__name__
        raise ValueError(
            _("%(url)s is unreachable (%(reason)s)") % {"url": url, "reason": reason}
        ) from error
    name = PurePosixPath(urlsplit(url).path).name or "file"
    return name, data


def _local(base: Path, raw: str) -> tuple[str, bytes]:
    path = (base / raw).resolve()
    if not path.is_file():
        raise ValueError(_("no such file: %(path)s") % {"path": raw})
    size = path.stat().st_size
    limit = _limit()
    if size > limit:
        raise ValueError(
            _("%(path)s is %(size)s MB; the limit is %(limit)s MB")
            % {
                "path": raw,
                "size": f"{size / (1024 * 1024):.1f}",
                "limit": limit // (1024 * 1024),
            }
        )
    return path.name, path.read_bytes()


def _load_file(base: Path, raw: str) -> tuple[str, bytes]:
    from django.core.files.base import ContentFile

    if raw.lower().startswith(("http://", "https://")):
        name, data = _fetch(raw)
    elif "://" in raw:
        raise ValueError(_("only local paths and http(s) addresses are accepted"))
    else:
        name, data = _local(base, raw)
    try:
        validate_act_file(ContentFile(data, name=name))
    except ValidationError as error:
        raise ValueError(" ".join(error.messages)) from error
    return name, data


def _parse(values: dict[str, str], line: int, base: Path) -> tuple[ActRow | None, list[RowError]]:
    from hromada.acts.services import late_draft_message

    errors: list[RowError] = []

    def error(column: str, message: str) -> None:
        errors.append(RowError(line, column, message))

    kind = values.get("kind", "")
    if kind not in Kind.values:
        error(
            "kind",
            _("unknown kind “%(kind)s”; one of %(kinds)s")
            % {"kind": kind, "kinds": ", ".join(Kind.values)},
        )
    status = values.get("status", "")
    if status not in Status.values:
        error(
            "status",
            _("unknown status “%(status)s”; one of %(statuses)s")
            % {"status": status, "statuses": ", ".join(Status.values)},
        )
    title = " ".join(values.get("title", "").split())
    if not title:
        error("title", _("the title is empty"))
    elif len(title) > 1000:
        error("title", _("the title is longer than 1000 characters"))
    number = values.get("number", "").strip()
    if len(number) > 50:
        error("number", _("the number is longer than 50 characters"))
    if status in ACT_STATUSES and not number:
        error("number", _("an adopted act needs its number"))
    dates: dict[str, dt.date | None] = {}
    for column in ("date", "published_on", "consideration_date"):
        raw = values.get(column, "")
        dates[column] = None
        if raw:
            try:
                dates[column] = parse_date(raw)
            except ValueError as problem:
                error(column, str(problem))
        elif column == "date":
            error("date", _("the date is empty"))
    date, published_on = dates["date"], dates["published_on"]
    if published_on:
        try:
            validate_not_future(published_on, what=_("the publication date"))
        except ValidationError as problem:
            error("published_on", " ".join(problem.messages))
    if date and published_on and status in ACT_STATUSES and published_on < date:
        error(
            "published_on",
            _("published (%(published)s) before it was adopted (%(date)s)")
            % {"published": f"{published_on:%d.%m.%Y}", "date": f"{date:%d.%m.%Y}"},
        )
    if dates["consideration_date"] and status in ACT_STATUSES:
        error("consideration_date", _("only drafts have a planned consideration date"))
    file_name, file_bytes = "", None
    raw_file = values.get("file", "")
    if raw_file:
        try:
            file_name, file_bytes = _load_file(base, raw_file)
        except ValueError as problem:
            error("file", str(problem))
    if errors or date is None:
        return None, errors
    row = ActRow(
        line=line,
        kind=kind,
        number=number,
        date=date,
        title=title,
        status=status,
        published_on=published_on,
        consideration_date=dates["consideration_date"],
        issuing_body=values.get("issuing_body", "")[:255],
        department=values.get("department", "")[:255],
        file_name=file_name,
        file_bytes=file_bytes,
    )
    late = late_draft_message(
        Act(
            status=row.status,
            published_on=row.published_on,
            consideration_date=row.consideration_date,
        )
    )
    if late:
        return None, [RowError(line, "published_on", late)]
    return row, []


def read_csv(
    path: Path, *, progress: Callable[[int, int], None] | None = None
) -> tuple[list[ActRow], list[RowError]]:
    """Parse and check every row (files included). Touches no database.

    `progress(line, lines)` is called after each row (a `core.progress.ProgressBar`)."""
    rows: list[ActRow] = []
    errors: list[RowError] = []
    seen: dict[tuple[Any, ...], int] = {}
    total = line_count(path) if progress is not None else 0
    try:
        for csv_row in read_rows(path, required=REQUIRED, optional=OPTIONAL):
            row, problems = _parse(csv_row.values, csv_row.line, path.parent)
            errors.extend(problems)
            if progress is not None:
                progress(csv_row.line, total)
            if row is None:
                continue
            first = seen.get(row.key())
            if first is not None:
                errors.append(
                    RowError(
                        row.line,
                        "number",
                        _("the same %(what)s as on line %(first)s")
                        % {
                            "what": _("draft") if row.is_draft else _("act"),
                            "first": first,
                        },
                    )
                )
                continue
            seen[row.key()] = row.line
            rows.append(row)
    except CsvFormatError as problem:
        message = str(problem)
        line = 1
        head, _sep, rest = message.partition(":")
        if rest and head.split()[-1].isdigit():
            line, message = int(head.split()[-1]), rest.strip()
        errors.append(RowError(line, "", message))
    if progress is not None:
        progress(total, total)  # trailing blank lines hold no rows
    return rows, errors


class _DryRun(Exception):
    pass


def _known_keys() -> set[tuple[Any, ...]]:
    """The natural keys of every act already stored (one query, not one per row)."""
    keys: set[tuple[Any, ...]] = set()
    for kind, status, year, number, date, title in Act.objects.values_list(
        "kind", "status", "year", "number", "date", "title"
    ).iterator(chunk_size=5000):
        draft = status in DRAFT_STATUSES
        if number:
            keys.add((kind, draft, year, number))
        else:
            keys.add((kind, draft, date, title))
    return keys


def _existing(row: ActRow, known: set[tuple[Any, ...]]) -> Act | None:
    if row.key() not in known:
        return None
    statuses = DRAFT_STATUSES if row.is_draft else ACT_STATUSES
    queryset = Act.objects.filter(kind=row.kind, status__in=statuses)
    if row.number:
        return queryset.filter(year=row.date.year, number=row.number).first()
    return queryset.filter(date=row.date, number="", title=row.title).first()


FIELDS = (
    "date",
    "title",
    "status",
    "published_on",
    "consideration_date",
    "issuing_body",
    "department",
)


def import_rows(
    rows: list[ActRow],
    *,
    errors: list[RowError],
    dry_run: bool = False,
    user: Any = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    """Write checked rows in one transaction; with any error (or a dry run) write nothing.

    `progress(done, total)` is called after each row is applied."""
    summary = ImportSummary(errors=list(errors))
    stored: list[str] = []
    try:
        with transaction.atomic():
            new: list[Act] = []
            known = _known_keys()
            for done, row in enumerate(rows, 1):
                _apply(row, summary, new, stored, user, known)
                if progress is not None:
                    progress(done, len(rows))
            if summary.errors or dry_run:
                raise _DryRun
            created = Act.objects.bulk_create(new, batch_size=500)
            audit.record_many(created, "wagtail.create", user=user, data={"source": "csv"})
            _cards(created)
            if created:
                from hromada.acts.signals import acts_changed

                acts_changed()  # rows written in bulk send no post_save
    except _DryRun:
        _remove(stored)
    except Exception:
        _remove(stored)
        raise
    if summary.errors:
        summary.created = summary.updated = 0
    return summary


def _cards(acts: list[Act]) -> None:
    """Register cards (public-information documents) of acts created in bulk."""
    from hromada.acts.models import PublicDocument
    from hromada.acts.services import public_document_values

    cards = [PublicDocument(act=act, **public_document_values(act, fresh=True)) for act in acts]
    for card in cards:
        card.search_document = search.document([card.title, card.number, card.keywords])
    PublicDocument.objects.bulk_create(cards, batch_size=500)


def _remove(stored: list[str]) -> None:
    """Files this import wrote to storage inside a transaction that rolled back (files it
    found already there, by content, are not its own and stay)."""
    storage = ActFile._meta.get_field("file").storage
    for name in stored:
        storage.delete(name)


def content_path(digest: str, file_name: str) -> str:
    """Where an imported file is kept: named by its SHA-256, so a rerun after an interrupted
    import (even `kill -9`, which leaves the files of the rolled-back transaction behind) finds
    its file there and reuses it instead of storing a suffixed copy."""
    storage = ActFile._meta.get_field("file").storage
    name = storage.get_valid_name(PurePosixPath(file_name.replace("\\", "/")).name) or "file"
    return f"acts/sha256/{digest[:2]}/{digest}/{name}"


def _store(digest: str, file_name: str, data: bytes, stored: list[str]) -> str:
    """The storage name of ``data``: the file already kept under its hash, or written now."""
    from django.core.files.base import ContentFile

    storage = ActFile._meta.get_field("file").storage
    path = content_path(digest, file_name)
    if storage.exists(path):
        with storage.open(path, "rb") as handle:
            if hashlib.sha256(handle.read()).hexdigest() == digest:
                return path
        storage.delete(path)  # cut short by a killed import: written again below
    name = storage.save(path, ContentFile(data))
    stored.append(name)
    return name


def _values(row: ActRow) -> dict[str, Any]:
    return {
        "date": row.date,
        "title": row.title,
        "status": row.status,
        "published_on": row.published_on,
        "consideration_date": row.consideration_date,
        "issuing_body": row.issuing_body,
        "department": row.department,
    }


def _apply(
    row: ActRow,
    summary: ImportSummary,
    new: list[Act],
    stored: list[str],
    user: Any,
    known: set[tuple[Any, ...]],
) -> None:
    existing = _existing(row, known)
    digest = hashlib.sha256(row.file_bytes).hexdigest() if row.file_bytes else ""
    if existing is None:
        act = Act(kind=row.kind, number=row.number, **_values(row))
        act.year = row.date.year
        act.search_document = search.document([act.title, act.number])
        if row.file_bytes is None:
            new.append(act)  # written together, one INSERT per 500
        else:
            act.save()
            _attach(act, row, stored)
            _sync(act)
            audit.record(act, "wagtail.create", user=user, data={"source": "csv"})
        summary.created += 1
        return
    values = _values(row)
    if not row.issuing_body:
        values.pop("issuing_body")
    if not row.department:
        values.pop("department")
    changes = {k: v for k, v in values.items() if getattr(existing, k) != v}
    has_file = not digest or existing.files.filter(sha256=digest).exists()
    if not changes and has_file:
        summary.skipped += 1
        return
    before = audit.snapshot(existing)
    for name, value in changes.items():
        setattr(existing, name, value)
    try:
        existing.full_clean()
    except ValidationError as error:
        for column, messages in error.message_dict.items():
            for message in messages:
                summary.errors.append(
                    RowError(row.line, "" if column == "__all__" else column, message)
                )
        return
    existing.save()
    if not has_file:
        _attach(existing, row, stored)
    else:
        from hromada.acts.services import refresh_search

        refresh_search(existing)
    _sync(existing)
    audit.record(existing, "wagtail.edit", user=user, before=before, data={"source": "csv"})
    summary.updated += 1


def _sync(act: Act) -> None:
    from hromada.acts.services import sync_public_document

    sync_public_document(act)


def _attach(act: Act, row: ActRow, stored: list[str]) -> None:
    from hromada.acts.services import refresh_search

    assert row.file_bytes is not None
    act_file = ActFile(act=act, sort_order=act.files.count())
    digest = hashlib.sha256(row.file_bytes).hexdigest()
    act_file.file.name = _store(digest, row.file_name, row.file_bytes, stored)
    act_file.extract()  # at once: the import's acts are searchable when it ends
    act_file.save()
    refresh_search(act)
