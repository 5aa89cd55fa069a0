"""Reprint grouping: rewritten leads join, a shared quoted paragraph does not."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.utils import timezone

from hromada.monitoring.models import MediaItem, Outlet, Relevance
from hromada.monitoring.pipeline import group_reprints
from hromada.monitoring.reprints import (
    ReprintIndex,
    identifiers,
    jaccard,
    pair_scores,
    shingles,
)

BODY = (
    "Роботи виконуватиме підрядник, обраний через систему Prozorro. Вартість договору становить "
    "дванадцять мільйонів гривень, гроші виділено з міського бюджету та обласного фонду. На час "
    "ремонту рух транспорту вулицею Гетьманською буде частково обмежено, автобусні маршрути "
    "тимчасово їздитимуть об'їзною дорогою через вулицю Сосюри та проспект Перемоги. Після "
    "завершення робіт на вулиці з'являться нові тротуари, пониженні бордюри, енергоощадне "
    "освітлення та велосипедна смуга завдовжки понад два кілометри."
)
QUOTE = (
    "«Ми робимо все можливе, щоб роботи завершилися вчасно, а мешканці якнайменше відчули "
    "незручності», — наголосив міський голова під час наради з підрядниками."
)
ORIGINAL = "У Лисичанську з понеділка розпочнеться ремонт вулиці Гетьманської. " + BODY
REWRITTEN = (
    "Капітальний ремонт Гетьманської стартує вже в понеділок, повідомили лисичанцям. " + BODY
)
OTHER_A = (
    "У лисичанській школі відкрили оновлений спортзал: замінили підлогу, вікна, освітлення, "
    "закупили тренажери для учнів молодших і старших класів. " + QUOTE
)
OTHER_B = (
    "Лисичанські комунальники завершили прибирання парку після негоди, вивезли повалені дерева "
    "та відновили освітлення центральної алеї. " + QUOTE
)


def test_rewritten_lead_is_a_reprint_and_a_shared_quote_is_not():
    assert jaccard(shingles(ORIGINAL), shingles(REWRITTEN)) >= 0.5
    index = ReprintIndex()
    assert index.add("original", ORIGINAL) == []
    assert index.add("rewritten", REWRITTEN) == ["original"]
    assert index.add("school", OTHER_A) == []
    assert index.add("park", OTHER_B) == []
    assert index.group_of("rewritten") == index.group_of("original")
    assert index.group_of("school") != index.group_of("park")
    assert len(index.groups()) == 3


def test_empty_text_is_its_own_story():
    index = ReprintIndex()
    assert index.add(1, "") == []
    assert index.add(2, "") == []


@pytest.mark.django_db
def test_stories_in_the_database_respect_the_14_day_window():
    outlet_a = Outlet.objects.create(name="Перше джерело", kind="online")
    outlet_b = Outlet.objects.create(name="Друге джерело", kind="online")
    start = timezone.now() - dt.timedelta(days=40)

    def item(outlet, title, text, days):  # type: ignore[no-untyped-def]
        return MediaItem.objects.create(
            outlet=outlet,
            title=title,
            text=text,
            published_at=start + dt.timedelta(days=days),
            mentions_city=True,
            status=Relevance.NEW,
        )

    first = item(outlet_a, "Ремонт", ORIGINAL, 0)
    reprint = item(outlet_b, "Ремонт стартує", REWRITTEN, 2)
    late = item(outlet_b, "Ремонт знову", REWRITTEN, 30)
    school = item(outlet_a, "Спортзал", OTHER_A, 1)
    park = item(outlet_b, "Парк", OTHER_B, 1)
    created = group_reprints([x.pk for x in (reprint, first, late, school, park)])
    assert created == 4
    for x in (first, reprint, late, school, park):
        x.refresh_from_db()
    assert first.story_id == reprint.story_id
    assert late.story_id != first.story_id
    assert school.story_id != park.story_id
    story = first.story
    assert story.item_count == 2
    assert story.first_item == first
    # a later pass attaches a new reprint to the existing story
    third = item(outlet_a, "Ще передрук", REWRITTEN + " Додано.", 3)
    assert group_reprints([third.pk]) == 0
    third.refresh_from_db()
    assert third.story_id == first.story_id
    story.refresh_from_db()
    assert story.item_count == 3


def test_forgotten_documents_are_no_longer_candidates():
    index = ReprintIndex()
    index.add("original", ORIGINAL)
    index.forget("original")
    index.forget("never added")
    assert index.add("rewritten", REWRITTEN) == []


# --- one template, different events (issue 28) ----------------------------------------

LABELLED = Path(__file__).parent / "fixtures/near_duplicates/near_duplicates_uk.json"


def _school(number: str, day: str) -> str:
    return (
        f"Оновлення школи № {number} ({day})\n{day}.2020 у Лисичанську завершили оновлення "
        f"школи № {number}: у закладі замінили вікна, утеплили фасад і відремонтували "
        "спортивну залу. Під час ремонту учні навчалися дистанційно, а з наступного тижня "
        "повернуться до класів."
    )


def test_identifiers_by_kind():
    marks = identifiers(
        "31 грудня у ЗОШ №14 та ліцеї N 3-А; будинок 7а, вул. Василя Стуса, 12; о 10.12 "
        "збори, вартість 12,5 млн, 05.01.2021 наступний етап."
    )
    assert marks == {
        "№:зош": {"14"},
        "№:ліце": {"3а"},
        "буд": {"7а"},
        "вул": {"стус"},
        "вул:стус": {"12"},
        "дата": {"31.12", "05.01"},
    }
    # "№ 5 в місті" is school 5, not "5в"; a date written in words is the same date
    assert identifiers("школи № 5 в Лисичанську, 30.12.2020") == identifiers(
        "школи №5 у Лисичанську, 30 грудня 2020 року"
    )
    assert identifiers("Без чисел і дат.") == {}


def test_template_news_about_other_schools_or_dates_are_other_stories():
    """The issue's example: № 1 and № 14 are not reprints of № 20; № 5 (30.12) is not № 3."""
    index = ReprintIndex()
    index.add("20", _school("20", "31.12"))
    index.add("20 again", _school("20", "31.12") + " Джерело: сайт міської ради.")
    index.add("1", _school("1", "31.12"))
    index.add("14", _school("14", "31.12"))
    index.add("3", _school("3", "28.12"))
    index.add("5", _school("5", "30.12"))
    index.add(
        "5 typed",
        _school("5", "30.12").replace("№ ", "№").replace("30.12.2020", "30 грудня 2020 року"),
    )
    assert index.group_of("20 again") == index.group_of("20")
    assert index.group_of("5 typed") == index.group_of("5")
    assert len({index.group_of(key) for key in ("20", "1", "14", "3", "5")}) == 5
    # wording alone would put them all into one story
    wording = ReprintIndex(identify=False)
    for key in ("20", "1", "14", "3", "5"):
        wording.add(key, _school(key, "31.12" if key in "20 1 14" else "30.12"))
    assert len(wording.groups()) == 1


