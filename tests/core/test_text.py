"""core.text: the official transliteration (Cabinet resolution 55 of 27.01.2010) and
Ukrainian alphabetical order; core.db: the same order in the database."""

from __future__ import annotations

import unicodedata

import pytest

from hromada.core.text import UKRAINIAN_ALPHABET, sort_key, transliterate

# The examples printed in the resolution's own table.
RESOLUTION_EXAMPLES = [
    ("Алушта", "alushta"),
    ("Андрій", "andrii"),
    ("Борщагівка", "borshchahivka"),
    ("Вінниця", "vinnytsia"),
    ("Гадяч", "hadiach"),
    ("Богдан", "bohdan"),
    ("Згурський", "zghurskyi"),
    ("Ґалаґан", "galagan"),
    ("Горгани", "horhany"),
    ("Дон", "don"),
    ("Донецьк", "donetsk"),
    ("Рівне", "rivne"),
    ("Олег", "oleh"),
    ("Есмань", "esman"),
    ("Єнакієве", "yenakiieve"),
    ("Гаєвич", "haievych"),
    ("Короп'є", "koropie"),
    ("Житомир", "zhytomyr"),
    ("Жанна", "zhanna"),
    ("Жежелів", "zhezheliv"),
    ("Закарпаття", "zakarpattia"),
    ("Казимирчук", "kazymyrchuk"),
    ("Медвин", "medvyn"),
    ("Михайленко", "mykhailenko"),
    ("Іванків", "ivankiv"),
    ("Іващенко", "ivashchenko"),
    ("Їжакевич", "yizhakevych"),
    ("Кадиївка", "kadyivka"),
    ("Мар'їне", "marine"),
    ("Йосипівка", "yosypivka"),
    ("Стрий", "stryi"),
    ("Олексій", "oleksii"),
    ("Київ", "kyiv"),
    ("Коваленко", "kovalenko"),
    ("Лебедин", "lebedyn"),
    ("Леонід", "leonid"),
    ("Миколаїв", "mykolaiv"),
    ("Маринич", "marynych"),
    ("Ніжин", "nizhyn"),
    ("Наталія", "nataliia"),
    ("Одеса", "odesa"),
    ("Онищенко", "onyshchenko"),
    ("Полтава", "poltava"),
    ("Петро", "petro"),
    ("Решетилівка", "reshetylivka"),
    ("Рибчинський", "rybchynskyi"),
    ("Суми", "sumy"),
    ("Соломія", "solomiia"),
    ("Тернопіль", "ternopil"),
    ("Троць", "trots"),
    ("Ужгород", "uzhhorod"),
    ("Уляна", "uliana"),
    ("Фастів", "fastiv"),
    ("Філіпчук", "filipchuk"),
    ("Харків", "kharkiv"),
    ("Христина", "khrystyna"),
    ("Біла Церква", "bila tserkva"),
    ("Стеценко", "stetsenko"),
    ("Чернівці", "chernivtsi"),
    ("Шевченко", "shevchenko"),
    ("Шостка", "shostka"),
    ("Кишеньки", "kyshenky"),
    ("Щербухи", "shcherbukhy"),
    ("Гоща", "hoshcha"),
    ("Гаращенко", "harashchenko"),
    ("Юрій", "yurii"),
    ("Корюківка", "koriukivka"),
    ("Яготин", "yahotyn"),
    ("Ярошенко", "yaroshenko"),
    ("Костянтин", "kostiantyn"),
    ("Знам'янка", "znamianka"),
    ("Феодосія", "feodosiia"),
]


@pytest.mark.parametrize(("ukrainian", "latin"), RESOLUTION_EXAMPLES)
def test_resolution_examples(ukrainian: str, latin: str) -> None:
    assert transliterate(ukrainian) == latin


