"""Problem reports: routing, photo validation, states and notifications, reopening, the rate
limit, duplicates, the public list and map, the anonymized dataset."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import time
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hromada.core import cases, spam
from hromada.participation.models import ProblemPhoto, ProblemReport, ProblemStatus
from hromada.participation.problems import selectors as problems_selectors
from hromada.participation.problems import services as problems_services
from hromada.participation.shared import selectors as shared_selectors
from tests.conftest import image_bytes
from tests.participation.conftest import assert_clean_and_upright, phone_jpeg

pytestmark = pytest.mark.django_db


def _photo(name: str = "pothole.jpg", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else image_bytes("JPEG"))


def test_report_is_routed_and_photo_reencoded(
    resident: Any, category: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = problems_services.report_problem(
            resident=resident,
            category=category,
            description="Яма",
            address="вул. Тестова, 1",
            point=problems_services.Point(Decimal("48.9"), Decimal("38.4")),
            photos=[_photo()],
        )
    assert report.responsible == "КП «Тест»"
    assert report.photos.count() == 1
    assert [letter.to for letter in mail.outbox] == [["kp@example.org"]]


def test_a_disguised_photo_refuses_the_whole_report(resident: Any, category: Any) -> None:
    before = ProblemReport.objects.count()
    with pytest.raises(ValidationError):
        problems_services.report_problem(
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
    report = problems_services.report_problem(
        resident=resident, category=category, description="x", address="вул. Тестова, 3"
    )
    with django_capture_on_commit_callbacks(execute=True):
        problems_services.change_problem_status(report=report, status="accepted", user=admin_user)
        problems_services.change_problem_status(report=report, status="solved", user=admin_user)
    assert [letter.to for letter in mail.outbox] == [[resident.user.email]] * 2
    with pytest.raises(cases.TransitionError):
        problems_services.change_problem_status(report=report, status="new", user=admin_user)
    with pytest.raises(cases.TransitionError):
        problems_services.change_problem_status(report=report, status="closed", user=admin_user)
    with pytest.raises(ValidationError):
        problems_services.reopen_problem(report=report, resident=make_resident(), reason="ні")
    reopened = problems_services.reopen_problem(
        report=report, resident=resident, reason="Яма знову є"
    )
    assert reopened.status == ProblemStatus.REOPENED and reopened.solved_at is None


def test_closing_without_a_fix_needs_a_reason(
    resident: Any, category: Any, admin_user: Any
) -> None:
    report = problems_services.report_problem(
        resident=resident, category=category, description="x", address="вул. Тестова, 4"
    )
    with pytest.raises(cases.TransitionError):
        problems_services.change_problem_status(report=report, status="closed", user=admin_user)


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
    client: Client, problems_page: Any, resident: Any, category: Any, admin_user: Any
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
    # Similar reports are looked for among published ones (an unread report's text is private).
    assert client.post(url, _form(category, "вул. Нова, 10")).status_code == 302
    problems_services.moderate_problem(report=report, publish=True, user=admin_user)
    assert client.post(url, _form(category, "вул. Нова, 10")).status_code == 409
    bad = client.post(url, _form(category, "вул. Нова, 12", latitude="48.9"))
    assert bad.status_code == 400
    statuses = [
        client.post(url, _form(category, f"пров. Інший, {n}", confirm_similar="1")).status_code
        for n in range(100)
    ]
    assert 429 in statuses
    created = ProblemReport.objects.filter(address__startswith="пров. Інший").count()
    assert (
        created
        == statuses.count(302)
        <= shared_selectors.participation_settings().problem_reports_per_minute
    )


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


def test_public_list_map_and_dataset(client: Client, problems_page: Any, settings: Any) -> None:
    page = client.get(problems_page.url)
    assert page.status_code == 200
    html = page.content.decode()
    # The plain SVG map (for a browser without JavaScript), coordinates never localized.
    assert "<svg" in html and "map-point" in html
    assert re.search(r'<circle cx="\d+(\.\d+)?" cy="\d+(\.\d+)?"', html)
    # Leaflet from our own static files; only the tiles come from the configured server.
    assert "/static/vendor/leaflet/leaflet.js" in html and "/static/participation/map.js" in html
    assert f'data-tiles="{settings.MAP_TILE_URL}"' in html and "cdn" not in html.lower()
    data = re.search(r'<script id="problem-points" type="application/json">(.*?)</script>', html)
    assert data is not None
    markers = json.loads(data.group(1))
    assert markers and {"latitude", "longitude", "label", "url"} == set(markers[0])
    assert html.count("map-point status-") == len(markers)
    csp = page["Content-Security-Policy"]
    assert "img-src 'self' data: https://tile.openstreetmap.org" in csp
    # No inline script: map.js reads data attributes. (The directives' order varies.)
    directives = dict(part.strip().partition(" ")[::2] for part in csp.split(";"))
    assert directives["script-src"] == "'self'"
    rows = list(problems_selectors.problem_rows())
    assert rows and "description" not in rows[0] and "reporter" not in rows[0]


def test_without_tiles_or_leaflet_the_maps_stay_plain(
    client: Client, problems_page: Any, resident: Any, settings: Any
) -> None:
    from hromada.participation.problems import maps

    settings.MAP_TILE_URL = ""
    html = client.get(problems_page.url).content.decode()
    assert "<svg" in html and "data-reports-map" not in html and "leaflet" not in html
    client.force_login(resident.user)
    form = client.get(f"{problems_page.url}new/").content.decode()
    assert "data-map-picker" not in form and 'name="address"' in form
    settings.MAP_TILE_URL = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    settings.STATICFILES_DIRS = []  # Leaflet not installed
    maps.leaflet_available.cache_clear()
    try:
        assert "data-map-picker" not in client.get(f"{problems_page.url}new/").content.decode()
        from django.core.management import call_command

        out = io.StringIO()
        call_command("check", stdout=out, stderr=out)
        assert "participation.W001" in out.getvalue()
    finally:
        maps.leaflet_available.cache_clear()


def test_the_report_form_has_the_point_picker(
    client: Client, problems_page: Any, resident: Any, category: Any
) -> None:
    """The picker fills the coordinate fields, which stay there to type; the address is the
    required field (a report without a point is complete)."""
    client.force_login(resident.user)
    url = f"{problems_page.url}new/"
    html = client.get(url).content.decode()
    assert "data-map-picker" in html and 'data-latitude-field="id_latitude"' in html
    assert html.index('id="id_longitude"') < html.index("data-map-picker")
    assert 'data-latitude="48.904700"' in html and 'data-zoom="13"' in html  # the demo's centre
    assert client.post(url, _form(category, "")).status_code == 400
    response = client.post(
        url, _form(category, "вул. Мапова, 1", latitude="48.904711", longitude="38.438022")
    )
    assert response.status_code == 302
    report = ProblemReport.objects.get(address="вул. Мапова, 1")
    assert (report.latitude, report.longitude) == (Decimal("48.904711"), Decimal("38.438022"))
    detail = client.get(response["Location"]).content.decode()
    assert "48.904711, 38.438022" in detail


def test_reports_have_an_appeal_term_and_departments_are_reminded(
    resident: Any,
    category: Any,
    admin_user: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.utils import timezone

    from hromada.core import legal_calendar, scheduler
    from hromada.participation import tasks

    report = problems_services.report_problem(
        resident=resident, category=category, description="x", address="вул. Строкова, 1"
    )
    received = timezone.localdate()
    assert report.due_date == legal_calendar.due_date("citizen_appeal", received)
    due = report.due_date

    def remind(day: Any) -> int:
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            return problems_services.send_problem_reminders(today=day)

    assert remind(due - dt.timedelta(days=4)) == 0
    assert remind(due - dt.timedelta(days=2)) >= 1
    letter = next(m for m in mail.outbox if m.to == ["kp@example.org"])
    assert "вул. Строкова, 1" in letter.body and due.strftime("%d.%m.%Y") in letter.body
    assert f"{problems_link()}{report.pk}/" in letter.body
    assert remind(due - dt.timedelta(days=2)) == 0  # once a day
    ProblemReport.objects.filter(pk=report.pk).update(assignee=admin_user)
    assert remind(due + dt.timedelta(days=1)) >= 2
    overdue = [m for m in mail.outbox if "вул. Строкова, 1" in m.body]
    assert {tuple(m.to) for m in overdue} == {("kp@example.org",), (admin_user.email,)}
    assert all("OVERDUE" in m.body for m in overdue)
    problems_services.change_problem_status(report=report, status="accepted", user=admin_user)
    assert ProblemReport.objects.get(pk=report.pk).due_date == due  # the term runs on
    problems_services.change_problem_status(report=report, status="solved", user=admin_user)
    assert ProblemReport.objects.get(pk=report.pk).due_date is None
    remind(due + dt.timedelta(days=2))  # other open reports may be due: not this one
    assert not any("вул. Строкова, 1" in m.body for m in mail.outbox)
    reopened = problems_services.reopen_problem(
        report=report, resident=resident, reason="Знову яма"
    )
    assert reopened.due_date == legal_calendar.due_date("citizen_appeal", received)
    assert "participation_problem_reminders" in {job.name for job in scheduler.jobs()}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.send_problem_reminders.enqueue()
    assert result.return_value == len(mail.outbox)


def problems_link() -> str:
    from django.conf import settings

    from hromada.participation.problems.pages import ProblemsPage

    page = ProblemsPage.objects.live().get()
    return settings.BASE_URL.rstrip("/") + page.url


def test_anonymous_cannot_report(client: Client, problems_page: Any) -> None:
    assert client.get(f"{problems_page.url}new/").status_code == 403


def test_a_phone_photo_is_stored_without_its_metadata_and_under_a_random_name(
    resident: Any, category: Any
) -> None:
    report = problems_services.report_problem(
        resident=resident,
        category=category,
        description="Яма",
        address="вул. Тестова, 20",
        photos=[_photo("IMG_Ivan_Petrenko_home.jpg", phone_jpeg())],
    )
    stored = report.photos.get().image
    assert_clean_and_upright(stored)
    name = str(stored.name)
    assert name.startswith("participation/problems/") and name.endswith(".jpg")
    assert "Ivan" not in name and "IMG" not in name


def test_photos_are_public_only_once_staff_accepted_the_report(
    client: Client, problems_page: Any, resident: Any, category: Any, admin_user: Any
) -> None:
    report = problems_services.report_problem(
        resident=resident,
        category=category,
        description="Яма",
        address="вул. Тестова, 21",
        photos=[_photo("a.jpg", phone_jpeg())],
    )
    photo = report.photos.get()
    photo_url = f"/problem-photos/{photo.pk}/"
    detail = f"{problems_page.url}{report.pk}/"

    assert client.get(detail).status_code == 404  # its text waits for a moderator
    problems_services.moderate_problem(report=report, publish=True, user=admin_user)
    html = client.get(detail).content.decode()
    assert photo_url not in html  # its text is public now, its photos are not
    assert "Фото буде показано, щойно звернення приймуть." in html
    client.force_login(admin_user)  # the moderator sees them where the status is changed
    staff_page = client.get(f"/admin/participation_problems/status/{report.pk}/")
    assert f"/admin/participation_problems/photo/{photo.pk}/" in staff_page.content.decode()
    client.logout()

    problems_services.change_problem_status(report=report, status="accepted", user=admin_user)
    html = client.get(detail).content.decode()
    assert html.count(photo_url) == 1

    problems_services.change_problem_status(
        report=report,
        status="forwarded",
        forwarded_to="Служба автомобільних доріг в області",
        user=admin_user,
    )
    assert photo_url in client.get(detail).content.decode()
    problems_services.reopen_problem(report=report, resident=resident, reason="Яма досі є")
    assert photo_url not in client.get(detail).content.decode()
    problems_services.change_problem_status(report=report, status="in_progress", user=admin_user)
    assert photo_url in client.get(detail).content.decode()
