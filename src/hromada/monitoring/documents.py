"""Reviews and information notes as DOCX (python-docx) and standalone HTML.

A DOCX starts from the office's template in the monitoring settings (letterhead, styles,
headers and footers, editable in Word or LibreOffice) or a blank document, and uses the
built-in styles (Title, Heading 2, List Bullet) where the template has them. The HTML is a
self-contained page that prints well, and the PDF is that page through WeasyPrint.
"""

from __future__ import annotations

import html
import io
import logging
import re
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.monitoring.models import InformationNote, MediaItem, Review

logger = logging.getLogger(__name__)
_BLOCK = re.compile(r"<(h[1-6]|p|li)[^>]*>(.*?)</\1>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def _date(value) -> str:  # type: ignore[no-untyped-def]
    return f"{value:%d.%m.%Y}"


def _item_line(item: MediaItem) -> str:
    published = timezone.localtime(item.published_at)
    return f"{item.outlet.name}, {_date(published)}"


def _heading_lines(review: Review) -> list[str]:
    from hromada.core.selectors import city_profile

    profile = city_profile()
    lines = [profile.office_name, profile.council_name]
    return [line for line in lines if line]


def _review_entries(review: Review) -> list[tuple[MediaItem, str]]:
    entries = review.entries.select_related("item__outlet").order_by("sort_order", "pk")
    return [(entry.item, entry.annotation) for entry in entries]


def _document(template_field: str) -> Any:
    """A new document: the office's DOCX template from the monitoring settings (its
    letterhead, styles, headers and footers kept, our text added after its content), or a
    blank one when there is none or it cannot be read as DOCX."""
    import docx

    from hromada.monitoring.models import MonitoringSettings

    template = getattr(MonitoringSettings.load(), template_field)
    if template is not None:
        try:
            with template.open_file() as handle:
                return docx.Document(io.BytesIO(handle.read()))
        except Exception:  # a broken template must not stop the office
            logger.warning("template %s is not a readable DOCX; using a blank one", template)
    return docx.Document()


def _heading(document: Any, text: str, level: int) -> None:
    try:
        document.add_heading(text, level=level)
    except KeyError:  # a template without Word's heading styles
        document.add_paragraph().add_run(text).bold = True


def _paragraph(document: Any, text: str, style: str | None = None) -> Any:
    try:
        return document.add_paragraph(text, style=style)
    except KeyError:  # a template without that style
        return document.add_paragraph(("• " if style == "List Bullet" else "") + text)


def review_docx(review: Review) -> bytes:
    document = _document("review_template")
    for line in _heading_lines(review):
        document.add_paragraph(line)
    _heading(document, review.title, 0)
    period = _("Period: %(start)s – %(end)s") % {
        "start": _date(review.period_start),
        "end": _date(review.period_end),
    }
    document.add_paragraph(period)
    if review.topic:
        document.add_paragraph(_("Topic: %(topic)s") % {"topic": review.topic.name})
    if review.introduction:
        document.add_paragraph(review.introduction)
    entries = _review_entries(review)
    cited = sum(1 for item, _annotation in entries if item.cites_official)
    document.add_paragraph(
        _("Items: %(count)s, of them citing the office or the official site: %(cited)s.")
        % {"count": len(entries), "cited": cited}
    )
    for number, (item, annotation) in enumerate(entries, start=1):
        _heading(document, f"{number}. {item.title}", 2)
        document.add_paragraph(_item_line(item))
        if annotation:
            document.add_paragraph().add_run(annotation).italic = True
        lead = (item.text or item.summary).split("\n\n")[0]
        if lead:
            document.add_paragraph(lead[:1200])
        if item.url:
            document.add_paragraph(item.url)
    document.add_paragraph(_("Prepared on %(date)s.") % {"date": _date(review.prepared_on)})
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="uk"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:serif;max-width:48em;margin:2em auto;line-height:1.4}"
        "h2{font-size:1.1em;margin-top:1.5em}.source{color:#444}</style>"
        f"</head><body>{body}</body></html>\n"
    )


def review_html(review: Review) -> str:
    parts = [f"<p>{html.escape(line)}</p>" for line in _heading_lines(review)]
    parts.append(f"<h1>{html.escape(review.title)}</h1>")
    parts.append(
        "<p>"
        + html.escape(
            _("Period: %(start)s – %(end)s")
            % {"start": _date(review.period_start), "end": _date(review.period_end)}
        )
        + "</p>"
    )
    if review.topic:
        parts.append(f"<p>{html.escape(_('Topic: %(topic)s') % {'topic': review.topic.name})}</p>")
    if review.introduction:
        parts.append(f"<p>{html.escape(review.introduction)}</p>")
    parts.append("<ol>")
    for item, annotation in _review_entries(review):
        parts.append(f"<li><h2>{html.escape(item.title)}</h2>")
        parts.append(f'<p class="source">{html.escape(_item_line(item))}</p>')
        if annotation:
            parts.append(f"<p><em>{html.escape(annotation)}</em></p>")
        lead = (item.text or item.summary).split("\n\n")[0]
        if lead:
            parts.append(f"<p>{html.escape(lead[:1200])}</p>")
        if item.url:
            parts.append(f'<p><a href="{html.escape(item.url)}">{html.escape(item.url)}</a></p>')
        parts.append("</li>")
    parts.append("</ol>")
    return _page(review.title, "".join(parts))


def _blocks(body: str) -> Iterable[tuple[str, str]]:
    """(tag, plain text) of the rich text's headings, paragraphs and list items."""
    for match in _BLOCK.finditer(body or ""):
        text = " ".join(html.unescape(_TAG.sub(" ", match.group(2))).split())
        if text:
            yield match.group(1).lower(), text


def note_docx(note: InformationNote) -> bytes:
    from hromada.core.selectors import city_profile

    document = _document("note_template")
    profile = city_profile()
    for line in (profile.office_name, profile.council_name):
        if line:
            document.add_paragraph(line)
    _heading(document, note.title, 0)
    for tag, text in _blocks(note.body):
        if tag.startswith("h"):
            _heading(document, text, min(int(tag[1]), 3))
        elif tag == "li":
            _paragraph(document, text, "List Bullet")
        else:
            document.add_paragraph(text)
    document.add_paragraph(_("Prepared on %(date)s.") % {"date": _date(note.prepared_on)})
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def note_html(note: InformationNote) -> str:
    from wagtail.rich_text import expand_db_html

    body = f"<h1>{html.escape(note.title)}</h1>" + expand_db_html(note.body)
    return _page(note.title, body)


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
