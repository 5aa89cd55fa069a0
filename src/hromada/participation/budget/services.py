"""Every write of the participatory budget: projects, review, votes, paper ballots, results,
photos and milestones."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core import audit
from hromada.core.types import Actor
from hromada.participation.budget import selectors
from hromada.participation.budget.models import (
    BudgetCycle,
    BudgetProject,
    BudgetVote,
    Milestone,
    PaperBallot,
    ProjectPhoto,
    ProjectStatus,
)
from hromada.participation.residents.identity import identity_key
from hromada.participation.residents.models import Resident
from hromada.participation.shared import services as shared
from hromada.participation.verification import require


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
    today = today or shared.today()
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
    if len(photos) > shared.MAX_PHOTOS:
        raise ValidationError({"photos": _("Attach at most %(count)s photos.") % {"count": 5}})
    images = [shared.photo(photo, "photos") for photo in photos]
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
    user: Actor | None,
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
    *, user: Actor, cycle: BudgetCycle, project_ids: Sequence[int], today: dt.date | None = None
) -> int:
    """``cast_votes`` for the logged-in user of the voting form: the user's resident account is
    found and locked in the same query (LevelRequired when there is none)."""
    return _cast(("user_id", user.pk), cycle, project_ids, today)


def _cast(
    voter: tuple[str, int], cycle: BudgetCycle, project_ids: Sequence[int], today: dt.date | None
) -> int:
    """Check and insert one ballot; ``voter`` is the resident's column and value. Returns the
    number of votes counted."""
    today = today or shared.today()
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
            resident_id, key = _lock_voter(cursor, voter)
            if key is not None:
                _refuse_if_voted_on_paper(cycle.pk, key)
            _check_ballot(cycle, projects, _earlier_votes(cursor, cycle.pk, resident_id, key))
            _insert_votes(cursor, cycle.pk, resident_id, key, [p.pk for p in projects])
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
    column: f"SELECT id, email_confirmed_at, verified_at, identity_key FROM {_RESIDENT}"  # noqa: S608
    f" WHERE {column} = %s AND deleted_at IS NULL"
    for column in ("id", "user_id")
}
_EARLIER_VOTES = (
    f"SELECT v.project_id, p.category_id FROM {_VOTE} v"  # noqa: S608
    f" JOIN {_PROJECT} p ON p.id = v.project_id WHERE v.cycle_id = %s AND v.resident_id = %s"
)
# The person's votes, whichever account (a deleted one included) cast them.
_EARLIER_VOTES_OF_PERSON = (
    f"SELECT v.project_id, p.category_id FROM {_VOTE} v"  # noqa: S608
    f" JOIN {_PROJECT} p ON p.id = v.project_id WHERE v.cycle_id = %s"
    " AND (v.resident_id = %s OR v.identity_key = %s)"
)
_INSERT_VOTES = (
    f"INSERT INTO {_VOTE} (cycle_id, project_id, resident_id, identity_key, ballot_id, cast_at)"  # noqa: S608
    " VALUES "
)


def _lock_voter(cursor: Any, voter: tuple[str, int]) -> tuple[int, str | None]:
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
    return int(row[0]), row[3]


def _earlier_votes(
    cursor: Any, cycle_id: int, resident_id: int, key: str | None
) -> list[tuple[int, int]]:
    """(project, category) of the voter's votes in the cycle (the person's, by the identity
    key, when the account has one), read after the lock."""
    if key is None:
        cursor.execute(_EARLIER_VOTES, [cycle_id, resident_id])
    else:
        cursor.execute(_EARLIER_VOTES_OF_PERSON, [cycle_id, resident_id, key])
    return [(int(project), int(category)) for project, category in cursor.fetchall()]


def _when(moment: dt.datetime) -> dict[str, str]:
    local = timezone.localtime(moment)
    return {"date": local.strftime("%d.%m.%Y"), "time": local.strftime("%H:%M")}


def _refuse_if_voted_on_paper(cycle_id: int, key: str) -> None:
    entered = (
        PaperBallot.objects.filter(cycle_id=cycle_id, identity_key=key)
        .values_list("entered_at", flat=True)
        .first()
    )
    if entered is not None:
        raise VotingError(
            _("You voted on paper in this cycle: your ballot was entered on %(date)s.")
            % _when(entered)
        )


def _insert_votes(
    cursor: Any, cycle_id: int, resident_id: int, key: str | None, project_ids: list[int]
) -> None:
    """One INSERT, without model signals (see ``cast_votes``)."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = ", ".join(["(%s, %s, %s, %s, NULL, %s)"] * len(project_ids))
    cursor.execute(
        _INSERT_VOTES + rows,
        [value for pk in project_ids for value in (cycle_id, pk, resident_id, key, now)],
    )