@pytest.mark.parametrize(
    ("ukrainian", "latin"),
    [
        ("Згорани", "zghorany"),  # зг → zgh, so it is not read as ж
        ("Розгон", "rozghon"),
        ("ЗГОРАНИ", "zghorany"),
        ("Лисичанськ", "lysychansk"),  # the soft sign is dropped
        ("Сєвєродонецьк", "sievierodonetsk"),
        ("Знам’янка", "znamianka"),  # typographic apostrophe
        ("Знамʼянка", "znamianka"),  # modifier-letter apostrophe (the official one)
        ("Єва", "yeva"),
        ("Їжак", "yizhak"),
        ("Йосип", "yosyp"),
        ("Юрій", "yurii"),
        ("Яблуко", "yabluko"),
        ("День Соборності України", "den sobornosti ukrainy"),
        ("вул. Їжакевича, 7", "vul. yizhakevycha, 7"),  # word start after punctuation and a space
        ("(Яготин)", "(yahotyn)"),
        ("310-та річниця", "310-ta richnytsia"),
        ("Smart City", "smart city"),  # Latin letters stay
    ],
)
def test_transliteration_rules(ukrainian: str, latin: str) -> None:
    assert transliterate(ukrainian) == latin


def test_transliteration_of_decomposed_letters() -> None:
    decomposed = unicodedata.normalize("NFD", "Їжак і йод")
    assert decomposed != "Їжак і йод"
    assert transliterate(unicodedata.normalize("NFC", decomposed)) == "yizhak i yod"


def test_transliteration_is_ascii_for_every_ukrainian_letter() -> None:
    result = transliterate(UKRAINIAN_ALPHABET + UKRAINIAN_ALPHABET.upper())
    assert result.isascii()
    assert result == result.lower()


def test_sort_key_orders_ukrainian_words() -> None:
    words = ["Яблуко", "Ґанок", "Їжак", "Єва", "Іван", "Гора", "Ерик", "Вода"]
    assert sorted(words, key=sort_key) == [
        "Вода",
        "Гора",
        "Ґанок",
        "Ерик",
        "Єва",
        "Іван",
        "Їжак",
        "Яблуко",
    ]
    # Python's own (code point) order puts Є, І, Ї before А and Ґ after Я.
    assert sorted(words) == ["Єва", "Іван", "Їжак", "Вода", "Гора", "Ерик", "Яблуко", "Ґанок"]


def test_sort_key_follows_the_whole_alphabet() -> None:
    letters = list(UKRAINIAN_ALPHABET)
    shuffled = letters[::-1]
    assert sorted(shuffled, key=sort_key) == letters
    assert UKRAINIAN_ALPHABET == "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["сім'я", "сімка", "сім"], ["сім", "сімка", "сім'я"]),  # apostrophe ignored: сімка < сімя
        (["Бюджет", "бюджет 2020", "Біла"], ["Біла", "Бюджет", "бюджет 2020"]),
        (["Ґудзь", "гудзь", "Гуляйполе"], ["гудзь", "Гуляйполе", "Ґудзь"]),
        (["Ківерці", "Кирилівка", "Київ"], ["Київ", "Кирилівка", "Ківерці"]),  # ї < р; и < і
        (["Лисичанськ", "Lysychansk", "2020"], ["2020", "Лисичанськ", "Lysychansk"]),
    ],
)
def test_sort_key_cases(words: list[str], expected: list[str]) -> None:
    assert sorted(words, key=sort_key) == expected


def test_sort_key_ignores_case_and_normalisation() -> None:
    assert sort_key("ЇЖАК") == sort_key("їжак") == sort_key(unicodedata.normalize("NFD", "Їжак"))


@pytest.mark.django_db
def test_database_orders_categories_in_ukrainian() -> None:
    from hromada.core.db import ukrainian
    from hromada.portal.models import NewsCategory

    for name in ["Їжаки", "Єдність", "Ґрунти", "Гори", "Яр"]:
        NewsCategory.objects.create(name=name, slug=transliterate(name))
    names = list(NewsCategory.objects.order_by(ukrainian("name")).values_list("name", flat=True))
    assert names == sorted(names, key=sort_key)
    assert (
        names.index("Гори")
        < names.index("Ґрунти")
        < names.index("Єдність")
        < names.index("Їжаки")
        < names.index("Яр")
    )
