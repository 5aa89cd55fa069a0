"""Metrics (with records), open datasets (no personal data), the admin listings and decisions."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from hromada.core import datasets, metrics
from hromada.core.metrics import Period
from hromada.participation.budget import selectors as budget_selectors
from hromada.participation.budget import services as budget_services
from hromada.participation.models import PetitionStatus, ProblemReport
from hromada.participation.petitions import services as petitions_services
from hromada.participation.problems import services as problems_services

pytestmark = pytest.mark.django_db

KEYS = [
    "participation.petitions_filed",
    "participation.petitions_reached_threshold",
    "participation.petitions_answered",
    "participation.budget_projects_submitted",
    "participation.budget_votes",
    "participation.budget_winners",
    "participation.consultation_comments",
    "participation.problems_reported",
    "participation.problems_solved",
    "participation.problems_median_days_to_solve",
]


def test_every_metric_is_registered_with_records() -> None:
    for key in KEYS:
        metric = metrics.get(key)
        if key != "participation.problems_median_days_to_solve":
            assert metric.records is not None, key


def test_demo_year_figures() -> None:
    year = Period.year(2020)
    value = {key: metrics.get(key).compute(year) for key in KEYS}
    assert value["participation.petitions_filed"] == 5
    assert value["participation.petitions_reached_threshold"] == 2
    assert value["participation.petitions_answered"] == 1
    assert value["participation.budget_winners"] == 3
    assert value["participation.budget_votes"] == 24
    assert value["participation.problems_reported"] == 6
    assert value["participation.problems_solved"] == 2
    assert value["participation.problems_median_days_to_solve"] == 6


def test_report_json_has_the_keys(tmp_path: Any) -> None:
    from django.core.management import call_command

    out = tmp_path / "report.json"
    call_command("report", "--year", "2020", "--format", "json", "-o", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(KEYS) <= set(data["metrics"])


def test_datasets_have_no_personal_data() -> None:
    for slug in ("e-petitions", "participatory-budget-projects", "problem-reports"):
        dataset = datasets.get(slug)
        rows = list(dataset.rows())
        assert rows, slug
        names = {column.name for column in dataset.columns}
        assert set(rows[0]) == names
        assert not names & {"author", "author_name", "reporter", "email", "description"}


def test_votes_move_the_budget_dataset_at_the_next_sync(
    projects: list[Any], cycle: Any, make_resident: Any
) -> None:
    """Votes go in without model signals; the catalogue's sync follows them, and only them."""
    from django.utils import timezone

    from hromada.opendata import services as opendata
    from hromada.opendata.models import Dataset

    opendata.sync_live_datasets()
    dataset = Dataset.objects.get(live_slug="participatory-budget-projects")
    budget_services.cast_votes(
        resident=make_resident(verified=True), cycle=cycle, project_ids=[projects[0].pk]
    )
    opendata.sync_live_datasets()
    voted = Dataset.objects.get(pk=dataset.pk)
    assert voted.data_modified_at == budget_selectors.votes_last_cast()
    assert voted.metadata_modified > dataset.metadata_modified
    # A save elsewhere in the module touched the dataset after the last vote (its signal):
    # the next sync must not move it again, nor at every later sync.
    opendata.touch(voted, data_changed_at=timezone.now())
    touched = Dataset.objects.get(pk=dataset.pk)
    opendata.sync_live_datasets()
    opendata.sync_live_datasets()
    synced = Dataset.objects.get(pk=dataset.pk)
    assert synced.metadata_modified == touched.metadata_modified
    assert synced.data_modified_at == touched.data_modified_at


def test_admin_listings_and_decisions(
    client: Client, admin_user: Any, resident: Any, category: Any
) -> None:
    client.force_login(admin_user)
    for prefix in (
        "participation_petitions",
        "participation_problems",
        "participation_categories",
        "participation_comments",
        "participation_summaries",
        "participation_cycles",
        "participation_projects",
        "participation_residents",
    ):
        assert client.get(f"/admin/{prefix}/").status_code == 200, prefix
    assert client.get("/admin/participation_problems/?export=csv").status_code == 200
    petition = petitions_services.file_petition(
        resident=resident, title="Петиція для перевірки модерації", text="x"
    )
    url = f"/admin/participation_petitions/decide/{petition.pk}/"
    assert client.post(url, {"decision": "publish", "reason": ""}).status_code == 302
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.COLLECTING
    report = problems_services.report_problem(
        resident=resident, category=category, description="x", address="вул. Адмінська, 1"
    )
    url = f"/admin/participation_problems/status/{report.pk}/"
    assert client.post(url, {"status": "solved", "reason": ""}).status_code == 200  # not allowed
    assert client.post(url, {"status": "accepted", "reason": ""}).status_code == 302
    assert ProblemReport.objects.get(pk=report.pk).status == "accepted"


def test_staff_without_permission_cannot_decide(
    client: Client, django_user_model: Any, resident: Any
) -> None:
    from django.contrib.auth.models import Group

    from hromada.core import roles

    editor = django_user_model.objects.create_user("editor1", password="x")
    editor.groups.add(Group.objects.get(name=roles.SITE_EDITOR))
    client.force_login(editor)
    petition = petitions_services.file_petition(
        resident=resident, title="Ще одна петиція для тесту", text="x"
    )
    assert client.get(f"/admin/participation_petitions/decide/{petition.pk}/").status_code in (
        302,
        403,
    )
