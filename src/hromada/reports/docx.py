"""The activity report as DOCX, from an editable docxtpl template.

The built-in template (:func:`default_template`) follows the seed report: a centred title,
then one heading per module with its figures written out ("… — 1 600 (у 2019 — 2 000, …)"),
the organizations table (years as rows, kinds as columns) and the lists of events, trainings
and commissions. Staff may download it, restyle or reword it in Word or LibreOffice, and
upload it back (Звіти → Шаблони звіту); :func:`check_template` lists any placeholder the
report does not provide instead of letting it render empty. Checking and rendering are
`core.docx_templates`' (sandboxed, autoescaped), shared with the monitoring module's reviews
and notes.
"""

from __future__ import annotations

import io
from typing import IO, Any

from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate

from hromada.core import docx_templates
from hromada.reports.rendering import report_context, require_office_name

#: ДСТУ 4163 page: A4 portrait, margins left 30, right 10, top 20, bottom 20 mm.
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"left": Mm(30), "right": Mm(10), "top": Mm(20), "bottom": Mm(20)}

#: Every name a template may use, with what it holds (shown to staff on the template page).
PLACEHOLDERS: dict[str, str | Promise] = {
    "title": gettext_lazy("the report's title line"),
    "city_name": gettext_lazy("the city's name"),
    "council_name": gettext_lazy("the council's name"),
    "office_name": gettext_lazy("the office's name"),
    "date_from": gettext_lazy("first day of the period, 01.01.2020"),
    "date_to": gettext_lazy("last day of the period, 31.12.2020"),
    "year": gettext_lazy("the period's year"),
    "period": gettext_lazy("the period in words: “for 2020” or “for the period … – …”"),
    "signatory": gettext_lazy("the name of the head who signs the report (may be empty)"),
    "issued": gettext_lazy("the city and year the report is issued: “Лисичанськ, 2021”"),
    "sections": gettext_lazy(
        "modules: .title and .rows (.label, .value, .unit, .comparison, .key)"
    ),
    "organizations_table": gettext_lazy(
        "the organizations table (years as rows, kinds as columns)"
    ),
    "lists": gettext_lazy("report lists: .label and .entries (.dates, .title, .details)"),
}


def default_template(*, language: str = "uk") -> bytes:
    """The built-in template, written with python-docx in the report's language."""
    with translation.override(language):
        document = Document()
        normal = document.styles["Normal"]
        normal.font.name = "Times New Roman"
        normal.font.size = Pt(14)
        _a4_page(document)
        _title_page(document)
        title = document.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.add_run("{{ title }}").bold = True
        document.add_paragraph(
            _(
                "During the period from {{ date_from }} to {{ date_to }} {{ office_name }} "
                "did the work described below; every figure is counted from the records "
                "kept in Hromada and compared with earlier years."
            )
        )
        document.add_paragraph("{%p for section in sections %}")
        document.add_heading("{{ section.title }}", level=2)
        document.add_paragraph("{%p for row in section.rows %}")
        document.add_paragraph(
            "{{ row.label }} — {{ row.value }}{% if row.unit %} {{ row.unit }}{% endif %}"
            "{% if row.comparison %} ({{ row.comparison }}).{% elif not row.unit.endswith('.') %}"
            ".{% endif %}",
            style="List Bullet",
        )
        document.add_paragraph("{%p endfor %}")
        document.add_paragraph("{%p endfor %}")
        document.add_paragraph("{%p if organizations_table %}")
        document.add_heading(
            _("Civic organizations registered in the city at the end of each year"), level=2
        )
        document.add_paragraph("{{p organizations_table }}")
        document.add_paragraph("{%p endif %}")
        document.add_paragraph("{%p for list in lists %}")
        document.add_heading("{{ list.label }}", level=2)
        document.add_paragraph("{%p for item in list.entries %}")
        document.add_paragraph(
            "{{ item.dates }} — {{ item.title }}{% if item.details %} ({{ item.details }})"
            "{% endif %}",
            # Bullets: Word continues one numbering across separate lists.
            style="List Bullet",
        )
        document.add_paragraph("{%p endfor %}")
        document.add_paragraph("{%p endfor %}")
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


