"""Participatory budget: rules of voting (votes per resident, per category, level, phase),
races (two votes at the same instant, on PostgreSQL), paper ballots with double entry,
results within the budget, project submission limits."""

from __future__ import annotations

import datetime as dt
import re
import threading
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from hromada.participation.budget import selectors as budget_selectors
from hromada.participation.budget import services as budget_services
from hromada.participation.models import BudgetProject, BudgetVote, ProjectStatus
from hromada.participation.residents import services as residents_services
from hromada.participation.verification import LevelRequired
from tests.participation.conftest import assert_clean_and_upright, phone_jpeg

pytestmark = pytest.mark.django_db


def test_rules_of_voting(projects: list[Any], cycle: Any, make_resident: Any) -> None:
    park_a, park_b, school_a, school_b = projects
    voter = make_resident(verified=True)
    with pytest.raises(LevelRequired):
        budget_services.cast_votes(resident=make_resident(), cycle=cycle, project_ids=[park_a.pk])
    with pytest.raises(budget_services.VotingError, match="category"):
        budget_services.cast_votes(resident=voter, cycle=cycle, project_ids=[park_a.pk, park_b.pk])
    with pytest.raises(budget_services.VotingError):
        budget_services.cast_votes(
            resident=voter, cycle=cycle, project_ids=[park_a.pk, school_a.pk, school_b.pk]
        )
    budget_services.cast_votes(resident=voter, cycle=cycle, project_ids=[park_a.pk])
    with pytest.raises(budget_services.VotingError, match="already"):
        budget_services.cast_votes(resident=voter, cycle=cycle, project_ids=[park_a.pk])
    budget_services.cast_votes(resident=voter, cycle=cycle, project_ids=[school_a.pk])
    with pytest.raises(budget_services.VotingError):
        budget_services.cast_votes(resident=voter, cycle=cycle, project_ids=[school_b.pk])
    assert BudgetVote.objects.filter(resident=voter).count() == 2
    with pytest.raises(budget_services.VotingError, match="not open"):
        budget_services.cast_votes(
            resident=make_resident(verified=True),
            cycle=cycle,
            project_ids=[school_b.pk],
            today=cycle.voting_end + dt.timedelta(days=1),
        )


