"""Thematic reviews and information notes as DOCX (from editable templates), HTML and PDF.

The DOCX is rendered by docxtpl (`core.docx_templates`, sandboxed and autoescaped) from the
newest default template staff uploaded for that kind of document (Моніторинг ЗМІ → Шаблони
документів), else from the built-in one written here with python-docx. Staff download a
built-in template, restyle or reword it in Word or LibreOffice (letterhead, fonts, headers and
footers) and upload it back; the upload is refused unless it is a DOCX that parses and uses
only the placeholders below. The HTML is a self-contained page rendered by Django from the
same values (`templates/monitoring/documents/`), and the PDF is that page through WeasyPrint.
"""

from __future__ import annotations

import html
import io
import logging
import re
from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from hromada.core import civic_actions, docx_templates
from hromada.core.docx_templates import TemplateKind
from hromada.monitoring.models import (
    DocumentKind,
    DocumentTemplate,
    InformationNote,
    MediaItem,
    Review,
)

logger = logging.getLogger(__name__)
#: Values with attributes (``item.title``): a dict's keys would clash in Jinja with its
#: methods (``counts.items``, ``story.items``).
Record = SimpleNamespace
_BLOCK = re.compile(r"<(h[1-6]|p|li)[^>]*>(.*?)</\1>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
LEAD_CHARACTERS = 1200

_COMMON = {
    "title": gettext_lazy("the document's title"),
    "period": gettext_lazy("the period, 01.03.2020 – 31.03.2020 (one date for one day)"),
    "date_from": gettext_lazy("first day of the period, 01.03.2020"),
    "date_to": gettext_lazy("last day of the period, 31.03.2020"),
    "prepared_on": gettext_lazy("the day it was prepared, 01.04.2020"),
    "compiler": gettext_lazy("who prepared it (name and position)"),
    "city_name": gettext_lazy("the city's name"),
    "council_name": gettext_lazy("the council's name"),
    "office_name": gettext_lazy("the office's name"),
}
_ITEM_FIELDS = gettext_lazy(
    ".number, .title, .outlet, .outlet_kind, .date (01.03.2020), .url, .snippet (where the "
    "city is named), .lead (the opening paragraph), .story_count (items in its story), "
    ".reprints (story_count − 1), .cites_office (true or false), .topics"
)

#: What a review template may use, with what it holds (shown next to the upload field).
REVIEW_PLACEHOLDERS: dict[str, Any] = {
    **_COMMON,
    "topic": gettext_lazy("the review's topic (empty when none)"),
    "introduction": gettext_lazy("the introduction"),
    "items": format_lazy(
        gettext_lazy("the chosen items in their order, each with {fields}, .annotation"),
        fields=_ITEM_FIELDS,
    ),
    "counts": gettext_lazy(
        ".items, .stories (reprints counted once), .citing (items citing the office or the "
        "official site), .outlets"
    ),
}

#: What a weekly or daily note template may use.
NOTE_PLACEHOLDERS: dict[str, Any] = {
    **_COMMON,
    "kind": gettext_lazy("weekly or daily information note"),
    "text": gettext_lazy(
        "the note's text as edited by staff, in blocks: .style (heading, paragraph or "
        "bullet) and .text"
    ),
    "items": format_lazy(
        gettext_lazy("the period's items, each with {fields}"), fields=_ITEM_FIELDS
    ),
    "stories": gettext_lazy(
        "the items grouped by story, most reprinted first: .title, .lead, .count, "
        ".cites_office, .items (as above)"
    ),
    "civic_actions": gettext_lazy(
        "protests, pickets, rallies and assemblies of the period from the activity journal: "
        ".date, .kind, .place, .organizers, .subject, .participants, .demands, .outcome"
    ),
    "counts": gettext_lazy(".items, .stories, .citing, .outlets, .civic_actions"),
}


def _date(value: Any) -> str:
    return f"{value:%d.%m.%Y}"


def _period(start: Any, end: Any) -> str:
    return _date(start) if start == end else f"{_date(start)} – {_date(end)}"


def _plain(markup: str) -> str:
    """Text of an HTML fragment (a mention's snippet, a block of the note)."""
    return " ".join(html.unescape(_TAG.sub(" ", markup or "")).split())


def _lead(item: MediaItem) -> str:
    lead = (item.text or item.summary or "").split("\n\n")[0].strip()
    if len(lead) > LEAD_CHARACTERS:
        lead = lead[:LEAD_CHARACTERS].rsplit(" ", 1)[0] + "…"
    return lead


def _office() -> dict[str, str]:
    from hromada.core.selectors import city_profile

    profile = city_profile()
    return {
        "city_name": profile.name,
        "council_name": profile.council_name,
        "office_name": profile.office_name,
    }


def _item(number: int, item: MediaItem, annotation: str | None = None) -> Record:
    mentions = list(item.mentions.all())[:1]
    story_count = item.story.item_count if item.story_id and item.story else 1
    values: dict[str, Any] = {
        "number": number,
        "title": item.title,
        "outlet": item.outlet.name,
        "outlet_kind": item.outlet.get_kind_display(),
        "date": _date(timezone.localtime(item.published_at)),
        "url": item.url,
        "snippet": _plain(mentions[0].snippet) if mentions else "",
        "lead": _lead(item),
        "story_count": story_count,
        "reprints": max(story_count - 1, 0),
        "cites_office": item.cites_official,
        "topics": ", ".join(topic.name for topic in item.topics.all()),
    }
    if annotation is not None:
        values["annotation"] = annotation
    return Record(**values)


def _counts(items: list[MediaItem], **more: int) -> Record:
    return Record(
        items=len(items),
        stories=len({item.story_id or f"item-{item.pk}" for item in items}),
        citing=sum(1 for item in items if item.cites_official),
        outlets=len({item.outlet_id for item in items}),
        **more,
    )


def _with_relations(queryset: Any) -> Any:
    return queryset.select_related("outlet", "story").prefetch_related("mentions", "topics")


# --- values ----------------------------------------------------------------------------


def review_values(review: Review) -> dict[str, Any]:
    """What a review template is filled with (plain data: see REVIEW_PLACEHOLDERS)."""
    entries = list(
        review.entries.select_related("item__outlet", "item__story")
        .prefetch_related("item__mentions", "item__topics")
        .order_by("sort_order", "pk")
    )
    items = [entry.item for entry in entries]
    return {
        **_office(),
        "title": review.title,
        "topic": review.topic.name if review.topic else "",
        "period": _period(review.period_start, review.period_end),
        "date_from": _date(review.period_start),
        "date_to": _date(review.period_end),
        "prepared_on": _date(review.prepared_on),
        "compiler": review.compiler,
        "introduction": review.introduction,
        "items": [
            _item(number, entry.item, entry.annotation)
            for number, entry in enumerate(entries, start=1)
        ],
        "counts": _counts(items),
    }


def _blocks(body: str) -> Iterable[Record]:
    """The rich text's headings, paragraphs and list items as plain-text blocks."""
    for match in _BLOCK.finditer(body or ""):
        text = _plain(match.group(2))
        if not text:
            continue
        tag = match.group(1).lower()
        style = "heading" if tag.startswith("h") else "bullet" if tag == "li" else "paragraph"
        yield Record(style=style, text=text)


def _civic_actions(note: InformationNote) -> list[Record]:
    return [
        Record(
            date=_date(action.date),
            kind=action.kind,
            place=action.place,
            organizers=action.organizers,
            subject=action.subject,
            participants=action.participants or "",
            demands=action.demands,
            outcome=action.outcome,
        )
        for action in civic_actions.between(note.period_start, note.period_end)
    ]


def note_values(note: InformationNote) -> dict[str, Any]:
    """What a note template is filled with (plain data: see NOTE_PLACEHOLDERS)."""
    items = list(_with_relations(note.items.all()).order_by("published_at", "pk"))
    numbered = [_item(number, item) for number, item in enumerate(items, start=1)]
    groups: dict[Any, list[tuple[MediaItem, Record]]] = {}
    for item, values in zip(items, numbered, strict=True):
        groups.setdefault(item.story_id or f"item-{item.pk}", []).append((item, values))
    stories = [
        Record(
            title=group[0][0].title,
            lead=group[0][1].lead,
            count=len(group),
            cites_office=any(item.cites_official for item, _values in group),
            items=[values for _item_, values in group],
        )
        for group in sorted(groups.values(), key=lambda group: -len(group))
    ]
    actions = _civic_actions(note)
    return {
        **_office(),
        "title": note.title,
        "kind": note.get_kind_display(),
        "period": _period(note.period_start, note.period_end),
        "date_from": _date(note.period_start),
        "date_to": _date(note.period_end),
        "prepared_on": _date(note.prepared_on),
        "compiler": note.compiler,
        "text": list(_blocks(note.body)),
        "items": numbered,
        "stories": stories,
        "civic_actions": actions,
        "counts": _counts(items, civic_actions=len(actions)),
    }


# --- built-in templates ----------------------------------------------------------------


def _new_document() -> Any:
    from docx.shared import Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    return document


def _letterhead(document: Any) -> None:
    for name in ("office_name", "council_name"):
        document.add_paragraph("{%p if " + name + " %}")
        document.add_paragraph("{{ " + name + " }}").alignment = WD_ALIGN_PARAGRAPH.CENTER
        document.add_paragraph("{%p endif %}")
    document.add_heading("{{ title }}", level=0)
    document.add_paragraph(_("Period: %(period)s") % {"period": "{{ period }}"})


def _signature(document: Any) -> None:
    document.add_paragraph(
        _("Prepared on %(date)s.") % {"date": "{{ prepared_on }}"}
        + "{% if compiler %} {{ compiler }}{% endif %}"
    )


def _save(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def built_in_review_template() -> bytes:
    """The built-in review template (python-docx), in the active language: letterhead,
    title, period, topic, introduction, the counts, then each item with its outlet and date,
    reprints, citation of the office, annotation, opening paragraph and address."""
    document = _new_document()
    _letterhead(document)
    document.add_paragraph("{%p if topic %}")
    document.add_paragraph(_("Topic: %(topic)s") % {"topic": "{{ topic }}"})
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p if introduction %}")
    document.add_paragraph("{{ introduction }}")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph(
        _(
            "Items: %(items)s (stories: %(stories)s), of them citing the office or the "
            "official site: %(citing)s."
        )
        % {
            "items": "{{ counts.items }}",
            "stories": "{{ counts.stories }}",
            "citing": "{{ counts.citing }}",
        }
    )
    document.add_paragraph("{%p for item in items %}")
    document.add_heading("{{ item.number }}. {{ item.title }}", level=2)
    document.add_paragraph(
        "{{ item.outlet }}, {{ item.date }}"
        + "{% if item.reprints %}; "
        + _("reprints: %(count)s") % {"count": "{{ item.reprints }}"}
        + "{% endif %}{% if item.cites_office %}; "
        + _("cites the office or the official site")
        + "{% endif %}"
    )
    document.add_paragraph("{%p if item.annotation %}")
    document.add_paragraph().add_run("{{ item.annotation }}").italic = True
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p if item.lead %}")
    document.add_paragraph("{{ item.lead }}")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p if item.url %}")
    document.add_paragraph("{{ item.url }}")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p endfor %}")
    _signature(document)
    return _save(document)


