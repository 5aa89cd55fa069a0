"""The city's word forms and mention matching: inflections, demonyms, aliases, look-alikes."""

from __future__ import annotations

import pytest

from hromada.monitoring.matching import (
    Matcher,
    alias_stems,
    citations,
    snippet,
    stems_for,
    word_forms,
)


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    forms = word_forms("Лисичанськ")
    aliases = ["Лисичанск", "Lysychansk"]
    return Matcher([*forms, *aliases], stems=[*stems_for("Лисичанськ"), *alias_stems(aliases)])


def test_forms_cover_the_name_the_adjective_and_the_demonyms():
    forms = set(word_forms("Лисичанськ"))
    assert {"лисичанськ", "лисичанська", "лисичанську", "лисичанськом"} <= forms
    assert {"лисичанський", "лисичанської", "лисичанськими"} <= forms
    assert {"лисичанець", "лисичанці", "лисичанців", "лисичанка"} <= forms


def test_multiword_names_are_inflected_in_agreement():
    forms = set(word_forms("Нова Каховка"))
    assert {"нова каховка", "нової каховки", "новій каховці", "новою каховкою"} <= forms


def test_vowel_final_names_get_their_adjective():
    forms = set(word_forms("Одеса"))
    assert {"одеса", "одесі", "одеський", "одеської"} <= forms
    assert "одесса" not in forms


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("У Лисичанську відкрили сквер", "Лисичанську"),
        ("ЛИСИЧАНСЬКА МІСЬКА РАДА повідомляє", "ЛИСИЧАНСЬКА"),
        ("Лисичанськими вулицями пройшла хода", "Лисичанськими"),
        ("Лисичанці вийшли на толоку", "Лисичанці"),
        ("серед лисичанців багато переселенців", "лисичанців"),
        ("відома лисичанка стала чемпіонкою", "лисичанка"),
        ("В Лисичанске прошел митинг", "Лисичанске"),
        ("News from Lysychansk today", "Lysychansk"),
        ("траса Лисичанськ-Рубіжне", "Лисичанськ"),
        ("«Лисичанськ»: футбольний клуб", "Лисичанськ"),
    ],
)
def test_finds_inflected_forms_on_word_boundaries(matcher, text, found):
    assert [match.text for match in matcher.find(text)] == [found]


@pytest.mark.parametrize(
    "text",
    [
        "Народний депутат Лисиченко заявив",
        "Лисичанов виступив на з'їзді",
        "лисиця перебігла дорогу",
        "Сєвєродонецьк і Рубіжне готуються до зими",
        "prelysychanskx is not a word",
    ],
)
def test_does_not_fire_on_look_alikes(matcher, text):
    assert matcher.find(text) == []


def test_excluded_words_are_ignored():
    forms = word_forms("Лисичанськ")
    plain = Matcher(forms)
    assert plain.find("Лисичанка — прізвище героїні")
    excluding = Matcher(forms, excluded=["Лисичанка"])
    assert excluding.find("Лисичанка — прізвище героїні") == []
    assert excluding.find("у Лисичанську")


def test_an_empty_matcher_finds_nothing():
    empty = Matcher([])
    assert not empty
    assert empty.find("Лисичанськ") == []


def test_snippet_highlights_and_escapes():
    text = "Початок <b>тексту</b>. " + "слово " * 40 + "У Лисичанську відбулося свято. Кінець."
    match = Matcher(["лисичанську"]).find(text)[0]
    html = snippet(text, match, width=30)
    assert "<mark>Лисичанську</mark>" in html
    assert "<b>" not in html
    assert html.startswith("… ")


def test_citations_by_link_phrase_and_domain():
    evidence = citations(
        text="Як повідомив відділ з питань внутрішньої політики міської ради, подробиці на "
        "сайті lysychansk.gov.ua.",
        links=[
            "https://www.lysychansk.gov.ua/news/1",
            "https://rada.lysychansk.gov.ua/a",
            "https://notlysychansk.gov.ua.evil/",
        ],
        domains=["lysychansk.gov.ua"],
        phrases=["Відділ з питань внутрішньої політики"],
    )
    kinds = [(e["kind"], e["value"]) for e in evidence]
    assert ("link", "https://www.lysychansk.gov.ua/news/1") in kinds
    assert ("link", "https://rada.lysychansk.gov.ua/a") in kinds
    assert all("evil" not in value for _, value in kinds)
    assert ("phrase", "Відділ з питань внутрішньої політики") in kinds
    assert ("phrase", "lysychansk.gov.ua") in kinds


def test_no_citation_without_evidence():
    assert (
        citations(
            text="Новина без посилань",
            links=["https://example.com/x"],
            domains=["lysychansk.gov.ua"],
            phrases=["відділ з питань"],
        )
        == []
    )
