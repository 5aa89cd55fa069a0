"""Every write of resident accounts: registration, confirmation, verification, deletion."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core import audit, cases
from hromada.core.mail import queue_email
from hromada.core.types import Actor
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


@transaction.atomic
def confirm_resident(*, resident: Resident, document_type: str, user: Actor) -> Resident:
    """Staff saw the resident in person with a document (its type is kept, never a copy)."""
    if document_type not in DocumentType.values or document_type == DocumentType.EID:
        raise ValidationError({"document_type": _("Choose the document that was shown.")})
    if resident.deleted_at is not None:
        raise ValidationError(_("This account was deleted."))
    before = audit.snapshot(resident)
    resident.verified_at = timezone.now()
    resident.verified_by = user
    resident.verified_document = document_type
    resident.save()
    audit.record(resident, "participation.verified", user=user, before=before)
    return resident


@transaction.atomic
def confirm_by_eid(*, resident: Resident, identity: Identity, provider: str) -> Resident:
    before = audit.snapshot(resident)
    resident.verified_at = timezone.now()
    resident.verified_document = DocumentType.EID
    resident.verifier = provider
    if identity.full_name and identity.full_name != "—":
        resident.full_name = identity.full_name
    resident.save()
    audit.record(resident, "participation.verified", user=resident.user, before=before)
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
    resident.deleted_at = timezone.now()
    resident.save()
    user.email = ""
    user.first_name = user.last_name = ""
    user.username = f"deleted-{resident.pk}"
    user.is_active = False
    user.set_unusable_password()
    user.save()
    audit.record(resident, "participation.account_deleted", user=None)
