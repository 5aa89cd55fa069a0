"""Every write to the journal. Keyword-only, typed, atomic, audited. Status changes,
assignment and reminders run on the case engine (`core.cases`, with `workflow.WORKFLOW`);
deadlines come from `workflow` (that is, the legal calendar); e-mail is sent after the commit."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core import audit, cases, dates
from hromada.core.text import strip_bidi
from hromada.core.uploads import UploadKind, validate_upload
from hromada.correspondence import assignment, notifications, numbering, workflow
from hromada.correspondence.models import Attachment, Document, Requester, Source
from hromada.correspondence.workflow import (
    PERSONAL_KINDS,
    REFUSAL_GROUNDS_BY_KIND,
    WORKFLOW,
    Direction,
    ForwardGround,
    Kind,
    RefusalGround,
    Status,
    Urgency,
)

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud safely
ANONYMIZED = "анонімізовано"


@dataclass(frozen=True)
class RequesterData:
    name: str
    postal_address: str = ""
    email: str = ""
    phone: str = ""
    consent_at: dt.datetime | None = None


def _today() -> dt.date:
    return timezone.localdate()


def _not_future(value: dt.date, field: str, what: Any) -> None:
    """A document is registered, answered or closed on a day that has come (Kyiv)."""
    try:
        dates.validate_not_future(value, what=what, today=_today())
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error


def new_tracking_code() -> str:
    while True:
        raw = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(8))
        code = f"{raw[:4]}-{raw[4:]}"
        if not Document.objects.filter(tracking_code=code).exists():
            return code


def _requester_email(document: Document) -> str:
    requester = Requester.objects.filter(document=document).first()
    return requester.email if requester else ""


def _letter(document: Document, template: str, **context: object) -> None:
    email = _requester_email(document)
    if not email:
        return
    subject, body = notifications.render_letter(template, document, **context)
    cases.notify(subject=subject, body=body, to=[email])


def _tracking_url() -> str:
    from hromada.correspondence.selectors import tracking_page

    page = tracking_page()
    return (page.full_url or "") if page is not None else ""


def check_attachments(files: Sequence[IO[bytes]]) -> None:
    """ValidationError listing every bad file (by content, not by name)."""
    messages: list[str] = []
    for file in files:
        try:
            validate_upload(file, kind=UploadKind.DOCUMENT)
        except ValidationError as error:
            messages.extend(error.messages)
    if messages:
        raise ValidationError({"attachments": messages})


@transaction.atomic
def register_incoming(
    *,
    kind: str,
    subject: str,
    registered_on: dt.date | None = None,
    correspondent: str = "",
    text: str = "",
    urgency: str = Urgency.NORMAL,
    due_date: dt.date | None = None,
    assignee: Any = None,
    requester: RequesterData | None = None,
    attachments: Sequence[UploadedFile] = (),
    long_term_control: bool = False,
    notes: str = "",
    source: str = Source.MANUAL,
    tracking: bool = False,
    department: str = "",
    user: Any = None,
) -> Document:
    """Register an incoming document: number, statutory due date, requester, attachments."""
    if assignee is not None:
        assignment.check(user, None, assignee)
    registered_on = registered_on or _today()
    _not_future(registered_on, "registered_on", _("the registration date"))
    kind = Kind(kind)
    if kind == Kind.INTERNAL:
        raise ValidationError({"kind": _("Internal documents are registered as outgoing.")})
    try:
        statutory = workflow.initial_due(kind, registered_on, urgency)
    except workflow.DeadlineError as error:
        raise ValidationError({"urgency": str(error)}) from error
    if kind in PERSONAL_KINDS and (requester is None or not requester.name.strip()):
        # Law 393/96 Art. 8: an anonymous appeal is not considered; Law 2939-VI Art. 19 part 5
        # requires the requester's name.
        raise ValidationError({"requester": _("The requester's name is required.")})
    check_attachments(attachments)
    sequence, number = numbering.next_number(
        direction=Direction.INCOMING, registered_on=registered_on
    )
    document = Document(
        direction=Direction.INCOMING,
        kind=kind,
        reg_number=number,
        sequence=sequence,
        registered_on=registered_on,
        correspondent=correspondent.strip(),
        subject=subject.strip(),
        text=text,
        urgency=urgency,
        due_date=statutory or due_date,
        initial_due_date=statutory or due_date,
        assignee=assignee,
        status=Status.IN_PROGRESS if assignee else Status.REGISTERED,
        long_term_control=long_term_control,
        notes=notes,
        source=source,
        tracking_code=new_tracking_code() if tracking else None,
        department=" ".join(department.split()),
    )
    document.full_clean(validate_unique=False, validate_constraints=False)
    document.save()
    if requester is not None:
        person = Requester(
            document=document,
            name=strip_bidi(requester.name).strip(),
            postal_address=requester.postal_address.strip(),
            email=requester.email.strip(),
            phone=requester.phone.strip(),
            consent_at=requester.consent_at,
        )
        person.full_clean()
        person.save()
    for upload in attachments:
        name = getattr(upload, "name", "") or "file"
        Attachment.objects.create(document=document, file=upload, name=strip_bidi(name)[:255])
    audit.record(document, "wagtail.create", user=user, data={"source": source})
    if tracking:
        _letter(document, "confirmation", tracking_url=_tracking_url())
    if assignee is not None:
        _notify_assignee(document)
    return document


@transaction.atomic
def register_outgoing(
    *,
    kind: str,
    subject: str,
    registered_on: dt.date | None = None,
    correspondent: str = "",
    text: str = "",
    notes: str = "",
    source: str = Source.MANUAL,
    user: Any = None,
) -> Document:
    """Register an outgoing document (a letter, an answer, an internal document)."""
    registered_on = registered_on or _today()
    _not_future(registered_on, "registered_on", _("the registration date"))
    kind = Kind(kind)
    sequence, number = numbering.next_number(
        direction=Direction.OUTGOING, registered_on=registered_on
    )
    document = Document(
        direction=Direction.OUTGOING,
        kind=kind,
        reg_number=number,
        sequence=sequence,
        registered_on=registered_on,
        correspondent=correspondent.strip(),
        subject=subject.strip(),
        text=text,
        status=Status.CLOSED,
        closed_on=registered_on,
        notes=notes,
        source=source,
    )
    document.full_clean(validate_unique=False, validate_constraints=False)
    document.save()
    audit.record(document, "wagtail.create", user=user, data={"source": source})
    return document


def _notify_assignee(document: Document) -> None:
    assignee = document.assignee
    if assignee is None or not assignee.email:
        return
    subject, body = notifications.render_letter("assigned", document)
    cases.notify(subject=subject, body=body, to=[assignee.email])


def _incoming(document: Document) -> None:
    if document.direction != Direction.INCOMING:
        raise workflow.TransitionError(_("Only incoming documents are handled as cases."))


@transaction.atomic
def assign(*, document: Document, assignee: Any, user: Any = None) -> Document:
    """Give an open case to a member of staff; a registered case goes in progress.

    ``user`` must be allowed to by the office's rules (`assignment`): PermissionDenied."""
    _incoming(document)
    assignment.check(user, document, assignee)
    cases.assign(document, WORKFLOW, assignee=assignee, user=user)
    _notify_assignee(document)
    return document


