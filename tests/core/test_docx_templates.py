"""DOCX templates shared by the report and the monitoring documents: checking an upload,
rendering sandboxed with autoescaping."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from jinja2.exceptions import SecurityError

from hromada.core import docx_templates

PLACEHOLDERS = {"title": "the title", "items": "the items"}


def _template(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _text(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def test_a_usable_template_has_no_problems() -> None:
    template = _template("{{ title }}", "{%p for item in items %}", "{{ item }}", "{%p endfor %}")
    assert docx_templates.check_template(io.BytesIO(template), placeholders=PLACEHOLDERS) == []


def test_unknown_placeholders_are_named_with_the_known_ones() -> None:
    problems = docx_templates.check_template(
        io.BytesIO(_template("{{ title }} {{ mayor }} {{ budget }}")), placeholders=PLACEHOLDERS
    )
    assert len(problems) == 1
    assert "budget, mayor" in problems[0] and "title, items" in problems[0]


def test_a_syntax_error_names_its_line() -> None:
    problems = docx_templates.check_template(
        io.BytesIO(_template("{{ title }}", "{% for item in %}")), placeholders=PLACEHOLDERS
    )
    assert len(problems) == 1
    assert "line" in problems[0] or "рядка" in problems[0]


def test_a_file_that_is_not_a_docx_is_refused() -> None:
    for data in (b"%PDF-1.4\n%%EOF\n", b"PK\x03\x04 not really a zip", b""):
        problems = docx_templates.check_template(io.BytesIO(data), placeholders=PLACEHOLDERS)
        assert len(problems) == 1 and "DOCX" in problems[0]


def test_values_are_written_as_text_never_as_markup() -> None:
    hostile = 'Тарифи <w:p>&amp; "ціни" </w:t><script>alert(1)</script> {{ 7*7 }}\x0b\x01'
    body = docx_templates.render(
        _template("{{ title }}", "{%p for item in items %}", "[{{ item }}]", "{%p endfor %}"),
        {"title": hostile, "items": ["a & b", None, "x < y"]},
    )
    assert zipfile.is_zipfile(io.BytesIO(body))
    text = _text(body)
    # The text is kept as it was, without the characters XML cannot hold; nothing evaluated.
    assert text[0] == 'Тарифи <w:p>&amp; "ціни" </w:t><script>alert(1)</script> {{ 7*7 }}'
    assert text[1:] == ["[a & b]", "[]", "[x < y]"]
    xml = zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml").decode()
    assert "<script>" not in xml and "&lt;script&gt;" in xml


def test_a_template_cannot_reach_python_objects() -> None:
    with pytest.raises(SecurityError):
        docx_templates.render(_template("{{ title.__class__.__mro__ }}"), {"title": "назва"})
    body = docx_templates.render(_template("[{{ title.upper.__globals__ }}]"), {"title": "назва"})
    assert _text(body) == ["[]"]


def test_line_breaks_and_tabs_stay_in_the_paragraph() -> None:
    body = docx_templates.render(_template("{{ title }}"), {"title": "перший\nдругий"})
    document = docx.Document(io.BytesIO(body))
    assert len(document.paragraphs) == 1
    assert "перший" in document.paragraphs[0].text and "другий" in document.paragraphs[0].text
