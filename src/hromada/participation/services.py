"""Every write of the participation module: keyword-only, typed, atomic, audited."""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core import audit, cases
from hromada.core.uploads import validated_image
from hromada.participation import selectors
from hromada.participation.models import (
    PETITION_WORKFLOW,
    PROBLEM_WORKFLOW,
    BudgetCycle,
    BudgetProject,
    BudgetVote,
    CommentStatus,
    ConsultationSummary,
    DocumentType,
    DraftComment,
    Milestone,
    PaperBallot,
    Petition,
    PetitionStatus,
    ProblemCategory,
    ProblemPhoto,
    ProblemReport,
    ProblemStatus,
    ProjectPhoto,
    ProjectStatus,
    Resident,
    Signature,
)
from hromada.participation.verification import Identity, require

MAX_PHOTOS = 5
SIMILARITY = 0.75


def _today() -> dt.date:
    return timezone.localdate()


def _settings() -> Any:
    return selectors.participation_settings()


def _letter(resident: Resident | None, subject: str, body: str) -> None:
    if resident is not None and resident.deleted_at is None and resident.user.email:
        cases.notify(subject=subject, body=body, to=[resident.user.email])


# --- Accounts ----------------------------------------------------------------------------


@transaction.atomic
def register_resident(*, email: str, password: str, full_name: str, district: str = "") -> Resident:
    """A new resident account (not staff), with the consent recorded now."""
    email = email.strip().lower()
    user_model = get_user_model()
    if user_model.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
        raise ValidationError({"email": _("An account with this e-mail already exists.")})
    user = user_model.objects.create_user(
        username=email,  # residents log in with their e-mail
        email=email,
        password=password,
        is_staff=False,
    )
    resident = Resident.objects.create(
        user=user,
        full_name=" ".join(full_name.split()),
        district=district,
        consent_at=timezone.now(),
    )
    audit.record(resident, "wagtail.create", user=user, data={"consent": True})
    return resident


@transaction.atomic
def confirm_email(*, resident: Resident) -> Resident:
    if resident.email_confirmed_at is None:
        resident.email_confirmed_at = timezone.now()
        resident.save(update_fields=["email_confirmed_at"])
        audit.record(resident, "participation.email_confirmed", user=resident.user)
    return resident


@transaction.atomic
def confirm_resident(*, resident: Resident, document_type: str, user: Any) -> Resident:
    """Staff saw the resident in person with a document (its type is kept, never a copy)."""
    if document_type not in DocumentType.values or document_type == DocumentType.EID:
        raise ValidationError({"document_type": _("Choose the document that was shown.")})
    if resident.deleted_at is not None:
        raise ValidationError(_("This account was deleted."))
    before = audit.snapshot(resident)
    resident.verified_at = timezone.now()
    resident.verified_by = user
    resident.verified_document = document_type
    resident.save()
    audit.record(resident, "participation.verified", user=user, before=before)
    return resident


@transaction.atomic
def confirm_by_eid(*, resident: Resident, identity: Identity, provider: str) -> Resident:
    before = audit.snapshot(resident)
    resident.verified_at = timezone.now()
    resident.verified_document = DocumentType.EID
    resident.verifier = provider
    if identity.full_name and identity.full_name != "—":
        resident.full_name = identity.full_name
    resident.save()
    audit.record(resident, "participation.verified", user=resident.user, before=before)
    return resident


@transaction.atomic
def update_profile(*, resident: Resident, full_name: str, district: str) -> Resident:
    before = audit.snapshot(resident)
    resident.full_name = " ".join(full_name.split())
    resident.district = district.strip()
    resident.save()
    audit.record(resident, "wagtail.edit", user=resident.user, before=before)
    return resident


