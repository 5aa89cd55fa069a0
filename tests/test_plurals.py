"""Every counted phrase of our catalogues agrees with its number in Ukrainian: each entry with
msgid_plural is run through 1, 2, 5, 11, 21, 22, 25, 111 with the catalogue's own formula."""

from __future__ import annotations

import gettext
from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "hromada"
CATALOGUES = sorted(SRC.glob("**/locale/uk/LC_MESSAGES/*.po"))  # django and djangojs
NUMBERS = (1, 2, 5, 11, 21, 22, 25, 111)
# The Ukrainian form each number takes: one (1, 21), few (2, 22), many (5, 11, 25, 111).
EXPECTED_FORM = {1: 0, 2: 1, 5: 2, 11: 2, 21: 0, 22: 1, 25: 2, 111: 2}
# Phrases whose few and many forms coincide in Ukrainian ("2 зображення", "5 зображень" differ
# but "2 об’єднання" and "1 об’єднання" do not; "протягом 2 днів" and "протягом 5 днів").
SAME_FORMS_ALLOWED = {
    "organization",
    "%(counter)s organization",
    '%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>',
    "Due within %(counter)s day",
    "paused on %(date)s after %(count)s failed fetch",
    # nouns in -ння: 1 привітання, 2 привітання, 5 привітань (the report's units)
    "greeting",
    "meeting",
    "report",
    "notice",
    "%(counter)s API read",  # 1 звернення, 2 звернення, 5 звернень через API
}
# Counted phrases, each with a word its Ukrainian forms must carry (a reused msgid with
# another meaning, "167 фотографій" for organizations, is caught here).
MEANING = {
    "%(counter)s organization": "об’єднан",
    "%(counter)s photo": "фотографі",
    "%(counter)s news item": "новин",
    '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>': "сторін",
    '%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>': "зображен",
    '%(total)s Document <span class="w-sr-only">created in %(site_name)s</span>': "документ",
}


def plural_entries() -> list[tuple[str, polib.POEntry, str]]:
    found = []
    for path in CATALOGUES:
        catalogue = polib.pofile(str(path))
        formula = catalogue.metadata["Plural-Forms"]
        for entry in catalogue:
            if entry.msgid_plural and not entry.obsolete:
                found.append((str(path.relative_to(SRC)), entry, formula))
    return found


ENTRIES = plural_entries()


def test_there_are_counted_phrases() -> None:
    assert len(ENTRIES) > 20


@pytest.mark.parametrize(
    ("where", "entry", "formula"), ENTRIES, ids=[f"{w}:{e.msgid[:40]}" for w, e, _ in ENTRIES]
)
def test_each_counted_phrase_agrees_with_every_number(
    where: str, entry: polib.POEntry, formula: str
) -> None:
    plural = gettext.c2py(formula.split("plural=")[1].rstrip(";"))
    forms = [entry.msgstr_plural.get(i, "") for i in range(len(entry.msgstr_plural))]
    assert len(forms) >= 3 and all(forms), f"{where}: {entry.msgid!r} has empty forms {forms}"
    for number in NUMBERS:
        assert plural(number) == EXPECTED_FORM[number], f"{where}: formula gives {plural(number)}"
        text = forms[plural(number)]
        if "%(" in entry.msgid:
            # The number itself is printed by the phrase, so it must be in every form.
            placeholder = next(
                part.split(")")[0] for part in entry.msgid_plural.split("%(")[1:] if ")" in part
            )
            assert f"%({placeholder})" in text, f"{where}: {text!r} lost the number"
    if entry.msgid not in SAME_FORMS_ALLOWED:
        assert len({forms[0], forms[1], forms[2]}) == 3, (
            f"{where}: {entry.msgid!r} needs three different Ukrainian forms, has {forms[:3]}"
        )
    if entry.msgid in MEANING:
        for form in forms:
            assert MEANING[entry.msgid] in form, f"{where}: {form!r} is not {MEANING[entry.msgid]}"
