"""The acts' full-text search: the Ukrainian stemmer of `core/wordsearch.py`, under the name the
acts module has always used (`search.document` on save, `search.matching` in the registers)."""

from hromada.core.wordsearch import (
    MIN_STEM,
    alternatives,
    document,
    lemmas,
    matching,
    normalise,
    query_terms,
    stem,
    stems,
    variants,
    words,
)

__all__ = [
    "MIN_STEM",
    "alternatives",
    "document",
    "lemmas",
    "matching",
    "normalise",
    "query_terms",
    "stem",
    "stems",
    "variants",
    "words",
]
