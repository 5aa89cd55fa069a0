"""The Ukrainian stemmer and search: index and query reduce words the same way."""

from __future__ import annotations

import datetime as dt

import pytest

from hromada.acts import search, services
from hromada.acts.models import Act
from tests.acts.support import docx, file_input, pdf


def _matches(query: str, text: str) -> bool:
    """What both databases do: every query word has an alternative beginning a stem."""
    document = search.document([text])
    return all(any(f" {alt}" in document for alt in term) for term in search.query_terms(query))


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
    assert _matches(query, text), (query, search.document([text]))


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("бюджет", "податок на нерухоме майно"),
        ("тариф", "тривога"),
        ("школа", "шкіра"),
    ],
)
def test_other_words_do_not_match(query: str, text: str) -> None:
    assert not _matches(query, text)


# Alternations the endings alone cannot join: a vowel inserted or dropped in the stem.
ALTERNATIONS = [
    ("зупинка", "ремонт зупинок громадського транспорту"),
    ("зупинок", "облаштування зупинки на вулиці"),
    ("вікно", "заміна вікон у школі"),
    ("вікон", "встановлення вікна"),
    ("сестра", "премія медичним сестрам та сестер милосердя"),
    ("сестер", "медична сестра"),
    ("рішення", "перелік рішень"),
    ("рішень", "текст рішення"),
    ("рік", "протягом року"),
    ("року", "наступний рік"),
]


@pytest.mark.parametrize(("query", "text"), ALTERNATIONS)
def test_vowel_alternations_match(query: str, text: str) -> None:
    assert _matches(query, text), (query, search.query_terms(query), search.document([text]))


def test_lemmas_join_without_broadening_unknown_words() -> None:
    assert search.lemmas("зупинок") == {"зупинка"}
    assert search.query_terms("зупинок") == [("зупинк", "зупинок")]
    assert search.query_terms("вікон") == [("вікн", "вікон")]
    # a word being typed is not guessed at: its plain stem only
    assert search.lemmas("бюдж") == frozenset()
    assert not _matches("зупинка", "зупин руху")
    # a pronoun's short lemma ("мене" → "я") does not turn into a prefix of every word
    assert all(len(alt) >= search.MIN_STEM for term in search.query_terms("мене") for alt in term)
    assert not _matches("мене", "ярмарок")


def test_stems_are_lowercase_and_ignore_apostrophes() -> None:
    assert search.stems("ПАМ’ЯТІ памʼять") == search.stems("пам'яті пам'ять")
    assert search.words("Сім’ї") == ["сімї"]
    assert search.stem("2020") == "2020"
    assert search.query_terms("") == []


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "text"), ALTERNATIONS)
def test_alternations_find_acts_on_this_database(query: str, text: str) -> None:
    act = services.create_act(
        kind="executive_decision",
        number="ALT-1",
        date=dt.date(2020, 5, 5),
        title=f"Про {text}",
        published_on=dt.date(2020, 5, 6),
    )
    assert list(search.matching(Act.objects.filter(number="ALT-1"), query)) == [act]
    assert list(search.matching(Act.objects.filter(number="ALT-1"), f"{query} бюджету")) == []


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


@pytest.mark.django_db
def test_site_search_joins_alternations_in_acts(client) -> None:  # type: ignore[no-untyped-def]
    services.create_act(
        kind="executive_decision",
        number="ALT-2",
        date=dt.date(2020, 5, 5),
        title="Про облаштування зупинки громадського транспорту",
        published_on=dt.date(2020, 5, 6),
    )
    html = client.get("/search/", {"q": "зупинок"}).content.decode()
    assert "Про облаштування зупинки громадського транспорту" in html
    assert "ALT-2" in html
