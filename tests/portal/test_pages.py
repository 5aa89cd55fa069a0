"""portal.models and selectors: every page type renders for anonymous visitors, with
Ukrainian dates, and the editors' rules (alt text, event times) hold."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from hromada.core.models import HromadaImage
from hromada.portal import selectors
from hromada.portal.models import (
    NEWS_PER_PAGE,
    AlbumPage,
    AlbumPhoto,
    EventIndexPage,
    EventPage,
    GalleryIndexPage,
    HomePage,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    SectionPage,
    StandardPage,
    VideoIndexPage,
    VideoPage,
)

pytestmark = pytest.mark.django_db

KYIV = ZoneInfo("Europe/Kyiv")
DDMMYYYY = re.compile(r"\b\d{2}\.\d{2}\.\d{4}\b")
ISO_DATE_SHOWN = re.compile(r">\s*\d{4}-\d{2}-\d{2}")  # an ISO date as visible text


def h1(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert match, "no <h1>"
    return " ".join(re.sub(r"<[^>]+>", "", match.group(1)).split())


def get_ok(client: Client, url: str, *, raw: bool = False) -> str:
    """The page's HTML, with character references resolved (unless raw)."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert '<html lang="uk">' in html
    assert not ISO_DATE_SHOWN.search(html), f"{url} shows an ISO date"
    return html if raw else unescape(html)


def local_date(moment: dt.datetime | dt.date) -> str:
    if isinstance(moment, dt.datetime):
        moment = timezone.localtime(moment)
    return moment.strftime("%d.%m.%Y")


def section() -> SectionPage:
    return SectionPage.objects.live().get(title="Бюджет")


def subsection() -> SectionPage:
    return SectionPage.objects.live().get(title="Бюджет 2020")


def test_home_page(client: Client) -> None:
    html = get_ok(client, "/")
    latest = selectors.latest_news(limit=HomePage.objects.get().news_count)
    assert [item.title for item in latest][:1] == [
        NewsPage.objects.live().order_by("-date").first().title
    ]
    for item in latest:
        assert item.title in html
    for event in selectors.upcoming_events(limit=4):
        assert event.title in html
    assert "Лисичанська міська рада" in html


def test_section_lists_its_subsections(client: Client) -> None:
    html = get_ok(client, section().url)
    assert h1(html) == "Бюджет"
    for child in section().get_children().live():
        assert child.title in html


def test_subsection_renders_its_body(client: Client) -> None:
    page = subsection()
    assert page.is_subsection and not section().is_subsection
    html = get_ok(client, page.url)
    assert h1(html) == "Бюджет 2020"
    assert "Матеріали підрозділу «Бюджет 2020»" in html
    assert "Бюджет" in html  # breadcrumbs lead back to the section


def test_standard_page(client: Client) -> None:
    page = StandardPage.objects.live().get()
    html = get_ok(client, page.url)
    assert h1(html) == page.title
    assert "п'яти робочих днів" in html


def test_news_index_first_page(client: Client) -> None:
    index = NewsIndexPage.objects.get()
    html = get_ok(client, index.url)
    newest = list(NewsPage.objects.live().order_by("-date")[:NEWS_PER_PAGE])
    for item in newest:
        assert item.title in html
        assert local_date(item.date) in html
    older = NewsPage.objects.live().order_by("-date")[NEWS_PER_PAGE]
    assert older.title not in html


def test_news_index_second_page(client: Client) -> None:
    index = NewsIndexPage.objects.get()
    html = get_ok(client, f"{index.url}?page=2")
    second = list(NewsPage.objects.live().order_by("-date")[NEWS_PER_PAGE : 2 * NEWS_PER_PAGE])
    assert all(item.title in html for item in second)
    assert NewsPage.objects.live().order_by("-date").first().title not in html


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999"])
def test_news_index_tolerates_bad_page_numbers(client: Client, page: str) -> None:
    html = get_ok(client, f"/news/?page={page}")
    assert "Новини" in html


def news_titles_in(html: str) -> set[str]:
    return {item.title for item in NewsPage.objects.live() if item.title in html}


