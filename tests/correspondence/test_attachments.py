"""Attachments are private: stored outside the public media folder with no URL, downloaded only
through the journal's view by the assignee, the head of office and administrators (each
download logged), always as a download with the browser's type sniffing off. Other staff get
a 403 page (the refusal logged too); anonymous visitors are sent to the login."""

from __future__ import annotations

import importlib
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from hromada.core import roles, spam
from hromada.core.private_files import private_storage
from hromada.correspondence import privacy, services
from hromada.correspondence.models import Attachment, Document, SubmissionFormPage
from hromada.correspondence.services import RequesterData
from hromada.correspondence.workflow import Kind

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def submitted_on_the_portal(client: Client) -> Attachment:
    form_page = SubmissionFormPage.objects.live().get(form_kind=Kind.CITIZEN_APPEAL)
    upload = SimpleUploadedFile("скарга.pdf", PDF, content_type="application/pdf")
    response = client.post(
        form_page.url,
        {
            "name": "Коваленко Андрій",
            "email": "andrii@example.org",
            "postal_address": "93100, м. Лисичанськ, вул. Сосюри, 5",
            "appeal_type": "complaint",
            "subject": "Не працює освітлення",
            "text": "На вулиці Сосюри третій тиждень не працює освітлення.",
            "consent": "on",
            "website": "",
            "started": spam.started_token(time.time() - 60),
            "attachments": [upload],
        },
    )
    assert response.status_code == 302
    return Document.objects.get(source="portal").attachments.get()


def download(user: Any, attachment: Attachment) -> Any:
    client = Client()
    if user is not None:
        client.force_login(user)
        # The purpose the law accepts, given first (see test_assignment.py for the rule).
        purposes = privacy.purposes_for(user, attachment.document)
        if purposes:
            client.post(
                reverse("correspondence_journal:access", args=[attachment.document_id]),
                {"purpose": purposes[0].value},
            )
    return client.get(reverse("correspondence_journal:attachment", args=[attachment.pk]))


def downloads_logged(attachment: Attachment) -> list[ModelLogEntry]:
    return list(
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Document),
            object_id=str(attachment.document_id),
            action=privacy.ATTACHMENT_ACTION,
        )
    )


def test_a_portal_upload_is_kept_outside_the_public_media_with_no_url(client: Client) -> None:
    attachment = submitted_on_the_portal(client)
    private_root = Path(settings.PRIVATE_MEDIA_ROOT)
    assert (private_root / attachment.file.name).read_bytes() == PDF
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.pdf"))
    assert private_root.resolve() not in Path(settings.MEDIA_ROOT).resolve().parents
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018
    # Neither the media URL nor a guess at it reaches the file.
    assert Client().get(f"{settings.MEDIA_URL}{attachment.file.name}").status_code == 404


def refused(response: Any) -> bool:
    """Staff who may not open it get a 403 page in the admin's look: no redirect, no file."""
    return (
        response.status_code == 403
        and not getattr(response, "streaming", False)
        and "Location" not in response
        and PDF not in response.content
        and "text/html" in response["Content-Type"]
    )


def refusals_logged(attachment: Attachment) -> list[ModelLogEntry]:
    return list(
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Document),
            object_id=str(attachment.document_id),
            action=privacy.ATTACHMENT_REFUSED_ACTION,
        ).order_by("pk")
    )


def test_anonymous_visitors_are_sent_to_the_login(client: Client, specialist: Any) -> None:
    attachment = submitted_on_the_portal(client)
    services.assign(document=attachment.document, assignee=specialist)
    anonymous = download(None, attachment)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("wagtailadmin_login"))
    assert downloads_logged(attachment) == [] and refusals_logged(attachment) == []


def test_unauthorised_staff_get_a_403_page_and_the_refusal_is_logged(
    client: Client, specialist: Any, colleague: Any, django_user_model: Any
) -> None:
    attachment = submitted_on_the_portal(client)
    services.assign(document=attachment.document, assignee=specialist)
    refusal = download(colleague, attachment)  # a colleague, not the case's assignee
    assert refused(refusal)
    html = refusal.content.decode()
    assert '<html lang="uk"' in html
    assert "Ви не можете відкрити цей додаток" in html
    assert "скарга.pdf" not in html  # not even the file's name
    assert reverse("wagtailadmin_home") in html
    editor = django_user_model.objects.create_user("site-editor", password="x")
    editor.groups.add(Group.objects.get(name=roles.SITE_EDITOR))
    assert refused(download(editor, attachment))
    assert downloads_logged(attachment) == []
    logged = refusals_logged(attachment)
    assert [entry.user_id for entry in logged] == [colleague.pk, editor.pk]
    assert logged[0].data == {"attachment": attachment.pk}
    assert str(logged[0].message) == "Відмовлено у завантаженні додатка"


