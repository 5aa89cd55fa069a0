"""Every string we write is translated: the catalogues are complete and compiled."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

SRC = Path(__file__).resolve().parents[1] / "src" / "hromada"
LOCALE = SRC / "locale"
ENTRY = re.compile(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$')


def read_po(path: Path) -> list[dict[str, str]]:
    """Entries of a .po file as {field: text}, with the flags line under "#,"."""
    entries: list[dict[str, str]] = []
    current: dict[str, str] = {}
    field = None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if current:
                entries.append(current)
            current, field = {}, None
        elif line.startswith("#,"):
            current["#,"] = line
        elif line.startswith("#"):
            continue
        elif match := ENTRY.match(line):
            field = match.group(1)
            current[field] = match.group(2)
        elif line.startswith('"') and field:
            current[field] += line[1:-1]
    return [e for e in entries if e.get("msgid")]


CATALOGUES = sorted(SRC.glob("**/locale/*/LC_MESSAGES/django.po"))


def test_every_module_catalogue_has_both_languages() -> None:
    # A module's strings go to its own catalogue (makemessages picks the nearest locale/).
    assert len(read_po(LOCALE / "uk" / "LC_MESSAGES" / "django.po")) > 100
    languages = {path.parents[1].name for path in CATALOGUES}
    assert languages == {"uk", "en"}
    for path in CATALOGUES:
        sibling = path.parents[2] / ("en" if path.parents[1].name == "uk" else "uk")
        assert (sibling / "LC_MESSAGES" / "django.po").exists(), path


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_catalogue_is_complete(path: Path) -> None:
    entries = read_po(path)
    untranslated = [
        e["msgid"]
        for e in entries
        if "fuzzy" in e.get("#,", "") or not all(v for k, v in e.items() if k.startswith("msgstr"))
    ]
    assert untranslated == []


def test_ukrainian_is_active_by_default_and_compiled() -> None:
    with translation.override("uk"):
        assert translation.gettext("Search") == "Пошук"
        assert (
            translation.ngettext("%(counter)s news item", "%(counter)s news items", 5)
            == "%(counter)s новин"
        )
    with translation.override("en"):
        assert translation.gettext("Search") == "Search"


def test_a_msgid_means_the_same_in_every_catalogue() -> None:
    """Django merges the catalogues into one per language: the site-wide one wins, then the
    apps in INSTALLED_APPS order. A msgid translated differently in two catalogues would show
    the winner's wording in the other module too, silently. A module that needs its own
    wording gives the string a context (pgettext) instead."""
    import polib

    for language in ("uk", "en"):
        wording: dict[tuple[str | None, str], dict[str, str]] = {}
        for path in SRC.glob(f"**/locale/{language}/LC_MESSAGES/django.po"):
            module = str(path.parent.parent.parent.parent.relative_to(SRC)) or "site-wide"
            for entry in polib.pofile(str(path)).translated_entries():
                text = entry.msgstr or "|".join(entry.msgstr_plural.values())
                wording.setdefault((entry.msgctxt, entry.msgid), {})[module] = text
        clashes = {key: found for key, found in wording.items() if len(set(found.values())) > 1}
        assert not clashes, f"{language}: {clashes}"
