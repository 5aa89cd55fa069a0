from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from PIL import Image

from hromada.participation.budget import services as budget_services
from hromada.participation.models import (
    BudgetCategory,
    BudgetCycle,
    BudgetProject,
    DocumentType,
    Petition,
    ProblemCategory,
    Resident,
)
from hromada.participation.petitions import services as petitions_services
from hromada.participation.petitions.pages import PetitionsPage
from hromada.participation.problems.pages import ProblemsPage
from hromada.participation.residents import services as residents_services

_numbers = itertools.count(1)


@pytest.fixture
def make_resident(admin_user: Any) -> Callable[..., Resident]:
    def make(*, confirmed: bool = True, verified: bool = False, name: str = "") -> Resident:
        number = next(_numbers)
        resident = residents_services.register_resident(
            email=f"person{number}@example.org",
            password="correct horse 42",
            full_name=name or f"Тестова Особа {number}",
        )
        if confirmed:
            residents_services.confirm_email(resident=resident)
        if verified:
            residents_services.confirm_resident(
                resident=resident,
                document_type=DocumentType.PASSPORT,
                document_number=f"{3000000000 + number}",
                user=admin_user,
            )
        return resident

    return make


@pytest.fixture
def resident(make_resident: Callable[..., Resident]) -> Resident:
    return make_resident()


@pytest.fixture
def petition(resident: Resident, admin_user: Any) -> Petition:
    filed = petitions_services.file_petition(
        resident=resident, title="Встановити лавки у сквері біля річки", text="Текст петиції."
    )
    return petitions_services.moderate_petition(
        petition=filed, publish=True, reason="", user=admin_user
    )


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
            budget_services.review_project(project=project, accept=True, notes="", user=admin_user)
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


# What a phone writes into a photo: where it was taken, the device, sometimes the owner.
OWNER = "Ivan Petrenko"
SERIAL = "SN-4C9F00112233"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
    b'22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" '
    b'dc:creator="Ivan Petrenko"/></rdf:RDF></x:xmpmeta>'
)


def phone_jpeg() -> bytes:
    """A 40 × 20 JPEG, red left half and blue right half, whose EXIF says "rotate 90° clockwise
    to show" (so it is shown 20 × 40, red on top) and carries GPS, a serial and an owner,
    with an XMP packet and a JPEG comment naming the owner."""
    picture = Image.new("RGB", (40, 20), (220, 0, 0))
    picture.paste((0, 0, 220), (20, 0, 40, 20))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise
    exif[0x010F] = "PhoneMaker"
    exif[0x013B] = OWNER  # Artist
    exif[0xA431] = SERIAL  # BodySerialNumber
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (48.0, 54.0, 16.96)
    gps[3], gps[4] = "E", (38.0, 26.0, 17.58)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", exif=exif, xmp=XMP, comment=OWNER.encode(), quality=95)
    data = buffer.getvalue()
    with Image.open(io.BytesIO(data)) as check:  # the fixture really carries all of it
        assert check.getexif().get_ifd(0x8825) and check.info.get("xmp")
    return data


def assert_clean_and_upright(stored: Any) -> None:
    """A stored photo: a JPEG without EXIF, GPS, XMP or comment, turned as the phone meant."""
    with stored.open("rb") as handle:
        data = handle.read()
    for secret in (OWNER.encode(), SERIAL.encode(), b"PhoneMaker", b"Exif", b"xmpmeta"):
        assert secret not in data
    with Image.open(io.BytesIO(data)) as picture:
        assert picture.format == "JPEG"
        assert not picture.getexif() and not picture.getexif().get_ifd(0x8825)
        assert not {"exif", "xmp", "comment", "photoshop"} & set(picture.info)
        assert picture.size == (20, 40)
        rgb = picture.convert("RGB")
        top, bottom = rgb.getpixel((10, 5)), rgb.getpixel((10, 35))
    assert isinstance(top, tuple) and isinstance(bottom, tuple)
    assert top[0] > 150 and top[2] < 80  # red on top
    assert bottom[2] > 150 and bottom[0] < 80  # blue below
