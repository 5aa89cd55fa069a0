"""core.validators: ЄДРПОУ check digit, КАТОТТГ format, web domains."""

from __future__ import annotations

import random

import pytest
from django.core.exceptions import ValidationError

from hromada.core.validators import (
    edrpou_check_digit,
    normalise_domain,
    validate_domain,
    validate_edrpou,
    validate_katottg,
)


def reference_check_digit(code: str) -> int:
    """The State Statistics Service's algorithm, written independently from the description
    used by python-stdnum (`stdnum.ua.edrpou`) and the `edrpou` package:

    weights 1..7, or 7,1..6 for codes from 30 000 000 to 59 999 999; the sum modulo 11; when
    that is 10, weights + 2 and the sum modulo 11 again, where 10 counts as 0.
    """
    weights = (
        [7, 1, 2, 3, 4, 5, 6]
        if 30_000_000 <= int(code[:8].ljust(8, "0")) < 60_000_000
        else [1, 2, 3, 4, 5, 6, 7]
    )
    digits = [int(d) for d in code[:7]]
    remainder = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
    if remainder == 10:
        remainder = sum((w + 2) * d for w, d in zip(weights, digits, strict=True)) % 11 % 10
    return remainder


# Real codes of well-known public bodies and companies, and stdnum's documented example.
REAL_CODES = [
    "00032106",  # Національний банк України
    "00032129",  # АТ «Ощадбанк»
    "14360570",  # АТ КБ «ПриватБанк»
    "21560045",  # АТ «Укрпошта»
    "00013480",  # Міністерство фінансів України
    "32855961",  # python-stdnum's example (weights 7,1..6)
    "43005393",  # a code from the 30–60 million range
]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_edrpou_codes_pass(code: str) -> None:
    assert edrpou_check_digit(code) == int(code[7]) == reference_check_digit(code)
    validate_edrpou(code)


@pytest.mark.parametrize("code", REAL_CODES)
def test_the_check_digit_follows_from_the_first_seven_digits(code: str) -> None:
    assert edrpou_check_digit(code[:7]) == int(code[7])


@pytest.mark.parametrize("code", REAL_CODES)
def test_a_wrong_last_digit_fails(code: str) -> None:
    wrong = code[:7] + str((int(code[7]) + 1) % 10)
    with pytest.raises(ValidationError, match=r"check digit|контрольн"):
        validate_edrpou(wrong)


def test_check_digit_agrees_with_the_reference_on_many_codes() -> None:
    rng = random.Random(2020)
    codes = [f"{rng.randrange(10**8):08d}" for _ in range(20_000)]
    codes += ["29999999", "30000000", "30000001", "59999999", "60000000", "60000001", "00000000"]
    disagreements = [
        code for code in codes if edrpou_check_digit(code) != reference_check_digit(code)
    ]
    assert disagreements == []


def test_second_pass_weights_are_used_when_the_first_gives_ten() -> None:
    # The first code below 30 000 000 whose first weighted sum leaves 10.
    needs_second_pass = next(
        f"{n:07d}"
        for n in range(1, 10**6)
        if sum(w * int(d) for w, d in zip([1, 2, 3, 4, 5, 6, 7], f"{n:07d}", strict=True)) % 11
        == 10
    )
    digit = edrpou_check_digit(needs_second_pass + "0")
    assert digit == reference_check_digit(needs_second_pass + "0")
    validate_edrpou(needs_second_pass + str(digit))


@pytest.mark.parametrize(
    "value", ["", "1436057", "143605700", "1436057O", " 14360570", "14 360 570", None]
)
def test_edrpou_must_be_eight_digits(value: str | None) -> None:
    with pytest.raises(ValidationError):
        validate_edrpou(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["UA44080150010031469", "UA80000000000093317"])
def test_katottg_accepts_ua_and_17_digits(value: str) -> None:
    validate_katottg(value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "ua44080150010031469",
        "UA4408015001003146",
        "UA440801500100314690",
        "44080150010031469",
        "UA4408015001003146X",
        "UA 44080150010031469",
        None,
    ],
)
def test_katottg_refuses_anything_else(value: str | None) -> None:
    with pytest.raises(ValidationError, match="UA"):
        validate_katottg(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("lysychansk.gov.ua", "lysychansk.gov.ua"),
        ("  LysYchansk.GOV.ua. ", "lysychansk.gov.ua"),
        ("лисичанськ.укр", "xn--80apajbpzd5czc.xn--j1amh"),
        ("ЛИСИЧАНСЬК.УКР", "xn--80apajbpzd5czc.xn--j1amh"),
        ("xn--80apajbpzd5czc.xn--j1amh", "xn--80apajbpzd5czc.xn--j1amh"),
        ("rada.lysychansk.gov.ua", "rada.lysychansk.gov.ua"),
        ("my-city.org.ua", "my-city.org.ua"),
    ],
)
def test_good_domains_are_normalised_and_valid(raw: str, normalised: str) -> None:
    assert normalise_domain(raw) == normalised
    validate_domain(raw)


@pytest.mark.parametrize(
    "value",
    [
        "not a domain",
        "",
        ".",
        "localhost",
        "lysychansk",
        "http://lysychansk.gov.ua",
        "lysychansk.gov.ua/news",
        "bad_domain.ua",
        "-lysychansk.gov.ua",
        "lysychansk-.gov.ua",
        "a..gov.ua",
        "127.0.0.1",
        "lysychansk.gov.u",
        "lysychansk.gov.123",
        "x" * 64 + ".ua",
        "user@lysychansk.gov.ua",
    ],
)
def test_bad_domains_are_refused(value: str) -> None:
    with pytest.raises(ValidationError):
        validate_domain(value)
