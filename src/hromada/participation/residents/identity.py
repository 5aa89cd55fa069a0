"""The identity key: one person, one key, whichever account or document brings them.

The key is HMAC-SHA256 of the person's number (the РНОКПП, or the passport number of a
person who refused one, which is also what ID.GOV.UA gives as `drfocode` for them) with the
secret RESIDENT_ID_KEY, kept outside the database. The number itself is never stored or
logged: only the key is, and without the secret the database cannot tell whose it is.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _

# Latin letters that look like Cyrillic ones in a passport series (typed on a Latin layout).
_LOOKALIKES = str.maketrans("ABCEHIKMOPTXY", "АВСЕНІКМОРТХУ")
_RNOKPP = re.compile(r"\d{10}")
_ID_CARD = re.compile(r"\d{9}")
_PASSPORT = re.compile(r"[А-ЯІЇЄҐ]{2}\d{6}")


def normalize_number(raw: str) -> str:
    """The number as the key is computed from it: upper case, no spaces or dashes, Latin
    look-alike letters made Cyrillic. A clear error names the field otherwise."""
    number = re.sub(r"[\s\-–]", "", str(raw or "")).upper().translate(_LOOKALIKES)
    if not (_RNOKPP.fullmatch(number) or _ID_CARD.fullmatch(number) or _PASSPORT.fullmatch(number)):
        raise ValidationError(
            {
                "document_number": _(
                    "Give the РНОКПП (10 digits) or, for a person without one, the passport "
                    "number (two letters and six digits, or the ID card's nine digits)."
                )
            }
        )
    return number


def _secret() -> bytes:
    secret = getattr(settings, "RESIDENT_ID_KEY", "")
    if not secret and settings.DEBUG:
        # A development key, so that the demo runs without configuration; production sets one.
        secret = hmac.new(settings.SECRET_KEY.encode(), b"resident-id-key", "sha256").hexdigest()
    if not secret:
        raise ImproperlyConfigured("RESIDENT_ID_KEY is not set (docs/operations.md)")
    return str(secret).encode()


def identity_key(number: str) -> str:
    """The key of the person with this number (normalized first)."""
    digest = hmac.new(_secret(), normalize_number(number).encode(), hashlib.sha256)
    return digest.hexdigest()
