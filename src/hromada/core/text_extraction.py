"""Plain text out of uploaded documents, for search.

PDF (pypdf), DOCX and ODT (their XML, read with defusedxml), and plain text or CSV in UTF-8 or
windows-1251. A PDF without a text layer (a scan) yields no text and says so, rather than
being indexed as if it were empty by choice.
"""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass
from typing import IO

from defusedxml import ElementTree

logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 1_000_000  # enough for any council decision; bounds the search index
MAX_XML_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class ExtractedText:
    text: str
    has_text_layer: bool = True


def _xml_text(raw: bytes) -> str:
    root = ElementTree.fromstring(raw)
    parts: list[str] = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if element.text and tag in {"t", "p", "span", "h", "s", "a"}:
            parts.append(element.text)
        if tag in {"p", "h"}:
            parts.append("\n")
        if element.tail and tag in {"span", "s", "a"}:
            parts.append(element.tail)
    return "".join(parts).strip()


def _zipped_xml(data: bytes, member: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
        if info.file_size > MAX_XML_BYTES:
            raise ValueError(f"{member} is too large to index")
        return _xml_text(archive.read(member))


def _pdf_text(data: bytes) -> ExtractedText:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = "\n".join((page.extract_text() or "") for page in reader.pages)
    return ExtractedText(text=text, has_text_layer=bool(text.strip()))


def _plain_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def extract_text(file: IO[bytes], *, extension: str) -> ExtractedText:
    """The document's text; unknown or unreadable formats give an empty text."""
    file.seek(0)
    data = file.read()
    extension = extension.lower().lstrip(".")
    try:
        if extension == "pdf":
            result = _pdf_text(data)
        elif extension == "docx":
            result = ExtractedText(_zipped_xml(data, "word/document.xml"))
        elif extension in {"odt", "ods"}:
            result = ExtractedText(_zipped_xml(data, "content.xml"))
        elif extension in {"txt", "csv"}:
            result = ExtractedText(_plain_text(data))
        else:
            return ExtractedText("", has_text_layer=False)
    except Exception as error:  # a broken file must not break the upload
        logger.warning("could not extract text (%s): %s", extension, error)
        return ExtractedText("", has_text_layer=False)
    return ExtractedText(result.text[:MAX_TEXT_CHARS], result.has_text_layer)