def _refuse_if_voted_online(cycle: BudgetCycle, key: str) -> None:
    cast = (
        BudgetVote.objects.filter(cycle=cycle, identity_key=key, ballot__isnull=True)
        .order_by("cast_at")
        .values_list("cast_at", flat=True)
        .first()
    )
    if cast is not None:
        raise VotingError(
            _("This person already voted online in this cycle, on %(date)s at %(time)s.")
            % _when(cast)
        )


@transaction.atomic
def enter_paper_ballot(
    *,
    cycle: BudgetCycle,
    number: str,
    document_number: str,
    project_ids: Sequence[int],
    user: Actor | None,
) -> PaperBallot:
    """Double entry: the first entry is stored; a second, by another person, must match it
    exactly (projects and the voter's document number), and only then are the votes counted.

    The ballot is entered against the voter's identity key (the number itself is not kept):
    a person who voted online is refused, and so is a second ballot of the same person; the
    refusal says when and how the earlier vote was cast. The person's resident account, if
    any, is locked first, so that their online vote at the same moment waits for this one."""
    number = number.strip()
    chosen = sorted(set(project_ids))
    if not number:
        raise ValidationError({"number": _("Give the ballot number.")})
    key = identity_key(document_number)
    list(Resident.objects.select_for_update().filter(identity_key=key).values_list("pk"))
    ballot = PaperBallot.objects.select_for_update().filter(cycle=cycle, number=number).first()
    if ballot is None:
        projects = list(BudgetProject.objects.filter(pk__in=chosen).select_related("category"))
        _check_ballot(cycle, projects, [])
        _refuse_if_voted_online(cycle, key)
        earlier = PaperBallot.objects.filter(cycle=cycle, identity_key=key).first()
        if earlier is not None:
            raise VotingError(
                _("A paper ballot of this person was already entered on %(date)s.")
                % _when(earlier.entered_at)
            )
        ballot = PaperBallot.objects.create(
            cycle=cycle, number=number, first_entry=chosen, first_by=user, identity_key=key
        )
        audit.record(ballot, "participation.ballot_first_entry", user=user)
        return ballot
    if ballot.counted_at is not None:
        raise VotingError(_("This ballot is already counted."))
    if ballot.first_by_id == getattr(user, "pk", None):
        raise VotingError(_("The second entry must be made by another person."))
    if sorted(ballot.first_entry) != chosen or (ballot.identity_key or key) != key:
        audit.record(
            ballot, "participation.ballot_mismatch", user=user, data={"second_entry": chosen}
        )
        raise VotingError(_("The two entries differ: check the paper ballot again."))
    _refuse_if_voted_online(cycle, key)
    for project in BudgetProject.objects.filter(pk__in=chosen):
        BudgetVote.objects.create(cycle=cycle, project=project, ballot=ballot, identity_key=key)
    ballot.identity_key = key
    ballot.second_by = user
    ballot.counted_at = timezone.now()
    ballot.save()
    audit.record(ballot, "participation.ballot_counted", user=user)
    return ballot


@transaction.atomic
def compute_results(*, cycle: BudgetCycle, user: Actor | None = None) -> list[BudgetProject]:
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


@transaction.atomic
def add_project_photo(
    *, project: BudgetProject, image: Any, caption: str = "", user: Actor | None
) -> ProjectPhoto:
    photo = ProjectPhoto.objects.create(
        project=project, image=shared.photo(image, "image"), caption=caption.strip()
    )
    audit.record(photo, "wagtail.create", user=user)
    return photo


@transaction.atomic
def add_milestone(
    *,
    project: BudgetProject,
    date: dt.date,
    title: str,
    user: Actor | None,
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
        photo=shared.photo(photo, "photo") if photo else "",
        completes=completes,
    )
    if completes and project.status != ProjectStatus.IMPLEMENTED:
        before = audit.snapshot(project)
        project.status = ProjectStatus.IMPLEMENTED
        project.save(update_fields=["status"])
        audit.record(project, "wagtail.edit", user=user, before=before)
    audit.record(milestone, "wagtail.create", user=user)
    return milestone
