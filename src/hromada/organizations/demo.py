"""The demo city's register: organizations whose numbers on 31 December 2014–2020 are the
seed report's table, and the three public register pages under "Громадянське суспільство".

Deterministic (a seeded generator) and idempotent: organizations are matched by EDRPOU code.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TextIO

from hromada.core.validators import edrpou_check_digit
from hromada.organizations.models import Organization, OrganizationRegisterPage
from hromada.organizations.records import Kind, Source

# The seed report's table: organizations registered at 31 December of each year.
SEED_YEARS = tuple(range(2014, 2021))
SEED_TABLE: dict[str, tuple[int, ...]] = {
    Kind.PARTY_UNIT: (81, 88, 88, 88, 93, 96, 96),
    Kind.NGO: (98, 100, 100, 137, 149, 157, 154),
    Kind.RELIGIOUS: (33, 33, 33, 36, 39, 39, 34),
}
# Organizations registered in a year and also terminated in it, on top of the net change,
# so that the registered/terminated figures are not just the difference.
CHURN: dict[str, dict[int, int]] = {
    Kind.PARTY_UNIT: {2016: 1, 2020: 2},
    Kind.NGO: {2015: 2, 2016: 3, 2019: 1, 2020: 4},
    Kind.RELIGIOUS: {2018: 1},
}
REGISTER_PAGES = [
    ("Політичні партії", Kind.PARTY_UNIT, "Осередки політичних партій, зареєстровані в місті."),
    ("Громадські організації", Kind.NGO, "Громадські організації та спілки міста."),
    ("Релігійні організації", Kind.RELIGIOUS, "Релігійні громади та організації міста."),
]
LEGAL_FORMS: dict[str, str] = {
    Kind.PARTY_UNIT: "структурне утворення політичної партії",
    Kind.NGO: "громадська організація",
    Kind.RELIGIOUS: "релігійна організація",
}
SECTION_TITLE = "Громадянське суспільство"

PARTIES = [
    "Слуга народу",
    "Європейська Солідарність",
    "Батьківщина",
    "Голос",
    "Опозиційна платформа — За життя",
    "Радикальна партія Олега Ляшка",
    "Самопоміч",
    "Свобода",
    "Громадянська позиція",
    "Українська стратегія Гройсмана",
    "За майбутнє",
    "Пропозиція",
    "Наш край",
    "Аграрна партія України",
    "Сила і честь",
    "Народний фронт",
    "УДАР Віталія Кличка",
    "Соціалістична партія України",
    "Партія Шарія",
    "Опозиційний блок",
    "Відродження",
    "Рідне місто",
    "Довіра",
    "Україна — єдина країна",
    "Демократичний альянс",
    "Партія зелених України",
    "Сила людей",
    "Національний корпус",
    "Правий сектор",
    "Громадський рух «Народний контроль»",
    "Нові обличчя",
    "Українське об'єднання патріотів — УКРОП",
    "Європейська партія України",
    "Християнсько-демократичний союз",
    "Партія пенсіонерів України",
    "Партія простих людей",
    "Державна ініціатива Яроша",
    "Основа",
    "Єдина Альтернатива",
    "Розумна сила",
    "Партія ветеранів Афганістану",
    "Українська галицька партія",
    "Народний рух України",
    "Конгрес українських націоналістів",
    "Трудова Україна",
    "Справедливість",
    "Громадська сила",
    "Сила права",
    "Молодь до влади",
    "Партія вільних демократів",
]
NGO_NAMES = [
    "Ветерани АТО Лисичанська",
    "Спілка учасників бойових дій",
    "Лисичанськ — місто майбутнього",
    "Молодіжна рада Лисичанська",
    "Жінки Донбасу",
    "Чорнобиль-Лисичанськ",
    "Союз афганців",
    "Спортивний клуб «Хімік»",
    "Федерація футболу міста",
    "Федерація боксу",
    "Шахтарська слава",
    "Відкрите місто",
    "Діти — наше майбутнє",
    "Лисичанська спілка інвалідів",
    "Надія",
    "Світанок",
    "Добрі сусіди",
    "Мистецька толока",
    "Екологічна варта",
    "Зелений Донець",
    "Клуб любителів історії",
    "Краєзнавче товариство «Лисичанська старовина»",
    "Правозахисна група «Схід»",
    "Переселенці Луганщини",
    "Рада батьків",
    "Асоціація ОСББ міста",
    "Туристичний клуб «Бахмутський шлях»",
    "Козацька громада",
    "Просвіта",
    "Українська мова в Лисичанську",
    "Центр громадських ініціатив",
    "Агенція розвитку громади",
    "Волонтерська сотня",
    "Фонд підтримки підприємців",
    "Творчі люди",
    "Клуб шахістів",
    "Рух молоді Донбасу",
    "Ліга студентів",
    "Спілка ветеранів праці",
    "Товариство Червоного Хреста (міська організація)",
]
NGO_PREFIXES = ["", "Молодіжна ", "Міська ", "Жіноча ", "Спортивна "]
CHURCHES = [
    "Православної церкви України",
    "Української православної церкви",
    "Української греко-католицької церкви",
    "Римсько-католицької церкви",
    "Євангельських християн-баптистів",
    "Християн віри євангельської",
    "Церкви адвентистів сьомого дня",
]
PARISHES = [
    "Святого Миколая",
    "Святого Володимира",
    "Покрови Пресвятої Богородиці",
    "Святої Трійці",
    "Різдва Христового",
    "Святого Георгія",
    "Успіння Пресвятої Богородиці",
    "Святого Архистратига Михаїла",
    "Святих Петра і Павла",
    "Вознесіння Господнього",
]
SURNAMES = [
    "Бондаренко",
    "Ткаченко",
    "Коваленко",
    "Шевченко",
    "Кравченко",
    "Олійник",
    "Мельник",
    "Савченко",
    "Руденко",
    "Мороз",
    "Лисенко",
    "Гончаренко",
    "Марченко",
    "Поліщук",
    "Литвиненко",
    "Бойко",
    "Павленко",
    "Кузьменко",
]
GIVEN = ["Олександр", "Ірина", "Сергій", "Наталія", "Віктор", "Олена", "Андрій", "Тетяна"]
PATRONYMIC = ["Іванович", "Петрівна", "Миколайович", "Василівна", "Олегович", "Сергіївна"]
STREETS = [
    "Грушевського",
    "Гетьманська",
    "Сосюри",
    "Героїв Небесної Сотні",
    "Незалежності",
    "Машинобудівників",
    "Першотравнева",
    "Свободи",
    "Шкільна",
    "Заводська",
]


def _names(kind: str, count: int, rng: random.Random) -> list[str]:
    names: list[str] = []
    if kind == Kind.PARTY_UNIT:
        for party in PARTIES:
            names.append(f"Лисичанська міська організація політичної партії «{party}»")
        number = 1
        while len(names) < count:
            party = PARTIES[(number - 1) % len(PARTIES)]
            names.append(
                f"Первинна організація № {number} Лисичанської міської організації "
                f"політичної партії «{party}»"
            )
            number += 1
    elif kind == Kind.NGO:
        for prefix in NGO_PREFIXES:
            for base in NGO_NAMES:
                names.append(f"Громадська організація «{prefix}{base}»".replace("« ", "«"))
    else:
        for church in CHURCHES:
            for parish in PARISHES:
                names.append(f"Релігійна громада парафії {parish} {church} м. Лисичанська")
    rng.shuffle(names)
    if len(names) < count:
        raise ValueError(f"not enough demo names for {kind}")
    return names[:count]


def _edrpou(rng: random.Random, used: set[str]) -> str:
    while True:
        first = rng.choice("234")
        stem = first + "".join(rng.choice("0123456789") for _ in range(6))
        code = stem + str(edrpou_check_digit(stem))
        if code not in used:
            used.add(code)
            return code


def _day(rng: random.Random, year: int, *, after: dt.date | None = None) -> dt.date:
    start = dt.date(year, 1, 1) if after is None else after
    end = dt.date(year, 12, 31)
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def demo_organizations() -> list[Organization]:
    """The organizations, unsaved, in a stable order."""
    rng = random.Random(2020)  # noqa: S311 - demo data, not security
    used: set[str] = set()
    result: list[Organization] = []
    for kind, counts in SEED_TABLE.items():
        # (registered_on, terminated_on) for every organization of the kind.
        plan: list[list[dt.date | None]] = []
        for _ in range(counts[0]):
            plan.append([_day(rng, rng.randrange(1996, 2014)), None])
        previous = counts[0]
        for year, count in zip(SEED_YEARS[1:], counts[1:], strict=True):
            churn = CHURN[kind].get(year, 0)
            for _ in range(churn):
                born = _day(rng, year)
                plan.append([born, _day(rng, year, after=born)])
            change = count - previous
            if change > 0:
                for _ in range(change):
                    plan.append([_day(rng, year), None])
            elif change < 0:
                alive = [
                    entry
                    for entry in plan
                    if entry[1] is None and entry[0] is not None and entry[0].year < year
                ]
                for dying in rng.sample(alive, -change):
                    dying[1] = _day(rng, year)
            previous = count
        names = _names(kind, len(plan), rng)
        for (registered, terminated), name in zip(plan, names, strict=True):
            head = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)} {rng.choice(PATRONYMIC)}"
            legal_form = LEGAL_FORMS[kind]
            result.append(
                Organization(
                    kind=str(kind),
                    name=name,
                    edrpou=_edrpou(rng, used),
                    legal_form=legal_form,
                    registered_on=registered,
                    terminated_on=terminated,
                    status="припинено" if terminated else "зареєстровано",
                    address=(
                        f"93100, Луганська обл., м. Лисичанськ, вул. {rng.choice(STREETS)}, "
                        f"{rng.randrange(1, 120)}"
                    ),
                    head=head,
                    parent_name=name.split("«", 1)[1].rstrip("»")
                    if kind == Kind.PARTY_UNIT
                    else "",
                    source=Source.EDR.value,
                )
            )
    return result


def load(*, stdout: TextIO) -> None:
    from hromada.portal.demo import ESTABLISHED, child
    from hromada.portal.models import HomePage, SectionPage

    organizations = demo_organizations()
    existing = set(
        Organization.objects.filter(edrpou__in=[o.edrpou for o in organizations]).values_list(
            "edrpou", flat=True
        )
    )
    new = [o for o in organizations if o.edrpou not in existing]
    Organization.objects.bulk_create(new, batch_size=500)

    home = HomePage.objects.first()
    section = (
        SectionPage.objects.child_of(home).filter(title=SECTION_TITLE).first() if home else None
    )
    pages = 0
    if section is not None:
        for number, (title, kind, intro) in enumerate(REGISTER_PAGES):
            child(
                section,
                OrganizationRegisterPage,
                title=title,
                when=ESTABLISHED + dt.timedelta(days=91 + number),
                kind=kind.value,
                intro=f"<p>{intro}</p>",
            )
            pages += 1
    stdout.write(
        f"{len(new)} organizations added ({len(organizations)} in the demo), "
        f"{pages} register pages\n"
    )
