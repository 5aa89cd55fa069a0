"""DOCX documents written from templates staff can edit (docxtpl), shared by every module
that produces an office document: the activity report, thematic reviews, information notes.

A module describes each kind of document with a :class:`TemplateKind`: the placeholders a
template may use (with what they hold; staff see the list next to the upload field) and a
built-in template written with python-docx. Staff download the built-in template, reword or
restyle it in Word or LibreOffice (letterhead, fonts, headers and footers) and upload it back.
:func:`check_template` refuses an upload that is not a readable DOCX, does not parse (the
error names the line) or uses a placeholder the document does not provide (named).

:func:`render` fills a template in a Jinja sandbox with autoescaping: text that comes from
outside (a news item's title, an annotation) is written as text, so ``<``, ``&`` or a
control character cannot break the document's XML or inject markup, and a template cannot
reach Python objects. Values are plain data (strings, numbers, lists and dicts) built by the
module; ``None`` prints as nothing.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

# Characters XML 1.0 does not allow, plus those docxtpl turns into paragraph and page breaks
# (\a, \f) and the vertical tab; \t (a tab) and \n (a line break) are kept.
_NOT_XML_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class TemplateKind:
    """One kind of document: what a template of it may use, and its built-in template."""

    key: str
    label: str | Promise
    #: name → what it holds (shown to staff next to the upload field)
    placeholders: Mapping[str, str | Promise]
    #: writes the built-in template (python-docx) in the active language
    built_in: Callable[[], bytes]
    #: file name of the built-in template when downloaded
    filename: str

    def check(self, file: IO[bytes]) -> list[str]:
        return check_template(file, placeholders=self.placeholders)


def _finalize(value: Any) -> Any:
    """What ``{{ value }}`` prints, before escaping: nothing for None, text without
    characters that XML cannot hold; docxtpl objects (sub-documents, rich text) as they are."""
    if value is None:
        return ""
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return _NOT_XML_TEXT.sub("", value)
    return value


def environment() -> SandboxedEnvironment:
    """The Jinja environment templates are checked and rendered in: sandboxed (an uploaded
    template cannot reach Python objects) and autoescaping (values are text, not XML)."""
    return SandboxedEnvironment(autoescape=True, finalize=_finalize)


def check_template(file: IO[bytes], *, placeholders: Mapping[str, Any]) -> list[str]:
    """Problems that would make this template render wrongly; empty when it is usable."""
    file.seek(0)
    try:
        template = DocxTemplate(io.BytesIO(file.read()))
        used = template.get_undeclared_template_variables(environment())
    except TemplateSyntaxError as error:
        return [
            _("Template syntax error near line %(line)s: %(message)s")
            % {"line": error.lineno, "message": error.message}
        ]
    except Exception as error:
        return [_("The file is not a readable DOCX document (%(error)s).") % {"error": error}]
    finally:
        file.seek(0)
    unknown = sorted(set(used) - set(placeholders))
    if unknown:
        return [
            _("Unknown placeholders: %(names)s. Known: %(known)s.")
            % {"names": ", ".join(unknown), "known": ", ".join(placeholders)}
        ]
    return []


def validate_template(file: IO[bytes], *, placeholders: Mapping[str, Any]) -> None:
    problems = check_template(file, placeholders=placeholders)
    if problems:
        raise ValidationError(problems)


def render(
    template: bytes,
    context: Mapping[str, Any] | Callable[[DocxTemplate], Mapping[str, Any]],
) -> bytes:
    """``template`` filled with ``context``; a callable context is given the opened template
    first, for values that must be made from it (docxtpl sub-documents, images)."""
    document = DocxTemplate(io.BytesIO(template))
    values = context(document) if callable(context) else context
    document.render(dict(values), environment())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def placeholder_help(placeholders: Mapping[str, Any]) -> str:
    """The placeholders as one line of help text: "title — the title; items — …"."""
    return "; ".join(f"{name} — {meaning}" for name, meaning in placeholders.items())
