"""Reprint detection: MinHash LSH over 3-word shingles, every candidate confirmed with the
exact Jaccard similarity of the shingle sets (no database).

LSH alone proposes pairs that share one long paragraph (a quoted press release); the exact
check rejects them. Items are grouped with union-find, so a chain of reprints is one story.

Shared wording is not enough: news written from one template ("Оновлення школи № 1" and
"№ 14", an outage on 30.12 and on 31.12, вул. Сосюри, 5 and 7) are different events. Each
text's identifying numbers are taken by kind (the noun before "№", a street, a house, a
date); two texts that both name an identifier of one kind with no value in common are not
reprints of each other. Other numbers (sums, counts) are left to the similarity check.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from datasketch import MinHash, MinHashLSH

SHINGLE_WORDS = 3
NUM_PERM = 128
THRESHOLD = 0.5
_WORDS = re.compile(r"\w+")
_MONTH_NAMES = (
    "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня"
)
_NUMBER = (
    r"(\d+(?!\d)(?:-?[а-яґєіїa-z](?!\w))?(?:/\d+)?)(?!\s*(?:"
    + _MONTH_NAMES.replace(" ", "|")
    + r"))"
)
# "школи № 5", "ЗОШ №14", "ліцею N 3": the key is the noun before the sign.
_NUMBERED = re.compile(r"(\w+)\s*(?:№|N|#)\s*" + _NUMBER, re.IGNORECASE)
# "вул. Сосюри, 12", "вулиці Гетьманської, буд. 7", "проспекту Перемоги 3а"
_STREET = re.compile(
    r"\b(?:вул\.|вулиц\w*|просп\.|проспект\w*|пров\.|провул\w*|бульв\.|бульвар\w*|"
    r"пл\.|площ\w*|мікрорайон\w*|кв-л|квартал\w*)\s*"
    r"((?:[А-ЯҐЄІЇA-Z0-9][\w'’ʼ-]*)(?:\s+[А-ЯҐЄІЇ][\w'’ʼ-]*)?)"
    r"(?:,?\s*(?:буд\.|будин\w*)?\s*(?:№\s*)?" + _NUMBER + r")?"
)
_HOUSE = re.compile(r"\b(?:буд\.|будин(?:ок|ку|ком|ки|ків))\s*(?:№\s*)?" + _NUMBER)
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES.split(), start=1)}
_DATE_DIGITS = re.compile(
    r"(?<![\d.,])(\d{1,2})\.(0[1-9]|1[0-2])(?:\.(?:\d{4}|\d{2}))?(?![\d,]|\.\d)"
)
_DATE_WORDS = re.compile(
    r"(?<![\d])(\d{1,2})(?:-?(?:го|е))?\s+(" + "|".join(_MONTHS) + r")\b", re.I
)
_AT_TIME = re.compile(r"\bоб?\s*$", re.IGNORECASE)  # "о 10.12" is a time, not a date
STEM = 4  # letters of a word that make its key: "школа", "школи", "школу" are one noun

Identifiers = dict[str, frozenset[str]]


def _value(raw: str) -> str:
    return re.sub(r"[\s-]", "", raw.lower())


def identifiers(text: str) -> Identifiers:
    """The text's identifying numbers by kind: {"№:школ": {"5"}, "вул:сосю": {"12"},
    "вул": {"сосю"}, "буд": {"12"}, "дата": {"31.12"}}."""
    found: dict[str, set[str]] = {}

    def put(key: str, value: str) -> None:
        found.setdefault(key, set()).add(value)

    for word, number in _NUMBERED.findall(text):
        put("№:" + word.lower()[:STEM], _value(number))
    for street, number in _STREET.findall(text):
        stem = street.split()[-1].lower()[:STEM]  # "Василя Стуса" and "Стуса" are one street
        put("вул", stem)
        if number:
            put("вул:" + stem, _value(number))
    for number in _HOUSE.findall(text):
        put("буд", _value(number))
    for match in _DATE_DIGITS.finditer(text):
        if not _AT_TIME.search(text[max(0, match.start() - 4) : match.start()]):
            put("дата", f"{int(match[1]):02d}.{match[2]}")
    for day, month in _DATE_WORDS.findall(text):
        put("дата", f"{int(day):02d}.{_MONTHS[month.lower()]:02d}")
    return {key: frozenset(values) for key, values in found.items()}


def different_events(a: Identifiers, b: Identifiers) -> bool:
    """True when both texts name an identifier of one kind and share none of its values."""
    return any(key in b and not values & b[key] for key, values in a.items())


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[str]:
    words = _WORDS.findall(text.lower())
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def minhash(shingle_set: Iterable[str], num_perm: int = NUM_PERM) -> MinHash:
    signature = MinHash(num_perm=num_perm)
    signature.update_batch([s.encode("utf-8") for s in shingle_set])
    return signature


@dataclass
class ReprintIndex:
    """Add documents one by one; each is linked to the earlier ones it is a reprint of."""

    threshold: float = THRESHOLD
    num_perm: int = NUM_PERM
    identify: bool = True  # False: wording alone decides (the benchmark's comparison)
    _lsh: MinHashLSH = field(init=False)
    _shingles: dict[Hashable, set[str]] = field(default_factory=dict)
    _identifiers: dict[Hashable, Identifiers] = field(default_factory=dict)
    _parent: dict[Hashable, Hashable] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lsh = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)

    def _find(self, key: Hashable) -> Hashable:
        root = key
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[key] != root:
            self._parent[key], key = root, self._parent[key]
        return root

    def add(self, key: Hashable, text: str) -> list[Hashable]:
        """Index a document; return the keys of earlier documents confirmed as its reprints."""
        own = shingles(text)
        marks = identifiers(text)
        self._parent[key] = key
        self._shingles[key] = own
        self._identifiers[key] = marks
        if not own:
            return []
        signature = minhash(own, self.num_perm)
        confirmed = [
            other
            for other in self._lsh.query(signature)
            if jaccard(own, self._shingles[other]) >= self.threshold
            and not (self.identify and different_events(marks, self._identifiers[other]))
        ]
        self._lsh.insert(key, signature)
        for other in confirmed:
            self._parent[self._find(key)] = self._find(other)
        return confirmed

    def forget(self, key: Hashable) -> None:
        """Drop a document from the candidates (it left the time window); its story stays."""
        self._identifiers.pop(key, None)
        if self._shingles.pop(key, None) is not None and key in self._lsh:
            self._lsh.remove(key)

    def group_of(self, key: Hashable) -> Hashable:
        """A representative key shared by every document in the same story."""
        return self._find(key)

    def groups(self) -> dict[Hashable, list[Hashable]]:
        result: dict[Hashable, list[Hashable]] = {}
        for key in self._parent:
            result.setdefault(self._find(key), []).append(key)
        return result


def pair_scores(
    labels: dict[Hashable, Hashable], groups: dict[Hashable, Hashable]
) -> dict[str, float]:
    """Pairwise precision and recall of a grouping against labelled stories: a pair of items
    counts as grouped when both carry the same group, as reprints when both carry one label."""
    keys = sorted(labels, key=str)
    true_pairs = found_pairs = both = 0
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            same_label = labels[a] == labels[b]
            same_group = groups[a] == groups[b]
            true_pairs += same_label
            found_pairs += same_group
            both += same_label and same_group
    return {
        "pairs_labelled": true_pairs,
        "pairs_grouped": found_pairs,
        "precision": both / found_pairs if found_pairs else 1.0,
        "recall": both / true_pairs if true_pairs else 1.0,
    }