def test_the_refusal_page_follows_the_users_admin_language(
    client: Client, specialist: Any, colleague: Any
) -> None:
    attachment = submitted_on_the_portal(client)
    profile = UserProfile.get_for_user(colleague)
    profile.preferred_language = "en"
    profile.save()
    refusal = download(colleague, attachment)
    assert refused(refusal)
    assert "You may not open this attachment" in refusal.content.decode()


def test_assignee_head_and_administrator_download_it_logged(
    client: Client, specialist: Any, head: Any, admin_user: Any
) -> None:
    attachment = submitted_on_the_portal(client)
    services.assign(document=attachment.document, assignee=specialist)
    for user in (specialist, head, admin_user):
        response = download(user, attachment)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment;")
        assert (
            "filename*=utf-8''%D1%81%D0%BA%D0%B0%D1%80%D0%B3%D0%B0.pdf"
            in (response["Content-Disposition"])
        )
        assert response["Content-Type"] == "application/octet-stream"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert "sandbox" in response["Content-Security-Policy"]
    logged = downloads_logged(attachment)
    assert sorted(entry.user_id for entry in logged) == sorted(
        [specialist.pk, head.pk, admin_user.pk]
    )
    by_specialist = next(entry for entry in logged if entry.user_id == specialist.pk)
    assert by_specialist.data == {
        "attachment": attachment.pk,
        "name": "скарга.pdf",
        "purpose": "handling",
    }


def test_the_case_page_links_to_the_checked_download(client: Client, admin_user: Any) -> None:
    attachment = submitted_on_the_portal(client)
    staff = Client()
    staff.force_login(admin_user)
    inspect = reverse("correspondence_journal:inspect", args=[attachment.document_id])
    html = staff.get(inspect).content.decode()
    assert reverse("correspondence_journal:attachment", args=[attachment.pk]) not in html
    staff.post(
        reverse("correspondence_journal:access", args=[attachment.document_id]),
        {"purpose": "supervision"},
    )
    html = staff.get(
        reverse("correspondence_journal:inspect", args=[attachment.document_id])
    ).content.decode()
    assert reverse("correspondence_journal:attachment", args=[attachment.pk]) in html
    assert settings.MEDIA_URL + "correspondence/" not in html


def test_an_erased_file_is_gone(client: Client, admin_user: Any) -> None:
    lost = submitted_on_the_portal(client)
    Path(settings.PRIVATE_MEDIA_ROOT, lost.file.name).unlink()  # lost from the disk
    assert download(admin_user, lost).status_code == 404
    assert downloads_logged(lost) == []
    Document.objects.filter(pk=lost.document_id).update(source="manual")
    attachment = submitted_on_the_portal(client)
    attachment.file.delete(save=False)
    attachment.file = ""
    attachment.save()
    assert download(admin_user, attachment).status_code == 404
    client.logout()
    staff = Client()
    staff.force_login(admin_user)
    missing = reverse("correspondence_journal:attachment", args=[attachment.pk + 1000])
    assert staff.get(missing).status_code == 404


def test_the_migration_moves_files_already_uploaded_out_of_public_media() -> None:
    migration = importlib.import_module(
        "hromada.correspondence.migrations.0004_private_attachments"
    )
    document = services.register_incoming(
        kind=Kind.LETTER,
        subject="Лист з додатком",
        requester=RequesterData(name="Іваненко Іван"),
    )
    name = default_storage.save(
        "correspondence/2020/abcdefghijklmnopqrstuvwx/old.pdf", ContentFile(PDF)
    )
    Attachment.objects.create(document=document, file=name, name="old.pdf")
    migration._move([name], default_storage, private_storage())
    assert not default_storage.exists(name)
    with private_storage().open(name, "rb") as moved:
        assert moved.read() == PDF
    migration._move([name], default_storage, private_storage())  # again: nothing to do
    assert private_storage().exists(name)
