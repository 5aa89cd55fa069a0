"""Writes to the acts register. Keyword-only, typed, atomic and audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from hromada.acts import search
from hromada.acts.models import (
    Act,
    ActFile,
    Carrier,
    PublicDocument,
    Status,
    Topic,
    validate_act_file,
)
from hromada.acts.tasks import extract_act_file_text
from hromada.core import audit
from hromada.core.types import Actor

M2M_FIELDS = ("topics", "amends", "repeals")


@dataclass(frozen=True)
class FileInput:
    """A file to attach: its name (the extension must match the content) and bytes."""

    name: str
    content: bytes
    title: str = ""


def late_draft_message(act: Act) -> str:
    """The warning for a draft that breaks the 10-working-day rule, or ""."""
    from hromada.acts.selectors import DeadlineState, check_draft_dates
    from hromada.core.legal_calendar import RULES

    if not act.is_draft or act.consideration_date is None or act.published_on is None:
        return ""
    deadline = check_draft_dates(
        consideration=act.consideration_date, published_on=act.published_on, today=act.published_on
    )
    if deadline.state is not DeadlineState.LATE:
        return ""
    assert deadline.latest_publication is not None
    return _(
        "Published %(days)s working days before its consideration on %(consideration)s; "
        "the law requires at least %(required)s (publish by %(latest)s; %(law)s)."
    ) % {
        "days": deadline.working_days_before,
        "consideration": f"{act.consideration_date:%d.%m.%Y}",
        "required": RULES["draft_publication"].amount,
        "latest": f"{deadline.latest_publication:%d.%m.%Y}",
        "law": RULES["draft_publication"].law,
    }


def _topics(names: Iterable[str | Topic]) -> list[Topic]:
    result = []
    for name in names:
        if isinstance(name, Topic):
            result.append(name)
            continue
        cleaned = " ".join(str(name).split())
        if cleaned:
            result.append(Topic.objects.get_or_create(name=cleaned)[0])
    return result


def refresh_search(act: Act) -> None:
    """Rebuild the act's search document from its title, number, summary and file texts."""
    texts = [act.title, act.number, act.summary]
    texts.extend(act.files.values_list("text", flat=True))
    act.search_document = search.document(texts)
    Act.objects.filter(pk=act.pk).update(search_document=act.search_document)


def queue_pending_extractions(*, act: Act) -> list[int]:
    """After the commit, enqueue the text extraction of the act's files that wait for it
    (new files saved through the admin's form); returns their ids."""
    pending = list(act.files.filter(text_pending=True).values_list("pk", flat=True))
    for file_id in pending:
        transaction.on_commit(partial(extract_act_file_text.enqueue, file_id))
    return pending


def extract_pending_file(*, file_id: int) -> bool:
    """Extract the text of a file whose text is pending and rebuild its act's search document.
    False when there is nothing to do (the file is gone, or was extracted already)."""
    with transaction.atomic():
        act_file = ActFile.objects.select_for_update().filter(pk=file_id).first()
        if act_file is None or not act_file.text_pending:
            return False
        act_file.extract()
        ActFile.objects.filter(pk=file_id).update(
            text=act_file.text,
            has_text_layer=act_file.has_text_layer,
            text_pending=False,
            extracted_name=act_file.extracted_name,
            extension=act_file.extension,
            size=act_file.size,
            sha256=act_file.sha256,
        )
        refresh_search(act_file.act)
    from hromada.core.signals import content_changed

    content_changed("acts")
    return True


def public_document_values(act: Act, *, fresh: bool = False) -> dict[str, Any]:
    """The register card of an act (Cabinet resolution 1277's fields)."""
    from hromada.acts.selectors import kind_label

    topics = [topic.name for topic in act.topics.all()] if act.pk and not fresh else []
    kind = kind_label(act.kind)
    return {
        "title": act.title[:1000],
        "number": act.number,
        "created_on": act.date,
        "source": (act.issuing_body or kind)[:500],
        "field": topics[0] if topics else "",
        "keywords": ", ".join(topics)[:500],
        "document_type": (_("Draft: %(kind)s") % {"kind": kind} if act.is_draft else kind)[:255],
        "carrier": Carrier.ELECTRONIC,
        "storage": (act.department or act.issuing_body)[:500],
        "archived": act.archived,
    }


def sync_public_document(act: Act) -> PublicDocument:
    """Create or update the act's card in the register of public-information documents."""
    values = public_document_values(act)
    document = PublicDocument.objects.filter(act=act).first()
    if document is None:
        document = PublicDocument(act=act, **values)
    else:
        for name, value in values.items():
            setattr(document, name, value)
    document.save()
    return document


