"""core.uploads and core.forms: every upload is judged by its bytes and images are re-encoded."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from PIL import Image, ImageSequence, PngImagePlugin
from wagtail.documents.forms import get_document_form
from wagtail.images.forms import get_image_form
from wagtail.models import Collection

from hromada.core.models import HromadaDocument, HromadaImage
from hromada.core.uploads import (
    MAX_IMAGE_PIXELS,
    UploadKind,
    reencode_image,
    validate_upload,
    validated_image,
)

SECRET_MARKERS = (
    b"SecretCam",
    b"GPS-SECRET",
    b"COMMENT-SECRET",
    b"TRAILING-PAYLOAD",
    b"TEXT-SECRET",
)


def picture(fmt: str, size: tuple[int, int] = (40, 30), **save_options: object) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt, **save_options)
    return buffer.getvalue()


def exif_with_secrets(orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0112] = orientation  # Orientation
    return exif.tobytes()


XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>GPS-SECRET</rdf:Description></x:xmpmeta>'
)


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def refusal(name: str, data: bytes, kind: UploadKind = UploadKind.IMAGE) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload(name, data), kind=kind, name=name)
    return caught.value


def docx_bytes(compression: int) -> bytes:
    """A minimal Word document: the parts a DOCX zip must have, written with zipfile."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="'
            'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>",
        )
        archive.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships/>')
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats'
            '.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Рішення</w:t></w:r></w:p>'
            "</w:body></w:document>",
        )
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>')
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Показник", "2020"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
CSV_TEXT = "назва,рік,значення\nЛисичанськ,2020,1600\nСєвєродонецьк,2020,12\n"


# --- accepted images -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt", "mime"),
    [
        ("photo.png", "PNG", "image/png"),
        ("photo.jpg", "JPEG", "image/jpeg"),
        ("photo.jpeg", "JPEG", "image/jpeg"),
        ("PHOTO.JPG", "JPEG", "image/jpeg"),
        ("photo.gif", "GIF", "image/gif"),
        ("photo.webp", "WEBP", "image/webp"),
    ],
)
def test_each_image_format_is_accepted_and_reencoded(name: str, fmt: str, mime: str) -> None:
    data = picture(fmt)
    detected = validate_upload(upload(name, data), kind=UploadKind.IMAGE, name=name)
    assert detected.mime == mime

    result = validated_image(upload(name, data))
    assert result.name == name
    assert result.content_type == mime
    with Image.open(io.BytesIO(result.read())) as decoded:
        assert decoded.format == fmt
        assert decoded.size == (40, 30)


def test_jpeg_loses_exif_xmp_comment_and_anything_after_its_end() -> None:
    data = picture("JPEG", exif=exif_with_secrets(), comment=b"COMMENT-SECRET", xmp=XMP)
    data += b"TRAILING-PAYLOAD<script>alert(1)</script>"
    assert all(marker in data for marker in SECRET_MARKERS if marker != b"TEXT-SECRET")

    result = validated_image(upload("evening.jpg", data)).read()

    assert [marker for marker in SECRET_MARKERS if marker in result] == []
    assert b"Exif" not in result
    assert result.endswith(b"\xff\xd9")  # nothing after the JPEG end marker
    with Image.open(io.BytesIO(result)) as decoded:
        assert "comment" not in decoded.info
        assert not decoded.getexif()


def test_jpeg_orientation_is_applied_before_the_exif_is_dropped() -> None:
    data = picture("JPEG", size=(40, 30), exif=exif_with_secrets(orientation=6))
    result = validated_image(upload("turned.jpg", data)).read()
    with Image.open(io.BytesIO(result)) as decoded:
        assert decoded.size == (30, 40)
        assert not decoded.getexif()