def test_labelled_near_duplicates_precision_and_recall():
    items = json.loads(LABELLED.read_text(encoding="utf-8"))
    assert len(items) >= 100 and len({item["story"] for item in items}) >= 40
    labels = {item["id"]: item["story"] for item in items}

    def scores(identify: bool) -> dict[str, float]:
        index = ReprintIndex(identify=identify)
        for item in sorted(items, key=lambda item: item["published"]):
            index.add(item["id"], f"{item['title']}\n{item['text']}")
        return pair_scores(labels, {key: index.group_of(key) for key in labels})

    result = scores(identify=True)
    assert result["pairs_labelled"] >= 100
    assert result["precision"] >= 0.95
    assert result["recall"] >= 0.95
    # the set is hard: wording alone merges the template series
    assert scores(identify=False)["precision"] < 0.5


def test_pair_scores_count_pairs():
    labels = {1: "a", 2: "a", 3: "b", 4: "b"}
    assert pair_scores(labels, {1: 1, 2: 1, 3: 3, 4: 3})["precision"] == 1.0
    merged = pair_scores(labels, {1: 1, 2: 1, 3: 1, 4: 1})
    assert merged["precision"] == pytest.approx(2 / 6) and merged["recall"] == 1.0
    split = pair_scores(labels, {1: 1, 2: 2, 3: 3, 4: 3})
    assert split["recall"] == 0.5 and split["precision"] == 1.0


@pytest.mark.django_db
def test_template_news_stay_separate_stories_in_the_database():
    outlet_a = Outlet.objects.create(name="Перше джерело", kind="online")
    outlet_b = Outlet.objects.create(name="Друге джерело", kind="online")
    base = dt.datetime(2020, 12, 31, 9, 0, tzinfo=dt.UTC)
    made = []
    for hours, outlet, number, day in [
        (0, outlet_a, "20", "31.12"),
        (1, outlet_b, "20", "31.12"),
        (2, outlet_a, "1", "31.12"),
        (3, outlet_b, "14", "31.12"),
        (4, outlet_a, "5", "30.12"),
    ]:
        text = _school(number, day)
        made.append(
            MediaItem.objects.create(
                outlet=outlet,
                title=text.split("\n")[0],
                text=text.split("\n")[1],
                published_at=base + dt.timedelta(hours=hours),
                mentions_city=True,
                status=Relevance.NEW,
            )
        )
    assert group_reprints([x.pk for x in made]) == 4
    for x in made:
        x.refresh_from_db()
    assert made[0].story_id == made[1].story_id
    assert len({x.story_id for x in made}) == 4


@pytest.mark.django_db
def test_the_demos_stories_are_each_one_event():
    """Every item of a demo story names the same school, street and date as its first item."""
    stories: dict[int, set[tuple]] = {}
    for story_id, title in MediaItem.objects.filter(
        url__startswith="https://demo-media.example/"
    ).values_list("story_id", "title"):
        stories.setdefault(story_id, set()).add(tuple(sorted(identifiers(title).items())))
    assert len(stories) > 300
    assert all(len(marks) == 1 for marks in stories.values())
