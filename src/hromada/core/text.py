"""Ukrainian text helpers: official transliteration and alphabetical sorting."""

from __future__ import annotations

import re
import unicodedata

# Bidirectional controls (embeddings, overrides, isolates, marks): typed into a name they make
# it display other than it is ("gpj.exe" shown as "exe.jpg"). Names and file names drop them.
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def strip_bidi(text: str) -> str:
    """``text`` without bidirectional control characters."""
    return _BIDI_CONTROLS.sub("", text)


# Cabinet of Ministers resolution 55 of 27.01.2010: official Ukrainian-Latin transliteration.
_TRANSLIT = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "h",
    "ґ": "g",
    "д": "d",
    "е": "e",
    "є": "ie",
    "ж": "zh",
    "з": "z",
    "и": "y",
    "і": "i",
    "ї": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ь": "",
    "ю": "iu",
    "я": "ia",
    "'": "",
    "’": "",
    "ʼ": "",
    # Russian letters met in aliases and names from old registers.
    "ё": "io",
    "ы": "y",
    "э": "e",
    "ъ": "",
}
# At the start of a word these letters take their initial form.
_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}


def transliterate(text: str) -> str:
    """Transliterate Ukrainian to Latin by the official rules (lower-case result).

    "зг" becomes "zgh" so that it is not read as "ж".
    """
    result: list[str] = []
    lowered = text.lower()
    for position, letter in enumerate(lowered):
        previous = lowered[position - 1] if position else " "
        at_word_start = not previous.isalpha() and previous not in "'’ʼ"
        if letter == "г" and previous == "з":
            result.append("gh")
        elif at_word_start and letter in _INITIAL:
            result.append(_INITIAL[letter])
        else:
            result.append(_TRANSLIT.get(letter, letter))
    return "".join(result)


# The Ukrainian alphabet in order; letters outside it sort after it by code point.
UKRAINIAN_ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
_ORDER = {letter: index for index, letter in enumerate(UKRAINIAN_ALPHABET)}


def sort_key(text: str) -> tuple[tuple[int, int], ...]:
    """A key that sorts Ukrainian text alphabetically (Є after Е, І and Ї after И, Ґ after Г).

    Python's default (code point) order puts Є, І and Ї before А and Ґ after Я; this puts
    them in place.
    Apostrophes are ignored, as in dictionaries.
    """
    key: list[tuple[int, int]] = []
    for letter in unicodedata.normalize("NFC", text.lower()):
        if letter in "'’ʼ":
            continue
        if letter in _ORDER:
            key.append((1, _ORDER[letter]))
        elif letter.isdigit() or letter.isspace():
            key.append((0, ord(letter)))
        else:
            key.append((2, ord(letter)))
    return tuple(key)
