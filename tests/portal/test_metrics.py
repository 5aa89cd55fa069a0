"""portal.metrics: the portal's report figures, counted from the pages."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from hromada.core import metrics
from hromada.core.metrics import Period
from hromada.core.models import HromadaImage
from hromada.portal import demo
from hromada.portal import metrics as portal_metrics
from hromada.portal.models import (
    AlbumPage,
    AlbumPhoto,
    GalleryIndexPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    SectionPage,
    VideoIndexPage,
    VideoPage,
)

pytestmark = pytest.mark.django_db

KYIV = ZoneInfo("Europe/Kyiv")
YEAR_2020 = Period.year(2020)

# What the demo holds for 2020, from its own tables (portal/demo.py).
DEMO_2020 = {
    "portal.news_published": len(demo.NEWS_TOPICS),
    "portal.sections_created": len(demo.NEW_SECTIONS_2020),
    "portal.subsections_created": sum(len(titles) for titles in demo.NEW_SUBSECTIONS_2020.values()),
    "portal.albums_created": len(demo.ALBUMS),
    "portal.album_photos": len(demo.ALBUMS) * demo.PHOTOS_PER_ALBUM,
    # Every news item has a lead image; every third one a photo in its body too.
    "portal.news_photos": len(demo.NEWS_TOPICS) + len(range(0, len(demo.NEWS_TOPICS), 3)),
    "portal.videos_published": len(demo.VIDEOS),
}


def compute(key: str, period: Period) -> int:
    return metrics.get(key).compute(period)


def test_demo_tables_match_the_seed_report() -> None:
    assert DEMO_2020["portal.sections_created"] == 4  # the seed report's 4 sections
    assert DEMO_2020["portal.subsections_created"] == 30  # and 30 subsections
    assert DEMO_2020["portal.albums_created"] == 8  # and 8 albums
    assert DEMO_2020 == {
        "portal.news_published": 36,
        "portal.sections_created": 4,
        "portal.subsections_created": 30,
        "portal.albums_created": 8,
        "portal.album_photos": 48,
        "portal.news_photos": 48,
        "portal.videos_published": 4,
    }


@pytest.mark.parametrize(("key", "expected"), sorted(DEMO_2020.items()))
def test_each_portal_figure_for_2020(key: str, expected: int) -> None:
    assert compute(key, YEAR_2020) == expected


def test_figures_for_the_years_the_old_sections_were_made() -> None:
    year_2015 = Period.year(2015)
    assert compute("portal.sections_created", year_2015) == len(demo.OLD_SECTIONS)
    assert compute("portal.subsections_created", year_2015) == sum(
        len(subs) for _, subs in demo.OLD_SECTIONS
    )
    assert compute("portal.news_published", year_2015) == 0


def test_part_of_a_year() -> None:
    spring = Period(dt.date(2020, 3, 1), dt.date(2020, 5, 31))
    expected = (
        NewsPage.objects.live()
        .filter(
            first_published_at__gte=dt.datetime(2020, 3, 1, tzinfo=KYIV),
            first_published_at__lt=dt.datetime(2020, 6, 1, tzinfo=KYIV),
        )
        .count()
    )
    assert 0 < compute("portal.news_published", spring) == expected < 36


def test_an_unpublished_item_no_longer_counts() -> None:
    NewsPage.objects.live().first().unpublish()
    VideoPage.objects.live().first().unpublish()
    assert compute("portal.news_published", YEAR_2020) == 35
    assert compute("portal.videos_published", YEAR_2020) == 3


# --- a year with nothing yet, then with new pages ---------------------------------------------


def publish_at(page, parent, when: dt.datetime):  # type: ignore[no-untyped-def]
    parent.add_child(instance=page)
    page.save_revision().publish()
    type(page).objects.filter(pk=page.pk).update(first_published_at=when, last_published_at=when)
    return page


@pytest.fixture
def images() -> list[HromadaImage]:
    return list(HromadaImage.objects.order_by("pk")[:3])


def test_a_fresh_year_counts_only_its_own_pages(images: list[HromadaImage]) -> None:
    year = Period.year(2031)
    assert {key: compute(key, year) for key in DEMO_2020} == dict.fromkeys(DEMO_2020, 0)

    when = dt.datetime(2031, 4, 15, 10, 0, tzinfo=KYIV)
    home = HomePage.objects.get()
    section = publish_at(SectionPage(title="Енергоощадність", slug="enerhooshchadnist"), home, when)
    publish_at(SectionPage(title="Тепломодернізація", slug="teplomodernizatsiia"), section, when)
    publish_at(
        SectionPage(title="Звіти 2031", slug="zvity-2031"),
        SectionPage.objects.get(title="Бюджет"),
        when,
    )
    publish_at(
        NewsPage(
            title="Утеплення шкіл",
            slug="uteplennia-shkil",
            date=when,
            lead_image=images[0],
            lead_image_alt="Школа",
            body=[
                ("image", {"image": images[1], "alt_text": "Фасад", "caption": ""}),
                ("paragraph", "<p>Роботи тривають.</p>"),
                ("image", {"image": images[2], "alt_text": "Вікна", "caption": ""}),
            ],
        ),
        NewsIndexPage.objects.get(),
        when,
    )
    publish_at(
        NewsPage(title="Без фото", slug="bez-foto", date=when), NewsIndexPage.objects.get(), when
    )
    album = AlbumPage(title="Відкриття сквера", slug="vidkryttia-skvera", date=when.date())
    for number, image in enumerate(images):
        album.photos.add(AlbumPhoto(image=image, alt_text=f"Сквер, фото {number + 1}"))
    publish_at(album, GalleryIndexPage.objects.get(), when)
    publish_at(
        VideoPage(
            title="Сквер з висоти",
            slug="skver-z-vysoty",
            date=when.date(),
            video_url="https://vimeo.com/2031",
        ),
        VideoIndexPage.objects.get(),
        when,
    )
    # A draft in the same year does not count.
    draft = NewsPage(title="Чернетка", slug="chernetka", date=when, live=False)
    NewsIndexPage.objects.get().add_child(instance=draft)

    assert {key: compute(key, year) for key in DEMO_2020} == {
        "portal.news_published": 2,
        "portal.sections_created": 1,
        "portal.subsections_created": 2,
        "portal.albums_created": 1,
        "portal.album_photos": 3,
        "portal.news_photos": 3,
        "portal.videos_published": 1,
    }
    # 2020 is untouched.
    assert {key: compute(key, YEAR_2020) for key in DEMO_2020} == DEMO_2020


@pytest.mark.parametrize(
    ("moment", "counted_in"),
    [
        (dt.datetime(2031, 1, 1, 0, 0, tzinfo=KYIV), 2031),  # the first instant of 2031 in Kyiv
        (dt.datetime(2031, 1, 1, 0, 30, tzinfo=KYIV), 2031),  # still 2030 in UTC
        (dt.datetime(2030, 12, 31, 23, 59, 59, tzinfo=KYIV), 2030),
        (dt.datetime(2031, 12, 31, 21, 59, tzinfo=dt.UTC), 2031),  # 23:59 in Kyiv
        (dt.datetime(2031, 12, 31, 22, 0, tzinfo=dt.UTC), 2032),  # midnight in Kyiv
        (dt.datetime(2031, 7, 1, 0, 0, tzinfo=KYIV), 2031),  # summer time
    ],
)
def test_kyiv_midnight_decides_the_year(moment: dt.datetime, counted_in: int) -> None:
    publish_at(
        NewsPage(title="На межі року", slug="na-mezhi-roku", date=moment),
        NewsIndexPage.objects.get(),
        moment,
    )
    counts = {
        year: portal_metrics.news_published(Period.year(year)).count()
        for year in (2030, 2031, 2032)
    }
    assert counts == {year: int(year == counted_in) for year in (2030, 2031, 2032)}


def test_day_periods_split_at_kyiv_midnight() -> None:
    moment = dt.datetime(2031, 3, 8, 0, 15, tzinfo=KYIV)
    publish_at(
        NewsPage(title="Восьме березня", slug="vosme-bereznia", date=moment),
        NewsIndexPage.objects.get(),
        moment,
    )
    assert (
        portal_metrics.news_published(Period(dt.date(2031, 3, 8), dt.date(2031, 3, 8))).count() == 1
    )
    assert (
        portal_metrics.news_published(Period(dt.date(2031, 3, 7), dt.date(2031, 3, 7))).count() == 0
    )


def test_a_section_under_a_section_is_a_subsection_at_any_depth() -> None:
    when = dt.datetime(2031, 2, 2, 12, 0, tzinfo=KYIV)
    parent = SectionPage.objects.get(title="Бюджет 2020")  # itself a subsection
    publish_at(SectionPage(title="Додатки", slug="dodatky"), parent, when)
    assert portal_metrics.subsections_created(Period.year(2031)).count() == 1
    assert portal_metrics.sections_created(Period.year(2031)).count() == 0
