"""Problem-report photos live in the private storage and go out only through checked views:
the public one while the report is accepted, in progress or solved, the staff's one always."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from hromada.core.private_files import private_storage
from hromada.participation import services
from hromada.participation.models import ProblemPhoto, ProblemReport
from tests.conftest import image_bytes
from tests.participation.conftest import phone_jpeg

pytestmark = pytest.mark.django_db


def _report(resident: Any, category: Any, data: bytes, name: str = "a.jpg") -> ProblemReport:
    return services.report_problem(
        resident=resident,
        category=category,
        description="Яма на дорозі",
        address="вул. Світлинна, 5",
        photos=[SimpleUploadedFile(name, data)],
    )


def _stored(photo: ProblemPhoto) -> bytes:
    with photo.image.open("rb") as handle:
        return bytes(handle.read())


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_the_photo_is_served_only_while_the_report_is_public(
    client: Client, resident: Any, category: Any, admin_user: Any
) -> None:
    report = _report(resident, category, phone_jpeg())
    photo = report.photos.get()
    url = reverse("participation:problem_photo", args=[photo.pk])
    staff_url = reverse("participation_problems:photo", args=[photo.pk])
    staff = Client()
    staff.force_login(admin_user)

    def public_status() -> int:
        return client.get(url).status_code

    def staff_sees_it() -> bool:
        response = staff.get(staff_url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert "no-store" in response["Cache-Control"]
        return _body(response) == _stored(photo)

    assert public_status() == 404  # new: nobody has looked at it yet
    assert staff_sees_it()

    services.change_problem_status(report=report, status="accepted", user=admin_user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert cache_control == {"private", "max-age=300"}
    assert _body(response) == _stored(photo)
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405

    services.change_problem_status(
        report=report, status="rejected", reason="Не наша компетенція", user=admin_user
    )
    assert public_status() == 404  # the address seen while accepted stops working at once
    assert staff_sees_it()
    services.reopen_problem(report=report, resident=resident, reason="Яма досі є")
    assert public_status() == 404
    assert staff_sees_it()
    services.change_problem_status(report=report, status="in_progress", user=admin_user)
    assert public_status() == 200
    services.change_problem_status(report=report, status="solved", user=admin_user)
    assert public_status() == 200
    assert (
        client.get(reverse("participation:problem_photo", args=[photo.pk + 999])).status_code == 404
    )


def test_only_staff_who_handle_reports_get_the_admin_view(
    client: Client, resident: Any, category: Any
) -> None:
    photo = _report(resident, category, phone_jpeg()).photos.get()
    staff_url = reverse("participation_problems:photo", args=[photo.pk])
    assert client.get(staff_url).status_code in (302, 403)  # anonymous: to the login
    client.force_login(resident.user)  # a resident, even the reporter, is not staff
    assert client.get(staff_url).status_code in (302, 403)


def test_the_type_is_read_from_the_stored_image(
    client: Client, resident: Any, category: Any, admin_user: Any
) -> None:
    report = _report(resident, category, image_bytes("PNG"), name="plan.png")
    services.change_problem_status(report=report, status="accepted", user=admin_user)
    photo = report.photos.get()
    response = client.get(reverse("participation:problem_photo", args=[photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


def test_the_file_is_not_in_public_media(resident: Any, category: Any) -> None:
    photo = _report(resident, category, phone_jpeg()).photos.get()
    name = str(photo.image.name)
    assert Path(settings.PRIVATE_MEDIA_ROOT, name).is_file()
    assert not Path(settings.MEDIA_ROOT, name).exists()
    assert (
        not Path(settings.PRIVATE_MEDIA_ROOT)
        .resolve()
        .is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    )
    with pytest.raises(ValueError):
        photo.image.url  # noqa: B018 — no public URL at all


def test_the_page_cache_never_keeps_a_page_or_a_photo(
    client: Client,
    problems_page: Any,
    resident: Any,
    category: Any,
    admin_user: Any,
    settings: Any,
) -> None:
    """A status change does not bump the content generation; instead the problem pages and the
    photos are never stored by the anonymous page cache, so a rejection shows at once."""
    settings.PAGE_CACHE_SECONDS = 300
    report = _report(resident, category, phone_jpeg())
    services.change_problem_status(report=report, status="accepted", user=admin_user)
    photo_url = reverse("participation:problem_photo", args=[report.photos.get().pk])
    detail = f"{problems_page.url}{report.pk}/"
    for _ in range(2):
        page = client.get(detail)
        assert photo_url in page.content.decode()
        assert "X-Cache" not in page and "private" in page["Cache-Control"]
        listing = client.get(problems_page.url)
        assert "X-Cache" not in listing
        assert "X-Cache" not in client.get(photo_url)
    services.change_problem_status(
        report=report, status="rejected", reason="Не наша компетенція", user=admin_user
    )
    assert photo_url not in client.get(detail).content.decode()
    assert client.get(photo_url).status_code == 404


def test_the_migration_moves_photos_out_of_public_media(resident: Any, category: Any) -> None:
    migration = importlib.import_module(
        "hromada.participation.migrations.0008_problem_photos_private"
    )
    report = _report(resident, category, phone_jpeg())
    report.photos.all().delete()
    data = image_bytes("JPEG")
    name = default_storage.save("participation/problems/0123456789abcdef.jpg", ContentFile(data))
    ProblemPhoto.objects.create(report=report, image=name)
    assert Path(settings.MEDIA_ROOT, name).is_file()

    migration.to_private(django_apps, None)
    assert not default_storage.exists(name)
    with private_storage().open(name, "rb") as moved:
        assert moved.read() == data
    migration.to_private(django_apps, None)  # again: nothing to do, nothing lost
    assert private_storage().exists(name)

    migration.to_public(django_apps, None)  # and back
    assert default_storage.exists(name) and not private_storage().exists(name)