def test_png_loses_text_chunks_exif_and_trailing_bytes() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "TEXT-SECRET")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    data = picture("PNG", pnginfo=info, exif=exif_with_secrets()) + b"TRAILING-PAYLOAD"

    result = validated_image(upload("scan.png", data)).read()

    assert [marker for marker in SECRET_MARKERS if marker in result] == []
    assert result.endswith(b"IEND\xaeB`\x82")


def test_webp_loses_exif_and_xmp() -> None:
    data = picture("WEBP", exif=exif_with_secrets(), xmp=XMP)
    result = validated_image(upload("photo.webp", data)).read()
    assert b"SecretCam" not in result
    assert b"GPS-SECRET" not in result


def test_gif_loses_its_comment_and_trailing_bytes() -> None:
    data = picture("GIF", comment=b"COMMENT-SECRET") + b"TRAILING-PAYLOAD"
    result = validated_image(upload("logo.gif", data)).read()
    assert b"COMMENT-SECRET" not in result
    assert b"TRAILING-PAYLOAD" not in result


def test_animated_gif_keeps_its_frames_but_not_its_comment() -> None:
    frames = [
        Image.new("RGB", (20, 20), colour) for colour in [(255, 0, 0), (0, 255, 0), (0, 0, 255)]
    ]
    buffer = io.BytesIO()
    frames[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=frames[1:],
        duration=120,
        loop=0,
        comment=b"COMMENT-SECRET",
    )
    result = validated_image(upload("banner.gif", buffer.getvalue())).read()
    assert b"COMMENT-SECRET" not in result
    with Image.open(io.BytesIO(result)) as decoded:
        assert decoded.n_frames == 3
        colours = [
            frame.convert("RGB").getpixel((5, 5)) for frame in ImageSequence.Iterator(decoded)
        ]
    assert colours == [(255, 0, 0), (0, 255, 0), (0, 0, 255)]


def test_camera_multi_picture_jpeg_becomes_a_plain_jpeg() -> None:
    first, second = Image.new("RGB", (40, 30), "red"), Image.new("RGB", (40, 30), "blue")
    buffer = io.BytesIO()
    first.save(buffer, format="MPO", save_all=True, append_images=[second])
    with Image.open(io.BytesIO(buffer.getvalue())) as original:
        assert original.format == "MPO"

    result = validated_image(upload("camera.jpg", buffer.getvalue()))

    assert result.content_type == "image/jpeg"
    with Image.open(io.BytesIO(result.read())) as decoded:
        assert decoded.format == "JPEG"
        assert getattr(decoded, "n_frames", 1) == 1


# --- refused images --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("holiday.jpg", b"<html><body><script>alert(1)</script></body></html>", "markup"),
        ("holiday.jpg", b"\n  <!DOCTYPE html><title>x</title>", "markup"),
        ("holiday.jpg", b"\xef\xbb\xbf<script>alert(1)</script>", "markup"),
        ("setup.jpg", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120, "executable"),
        ("tool.png", b"\x7fELF\x02\x01\x01" + b"\x00" * 120, "executable"),
        ("run.gif", b"#!/bin/sh\nrm -rf /\n", "executable"),
        ("photo.jpg", picture("PNG"), "disguised"),
        ("photo.png", picture("GIF"), "disguised"),
        ("photo.webp", picture("JPEG"), "disguised"),
        ("decision.jpg", PDF, "type"),
        ("noise.jpg", bytes(range(256)) * 4, "type"),
    ],
)
def test_disguised_image_is_refused_with_its_name(name: str, data: bytes, code: str) -> None:
    error = refusal(name, data)
    assert error.code == code
    assert f"«{name}»" in error.messages[0] or f"“{name}”" in error.messages[0]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("logo.svg", b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'),
        ("page.html", b"<!doctype html><html><body>hi</body></html>"),
        ("page.htm", b"<html><body>hi</body></html>"),
    ],
)
@pytest.mark.parametrize("kind", [UploadKind.IMAGE, UploadKind.DOCUMENT])
def test_svg_and_html_are_refused_for_every_kind(name: str, data: bytes, kind: UploadKind) -> None:
    error = refusal(name, data, kind)
    assert error.code == "markup"
    assert name in error.messages[0]