def built_in_note_template() -> bytes:
    """The built-in template of weekly and daily notes, in the active language: letterhead,
    title, period, the counts, then the note's text as staff edited it (drafted from the
    period's items grouped by story and the civic actions)."""
    document = _new_document()
    _letterhead(document)
    document.add_paragraph(
        _(
            "Items mentioning the city: %(items)s (stories: %(stories)s), of them citing the "
            "office or the official site: %(citing)s; civic actions: %(actions)s."
        )
        % {
            "items": "{{ counts.items }}",
            "stories": "{{ counts.stories }}",
            "citing": "{{ counts.citing }}",
            "actions": "{{ counts.civic_actions }}",
        }
    )
    document.add_paragraph("{%p for block in text %}")
    document.add_paragraph('{%p if block.style == "heading" %}')
    document.add_heading("{{ block.text }}", level=2)
    document.add_paragraph('{%p elif block.style == "bullet" %}')
    document.add_paragraph("{{ block.text }}", style="List Bullet")
    document.add_paragraph("{%p else %}")
    document.add_paragraph("{{ block.text }}")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p endfor %}")
    _signature(document)
    return _save(document)


KINDS: dict[str, TemplateKind] = {
    DocumentKind.REVIEW: TemplateKind(
        key=DocumentKind.REVIEW,
        label=DocumentKind.REVIEW.label,
        placeholders=REVIEW_PLACEHOLDERS,
        built_in=built_in_review_template,
        filename="review-template.docx",
    ),
    DocumentKind.WEEKLY_NOTE: TemplateKind(
        key=DocumentKind.WEEKLY_NOTE,
        label=DocumentKind.WEEKLY_NOTE.label,
        placeholders=NOTE_PLACEHOLDERS,
        built_in=built_in_note_template,
        filename="weekly-note-template.docx",
    ),
    DocumentKind.DAILY_NOTE: TemplateKind(
        key=DocumentKind.DAILY_NOTE,
        label=DocumentKind.DAILY_NOTE.label,
        placeholders=NOTE_PLACEHOLDERS,
        built_in=built_in_note_template,
        filename="daily-note-template.docx",
    ),
}


