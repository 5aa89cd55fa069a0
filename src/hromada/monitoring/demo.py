"""The demo city's media monitoring in 2020: a few outlets, the year's items about the city
with reprints grouped into stories, and the seed report's 48 thematic reviews using 1,274
items, 78 of them citing the office or the official site.

Deterministic (a seeded generator), bulk-written (and the items bulk-indexed for the
archive's full-text search), and idempotent: nothing is added when the demo items are
already there. Information notes are not made here: the activities module's
demo holds the year's 43 weekly and 10 daily notes, and notes are counted there.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TextIO
from zoneinfo import ZoneInfo

from django.db import transaction

from hromada.core.search import index_in_bulk
from hromada.monitoring.models import (
    MediaItem,
    Mention,
    Outlet,
    OutletKind,
    Relevance,
    Review,
    ReviewEntry,
    Story,
    Topic,
)

YEAR = 2020
REVIEWS = 48
ITEMS_IN_REVIEWS = 1274
REVIEW_ITEMS_CITING = 78
ITEMS_OUTSIDE_REVIEWS = 326  # collected, relevant, but not chosen for a review
DEMO_URL = "https://demo-media.example/"

OUTLETS = [
    ("Новини Донбасу", OutletKind.ONLINE, "https://novosti.dn.ua/", "Донецька та Луганська обл."),
    ("Луганщина онлайн", OutletKind.ONLINE, "https://lugansk.online.example/", "Луганська обл."),
    ("Схід медіа", OutletKind.ONLINE, "https://shid.media.example/", "Схід України"),
    ("Лисичанськ сьогодні", OutletKind.SOCIAL, "https://facebook.com/lys.today", "м. Лисичанськ"),
    ("Вісник Лисичанська", OutletKind.NEWSPAPER, "", "м. Лисичанськ"),
    ("ТРК «Регіон»", OutletKind.TV, "https://region.tv.example/", "Луганська обл."),
    ("Радіо «Сіверський Донець»", OutletKind.RADIO, "", "Луганська обл."),
]
TOPICS = {
    "Ремонт доріг і благоустрій": ("ремонт\nдорог\nблагоустр", "ремонт вулиці {street}"),
    "Освіта": ("школ\nосвіт\nдитсад\nучн", "оновлення школи № {n}"),
    "Охорона здоров'я": ("лікар\nмедич\nкоронавірус\nCOVID", "робота лікарні та COVID-19"),
    "Житлово-комунальне господарство": ("водопостач\nопален\nтариф\nкомунал", "опалення і вода"),
    "Безпека": ("поліці\nбезпек\nДСНС\nпожеж", "безпека мешканців"),
    "Культура і спорт": ("фестивал\nконцерт\nспорт\nмузе", "фестиваль у парку"),
    "Соціальний захист": ("пенсіонер\nпереселен\nсубсиді\nдопомог", "допомога переселенцям"),
    "Бюджет і розвиток": ("бюджет\nінвестиц\nгрант\nпроєкт", "бюджет громади"),
}
STREETS = ["Гетьманська", "Сосюри", "Грушевського", "Незалежності", "Свободи", "Шкільна"]
MENTIONS = ["Лисичанську", "Лисичанська", "лисичанці", "Лисичанськ", "лисичанської громади"]
LEADS = [
    "У {where} {what}: про це повідомили в міській раді.",
    "{What} — головна тема тижня в {where}.",
    "Мешканці обговорюють {what}; у {where} чекають рішення виконкому.",
    "Що відомо про {what}: подробиці з {where}.",
]


def _outlets() -> list[Outlet]:
    result = []
    for name, kind, site, region in OUTLETS:
        outlet, _created = Outlet.objects.get_or_create(
            name=name, defaults={"kind": kind, "site_url": site, "region": region}
        )
        result.append(outlet)
    return result


def _topics() -> list[Topic]:
    result = []
    for name, (keywords, _subject) in TOPICS.items():
        topic, _created = Topic.objects.get_or_create(name=name, defaults={"keywords": keywords})
        result.append(topic)
    return result


def _stamp(rng: random.Random, day: dt.date) -> dt.datetime:
    zone = ZoneInfo("Europe/Kyiv")
    return dt.datetime.combine(day, dt.time(rng.randrange(7, 21), rng.randrange(60)), tzinfo=zone)


def load(*, stdout: TextIO) -> None:
    from hromada.monitoring.services import refresh_word_forms

    refresh_word_forms()
    outlets = _outlets()
    topics = _topics()
    if MediaItem.objects.filter(url__startswith=DEMO_URL).exists():
        stdout.write("media monitoring demo already loaded\n")
        return
    with transaction.atomic():
        reviews, items = _load_year(outlets, topics)
    stdout.write(f"{len(outlets)} outlets, {items} media items, {reviews} thematic reviews\n")


def _load_year(outlets: list[Outlet], topics: list[Topic]) -> tuple[int, int]:
    rng = random.Random(YEAR)  # noqa: S311 - demo data, not security
    start = dt.date(YEAR, 1, 1)
    total = ITEMS_IN_REVIEWS + ITEMS_OUTSIDE_REVIEWS
    review_set = set(rng.sample(range(total), ITEMS_IN_REVIEWS))
    citing_in_reviews = set(rng.sample(sorted(review_set), REVIEW_ITEMS_CITING))
    outside = [n for n in range(total) if n not in review_set]
    citing_outside = set(rng.sample(outside, 21))
    subjects = list(TOPICS.items())
    # Plan stories: an original and 0–3 reprints within a few days. A story is one event:
    # its subject (the school's number, the street) and its date are chosen once, and every
    # reprint repeats them; only the lead is rewritten.
    plan: list[tuple[int, int, dt.datetime, int, str, dt.date]] = []
    story_number = 0
    while len(plan) < total:
        day = start + dt.timedelta(days=rng.randrange(366))
        topic = rng.randrange(len(topics))
        what = subjects[topic][1][1].format(street=rng.choice(STREETS), n=rng.randrange(1, 30))
        copies = min(rng.choice([1, 1, 1, 2, 2, 3, 4]), total - len(plan))
        first = rng.randrange(len(outlets))
        for copy in range(copies):
            when = _stamp(
                rng, min(day + dt.timedelta(days=copy and rng.randrange(3)), dt.date(YEAR, 12, 31))
            )
            plan.append((story_number, topic, when, (first + copy) % len(outlets), what, day))
        story_number += 1
    stories = Story.objects.bulk_create(
        [Story(title=f"story {n}") for n in range(story_number)], batch_size=500
    )
    items = []
    for number, (story, topic, when, outlet, what, day) in enumerate(plan):
        name = subjects[topic][0]
        where = rng.choice(MENTIONS)
        lead = rng.choice(LEADS).format(where=where, what=what, What=what.capitalize())
        cites = number in citing_in_reviews or number in citing_outside
        text = lead + f" Тема: {name.lower()}."
        links = []
        evidence = []
        if cites:
            text += " Детальніше — на офіційному сайті lysychansk.gov.ua."
            links = [f"https://lysychansk.gov.ua/news/{YEAR}/{number}"]
            evidence = [{"kind": "link", "value": links[0]}]
        items.append(
            MediaItem(
                outlet=outlets[outlet],
                url=f"{DEMO_URL}{YEAR}/{number}",
                title=what.capitalize() + f" ({day:%d.%m})",
                text=text,
                links=links,
                published_at=when,
                status=Relevance.RELEVANT,
                mentions_city=True,
                cites_official=cites,
                citation_evidence=evidence,
                story=stories[story],
            )
        )
    items = MediaItem.objects.bulk_create(items, batch_size=500)
    # bulk_create sends no signals: put the items into the archive's full-text search.
    index_in_bulk(MediaItem, items)
    Mention.objects.bulk_create(
        [
            Mention(
                item=item,
                matched=word,
                position=item.text.find(word),
                snippet=item.text.replace(word, f"<mark>{word}</mark>", 1),
            )
            for item in items
            for word in [next((w for w in MENTIONS if w in item.text), "")]
            if word
        ],
        batch_size=500,
    )
    through = MediaItem.topics.through
    through.objects.bulk_create(
        [
            through(mediaitem_id=item.pk, topic_id=topics[plan[n][1]].pk)
            for n, item in enumerate(items)
        ],
        batch_size=500,
    )
    # Stories: title and first item from their earliest item.
    firsts: dict[int, MediaItem] = {}
    counts: dict[int, int] = {}
    for item in items:
        key = item.story_id or 0
        counts[key] = counts.get(key, 0) + 1
        if key not in firsts or item.published_at < firsts[key].published_at:
            firsts[key] = item
    for story_obj in stories:
        first_item = firsts[story_obj.pk]
        story_obj.title = first_item.title
        story_obj.first_item = first_item
        story_obj.item_count = counts[story_obj.pk]
    Story.objects.bulk_update(stories, ["title", "first_item", "item_count"], batch_size=500)
    # 48 reviews: four a month, each of one topic, built from that month's chosen items.
    chosen = sorted((n for n in review_set), key=lambda n: plan[n][2])
    reviews = []
    for number in range(REVIEWS):
        month = number // 4 + 1
        review_topic = topics[number % len(topics)]
        first_day = dt.date(YEAR, month, 1)
        last_day = (first_day + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        reviews.append(
            Review(
                title=(
                    f"Тематичний огляд «{review_topic.name}», {first_day:%m.%Y} ({number % 4 + 1})"
                ),
                topic=review_topic,
                period_start=first_day,
                period_end=last_day,
                prepared_on=last_day,
            )
        )
    reviews = Review.objects.bulk_create(reviews)
    entries = []
    per_review: dict[int, int] = {}
    for n in chosen:
        month = plan[n][2].month
        review = reviews[(month - 1) * 4 + (n % 4)]
        position = per_review.get(review.pk, 0)
        per_review[review.pk] = position + 1
        entries.append(ReviewEntry(review=review, item=items[n], sort_order=position))
    ReviewEntry.objects.bulk_create(entries, batch_size=500)
    return len(reviews), len(items)
