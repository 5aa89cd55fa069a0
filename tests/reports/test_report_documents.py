"""The report as DOCX (built-in and uploaded templates) and PDF, its evidence links, lists
and the admin dashboard."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from docx import Document
from pypdf import PdfReader

from hromada.core import metrics
from hromada.core.metrics import ListItem, Period
from hromada.organizations.models import Organization
from hromada.reports import docx as report_docx
from hromada.reports import services
from hromada.reports.models import ReportTemplate

pytestmark = pytest.mark.django_db


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(" | ".join(c.text for c in row.cells) for row in table.rows)
    return "\n".join(parts)


def _template_with(text: str) -> bytes:
    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_cli_writes_docx_from_the_built_in_template(tmp_path: Path) -> None:
    target = tmp_path / "report.docx"
    call_command(
        "report", "--year", "2020", "--format", "docx", "-o", str(target), stdout=io.StringIO()
    )
    text = _docx_text(target.read_bytes())
    assert "01.01.2020" in text and "31.12.2020" in text
    # figures written the Ukrainian way, compared with the seed's earlier years
    assert "у 2019 — 2\xa0000" in text
    # the organizations table: years as rows, the seed's 2014 row first
    assert "2014 | 81 | 98 | 33" in text
    assert "2020 | 96 | 154 | 34" in text
    assert "{{" not in text and "{%" not in text


def test_uploaded_template_is_used_and_checked(client: Client, admin_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user)
    good = _template_with("Звіт {{ city_name }} за {{ year }}")
    response = client.post(
        "/admin/report_templates/new/",
        {"name": "Короткий", "is_default": "on", "file": SimpleUploadedFile("t.docx", good)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    template = ReportTemplate.objects.get(name="Короткий")
    assert template.uploaded_by == admin_user
    body = services.render(
        services.build_report(Period.year(2020)),
        output_format="docx",
    )
    assert _docx_text(body).strip() == "Звіт Лисичанськ за 2020"


def test_template_with_unknown_placeholders_is_refused_with_their_names(
    client: Client, admin_user
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user)
    bad = _template_with("{{ city_name }} {{ mayor_name }} {{ budget_total }}")
    response = client.post(
        "/admin/report_templates/new/",
        {"name": "Поганий", "file": SimpleUploadedFile("t.docx", bad)},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "budget_total" in page and "mayor_name" in page
    assert not ReportTemplate.objects.filter(name="Поганий").exists()


def test_template_syntax_error_names_the_problem() -> None:
    problems = report_docx.check_template(io.BytesIO(_template_with("{% for x in %}")))
    assert len(problems) == 1
    assert "line 1" in problems[0] or "рядка 1" in problems[0]


def test_disguised_template_is_refused(client: Client, admin_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user)
    response = client.post(
        "/admin/report_templates/new/",
        {"name": "PDF", "file": SimpleUploadedFile("t.docx", b"%PDF-1.4\n%%EOF\n")},
    )
    assert response.status_code == 200
    assert not ReportTemplate.objects.filter(name="PDF").exists()


def test_cli_refuses_a_bad_template_file(tmp_path: Path) -> None:
    bad = tmp_path / "t.docx"
    bad.write_bytes(_template_with("{{ nonsense }}"))
    with pytest.raises(CommandError, match="nonsense"):
        call_command(
            "report",
            "--year",
            "2020",
            "--format",
            "docx",
            "--template",
            str(bad),
            "-o",
            str(tmp_path / "r.docx"),
            stdout=io.StringIO(),
        )
    assert not (tmp_path / "r.docx").exists()


def test_cli_writes_a_pdf_with_ukrainian_text(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    call_command(
        "report", "--year", "2020", "--format", "pdf", "-o", str(target), stdout=io.StringIO()
    )
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Лисичанськ" in text or "2020" in text
    assert "01.01.2020" in text


def test_binary_formats_need_an_output_file() -> None:
    with pytest.raises(CommandError, match="-o"):
        call_command("report", "--year", "2020", "--format", "pdf", stdout=io.StringIO())


def test_every_counted_figure_links_to_exactly_its_records(client: Client, admin_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user)
    html = services.render(services.build_report(Period.year(2020)), output_format="html").decode()
    link = re.search(
        r'href="[^"]*(/admin/activity_report/records/organizations\.ngo/\?[^"]+)"', html
    )
    assert link is not None
    response = client.get(link.group(1).replace("&amp;", "&"))
    assert response.status_code == 200
    expected = metrics.get("organizations.ngo").compute(Period.year(2020))
    assert f"{expected} " in response.content.decode()
    first = (
        Organization.objects.filter(kind="ngo", registered_on__lte="2020-12-31")
        .order_by("pk")
        .first()
    )
    assert first is not None and first.name in response.content.decode()


def test_records_page_needs_the_view_permission(client: Client, django_user_model) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("viewer", password="x")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        # may see the report (reports' own permission), but not the organizations' records
        Permission.objects.get(codename="view_activity_report"),
    )
    client.force_login(user)
    url = "/admin/activity_report/records/organizations.ngo/?from=2020-01-01&to=2020-12-31"
    refused = client.get(url)
    # Wagtail turns PermissionDenied into a redirect to the dashboard with a message
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert (
        client.get("/admin/activity_report/records/nope/?from=2020-01-01&to=2020-12-31").status_code
        == 404
    )


def test_records_page_rejects_a_bad_period(client: Client, admin_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user)
    url = "/admin/activity_report/records/organizations.ngo/?from=2020-13-01&to=2020-12-31"
    assert client.get(url).status_code == 404


def test_registered_lists_appear_in_json_and_html() -> None:
    def trainings(period: Period) -> list[ListItem]:
        return [
            ListItem(date=period.start, end_date=period.start.replace(day=3), title="Семінар ОБСЄ")
        ]

    metrics.register_list("reports.test_trainings", label="Навчання", compute=trainings)
    try:
        report = services.build_report(Period.year(2020))
        entry = next(item for item in report["lists"] if item["key"] == "reports.test_trainings")
        assert entry["items"] == [
            {"date": "2020-01-01", "end_date": "2020-01-03", "title": "Семінар ОБСЄ", "details": ""}
        ]
        html = services.render(report, output_format="html").decode()
        assert "01.01.2020 – 03.01.2020" in html and "Семінар ОБСЄ" in html
        text = _docx_text(services.render(report, output_format="docx"))
        assert "01.01.2020 – 03.01.2020 — Семінар ОБСЄ" in text
    finally:
        metrics._LISTS.pop("reports.test_trainings")


def test_dashboard_compares_with_the_same_date_last_year(client: Client, admin_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user)
    response = client.get("/admin/activity_report/dashboard/", {"as_of": "2020-12-31"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "01.01.2020 – 31.12.2020" in page and "01.01.2019 – 31.12.2019" in page
    assert "<svg" in page
    assert (
        "/admin/activity_report/records/organizations.ngo/?from=2020-01-01&amp;to=2020-12-31"
        in page
    )


def test_built_in_template_downloads(client: Client, admin_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user)
    response = client.get("/admin/report_templates/built-in.docx")
    assert response.status_code == 200
    assert report_docx.check_template(io.BytesIO(response.content)) == []


def test_printing_a_pdf_leaves_truncated_uploads_refused(tmp_path: Path) -> None:
    from PIL import ImageFile

    call_command(
        "report",
        "--year",
        "2020",
        "--format",
        "pdf",
        "-o",
        str(tmp_path / "r.pdf"),
        stdout=io.StringIO(),
    )
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_every_counted_figure_lists_exactly_the_records_it_counts(
    client: Client, admin_user
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user)
    period = Period.year(2020)
    report = services.build_report(period)
    html = services.render(report, output_format="html").decode()
    counted = [metric for metric in metrics.all_metrics() if metric.records is not None]
    assert len(counted) > 60  # every module's counts, not only the portal's
    for metric in counted:
        url = f"/admin/activity_report/records/{metric.key}/?from=2020-01-01&amp;to=2020-12-31"
        if report["metrics"][metric.key]["source"] == "records":
            assert url in html, metric.key  # the number links to its records
        response = client.get(url.replace("&amp;", "&"))
        assert response.status_code == 200, metric.key
        expected = sum(queryset.count() for queryset in metric.record_sets(period))
        assert expected == metric.compute(period), metric.key
        page = response.content.decode()
        assert f">{expected} " in page or f"{expected} запис" in page, metric.key
        shown = page.count("<tr><td>")
        assert shown == min(expected, 100) or (expected == 0 and shown == 1), metric.key
