"""Upload validation shared by every upload field.

A file is judged by its bytes, never by its name: the type is sniffed from the content,
must be on the field's allow-list, and must agree with the extension. Markup (HTML, SVG,
XML) and executables are refused outright, because a browser or a shell would run them.
Images are decoded and re-encoded, which drops metadata and anything appended to them.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from enum import Enum
from pathlib import PurePath
from typing import IO

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

SNIFF_BYTES = 8192
MAX_IMAGE_PIXELS = 60_000_000  # ~ 7700 × 7700: larger is a decompression bomb here.


class UploadKind(Enum):
    IMAGE = "image"
    DOCUMENT = "document"


@dataclass(frozen=True)
class DetectedType:
    mime: str
    extension: str


IMAGE_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
}
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "rtf": "application/rtf",
    "zip": "application/zip",
    "csv": "text/csv",
    "txt": "text/plain",
}
# Extensions that name the same content as a canonical one.
EXTENSION_ALIASES = {"jpeg": "jpg", "jpe": "jpg"}
# Legacy Office formats share one container (OLE2), so either name fits either sniff.
INTERCHANGEABLE = [{"doc", "xls"}, {"csv", "txt"}]
# Types recognised as text rather than by a binary signature.
TEXT_EXTENSIONS = {"csv", "txt"}

FORBIDDEN_PREFIXES: list[tuple[bytes, str]] = [
    (b"MZ", "Windows executable"),
    (b"\x7fELF", "Linux executable"),
    (b"\xcf\xfa\xed\xfe", "macOS executable"),
    (b"\xfe\xed\xfa\xce", "macOS executable"),
    (b"#!", "script"),
]
MARKUP_MARKERS = (
    b"<html",
    b"<!doctype",
    b"<script",
    b"<svg",
    b"<?xml",
    b"<body",
    b"<iframe",
    b"<head",
)


def _limit(kind: UploadKind) -> int:
    if kind is UploadKind.IMAGE:
        return int(settings.UPLOAD_MAX_IMAGE_BYTES)
    return int(settings.UPLOAD_MAX_DOCUMENT_BYTES)


def _read_head(file: IO[bytes]) -> bytes:
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    return head if isinstance(head, bytes) else head.encode()


def _file_size(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if size is not None:
        return int(size)
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(0)
    return size


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _human_size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _canonical_extension(name: str) -> str:
    extension = PurePath(name).suffix.lower().lstrip(".")
    return EXTENSION_ALIASES.get(extension, extension)


def _same_kind(declared: str, detected: str) -> bool:
    if declared == detected:
        return True
    return any(declared in group and detected in group for group in INTERCHANGEABLE)


def detect_type(head: bytes, declared_extension: str) -> DetectedType | None:
    """What the bytes are, from their content. None when they match no known type."""
    guess = filetype.guess(head)
    if guess is not None:
        extension = EXTENSION_ALIASES.get(guess.extension, guess.extension)
        return DetectedType(mime=guess.mime, extension=extension)
    if _looks_like_text(head):
        extension = "csv" if declared_extension == "csv" else "txt"
        return DetectedType(mime=DOCUMENT_TYPES[extension], extension=extension)
    return None


def validate_upload(file: IO[bytes], *, kind: UploadKind, name: str | None = None) -> DetectedType:
    """Check one uploaded file; raise ValidationError naming the file and the reason.

    Bidirectional controls are taken out of the file's name (and of ``file.name`` itself,
    which is what gets stored and shown), so the extension judged is the one displayed."""
    from hromada.core.text import strip_bidi

    if isinstance(getattr(file, "name", None), str):
        # A read-only name (AttributeError): only the check below uses the cleaned one.
        with contextlib.suppress(AttributeError):
            file.name = strip_bidi(file.name)  # type: ignore[misc]
    name = strip_bidi(name or getattr(file, "name", "") or "file")
    display = PurePath(name).name
    size = _file_size(file)
    limit = _limit(kind)
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": display}, code="empty")
    if size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; the limit is %(limit)s.")
            % {"name": display, "size": _human_size(size), "limit": _human_size(limit)},
            code="too_large",
        )
    head = _read_head(file)
    for prefix, what in FORBIDDEN_PREFIXES:
        if head.startswith(prefix):
            raise ValidationError(
                _("“%(name)s” is a program (%(what)s), which cannot be uploaded.")
                % {"name": display, "what": what},
                code="executable",
            )
    declared = _canonical_extension(name)
    detected = detect_type(head, declared)
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    # Markup anywhere in text is refused. A container recognised by its signature (a ZIP-based
    # DOCX/XLSX/ODT, a PDF) holds XML parts of its own, which are not markup a browser runs.
    scan_for_markup = detected is None or detected.extension in TEXT_EXTENSIONS
    if lowered.startswith(b"<") or (
        scan_for_markup and any(marker in lowered for marker in MARKUP_MARKERS)
    ):
        raise ValidationError(
            _("“%(name)s” contains HTML, SVG or XML markup, which cannot be uploaded here.")
            % {"name": display},
            code="markup",
        )
    allowed = IMAGE_TYPES if kind is UploadKind.IMAGE else DOCUMENT_TYPES
    if detected is None or detected.extension not in allowed:
        raise ValidationError(
            _("“%(name)s” is not an allowed file type. Allowed: %(allowed)s.")
            % {"name": display, "allowed": ", ".join(sorted(allowed))},
            code="type",
        )
    if declared and not _same_kind(declared, detected.extension):
        raise ValidationError(
            _("“%(name)s” is named .%(declared)s but its content is %(detected)s.")
            % {"name": display, "declared": declared, "detected": detected.extension.upper()},
            code="disguised",
        )
    return detected


def reencode_image(file: IO[bytes], *, name: str) -> SimpleUploadedFile:
    """Decode and re-encode an image: metadata and trailing payloads are dropped."""
    # Some libraries (WeasyPrint) switch Pillow to accept truncated images process-wide when
    # imported; an upload must still be a whole image.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    file.seek(0)
    try:
        with Image.open(file) as original:
            if original.width * original.height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("“%(name)s” has too many pixels (%(w)s × %(h)s).")
                    % {"name": PurePath(name).name, "w": original.width, "h": original.height},
                    code="too_many_pixels",
                )
            image_format = original.format or "PNG"
            if image_format == "MPO":  # a camera's multi-picture JPEG: keep the main picture
                image_format = "JPEG"
            is_animated = getattr(original, "is_animated", False)
            output = io.BytesIO()
            # Pillow carries JPEG and GIF comments over from the original unless told not to;
            # an empty comment drops them with the rest of the metadata.
            if image_format == "GIF" and is_animated:
                original.save(output, format="GIF", save_all=True, comment=b"")
            else:
                picture = ImageOps.exif_transpose(original) or original
                picture.load()
                if image_format == "JPEG":
                    picture = picture.convert("RGB")
                    picture.save(output, format="JPEG", quality=90, optimize=True, comment=b"")
                elif image_format == "WEBP":
                    picture.save(output, format="WEBP", quality=90)
                elif image_format == "GIF":
                    picture.save(output, format="GIF", comment=b"")
                else:
                    picture.save(output, format=image_format)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("“%(name)s” is not a readable image.") % {"name": PurePath(name).name},
            code="unreadable",
        ) from error
    mime = Image.MIME.get(image_format, "application/octet-stream")
    return SimpleUploadedFile(PurePath(name).name, output.getvalue(), content_type=mime)


def validated_image(file: IO[bytes], *, name: str | None = None) -> SimpleUploadedFile:
    """Validate an image upload and return its re-encoded copy."""
    name = str(name or getattr(file, "name", None) or "image")
    validate_upload(file, kind=UploadKind.IMAGE, name=name)
    return reencode_image(file, name=name)
