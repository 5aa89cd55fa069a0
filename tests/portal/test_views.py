"""portal.views and the site-wide URLs: search, sitemap, robots.txt, 404, language switch."""

from __future__ import annotations

import re
from html import unescape

import pytest
from defusedxml import ElementTree
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.models import Collection, Page

from hromada.core.models import HromadaDocument
from hromada.portal.models import NewsPage, SectionPage
from hromada.portal.views import MAX_QUERY_LENGTH, clean_query

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def search(client: Client, query: str, **params: str) -> str:
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return unescape(response.content.decode())


def result_links(html: str) -> list[str]:
    """The links in the page results (after their heading, before the next section)."""
    assert 'id="results-h"' in html
    results = html.split('id="results-h"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'href="([^"?]+)"', results)


# --- search ------------------------------------------------------------------------------------


def test_search_finds_a_news_item_by_a_word_of_its_title(client: Client) -> None:
    item = NewsPage.objects.get(title="Святковий концерт до Міжнародного жіночого дня")
    html = search(client, "концерт")
    assert item.title in html
    assert item.url in result_links(html)


def test_search_is_case_insensitive(client: Client) -> None:
    upper = result_links(search(client, "СОБОРНОСТІ"))
    lower = result_links(search(client, "соборності"))
    assert upper == lower
    assert any("sobornosti" in link for link in upper)


def test_search_finds_sections_by_their_text(client: Client) -> None:
    page = SectionPage.objects.get(title="Регламент ВЦА")
    assert page.url in result_links(search(client, "Регламент"))


def test_search_finds_a_document_by_its_title(client: Client) -> None:
    document = HromadaDocument(
        title="Положення про конкурс громадського бюджету",
        collection=Collection.get_first_root_node(),
    )
    document.file.save("polozhennia.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()

    html = search(client, "Положення")

    assert "Положення про конкурс громадського бюджету" in html
    assert document.url in html
    assert "PDF" in html


def test_search_does_not_show_unpublished_pages(client: Client) -> None:
    item = NewsPage.objects.get(title="Святковий концерт до Міжнародного жіночого дня")
    item.unpublish()
    assert item.title not in search(client, "концерт")


def test_empty_search_shows_the_form_only(client: Client) -> None:
    for query in ("", "   ", "\t\n"):
        html = search(client, query)
        assert 'name="q"' in html
        assert 'id="results-h"' not in html


def test_over_long_search_is_cut_and_answered(client: Client) -> None:
    query = "концерт " + "я" * 5000
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = unescape(response.content.decode())
    shown = re.search(r'name="q" value="([^"]*)"', html)
    assert shown is not None
    assert len(shown.group(1)) == MAX_QUERY_LENGTH
    assert shown.group(1).startswith("концерт я")


@pytest.mark.parametrize(
    "query",
    [
        '"',
        'концерт "',
        '"Святковий концерт',
        "'",
        "%",
        "*",
        "AND OR NOT",
        "NEAR",
        "(",
        ")",
        "a:b",
        "\\",
        "<script>alert(1)</script>",
        "😀",
        "\x00",
        "концерт\x00",
        "\x1b[31m",
        '"' + "я" * 300 + '"',
    ],
)
def test_search_survives_odd_input(client: Client, query: str) -> None:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200, query
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_words_after_a_lone_quote_are_still_searched(client: Client) -> None:
    links = result_links(search(client, '"Святковий концерт'))
    assert NewsPage.objects.get(title="Святковий концерт до Міжнародного жіночого дня").url in links


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Бюджет \t 2020\n", "Бюджет 2020"),
        ('"бюджет', "бюджет"),
        ('"бюджет 2020"', '"бюджет 2020"'),
        ("бюд\x00жет", "бюд жет"),
        ("я" * 500, "я" * MAX_QUERY_LENGTH),
    ],
)
def test_clean_query(raw: str, clean: str) -> None:
    assert clean_query(raw) == clean


def test_search_paging_with_a_bad_page_number(client: Client) -> None:
    for page in ("abc", "999", "-3"):
        assert client.get("/search/", {"q": "Лисичанськ", "page": page}).status_code == 200


def test_search_is_get_only(client: Client) -> None:
    assert client.post("/search/", {"q": "концерт"}).status_code == 405


def test_search_lists_matching_council_acts_at_their_pages(client: Client) -> None:
    from hromada.acts import search as acts_search
    from hromada.acts.selectors import act_url, public_acts

    html = search(client, "бюджетів")
    assert 'id="section-acts-h"' in html
    acts_part = html.split('id="section-acts-h"', 1)[1].split("</section>", 1)[0]
    found = acts_search.matching(public_acts(), "бюджетів")
    # Adopted acts first (no title equals the query), the newest of them at the top.
    expected = found.filter(status="adopted").order_by("-date", "-pk")
    assert expected.exists()
    links = re.findall(r'href="([^"]+)"', acts_part)
    assert links[0] == act_url(expected[0])
    assert f"({found.count()})" in acts_part


