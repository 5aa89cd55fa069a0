"""What a resource file really is: its format is read from the bytes, not from its name.

Open data comes as CSV, JSON, XML, spreadsheets, PDF and archives. The format is sniffed
from the content and must agree with the extension the file was uploaded with; markup that
a browser would run (HTML, SVG) and executables are refused.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SNIFF_BYTES = 64 * 1024
DEFAULT_MAX_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Format:
    code: str  # CKAN's `format`: CSV, JSON, XLSX, …
    mimetype: str


FORMATS = {
    "csv": Format("CSV", "text/csv"),
    "json": Format("JSON", "application/json"),
    "geojson": Format("GeoJSON", "application/geo+json"),
    "xml": Format("XML", "application/xml"),
    "xlsx": Format("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "xls": Format("XLS", "application/vnd.ms-excel"),
    "ods": Format("ODS", "application/vnd.oasis.opendocument.spreadsheet"),
    "docx": Format(
        "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    "doc": Format("DOC", "application/msword"),
    "odt": Format("ODT", "application/vnd.oasis.opendocument.text"),
    "pdf": Format("PDF", "application/pdf"),
    "zip": Format("ZIP", "application/zip"),
    "txt": Format("TXT", "text/plain"),
}
INTERCHANGEABLE = [{"doc", "xls"}, {"csv", "txt"}, {"json", "geojson"}]
FORBIDDEN_PREFIXES = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"#!")
MARKUP = (b"<html", b"<!doctype html", b"<script", b"<svg", b"<body", b"<iframe")


def max_upload_bytes() -> int:
    return int(getattr(settings, "OPENDATA_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES))


def _decode(head: bytes) -> str | None:
    head = head.removeprefix(b"\xef\xbb\xbf")  # so that error positions count in `head`
    for encoding in ("utf-8", "cp1251"):
        try:
            return head.decode(encoding)
        except UnicodeDecodeError as error:
            # A multi-byte letter cut by the sniffing window is still UTF-8.
            if encoding == "utf-8" and error.start >= len(head) - 3:
                return head[: error.start].decode("utf-8")
    return None


def _sniff_text(head: bytes, complete: bool) -> str | None:
    text = _decode(head)
    if text is None or "\x00" in text:
        return None
    stripped = text.lstrip()
    lowered = stripped[:200].lower()
    if lowered.startswith("<?xml") or (stripped.startswith("<") and "<html" not in lowered):
        return "xml"
    if stripped[:1] in "[{":
        if not complete:
            return "json"
        try:
            json.loads(text)
        except ValueError:
            return None
        return "json"
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) >= 1:
        try:
            dialect = csv.Sniffer().sniff("\n".join(lines[:20]), delimiters=",;\t|")
        except csv.Error:
            return "txt"
        rows = list(csv.reader(io.StringIO("\n".join(lines[:20])), dialect))
        if rows and len(rows[0]) > 1:
            return "csv"
    return "txt"


def detect(file: IO[bytes], filename: str) -> Format:
    """The file's format, checked against its extension. Raises ValidationError."""
    size = file.seek(0, io.SEEK_END)
    file.seek(0)
    if size == 0:
        raise ValidationError(_("The file is empty."))
    if size > max_upload_bytes():
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": size // (1024 * 1024), "limit": max_upload_bytes() // (1024 * 1024)}
        )
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    if head.startswith(FORBIDDEN_PREFIXES):
        raise ValidationError(_("Programs and scripts cannot be published as open data."))
    if any(marker in head[:2048].lower() for marker in MARKUP):
        raise ValidationError(_("Web pages and SVG images cannot be published as open data."))
    extension = PurePath(filename).suffix.lower().lstrip(".")
    if extension not in FORMATS:
        raise ValidationError(
            _("Files of type “.%(extension)s” are not accepted; use one of: %(allowed)s.")
            % {"extension": extension, "allowed": ", ".join(sorted(FORMATS))}
        )
    kind = filetype.guess(head)
    if kind is not None:
        detected = kind.extension
        if detected == "zip" and extension in {"xlsx", "docx", "ods", "odt"}:
            detected = extension  # Office Open XML and OpenDocument files are ZIP containers
    else:
        detected = _sniff_text(head, complete=size <= SNIFF_BYTES) or "unknown"
    if detected == "txt" and extension == "csv":
        detected = "csv"  # a one-column CSV looks like plain text
    same = detected == extension or any({detected, extension} <= group for group in INTERCHANGEABLE)
    if not same:
        raise ValidationError(
            _("The file is named “.%(extension)s” but its content is %(detected)s.")
            % {"extension": extension, "detected": detected.upper()}
        )
    return FORMATS[extension]