def test_news_index_filtered_by_category(client: Client) -> None:
    html = get_ok(client, "/news/?category=kultura")
    expected = {item.title for item in NewsPage.objects.live().filter(category__slug="kultura")}
    assert len(expected) == 5
    assert news_titles_in(html) == expected


def test_news_index_filtered_by_tag(client: Client) -> None:
    html = get_ok(client, "/news/?tag=Чорнобиль")
    expected = {item.title for item in NewsPage.objects.live().filter(tags__name="Чорнобиль")}
    assert len(expected) == 3
    assert news_titles_in(html) == expected


def test_news_index_filtered_by_year(client: Client) -> None:
    assert news_titles_in(get_ok(client, "/news/?year=2019")) == set()
    html = get_ok(client, "/news/?year=2020")
    assert len(news_titles_in(html)) == NEWS_PER_PAGE  # 36 in 2020, paged by 12


def test_news_index_filters_combine_and_survive_paging(client: Client) -> None:
    html = get_ok(client, "/news/?category=ofitsiino&year=2020&page=2")
    official = list(NewsPage.objects.live().filter(category__slug="ofitsiino").order_by("-date"))
    assert len(official) == 17
    assert news_titles_in(html) == {item.title for item in official[NEWS_PER_PAGE:]}
    assert "category=ofitsiino" in html  # the pager keeps the filter


@pytest.mark.parametrize(
    "query", ["category=no-such", "tag=" + "я" * 500, "year=abc", "year=1800", "category=<script>"]
)
def test_news_index_ignores_or_empties_on_bad_filters(client: Client, query: str) -> None:
    html = get_ok(client, f"/news/?{query}", raw=True)
    assert "<script>" not in html


def test_news_filters_parse_the_query() -> None:
    filters = selectors.NewsFilters.from_query(
        {"category": " kultura ", "tag": "свята", "year": "2020"}
    )
    assert filters == selectors.NewsFilters(category="kultura", tag="свята", year=2020)
    assert filters.active
    assert selectors.NewsFilters.from_query({"year": "20x0"}).year is None
    assert not selectors.NewsFilters.from_query({}).active
    assert (
        selectors.NewsFilters(category="kultura", year=2020).as_query()
        == "category=kultura&year=2020"
    )


def test_news_years() -> None:
    assert selectors.news_years(index_page=NewsIndexPage.objects.get()) == [2020]


def test_news_page(client: Client) -> None:
    item = NewsPage.objects.live().filter(category__slug="kultura").order_by("date").first()
    html = get_ok(client, item.url)
    assert h1(html) == item.title
    assert timezone.localtime(item.date).strftime("%d.%m.%Y %H:%M") in html
    assert "Культура" in html
    assert f'alt="{item.lead_image_alt}"' in html
    for tag in item.tags.all():
        assert tag.name in html


def test_news_page_in_english_keeps_numeric_dates(client: Client) -> None:
    item = NewsPage.objects.live().order_by("date").first()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(item.url)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert timezone.localtime(item.date).strftime("%d.%m.%Y") in html


def test_event_index_lists_upcoming_and_past(client: Client) -> None:
    html = get_ok(client, EventIndexPage.objects.get().url)
    now = timezone.now()
    for event in EventPage.objects.live():
        assert event.title in html
        assert local_date(event.start) in html
    upcoming = [e for e in EventPage.objects.live() if e.start >= now]
    assert upcoming, "the demo always has upcoming announcements"


def test_event_page(client: Client) -> None:
    event = EventPage.objects.live().order_by("start").first()
    html = get_ok(client, event.url)
    assert h1(html) == event.title
    assert timezone.localtime(event.start).strftime("%d.%m.%Y %H:%M") in html
    assert event.place in html


def test_gallery_and_album(client: Client) -> None:
    gallery = GalleryIndexPage.objects.get()
    html = get_ok(client, gallery.url)
    albums = AlbumPage.objects.live()
    assert albums.count() == 8
    for album in albums:
        assert album.title in html
        assert local_date(album.date) in html

    album = albums.order_by("date").first()
    html = get_ok(client, album.url)
    assert h1(html) == album.title
    assert local_date(album.date) in html
    photos = list(album.photos.all())
    assert len(photos) == 6
    for photo in photos:
        assert f'alt="{photo.alt_text}"' in html


