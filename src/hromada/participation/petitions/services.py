"""Every write of e-petitions: filing, moderation, signing, the threshold, answers, archiving,
reminders."""

from __future__ import annotations

import datetime as dt
import difflib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core import audit, cases
from hromada.core.types import Actor
from hromada.correspondence import services as journal
from hromada.correspondence.models import Source
from hromada.participation.petitions.models import (
    PETITION_WORKFLOW,
    Petition,
    PetitionStatus,
    Signature,
)
from hromada.participation.residents.models import Resident
from hromada.participation.residents.services import letter
from hromada.participation.shared import services as shared
from hromada.participation.shared.selectors import participation_settings
from hromada.participation.verification import require


def similar_petitions(title: str, *, exclude: int | None = None) -> list[Petition]:
    """Petitions with a similar title (normalised words, sequence ratio)."""
    wanted = " ".join(title.lower().split())
    found = []
    queryset = Petition.objects.exclude(status=PetitionStatus.REJECTED).only("pk", "title")
    if exclude:
        queryset = queryset.exclude(pk=exclude)
    for petition in queryset:
        ratio = difflib.SequenceMatcher(None, wanted, " ".join(petition.title.lower().split()))
        if ratio.ratio() >= shared.SIMILARITY:
            found.append(petition)
    return found


@transaction.atomic
def file_petition(*, resident: Resident, title: str, text: str) -> Petition:
    require(resident, "petition.file")
    title, text = " ".join(title.split()), text.strip()
    if len(title) < 10:
        raise ValidationError({"title": _("The title is too short.")})
    if not text:
        raise ValidationError({"text": _("Write the text of the petition.")})
    petition = Petition.objects.create(
        author=resident, author_name=resident.full_name, title=title, text=text
    )
    audit.record(petition, "wagtail.create", user=resident.user)
    return petition


@transaction.atomic
def moderate_petition(
    *,
    petition: Petition,
    publish: bool,
    reason: str,
    user: Actor | None,
    today: dt.date | None = None,
) -> Petition:
    """Publish (collection starts today, rules from the city settings) or reject with reason."""
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    today = today or shared.today()
    if publish:
        rules = participation_settings()
        petition.published_on = today
        petition.collection_ends_on = today + dt.timedelta(days=rules.petition_collection_days)
        petition.threshold = rules.petition_threshold
    petition.moderation_reason = reason.strip()
    target = PetitionStatus.COLLECTING if publish else PetitionStatus.REJECTED
    cases.transition(petition, PETITION_WORKFLOW, target, user=user, reason=reason, today=today)
    letter(
        petition.author,
        _("E-petition: %(status)s") % {"status": petition.status_label()},
        _("Your e-petition “%(title)s” is now: %(status)s.\n%(reason)s")
        % {"title": petition.title, "status": petition.status_label(), "reason": reason},
    )
    return petition


class SigningError(ValidationError):
    pass


def sign_petition(
    *, petition: Petition, resident: Resident, today: dt.date | None = None
) -> Signature:
    """Sign once; refused outside the collection period or without the level.

    Cheap under load, like the budget votes (``cast_votes``):

    - the only row locked is the signer's own (``Resident``, ``SELECT … FOR UPDATE``), so two
      requests of one signer queue while different signers never wait for each other; the
      level is checked on the locked row;
    - the unique constraints ``(petition, resident)`` and ``(petition, identity_key)`` make
      it once per account and once per person (the key stays on the signature when an account
      is deleted): a second request at the same instant fails on INSERT and is reported as
      already signed;
    - no shared row is written: a petition's signatures are counted from its rows
      (``selectors.SIGNATURES``); the signature goes in without model signals, so signing does
      not touch the open-data catalogue (the dataset follows through its ``last_modified``);
    - the threshold is checked after the signature is committed (``_reach_threshold``).
    """
    require(resident, "petition.sign")
    today = today or shared.today()
    current = Petition.objects.only("status", "published_on", "collection_ends_on").get(
        pk=petition.pk
    )
    if current.status != PetitionStatus.COLLECTING:
        raise SigningError(_("This petition is not collecting signatures."))
    assert current.published_on and current.collection_ends_on
    if not current.published_on <= today <= current.collection_ends_on:
        raise SigningError(_("The collection period of this petition is over."))
    try:
        with transaction.atomic():
            signer = require(
                Resident.objects.select_for_update().filter(pk=resident.pk).first(),
                "petition.sign",
            )
            [signature] = Signature.objects.bulk_create(
                [
                    Signature(
                        petition_id=petition.pk,
                        resident=signer,
                        name=signer.full_name,
                        identity_key=signer.identity_key,
                    )
                ]
            )
    except IntegrityError as error:
        raise SigningError(_("You have already signed this petition.")) from error
    _reach_threshold(petition.pk, today)
    return signature


