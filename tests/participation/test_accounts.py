"""Resident accounts: registration, e-mail confirmation, login, password reset, profile,
levels and their enforcement, verification by staff and by the e-ID test double, deletion."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from hromada.core import spam
from hromada.participation import verification
from hromada.participation.models import Level, Resident, Signature
from hromada.participation.petitions import selectors as petitions_selectors
from hromada.participation.petitions import services as petitions_services
from hromada.participation.residents import services as residents_services
from hromada.participation.verification import LevelRequired, require

pytestmark = pytest.mark.django_db


def _register(client: Client, **overrides: str) -> Any:
    data = {
        "full_name": "Петренко Ольга Іванівна",
        "email": "olga@example.org",
        "password": "a-long-password-77",
        "district": "Центр",
        "consent": "on",
        "website": "",
        "started": spam.started_token(now=time.time() - 60),
    }
    data.update(overrides)
    return client.post(reverse("participation:register"), data)


def test_registration_confirmation_and_login(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = _register(client)
    assert response.status_code == 302, response.context["form"].errors
    resident = Resident.objects.get(user__email="olga@example.org")
    assert resident.consent_at is not None
    assert resident.level == Level.REGISTERED
    assert not resident.user.is_staff and not resident.user.is_superuser
    (letter,) = mail.outbox
    link = re.search(r"https?://\S+", letter.body)
    assert link is not None
    response = client.get(link.group(0))
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.level == Level.EMAIL_CONFIRMED
    client.logout()
    response = client.post(
        reverse("participation:login"),
        {"username": "OLGA@example.org", "password": "a-long-password-77"},
    )
    assert response.status_code == 302


def test_resident_logs_in_with_email(client: Client, resident: Resident) -> None:
    response = client.post(
        reverse("participation:login"),
        {"username": resident.user.email, "password": "wrong"},
    )
    assert response.status_code == 200
    response = client.post(
        reverse("participation:login"),
        {"username": resident.user.email, "password": "correct horse 42"},
    )
    assert response.status_code == 302
    assert client.get(reverse("participation:profile")).status_code == 200


def test_resident_has_no_admin_access(client: Client, resident: Resident) -> None:
    client.force_login(resident.user)
    response = client.get("/admin/")
    assert response.status_code == 302  # back to the admin login


def test_bad_confirmation_token_is_refused(client: Client, resident: Resident) -> None:
    response = client.get(reverse("participation:confirm", args=["forged:token"]))
    assert response.status_code == 400


def test_registration_refuses_honeypot_duplicates_and_missing_consent(
    client: Client, resident: Resident
) -> None:
    assert _register(client, website="http://spam").status_code == 400
    assert _register(client, consent="").status_code == 400
    assert _register(client, email=resident.user.email.upper()).status_code == 400
    assert _register(client, started="forged").status_code == 400
    assert not Resident.objects.filter(user__email="olga@example.org").exists()


def test_password_reset_sends_a_link(client: Client, resident: Resident, settings: Any) -> None:
    response = client.post(reverse("participation:password_reset"), {"email": resident.user.email})
    assert response.status_code == 302
    (letter,) = mail.outbox
    # The link is the site's own address (BASE_URL), not the request's Host.
    link = re.search(re.escape(settings.BASE_URL) + r"(\S+)", letter.body)
    assert link is not None
    response = client.get(link.group(1), follow=True)
    assert response.status_code == 200
    assert b"new_password1" in response.content


def test_levels_are_declared_for_every_action_and_enforced(make_resident: Any) -> None:
    unconfirmed = make_resident(confirmed=False)
    confirmed = make_resident()
    identified = make_resident(verified=True)
    assert set(verification.REQUIRED_LEVELS) >= {"petition.sign", "budget.vote"}
    with pytest.raises(LevelRequired):
        require(unconfirmed, "draft.comment")
    require(confirmed, "draft.comment")
    # Signing and voting need an identified person by default (e-ID or in person).
    for action in ("petition.sign", "budget.vote"):
        with pytest.raises(LevelRequired):
            require(confirmed, action)
        require(identified, action)
    with pytest.raises(LevelRequired):
        require(None, "petition.sign")


def test_staff_confirmation_records_document_type_and_who(
    make_resident: Any, admin_user: Any
) -> None:
    resident = make_resident()
    residents_services.confirm_resident(
        resident=resident, document_type="id_card", document_number="1234567899", user=admin_user
    )
    resident.refresh_from_db()
    assert resident.level == Level.RESIDENT_CONFIRMED
    assert resident.verified_by == admin_user and resident.verified_document == "id_card"
    with pytest.raises(Exception, match="document"):
        residents_services.confirm_resident(
            resident=resident, document_type="scan", document_number="1234567899", user=admin_user
        )


def test_admin_confirms_a_resident(client: Client, admin_user: Any, make_resident: Any) -> None:
    resident = make_resident()
    client.force_login(admin_user)
    url = reverse("participation_residents:confirm", args=[resident.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"document_type": "passport", "document_number": "АБ123456"})
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.verified_by == admin_user
    assert client.get(reverse("participation_residents:index")).status_code == 200


def test_deletion_erases_personal_data_but_keeps_signatures(
    client: Client, resident: Resident, petition: Any, make_resident: Any
) -> None:
    signer = make_resident(verified=True, name="Підписант Видалений")
    petitions_services.sign_petition(petition=petition, resident=signer)
    client.force_login(signer.user)
    response = client.post(reverse("participation:delete"), {"confirm": "on"})
    assert response.status_code == 200
    signer.refresh_from_db()
    assert signer.deleted_at is not None and signer.full_name != "Підписант Видалений"
    assert signer.user.email == "" and not signer.user.is_active
    signature = Signature.objects.get(petition=petition)
    assert signature.name == "" and signature.resident is None
    counted = petitions_selectors.public_petition(petition.pk)
    assert counted is not None and counted.signature_count == 1
    page = client.get(f"/zhyteliam-mista/elektronni-petytsii/{petition.pk}/")
    assert "Підписант Видалений" not in page.content.decode()
