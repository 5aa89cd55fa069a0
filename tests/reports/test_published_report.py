"""The report published on the portal ("Звіти про роботу")."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from hromada.core.metrics import Period
from hromada.portal.models import SectionPage
from hromada.reports import services
from hromada.reports.models import ActivityReportPage

pytestmark = pytest.mark.django_db


def test_demo_publishes_the_2020_report_with_its_figures(client: Client) -> None:
    page = ActivityReportPage.objects.get(period_start__year=2020)
    assert page.live and page.get_parent().title == "Звіти про роботу"
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "01.01.2020 – 31.12.2020" in html
    assert "у 2019 — 157" in html  # organizations history from the seed
    assert "/admin/" not in html.split("<main", 1)[1]  # no admin links for residents
    data = client.get(page.url, {"format": "json"}).json()
    assert data["metrics"]["organizations.ngo"]["value"] == 154


def test_published_report_is_a_snapshot(admin_user) -> None:  # type: ignore[no-untyped-def]
    section = SectionPage.objects.get(title="Звіти про роботу")
    page = services.publish_report(
        period=Period.year(2019), parent=section, title="Звіт за 2019 рік", user=admin_user
    )
    again = services.publish_report(
        period=Period.year(2019), parent=section, title="Звіт за 2019 рік", user=admin_user
    )
    assert page.slug != again.slug  # both kept, at their own addresses
    assert page.report_json["from"] == "2019-01-01"
    assert "Об’єднання громадян" in page.body_html or "організац" in page.body_html


def test_publishing_needs_page_permissions(django_user_model) -> None:  # type: ignore[no-untyped-def]
    user = django_user_model.objects.create_user("nobody", password="x")
    section = SectionPage.objects.get(title="Звіти про роботу")
    with pytest.raises(PermissionDenied):
        services.publish_report(period=Period.year(2020), parent=section, title="X", user=user)
    assert not ActivityReportPage.objects.filter(title="X").exists()


def test_admin_publish_form(client: Client, admin_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user)
    form_page = client.get("/admin/activity_report/")
    assert "Опублікувати" in form_page.content.decode() or "Publish" in form_page.content.decode()
    section = SectionPage.objects.get(title="Звіти про роботу")
    response = client.post(
        "/admin/activity_report/publish/",
        {"year": "2020", "parent": section.pk, "title": "Звіт 2020 (адмін)", "intro": ""},
    )
    assert response.status_code == 302
    assert ActivityReportPage.objects.filter(title="Звіт 2020 (адмін)").exists()
    bad = client.post("/admin/activity_report/publish/", {"year": "1800", "title": ""})
    assert bad.status_code == 200 and "error-message" in bad.content.decode()


def test_the_publish_form_finds_the_section_by_its_reports(client: Client, admin_user) -> None:  # type: ignore[no-untyped-def]
    section = ActivityReportPage.objects.get(period_start__year=2020).get_parent().specific
    section.title = "Annual reports"  # renamed (or an English-speaking site): still found
    section.save_revision().publish()
    client.force_login(admin_user)
    form = client.get("/admin/activity_report/").context["publish_form"]
    assert form.initial["parent"] == section