def _reach_threshold(petition_id: int, today: dt.date) -> bool:
    """Start the consideration clock once the signatures reach the threshold, exactly once.

    Each signer counts after its own signature is committed, so of concurrent signers the last
    to commit sees them all: the threshold is never missed. Only then is the petition row
    locked, and its status checked again under the lock, so the clock starts once. (Inside an
    outer transaction, e.g. a test's, the count includes the signer's own row all the same.)
    A signer who crashes between the two steps is caught by the next signer or by the daily
    ``archive_failed_petitions``, which checks the count before archiving.
    """
    threshold = Petition.objects.filter(pk=petition_id).values_list("threshold", flat=True)[0]
    if Signature.objects.filter(petition_id=petition_id).count() < threshold:
        return False
    with transaction.atomic():
        locked = Petition.objects.select_for_update().get(pk=petition_id)
        if locked.status != PetitionStatus.COLLECTING:
            return False
        cases.transition(
            locked,
            PETITION_WORKFLOW,
            PetitionStatus.CONSIDERATION,
            today=today,
            changes={"reached_on": today},
        )
    return True


@transaction.atomic
def answer_petition(
    *, petition: Petition, answer: str, user: Actor | None, today: dt.date | None = None
) -> Petition:
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    petition.answer = answer.strip()
    petition.answered_on = today or shared.today()
    cases.transition(petition, PETITION_WORKFLOW, PetitionStatus.ANSWERED, user=user, today=today)
    letter(
        petition.author,
        _("E-petition answered"),
        _("The answer to your e-petition “%(title)s” is published.") % {"title": petition.title},
    )
    return petition


def _threshold_day(petition_id: int) -> dt.date:
    """The day the signature that reached the threshold was made (today if not reached)."""
    threshold = Petition.objects.filter(pk=petition_id).values_list("threshold", flat=True)[0]
    ordered = Signature.objects.filter(petition_id=petition_id).order_by("signed_at", "pk")
    signed_at = ordered.values_list("signed_at", flat=True)[max(threshold - 1, 0) :].first()
    return timezone.localdate(signed_at) if signed_at else shared.today()


def archive_failed_petitions(*, today: dt.date | None = None) -> int:
    """Scheduled: petitions whose period ended below the threshold are archived."""
    today = today or shared.today()
    archived = 0
    for pk in Petition.objects.filter(
        status=PetitionStatus.COLLECTING, collection_ends_on__lt=today
    ).values_list("pk", flat=True):
        if _reach_threshold(pk, _threshold_day(pk)):
            continue  # reached, but its last signer did not get to start the clock
        with transaction.atomic():
            petition = Petition.objects.select_for_update().get(pk=pk)
            if petition.status != PetitionStatus.COLLECTING:
                continue
            cases.transition(petition, PETITION_WORKFLOW, PetitionStatus.ARCHIVED, today=today)
            archived += 1
    return archived


@transaction.atomic
def register_petition_as_appeal(*, petition: Petition, resident: Resident) -> Petition:
    """At its author's choice, a petition archived without its signatures is considered as the
    author's electronic appeal (Law 393/96-ВР, Art. 5; e-DEM forwards such petitions the same
    way): registered once in the correspondence journal, with its number and the appeal's
    clock and answer letter (the journal links back to it)."""
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if petition.author_id != resident.pk:
        raise ValidationError(_("Only the author can ask for this."))
    if petition.status != PetitionStatus.ARCHIVED:
        raise ValidationError(
            _("Only a petition that did not gather its signatures can become an appeal.")
        )
    if petition.appeal_id:
        raise ValidationError(_("The petition is already registered as an appeal."))
    document = journal.register_incoming(
        kind="citizen_appeal",
        subject=_("E-petition No. %(number)s: %(title)s")
        % {"number": petition.pk, "title": petition.title},
        correspondent=resident.full_name,
        text=petition.text,
        requester=journal.RequesterData(name=resident.full_name, consent_at=resident.consent_at),
        source=Source.PETITION,
    )
    petition.appeal = document
    petition.save(update_fields=["appeal"])
    audit.record(
        petition,
        "participation.appeal_registered",
        user=resident.user,
        data={"journal": document.pk},
    )
    letter(
        resident,
        _("Your petition is registered as an appeal"),
        _(
            "Your petition “%(title)s” is registered as your appeal No. %(number)s of "
            "%(date)s. It will be answered by %(due)s."
        )
        % {
            "title": petition.title,
            "number": document.reg_number,
            "date": document.registered_on.strftime("%d.%m.%Y"),
            "due": document.due_date.strftime("%d.%m.%Y") if document.due_date else "—",
        },
    )
    return petition


# --- Problem reports ---------------------------------------------------------------------


def send_reminders(*, today: dt.date | None = None, days: int = 3) -> int:
    """E-mail the assignee of every petition in consideration due within ``days`` or overdue."""
    today = today or shared.today()
    sent = 0
    queryset = cases.overdue_or_due_soon(
        Petition.objects.select_related("assignee"), PETITION_WORKFLOW, today=today, days=days
    )
    for petition in queryset:
        email = getattr(petition.assignee, "email", "")
        if not email:
            continue
        assert petition.due_date is not None
        with transaction.atomic():
            cases.notify(
                subject=_("E-petition due: %(date)s")
                % {"date": petition.due_date.strftime("%d.%m.%Y")},
                body=_("The e-petition “%(title)s” must be considered by %(date)s.")
                % {"title": petition.title, "date": petition.due_date.strftime("%d.%m.%Y")},
                to=[email],
            )
        sent += 1
    return sent