@transaction.atomic
def extend(
    *,
    document: Document,
    reason: str,
    new_due: dt.date | None = None,
    extended_on: dt.date | None = None,
    user: Any = None,
) -> Document:
    """Extend the term as far as the law allows, and send the requester the written notice.

    Public-information requests go to 20 working days from receipt and the notice is due
    within 5 working days (Law 2939-VI Art. 20 part 4), so a request can no longer be extended
    after that day; appeals to the date asked for, at most 45 days from receipt (Law
    393/96-ВР Art. 20), before the current term runs out.
    """
    _incoming(document)
    WORKFLOW.check(document.status, Status.EXTENDED)
    extended_on = extended_on or _today()
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    try:
        term = workflow.extension(document.kind, document.registered_on, new_due)
    except workflow.DeadlineError as error:
        raise ValidationError({"new_due": str(error)}) from error
    if term.notice_due is not None and extended_on > term.notice_due:
        raise ValidationError(
            {
                "new_due": _(
                    "The notice of an extension was due by %(date)s: the term can no longer "
                    "be extended."
                )
                % {"date": term.notice_due.strftime("%d.%m.%Y")}
            }
        )
    if document.due_date and extended_on > document.due_date:
        raise ValidationError(
            {"new_due": _("The term has already run out: it can no longer be extended.")}
        )
    if document.due_date and term.due <= document.due_date:
        raise ValidationError({"new_due": _("The new term must end after the current due date.")})
    cases.transition(
        document,
        WORKFLOW,
        Status.EXTENDED,
        user=user,
        reason=reason,
        due=term.due,
        changes={"extension_notice_due": term.notice_due, "extension_reason": reason.strip()},
        action="correspondence.extend",
        data={"rule": term.rule_key},
    )
    _letter(document, "extended", reason=document.extension_reason)
    return document


