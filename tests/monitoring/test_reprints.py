"""Reprint grouping: rewritten leads join, a shared quoted paragraph does not."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hromada.monitoring.models import MediaItem, Outlet, Relevance
from hromada.monitoring.pipeline import group_reprints
from hromada.monitoring.reprints import ReprintIndex, jaccard, shingles

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
