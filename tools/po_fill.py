"""Fill gettext catalogues after `make messages`.

    python tools/po_fill.py missing            # list untranslated msgids of every catalogue
    python tools/po_fill.py fill [FILE.json]  # {"msgid": "переклад", "%(n)s item": ["…", "…", "…"]}

`fill` writes the Ukrainian strings from FILE.json (and those already translated in any
other module's catalogue) into every uk catalogue that has the msgid, and copies
msgid → msgstr in every English catalogue (msgids are English). Nothing is
guessed: entries without a translation stay empty and `missing` lists them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

SRC = Path(__file__).resolve().parents[1] / "src" / "hromada"


def catalogues(language: str) -> list[Path]:
    return sorted(SRC.glob(f"**/locale/{language}/LC_MESSAGES/django.po"))


def untranslated(entry: polib.POEntry) -> bool:
    if "fuzzy" in entry.flags:
        return True
    if entry.msgid_plural:
        return not all(entry.msgstr_plural.values())
    return not entry.msgstr


def known_translations() -> dict[str, str | list[str]]:
    known: dict[str, str | list[str]] = {}
    for path in catalogues("uk"):
        for entry in polib.pofile(str(path)):
            if untranslated(entry):
                continue
            if entry.msgid_plural:
                known[entry.msgid] = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
            else:
                known[entry.msgid] = entry.msgstr
    return known


def fill(translations: dict[str, str | list[str]]) -> None:
    """Fill only untranslated entries: a module may word a shared msgid its own way."""
    translations = {**known_translations(), **translations}
    for path in catalogues("en"):
        po = polib.pofile(str(path))
        for entry in po:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
            else:
                entry.msgstr = entry.msgid
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.save()
    for path in catalogues("uk"):
        po = polib.pofile(str(path))
        for entry in po:
            text = translations.get(entry.msgid)
            if text is None or not untranslated(entry):
                continue
            if entry.msgid_plural:
                forms = text if isinstance(text, list) else [text] * 3
                # Ukrainian catalogues have 4 forms; the 4th (fractions) reuses the 2nd
                wanted = int(po.metadata.get("Plural-Forms", "nplurals=3").split("nplurals=")[1][0])
                forms = [*forms, *[forms[1]] * (wanted - len(forms))]
                entry.msgstr_plural = dict(enumerate(forms))
            else:
                entry.msgstr = text if isinstance(text, str) else text[0]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.save()


def main(argv: list[str]) -> int:
    if argv[:1] == ["fill"] and len(argv) <= 2:
        given = json.loads(Path(argv[1]).read_text(encoding="utf-8")) if len(argv) == 2 else {}
        fill(given)
        argv = ["missing"]
    if argv[:1] == ["missing"]:
        missing = 0
        for language in ("uk", "en"):
            for path in catalogues(language):
                for entry in polib.pofile(str(path)):
                    if untranslated(entry):
                        missing += 1
                        print(f"{path.relative_to(SRC)}: {entry.msgid!r}")
        return 1 if missing else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
