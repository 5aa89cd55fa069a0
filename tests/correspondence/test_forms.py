"""The public online forms: a request becomes a registered document with its due date at once;
spam, bad uploads and missing fields are refused with clear messages and nothing saved."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from hromada.core import spam
from hromada.correspondence.models import Document, SubmissionFormPage, TrackingPage
from hromada.correspondence.workflow import Kind, Status

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def page(kind: str) -> SubmissionFormPage:
    return SubmissionFormPage.objects.live().get(form_kind=kind)


def started() -> str:
    return spam.started_token(time.time() - 60)


def request_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Петренко Ольга Іванівна",
        "email": "olha@example.org",
        "postal_address": "",
        "phone": "",
        "description": "Копії рішень виконкому про благоустрій за 2024 рік",
        "consent": "on",
        "website": "",
        "started": started(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def appeal_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Коваленко Андрій",
        "email": "andrii@example.org",
        "postal_address": "93100, м. Лисичанськ, вул. Сосюри, 5",
        "appeal_type": "complaint",
        "subject": "Не працює освітлення",
        "text": "На вулиці Сосюри третій тиждень не працює освітлення.",
        "consent": "on",
        "website": "",
        "started": started(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def portal_documents() -> Any:
    return Document.objects.filter(source="portal")


def test_the_form_pages_render_with_the_notice_and_no_cache(client: Client) -> None:
    response = client.get(page(Kind.PUBLIC_INFO_REQUEST).url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'id="privacy-heading"' in html and "Володілець персональних даних" in html
    assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_a_request_is_registered_with_its_due_date_and_a_tracking_code(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    form_page = page(Kind.PUBLIC_INFO_REQUEST)
    upload = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_page.url, {**request_data(), "attachments": [upload]})
    assert response.status_code == 302
    document = portal_documents().get()
    assert document.kind == Kind.PUBLIC_INFO_REQUEST
    assert document.status == Status.REGISTERED
    assert document.registered_on == timezone.localdate()
    assert document.due_date is not None and document.due_date > document.registered_on
    assert document.requester.email == "olha@example.org"
    assert document.requester.consent_at is not None
    assert document.attachments.count() == 1
    assert document.tracking_code
    (confirmation,) = mail.outbox
    assert confirmation.to == ["olha@example.org"]
    assert document.tracking_code in confirmation.body
    assert document.reg_number in confirmation.subject
    # The page after the redirect shows the code.
    done = client.get(response["Location"])
    assert document.tracking_code in done.content.decode()


def test_the_status_page_shows_the_case_without_personal_data(client: Client) -> None:
    client.post(page(Kind.CITIZEN_APPEAL).url, appeal_data())
    document = portal_documents().get()
    tracking = TrackingPage.objects.live().get()
    response = client.get(tracking.url, {"code": document.tracking_code.lower()})
    html = response.content.decode()
    assert response.status_code == 200
    assert document.reg_number in html
    assert 'class="status status-registered"' in html
    for private in ("Коваленко", "andrii@example.org", "Сосюри", "освітлення"):
        assert private not in html
    missing = client.get(tracking.url, {"code": "ZZZZ-ZZZZ"})
    assert missing.status_code == 404


def test_missing_fields_are_named_and_nothing_is_saved(client: Client) -> None:
    response = client.post(
        page(Kind.CITIZEN_APPEAL).url,
        appeal_data(name="", postal_address="", text="", consent=None),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count('class="field-error"') >= 4
    assert not portal_documents().exists()


def test_a_fake_email_is_refused(client: Client) -> None:
    response = client.post(page(Kind.PUBLIC_INFO_REQUEST).url, request_data(email="olha@nowhere"))
    assert response.status_code == 400
    assert "email" in response.context["form"].errors
    assert not portal_documents().exists()


def test_an_executable_renamed_pdf_is_refused(client: Client) -> None:
    upload = SimpleUploadedFile("doc.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    response = client.post(
        page(Kind.PUBLIC_INFO_REQUEST).url, {**request_data(), "attachments": [upload]}
    )
    assert response.status_code == 400
    assert "attachments" in response.context["form"].errors
    assert not portal_documents().exists()


def test_the_honeypot_and_the_fill_time_stop_robots(client: Client) -> None:
    url = page(Kind.PUBLIC_INFO_REQUEST).url
    assert client.post(url, request_data(website="http://spam.example")).status_code == 400
    too_fast = client.post(url, request_data(started=spam.started_token()))
    assert too_fast.status_code == 400
    assert too_fast.context["form"].has_error("started", "too_fast")
    forged = client.post(url, request_data(started="12345:forged"))
    assert forged.status_code == 400
    assert not portal_documents().exists()


def test_fifty_submissions_a_minute_from_one_address_are_limited(
    client: Client, settings: Any
) -> None:
    settings.CORRESPONDENCE_FORM_RATE_LIMIT = (5, 600)
    url = page(Kind.CITIZEN_APPEAL).url
    statuses = [client.post(url, appeal_data()).status_code for _ in range(50)]
    assert statuses[:5] == [302] * 5
    assert set(statuses[5:]) == {429}
    assert portal_documents().count() == 5
    # Another address is not affected.
    other = client.post(url, appeal_data(), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_behind_a_trusted_proxy_each_resident_has_their_own_limit(
    client: Client, settings: Any
) -> None:
    settings.CORRESPONDENCE_FORM_RATE_LIMIT = (2, 600)
    settings.HROMADA_TRUSTED_PROXIES = ["127.0.0.1"]
    url = page(Kind.CITIZEN_APPEAL).url

    def post(forwarded: str) -> int:
        return client.post(url, appeal_data(), HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert [post("198.51.100.1") for _ in range(3)] == [302, 302, 429]
    assert post("198.51.100.2") == 302  # another resident behind the same proxy
    # A resident cannot get a fresh limit by inventing the header: nginx appends the real
    # address, and only that rightmost untrusted one counts.
    assert post("192.0.2.50, 198.51.100.1") == 429
    assert portal_documents().count() == 3


def test_the_header_is_ignored_when_no_proxy_is_trusted(client: Client, settings: Any) -> None:
    settings.CORRESPONDENCE_FORM_RATE_LIMIT = (2, 600)
    settings.HROMADA_TRUSTED_PROXIES = []
    url = page(Kind.CITIZEN_APPEAL).url
    statuses = [
        client.post(url, appeal_data(), HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]


def test_csrf_is_enforced() -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(page(Kind.CITIZEN_APPEAL).url, appeal_data())
    assert response.status_code == 403
    assert not portal_documents().exists()


def test_the_resident_sees_the_status_change(client: Client) -> None:
    from hromada.correspondence import services

    client.post(page(Kind.PUBLIC_INFO_REQUEST).url, request_data())
    document = portal_documents().get()
    tracking = TrackingPage.objects.live().get()
    services.answer(document=document, letter="Надсилаємо копії рішень.")
    html = client.get(tracking.url, {"code": document.tracking_code}).content.decode()
    assert 'class="status status-answered"' in html
    assert timezone.localdate().strftime("%d.%m.%Y") in html
    assert "Надсилаємо" not in html  # the answer itself goes by e-mail only


def test_attachments_are_stored_under_an_unguessable_folder(client: Client) -> None:
    upload = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
    client.post(page(Kind.PUBLIC_INFO_REQUEST).url, {**request_data(), "attachments": [upload]})
    attachment = portal_documents().get().attachments.get()
    folder = attachment.file.name.split("/")[2]
    assert folder != str(attachment.document_id) and len(folder) >= 20
