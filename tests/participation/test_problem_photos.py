"""Problem-report photos live in the private storage and go out only through checked views:
the public one while the report is accepted, in progress or solved, the staff's one always to
those who handle reports (other staff: a 403 page, the refusal logged; anonymous: the login)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from hromada.core import roles
from hromada.core.private_files import private_storage
from hromada.participation.models import ProblemPhoto, ProblemReport
from hromada.participation.problems import services as problems_services
from hromada.participation.shared.admin import PHOTO_REFUSED_ACTION
from tests.conftest import image_bytes
from tests.participation.conftest import phone_jpeg

pytestmark = pytest.mark.django_db


def _report(resident: Any, category: Any, data: bytes, name: str = "a.jpg") -> ProblemReport:
    return problems_services.report_problem(
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
    problems_services.change_problem_status(report=report, status="accepted", user=admin_user)
    assert public_status() == 404  # accepted, but its text not yet published by a moderator
    problems_services.moderate_problem(report=report, publish=True, user=admin_user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert cache_control == {"private", "max-age=300"}
    assert _body(response) == _stored(photo)
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405

    problems_services.hide_problem(report=report, reason="Видно обличчя", user=admin_user)
    assert public_status() == 404  # the address seen while public stops working at once
    assert staff_sees_it()
    problems_services.moderate_problem(report=report, publish=True, user=admin_user)
    assert public_status() == 200
    problems_services.change_problem_status(
        report=report, status="closed", reason="Не наша компетенція", user=admin_user
    )
    assert public_status() == 200  # an honest closing keeps what staff have looked at
    problems_services.reopen_problem(report=report, resident=resident, reason="Яма досі є")
    assert public_status() == 404
    assert staff_sees_it()
    problems_services.change_problem_status(report=report, status="in_progress", user=admin_user)
    assert public_status() == 200
    problems_services.change_problem_status(report=report, status="solved", user=admin_user)
    assert public_status() == 200
    assert (
        client.get(reverse("participation:problem_photo", args=[photo.pk + 999])).status_code == 404
    )


def _refusals(report: ProblemReport) -> list[ModelLogEntry]:
    return list(
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(ProblemReport),
            object_id=str(report.pk),
            action=PHOTO_REFUSED_ACTION,
        ).order_by("pk")
    )


def test_anonymous_visitors_and_residents_are_sent_to_the_login(
    client: Client, resident: Any, category: Any
) -> None:
    report = _report(resident, category, phone_jpeg())
    staff_url = reverse("participation_problems:photo", args=[report.photos.get().pk])
    for user in (None, resident.user):  # a resident, even the reporter, is not staff
        if user is not None:
            client.force_login(user)
        response = client.get(staff_url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert _refusals(report) == []


def test_other_staff_get_a_403_page_and_the_refusal_is_logged(
    resident: Any, category: Any, admin_user: Any, django_user_model: Any
) -> None:
    report = _report(resident, category, phone_jpeg())
    photo = report.photos.get()
    editor = django_user_model.objects.create_user("site-editor", password="x")
    editor.groups.add(Group.objects.get(name=roles.SITE_EDITOR))
    assert not editor.has_perm("participation.change_problemreport")
    staff = Client()
    staff.force_login(editor)
    response = staff.get(reverse("participation_problems:photo", args=[photo.pk]))
    assert response.status_code == 403
    assert "Location" not in response and not getattr(response, "streaming", False)
    assert response["Content-Type"].startswith("text/html")
    assert _stored(photo) not in response.content
    html = response.content.decode()
    assert "Ви не можете відкрити це фото" in html
    assert str(photo.image.name) not in html
    logged = _refusals(report)
    assert [(entry.user_id, entry.data) for entry in logged] == [(editor.pk, {"photo": photo.pk})]
    # A photo that does not exist gets the same answer (nothing to log it on).
    missing = staff.get(reverse("participation_problems:photo", args=[photo.pk + 999]))
    assert missing.status_code == 403
    assert len(_refusals(report)) == 1
    # Staff who handle reports: the photo, and a missing one is a 404.
    handler = Client()
    handler.force_login(admin_user)
    assert _body(handler.get(reverse("participation_problems:photo", args=[photo.pk]))) == (
        _stored(photo)
    )
    assert (
        handler.get(reverse("participation_problems:photo", args=[photo.pk + 999])).status_code
        == 404
    )
    assert len(_refusals(report)) == 1


def test_the_type_is_read_from_the_stored_image(
    client: Client, resident: Any, category: Any, admin_user: Any
) -> None:
    report = _report(resident, category, image_bytes("PNG"), name="plan.png")
    problems_services.moderate_problem(report=report, publish=True, user=admin_user)
    problems_services.change_problem_status(report=report, status="accepted", user=admin_user)
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
    photos are never stored by the anonymous page cache, so hiding a report shows at once."""
    settings.PAGE_CACHE_SECONDS = 300
    report = _report(resident, category, phone_jpeg())
    problems_services.moderate_problem(report=report, publish=True, user=admin_user)
    problems_services.change_problem_status(report=report, status="accepted", user=admin_user)
    photo_url = reverse("participation:problem_photo", args=[report.photos.get().pk])
    detail = f"{problems_page.url}{report.pk}/"
    for _ in range(2):
        page = client.get(detail)
        assert photo_url in page.content.decode()
        assert "X-Cache" not in page and "private" in page["Cache-Control"]
        listing = client.get(problems_page.url)
        assert "X-Cache" not in listing
        assert "X-Cache" not in client.get(photo_url)
    problems_services.hide_problem(report=report, reason="Видно номер авто", user=admin_user)
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
