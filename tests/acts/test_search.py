"""The Ukrainian stemmer and search: index and query reduce words the same way."""

from __future__ import annotations

import datetime as dt

import pytest

from hromada.acts import search, services
from hromada.acts.models import Act
from tests.acts.support import docx, file_input, pdf


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("бюджет", "зміни до бюджету міста"),
        ("бюджет", "перерозподіл бюджетних призначень"),
        ("бюджет", "видатки бюджетного закладу"),
        ("бюджету", "міський бюджет"),
        ("програма", "затвердження програми розвитку"),
        ("програми", "міська програма"),
        ("рішення", "відповідно до рішень сесії"),
        ("рішень", "проєкт рішення"),
        ("міська", "засідання міської ради"),
        ("ради", "сесія міської ради"),
        ("Енергоаудиту", "енергоаудит будівель"),
        ("сім’ї", "допомога сім'ям з дітьми"),
    ],
)
def test_inflected_forms_match(query: str, text: str) -> None:
    document = search.document([text])
    assert all(f" {term}" in document for term in search.query_terms(query)), (query, document)


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("бюджет", "податок на нерухоме майно"),
        ("тариф", "тривога"),
        ("школа", "шкіра"),
    ],
)
def test_other_words_do_not_match(query: str, text: str) -> None:
    document = search.document([text])
    assert not all(f" {term}" in document for term in search.query_terms(query))


def test_stems_are_lowercase_and_ignore_apostrophes() -> None:
    assert search.stems("ПАМ’ЯТІ памʼять") == search.stems("пам'яті пам'ять")
    assert search.words("Сім’ї") == ["сімї"]
    assert search.stem("2020") == "2020"
    assert search.query_terms("") == []


@pytest.mark.django_db
def test_a_word_only_in_the_attached_file_finds_the_act_in_an_inflected_form() -> None:
    act = services.create_act(
        kind="executive_decision",
        number="T-1",
        date=dt.date(2020, 5, 5),
        title="Про підготовку закладів до зими",
        published_on=dt.date(2020, 5, 6),
        files=[
            file_input(
                "rishennia.pdf",
                pdf("Рішення", "Провести теплоізоляцію та заміну вікон у будівлях гімназій."),
            )
        ],
    )
    found = search.matching(Act.objects.all(), "теплоізоляція")
    assert list(found) == [act]
    assert list(search.matching(Act.objects.all(), "будівля гімназія")) == [act]
    assert not search.matching(Act.objects.all(), "теплоізоляція стадіону").exists()


@pytest.mark.django_db
def test_docx_text_is_searchable_and_the_demo_budget_word_finds_inflections() -> None:
    act = services.create_act(
        kind="council_decision",
        number="T-2/1",
        date=dt.date(2020, 6, 1),
        title="Про внесення змін",
        published_on=dt.date(2020, 6, 2),
        files=[file_input("zminy.docx", docx("Зміни", "Зменшити обсяг бюджетних асигнувань."))],
    )
    assert act in search.matching(Act.objects.all(), "бюджет")
    assert act in search.matching(Act.objects.all(), "асигнування")
