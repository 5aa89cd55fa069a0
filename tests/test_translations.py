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


def test_wagtails_admin_script_catalogue_is_complete_in_ukrainian() -> None:
    """The admin's scripts (sidebar, autosave, editor) read Wagtail's djangojs catalogue, whose
    Ukrainian is incomplete; ours (`locale/uk/LC_MESSAGES/djangojs.po`) fills the gaps, and
    Django's JavaScriptCatalog merges it over Wagtail's, as the admin's jsi18n/ serves it."""
    import polib
    import wagtail.admin
    from django.utils.translation.trans_real import DjangoTranslation

    wagtail_locale = Path(wagtail.admin.__file__).parent / "locale"
    catalogue = DjangoTranslation("uk", domain="djangojs", localedirs=[str(wagtail_locale)])
    same_in_both = {"%(time_zone_option)s: %(localized_time_zone_label)s"}
    english = polib.pofile(str(wagtail_locale / "en" / "LC_MESSAGES" / "djangojs.po"))
    missing = []
    for entry in english:
        if entry.msgid_plural:
            if catalogue.ngettext(entry.msgid, entry.msgid_plural, 5) == entry.msgid_plural:
                missing.append(entry.msgid)
        elif entry.msgid not in same_in_both and catalogue.gettext(entry.msgid) == entry.msgid:
            missing.append(entry.msgid)
    assert missing == []
    assert catalogue.gettext("Toggle sidebar") == "Показати або сховати бічне меню"
    assert catalogue.ngettext("%(num)s error", "%(num)s errors", 22) == "%(num)s помилки"


# Wagtail admin screens staff open every day whose strings Wagtail's Ukrainian catalogue lacks;
# our site-wide catalogue carries them (issue 28: the explorer's help text, page listings'
# counts and filters, reports, the publish menu, save errors, snippet bulk actions).
SHOWN_WAGTAIL_FILES = (
    "pages/explorable_index_results.html",
    "pages/listing/_page_title_column_header.html",
    "views/pages/listing.py",
    "views/pages/create.py",
    "views/pages/edit.py",
    "views/pages/choose_parent.py",
    "pages/action_menu/publish.html",
    "views/reports/locked_pages.py",
    "views/reports/workflows.py",
    "reports/listing/_list_unlock.html",
    "reports/page_types_usage_results.html",
    "reports/workflow_results.html",
    "home/user_objects_in_workflow_moderation.html",
    "home/workflow_objects_to_moderate.html",
    "bulk_actions/listing_checkbox_cell.html",
    "localization.py",
    "ui/tables/__init__.py",
    "ui/tables/orderable.py",
    "tables/ordering_cell.html",
    "tables/ordering_header.html",
    "shared/active_filters.html",
    "shared/headers/_filters.html",
    "admin/filters.py",
    "admin/widgets/filtered_select.py",
    "active_filters.py",
)


def test_wagtail_admin_strings_we_show_are_ukrainian() -> None:
    import polib
    import wagtail.admin

    english = Path(wagtail.admin.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
    same_in_both = {"%(field_label)s:"}
    missing = []
    with translation.override("uk"):
        for entry in polib.pofile(str(english)):
            if entry.obsolete or not any(
                path.endswith(SHOWN_WAGTAIL_FILES) for path, _line in entry.occurrences
            ):
                continue
            if entry.msgid_plural:
                shown = translation.ngettext(entry.msgid, entry.msgid_plural, 5)
                if shown == entry.msgid_plural:
                    missing.append(entry.msgid)
            elif translation.gettext(entry.msgid) == entry.msgid not in same_in_both:
                missing.append(entry.msgid)
    assert missing == []
