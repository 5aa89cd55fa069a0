"""Staff uploads that may be published lose their metadata: an image attached to an event, a
text or a contract is re-encoded without EXIF/GPS, XMP or comments; a document is kept as is."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from hromada.activities import services
from hromada.activities.models import EventAttachment, Text

pytestmark = pytest.mark.django_db

SERIAL = "SN-ACT-7781"


def gps_jpeg() -> bytes:
    """A camera JPEG with GPS, a device serial, an owner, XMP and a comment."""
    picture = Image.new("RGB", (40, 20), (20, 160, 40))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    exif[0x013B] = "Olena Kovalenko"  # Artist
    exif[0xA431] = SERIAL  # BodySerialNumber
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (48.0, 54.0, 16.96)
    gps[3], gps[4] = "E", (38.0, 26.0, 17.58)
    buffer = io.BytesIO()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">Olena</x:xmpmeta>'
    picture.save(buffer, format="JPEG", exif=exif, xmp=xmp, comment=b"Olena", quality=95)
    data = buffer.getvalue()
    with Image.open(io.BytesIO(data)) as check:  # the fixture really carries all of it
        assert check.getexif().get_ifd(0x8825) and check.info.get("xmp")
    return data


def _read(field_file) -> bytes:  # type: ignore[no-untyped-def]
    with field_file.open("rb") as handle:
        return bytes(handle.read())


def assert_clean(data: bytes) -> None:
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert image.size == (40, 20)
        assert not image.getexif()
        assert "xmp" not in image.info and "comment" not in image.info
    assert SERIAL.encode() not in data and b"Olena" not in data


def _event():  # type: ignore[no-untyped-def]
    return services.create_event(
        kind="organized", title="Толока", start_date=dt.date(2021, 4, 24), place="Парк"
    )


def test_an_event_photo_is_stored_without_gps_or_other_metadata() -> None:
    attachment = EventAttachment(
        event=_event(), title="Фото", file=SimpleUploadedFile("IMG_0042.jpg", gps_jpeg())
    )
    attachment.full_clean()
    attachment.save()
    attachment.refresh_from_db()
    assert str(attachment.file.name).endswith(".jpg")
    assert_clean(_read(attachment.file))
    # Saving the record again leaves the stored file alone.
    name = attachment.file.name
    attachment.title = "Фото з толоки"
    attachment.save()
    assert attachment.file.name == name


def test_a_text_image_is_cleaned_too() -> None:
    text = Text(
        kind="greeting",
        title="Привітання",
        date=dt.date(2021, 8, 24),
        file=SimpleUploadedFile("greeting.jpg", gps_jpeg()),
    )
    text.save()
    assert_clean(_read(text.file))


def test_documents_are_stored_unchanged() -> None:
    pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    attachment = EventAttachment(
        event=_event(), title="Програма", file=SimpleUploadedFile("program.pdf", pdf)
    )
    attachment.full_clean()
    attachment.save()
    assert _read(attachment.file) == pdf


def test_an_unreadable_image_is_refused_before_saving() -> None:
    broken = gps_jpeg()[:200]  # a JPEG's header, no picture
    attachment = EventAttachment(
        event=_event(), title="Фото", file=SimpleUploadedFile("broken.jpg", broken)
    )
    with pytest.raises(ValidationError) as error:
        attachment.full_clean()
    assert error.value.error_dict["file"][0].code == "unreadable"
