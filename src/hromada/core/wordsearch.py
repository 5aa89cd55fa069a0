"""Ukrainian full-text search: a small stemmer, used the same way to index and to query; the
acts register (acts/search.py) and the site search (portal/search.py) use it.

A searchable model keeps `search_document` (the text below) and, on PostgreSQL, the stored
column `search_vector` with a GIN index (see acts' migration 0005, portal's 0006).

Every word of an act's title, number and file texts is reduced to a stem (inflectional endings
removed: "бюджету", "бюджетів" → "бюджет"; "бюджетних" → "бюджетн"). The act keeps the sorted,
distinct stems in `Act.search_document`, framed by spaces. A query word matches when its stem
begins a stem of the document, so "бюджет" finds "бюджету", "бюджетних" and "бюджетного".

Endings alone cannot join forms whose stem itself changes: an inserted or dropped vowel
("зупинка" / "зупинок", "вікно" / "вікон", "сестра" / "сестер"). So a word the Ukrainian
dictionary of pymorphy3 knows also brings the stem of each of its dictionary forms (lemmas):
"зупинок" indexes "зупинк" (from "зупинка"). A query word may then be matched by any of its
alternatives (its own stem or its lemmas' stems); unknown words (typos, prefixes being typed,
names) keep the plain stem rule.

The matching is the same on both databases: SQLite looks for " <stem>" in the document;
PostgreSQL uses a prefix tsquery (`stem:*`) on the stored column
`search_vector = to_tsvector('simple', search_document)` with a GIN index (migration 0005).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

WORD = re.compile(r"[0-9a-zа-яіїєґ]+")
APOSTROPHES = str.maketrans({"'": "", "’": "", "ʼ": "", "`": "", "ё": "е", "ъ": ""})
MIN_STEM = 3
MAX_QUERY_TERMS = 10
VOWELS = "аеєиіїоуюя"

# Inflectional endings of Ukrainian nouns, adjectives, pronouns and verbs, longest first.
_ENDINGS_TEXT = """
ими іми ого ому ої ій ий им ім их іх ая яя ою ею єю ую юю еє іше ішого
ами ями ові еві єві ів їв ам ям ах ях ом ем єм ей
ати яти ити іти уть ють ать ять ить іть ться ється ються ується ували ював ував
ала али ало ила или ило ено
а я о е є и і ї у ю ь й
"""
# Endings of adjectives and participles, nouns, verbs, then single letters; longest first.
ENDINGS = sorted(set(_ENDINGS_TEXT.split()), key=len, reverse=True)


def normalise(text: str) -> str:
    return (text or "").lower().translate(APOSTROPHES)


def _cyrillic(word: str) -> bool:
    return bool(word) and ("а" <= word[0] <= "я" or word[0] in "іїєґ")


def _undouble(word: str) -> str:
    # "рішення" / "рішень": a doubled consonant before the ending belongs to the same stem.
    if len(word) > MIN_STEM + 1 and word[-1] == word[-2] and word[-1] not in VOWELS:
        return word[:-1]
    return word


def stem(word: str) -> str:
    """The shortest stem of one lower-case word (its longest ending removed): what a query
    word is reduced to. Numbers and Latin words stay as they are."""
    if not _cyrillic(word):
        return word
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return _undouble(word[: -len(ending)])
    return _undouble(word)


def variants(word: str) -> set[str]:
    """Every stem the word may have (each ending it could carry removed): what is indexed.

    The ending is ambiguous ("програми" is "програм-и", not "прогр-ами"), so the document
    keeps all readings; a query's shortest stem then begins one of them."""
    if not _cyrillic(word):
        return {word}
    found = {_undouble(word)}
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            found.add(_undouble(word[: -len(ending)]))
    return found


@functools.cache
def _morph():  # type: ignore[no-untyped-def]
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="uk")


@functools.lru_cache(maxsize=200_000)
def lemmas(word: str) -> frozenset[str]:
    """The dictionary forms of a lower-case Cyrillic word the dictionary knows (every reading:
    its first parse is arbitrary); empty for words it only guesses at."""
    if not _cyrillic(word) or len(word) < MIN_STEM:
        return frozenset()
    found = {normalise(parse.normal_form) for parse in _morph().parse(word) if parse.is_known}
    # Only plain words (a stem goes into a tsquery as it is), and no short pronoun lemmas
    # ("мене" → "я"), whose stem would begin half the dictionary.
    return frozenset(lemma for lemma in found if len(lemma) >= MIN_STEM and WORD.fullmatch(lemma))


def alternatives(word: str) -> list[str]:
    """The stems a query word may match: its own and its lemmas', less any that another
    alternative begins (the shorter already matches everything the longer would)."""
    found = {stem(word), *(stem(lemma) for lemma in lemmas(word))}
    kept = {a for a in found if not any(b != a and a.startswith(b) for b in found)}
    return sorted(kept)


def words(text: str) -> list[str]:
    return WORD.findall(normalise(text))


def stems(text: str) -> list[str]:
    return [stem(word) for word in words(text)]


def document(texts: Iterable[str]) -> str:
    """What `Act.search_document` holds: every stem of every word, distinct, space-framed."""
    found: set[str] = set()
    for text in texts:
        for word in set(words(text)):
            found.update(variants(word))
            found.update(stem(lemma) for lemma in lemmas(word))
    return " " + " ".join(sorted(found)) + " " if found else ""


def query_terms(query: str) -> list[tuple[str, ...]]:
    """One entry per distinct query word: the stems any one of which may match it."""
    terms = list(dict.fromkeys(tuple(alternatives(word)) for word in words(query)))
    return terms[:MAX_QUERY_TERMS]


def matching(queryset: QuerySet[Any], query: str) -> QuerySet[Any]:
    """Acts whose document has, for every word of the query, a stem beginning with one of
    the word's alternatives."""
    terms = query_terms(query)
    if not terms:
        return queryset
    if connection.vendor == "postgresql":
        # The stored column `search_vector` (migration 0005) is
        # to_tsvector('simple', search_document), with a GIN index.
        tsquery = " & ".join("(" + " | ".join(f"{alt}:*" for alt in term) + ")" for term in terms)
        table = connection.ops.quote_name(queryset.model._meta.db_table)
        return queryset.filter(
            RawSQL(  # noqa: S611 - the table name is ours; the query is a bound parameter
                f"{table}.search_vector @@ to_tsquery('simple'::regconfig, %s)",
                (tsquery,),
                output_field=BooleanField(),
            )
        )
    for term in terms:
        condition = Q()
        for alt in term:
            condition |= Q(search_document__contains=f" {alt}")
        queryset = queryset.filter(condition)
    return queryset
