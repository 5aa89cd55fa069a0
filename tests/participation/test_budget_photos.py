"""Budget-project and milestone photos live in the private storage and go out only through
checked views: the public one while the project is published (accepted, rejected with its
reason, winner, implemented), the staff's one always. Nobody, the author included, sees a
submitted project's photo before staff have reviewed it."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from hromada.core.private_files import private_storage
from hromada.participation.budget import services as budget_services
from hromada.participation.budget.pages import BudgetPage
from hromada.participation.models import (
    BudgetProject,
    Milestone,
    ProjectPhoto,
    ProjectStatus,
)
from tests.conftest import image_bytes
from tests.participation.conftest import OWNER, phone_jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_cycle(cycle: Any) -> Any:
    """The test cycle, collecting projects today."""
    today = dt.date.today()
    cycle.submission_start, cycle.submission_end = today, today + dt.timedelta(days=5)
    cycle.review_end = cycle.voting_start = today + dt.timedelta(days=6)
    cycle.save()
    cycle.categories.create(name="Двори", votes_limit=1)
    return cycle


def _submit(resident: Any, cycle: Any, *photos: SimpleUploadedFile) -> BudgetProject:
    return budget_services.submit_project(
        resident=resident,
        cycle=cycle,
        category_id=cycle.categories.get().pk,
        title="Лавки у дворі",
        description="Три лавки біля під'їздів.",
        cost=Decimal("1000"),
        photos=list(photos) or [SimpleUploadedFile(f"IMG_{OWNER}.jpg", phone_jpeg())],
    )


def _winner_with_milestone(
    project: BudgetProject, user: Any, title: str, photo: SimpleUploadedFile
) -> Milestone:
    project.status = ProjectStatus.WINNER
    project.save()
    return budget_services.add_milestone(
        project=project, date=dt.date.today(), title=title, user=user, photo=photo
    )


def _stored(file: Any) -> bytes:
    with file.open("rb") as handle:
        return bytes(handle.read())


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def _login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_project_photo_is_public_only_once_the_project_is_published(
    client: Client, open_cycle: Any, make_resident: Any, admin_user: Any
) -> None:
    author = make_resident()
    project = _submit(author, open_cycle)
    photo = project.photos.get()
    url = reverse("participation:project_photo", args=[photo.pk])
    page_url = f"{BudgetPage.objects.live().get().url}{project.pk}/"
    author_client, other_client = _login(author.user), _login(make_resident().user)
    staff = _login(admin_user)

    def public_statuses() -> set[int]:
        return {visitor.get(url).status_code for visitor in (client, author_client, other_client)}

    def staff_sees_it() -> bool:
        response = staff.get(reverse("participation_projects:photo", args=[photo.pk]))
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        assert "no-store" in response["Cache-Control"]
        return _body(response) == _stored(photo.image)

    # Submitted: nobody has reviewed it. The author cannot open the project's page either, so
    # the photo follows the page: a 404 for everyone, the author included.
    assert public_statuses() == {404}
    assert author_client.get(page_url).status_code == 404
    assert staff_sees_it()

    budget_services.review_project(project=project, accept=True, notes="", user=admin_user)
    assert public_statuses() == {200}
    response = client.get(url)
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert cache_control == {"private", "max-age=300"}  # no shared cache keeps it
    assert OWNER not in response.get("Content-Disposition", "")  # no stored name goes out
    assert _body(response) == _stored(photo.image)
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405

    html = client.get(page_url).content.decode()
    assert url in html and "/media/" not in html
    assert f'alt="Фото 1 проєкту «{project.title}»"' in html  # the page is in Ukrainian

    # Rejected projects stay on the public list with the reason, and their photos with them.
    budget_services.review_project(
        project=project, accept=False, notes="", reason="Не комунальна земля.", user=admin_user
    )
    assert public_statuses() == {200}
    html = client.get(page_url).content.decode()
    assert url in html and "Не комунальна земля." in html

    # Checked on every request: were a project ever hidden again, its address stops at once.
    BudgetProject.objects.filter(pk=project.pk).update(status=ProjectStatus.SUBMITTED)
    assert public_statuses() == {404}
    assert staff_sees_it()
    missing = reverse("participation:project_photo", args=[photo.pk + 999])
    assert client.get(missing).status_code == 404


def test_a_milestone_photo_follows_its_project(
    client: Client, projects: list[Any], admin_user: Any
) -> None:
    project = projects[0]
    milestone = _winner_with_milestone(
        project, admin_user, "Встановлено лавки", SimpleUploadedFile("done.png", image_bytes("PNG"))
    )
    plain = budget_services.add_milestone(
        project=project, date=dt.date.today(), title="Укладено договір", user=admin_user
    )
    url = reverse("participation:milestone_photo", args=[milestone.pk])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert {part.strip() for part in response["Cache-Control"].split(",")} == {
        "private",
        "max-age=300",
    }
    assert _body(response) == _stored(milestone.photo)
    # A milestone without a photo has nothing to serve.
    assert client.get(reverse("participation:milestone_photo", args=[plain.pk])).status_code == 404

    page_url = f"{BudgetPage.objects.live().get().url}{project.pk}/"
    html = client.get(page_url).content.decode()
    assert url in html and 'alt="Встановлено лавки"' in html and "/media/" not in html

    staff_url = reverse("participation_projects:milestone_photo", args=[milestone.pk])
    BudgetProject.objects.filter(pk=project.pk).update(status=ProjectStatus.SUBMITTED)
    assert client.get(url).status_code == 404
    staff = _login(admin_user)
    response = staff.get(staff_url)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    no_photo = reverse("participation_projects:milestone_photo", args=[plain.pk])
    assert staff.get(no_photo).status_code == 404


def test_staff_review_shows_the_photos_through_the_staff_view(
    open_cycle: Any, resident: Any, admin_user: Any
) -> None:
    project = _submit(resident, open_cycle)
    staff = _login(admin_user)
    html = staff.get(reverse("participation_projects:review", args=[project.pk])).content.decode()
    photo = project.photos.get()
    assert reverse("participation_projects:photo", args=[photo.pk]) in html
    assert reverse("participation:project_photo", args=[photo.pk]) not in html


def test_only_staff_who_review_projects_get_the_admin_views(
    client: Client, open_cycle: Any, resident: Any, django_user_model: Any
) -> None:
    photo = _submit(resident, open_cycle).photos.get()
    staff_url = reverse("participation_projects:photo", args=[photo.pk])
    assert client.get(staff_url).status_code in (302, 403)  # anonymous: to the login
    client.force_login(resident.user)  # a resident, even the author, is not staff
    assert client.get(staff_url).status_code in (302, 403)
    # Staff who may use the admin but not review projects.
    editor = django_user_model.objects.create_user(
        "editor", "editor@example.org", "x", is_staff=True
    )
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    as_editor = _login(editor)
    response = as_editor.get(staff_url)  # a 403 page, not Wagtail's redirect
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    assert b"\xff\xd8" not in response.content  # no JPEG bytes
    missing = reverse("participation_projects:photo", args=[photo.pk + 1000])
    assert as_editor.get(missing).status_code == 403  # the same answer: it tells nothing
    refused = ModelLogEntry.objects.filter(action="participation.photo_refused")
    assert [(entry.user_id, entry.object_id) for entry in refused] == [
        (editor.pk, str(photo.project_id))
    ]


def test_the_files_are_not_in_public_media(open_cycle: Any, resident: Any, admin_user: Any) -> None:
    project = _submit(resident, open_cycle)
    milestone = _winner_with_milestone(
        project, admin_user, "Готово", SimpleUploadedFile("done.jpg", phone_jpeg())
    )
    for file in (project.photos.get().image, milestone.photo):
        name = str(file.name)
        assert name.startswith("participation/budget/") and OWNER not in name
        assert Path(settings.PRIVATE_MEDIA_ROOT, name).is_file()
        assert not Path(settings.MEDIA_ROOT, name).exists()
        with pytest.raises(ValueError):
            file.url  # noqa: B018 — no public URL at all


def test_photos_are_judged_by_content_and_a_bad_one_refuses_the_project(
    open_cycle: Any, resident: Any, admin_user: Any
) -> None:
    disguised = SimpleUploadedFile("place.jpg", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError):
        _submit(resident, open_cycle, SimpleUploadedFile("a.jpg", phone_jpeg()), disguised)
    assert not BudgetProject.objects.filter(cycle=open_cycle).exists()
    project = _submit(resident, open_cycle)
    for bad in (b"GIF89a not really", b"%PDF-1.4 not an image", b""):
        with pytest.raises(ValidationError):
            budget_services.add_project_photo(
                project=project, image=SimpleUploadedFile("p.jpg", bad), user=admin_user
            )
    assert project.photos.count() == 1


def test_the_migration_moves_photos_out_of_public_media(
    projects: list[Any], admin_user: Any
) -> None:
    migration = importlib.import_module(
        "hromada.participation.migrations.0009_budget_photos_private"
    )
    project = projects[0]
    data = image_bytes("JPEG")
    names = [
        default_storage.save(f"participation/budget/{stem}.jpg", ContentFile(data))
        for stem in ("0123456789abcdef", "fedcba9876543210")
    ]
    ProjectPhoto.objects.create(project=project, image=names[0])
    Milestone.objects.create(project=project, date=dt.date.today(), title="x", photo=names[1])
    Milestone.objects.create(project=project, date=dt.date.today(), title="без фото")
    for name in names:
        assert Path(settings.MEDIA_ROOT, name).is_file()

    migration.to_private(django_apps, None)
    for name in names:
        assert not default_storage.exists(name)
        assert not Path(settings.MEDIA_ROOT, name).exists()
        with private_storage().open(name, "rb") as moved:
            assert moved.read() == data
    migration.to_private(django_apps, None)  # again: nothing to do, nothing lost
    assert all(private_storage().exists(name) for name in names)

    migration.to_public(django_apps, None)  # and back
    for name in names:
        assert default_storage.exists(name) and not private_storage().exists(name)
    migration.to_private(django_apps, None)
    response = Client().get(
        reverse("participation:project_photo", args=[ProjectPhoto.objects.get(image=names[0]).pk])
    )
    assert response.status_code == 200 and _body(response) == data