def test_a_vote_writes_only_its_own_rows(
    projects: list[Any], cycle: Any, make_resident: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """No shared row and no after-commit work: no counter, no catalogue or page-cache bump."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    voter = make_resident(verified=True)
    with (
        django_capture_on_commit_callbacks() as callbacks,
        CaptureQueriesContext(connection) as queries,
    ):
        budget_services.cast_votes(
            resident=voter, cycle=cycle, project_ids=[projects[0].pk, projects[2].pk]
        )
    assert callbacks == []
    writes = [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    assert len(writes) == 1 and "participation_budgetvote" in writes[0]
    assert budget_selectors.vote_counts(projects) == {projects[0].pk: 1, projects[2].pk: 1}


def test_the_voting_form_path_keeps_the_rules_of_the_account(
    projects: list[Any], cycle: Any, make_resident: Any, admin_user: Any
) -> None:
    """``vote_as`` finds the resident by the user: no account, a deleted account or a level
    too low are refused; the time of the vote is stored as an aware moment."""
    from django.utils import timezone

    votes_before = BudgetVote.objects.count()
    with pytest.raises(LevelRequired):
        budget_services.vote_as(user=admin_user, cycle=cycle, project_ids=[projects[0].pk])
    unverified = make_resident()
    with pytest.raises(LevelRequired):
        budget_services.vote_as(user=unverified.user, cycle=cycle, project_ids=[projects[0].pk])
    gone = make_resident(verified=True)
    user = gone.user
    residents_services.delete_account(resident=gone)
    with pytest.raises(LevelRequired):
        budget_services.vote_as(user=user, cycle=cycle, project_ids=[projects[0].pk])
    assert BudgetVote.objects.count() == votes_before

    voter = make_resident(verified=True)
    before = timezone.now()
    counted = budget_services.vote_as(
        user=voter.user, cycle=cycle, project_ids=[projects[0].pk, projects[2].pk]
    )
    assert counted == 2
    stored = list(BudgetVote.objects.filter(resident=voter).order_by("project_id"))
    assert [vote.project_id for vote in stored] == [projects[0].pk, projects[2].pk]
    for vote in stored:
        assert vote.cycle_id == cycle.pk and vote.ballot_id is None
        assert timezone.is_aware(vote.cast_at)
        assert before - dt.timedelta(seconds=1) <= vote.cast_at <= timezone.now()


def test_rejected_projects_cannot_get_votes(
    projects: list[Any], cycle: Any, make_resident: Any, admin_user: Any
) -> None:
    budget_services.review_project(
        project=projects[0],
        accept=False,
        notes="",
        reason="Не на комунальній землі",
        user=admin_user,
    )
    with pytest.raises(budget_services.VotingError):
        budget_services.cast_votes(
            resident=make_resident(verified=True), cycle=cycle, project_ids=[projects[0].pk]
        )
    with pytest.raises(ValidationError):
        budget_services.review_project(
            project=projects[1], accept=False, notes="", reason="", user=admin_user
        )


def test_project_over_the_limit_is_refused(cycle: Any, resident: Any) -> None:
    cycle.submission_start = dt.date.today() - dt.timedelta(days=1)
    cycle.submission_end = dt.date.today() + dt.timedelta(days=1)
    category = cycle.categories.create(name="Інше", votes_limit=1)
    with pytest.raises(ValidationError, match="cost"):
        budget_services.submit_project(
            resident=resident,
            cycle=cycle,
            category_id=category.pk,
            title="Дорого",
            description="x",
            cost=Decimal("300000.01"),
        )
    project = budget_services.submit_project(
        resident=resident,
        cycle=cycle,
        category_id=category.pk,
        title="Вчасно",
        description="x",
        cost=Decimal("1000"),
    )
    assert project.status == ProjectStatus.SUBMITTED


def test_paper_ballot_double_entry(
    projects: list[Any], cycle: Any, admin_user: Any, django_user_model: Any
) -> None:
    other = django_user_model.objects.create_user("clerk2", password="x", is_staff=True)
    ids = [projects[0].pk, projects[2].pk]
    ballot = budget_services.enter_paper_ballot(
        cycle=cycle, number="A-1", document_number="2000000001", project_ids=ids, user=admin_user
    )
    assert ballot.counted_at is None and not BudgetVote.objects.filter(ballot=ballot).exists()
    with pytest.raises(budget_services.VotingError, match="another person"):
        budget_services.enter_paper_ballot(
            cycle=cycle,
            number="A-1",
            document_number="2000000001",
            project_ids=ids,
            user=admin_user,
        )
    with pytest.raises(budget_services.VotingError, match="differ"):
        budget_services.enter_paper_ballot(
            cycle=cycle,
            number="A-1",
            document_number="2000000001",
            project_ids=[projects[0].pk],
            user=other,
        )
    budget_services.enter_paper_ballot(
        cycle=cycle, number="A-1", document_number="2000000001", project_ids=ids, user=other
    )
    assert BudgetVote.objects.filter(ballot=ballot).count() == 2
    with pytest.raises(budget_services.VotingError, match="already counted"):
        budget_services.enter_paper_ballot(
            cycle=cycle, number="A-1", document_number="2000000001", project_ids=ids, user=other
        )
    with pytest.raises(budget_services.VotingError, match="category"):
        budget_services.enter_paper_ballot(
            cycle=cycle,
            number="A-2",
            document_number="2000000002",
            project_ids=[projects[0].pk, projects[1].pk],
            user=admin_user,
        )


def test_results_within_the_budget(projects: list[Any], cycle: Any, make_resident: Any) -> None:
    park_a, park_b, school_a, school_b = projects  # 200k, 100k, 250k, 150k; budget 500k
    for votes, project in [(4, school_a), (3, park_a), (2, park_b), (1, school_b)]:
        for _ in range(votes):
            budget_services.cast_votes(
                resident=make_resident(verified=True), cycle=cycle, project_ids=[project.pk]
            )
    winners = budget_services.compute_results(cycle=cycle)
    # 250k + 200k = 450k; park B (100k) no longer fits; school B (150k) neither.
    assert winners == [school_a, park_a]
    assert sum(w.final_cost for w in winners) <= cycle.budget


def votes_of(project: BudgetProject) -> int:
    return budget_selectors.vote_counts([project])[project.pk]


def test_voting_page(client: Client, projects: list[Any], cycle: Any, make_resident: Any) -> None:
    from django.urls import reverse

    from hromada.participation.budget.pages import BudgetPage

    page = BudgetPage.objects.live().get()
    url = f"{page.url}?year={cycle.year}"
    html = client.get(url).content.decode()
    vote_url = reverse("participation:budget_vote", args=[cycle.year])
    assert f'action="{vote_url}"' in html  # the form posts to the small vote address
    ballot = {"project": [projects[0].pk], "next": url}
    refused = client.post(vote_url, ballot)
    assert refused.status_code == 403 and b"Log in" not in refused.content  # Ukrainian page
    assert "Увійти" in refused.content.decode()
    assert client.get(vote_url).status_code == 405
    client.force_login(make_resident().user)  # e-mail confirmed, not yet confirmed as resident
    unverified = client.post(vote_url, ballot)
    assert unverified.status_code == 403 and "/account/" in unverified.content.decode()
    voter = make_resident(verified=True)
    client.force_login(voter.user)
    response = client.post(vote_url, ballot)
    assert response.status_code == 302 and response["Location"] == url
    page_html = client.get(url).content.decode()
    assert "Дякуємо" in page_html and f'id="vote-{projects[0].pk}" aria-label' in page_html
    again = client.post(vote_url, ballot)
    assert again.status_code == 400
    assert "Ви вже проголосували за цей проєкт" in again.content.decode()
    assert f'href="{url}"' in again.content.decode()
    assert votes_of(projects[0]) == 1
    # Another site's address is never a place to return to.
    other = client.post(vote_url, {"project": [projects[2].pk], "next": "https://evil.example/"})
    assert other.status_code == 302 and other["Location"] == url
    # A form rendered before votes had their own address still counts, once.
    assert client.post(url, {"project": [projects[3].pk]}).status_code == 400  # over 2 votes
    assert BudgetVote.objects.filter(resident=voter).count() == 2
    assert client.post(reverse("participation:budget_vote", args=[1900])).status_code == 404


@pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="row locks and real concurrency need PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_votes_at_the_same_instant_count_once(
    make_resident: Any, projects: list[Any], cycle: Any
) -> None:
    voter = make_resident(verified=True)
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def vote(project_ids: list[int]) -> None:
        try:
            barrier.wait()
            budget_services.cast_votes(resident=voter, cycle=cycle, project_ids=project_ids)
            outcomes.append("ok")
        except budget_services.VotingError:
            outcomes.append("refused")
        finally:
            connection.close()

    # Four requests at once: the same project twice, and two others that together with it
    # would exceed the 2 votes of this cycle.
    threads = [
        threading.Thread(target=vote, args=(ids,))
        for ids in ([projects[2].pk], [projects[2].pk], [projects[3].pk], [projects[0].pk])
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    votes = BudgetVote.objects.filter(resident=voter)
    assert votes.count() == outcomes.count("ok") == 2
    assert len(set(votes.values_list("project_id", flat=True))) == 2
    counted = budget_selectors.vote_counts(projects)
    for project in projects:
        assert counted[project.pk] == BudgetVote.objects.filter(project=project).count()
    # One transactional test only: it empties the database (and the demo) when it ends.
    _many_voters_on_overlapping_projects(make_resident, projects, cycle)


def test_milestones_and_photos(
    client: Client, projects: list[Any], cycle: Any, admin_user: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conftest import image_bytes

    project = projects[0]
    with pytest.raises(ValidationError):
        budget_services.add_milestone(
            project=project, date=dt.date.today(), title="x", user=admin_user
        )
    project.status = ProjectStatus.WINNER
    project.save()
    with pytest.raises(ValidationError):
        budget_services.add_milestone(
            project=project,
            date=dt.date.today(),
            title="Фото",
            user=admin_user,
            photo=SimpleUploadedFile("a.jpg", b"GIF89a not really"),
        )
    assert not project.milestones.exists()
    client.force_login(admin_user)
    url = f"/admin/participation_projects/milestone/{project.pk}/"
    response = client.post(
        url,
        {
            "date": "2090-05-01",
            "title": "Роботи завершено",
            "photo": SimpleUploadedFile("done.png", image_bytes("PNG")),
            "completes": "on",
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.IMPLEMENTED
    budget_services.add_project_photo(
        project=project, image=SimpleUploadedFile("p.jpg", image_bytes("JPEG")), user=admin_user
    )
    from hromada.participation.budget.pages import BudgetPage

    page = BudgetPage.objects.live().get()
    html = client.get(f"{page.url}{project.pk}/").content.decode()
    assert "Роботи завершено" in html and html.count("<img") >= 2


def test_admin_ballot_entry_and_results(
    client: Client, projects: list[Any], cycle: Any, admin_user: Any, django_user_model: Any
) -> None:
    url = f"/admin/participation_cycles/ballot/{cycle.pk}/"
    client.force_login(admin_user)
    assert client.get(url).status_code == 200
    data = {"number": "П-7", "document_number": "2000000077", "projects": [projects[2].pk]}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 200  # the same person: refused
    clerk = django_user_model.objects.create_superuser("clerk3", password="x")
    client.force_login(clerk)
    assert client.post(url, data).status_code == 302
    assert votes_of(projects[2]) == 1
    export = client.get("/admin/participation_projects/?export=csv")
    rows = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert rows[0].endswith("Голоси")
    assert any(row.startswith(f"{projects[2].title},") and row.endswith(",1") for row in rows)
    listing = client.get("/admin/participation_projects/?q=Школа&ordering=-votes")
    assert listing.status_code == 200 and "Школа А" in listing.content.decode()
    response = client.post(f"/admin/participation_cycles/results/{cycle.pk}/")
    assert response.status_code == 302
    projects[2].refresh_from_db()
    assert projects[2].status == ProjectStatus.WINNER
    assert client.get(f"/admin/participation_projects/review/{projects[3].pk}/").status_code == 200


def test_submitting_a_project_through_the_page(
    client: Client, cycle: Any, make_resident: Any
) -> None:
    import time as time_

    from django.core.files.uploadedfile import SimpleUploadedFile

    from hromada.core import spam
    from hromada.participation.budget.pages import BudgetPage
    from hromada.participation.models import BudgetProject
    from tests.conftest import image_bytes

    page = BudgetPage.objects.live().get()
    url = f"{page.url}submit/"
    assert client.get(url).status_code == 403  # anonymous
    client.force_login(make_resident().user)
    assert client.get(url).status_code == 403  # this cycle is voting, not collecting
    today = dt.date.today()
    cycle.submission_start, cycle.submission_end = today, today + dt.timedelta(days=5)
    cycle.review_end = cycle.voting_start = today + dt.timedelta(days=6)
    cycle.save()
    category = cycle.categories.create(name="Дворові території", votes_limit=1)
    data = {
        "category": category.pk,
        "title": "Лавки <script>x</script>",
        "description": "Опис",
        "cost": "300000.01",
        "website": "",
        "started": spam.started_token(now=time_.time() - 60),
    }
    over_limit = client.post(url, data)
    assert over_limit.status_code == 400  # over the limit
    bad_photo = SimpleUploadedFile("a.png", b"<svg onload=alert(1)>")
    # Each form token is accepted once: the form shown again carries a fresh one.
    data["started"] = _form_token(over_limit)
    refused = client.post(url, {**data, "cost": "1000", "photos": [bad_photo]})
    assert refused.status_code == 400
    assert not BudgetProject.objects.filter(cycle=cycle).exists()
    photo = SimpleUploadedFile("a.png", image_bytes("PNG"))
    data["started"] = _form_token(refused)
    assert client.post(url, {**data, "cost": "1000", "photos": [photo]}).status_code == 302
    project = BudgetProject.objects.get(cycle=cycle)
    assert project.title == "Лавки <script>x</script>" and project.photos.count() == 1


def _form_token(response: Any) -> str:
    """The spam guard's token of the form a response shows again."""
    found = re.search(r'name="started" value="([^"]+)"', response.content.decode())
    assert found, "the form shown again carries its token"
    return found.group(1)


def _many_voters_on_overlapping_projects(
    make_resident: Any, projects: list[Any], cycle: Any
) -> None:
    """Voters choosing the same projects in different orders at once: no deadlock."""
    voters = [make_resident(verified=True) for _ in range(8)]
    school_a, school_b = projects[2], projects[3]
    voted = set(BudgetVote.objects.values_list("project_id", flat=True))
    barrier = threading.Barrier(len(voters))
    failures: list[BaseException] = []

    def vote(index: int) -> None:
        order = [school_a.pk, school_b.pk] if index % 2 else [school_b.pk, school_a.pk]
        try:
            barrier.wait()
            budget_services.cast_votes(resident=voters[index], cycle=cycle, project_ids=order)
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(n,)) for n in range(len(voters))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    for project in (school_a, school_b):
        counted = BudgetVote.objects.filter(project=project).count()
        assert votes_of(project) == counted == len(voters) + (1 if project.pk in voted else 0)