def test_text_with_a_script_inside_is_refused_as_markup() -> None:
    error = refusal(
        "notes.txt", b"Meeting notes\n\n<script>alert(1)</script>\n", UploadKind.DOCUMENT
    )
    assert error.code == "markup"


@pytest.mark.parametrize("kind", [UploadKind.IMAGE, UploadKind.DOCUMENT])
def test_empty_file_is_refused(kind: UploadKind) -> None:
    error = refusal("empty.png" if kind is UploadKind.IMAGE else "empty.pdf", b"", kind)
    assert error.code == "empty"
    assert "empty." in error.messages[0]


def test_image_over_the_limit_is_refused(settings) -> None:  # type: ignore[no-untyped-def]
    data = picture("PNG", size=(200, 200))
    settings.UPLOAD_MAX_IMAGE_BYTES = len(data) - 1
    error = refusal("big.png", data)
    assert error.code == "too_large"
    assert "big.png" in error.messages[0]

    settings.UPLOAD_MAX_IMAGE_BYTES = len(data)
    assert validate_upload(upload("big.png", data), kind=UploadKind.IMAGE).extension == "png"


def test_document_over_the_limit_is_refused(settings) -> None:  # type: ignore[no-untyped-def]
    settings.UPLOAD_MAX_DOCUMENT_BYTES = 10
    error = refusal("decision.pdf", PDF, UploadKind.DOCUMENT)
    assert error.code == "too_large"


def test_decompression_bomb_is_refused_without_decoding_it() -> None:
    side = int(MAX_IMAGE_PIXELS**0.5) + 100  # a few KB of PNG that would be ~60 Mpx decoded
    buffer = io.BytesIO()
    Image.new("1", (side, side)).save(buffer, format="PNG")
    data = buffer.getvalue()
    assert len(data) < 200_000

    validate_upload(upload("bomb.png", data), kind=UploadKind.IMAGE)  # a real PNG by its bytes
    with pytest.raises(ValidationError) as caught:
        validated_image(upload("bomb.png", data))
    assert caught.value.code == "too_many_pixels"
    assert "bomb.png" in caught.value.messages[0]


def test_image_beyond_pillows_own_limit_is_refused() -> None:
    # Pillow itself refuses to open images over twice its MAX_IMAGE_PIXELS.
    side = int((2 * Image.MAX_IMAGE_PIXELS) ** 0.5) + 10
    buffer = io.BytesIO()
    Image.new("1", (side, side)).save(buffer, format="PNG")
    with pytest.raises(ValidationError) as caught:
        reencode_image(upload("huge.png", buffer.getvalue()), name="huge.png")
    assert caught.value.code in {"too_many_pixels", "unreadable"}
    assert "huge.png" in caught.value.messages[0]


def test_truncated_image_is_refused_as_unreadable() -> None:
    data = picture("PNG", size=(300, 300))
    with pytest.raises(ValidationError) as caught:
        validated_image(upload("broken.png", data[:60]))
    assert caught.value.code == "unreadable"