@transaction.atomic
def answer(
    *,
    document: Document,
    answered_on: dt.date | None = None,
    outgoing: Document | None = None,
    letter: str = "",
    user: Any = None,
) -> Document:
    """Record the answer: the outgoing document that carries it (registered now if not given)
    and its date; the requester gets the answer by e-mail when they gave an address."""
    _incoming(document)
    answered_on = answered_on or _today()
    _not_future(answered_on, "answered_on", _("the answer date"))
    if answered_on < document.registered_on:
        raise ValidationError({"answered_on": _("The answer cannot precede the registration.")})
    if outgoing is not None and outgoing.direction != Direction.OUTGOING:
        raise ValidationError({"outgoing": _("The answer must be an outgoing document.")})
    WORKFLOW.check(document.status, Status.ANSWERED)  # before the letter gets a number
    if outgoing is None:
        outgoing = register_outgoing(
            kind=Kind.LETTER,
            registered_on=answered_on,
            correspondent=document.correspondent
            or (_("Requester of %(number)s") % {"number": document.reg_number}),
            subject=_("Answer to No. %(number)s of %(date)s")
            % {"number": document.reg_number, "date": document.registered_on.strftime("%d.%m.%Y")},
            text=letter,
            user=user,
        )
    cases.transition(
        document,
        WORKFLOW,
        Status.ANSWERED,
        user=user,
        changes={
            "answer": outgoing,
            "answered_on": answered_on,
            "decided_on": answered_on,
            "decision_text": letter,
        },
        action="correspondence.answer",
    )
    _letter(document, "answered", letter=letter, outgoing=outgoing)
    return document


@transaction.atomic
def forward(
    *,
    document: Document,
    to: str,
    ground: str,
    letter: str = "",
    forwarded_on: dt.date | None = None,
    user: Any = None,
) -> Document:
    """Forward the case to the body that holds the information or decides the issue, and tell
    the requester (Law 2939-VI Art. 22 part 3; Law 393/96-ВР Art. 7 part 3)."""
    _incoming(document)
    if not to.strip():
        raise ValidationError({"to": _("Name the body the case is forwarded to.")})
    ground = ForwardGround(ground)
    cases.transition(
        document,
        WORKFLOW,
        Status.FORWARDED,
        user=user,
        changes={
            "forwarded_to": to.strip(),
            "forward_ground": ground,
            "decided_on": forwarded_on or _today(),
            "decision_text": letter,
        },
        action="correspondence.forward",
    )
    _letter(document, "forwarded", letter=letter, ground=ground.label)
    return document


@transaction.atomic
def refuse(
    *,
    document: Document,
    ground: str,
    letter: str = "",
    refused_on: dt.date | None = None,
    user: Any = None,
) -> Document:
    """Refuse on one of the grounds the law lists (Law 2939-VI Art. 22 part 1; for appeals
    Law 393/96-ВР Art. 8) and send the requester the letter."""
    _incoming(document)
    try:
        ground = RefusalGround(ground)
    except ValueError as error:
        raise ValidationError({"ground": _("Choose a ground the law provides.")}) from error
    allowed = REFUSAL_GROUNDS_BY_KIND.get(document.kind)
    if allowed is not None and ground not in allowed:
        raise ValidationError(
            {
                "ground": _("This ground does not apply to %(kind)s.")
                % {"kind": Kind(document.kind).label}
            }
        )
    cases.transition(
        document,
        WORKFLOW,
        Status.REFUSED,
        user=user,
        changes={
            "refusal_ground": ground,
            "decided_on": refused_on or _today(),
            "decision_text": letter,
        },
        action="correspondence.refuse",
    )
    _letter(document, "refused", letter=letter, ground=ground.label)
    return document


