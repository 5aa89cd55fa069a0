"""Problem reports: routing, photo validation, states and notifications, reopening, the rate
limit, duplicates, the public list and map, the anonymized dataset."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hromada.core import cases, spam
from hromada.participation import selectors, services
from hromada.participation.models import ProblemPhoto, ProblemReport, ProblemStatus
from tests.conftest import image_bytes

pytestmark = pytest.mark.django_db


def _photo(name: str = "pothole.jpg", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else image_bytes("JPEG"))


def test_report_is_routed_and_photo_reencoded(
    resident: Any, category: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_problem(
            resident=resident,
            category=category,
            description="Яма",
            address="вул. Тестова, 1",
            point=services.Point(Decimal("48.9"), Decimal("38.4")),
            photos=[_photo()],
        )
    assert report.responsible == "КП «Тест»"
    assert report.photos.count() == 1
    assert [letter.to for letter in mail.outbox] == [["kp@example.org"]]


def test_a_disguised_photo_refuses_the_whole_report(resident: Any, category: Any) -> None:
    before = ProblemReport.objects.count()
    with pytest.raises(ValidationError):
        services.report_problem(
            resident=resident,
            category=category,
            description="Яма",
            address="вул. Тестова, 2",
            photos=[_photo(), _photo("evil.jpg", b"<html><script>alert(1)</script></html>")],
        )
    assert ProblemReport.objects.count() == before
    assert not ProblemPhoto.objects.filter(report__address="вул. Тестова, 2").exists()


def test_states_notify_the_reporter_and_reporter_reopens(
    resident: Any,
    category: Any,
    admin_user: Any,
    make_resident: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    report = services.report_problem(
        resident=resident, category=category, description="x", address="вул. Тестова, 3"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.change_problem_status(report=report, status="accepted", user=admin_user)
        services.change_problem_status(report=report, status="solved", user=admin_user)
    assert [letter.to for letter in mail.outbox] == [[resident.user.email]] * 2
    with pytest.raises(cases.TransitionError):
        services.change_problem_status(report=report, status="new", user=admin_user)
    with pytest.raises(cases.TransitionError):
        services.change_problem_status(report=report, status="rejected", user=admin_user)
    with pytest.raises(ValidationError):
        services.reopen_problem(report=report, resident=make_resident(), reason="ні")
    reopened = services.reopen_problem(report=report, resident=resident, reason="Яма знову є")
    assert reopened.status == ProblemStatus.REOPENED and reopened.solved_at is None


def test_rejection_needs_a_reason(resident: Any, category: Any, admin_user: Any) -> None:
    report = services.report_problem(
        resident=resident, category=category, description="x", address="вул. Тестова, 4"
    )
    with pytest.raises(cases.TransitionError):
        services.change_problem_status(report=report, status="rejected", user=admin_user)


def _form(category: Any, address: str, **extra: Any) -> dict[str, Any]:
    return {
        "category": category.pk,
        "address": address,
        "description": "<img src=x onerror=alert(1)>",
        "latitude": "",
        "longitude": "",
        "website": "",
        "started": spam.started_token(now=time.time() - 60),
        **extra,
    }


def test_form_rate_limit_duplicates_and_escaping(
    client: Client, problems_page: Any, resident: Any, category: Any
) -> None:
    client.force_login(resident.user)
    url = f"{problems_page.url}new/"
    response = client.post(url, _form(category, "вул. Нова, 10", photos=[_photo()]))
    assert response.status_code == 302
    report = ProblemReport.objects.get(address="вул. Нова, 10")
    assert report.description == "<img src=x onerror=alert(1)>"
    detail = client.get(response["Location"]).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in detail
    assert "<img src=x onerror" not in detail
    assert client.post(url, _form(category, "вул. Нова, 10")).status_code == 409
    bad = client.post(url, _form(category, "вул. Нова, 12", latitude="48.9"))
    assert bad.status_code == 400
    statuses = [
        client.post(url, _form(category, f"пров. Інший, {n}", confirm_similar="1")).status_code
        for n in range(100)
    ]
    assert 429 in statuses
    created = ProblemReport.objects.filter(address__startswith="пров. Інший").count()
    assert created == statuses.count(302) <= services._settings().problem_reports_per_minute


def test_form_refuses_non_image(
    client: Client, problems_page: Any, resident: Any, category: Any
) -> None:
    client.force_login(resident.user)
    response = client.post(
        f"{problems_page.url}new/",
        _form(category, "вул. Фото, 1", photos=[_photo("x.png", b"%PDF-1.4 not an image")]),
    )
    assert response.status_code == 400
    assert not ProblemReport.objects.filter(address="вул. Фото, 1").exists()


def test_public_list_map_and_dataset(client: Client, problems_page: Any) -> None:
    page = client.get(problems_page.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "map-point" in html
    assert "cdn" not in html.lower() and "tile" not in html.lower()
    rows = list(selectors.problem_rows())
    assert rows and "description" not in rows[0] and "reporter" not in rows[0]


def test_anonymous_cannot_report(client: Client, problems_page: Any) -> None:
    assert client.get(f"{problems_page.url}new/").status_code == 403
