"""Finding the city in a text: its word forms, generated offline with pymorphy3's Ukrainian
dictionary, matched on word boundaries, case-insensitively, never on look-alikes.

Pure functions, no database: `word_forms(name)` builds the vocabulary, `Matcher` finds it.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Ukrainian apostrophes and hyphens belong inside words (м'ясо, Лисичансько-Рубіжанська).
WORD = r"[\w'’ʼ]+"
_NOT_WORD_BEFORE = r"(?<![\w'’ʼ-])"
_NOT_WORD_AFTER = r"(?![\w'’ʼ])"


@functools.cache
def _morph():  # type: ignore[no-untyped-def]
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="uk")


def _lexemes(word: str, *, predicted: frozenset[str] = frozenset()) -> set[str]:
    """Every form of every lexeme whose dictionary form is the word (its first parse is
    arbitrary, so all are taken). Lexemes the dictionary only predicts are taken when their
    tag has all the `predicted` grammemes (a demonym: an animate noun of a given gender)."""
    morph = _morph()
    low = word.lower()
    forms: set[str] = set()
    for parse in morph.parse(low):
        if parse.normal_form != low:
            continue
        if parse.is_known or (predicted and predicted in parse.tag and "Name" not in parse.tag):
            forms.update(form.word for form in parse.lexeme)
    return forms


def _known(word: str) -> bool:
    return any(parse.is_known for parse in _morph().parse(word.lower()))


def _adjective_candidates(name: str) -> list[str]:
    low = name.lower()
    if low.endswith(("ськ", "цьк", "зьк")):
        return [low + "ий"]
    stem = low[:-1] if low[-1] in "аоеиія" else low
    return [stem + "ський", stem + "ький", stem + "івський", stem + "инський"]


def _demonym_candidates(name: str) -> list[str]:
    low = name.lower()
    stems = []
    for ending in ("ськ",):
        if low.endswith(ending):
            stems.append(low[: -len(ending)])
    if not stems:
        stems.append(low[:-1] if low[-1] in "аоеиія" else low)
    result = []
    for stem in stems:
        result += [stem + "ець", stem + "ка", stem + "анин", stem + "янин", stem + "чанин"]
    return result


def word_forms(name: str) -> list[str]:
    """All forms of the city's name, its adjective and its demonyms, lower case, sorted.

    A name of several words ("Нова Каховка") is inflected word by word in agreement; the
    adjective and demonym are derived by the usual suffixes and kept only when the dictionary
    knows them, so nothing invented is searched for.
    """
    words = name.split()
    if not words:
        return []
    forms: set[str] = {name.lower()}
    if len(words) == 1:
        forms |= _lexemes(words[0]) or {words[0].lower()}
        for candidate in _adjective_candidates(words[0]):
            if _known(candidate):
                forms |= _lexemes(candidate)
        for candidate in _demonym_candidates(words[0]):
            gender = "masc" if candidate.endswith(("ець", "нин")) else "femn"
            lexeme = _lexemes(candidate, predicted=frozenset({"NOUN", "anim", gender}))
            if candidate.endswith(("ець", "ка")) and not _known(candidate):
                # Predicted demonyms only for the regular -ець/-ка of names in -ськ.
                if not words[0].lower().endswith("ськ"):
                    continue
            elif not _known(candidate):
                continue
            forms |= lexeme
            if lexeme and candidate.endswith("ець"):
                # The plural nominative ("лисичанці") and "-ани" plural are missing from
                # the dictionary for many demonyms; add the regular ones.
                stem = candidate[: -len("ець")]
                forms |= {stem + "ці", stem + "ців", stem + "цям", stem + "цями", stem + "цях"}
        return sorted(forms)
    morph = _morph()
    head = morph.parse(words[-1].lower())[0]
    for form in head.lexeme:
        grammemes = {g for g in (form.tag.case, form.tag.number) if g}
        inflected = []
        for word in words[:-1]:
            parse = morph.parse(word.lower())[0]
            wanted = set(grammemes)
            if form.tag.gender and form.tag.number == "sing":
                wanted.add(form.tag.gender)
            changed = parse.inflect(wanted) if parse.is_known else None
            inflected.append(changed.word if changed else word.lower())
        forms.add(" ".join([*inflected, form.word]))
    return sorted(forms)


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    text: str


def _normalise_apostrophes(text: str) -> str:
    return text.replace("’", "'").replace("ʼ", "'")


class Matcher:
    """Finds any of the forms as whole words (or word sequences), ignoring case.

    Besides the listed forms, a word that begins with the name's adjective stem (for a name
    in -ськ/-цьк that is the name itself: "Лисичанськ-" → "лисичанськими", "лисичансько-")
    matches, unless it is in `excluded`. A surname that merely shares a shorter stem
    ("Лисиченко") never matches.
    """

    def __init__(
        self,
        forms: Iterable[str],
        *,
        stems: Iterable[str] = (),
        excluded: Iterable[str] = (),
    ) -> None:
        cleaned = {_normalise_apostrophes(f.strip().lower()) for f in forms if f.strip()}
        self.forms = sorted(cleaned, key=len, reverse=True)
        self.excluded = {_normalise_apostrophes(w.strip().lower()) for w in excluded if w.strip()}
        self.stems = sorted({s.lower() for s in stems if len(s) >= 5}, key=len, reverse=True)
        alternatives = [
            r"\s+".join(re.escape(part) for part in form.split()) for form in self.forms
        ]
        alternatives += [re.escape(stem) + r"[\w'-]{0,6}" for stem in self.stems]
        # Cheap pre-check: most texts contain none of the words' beginnings at all.
        self._prefixes = sorted({w[:4] for w in [*self.forms, *self.stems] if w})
        if alternatives:
            pattern = _NOT_WORD_BEFORE + "(?:" + "|".join(alternatives) + ")" + _NOT_WORD_AFTER
            self._regex: re.Pattern[str] | None = re.compile(pattern, re.IGNORECASE)
        else:
            self._regex = None

    def __bool__(self) -> bool:
        return self._regex is not None

    def find(self, text: str) -> list[Match]:
        if self._regex is None or not text:
            return []
        normalised = _normalise_apostrophes(text)
        lowered = normalised.lower()
        if not any(prefix in lowered for prefix in self._prefixes):
            return []
        found = []
        for match in self._regex.finditer(normalised):
            word = " ".join(match.group(0).lower().split())
            if word in self.excluded:
                continue
            found.append(Match(match.start(), match.end(), text[match.start() : match.end()]))
        return found


def stems_for(name: str) -> list[str]:
    """Prefixes that only the name's own words start with: the adjective stem in -ськ/-цьк."""
    words = name.split()
    if len(words) != 1:
        return []
    low = words[0].lower()
    if low.endswith(("ськ", "цьк", "зьк")):
        return [low]
    return []