@transaction.atomic
def close(*, document: Document, closed_on: dt.date | None = None, user: Any = None) -> Document:
    """Close a decided case (or drop a registered one that needs no action)."""
    _incoming(document)
    closed_on = closed_on or _today()
    _not_future(closed_on, "closed_on", _("the closing date"))
    cases.transition(
        document,
        WORKFLOW,
        Status.CLOSED,
        user=user,
        changes={"closed_on": closed_on},
        action="correspondence.close",
    )
    return document


@transaction.atomic
def set_long_term_control(*, document: Document, on: bool, user: Any = None) -> Document:
    before = audit.snapshot(document)
    document.long_term_control = on
    document.full_clean(validate_unique=False, validate_constraints=False)
    document.save()
    audit.record(document, "wagtail.edit", user=user, before=before)
    return document


# --- Scheduled jobs -------------------------------------------------------------------------


def _head_of_office_emails() -> list[str]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    permission = Permission.objects.filter(
        content_type__app_label="correspondence", codename="head_of_office"
    ).first()
    if permission is None:
        return []
    users = (
        get_user_model()
        .objects.filter(
            Q(user_permissions=permission) | Q(groups__permissions=permission), is_active=True
        )
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def send_reminders(*, today: dt.date | None = None) -> int:
    """E-mail the assignee and the head of office about open cases due in the configured number
    of days or overdue (the case engine's `overdue_or_due_soon`); at most one reminder per case
    a day. Returns the number sent."""
    today = today or _today()
    days = numbering.journal_settings().remind_days_before
    heads = _head_of_office_emails()
    sent = 0
    candidates = (
        cases.overdue_or_due_soon(Document.objects.incoming(), WORKFLOW, today=today, days=days)
        .exclude(last_reminder_on=today)
        .select_related("assignee")
    )
    for document in candidates.iterator(chunk_size=500):
        left = (document.due_date - today).days if document.due_date else 0
        if 0 <= left < days:
            continue  # reminded when `days` were left; again once overdue
        recipients = [*heads]
        if document.assignee and document.assignee.email:
            recipients.append(document.assignee.email)
        if not recipients:
            continue
        with transaction.atomic():
            template = "overdue" if left < 0 else "reminder"
            subject, body = notifications.render_letter(template, document, days_left=abs(left))
            cases.notify(subject=subject, body=body, to=sorted(set(recipients)))
            Document.objects.filter(pk=document.pk).update(last_reminder_on=today)
        sent += 1
    return sent


def anonymize_closed(*, today: dt.date | None = None, years: int | None = None) -> int:
    """Erase requesters' personal data of cases closed more than ``years`` ago
    (settings.CORRESPONDENCE_ANONYMIZE_AFTER_YEARS, 5 by default). Returns the cases done."""
    from hromada.correspondence.models import Requester

    today = today or _today()
    years = years if years is not None else anonymize_after_years()
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    documents = Document.objects.filter(
        status=Status.CLOSED, closed_on__lt=cutoff, anonymized_on__isnull=True
    ).filter(kind__in=PERSONAL_KINDS)
    done = 0
    for document in documents.iterator(chunk_size=200):
        with transaction.atomic():
            Requester.objects.filter(document=document).update(
                name=ANONYMIZED, postal_address="", email="", phone=""
            )
            for attachment in document.attachments.all():
                attachment.file.delete(save=False)
                attachment.name = ANONYMIZED
                attachment.file = ""
                attachment.save()
            document.correspondent = ""
            document.anonymized_on = today
            document.save()
            # No before/after values: the log must not keep what was erased.
            audit.record(
                document,
                "correspondence.anonymize",
                user=None,
                data={"erased": ["requester", "correspondent", "attachments"]},
            )
        done += 1
    return done


def anonymize_after_years() -> int:
    return int(getattr(settings, "CORRESPONDENCE_ANONYMIZE_AFTER_YEARS", 5))