def _check(act: Act, *, allow_late: bool) -> None:
    act.full_clean()
    if not allow_late:
        message = late_draft_message(act)
        if message:
            raise ValidationError({"consideration_date": message})


def _attach(act: Act, files: Sequence[FileInput]) -> list[ActFile]:
    attached = []
    for number, item in enumerate(files):
        content = ContentFile(item.content, name=PurePath(item.name).name)
        validate_act_file(content)
        act_file = ActFile(act=act, title=item.title, sort_order=number)
        act_file.file.save(PurePath(item.name).name, content, save=False)
        act_file.extract()  # at once: imports and scripts search what they have just added
        act_file.save()
        attached.append(act_file)
    return attached


@transaction.atomic
def create_act(
    *,
    kind: str,
    date: dt.date,
    title: str,
    number: str = "",
    status: str = Status.ADOPTED,
    user: Actor | None = None,
    files: Sequence[FileInput] = (),
    topics: Iterable[str | Topic] = (),
    amends: Iterable[Act] = (),
    repeals: Iterable[Act] = (),
    allow_late: bool = True,
    **fields: Any,
) -> Act:
    """Create an act or draft (with its files, text extracted). With `allow_late=False` a
    draft that breaks the 10-working-day rule is refused."""
    act = Act(
        kind=kind,
        date=date,
        title=" ".join(title.split()),
        number=number.strip(),
        status=status,
        **fields,
    )
    _check(act, allow_late=allow_late)
    act.save()
    act.topics.set(_topics(topics))
    act.amends.set(list(amends))
    act.repeals.set(list(repeals))
    act.save()
    _attach(act, files)
    refresh_search(act)
    sync_public_document(act)
    audit.record(act, "wagtail.create", user=user)
    return act


@transaction.atomic
def update_act(
    *, act: Act, user: Actor | None = None, allow_late: bool = True, **fields: Any
) -> Act:
    """Change fields (`topics`, `amends`, `repeals` take lists)."""
    before = audit.snapshot(act)
    relations = {name: fields.pop(name) for name in M2M_FIELDS if name in fields}
    for name, value in fields.items():
        setattr(act, name, value)
    _check(act, allow_late=allow_late)
    if "topics" in relations:
        act.topics.set(_topics(relations.pop("topics")))
    for name, value in relations.items():
        getattr(act, name).set(list(value))
    act.save()
    refresh_search(act)
    sync_public_document(act)
    audit.record(act, "wagtail.edit", user=user, before=before)
    return act


@transaction.atomic
def add_file(*, act: Act, file: FileInput, user: Actor | None = None) -> ActFile:
    """Attach a PDF, DOCX or ODT (checked by content); its text becomes searchable."""
    position = act.files.count()
    (attached,) = _attach(act, [file])
    if position:
        ActFile.objects.filter(pk=attached.pk).update(sort_order=position)
    refresh_search(act)
    audit.record(act, "wagtail.edit", user=user, data={"file_added": attached.file.name})
    return attached


@transaction.atomic
def adopt_draft(
    *,
    draft: Act,
    number: str,
    date: dt.date,
    published_on: dt.date | None = None,
    title: str = "",
    files: Sequence[FileInput] = (),
    user: Actor | None = None,
) -> Act:
    """Record the act adopted from a draft: same kind, title and topics, linked to the draft."""
    if not draft.is_draft:
        raise ValidationError({"draft": _("Only a draft can be adopted.")})
    return create_act(
        kind=draft.kind,
        number=number,
        date=date,
        title=title or draft.title,
        status=Status.ADOPTED,
        published_on=published_on,
        issuing_body=draft.issuing_body,
        department=draft.department,
        topics=list(draft.topics.all()),
        draft=draft,
        files=files,
        user=user,
    )


@transaction.atomic
def reject_draft(*, draft: Act, user: Actor | None = None) -> Act:
    if draft.status != Status.DRAFT:
        raise ValidationError({"status": _("Only a draft under consideration can be rejected.")})
    return update_act(act=draft, status=Status.REJECTED, user=user)


@transaction.atomic
def repeal_act(*, act: Act, by: Act | None = None, user: Actor | None = None) -> Act:
    """Mark an act repealed, by another act when given (which then lists it as repealed)."""
    if act.status not in (Status.ADOPTED, Status.REPEALED):
        raise ValidationError({"status": _("Only an adopted act can be repealed.")})
    if by is not None:
        update_act(act=by, repeals=[*by.repeals.all(), act], user=user)
    return update_act(act=act, status=Status.REPEALED, user=user)


@transaction.atomic
def archive_act(*, act: Act, user: Actor | None = None) -> Act:
    return update_act(act=act, archived=True, user=user)
