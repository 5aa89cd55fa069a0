"""Every write of resident accounts: registration, confirmation, verification, deletion."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core import audit, cases
from hromada.core.mail import queue_email
from hromada.core.types import Actor
from hromada.participation.residents.identity import identity_key
from hromada.participation.residents.models import (
    DocumentType,
    Resident,
)
from hromada.participation.verification import Identity

CONFIRM_SALT = "hromada.participation.confirm-email"
CONFIRM_MAX_AGE = 3 * 24 * 3600


def confirmation_token(resident: Resident) -> str:
    return signing.dumps({"r": resident.pk, "e": resident.user.email}, salt=CONFIRM_SALT)


def resident_of_token(token: str) -> Resident | None:
    """The resident a confirmation link was made for, while the link is valid, else None."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        resident = Resident.objects.select_related("user").get(pk=data["r"])
    except (signing.BadSignature, Resident.DoesNotExist, KeyError, TypeError):
        return None
    if resident.user.email != data["e"] or resident.deleted_at is not None:
        return None
    return resident


def send_confirmation(*, resident: Resident, link: str) -> None:
    """The e-mail with the confirmation link, queued by core.mail after the commit."""
    queue_email(
        subject=_("Confirm your e-mail"),
        body=_("To confirm your e-mail and activate your account, open this link:\n%(link)s\n")
        % {"link": link},
        to=[resident.user.email],
    )


def letter(resident: Resident | None, subject: str, body: str) -> None:
    """A notice to a resident about their case (not to a deleted account), after the commit."""
    if resident is not None and resident.deleted_at is None and resident.user.email:
        cases.notify(subject=subject, body=body, to=[resident.user.email])


@transaction.atomic
def register_resident(*, email: str, password: str, full_name: str, district: str = "") -> Resident:
    """A new resident account (not staff), with the consent recorded now."""
    email = email.strip().lower()
    user_model = get_user_model()
    if user_model.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
        raise ValidationError({"email": _("An account with this e-mail already exists.")})
    user = user_model.objects.create_user(
        username=email,  # residents log in with their e-mail
        email=email,
        password=password,
        is_staff=False,
    )
    resident = Resident.objects.create(
        user=user,
        full_name=" ".join(full_name.split()),
        district=district,
        consent_at=timezone.now(),
    )
    audit.record(resident, "wagtail.create", user=user, data={"consent": True})
    return resident


@transaction.atomic
def confirm_email(*, resident: Resident) -> Resident:
    if resident.email_confirmed_at is None:
        resident.email_confirmed_at = timezone.now()
        resident.save(update_fields=["email_confirmed_at"])
        audit.record(resident, "participation.email_confirmed", user=resident.user)
    return resident


class IdentityTaken(ValidationError):
    """The person is already confirmed on another account (one person, one account)."""


def _link(resident: Resident, key: str) -> None:
    """Put the identity key on the (locked) resident, or IdentityTaken when another account
    holds it or this account holds another person's. The unique constraint decides a race."""
    if resident.identity_key not in (None, key):
        raise IdentityTaken(_("This account is already confirmed for another person."))
    taken = Resident.objects.filter(identity_key=key).exclude(pk=resident.pk).exists()
    if taken:
        raise IdentityTaken(
            _(
                "This person is already confirmed on another account of this portal. Sign in "
                "to that account (through ID.GOV.UA it opens by itself)."
            )
        )
    resident.identity_key = key


def _lock(resident: Resident) -> None:
    """Lock the resident's row and read it again (the caller's instance is updated)."""
    list(Resident.objects.select_for_update().filter(pk=resident.pk).values_list("pk"))
    resident.refresh_from_db()


def _save_linked(resident: Resident) -> None:
    try:
        with transaction.atomic():
            resident.save()
    except IntegrityError as error:
        raise IdentityTaken(
            _("This person is already confirmed on another account of this portal.")
        ) from error


@transaction.atomic
def confirm_resident(
    *, resident: Resident, document_type: str, document_number: str, user: Actor
) -> Resident:
    """Staff saw the resident in person with a document: its type is kept and the identity
    key of the number typed (the РНОКПП, or the passport number of a person without one),
    never the number or a copy."""
    if document_type not in DocumentType.values or document_type == DocumentType.EID:
        raise ValidationError({"document_type": _("Choose the document that was shown.")})
    key = identity_key(document_number)
    _lock(resident)
    if resident.deleted_at is not None:
        raise ValidationError(_("This account was deleted."))
    before = audit.snapshot(resident)
    _link(resident, key)
    resident.verified_at = timezone.now()
    resident.verified_by = user
    resident.verified_document = document_type
    _save_linked(resident)
    audit.record(resident, "participation.verified", user=user, before=before)
    return resident


