"""The site search understands Ukrainian (core/wordsearch.py): inflected forms, apostrophe
variants, Є/І/Ї/Ґ; ranks exact titles first and adopted acts before drafts; marks the matched
words in escaped snippets; suggests the registers' own search when nothing is found.
Runs on SQLite and, with DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client
from django.utils.text import slugify

from hromada.acts.sitesearch import search_acts
from hromada.core.text import transliterate
from hromada.portal import search as site_search
from hromada.portal.models import SearchEntry, SectionPage, StandardPage

pytestmark = pytest.mark.django_db


def html_of(client: Client, query: str) -> str:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def page_links(html: str) -> list[str]:
    results = html.split('id="results-h"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'href="([^"?]+)"', results)


def add_page(title: str, intro: str) -> StandardPage:
    parent = SectionPage.objects.live().order_by("path").first()
    slug = slugify(transliterate(title))
    page = StandardPage(title=title, slug=slug, intro=f"<p>{intro}</p>")
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.mark.parametrize(("inflected", "plain"), [("рішенням", "рішення"), ("бюджету", "бюджет")])
def test_inflected_words_find_what_the_plain_word_finds(
    client: Client, inflected: str, plain: str
) -> None:
    plain_links = page_links(html_of(client, plain))
    assert plain_links, plain
    # The same pages (a title equal to the plain word comes first only for that word).
    assert sorted(page_links(html_of(client, inflected))) == sorted(plain_links)


def test_apostrophes_and_letters_of_the_ukrainian_alphabet(client: Client) -> None:
    page = add_page("Об’єднання співвласників на Ґрунтовій", "Ґанок будинку, їжак і єнот.")
    for query in ("об'єднання", "обʼєднанням", "ОБ’ЄДНАННЯ", "ґрунтова", "ҐАНКУ", "їжака", "єнота"):
        assert page.url in page_links(html_of(client, query)), query


def test_an_exact_title_comes_first(client: Client) -> None:
    exact = add_page("Бюджет участі", "Правила конкурсу.")
    add_page("Новини про бюджет участі", "Бюджет участі: бюджет участі обговорили ще раз.")
    links = page_links(html_of(client, "бюджет участі"))
    assert links[0] == exact.url


def test_snippets_mark_matched_words_and_escape_the_text(client: Client) -> None:
    page = add_page("Звіт комісії", "Про зміни до кошторису міста &lt;b&gt;з 2020 року&lt;/b&gt;.")
    html = html_of(client, "кошторисом")
    links = page_links(html)
    assert page.url in links, links
    item = html.split(f'href="{page.url}"', 1)[1].split("</li>", 1)[0]
    assert "<mark>кошторису</mark>" in item
    assert "<b>" not in item  # the page's text is escaped before the marks are added


def test_snippet_function_escapes_before_marking() -> None:
    terms = [("бюджет",)]
    text = "<b>Бюджету</b> & бюджетний план"
    assert str(site_search.snippet(text, terms)) == (
        "&lt;b&gt;<mark>Бюджету</mark>&lt;/b&gt; &amp; <mark>бюджетний</mark> план"
    )


def test_unpublished_pages_leave_the_index(client: Client) -> None:
    page = add_page("Тимчасова сторінка про ярмарок", "Ярмарок у парку.")
    assert page.url in page_links(html_of(client, "ярмарку"))
    page.unpublish()
    assert not SearchEntry.objects.filter(page_id=page.pk).exists()
    # Another form of the word: the first answer may be in the page cache, which a publish
    # inside this test's transaction does not refresh.
    assert page.url not in page_links(html_of(client, "ярмарком"))


def test_rebuild_indexes_every_live_page() -> None:
    from wagtail.models import Page

    site_search.rebuild()
    live = Page.objects.live().filter(depth__gt=1).count()
    assert SearchEntry.objects.filter(page__isnull=False).count() == live


def test_nothing_found_suggests_the_registers_own_search(client: Client) -> None:
    html = unescape(html_of(client, "ксилофонізація"))
    assert 'id="registers-h"' in html
    part = html.split('id="registers-h"', 1)[1].split("</section>", 1)[0]
    links = re.findall(r'href="([^"]+)"', part)
    assert links and all("q=" in link for link in links)
    for link in links:
        assert Client().get(link).status_code == 200


def test_acts_adopted_before_drafts_and_exact_title_first() -> None:
    from hromada.acts.selectors import public_acts

    found = search_acts("бюджет", 50)
    assert found.hits
    # A status is named only for acts not adopted: the last part of the details.
    not_adopted = [hit.details.rsplit(", ", 1)[-1].isalpha() for hit in found.hits]
    assert not_adopted == sorted(not_adopted)
    some = public_acts().filter(status="draft").first()
    if some is not None:
        first = search_acts(some.title, 5).hits[0]
        assert first.title == some.title
