"""Units agree with their figures in the report: "1 документ", "2 документи", "5 документів"."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from django.utils import translation
from docx import Document

from hromada.core import metrics
from hromada.core.metrics import Period
from hromada.core.models import HistoricalFigure
from hromada.reports import services

pytestmark = pytest.mark.django_db

KEY = "correspondence.incoming"  # unit: documents
UKRAINIAN = {
    1: "1 документ",
    2: "2 документи",
    5: "5 документів",
    11: "11 документів",
    21: "21 документ",
    838: "838 документів",
}
ENGLISH = {
    1: "1 document",
    2: "2 documents",
    5: "5 documents",
    11: "11 documents",
    21: "21 documents",
    838: "838 documents",
}


def _texts(value: int, language: str) -> tuple[str, str]:
    """The figure's HTML table cell and DOCX line, for a report built in ``language``."""
    HistoricalFigure.objects.update_or_create(metric=KEY, year=2020, defaults={"value": value})
    with translation.override(language):
        report = services.build_report(Period.year(2020))
        html = services.render(report, output_format="html").decode()
        docx = services.render(report, output_format="docx")
    cell = re.search(
        rf'data-metric="{re.escape(KEY)}">\s*<th scope="row">[^<]*</th>'
        r'\s*<td class="value">(.*?)</td>',
        html,
        re.S,
    )
    assert cell is not None
    # The figure and its noun are joined by a non-breaking space (never split across lines).
    html_text = re.sub(r"<[^>]+>", "", cell.group(1)).replace("&nbsp;", " ")
    assert "&nbsp;" in cell.group(1)
    label = str(report["metrics"][KEY]["label"])
    lines = [p.text for p in Document(io.BytesIO(docx)).paragraphs if p.text.startswith(label)]
    assert len(lines) == 1, lines
    return html_text, lines[0]


@pytest.mark.parametrize("value", sorted(UKRAINIAN))
def test_ukrainian_units_agree_with_the_figure(value: int) -> None:
    html_text, docx_line = _texts(value, "uk")
    assert html_text == f"{UKRAINIAN[value]}*"  # * marks the historical value
    assert f" — {UKRAINIAN[value]}" in docx_line


@pytest.mark.parametrize("value", sorted(ENGLISH))
def test_english_units_agree_with_the_figure(value: int) -> None:
    html_text, docx_line = _texts(value, "en")
    assert html_text == f"{ENGLISH[value]}*"
    assert f" — {ENGLISH[value]}" in docx_line


def test_every_unit_has_its_plural_forms_in_both_languages() -> None:
    """A counted unit is declared with npgettext_lazy and translated in every form."""
    counted = [m for m in metrics.all_metrics() if not isinstance(m.unit, str)]
    assert len(counted) > 40
    for metric in counted:
        with translation.override("en"):
            one, many = metric.unit_for(1), metric.unit_for(5)
            assert one and many and one != many, metric.key
        with translation.override("uk"):
            forms = [metric.unit_for(n) for n in (1, 2, 5, 21, 838)]
            assert all(forms), metric.key
            # Ukrainian, not the English msgid, and the forms follow the count
            assert not re.search(r"[a-z]", "".join(forms)), (metric.key, forms)
            assert forms[0] == forms[3] and forms[2] == forms[4], (metric.key, forms)
    # a symbol has one form
    percent = metrics.get("correspondence.decided_on_time_percent")
    assert percent.unit_for(1) == percent.unit_for(5) == "%"


def test_dashboard_shows_units_agreeing_with_the_figures(client: Client, admin_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user)
    response = client.get("/admin/activity_report/dashboard/", {"as_of": "2020-12-31"})
    assert response.status_code == 200
    html = response.content.decode()
    cells = re.findall(r"<td>(?:<a [^>]*>)?(\d+)(?:</a>)? (\w+)</td>", html)
    documents = [(int(n), unit) for n, unit in cells if unit.startswith("документ")]
    assert documents
    forms = {
        0: "документів",
        1: "документ",
        2: "документи",
        3: "документи",
        4: "документи",
        5: "документів",
    }
    for number, unit in documents:
        if number % 100 not in (11, 12, 13, 14) and number % 10 in forms:
            assert unit == forms[number % 10], (number, unit)
        else:
            assert unit == "документів", (number, unit)
    assert not [unit for _, unit in cells if re.fullmatch(r"[a-z]+", unit)]
