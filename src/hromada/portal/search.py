"""The site search over pages and documents, with the acts register's Ukrainian stemmer
(core/wordsearch.py): inflections ("рішенням" → "рішення", "бюджету" → "бюджет"), apostrophe
variants and Є/І/Ї/Ґ are handled the same way as in the registers, on SQLite and PostgreSQL.

Each live page and each document has a `SearchEntry` (its stems, its plain text and its date),
written here when a page is published or unpublished and when a document is saved. Results are
ranked: a title equal to the query first, then titles holding every query word, then the
newest; each result has a snippet with the matched words in `<mark>` (the text escaped first).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page
from wagtail.search import index

from hromada.core import wordsearch
from hromada.portal.models import SearchEntry

MAX_TEXT = 20_000  # characters of plain text kept for snippets (the stems cover everything)
MAX_RANKED = 1_000  # matches ranked in Python; a common word beyond this is ordered by date
SNIPPET_WORDS = 32
TOKEN = re.compile(r"[0-9A-Za-zА-Яа-яІіЇїЄєҐґЁё'’ʼ`]+")


# --- indexing ---------------------------------------------------------------------------------


def _field_text(obj: Any, name: str) -> list[str]:
    value = getattr(obj, name, None)
    if callable(value):
        value = value()
    if value in (None, ""):
        return []
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    if field is not None and hasattr(field, "get_searchable_content"):
        return [strip_tags(str(part)) for part in field.get_searchable_content(value)]
    return [strip_tags(str(value))]


def page_texts(page: Page) -> list[str]:
    """The page's searchable text: every `SearchField` its type declares, title first."""
    specific = page.specific
    texts = [specific.title]
    for field in specific.get_search_fields():
        if isinstance(field, index.SearchField) and field.field_name != "title":
            texts.extend(_field_text(specific, field.field_name))
    return [" ".join(text.split()) for text in texts if text and text.strip()]


def index_page(page: Page) -> None:
    """Write (or remove) the page's entry: only live pages are searched."""
    if not page.live:
        SearchEntry.objects.filter(page_id=page.pk).delete()
        return
    texts = page_texts(page)
    SearchEntry.objects.update_or_create(
        page_id=page.pk,
        defaults={
            "title": page.title,
            "text": " ".join(texts[1:])[:MAX_TEXT],
            "search_document": wordsearch.document(texts),
            "date": page.last_published_at or page.first_published_at,
        },
    )


def index_document(document: Any) -> None:
    texts = [document.title, getattr(document, "text_content", "") or ""]
    SearchEntry.objects.update_or_create(
        document_id=document.pk,
        defaults={
            "title": document.title,
            "text": " ".join(texts[1].split())[:MAX_TEXT],
            "search_document": wordsearch.document(texts),
            "date": document.created_at,
        },
    )


@transaction.atomic
def rebuild() -> int:
    """Every live page and every document indexed anew; returns how many entries."""
    from wagtail.documents import get_document_model

    SearchEntry.objects.all().delete()
    count = 0
    for page in Page.objects.live().exclude(depth=1).specific().iterator(chunk_size=200):
        index_page(page)
        count += 1
    for document in get_document_model().objects.iterator(chunk_size=200):
        index_document(document)
        count += 1
    return count


# --- querying ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    entry: SearchEntry
    snippet: SafeString
    exact: bool


def _matches(word: str, alternatives: Iterable[tuple[str, ...]]) -> bool:
    """Whether one word of a text matches a query term, the way the index matches it."""
    lowered = wordsearch.normalise(word)
    forms = wordsearch.variants(lowered) | {
        wordsearch.stem(lemma) for lemma in wordsearch.lemmas(lowered)
    }
    return any(form.startswith(alt) for term in alternatives for alt in term for form in forms)


def snippet(
    text: str, terms: Sequence[tuple[str, ...]], *, words: int = SNIPPET_WORDS
) -> SafeString:
    """About `words` words of `text` around its first match, every matching word in <mark>;
    the text is escaped before the marks are added."""
    tokens = list(TOKEN.finditer(text))
    if not tokens:
        return mark_safe("")
    hits = [i for i, token in enumerate(tokens) if _matches(token.group(), terms)]
    first = hits[0] if hits else 0
    start_token = max(0, first - words // 3)
    end_token = min(len(tokens), start_token + words)
    start = tokens[start_token].start() if start_token else 0
    end = tokens[end_token - 1].end() if end_token < len(tokens) else len(text)
    marked = set(hits)
    parts: list[str] = ["… " if start else ""]
    position = start
    for i in range(start_token, end_token):
        token = tokens[i]
        parts.append(escape(text[position : token.start()]))
        word = escape(token.group())
        parts.append(f"<mark>{word}</mark>" if i in marked else word)
        position = token.end()
    parts.append(escape(text[position:end]))
    if end < len(text):
        parts.append(" …")
    return mark_safe("".join(parts).strip())


def _title_rank(title: str, query: str, terms: Sequence[tuple[str, ...]]) -> tuple[int, int]:
    exact = wordsearch.normalise(" ".join(title.split())) == wordsearch.normalise(query)
    title_words = wordsearch.words(title)
    in_title = sum(1 for term in terms if any(_matches(word, [term]) for word in title_words))
    return (0 if exact else 1, -in_title)


def ranked(queryset: Any, query: str) -> list[int]:
    """The ids of matching entries, best first."""
    terms = wordsearch.query_terms(query)
    if not terms:
        return []
    found = wordsearch.matching(queryset, query).defer("search_document", "text")
    rows = list(found.order_by("-date", "-pk").values_list("pk", "title")[: MAX_RANKED + 1])
    head = sorted(rows[:MAX_RANKED], key=lambda row: _title_rank(row[1], query, terms))
    ids = [pk for pk, _title in head]
    if len(rows) > MAX_RANKED:  # the rest of a very common word, newest first
        ids += list(found.order_by("-date", "-pk").values_list("pk", flat=True)[MAX_RANKED:])
    return ids


def page_entries() -> Any:
    return SearchEntry.objects.filter(
        page__isnull=False, page__in=Page.objects.live().public().values("pk")
    )


def document_entries(documents: Any) -> Any:
    return SearchEntry.objects.filter(document__in=documents.values("pk"))


def results(ids: Sequence[int], query: str) -> list[Result]:
    """The entries of `ids` (one page of results), in that order, with their snippets."""
    terms = wordsearch.query_terms(query)
    entries = SearchEntry.objects.select_related("page", "document").in_bulk(list(ids))
    normal = wordsearch.normalise(" ".join(query.split()))
    out = []
    for pk in ids:
        entry = entries.get(pk)
        if entry is None:
            continue
        exact = wordsearch.normalise(" ".join(entry.title.split())) == normal
        out.append(Result(entry=entry, snippet=snippet(entry.text, terms), exact=exact))
    return out


def title_marked(title: str, query: str) -> SafeString:
    """The title with its matching words in <mark> (escaped first)."""
    return snippet(title, wordsearch.query_terms(query), words=10_000)