def test_project_and_milestone_photos_are_stored_without_metadata(
    cycle: Any, resident: Any, admin_user: Any
) -> None:
    cycle.submission_start = dt.date.today() - dt.timedelta(days=1)
    cycle.submission_end = dt.date.today() + dt.timedelta(days=1)
    category = cycle.categories.create(name="Двори", votes_limit=1)
    project = budget_services.submit_project(
        resident=resident,
        cycle=cycle,
        category_id=category.pk,
        title="Лавки у дворі",
        description="x",
        cost=Decimal("1000"),
        photos=[SimpleUploadedFile("IMG_Ivan.jpg", phone_jpeg())],
    )
    project.status = ProjectStatus.WINNER
    project.save()
    extra = budget_services.add_project_photo(
        project=project, image=SimpleUploadedFile("place.jpg", phone_jpeg()), user=admin_user
    )
    milestone = budget_services.add_milestone(
        project=project,
        date=dt.date.today(),
        title="Встановлено",
        user=admin_user,
        photo=SimpleUploadedFile("done.jpg", phone_jpeg()),
    )
    stored = [photo.image for photo in project.photos.all()] + [milestone.photo]
    assert len(stored) == 3 and extra.image in stored
    for file in stored:
        assert_clean_and_upright(file)
        assert str(file.name).startswith("participation/budget/") and "Ivan" not in str(file.name)


