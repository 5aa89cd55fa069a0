"""The printed report (issue 18): an A4 document with ДСТУ 4163 margins, a title page, the
right unit words, no internal keys or admin links; events held in sessions; the admin pages."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pdfplumber
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from docx import Document

from hromada.activities import services as services_activities
from hromada.activities.models import Event, EventKind
from hromada.core import metrics
from hromada.core.metrics import Period, sessions_text
from hromada.core.selectors import city_profile
from hromada.reports import services
from hromada.reports.rendering import IncompleteProfile

pytestmark = pytest.mark.django_db

POINTS_PER_MM = 72 / 25.4
A4 = (210 * POINTS_PER_MM, 297 * POINTS_PER_MM)
LEFT, RIGHT, TOP, BOTTOM = 30, 10, 20, 20
TOLERANCE = 0.5  # points: glyph boxes may touch the margin line


@pytest.fixture(scope="module")
def pdf_2020(django_db_setup, django_db_blocker) -> bytes:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        return services.render(services.build_report(Period.year(2020)), output_format="pdf")


def _inside_margins(
    page: pdfplumber.page.Page, x0: float, top: float, x1: float, bottom: float
) -> bool:
    return (
        x0 >= LEFT * POINTS_PER_MM - TOLERANCE
        and x1 <= page.width - RIGHT * POINTS_PER_MM + TOLERANCE
        and top >= TOP * POINTS_PER_MM - TOLERANCE
        and bottom <= page.height - BOTTOM * POINTS_PER_MM + TOLERANCE
    )


def test_pdf_is_a4_and_nothing_crosses_a_margin(pdf_2020: bytes) -> None:
    with pdfplumber.open(io.BytesIO(pdf_2020)) as pdf:
        assert len(pdf.pages) > 2
        for number, page in enumerate(pdf.pages, start=1):
            assert (round(page.width), round(page.height)) == (round(A4[0]), round(A4[1]))
            footer = page.height - BOTTOM * POINTS_PER_MM
            outside = [
                char["text"]
                for char in page.chars
                if not _inside_margins(page, char["x0"], char["top"], char["x1"], char["bottom"])
                # the page number sits in the bottom margin, as ДСТУ 4163 places it
                and not (char["top"] >= footer and char["text"].isdigit())
            ]
            assert outside == [], f"page {number}: {''.join(outside)!r} crosses a margin"
            for shape in [*page.rects, *page.curves, *page.lines, *page.images]:
                assert _inside_margins(
                    page, shape["x0"], shape["top"], shape["x1"], shape["bottom"]
                ), f"page {number}: a drawing crosses a margin at {shape['x0']:.0f}"
            if number > 1:
                assert page.extract_text().strip().splitlines()[-1].strip() == str(number)


def test_pdf_has_a_title_page_and_no_keys_links_or_generic_units(pdf_2020: bytes) -> None:
    profile = city_profile()
    with pdfplumber.open(io.BytesIO(pdf_2020)) as pdf:
        title = pdf.pages[0].extract_text()
        text = "\n".join(page.extract_text() for page in pdf.pages)
        assert not any(page.hyperlinks for page in pdf.pages)
    flat_title = " ".join(title.split())
    assert profile.council_name.upper() in flat_title
    assert "ЗВІТ ПРО РОБОТУ" in flat_title and "за 2020 рік" in flat_title
    assert "(підпис)" in flat_title
    flat = " ".join(text.split())
    assert "/admin/" not in flat
    for metric in metrics.all_metrics():
        assert metric.key not in flat, metric.key
    assert "одиниць" not in flat
    assert re.search(r"\d привітань", flat)


def test_every_counted_figure_has_its_own_unit_noun() -> None:
    generic = {"одиниця", "одиниці", "одиниць"}
    for metric in metrics.all_metrics():
        forms = {metric.unit_for(n) for n in (1, 2, 5)}
        assert forms and "" not in forms, f"{metric.key} declares no unit"
        assert not forms & generic, f"{metric.key} is counted in «одиниць»"


def test_docx_is_a4_with_dstu_margins(tmp_path: Path) -> None:
    target = tmp_path / "report.docx"
    call_command(
        "report", "--year", "2020", "--format", "docx", "-o", str(target),
        "--signatory", "Олена Коваль", stdout=io.StringIO(),
    )  # fmt: skip
    document = Document(str(target))
    for section in document.sections:
        # Word stores twentieths of a point: compare to a tenth of a millimetre
        sizes = [section.page_width, section.page_height, section.left_margin]
        sizes += [section.right_margin, section.top_margin, section.bottom_margin]
        assert [round(size.mm, 1) if size else None for size in sizes] == [210, 297, 30, 10, 20, 20]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "ЗВІТ ПРО РОБОТУ" in text and "за 2020 рік" in text and "Олена Коваль" in text


def test_a_city_without_the_office_name_is_told_so(
    client: Client, admin_user, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    profile = city_profile()
    profile.office_name = ""
    profile.save()
    report = services.build_report(Period.year(2020))
    for output_format in ("html", "pdf", "docx"):
        with pytest.raises(IncompleteProfile, match="назви підрозділу"):
            services.render(report, output_format=output_format)
    with pytest.raises(CommandError, match="назви підрозділу"):
        call_command(
            "report", "--year", "2020", "--format", "pdf", "-o", str(tmp_path / "r.pdf"),
            stdout=io.StringIO(),
        )  # fmt: skip
    assert not (tmp_path / "r.pdf").exists()
    client.force_login(admin_user)
    response = client.get("/admin/activity_report/", {"year": "2020", "output_format": "pdf"})
    assert response.status_code == 200
    assert "немає назви підрозділу" in response.content.decode()


def test_report_page_has_a_title_and_heading_and_opens_on_a_year_with_records(
    client: Client, admin_user
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user)
    page = client.get("/admin/activity_report/").content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title is not None
    assert "<" not in title.group(1) and "csrf" not in title.group(1)
    assert "Звіт про роботу" in title.group(1)
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert heading is not None and "Звіт про роботу" in re.sub(r"<[^>]+>", "", heading.group(1))
    assert re.search(rf'name="year"[^>]*value="{services.default_year()}"', page)
    # the demo's records are of 2020 (2021–2025 hold only what already existed: the
    # organizations register, datasets): a year without records is skipped
    assert services.default_year(dt.date(2025, 6, 1)) == 2020


def test_dashboard_and_report_agree_for_a_year_with_historical_figures(
    client: Client, admin_user
) -> None:  # type: ignore[no-untyped-def]
    report = services.build_report(Period.year(2019))["metrics"]
    assert any(figure["source"] == "historical" for figure in report.values())
    modules = services.compare_periods(current=Period.year(2019), earlier=Period.year(2018))
    for module in modules:
        for row in module["rows"]:
            assert row["current"] == report[row["key"]]["value"], row["key"]
    client.force_login(admin_user)
    response = client.get("/admin/activity_report/dashboard/", {"as_of": "2019-12-31"})
    assert response.status_code == 200


def test_sessions_text() -> None:
    july = [
        (dt.date(2020, 7, 27), dt.date(2020, 7, 28)),
        (dt.date(2020, 7, 22), dt.date(2020, 7, 23)),
    ]
    assert sessions_text(july) == "22–23.07 і 27–28.07.2020"
    assert sessions_text([(dt.date(2020, 6, 30), dt.date(2020, 7, 2))]) == "30.06–02.07.2020"
    assert (
        sessions_text([(dt.date(2020, 12, 30), None), (dt.date(2021, 1, 5), None)])
        == "30.12.2020 і 05.01.2021"
    )


def test_an_event_held_in_sessions_prints_its_sessions() -> None:
    # the demo's training of 22–23.07 and 27–28.07.2020 (the seed's example)
    html = services.render(services.build_report(Period.year(2020)), output_format="html")
    text = html.decode()
    assert "<strong>22–23.07 і 27–28.07.2020</strong> — Дводенні тренінги" in text
    assert "22.07.2020 – 28.07.2020" not in text
    event = services_activities.create_event(
        kind=EventKind.TRAINING,
        title="Тренінг з відкритих даних",
        start_date=dt.date(2020, 9, 1),
        end_date=dt.date(2020, 9, 10),
        place="Київ",
        sessions=[(dt.date(2020, 9, 9), dt.date(2020, 9, 10)), (dt.date(2020, 9, 1), None)],
    )
    assert event.dates_display == "01.09 і 09–10.09.2020"
    report = services.build_report(Period.year(2020))
    (item,) = [
        item
        for report_list in report["lists"]
        for item in report_list["items"]
        if item["title"] == "Тренінг з відкритих даних"
    ]
    assert item["sessions"] == [["2020-09-01", None], ["2020-09-09", "2020-09-10"]]


def test_a_session_outside_the_event_is_refused_and_nothing_is_written() -> None:
    before = Event.objects.count()
    with pytest.raises(ValidationError, match=r"Період 1 \(05\.09\.2020\)"):
        services_activities.create_event(
            kind=EventKind.TRAINING,
            title="Семінар",
            start_date=dt.date(2020, 9, 1),
            end_date=dt.date(2020, 9, 2),
            place="Київ",
            sessions=[(dt.date(2020, 9, 5), None)],
        )
    assert Event.objects.count() == before


@pytest.mark.parametrize(
    "url",
    [
        "/admin/activity_report/",
        "/admin/activity_report/dashboard/",
        "/admin/report_templates/",
        "/admin/activity_report/records/portal.news_published/?from=2020-01-01&to=2020-12-31",
    ],
)
def test_report_admin_pages_have_a_plain_title_and_a_heading(
    client: Client, admin_user, url: str
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title is not None and "<" not in title.group(1) and title.group(1).strip()
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert heading is not None and re.sub(r"<[^>]+>", "", heading.group(1)).strip()
