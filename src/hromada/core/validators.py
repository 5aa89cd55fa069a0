"""Validators for identifiers used across modules."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DOMAIN_RE = re.compile(
    r"^(?=.{1,253}$)(?!-)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{2,59})$"
)


def normalise_domain(value: str) -> str:
    """Lower-case a domain and turn a Cyrillic one (лисичанськ.укр) into its IDNA form."""
    value = value.strip().lower().rstrip(".")
    try:
        return value.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise ValidationError(
            _("“%(value)s” is not a valid domain name."), params={"value": value}
        ) from error


def validate_domain(value: str) -> None:
    if not DOMAIN_RE.match(normalise_domain(value)):
        raise ValidationError(
            _("“%(value)s” is not a valid domain name (for example: example.gov.ua)."),
            params={"value": value},
        )


def edrpou_check_digit(code: str) -> int:
    """Check digit of a ЄДРПОУ code, from its first seven digits (State Statistics' algorithm).

    Codes from 30 000 000 to 59 999 999 (first digit 3, 4 or 5) weigh the digits 7, 1…6, the
    others 1…7; a remainder of 10 is recomputed with every weight plus 2, and 10 again gives 0.
    """
    digits = [int(c) for c in code[:7]]
    weights = [7, 1, 2, 3, 4, 5, 6] if code[:1] in {"3", "4", "5"} else [1, 2, 3, 4, 5, 6, 7]
    total = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
    if total == 10:
        weights = [w + 2 for w in weights]
        total = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if total == 10:
            total = 0
    return total


def validate_edrpou(value: str) -> None:
    if not re.fullmatch(r"\d{8}", value or ""):
        raise ValidationError(_("An EDRPOU code has exactly 8 digits."))
    if edrpou_check_digit(value) != int(value[7]):
        raise ValidationError(
            _("EDRPOU code %(value)s fails its check digit."), params={"value": value}
        )


def validate_katottg(value: str) -> None:
    if not re.fullmatch(r"UA\d{17}", value or ""):
        raise ValidationError(
            _("A KATOTTG code is “UA” followed by 17 digits, e.g. UA44080150010031469.")
        )
