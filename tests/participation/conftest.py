from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from hromada.participation import services
from hromada.participation.models import (
    BudgetCategory,
    BudgetCycle,
    BudgetProject,
    DocumentType,
    Petition,
    PetitionsPage,
    ProblemCategory,
    ProblemsPage,
    Resident,
)

_numbers = itertools.count(1)


@pytest.fixture
def make_resident(admin_user: Any) -> Callable[..., Resident]:
    def make(*, confirmed: bool = True, verified: bool = False, name: str = "") -> Resident:
        number = next(_numbers)
        resident = services.register_resident(
            email=f"person{number}@example.org",
            password="correct horse 42",
            full_name=name or f"Тестова Особа {number}",
        )
        if confirmed:
            services.confirm_email(resident=resident)
        if verified:
            services.confirm_resident(
                resident=resident, document_type=DocumentType.PASSPORT, user=admin_user
            )
        return resident

    return make


@pytest.fixture
def resident(make_resident: Callable[..., Resident]) -> Resident:
    return make_resident()


@pytest.fixture
def petition(resident: Resident, admin_user: Any) -> Petition:
    filed = services.file_petition(
        resident=resident, title="Встановити лавки у сквері біля річки", text="Текст петиції."
    )
    return services.moderate_petition(petition=filed, publish=True, reason="", user=admin_user)


@pytest.fixture
def category() -> ProblemCategory:
    return ProblemCategory.objects.create(
        name="Тестова категорія", responsible="КП «Тест»", responsible_email="kp@example.org"
    )


@pytest.fixture
def cycle() -> BudgetCycle:
    today = timezone.localdate()
    return BudgetCycle.objects.create(
        year=2090,
        budget=Decimal("500000"),
        project_cost_limit=Decimal("300000"),
        votes_per_resident=2,
        submission_start=today - dt.timedelta(days=60),
        submission_end=today - dt.timedelta(days=40),
        review_end=today - dt.timedelta(days=20),
        voting_start=today - dt.timedelta(days=1),
        voting_end=today + dt.timedelta(days=10),
        results_on=today + dt.timedelta(days=15),
    )


@pytest.fixture
def projects(cycle: BudgetCycle, resident: Resident, admin_user: Any) -> list[BudgetProject]:
    parks = BudgetCategory.objects.create(cycle=cycle, name="Парки", votes_limit=1)
    schools = BudgetCategory.objects.create(cycle=cycle, name="Школи", votes_limit=2)
    made = []
    for title, category, cost in [
        ("Парк А", parks, "200000"),
        ("Парк Б", parks, "100000"),
        ("Школа А", schools, "250000"),
        ("Школа Б", schools, "150000"),
    ]:
        project = BudgetProject.objects.create(
            cycle=cycle,
            category=category,
            author=resident,
            author_name=resident.full_name,
            title=title,
            description="Опис",
            cost=Decimal(cost),
        )
        made.append(
            services.review_project(project=project, accept=True, notes="", user=admin_user)
        )
    return made


@pytest.fixture
def petitions_page() -> PetitionsPage:
    return PetitionsPage.objects.live().get()


@pytest.fixture
def problems_page() -> ProblemsPage:
    return ProblemsPage.objects.live().get()


@pytest.fixture(autouse=True)
def _english_messages() -> Any:
    """Service messages are matched in English (the msgids); pages pick their own language."""
    from django.utils import translation

    with translation.override("en"):
        yield