# --- documents -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "extension"),
    [
        ("decision.pdf", PDF, "pdf"),
        ("decision.docx", docx_bytes(zipfile.ZIP_DEFLATED), "docx"),
        ("decision.docx", docx_bytes(zipfile.ZIP_STORED), "docx"),
        ("decision.odt", odt_bytes(), "odt"),
        ("figures.xlsx", xlsx_bytes(), "xlsx"),
        ("figures.csv", CSV_TEXT.encode("utf-8"), "csv"),
        ("figures.csv", "\ufeff".encode() + CSV_TEXT.encode("utf-8"), "csv"),
        ("figures.csv", CSV_TEXT.encode("cp1251"), "csv"),
        ("readme.txt", CSV_TEXT.encode("cp1251"), "txt"),
        ("letter.rtf", b"{\\rtf1\\ansi Hello}", "rtf"),
    ],
)
def test_documents_are_accepted(name: str, data: bytes, extension: str) -> None:
    detected = validate_upload(upload(name, data), kind=UploadKind.DOCUMENT, name=name)
    assert detected.extension == extension


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("decision.docx", PDF, "disguised"),
        ("decision.pdf", docx_bytes(zipfile.ZIP_DEFLATED), "disguised"),
        ("decision.pdf", CSV_TEXT.encode(), "disguised"),
        ("figures.csv", PDF, "disguised"),
        ("scan.pdf", picture("JPEG"), "type"),
        ("report.exe", b"MZ" + b"\x00" * 100, "executable"),
        ("report.pdf", b"MZ" + b"\x00" * 100, "executable"),
        ("page.txt", b"<html><body>x</body></html>", "markup"),
    ],
)
def test_disguised_documents_are_refused_with_their_name(name: str, data: bytes, code: str) -> None:
    error = refusal(name, data, UploadKind.DOCUMENT)
    assert error.code == code
    assert name in error.messages[0]


# --- the form bases Wagtail uses -------------------------------------------------------


@pytest.fixture
def root_collection() -> Collection:
    return Collection.get_first_root_node()


@pytest.mark.django_db
def test_image_form_reencodes_the_upload(admin_user, root_collection) -> None:  # type: ignore[no-untyped-def]
    form_class = get_image_form(HromadaImage)
    data = (
        picture("JPEG", exif=exif_with_secrets(), comment=b"COMMENT-SECRET") + b"TRAILING-PAYLOAD"
    )
    form = form_class(
        data={"title": "Площа", "collection": root_collection.pk},
        files={"file": upload("square.jpg", data)},
        user=admin_user,
    )
    assert form.is_valid(), form.errors
    stored = form.cleaned_data["file"].read()
    assert stored != data
    assert [marker for marker in SECRET_MARKERS if marker in stored] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("evil.jpg", b"<html><script>alert(1)</script></html>", "HTML"),
        ("setup.jpg", b"MZ\x90\x00" + b"\x00" * 200, "Windows"),
        ("photo.jpg", picture("PNG"), ".jpg"),
    ],
)
def test_image_form_names_the_refused_file(admin_user, root_collection, name, data, reason) -> None:  # type: ignore[no-untyped-def]
    form = get_image_form(HromadaImage)(
        data={"title": "x", "collection": root_collection.pk},
        files={"file": upload(name, data)},
        user=admin_user,
    )
    assert not form.is_valid()
    assert len(form.errors["file"]) == 1
    assert name in form.errors["file"][0]
    assert reason in form.errors["file"][0]


@pytest.mark.django_db
def test_document_form_refuses_a_pdf_named_docx_with_one_clear_message(
    admin_user, root_collection
) -> None:  # type: ignore[no-untyped-def]
    form = get_document_form(HromadaDocument)(
        data={"title": "Рішення", "collection": root_collection.pk},
        files={"file": upload("decision.docx", PDF)},
        user=admin_user,
    )
    assert not form.is_valid()
    assert form.errors["file"] == ["Файл «decision.docx» названо як .docx, але за вмістом це PDF."]


@pytest.mark.django_db
def test_document_form_accepts_a_cp1251_csv(admin_user, root_collection) -> None:  # type: ignore[no-untyped-def]
    form = get_document_form(HromadaDocument)(
        data={"title": "Показники", "collection": root_collection.pk},
        files={"file": upload("figures.csv", CSV_TEXT.encode("cp1251"))},
        user=admin_user,
    )
    assert form.is_valid(), form.errors


# --- through the real Wagtail admin ----------------------------------------------------