def alias_stems(aliases: Iterable[str]) -> list[str]:
    """Single-word aliases that end in a consonant also match their inflections
    ("Лисичанск" → "Лисичанске", "Лисичанска"), as Russian spellings are inflected too."""
    stems = []
    for alias in aliases:
        word = alias.strip().lower()
        if " " not in word and len(word) >= 6 and word[-1] not in "аеєиіїоуюяьaeiouy":
            stems.append(word)
    return stems


def snippet(text: str, match: Match, *, width: int = 90) -> str:
    """HTML: the words around the match, escaped, with the match in <mark>."""
    start = max(0, match.start - width)
    end = min(len(text), match.end + width)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < match.start else start
    if end < len(text):
        space = text.rfind(" ", match.end, end)
        end = space if space > match.end else end
    before = html.escape(" ".join(text[start : match.start].split()))
    inside = html.escape(text[match.start : match.end])
    after = html.escape(" ".join(text[match.end : end].split()))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return f"{prefix}{before} <mark>{inside}</mark> {after}{suffix}".replace("  ", " ").strip()


# --- Official citations ------------------------------------------------------------------


def host_of(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def citations(
    *, text: str, links: Sequence[str], domains: Sequence[str], phrases: Sequence[str]
) -> list[dict[str, str]]:
    """Evidence that an item cites the office: links to an official domain (or a subdomain)
    and phrases naming the office or the site, each found once."""
    evidence: list[dict[str, str]] = []
    wanted = [d.lower().removeprefix("www.") for d in domains if d]
    seen: set[str] = set()
    for link in links:
        host = host_of(link)
        if host and any(host == d or host.endswith("." + d) for d in wanted) and link not in seen:
            seen.add(link)
            evidence.append({"kind": "link", "value": link})
    lowered = _normalise_apostrophes(text.lower())
    for phrase in phrases:
        needle = _normalise_apostrophes(phrase.strip().lower())
        if not needle:
            continue
        if re.search(_NOT_WORD_BEFORE + re.escape(needle) + _NOT_WORD_AFTER, lowered) or (
            "." in needle and needle in lowered
        ):
            evidence.append({"kind": "phrase", "value": phrase.strip()})
    for domain in wanted:
        if re.search(_NOT_WORD_BEFORE + re.escape(domain), lowered) and not any(
            e["value"] == domain for e in evidence
        ):
            evidence.append({"kind": "phrase", "value": domain})
    return evidence


def topic_matches(text: str, keywords: Sequence[str]) -> bool:
    """A keyword matches words that begin with it ("ремонт" → "ремонту", "ремонтні")."""
    lowered = _normalise_apostrophes(text.lower())
    for keyword in keywords:
        needle = _normalise_apostrophes(keyword.strip().lower())
        if needle and re.search(_NOT_WORD_BEFORE + re.escape(needle), lowered):
            return True
    return False