def _a4_page(document: Any) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    # Page numbers centred in the footer, none on the title page.
    section.different_first_page_header_footer = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)


def _centred(document: Any, text: str, *, bold: bool = False, size: int = 14) -> Any:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    return paragraph


def _title_page(document: Any) -> None:
    """Council and office, the title, the period, the head's signature line, place and year."""
    _centred(document, "{{ council_name|upper }}", bold=True)
    _centred(document, "{{ office_name|upper }}", bold=True)
    for _blank in range(8):
        document.add_paragraph()
    _centred(document, _("ACTIVITY REPORT"), bold=True, size=18)
    _centred(document, "{{ period }}")
    for _blank in range(6):
        document.add_paragraph()
    document.add_paragraph(
        _("Head of the office") + "\t____________\t{{ signatory or '____________' }}"
    )
    for _blank in range(6):
        document.add_paragraph()
    _centred(document, "{{ issued }}").runs[0].add_break(WD_BREAK.PAGE)


def check_template(file: IO[bytes]) -> list[str]:
    """Problems that would make this template render wrongly; empty when it is usable."""
    return docx_templates.check_template(file, placeholders=PLACEHOLDERS)


def validate_template(file: IO[bytes]) -> None:
    docx_templates.validate_template(file, placeholders=PLACEHOLDERS)


TEMPLATE_KIND = docx_templates.TemplateKind(
    key="report",
    label=gettext_lazy("Activity report"),
    placeholders=PLACEHOLDERS,
    built_in=default_template,
    filename="report-template.docx",
)


def _organizations_subdoc(template: DocxTemplate, table: dict[str, Any] | None) -> Any:
    if table is None:
        return ""
    subdoc = template.new_subdoc()
    grid = subdoc.add_table(rows=1, cols=len(table["columns"]) + 1)
    grid.style = "Table Grid"
    header = grid.rows[0].cells
    header[0].text = _("Year")
    for index, column in enumerate(table["columns"], start=1):
        header[index].text = str(column)
    for row in table["rows"]:
        cells = grid.add_row().cells
        cells[0].text = row["year"]
        for index, value in enumerate(row["cells"], start=1):
            cells[index].text = value
    return subdoc


def render_docx(
    report: dict[str, Any], *, template: bytes | None = None, signatory: str = ""
) -> bytes:
    """The report rendered into ``template`` (the built-in one when None)."""
    return docx_templates.render(
        template or default_template(), lambda document: _values(document, report, signatory)
    )


def _values(document: DocxTemplate, report: dict[str, Any], signatory: str) -> dict[str, Any]:
    require_office_name()
    context = report_context(report)
    profile = context["profile"]
    office = profile.office_name
    date_from, date_to = context["date_from"], context["date_to"]
    period = (
        _("for %(year)s") % {"year": date_to.year}
        if context["is_year"]
        else _("for the period %(date_from)s – %(date_to)s")
        % {"date_from": f"{date_from:%d.%m.%Y}", "date_to": f"{date_to:%d.%m.%Y}"}
    )
    return {
        "title": _("Report on the work of %(office)s for %(from)s – %(to)s")
        % {
            "office": office,
            "from": context["date_from"].strftime("%d.%m.%Y"),
            "to": context["date_to"].strftime("%d.%m.%Y"),
        },
        "city_name": profile.name,
        "council_name": profile.council_name,
        "office_name": office,
        "date_from": context["date_from"].strftime("%d.%m.%Y"),
        "date_to": context["date_to"].strftime("%d.%m.%Y"),
        "year": str(context["date_to"].year),
        "period": period,
        "signatory": signatory,
        "issued": ", ".join(part for part in (profile.name, f"{timezone.localdate():%Y}") if part),
        "sections": [
            {"title": section["title"], "rows": section["rows"]} for section in context["sections"]
        ],
        "organizations_table": _organizations_subdoc(document, context["organizations_table"]),
        "lists": context["lists"],
    }