@pytest.fixture
def admin_client(admin_user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(admin_user)
    return client


def stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("evil.jpg", b"<html><body><script>alert(document.cookie)</script></body></html>"),
        ("setup.jpg", b"MZ\x90\x00\x03" + b"\x00" * 500),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ],
)
def test_admin_image_upload_of_a_disguised_file_saves_nothing(
    admin_client, _media_in_tmp, root_collection, name, data
) -> None:  # type: ignore[no-untyped-def]
    before = HromadaImage.objects.count()
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "Фото", "collection": root_collection.pk, "file": upload(name, data)},
    )
    assert response.status_code == 200  # the form again, with its error
    errors = response.context["form"].errors["file"]
    assert any(name in message for message in errors)
    assert HromadaImage.objects.count() == before
    assert stored_files(_media_in_tmp) == []


@pytest.mark.django_db
def test_admin_image_upload_of_a_good_file_is_saved_reencoded(
    admin_client, _media_in_tmp, root_collection
) -> None:  # type: ignore[no-untyped-def]
    data = picture(
        "JPEG", size=(64, 48), exif=exif_with_secrets(), comment=b"COMMENT-SECRET", xmp=XMP
    )
    data += b"TRAILING-PAYLOAD"
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Площа Перемоги",
            "collection": root_collection.pk,
            "file": upload("square.jpg", data),
        },
    )
    assert response.status_code == 302
    image = HromadaImage.objects.get(title="Площа Перемоги")
    assert (image.width, image.height) == (64, 48)
    with image.file.open("rb") as handle:
        stored = handle.read()
    assert image.file_size == len(stored)
    assert [marker for marker in SECRET_MARKERS if marker in stored] == []
    assert Path(image.file.path).is_relative_to(_media_in_tmp)


@pytest.mark.django_db
def test_admin_image_upload_over_the_limit_is_refused(admin_client, root_collection) -> None:  # type: ignore[no-untyped-def]
    data = picture("PNG", size=(100, 100))
    before = HromadaImage.objects.count()
    with override_settings(UPLOAD_MAX_IMAGE_BYTES=len(data) // 2):
        response = admin_client.post(
            reverse("wagtailimages:add"),
            {"title": "Велике", "collection": root_collection.pk, "file": upload("big.png", data)},
        )
    assert response.status_code == 200
    assert "big.png" in response.context["form"].errors["file"][0]
    assert HromadaImage.objects.count() == before


@pytest.mark.django_db
def test_admin_multiple_image_upload_refuses_a_disguised_file(admin_client) -> None:  # type: ignore[no-untyped-def]
    before = HromadaImage.objects.count()
    response = admin_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": upload("evil.jpg", b"<html><script>alert(1)</script></html>")},
    )
    assert response.status_code == 200
    answer = response.json()
    assert answer["success"] is False
    assert "evil.jpg" in answer["error_message"]
    assert HromadaImage.objects.count() == before


@pytest.mark.django_db
def test_admin_document_upload_refuses_a_pdf_named_docx(admin_client, root_collection) -> None:  # type: ignore[no-untyped-def]
    before = HromadaDocument.objects.count()
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Рішення",
            "collection": root_collection.pk,
            "file": upload("decision.docx", PDF),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Файл «decision.docx» названо як .docx, але за вмістом це PDF."
    ]
    assert HromadaDocument.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("decision.pdf", PDF),
        ("decision.docx", docx_bytes(zipfile.ZIP_STORED)),
        ("figures.csv", CSV_TEXT.encode("cp1251")),
    ],
)
def test_admin_document_upload_of_a_good_file_is_saved(
    admin_client, root_collection, name, data
) -> None:  # type: ignore[no-untyped-def]
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {"title": f"Документ {name}", "collection": root_collection.pk, "file": upload(name, data)},
    )
    assert response.status_code == 302
    document = HromadaDocument.objects.get(title=f"Документ {name}")
    with document.file.open("rb") as handle:
        assert handle.read() == data  # documents are stored as sent
