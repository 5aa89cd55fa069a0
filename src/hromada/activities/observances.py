"""Hromada's built-in list of Ukrainian state holidays, memorial, state and professional days.

Loaded by migration and by `services.load_builtin_observances()`; staff edit it in the admin
(turn entries off, change the reminder, add the city's own dates). Sources: the Labour Code
of Ukraine, Art. 73 (public holidays, as amended by Law 3005-IX of 14.07.2023, which moved
Christmas to 25 December only, Statehood Day to 15 July and Defenders' Day to 1 October) and
the President's decrees establishing each memorial and professional day. See
`observance_rules` for the date rules and the 2023 calendar change.
"""

from __future__ import annotations

from typing import Any

LABOUR_CODE = "КЗпП України, ст. 73"


def _fixed(key: str, name: str, kind: str, month: int, day: int, **extra: Any) -> dict[str, Any]:
    return {
        "key": key,
        "name": name,
        "kind": kind,
        "rule": "fixed",
        "month": month,
        "day": day,
        **extra,
    }


def _nth(
    key: str, name: str, kind: str, month: int, weekday: int, nth: int, **extra: Any
) -> dict[str, Any]:
    return {
        "key": key,
        "name": name,
        "kind": kind,
        "rule": "nth_weekday",
        "month": month,
        "weekday": weekday,
        "nth": nth,
        **extra,
    }


def _easter(key: str, name: str, kind: str, offset: int, **extra: Any) -> dict[str, Any]:
    return {
        "key": key,
        "name": name,
        "kind": kind,
        "rule": "easter",
        "easter_offset": offset,
        **extra,
    }


CEREMONY = {"prepare_ceremony": True, "prepare_speech": True, "prepare_greeting": True}
GREETING = {"prepare_greeting": True}
MEMORIAL = {"prepare_ceremony": True, "prepare_speech": True}
SUN, SAT, THU = 6, 5, 3
LAST = -1