def test_search_lists_matching_organizations(client: Client) -> None:
    from hromada.organizations.selectors import public_organizations

    organization = public_organizations().exclude(edrpou="").first()
    html = search(client, organization.edrpou)
    assert 'id="section-organizations-h"' in html
    part = html.split('id="section-organizations-h"', 1)[1].split("</section>", 1)[0]
    assert organization.name in part
    link = re.findall(r'href="([^"]+)"', part)[0]
    assert client.get(link).status_code == 200


def test_search_without_act_or_organization_matches_shows_no_such_sections(
    client: Client,
) -> None:
    html = search(client, "концерт")
    assert 'id="section-acts-h"' not in html
    assert 'id="section-organizations-h"' not in html


# --- sitemap, robots.txt ------------------------------------------------------------------------


def sitemap_locations(client: Client, path: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return [loc.text for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)]


def test_sitemap_is_an_index_of_pages_acts_and_organizations(client: Client) -> None:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    sections = [loc.text for loc in root.findall("sm:sitemap/sm:loc", SITEMAP_NS)]
    assert sections == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-acts.xml",
        "http://testserver/sitemap-organizations.xml",
    ]


def test_sitemap_lists_the_live_pages(client: Client) -> None:
    response = client.get("/sitemap-pages.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    locations = [loc.text for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)]
    paths = {loc.split("://", 1)[1].split("/", 1)[1] for loc in locations}
    live = Page.objects.live().public().filter(depth__gt=1).specific()
    assert len(locations) == live.count()
    for page in live:
        assert page.url.lstrip("/") in paths, page.url
    for entry in root.findall("sm:url", SITEMAP_NS):
        lastmod = entry.find("sm:lastmod", SITEMAP_NS)
        assert lastmod is not None and re.match(r"\d{4}-\d{2}-\d{2}", lastmod.text)


def test_sitemap_leaves_out_unpublished_pages(client: Client) -> None:
    item = NewsPage.objects.live().first()
    path = item.url
    item.unpublish()
    assert path.encode() not in client.get("/sitemap-pages.xml").content


def test_sitemap_lists_every_public_act_at_its_page(client: Client) -> None:
    from hromada.acts.selectors import act_url, public_acts

    locations = sitemap_locations(client, "/sitemap-acts.xml")
    acts = list(public_acts())
    assert acts and len(locations) == len(acts)
    assert {f"http://testserver{act_url(act)}" for act in acts} == set(locations)
    sample = locations[0].removeprefix("http://testserver")
    assert client.get(sample).status_code == 200


def test_sitemap_leaves_out_unpublished_and_archived_acts(client: Client) -> None:
    from hromada.acts.models import Act
    from hromada.acts.selectors import act_url, public_acts

    act = public_acts().first()
    url = act_url(act)
    Act.objects.filter(pk=act.pk).update(archived=True)
    assert f"http://testserver{url}" not in sitemap_locations(client, "/sitemap-acts.xml")


def test_sitemap_lists_every_public_organization_at_its_page(client: Client) -> None:
    from hromada.organizations.models import OrganizationRegisterPage
    from hromada.organizations.selectors import public_organizations

    locations = sitemap_locations(client, "/sitemap-organizations.xml")
    kinds = set(OrganizationRegisterPage.objects.live().values_list("kind", flat=True))
    expected = public_organizations().filter(kind__in=kinds)
    assert expected.exists() and len(locations) == expected.count()
    sample = locations[-1].removeprefix("http://testserver")
    assert client.get(sample).status_code == 200


def test_robots_txt_points_at_the_sitemap(client: Client) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_robots_txt_uses_https_behind_a_secure_request(client: Client) -> None:
    response = client.get("/robots.txt", secure=True)
    assert "Sitemap: https://testserver/sitemap.xml" in response.content.decode()


# --- 404 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/no-such-page/", "/news/no-such-item/", "/documents/999999/x.pdf"]
)
def test_not_found_is_the_ukrainian_404_page(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="uk">' in html
    assert "Сторінку не знайдено" in html
    assert 'href="/search/"' in html or "/search/" in html


def test_not_found_in_english(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


# --- the language switch -------------------------------------------------------------------------


def test_language_switch_sets_the_cookie_and_returns(client: Client) -> None:
    response = client.get("/lang/en/", {"next": "/news/"})
    assert response.status_code == 302
    assert response["Location"] == "/news/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) >= 30 * 24 * 3600
    assert '<html lang="en">' in client.get("/news/").content.decode()

    client.get("/lang/uk/", {"next": "/"})
    assert '<html lang="uk">' in client.get("/").content.decode()


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/path",
        "http://evil.example",
        "javascript:alert(1)",
        "/\\evil.example",
        "",
    ],
)
def test_language_switch_refuses_an_off_site_next(client: Client, target: str) -> None:
    response = client.get("/lang/en/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_language_switch_ignores_an_unknown_language(client: Client) -> None:
    response = client.get("/lang/xx/", {"next": "/news/"})
    assert response.status_code == 302
    assert response["Location"] == "/news/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_language_switch_is_a_plain_get(client: Client) -> None:
    assert client.post("/lang/en/", {"next": "/"}).status_code == 405


def test_language_links_on_every_page_point_back_to_it(client: Client) -> None:
    html = client.get("/news/").content.decode()
    assert "/lang/en/?next=/news/" in html