def placeholder_help(kind: str) -> str:
    """The placeholders of a kind of document, for staff."""
    return docx_templates.placeholder_help(KINDS[kind].placeholders)


def active_template(kind: str) -> DocumentTemplate | None:
    """The newest template of the kind marked "use by default", if any."""
    return (
        DocumentTemplate.objects.filter(kind=kind, is_default=True)
        .order_by("-uploaded_at", "-pk")
        .first()
    )


def _render(kind: str, values: dict[str, Any], template: bytes | None) -> bytes:
    """Into the given template, else the active uploaded one, else the built-in one. An
    uploaded template that cannot be read or rendered (a file lost from storage) must not
    stop the office: the built-in one is used and the problem logged."""
    built_in: Callable[[], bytes] = KINDS[kind].built_in
    if template is not None:
        return docx_templates.render(template, values)
    chosen = active_template(kind)
    if chosen is not None:
        try:
            return docx_templates.render(chosen.read(), values)
        except Exception:
            logger.warning("template %r (%s) failed; using the built-in one", chosen.name, kind)
    return docx_templates.render(built_in(), values)


def review_docx(review: Review, *, template: bytes | None = None) -> bytes:
    return _render(DocumentKind.REVIEW, review_values(review), template)


def note_docx(note: InformationNote, *, template: bytes | None = None) -> bytes:
    return _render(note.kind, note_values(note), template)


# --- HTML and PDF ------------------------------------------------------------------------


def review_html(review: Review) -> str:
    return render_to_string("monitoring/documents/review.html", review_values(review))


def note_html(note: InformationNote) -> str:
    return render_to_string(
        "monitoring/documents/note.html", {**note_values(note), "body": note.body}
    )


def pdf(page: str) -> bytes:
    """A standalone HTML page (from `review_html` or `note_html`) printed to PDF.

    WeasyPrint switches Pillow's LOAD_TRUNCATED_IMAGES on when it is imported; that would
    make core's upload checks accept truncated images in the same process, so the previous
    value is put back (our pages have no images)."""
    from PIL import ImageFile

    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    import weasyprint

    ImageFile.LOAD_TRUNCATED_IMAGES = previous

    result: bytes = weasyprint.HTML(string=page).write_pdf()
    return result