BUILTIN: list[dict[str, Any]] = [
    # State holidays (public holidays of the Labour Code, Art. 73)
    _fixed("new-year", "Новий рік", "state_holiday", 1, 1, legal_basis=LABOUR_CODE, **GREETING),
    _fixed(
        "christmas-julian",
        "Різдво Христове (7 січня)",
        "state_holiday",
        1,
        7,
        valid_to=2023,
        legal_basis=LABOUR_CODE,
        **GREETING,
    ),
    _fixed(
        "womens-day",
        "Міжнародний жіночий день",
        "state_holiday",
        3,
        8,
        legal_basis=LABOUR_CODE,
        **CEREMONY,
    ),
    _easter("easter", "Великдень (Пасха)", "state_holiday", 0, legal_basis=LABOUR_CODE, **GREETING),
    _easter("trinity", "Трійця", "state_holiday", 49, legal_basis=LABOUR_CODE, **GREETING),
    _fixed("labour-day", "День праці", "state_holiday", 5, 1, legal_basis=LABOUR_CODE, **GREETING),
    _fixed(
        "victory-day",
        "День перемоги над нацизмом у Другій світовій війні",
        "state_holiday",
        5,
        9,
        valid_to=2023,
        legal_basis=LABOUR_CODE,
        **CEREMONY,
    ),
    _fixed(
        "remembrance-victory-day",
        "День пам'яті та перемоги над нацизмом у Другій світовій війні 1939–1945 років",
        "state_holiday",
        5,
        8,
        valid_from=2024,
        legal_basis=LABOUR_CODE,
        **CEREMONY,
    ),
    _fixed(
        "constitution-day",
        "День Конституції України",
        "state_holiday",
        6,
        28,
        legal_basis=LABOUR_CODE,
        **CEREMONY,
    ),
    _fixed(
        "statehood-day-2022",
        "День Української Державності",
        "state_holiday",
        7,
        28,
        valid_from=2022,
        valid_to=2023,
        legal_basis=LABOUR_CODE,
        **CEREMONY,
    ),
    _fixed(
        "statehood-day",
        "День Української Державності",
        "state_holiday",
        7,
        15,
        valid_from=2024,
        legal_basis=LABOUR_CODE,
        **CEREMONY,
    ),
    _fixed(
        "independence-day",
        "День Незалежності України",
        "state_holiday",
        8,
        24,
        legal_basis=LABOUR_CODE,
        **CEREMONY,
    ),
    _fixed(
        "defenders-day-oct14",
        "День захисників і захисниць України",
        "state_holiday",
        10,
        14,
        valid_from=2015,
        valid_to=2022,
        legal_basis=LABOUR_CODE,
        **CEREMONY,
    ),
    _fixed(
        "defenders-day",
        "День захисників і захисниць України",
        "state_holiday",
        10,
        1,
        valid_from=2023,
        legal_basis=LABOUR_CODE,
        **CEREMONY,
    ),
    _fixed(
        "christmas",
        "Різдво Христове",
        "state_holiday",
        12,
        25,
        valid_from=2017,
        legal_basis=LABOUR_CODE,
        **GREETING,
    ),
    # State and memorial days
    _fixed("unity-day", "День Соборності України", "state_day", 1, 22, **CEREMONY),
    _fixed("kruty-heroes", "День пам'яті Героїв Крут", "memorial_day", 1, 29, **MEMORIAL),
    _fixed(
        "holocaust-remembrance",
        "Міжнародний день пам'яті жертв Голокосту",
        "memorial_day",
        1,
        27,
        **MEMORIAL,
    ),
    _fixed(
        "afghan-veterans",
        "День вшанування учасників бойових дій на території інших держав",
        "memorial_day",
        2,
        15,
        **MEMORIAL,
    ),
    _fixed("heavenly-hundred", "День Героїв Небесної Сотні", "memorial_day", 2, 20, **MEMORIAL),
    _fixed("chornobyl-day", "День Чорнобильської трагедії", "memorial_day", 4, 26, **MEMORIAL),
    _fixed(
        "remembrance-reconciliation",
        "День пам'яті та примирення",
        "memorial_day",
        5,
        8,
        valid_to=2023,
        **MEMORIAL,
    ),
    _nth("vyshyvanka-day", "День вишиванки", "state_day", 5, THU, 3),
    _nth("mothers-day", "День матері", "state_day", 5, SUN, 2, **GREETING),
    _nth(
        "political-repressions",
        "День пам'яті жертв політичних репресій",
        "memorial_day",
        5,
        SUN,
        3,
        **MEMORIAL,
    ),
    _fixed(
        "crimean-tatar-genocide",
        "День пам'яті жертв геноциду кримськотатарського народу",
        "memorial_day",
        5,
        18,
    ),
    _fixed("children-day", "Міжнародний день захисту дітей", "state_day", 6, 1, **GREETING),
    _fixed(
        "mourning-day",
        "День скорботи і вшанування пам'яті жертв війни в Україні",
        "memorial_day",
        6,
        22,
        **MEMORIAL,
    ),
    _fixed("flag-day", "День Державного Прапора України", "state_day", 8, 23, **CEREMONY),
    _fixed(
        "defenders-remembrance",
        "День пам'яті захисників України, які загинули в боротьбі за незалежність, "
        "суверенітет і територіальну цілісність України",
        "memorial_day",
        8,
        29,
        **MEMORIAL,
    ),
    _fixed(
        "liberation-from-nazis",
        "День вигнання нацистських окупантів з України",
        "memorial_day",
        10,
        28,
        **MEMORIAL,
    ),
    _fixed("dignity-freedom", "День Гідності та Свободи", "state_day", 11, 21, **CEREMONY),
    _nth(
        "holodomor-remembrance",
        "День пам'яті жертв голодоморів",
        "memorial_day",
        11,
        SAT,
        4,
        **MEMORIAL,
    ),
    _fixed("armed-forces-day", "День Збройних Сил України", "state_day", 12, 6, **GREETING),
    _fixed(
        "local-government-day",
        "День місцевого самоврядування",
        "professional_day",
        12,
        7,
        **GREETING,
    ),
    _fixed(
        "chornobyl-liquidators",
        "День вшанування учасників ліквідації наслідків аварії на Чорнобильській АЕС",
        "memorial_day",
        12,
        14,
        **MEMORIAL,
    ),
    # Professional days the office greets
    _fixed("journalists-day", "День журналіста", "professional_day", 6, 6, **GREETING),
    _nth(
        "medical-workers-day",
        "День медичного працівника",
        "professional_day",
        6,
        SUN,
        3,
        **GREETING,
    ),
    _nth("miners-day", "День шахтаря", "professional_day", 8, SUN, LAST, **GREETING),
    _fixed("rescuers-day", "День рятувальника", "professional_day", 9, 17, **GREETING),
    _fixed(
        "culture-workers-day",
        "День працівників культури та майстрів народного мистецтва",
        "professional_day",
        11,
        9,
        **GREETING,
    ),
    _fixed("police-day", "День Національної поліції України", "professional_day", 7, 4, **GREETING),
    _nth("youth-day-june", "День молоді", "state_day", 6, SUN, LAST, valid_to=2020, **GREETING),
    _fixed("youth-day", "День молоді", "state_day", 8, 12, valid_from=2021, **GREETING),
    _nth(
        "physical-culture-day",
        "День фізичної культури і спорту",
        "professional_day",
        9,
        SAT,
        2,
        **GREETING,
    ),
]