@transaction.atomic
def confirm_by_eid(*, resident: Resident, identity: Identity, provider: str) -> Resident:
    """Link the e-ID identity to this signed-in account: confirmed resident at once."""
    key = identity_key(identity.number)
    _lock(resident)
    if resident.deleted_at is not None:
        raise ValidationError(_("This account was deleted."))
    before = audit.snapshot(resident)
    _link(resident, key)
    resident.verified_at = timezone.now()
    resident.verified_document = DocumentType.EID
    resident.verifier = f"{provider}/{identity.auth_type}".rstrip("/")[:50]
    if identity.full_name:
        resident.full_name = identity.full_name
    _save_linked(resident)
    audit.record(
        resident,
        "participation.verified",
        user=resident.user,
        before=before,
        data={"auth_type": identity.auth_type, "certificate": identity.certificate},
    )
    return resident


@transaction.atomic
def sign_in_by_eid(*, identity: Identity, provider: str, user: Actor | None) -> Resident:
    """The resident an e-ID sign-in opens: the signed-in resident's own account (linked now),
    the account already linked to this person, or a new confirmed account."""
    key = identity_key(identity.number)
    current = Resident.objects.filter(user=user, deleted_at__isnull=True).first() if user else None
    if current is not None:
        return confirm_by_eid(resident=current, identity=identity, provider=provider)
    existing = Resident.objects.filter(identity_key=key, deleted_at__isnull=True).first()
    if existing is not None:
        return existing
    user_model = get_user_model()
    email = identity.email
    if (
        email
        and user_model.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists()
    ):
        email = ""  # that address belongs to an account the person has not signed in to
    new_user = user_model.objects.create_user(
        username=f"eid-{secrets.token_hex(8)}", email=email, password=None, is_staff=False
    )
    resident = Resident(
        user=new_user,
        full_name=identity.full_name or _("Resident"),
        consent_at=timezone.now(),
        verified_at=timezone.now(),
        verified_document=DocumentType.EID,
        verifier=f"{provider}/{identity.auth_type}".rstrip("/")[:50],
        identity_key=key,
    )
    _save_linked(resident)
    audit.record(
        resident,
        "wagtail.create",
        user=new_user,
        data={
            "consent": True,
            "auth_type": identity.auth_type,
            "certificate": identity.certificate,
        },
    )
    return resident


@transaction.atomic
def update_profile(*, resident: Resident, full_name: str, district: str) -> Resident:
    before = audit.snapshot(resident)
    resident.full_name = " ".join(full_name.split())
    resident.district = district.strip()
    resident.save()
    audit.record(resident, "wagtail.edit", user=resident.user, before=before)
    return resident


@transaction.atomic
def delete_account(*, resident: Resident) -> None:
    """Deletion on request (Law 2297-VI, Art. 8): the login and personal data are erased.

    What the law requires to stay stays, without the person: signatures of e-petitions count
    (the petition's legal fate depends on them) with the name erased; budget votes count;
    petitions, problem reports, comments and projects remain public under "Deleted account".
    """
    user = resident.user
    placeholder = _("Deleted account")
    # Through the reverse relations the other components declare on Resident, so that the
    # residents component, which they all build on, imports none of them.
    resident.signatures.update(name="", resident=None)
    resident.petitions.update(author_name=placeholder, author=None)
    resident.comments.update(author_name=placeholder, resident=None)
    resident.projects.update(author_name=placeholder, author=None)
    resident.problems.update(reporter=None)
    resident.full_name = placeholder
    resident.district = ""
    # The key stays on the signatures and votes (the count needs it), not on the account.
    resident.identity_key = None
    resident.deleted_at = timezone.now()
    resident.save()
    user.email = ""
    user.first_name = user.last_name = ""
    user.username = f"deleted-{resident.pk}"
    user.is_active = False
    user.set_unusable_password()
    user.save()
    audit.record(resident, "participation.account_deleted", user=None)