def test_a_vote_reads_neither_the_cycle_nor_the_projects_while_they_are_cached(
    client: Client, projects: list[Any], cycle: Any, make_resident: Any, admin_user: Any
) -> None:
    """The cycle and its accepted projects are read once per process every few seconds; an
    edit in this process is seen at once."""
    from django.test.utils import CaptureQueriesContext

    url = reverse("participation:budget_vote", args=[cycle.year])
    first, second = make_resident(verified=True), make_resident(verified=True)
    client.force_login(first.user)
    assert client.post(url, {"project": [projects[0].pk], "next": "/"}).status_code == 302
    client.force_login(second.user)
    with CaptureQueriesContext(connection) as queries:
        assert client.post(url, {"project": [projects[2].pk], "next": "/"}).status_code == 302
    read = " ".join(q["sql"] for q in queries)
    assert "participation_budgetcycle" not in read
    assert 'FROM "participation_budgetproject"' not in read
    budget_services.review_project(
        project=projects[3],
        accept=False,
        notes="",
        reason="Не на комунальній землі",
        user=admin_user,
    )
    refused = client.post(url, {"project": [projects[3].pk], "next": "/"})
    assert refused.status_code == 400
    assert not BudgetVote.objects.filter(resident=second, project=projects[3]).exists()