@transaction.atomic
def delete_account(*, resident: Resident) -> None:
    """Deletion on request (Law 2297-VI, Art. 8): the login and personal data are erased.

    What the law requires to stay stays, without the person: signatures of e-petitions count
    (the petition's legal fate depends on them) with the name erased; budget votes count;
    petitions, problem reports, comments and projects remain public under "Deleted account".
    """
    user = resident.user
    placeholder = _("Deleted account")
    Signature.objects.filter(resident=resident).update(name="", resident=None)
    Petition.objects.filter(author=resident).update(author_name=placeholder, author=None)
    DraftComment.objects.filter(resident=resident).update(author_name=placeholder, resident=None)
    BudgetProject.objects.filter(author=resident).update(author_name=placeholder, author=None)
    ProblemReport.objects.filter(reporter=resident).update(reporter=None)
    resident.full_name = placeholder
    resident.district = ""
    resident.deleted_at = timezone.now()
    resident.save()
    user.email = ""
    user.first_name = user.last_name = ""
    user.username = f"deleted-{resident.pk}"
    user.is_active = False
    user.set_unusable_password()
    user.save()
    audit.record(resident, "participation.account_deleted", user=None)


# --- Petitions ---------------------------------------------------------------------------


def similar_petitions(title: str, *, exclude: int | None = None) -> list[Petition]:
    """Petitions with a similar title (normalised words, sequence ratio)."""
    wanted = " ".join(title.lower().split())
    found = []
    queryset = Petition.objects.exclude(status=PetitionStatus.REJECTED).only("pk", "title")
    if exclude:
        queryset = queryset.exclude(pk=exclude)
    for petition in queryset:
        ratio = difflib.SequenceMatcher(None, wanted, " ".join(petition.title.lower().split()))
        if ratio.ratio() >= SIMILARITY:
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
    *, petition: Petition, publish: bool, reason: str, user: Any, today: dt.date | None = None
) -> Petition:
    """Publish (collection starts today, rules from the city settings) or reject with reason."""
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    today = today or _today()
    if publish:
        rules = _settings()
        petition.published_on = today
        petition.collection_ends_on = today + dt.timedelta(days=rules.petition_collection_days)
        petition.threshold = rules.petition_threshold
    petition.moderation_reason = reason.strip()
    target = PetitionStatus.COLLECTING if publish else PetitionStatus.REJECTED
    cases.transition(petition, PETITION_WORKFLOW, target, user=user, reason=reason, today=today)
    _letter(
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
    - the unique constraint ``(petition, resident)`` is what makes it once: a second request
      at the same instant fails on INSERT and is reported as already signed;
    - no shared row is written: a petition's signatures are counted from its rows
      (``selectors.SIGNATURES``); the signature goes in without model signals, so signing does
      not touch the open-data catalogue (the dataset follows through its ``last_modified``);
    - the threshold is checked after the signature is committed (``_reach_threshold``).
    """
    require(resident, "petition.sign")
    today = today or _today()
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
                [Signature(petition_id=petition.pk, resident=signer, name=signer.full_name)]
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
    *, petition: Petition, answer: str, user: Any, today: dt.date | None = None
) -> Petition:
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    petition.answer = answer.strip()
    petition.answered_on = today or _today()
    cases.transition(petition, PETITION_WORKFLOW, PetitionStatus.ANSWERED, user=user, today=today)
    _letter(
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
    return timezone.localdate(signed_at) if signed_at else _today()


def archive_failed_petitions(*, today: dt.date | None = None) -> int:
    """Scheduled: petitions whose period ended below the threshold are archived."""
    today = today or _today()
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


# --- Problem reports ---------------------------------------------------------------------


def similar_problems(*, category: ProblemCategory, address: str) -> list[ProblemReport]:
    """Open reports of the same category at a similar address."""
    wanted = " ".join(address.lower().split())
    found = []
    for report in ProblemReport.objects.filter(
        category=category, status__in=PROBLEM_WORKFLOW.open_statuses
    ).only("pk", "address"):
        ratio = difflib.SequenceMatcher(None, wanted, " ".join(report.address.lower().split()))
        if ratio.ratio() >= 0.85:
            found.append(report)
    return found


@dataclass(frozen=True)
class Point:
    latitude: Decimal
    longitude: Decimal


@transaction.atomic
def report_problem(
    *,
    resident: Resident,
    category: ProblemCategory,
    description: str,
    address: str,
    point: Point | None = None,
    photos: Sequence[Any] = (),
) -> ProblemReport:
    """A new report, routed to the category's department; photos are validated by content
    and re-encoded. A bad photo refuses the whole report (nothing half-written)."""
    require(resident, "problem.report")
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("Attach at most %(count)s photos.") % {"count": 5}})
    cleaned = []
    for photo in photos:
        try:
            cleaned.append(validated_image(photo))
        except ValidationError as error:
            raise ValidationError({"photos": error.messages}) from error
    if not address.strip():
        raise ValidationError({"address": _("Give the address.")})
    report = ProblemReport.objects.create(
        reporter=resident,
        category=category,
        responsible=category.responsible,
        description=description.strip(),
        address=" ".join(address.split()),
        latitude=point.latitude if point else None,
        longitude=point.longitude if point else None,
        due_date=PROBLEM_WORKFLOW.due(ProblemStatus.NEW, _today()),
    )
    for image in cleaned:
        ProblemPhoto.objects.create(report=report, image=image)
    audit.record(report, "wagtail.create", user=resident.user)
    if category.responsible_email:
        cases.notify(
            subject=_("New problem report: %(category)s") % {"category": category.name},
            body=f"{report.address}\n\n{report.description}\n",
            to=[category.responsible_email],
        )
    return report


@transaction.atomic
def change_problem_status(
    *, report: ProblemReport, status: str, user: Any, reason: str = ""
) -> ProblemReport:
    report = ProblemReport.objects.select_for_update().get(pk=report.pk)
    cases.transition(report, PROBLEM_WORKFLOW, status, user=user, reason=reason)
    report.status_reason = reason.strip()
    report.solved_at = timezone.now() if status == ProblemStatus.SOLVED else None
    report.save(update_fields=["status_reason", "solved_at"])
    _letter(
        report.reporter,
        _("Your problem report: %(status)s") % {"status": report.status_label()},
        _("Your report “%(address)s” is now: %(status)s.\n%(reason)s")
        % {"address": report.address, "status": report.status_label(), "reason": reason},
    )
    return report


def reopen_problem(*, report: ProblemReport, resident: Resident, reason: str) -> ProblemReport:
    require(resident, "problem.reopen")
    if report.reporter_id != resident.pk:
        raise ValidationError(_("Only the reporter can reopen a report."))
    return change_problem_status(
        report=report, status=ProblemStatus.REOPENED, user=resident.user, reason=reason
    )


# --- Consultations on drafts -------------------------------------------------------------


def draft_open_for_comments(act: Any, *, today: dt.date | None = None) -> bool:
    """A draft is open while it is published and its consideration date has not come."""
    today = today or _today()
    return bool(
        act.status == "draft"
        and act.published_on
        and act.published_on <= today
        and (act.consideration_date is None or today < act.consideration_date)
    )


@transaction.atomic
def comment_on_draft(*, act: Any, resident: Resident, text: str) -> DraftComment:
    require(resident, "draft.comment")
    if not draft_open_for_comments(act):
        raise ValidationError(_("This draft is not open for comments."))
    if not text.strip():
        raise ValidationError({"text": _("Write the comment.")})
    comment = DraftComment.objects.create(
        act=act, resident=resident, author_name=resident.full_name, text=text.strip()
    )
    audit.record(comment, "wagtail.create", user=resident.user)
    return comment


@transaction.atomic
def moderate_comment(
    *, comment: DraftComment, publish: bool, reason: str, user: Any
) -> DraftComment:
    if not publish and not reason.strip():
        raise ValidationError(_("Give the reason for this decision."))
    before = audit.snapshot(comment)
    comment.status = CommentStatus.PUBLISHED if publish else CommentStatus.REJECTED
    comment.moderation_reason = reason.strip()
    comment.save()
    audit.record(comment, "participation.moderated", user=user, before=before)
    return comment


@transaction.atomic
def publish_summary(*, act: Any, text: str, user: Any) -> ConsultationSummary:
    summary, _created = ConsultationSummary.objects.update_or_create(
        act=act, defaults={"text": text.strip()}
    )
    audit.record(summary, "wagtail.publish", user=user)
    return summary


# --- Participatory budget ----------------------------------------------------------------


@transaction.atomic
def submit_project(
    *,
    resident: Resident,
    cycle: BudgetCycle,
    category_id: int,
    title: str,
    description: str,
    cost: Decimal,
    district: str = "",
    location: str = "",
    photos: Sequence[Any] = (),
    today: dt.date | None = None,
) -> BudgetProject:
    """A resident's project, in the submission phase, within the cycle's cost limit; photos
    validated by content and re-encoded (a bad one refuses the whole project)."""
    require(resident, "budget.submit")
    today = today or _today()
    if cycle.phase(today) != "submission":
        raise ValidationError(_("Projects are not accepted in this phase."))
    if cost <= 0 or cost > cycle.project_cost_limit:
        raise ValidationError(
            {
                "cost": _("The cost must be above zero and at most %(limit)s UAH.")
                % {"limit": cycle.project_cost_limit}
            }
        )
    category = cycle.categories.get(pk=category_id)
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("Attach at most %(count)s photos.") % {"count": 5}})
    images = [_photo(photo, "photos") for photo in photos]
    project = BudgetProject.objects.create(
        cycle=cycle,
        category=category,
        author=resident,
        author_name=resident.full_name,
        title=" ".join(title.split()),
        description=description.strip(),
        cost=cost,
        district=district,
        location=location,
    )
    for image in images:
        ProjectPhoto.objects.create(project=project, image=image)
    audit.record(project, "wagtail.create", user=resident.user)
    return project


@transaction.atomic
def review_project(
    *,
    project: BudgetProject,
    accept: bool,
    notes: str,
    user: Any,
    reviewed_cost: Decimal | None = None,
    reason: str = "",
) -> BudgetProject:
    if not accept and not reason.strip():
        raise ValidationError({"rejection_reason": _("Give the reason for rejection.")})
    if reviewed_cost is not None and reviewed_cost > project.cycle.project_cost_limit:
        raise ValidationError({"reviewed_cost": _("Over the cycle's project cost limit.")})
    before = audit.snapshot(project)
    project.status = ProjectStatus.ACCEPTED if accept else ProjectStatus.REJECTED
    project.review_notes = notes.strip()
    project.rejection_reason = reason.strip()
    project.reviewed_cost = reviewed_cost
    project.save()
    audit.record(project, "participation.reviewed", user=user, before=before)
    return project


class VotingError(ValidationError):
    pass


def _check_ballot(
    cycle: BudgetCycle, projects: Sequence[BudgetProject], already: Sequence[tuple[int, int]]
) -> None:
    """The city's rules for one ballot. ``projects`` come with their category;
    ``already`` holds the (project, category) pairs the voter has voted for before."""
    if any(p.cycle_id != cycle.pk or p.status != ProjectStatus.ACCEPTED for p in projects):
        raise VotingError(_("Vote only for projects accepted for this cycle's voting."))
    ids = [p.pk for p in projects]
    if len(set(ids)) != len(ids) or set(ids) & {project for project, _category in already}:
        raise VotingError(_("You have already voted for this project."))
    if len(ids) + len(already) > cycle.votes_per_resident:
        raise VotingError(
            _("Each resident has %(count)s votes in this cycle.")
            % {"count": cycle.votes_per_resident}
        )
    per_category = Counter(p.category_id for p in projects)
    per_category.update(category for _project, category in already)
    # Only the categories of this ballot can go over their limit now.
    for category in {p.category_id: p.category for p in projects}.values():
        if per_category[category.pk] > category.votes_limit:
            raise VotingError(
                _("At most %(count)s votes in the category “%(category)s”.")
                % {"count": category.votes_limit, "category": category.name}
            )


def cast_votes(
    *,
    resident: Resident,
    cycle: BudgetCycle,
    project_ids: Sequence[int],
    today: dt.date | None = None,
) -> int:
    """Vote by the city's rules (votes per resident, per-category limits, phase, level); returns
    the number of votes counted.

    Safe under concurrency and cheap under load:

    - the only row locked is the voter's own (``Resident``, ``SELECT … FOR UPDATE``) for the
      check-and-insert, so two requests of one voter queue while different voters never wait
      for each other; the level is checked on the locked row;
    - the voter's earlier votes of the cycle are read after the lock, so a second request
      sees what the first one inserted;
    - a unique constraint ``(project, resident)`` refuses a second vote for a project even if
      the lock were bypassed;
    - no shared row is written: a project's votes are counted from its vote rows
      (``selectors.VOTES``), not kept in a counter every voter would update;
    - the votes go in with one INSERT and without model signals, so a vote does not touch the
      open-data catalogue or the page-cache generation on every request; the budget dataset
      follows the votes through its ``last_modified`` (datasets.py).
    """
    require(resident, "budget.vote")
    return _cast(("id", resident.pk), cycle, project_ids, today)


def vote_as(
    *, user: Any, cycle: BudgetCycle, project_ids: Sequence[int], today: dt.date | None = None
) -> int:
    """``cast_votes`` for the logged-in user of the voting form: the user's resident account is
    found and locked in the same query (LevelRequired when there is none)."""
    return _cast(("user_id", user.pk), cycle, project_ids, today)


def _cast(
    voter: tuple[str, int], cycle: BudgetCycle, project_ids: Sequence[int], today: dt.date | None
) -> int:
    """Check and insert one ballot; ``voter`` is the resident's column and value. Returns the
    number of votes counted."""
    today = today or _today()
    if cycle.phase(today) != "voting":
        raise VotingError(_("Voting is not open."))
    if not project_ids:
        raise VotingError(_("Choose at least one project."))
    if len(project_ids) != len(set(project_ids)):
        raise VotingError(_("You have already voted for this project."))
    # The cycle's accepted projects, read once every few seconds per process: no query here.
    votable = selectors.votable_projects(cycle)
    projects = [votable[pk] for pk in project_ids if pk in votable]
    if len(projects) != len(project_ids):
        raise VotingError(_("Vote only for projects accepted for this cycle's voting."))
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            resident_id = _lock_voter(cursor, voter)
            _check_ballot(cycle, projects, _earlier_votes(cursor, cycle.pk, resident_id))
            _insert_votes(cursor, cycle.pk, resident_id, [p.pk for p in projects])
    except IntegrityError as error:
        raise VotingError(_("You have already voted for this project.")) from error
    return len(projects)


# The three statements of a vote are written as SQL: a vote is the peak path, and building
# them through the ORM cost about 7 times the CPU of running them (benchmarks/README.md).
# Only table names from the models are put into the text; every value is a parameter.
_RESIDENT = Resident._meta.db_table
_VOTE = BudgetVote._meta.db_table
_PROJECT = BudgetProject._meta.db_table
_LOCK_VOTER = {
    column: f"SELECT id, email_confirmed_at, verified_at FROM {_RESIDENT}"  # noqa: S608
    f" WHERE {column} = %s AND deleted_at IS NULL"
    for column in ("id", "user_id")
}
_EARLIER_VOTES = (
    f"SELECT v.project_id, p.category_id FROM {_VOTE} v"  # noqa: S608
    f" JOIN {_PROJECT} p ON p.id = v.project_id WHERE v.cycle_id = %s AND v.resident_id = %s"
)
_INSERT_VOTES = (
    f"INSERT INTO {_VOTE} (cycle_id, project_id, resident_id, ballot_id, cast_at) VALUES "  # noqa: S608
)


def _lock_voter(cursor: Any, voter: tuple[str, int]) -> int:
    """The voter's resident row, locked until the end of the transaction where the database
    has row locks (SQLite has one writer at a time anyway); LevelRequired below the level."""
    column, value = voter
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    cursor.execute(_LOCK_VOTER[column] + lock, [value])
    row = cursor.fetchone()
    if row is None:
        require(None, "budget.vote")
    # Only what the level reads: whether each date is set.
    require(Resident(pk=row[0], email_confirmed_at=row[1], verified_at=row[2]), "budget.vote")
    return int(row[0])


def _earlier_votes(cursor: Any, cycle_id: int, resident_id: int) -> list[tuple[int, int]]:
    """(project, category) of the voter's votes in the cycle, read after the lock."""
    cursor.execute(_EARLIER_VOTES, [cycle_id, resident_id])
    return [(int(project), int(category)) for project, category in cursor.fetchall()]


def _insert_votes(cursor: Any, cycle_id: int, resident_id: int, project_ids: list[int]) -> None:
    """One INSERT, without model signals (see ``cast_votes``)."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = ", ".join(["(%s, %s, %s, NULL, %s)"] * len(project_ids))
    cursor.execute(
        _INSERT_VOTES + rows,
        [value for pk in project_ids for value in (cycle_id, pk, resident_id, now)],
    )


@transaction.atomic
def enter_paper_ballot(
    *, cycle: BudgetCycle, number: str, project_ids: Sequence[int], user: Any
) -> PaperBallot:
    """Double entry: the first entry is stored; a second, by another person, must match it
    exactly, and only then are the votes counted."""
    number = number.strip()
    chosen = sorted(set(project_ids))
    if not number:
        raise ValidationError({"number": _("Give the ballot number.")})
    ballot = PaperBallot.objects.select_for_update().filter(cycle=cycle, number=number).first()
    if ballot is None:
        projects = list(BudgetProject.objects.filter(pk__in=chosen).select_related("category"))
        _check_ballot(cycle, projects, [])
        ballot = PaperBallot.objects.create(
            cycle=cycle, number=number, first_entry=chosen, first_by=user
        )
        audit.record(ballot, "participation.ballot_first_entry", user=user)
        return ballot
    if ballot.counted_at is not None:
        raise VotingError(_("This ballot is already counted."))
    if ballot.first_by_id == getattr(user, "pk", None):
        raise VotingError(_("The second entry must be made by another person."))
    if sorted(ballot.first_entry) != chosen:
        audit.record(
            ballot, "participation.ballot_mismatch", user=user, data={"second_entry": chosen}
        )
        raise VotingError(_("The two entries differ: check the paper ballot again."))
    for project in BudgetProject.objects.filter(pk__in=chosen):
        BudgetVote.objects.create(cycle=cycle, project=project, ballot=ballot)
    ballot.second_by = user
    ballot.counted_at = timezone.now()
    ballot.save()
    audit.record(ballot, "participation.ballot_counted", user=user)
    return ballot


@transaction.atomic
def compute_results(*, cycle: BudgetCycle, user: Any = None) -> list[BudgetProject]:
    """Winners: accepted projects by votes (then earlier submission), while the budget lasts;
    a project that does not fit is skipped and the next that fits is taken."""
    remaining = cycle.budget
    winners = []
    projects = list(
        BudgetProject.objects.select_for_update().filter(
            cycle=cycle, status__in=[ProjectStatus.ACCEPTED, ProjectStatus.WINNER]
        )
    )
    votes = selectors.vote_counts(projects)
    for project in sorted(projects, key=lambda p: (-votes[p.pk], p.submitted_at, p.pk)):
        fits = votes[project.pk] > 0 and project.final_cost <= remaining
        status = ProjectStatus.WINNER if fits else ProjectStatus.ACCEPTED
        if fits:
            remaining -= project.final_cost
            winners.append(project)
        if project.status != status:
            project.status = status
            project.save(update_fields=["status"])
    audit.record(cycle, "participation.results", user=user, data={"winners": len(winners)})
    return winners


def send_reminders(*, today: dt.date | None = None, days: int = 3) -> int:
    """E-mail the assignee of every petition in consideration due within ``days`` or overdue."""
    today = today or _today()
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


def send_problem_reminders(*, today: dt.date | None = None, days: int = 3) -> int:
    """E-mail each responsible department (its category's e-mail) and each assignee one list
    of the open problem reports due within ``days`` or overdue; a report is in at most one
    reminder a day. Returns the number of letters."""
    today = today or _today()
    due = (
        cases.overdue_or_due_soon(
            ProblemReport.objects.select_related("category", "assignee"),
            PROBLEM_WORKFLOW,
            today=today,
            days=days,
        )
        .exclude(reminded_on=today)
        .order_by("due_date", "pk")
    )
    letters: dict[str, list[ProblemReport]] = {}
    for report in due:
        for address in {report.category.responsible_email, getattr(report.assignee, "email", "")}:
            if address:
                letters.setdefault(address.lower(), []).append(report)
    if not letters:
        return 0
    link = _problem_link()
    for address, reports in sorted(letters.items()):
        lines = []
        for report in reports:
            assert report.due_date is not None
            line = (
                _("— OVERDUE, was due %(date)s · %(category)s · %(address)s · %(status)s")
                if report.due_date < today
                else _("— due %(date)s · %(category)s · %(address)s · %(status)s")
            )
            lines.append(
                line
                % {
                    "date": report.due_date.strftime("%d.%m.%Y"),
                    "category": report.category.name,
                    "address": report.address,
                    "status": report.status_label(),
                }
            )
            if link:
                lines.append(f"  {link(report.pk)}")
        with transaction.atomic():
            cases.notify(
                subject=_("Problem reports to answer: %(count)s") % {"count": len(reports)},
                body=_(
                    "These problem reports of residents are due within %(days)s days or "
                    "overdue. A report is an appeal: it is answered within one month "
                    "(Law 393/96-ВР, Art. 20). Change its status in the admin (Participation "
                    "→ Problem reports); the resident is told at once."
                )
                % {"days": days}
                + "\n\n"
                + "\n".join(lines)
                + "\n",
                to=[address],
            )
    ProblemReport.objects.filter(pk__in=due.values("pk")).update(reminded_on=today)
    return len(letters)


def _problem_link() -> Any:
    """report pk → the public address of its page, or None without a problems page."""
    from django.conf import settings

    from hromada.participation.models import ProblemsPage

    page = ProblemsPage.objects.live().first()
    url = page.get_url() if page is not None else None
    if not url:
        return None
    assert page is not None
    base = "" if url.startswith("http") else settings.BASE_URL.rstrip("/")
    return lambda pk: f"{base}{url}{page.reverse_subpage('detail', args=[pk])}"


def _photo(file: Any, field: str) -> Any:
    try:
        return validated_image(file)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error


@transaction.atomic
def add_project_photo(
    *, project: BudgetProject, image: Any, caption: str = "", user: Any
) -> ProjectPhoto:
    photo = ProjectPhoto.objects.create(
        project=project, image=_photo(image, "image"), caption=caption.strip()
    )
    audit.record(photo, "wagtail.create", user=user)
    return photo


@transaction.atomic
def add_milestone(
    *,
    project: BudgetProject,
    date: dt.date,
    title: str,
    user: Any,
    note: str = "",
    photo: Any = None,
    completes: bool = False,
) -> Milestone:
    """A step of a winner's implementation; the last one marks the project implemented."""
    if project.status not in (ProjectStatus.WINNER, ProjectStatus.IMPLEMENTED):
        raise ValidationError(_("Only winning projects are implemented."))
    if not title.strip():
        raise ValidationError({"title": _("Say what was done.")})
    milestone = Milestone.objects.create(
        project=project,
        date=date,
        title=title.strip(),
        note=note.strip(),
        photo=_photo(photo, "photo") if photo else "",
        completes=completes,
    )
    if completes and project.status != ProjectStatus.IMPLEMENTED:
        before = audit.snapshot(project)
        project.status = ProjectStatus.IMPLEMENTED
        project.save(update_fields=["status"])
        audit.record(project, "wagtail.edit", user=user, before=before)
    audit.record(milestone, "wagtail.create", user=user)
    return milestone
