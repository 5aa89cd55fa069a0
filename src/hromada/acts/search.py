"""Ukrainian full-text search over acts: a small stemmer, used the same way to index and to query.

Every word of an act's title, number and file texts is reduced to a stem (inflectional endings
removed: "бюджету", "бюджетів" → "бюджет"; "бюджетних" → "бюджетн"). The act keeps the sorted,
distinct stems in `Act.search_document`, framed by spaces. A query word matches when its stem
begins a stem of the document, so "бюджет" finds "бюджету", "бюджетних" and "бюджетного".

The matching is the same on both databases: SQLite looks for " <stem>" in the document;
PostgreSQL uses a prefix tsquery (`stem:*`) on `to_tsvector('simple', search_document)`,
which a GIN index serves (migration 0002).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import QuerySet

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
    return " " + " ".join(sorted(found)) + " " if found else ""


def query_terms(query: str) -> list[str]:
    terms = list(dict.fromkeys(stems(query)))
    return terms[:MAX_QUERY_TERMS]


def matching(queryset: QuerySet[Any], query: str) -> QuerySet[Any]:
    """Acts whose document has, for every word of the query, a stem beginning with its stem."""
    terms = query_terms(query)
    if not terms:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        tsquery = " & ".join(f"{term}:*" for term in terms)
        return queryset.annotate(_search=SearchVector("search_document", config="simple")).filter(
            _search=SearchQuery(tsquery, search_type="raw", config="simple")
        )
    for term in terms:
        queryset = queryset.filter(search_document__contains=f" {term}")
    return queryset