def test_video_index_and_page(client: Client) -> None:
    html = get_ok(client, VideoIndexPage.objects.get().url)
    for video in VideoPage.objects.live():
        assert video.title in html
        assert local_date(video.date) in html
    video = VideoPage.objects.live().order_by("date").first()
    html = get_ok(client, video.url)
    assert h1(html) == video.title
    assert local_date(video.date) in html


def test_every_live_page_renders(client: Client) -> None:
    from wagtail.models import Page

    for page in Page.objects.live().filter(depth__gt=1).specific():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert DDMMYYYY.search(response.content.decode()) or not isinstance(
            page, NewsPage | EventPage | AlbumPage | VideoPage
        )


def test_draft_and_unpublished_pages_are_not_served(client: Client) -> None:
    item = NewsPage.objects.live().first()
    url = item.url
    item.unpublish()
    assert client.get(url).status_code == 404


# --- editors' rules ---------------------------------------------------------------------------


@pytest.fixture
def image() -> HromadaImage:
    return HromadaImage.objects.first()


def new_news(**fields: object) -> NewsPage:
    return NewsPage(title="Нова новина", slug="nova-novyna", date=timezone.now(), **fields)


def test_news_with_a_lead_image_needs_its_alt_text(image: HromadaImage) -> None:
    for alt in ("", "   "):
        with pytest.raises(ValidationError) as caught:
            new_news(lead_image=image, lead_image_alt=alt).clean()
        assert "lead_image_alt" in caught.value.message_dict
    new_news(lead_image=image, lead_image_alt="Учасники заходу на площі").clean()
    new_news().clean()  # no image, no alt needed


def test_news_without_alt_text_cannot_be_added_under_the_index(image: HromadaImage) -> None:
    index = NewsIndexPage.objects.get()
    before = NewsPage.objects.count()
    with pytest.raises(ValidationError):
        index.add_child(instance=new_news(lead_image=image, lead_image_alt=""))
    assert NewsPage.objects.count() == before


def test_event_cannot_end_before_it_starts(image: HromadaImage) -> None:
    start = dt.datetime(2031, 5, 9, 10, 0, tzinfo=KYIV)
    event = EventPage(
        title="Концерт",
        slug="kontsert",
        start=start,
        end=start - dt.timedelta(minutes=1),
        place="Парк",
    )
    with pytest.raises(ValidationError) as caught:
        event.clean()
    assert "end" in caught.value.message_dict

    event.end = start
    event.clean()
    event.end = start + dt.timedelta(hours=2)
    event.clean()
    event.image, event.image_alt = image, ""
    with pytest.raises(ValidationError) as caught:
        event.clean()
    assert "image_alt" in caught.value.message_dict


def test_album_photo_needs_alt_text(image: HromadaImage) -> None:
    photo = AlbumPhoto(album=AlbumPage.objects.first(), image=image, alt_text="")
    with pytest.raises(ValidationError) as caught:
        photo.full_clean()
    assert "alt_text" in caught.value.message_dict


def test_photo_count_of_a_news_item(image: HromadaImage) -> None:
    item = new_news(
        lead_image=image,
        lead_image_alt="Фото",
        body=[
            ("paragraph", "<p>Текст</p>"),
            ("image", {"image": image, "alt_text": "Перше", "caption": ""}),
            ("image", {"image": image, "alt_text": "Друге", "caption": ""}),
        ],
    )
    assert item.photo_count() == 3
    assert new_news().photo_count() == 0


def test_page_tree_rules() -> None:
    assert NewsPage.parent_page_types == ["portal.NewsIndexPage"]
    assert EventPage.parent_page_types == ["portal.EventIndexPage"]
    assert HomePage.max_count == 1
    assert NewsCategory.objects.count() == 7


def test_menu_sections_are_the_live_in_menu_children_of_home() -> None:
    home = HomePage.objects.get()
    menu = list(selectors.menu_sections(home))
    assert menu and all(page.show_in_menus and page.live for page in menu)
    assert "Місцеві податки" not in [page.title for page in menu]  # created without show_in_menus
