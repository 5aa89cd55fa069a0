"""The demo city's open-data catalogue: the council and its departments as publishers, a
realistic set of datasets modelled on Resolution 835's list for local self-government
bodies (with small generated CSV files, versions through 2020 and a current upload), the
live organizations register, and the "Відкриті дані" page under "Доступ до публічної
інформації".

Deterministic (a seeded generator) and idempotent: datasets are matched by their name.
A few datasets are deliberately left without a current upload, so the catalogue shows the
"не оновлено вчасно" mark and the reminders have something to remind about.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from typing import TextIO

from django.utils import timezone

from hromada.core import exports
from hromada.core.validators import edrpou_check_digit
from hromada.opendata import packages, schedule, services
from hromada.opendata.models import Dataset, Publisher, Resource, TopicGroup
from hromada.opendata.slugs import slugify_name

PROZORRO_URL = "https://prozorro.gov.ua/plan/search"
SECTION_TITLE = "Доступ до публічної інформації"
PAGE_TITLE = "Відкриті дані"
PAGE_INTRO = (
    "<p>Набори даних, які міська рада та її виконавчі органи оприлюднюють у формі відкритих "
    "даних відповідно до постанови Кабінету Міністрів України від 21.10.2015 № 835. "
    "Дані можна вільно використовувати на умовах ліцензії Creative Commons Attribution 4.0.</p>"
)

# (key, title, EDRPOU stem of seven digits): the EDRPOU check digit is computed.
PUBLISHERS = [
    ("council", "Лисичанська міська рада", "3414251"),
    ("finance", "Фінансове управління Лисичанської міської ради", "0231964"),
    ("education", "Управління освіти Лисичанської міської ради", "0214275"),
    ("housing", "Управління житлово-комунального господарства", "3404611"),
    ("social", "Управління соціального захисту населення", "0319135"),
    ("architecture", "Відділ містобудування та архітектури", "3407793"),
    ("economy", "Управління економіки", "3402216"),
    ("culture", "Відділ культури", "0219138"),
    ("sport", "Відділ молоді та спорту", "3411504"),
    ("office", "Відділ з питань внутрішньої політики, зв'язку з громадськістю та ЗМІ", "3418872"),
]
GROUPS = [
    ("budget", "Бюджет і фінанси"),
    ("education", "Освіта"),
    ("health", "Охорона здоров'я"),
    ("culture", "Культура і спорт"),
    ("transport", "Транспорт"),
    ("housing", "Житлово-комунальне господарство"),
    ("land", "Містобудування і земельні відносини"),
    ("social", "Соціальний захист"),
    ("economy", "Економіка і підприємництво"),
    ("power", "Влада і прозорість"),
]
STREETS = [
    "Грушевського",
    "Героїв Небесної Сотні",
    "Сосюри",
    "Гетьманська",
    "Свободи",
    "Тополина",
    "Шевченка",
    "Незалежності",
    "Миру",
    "Садова",
    "Машинобудівників",
    "Лесі Українки",
]
M = "Щомісяця"
Q = "Щокварталу"
Y = "Щороку"
H = "Кожного півріччя"
C = "Відразу після внесення змін"

# (title, publisher, group, frequency, keywords, columns, kind of rows)
DATASETS: list[tuple[str, str, str, str, str, list[str], str]] = [
    (
        "Бюджет міста на 2020 рік",
        "finance",
        "budget",
        Y,
        "бюджет, видатки, доходи",
        ["code", "name", "amount_uah"],
        "money",
    ),
    (
        "Звіт про виконання бюджету міста",
        "finance",
        "budget",
        Q,
        "бюджет, виконання бюджету, звіт",
        ["code", "name", "plan_uah", "fact_uah"],
        "money2",
    ),
    (
        "Паспорти бюджетних програм",
        "finance",
        "budget",
        Y,
        "бюджетні програми, паспорти",
        ["kpkvk", "name", "amount_uah"],
        "money",
    ),
    (
        "Перелік розпорядників бюджетних коштів",
        "finance",
        "budget",
        Y,
        "розпорядники, бюджет",
        ["edrpou", "name", "level"],
        "orgs",
    ),
    (
        "Звіти про використання бюджетних коштів",
        "finance",
        "budget",
        Q,
        "бюджет, використання коштів",
        ["code", "name", "plan_uah", "fact_uah"],
        "money2",
    ),
    (
        "Перелік закладів загальної середньої освіти",
        "education",
        "education",
        Y,
        "школи, освіта, заклади освіти",
        ["id", "name", "address", "pupils"],
        "places",
    ),
    (
        "Перелік закладів дошкільної освіти",
        "education",
        "education",
        Y,
        "дитячі садки, освіта",
        ["id", "name", "address", "children"],
        "places",
    ),
    (
        "Мережа класів і учнів закладів освіти",
        "education",
        "education",
        Y,
        "освіта, учні, класи",
        ["school", "classes", "pupils"],
        "counts",
    ),
    (
        "Перелік закладів охорони здоров'я",
        "social",
        "health",
        Y,
        "лікарні, поліклініки, медицина",
        ["id", "name", "address", "phone"],
        "places",
    ),
    (
        "Перелік аптечних закладів, що відпускають ліки за програмою «Доступні ліки»",
        "social",
        "health",
        Q,
        "аптеки, доступні ліки",
        ["id", "name", "address", "phone"],
        "places",
    ),
    (
        "Перелік закладів культури",
        "culture",
        "culture",
        Y,
        "культура, бібліотеки, клуби",
        ["id", "name", "address", "phone"],
        "places",
    ),
    (
        "Перелік спортивних споруд",
        "sport",
        "culture",
        Y,
        "спорт, стадіони, спортивні майданчики",
        ["id", "name", "address", "capacity"],
        "places",
    ),
    (
        "План культурно-мистецьких заходів",
        "culture",
        "culture",
        M,
        "культура, заходи, афіша",
        ["date", "title", "place"],
        "events",
    ),
    (
        "Маршрути і розклад руху міського громадського транспорту",
        "housing",
        "transport",
        H,
        "транспорт, маршрути, розклад",
        ["route", "from", "to", "interval_min"],
        "routes",
    ),
    (
        "Перелік зупинок громадського транспорту",
        "housing",
        "transport",
        Y,
        "транспорт, зупинки",
        ["id", "name", "street"],
        "stops",
    ),
    (
        "Перелік об'єктів комунальної власності",
        "economy",
        "economy",
        Q,
        "комунальне майно, нерухомість",
        ["id", "name", "address", "area_m2"],
        "places",
    ),
    (
        "Перелік договорів оренди комунального майна",
        "economy",
        "economy",
        Q,
        "оренда, комунальне майно, договори",
        ["number", "tenant_edrpou", "address", "rent_uah"],
        "leases",
    ),
    (
        "Перелік комунальних підприємств, установ та організацій",
        "economy",
        "economy",
        Y,
        "комунальні підприємства",
        ["edrpou", "name", "level"],
        "orgs",
    ),
    (
        "Фінансова звітність комунальних підприємств",
        "economy",
        "economy",
        Q,
        "комунальні підприємства, фінансова звітність",
        ["code", "name", "plan_uah", "fact_uah"],
        "money2",
    ),
    (
        "Реєстр інвестиційних проєктів",
        "economy",
        "economy",
        H,
        "інвестиції, проєкти",
        ["id", "name", "amount_uah"],
        "money",
    ),
    (
        "Тарифи на житлово-комунальні послуги",
        "housing",
        "housing",
        H,
        "тарифи, комунальні послуги",
        ["service", "unit", "tariff_uah"],
        "tariffs",
    ),
    (
        "Перелік багатоквартирних будинків та їх управителів",
        "housing",
        "housing",
        Y,
        "житловий фонд, ОСББ, управителі",
        ["id", "address", "manager", "flats"],
        "houses",
    ),
    (
        "Графік планових ремонтних робіт на мережах",
        "housing",
        "housing",
        M,
        "ремонти, відключення, мережі",
        ["date", "street", "works"],
        "repairs",
    ),
    (
        "Перелік об'єктів благоустрою та зелених зон",
        "housing",
        "housing",
        Y,
        "благоустрій, парки, сквери",
        ["id", "name", "address", "area_m2"],
        "places",
    ),
    (
        "Перелік дитячих та спортивних майданчиків",
        "housing",
        "housing",
        Y,
        "дитячі майданчики, благоустрій",
        ["id", "address", "type"],
        "playgrounds",
    ),
    (
        "Місця розміщення пунктів приймання вторинної сировини",
        "housing",
        "housing",
        Y,
        "відходи, вторсировина",
        ["id", "name", "address", "phone"],
        "places",
    ),
    (
        "Реєстр містобудівних умов та обмежень",
        "architecture",
        "land",
        M,
        "містобудування, забудова",
        ["number", "date", "address", "object"],
        "permits",
    ),
    (
        "Реєстр паспортів прив'язки тимчасових споруд",
        "architecture",
        "land",
        M,
        "тимчасові споруди, МАФ",
        ["number", "date", "address", "object"],
        "permits",
    ),
    (
        "Перелік дозволів на розміщення зовнішньої реклами",
        "architecture",
        "land",
        M,
        "реклама, дозволи",
        ["number", "date", "address", "object"],
        "permits",
    ),
    (
        "Перелік вулиць міста",
        "architecture",
        "land",
        Y,
        "вулиці, адресний реєстр, топоніміка",
        ["id", "name", "old_name"],
        "streets",
    ),
    (
        "Звіт про роботу зі зверненнями громадян",
        "office",
        "power",
        Q,
        "звернення громадян, звіт",
        ["quarter", "received", "answered"],
        "quarters",
    ),
    (
        "Звіт про задоволення запитів на публічну інформацію",
        "office",
        "power",
        Q,
        "публічна інформація, запити",
        ["quarter", "received", "answered"],
        "quarters",
    ),
    (
        "Інформація про організаційну структуру міської ради",
        "council",
        "power",
        Y,
        "структура, виконавчі органи",
        ["unit", "head", "phone"],
        "units",
    ),
    (
        "Річний план закупівель",
        "council",
        "power",
        Y,
        "закупівлі, Prozorro",
        ["cpv", "subject", "amount_uah"],
        "money",
    ),
    (
        "Перелік адміністративних послуг ЦНАП",
        "council",
        "power",
        Q,
        "адміністративні послуги, ЦНАП",
        ["code", "name", "term_days"],
        "services",
    ),
    (
        "Результати громадського бюджету",
        "finance",
        "budget",
        Y,
        "громадський бюджет, проєкти",
        ["id", "name", "votes", "amount_uah"],
        "votes",
    ),
]
# Datasets left overdue in the demo: their last upload is older than their frequency allows.
OVERDUE = {
    "Реєстр містобудівних умов та обмежень",
    "Звіт про роботу зі зверненнями громадян",
    "Перелік договорів оренди комунального майна",
    "Графік планових ремонтних робіт на мережах",
}
NAMES = {
    "places": [
        "Центр",
        "Сонечко",
        "Мрія",
        "Надія",
        "Калинка",
        "Світанок",
        "Веселка",
        "Лісова пісня",
    ],
    "units": [
        "Юридичний відділ",
        "Загальний відділ",
        "Відділ кадрів",
        "Архівний відділ",
        "Відділ ЦНАП",
    ],
    "services": [
        "Реєстрація місця проживання",
        "Видача довідки",
        "Державна реєстрація",
        "Субсидія",
    ],
    "objects": ["кіоск", "павільйон", "житловий будинок", "магазин", "рекламна конструкція"],
}


def _edrpou(stem: str) -> str:
    return stem + str(edrpou_check_digit(stem))


def _value(column: str, kind: str, index: int, rng: random.Random, year: int) -> str:
    if column in {"id", "number"}:
        return str(index + 1)
    if column.endswith("_uah"):
        return f"{rng.randrange(10_000, 5_000_000) / 100:.2f}"
    if column in {
        "pupils",
        "children",
        "capacity",
        "flats",
        "received",
        "answered",
        "votes",
        "classes",
    }:
        return str(rng.randrange(5, 900))
    if column in {"area_m2"}:
        return f"{rng.randrange(20, 20000)}"
    if column in {"interval_min", "term_days"}:
        return str(rng.randrange(5, 40))
    if column in {"edrpou", "tenant_edrpou"}:
        return _edrpou(rng.choice("234") + "".join(rng.choice("0123456789") for _ in range(6)))
    if column in {"address", "street", "from", "to"}:
        return (
            f"вул. {rng.choice(STREETS)}, {rng.randrange(1, 120)}"
            if column == "address"
            else f"вул. {rng.choice(STREETS)}"
        )
    if column == "date":
        return (dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(0, 360))).isoformat()
    if column == "quarter":
        return f"{year}-Q{index % 4 + 1}"
    if column == "code" or column == "kpkvk" or column == "cpv":
        return f"{rng.randrange(1000000, 9999999)}"
    if column == "route":
        return str(index + 1)
    if column == "phone":
        return f"+380 6451 {rng.randrange(10, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}"
    if column == "level":
        return rng.choice(["головний розпорядник", "розпорядник нижчого рівня", "одержувач"])
    if column == "unit":
        return NAMES["units"][index % len(NAMES["units"])]
    if column in {"head", "manager", "tenant"}:
        return rng.choice(["Коваленко О. П.", "Бондар І. В.", "Мельник Н. С.", "ОСББ «Злагода»"])
    if column == "service":
        return rng.choice(
            ["Водопостачання", "Водовідведення", "Теплопостачання", "Вивезення відходів"]
        )
    if column == "unit" or column == "type":
        return rng.choice(["дитячий", "спортивний", "змішаний"])
    if column in {"object", "works"}:
        return rng.choice(NAMES["objects"] + ["заміна труб", "ремонт покрівлі"])
    if column == "old_name":
        return rng.choice(["", "", "Леніна", "Комсомольська", "Кірова"])
    if column == "school":
        return f"Гімназія № {index + 1}"
    # names and titles
    if kind == "services":
        return NAMES["services"][index % len(NAMES["services"])]
    if kind == "streets":
        return f"вулиця {STREETS[index % len(STREETS)]}"
    return f"{rng.choice(NAMES['places'])} № {index + 1}"


def csv_bytes(columns: list[str], kind: str, *, seed: str, year: int, rows: int) -> bytes:
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    buffer = io.StringIO()
    writer = exports.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for index in range(rows):
        writer.writerow([_value(column, kind, index, rng, year) for column in columns])
    return buffer.getvalue().encode("utf-8")


def _upload_days(frequency: str, first: dt.date) -> list[dt.date]:
    """Upload dates through 2020 following the frequency, starting at the first publication."""
    days = [first]
    while True:
        due = schedule.next_due(frequency, days[-1])
        if due is None or due.year > 2020:
            return days
        days.append(due - dt.timedelta(days=2))


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def load(*, stdout: TextIO) -> None:
    from hromada.opendata.pages import OpenDataPage
    from hromada.portal.demo import ESTABLISHED, child
    from hromada.portal.models import HomePage, SectionPage

    publishers: dict[str, Publisher] = {}
    for key, title, stem in PUBLISHERS:
        existing = Publisher.objects.filter(edrpou=_edrpou(stem)).first()
        publishers[key] = existing or services.create_publisher(
            title=title,
            edrpou=_edrpou(stem),
            parent=publishers.get("council"),
            email=f"{key}@lysychansk.example",
        )
    groups: dict[str, TopicGroup] = {}
    for key, title in GROUPS:
        groups[key] = TopicGroup.objects.filter(name=key).first() or services.create_group(
            title=title, name=key
        )

    rng = random.Random(835)  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    created = 0
    for number, (title, publisher_key, group_key, frequency, keywords, columns, kind) in enumerate(
        DATASETS
    ):
        if Dataset.objects.filter(name=slugify_name(title)).exists():
            continue
        first = dt.date(2020, 1, 15) + dt.timedelta(days=rng.randrange(0, 150))
        publisher = publishers[publisher_key]
        dataset = services.create_dataset(
            publisher=publisher,
            title=title,
            notes=(
                f"{title}. Дані оприлюднює {publisher.title} і оновлює "
                f"з періодичністю «{frequency.lower()}»."
            ),
            purpose=(
                "Постанова Кабінету Міністрів України від 21.10.2015 № 835 «Про затвердження "
                "Положення про набори даних, які підлягають оприлюдненню у формі відкритих "
                "даних»; забезпечення прозорості та підзвітності міської ради."
            ),
            maintainer=rng.choice(
                ["Коваленко Олена", "Бондар Ігор", "Мельник Наталія", "Шевчук Андрій"]
            ),
            maintainer_email=f"{publisher_key}@lysychansk.example",
            update_frequency=frequency,
            keywords=keywords,
            groups=[groups[group_key]],
            published_at=_moment(first),
            data_current_to=first,
        )
        resource = None
        for version, day in enumerate(_upload_days(frequency, first)):
            content = csv_bytes(
                columns, kind, seed=f"{title}-{version}", year=day.year, rows=8 + version
            )
            if resource is None:
                resource = services.add_resource(
                    dataset=dataset,
                    name=title,
                    file=io.BytesIO(content),
                    filename=f"{dataset.name[:60]}.csv",
                    when=_moment(day),
                )
            else:
                services.upload_version(
                    resource=resource,
                    file=io.BytesIO(content),
                    filename=f"{dataset.name[:60]}.csv",
                    when=_moment(day),
                )
        # The current upload, a little within the frequency's term; none for the overdue ones.
        if title not in OVERDUE and resource is not None:
            due_after_today = schedule.next_due(frequency, today)
            span = (due_after_today - today).days if due_after_today else 30
            recent = today - dt.timedelta(days=min(span // 3, 20))
            content = csv_bytes(columns, kind, seed=f"{title}-current", year=recent.year, rows=12)
            services.upload_version(
                resource=resource,
                file=io.BytesIO(content),
                filename=f"{dataset.name[:60]}.csv",
                when=_moment(recent),
            )
            services.update_dataset(dataset=dataset, data_current_to=recent)
        if number == 0:
            services.add_resource(
                dataset=dataset,
                name="Бюджет міста у форматі Excel",
                file=io.BytesIO(xlsx_bytes(columns, kind, title)),
                filename="biudzhet.xlsx",
                when=_moment(first),
            )
        if number == 33:
            services.add_resource(
                dataset=dataset,
                name="Річний план закупівель на Prozorro",
                external_url=PROZORRO_URL,
                link_format="HTML",
                link_mimetype="text/html",
                when=_moment(first),
            )
        created += 1

    # Demos loaded before links carried a format: the Prozorro page is a web page.
    unformatted = Resource.objects.filter(external_url=PROZORRO_URL, format="")
    touched = list(unformatted.values_list("dataset_id", flat=True))
    if touched:
        unformatted.update(format="HTML", mimetype="text/html")
        packages.resources_changed(touched)
    live = services.sync_live_datasets()

    home = HomePage.objects.first()
    section = (
        SectionPage.objects.child_of(home).filter(title=SECTION_TITLE).first() if home else None
    )
    page = None
    if section is not None:
        page = child(
            section,
            OpenDataPage,
            title=PAGE_TITLE,
            when=ESTABLISHED + dt.timedelta(days=120),
            intro=PAGE_INTRO,
        )
    stdout.write(
        f"{created} datasets added ({len(DATASETS)} in the demo), {len(live)} live datasets, "
        f"{'a' if page else 'no'} catalogue page\n"
    )


def xlsx_bytes(columns: list[str], kind: str, title: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    reader = csv.reader(
        io.StringIO(csv_bytes(columns, kind, seed=title, year=2020, rows=10).decode())
    )
    for row in reader:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
