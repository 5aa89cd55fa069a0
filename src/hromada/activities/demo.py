"""The demo city's 2020 activity journal, from the seed report (Лисичанськ, 2020).

Named events, trainings, meetings, civic actions and commissions are the report's own, with
its dates and organizers. Where the report gives only a total (77 events and 107 meetings
attended, of which it names a few; 43 weekly and 10 daily notes) the rest come from the
legacy lists in `demo_data/` through `hromada import_activities`' importer. Scenario plans,
speeches and greetings are tied to the ceremonies and memorable dates of 2020. Idempotent.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from hromada.activities import services
from hromada.activities.csv_import import import_file
from hromada.activities.models import (
    CityCalendarPage,
    CivicAction,
    Commission,
    CoverageContract,
    Event,
    EventKind,
    Observance,
    PeriodicalSubscription,
    SocialAccount,
    Text,
)

DATA_DIR = Path(__file__).parent / "demo_data"
D = dt.date

OFFICE = "Відділ з питань внутрішньої політики, зв'язку з громадськістю та ЗМІ"
HEAD = "Керівник військово-цивільної адміністрації"

# (date, end date, title, observance key, partners, place)
ORGANIZED = [
    (D(2020, 1, 22), None, "Урочистий захід до Дня Соборності України", "unity-day", "", ""),
    (
        D(2020, 1, 27),
        None,
        "Мітинг до Дня пам'яті жертв Голокосту",
        "holocaust-remembrance",
        "",
        "",
    ),
    (
        D(2020, 2, 12),
        None,
        "Вручення грошової винагороди батькам воїнів-інтернаціоналістів, які загинули "
        "в Афганістані",
        "",
        "Відділ бухгалтерського обліку та звітності; ГО «Лисичанське міське відділення Спілки "
        "ветеранів Афганістану»",
        "",
    ),
    (
        D(2020, 2, 15),
        None,
        "Урочисто-траурний мітинг до Дня вшанування учасників бойових дій на території інших "
        "держав",
        "afghan-veterans",
        "",
        "",
    ),
    (D(2020, 3, 6), None, "Урочистий захід до Міжнародного жіночого дня", "womens-day", "", ""),
    (
        D(2020, 4, 24),
        None,
        "Урочисто-траурне покладання квітів до 34-ї річниці аварії на Чорнобильській АЕС",
        "chornobyl-day",
        "",
        "",
    ),
    (
        D(2020, 5, 7),
        D(2020, 5, 8),
        "Доставка листівок ЛОДА та Лисичанської міської ради ветеранам Другої світової війни",
        "",
        "Луганська обласна державна адміністрація",
        "",
    ),
    (
        D(2020, 5, 8),
        D(2020, 5, 9),
        "Покладання квітів до Дня пам'яті та примирення та Дня перемоги над нацизмом у Другій "
        "світовій війні",
        "victory-day",
        "",
        "",
    ),
    (
        D(2020, 6, 22),
        None,
        "Покладання квітів до Дня скорботи і вшанування пам'яті жертв війни в Україні",
        "mourning-day",
        "",
        "",
    ),
    (
        D(2020, 7, 24),
        None,
        "Покладання квітів до Дня визволення міста Лисичанськ від незаконних збройних формувань",
        "",
        "",
        "",
    ),
    (
        D(2020, 8, 23),
        None,
        "Урочистий мітинг та церемонія підняття Державного Прапора України",
        "flag-day",
        "",
        "",
    ),
    (
        D(2020, 8, 29),
        None,
        "Обласні та міські заходи до Дня пам'яті захисників України, які загинули в боротьбі "
        "за незалежність, суверенітет і територіальну цілісність України",
        "defenders-remembrance",
        "Луганська обласна державна адміністрація",
        "",
    ),
    (
        D(2020, 9, 1),
        D(2020, 9, 2),
        "Урочисті заходи до 310-ї річниці з дня заснування міста Лисичанська, 77-ї річниці "
        "визволення міста від фашистських загарбників та 75-річчя перемоги в Другій світовій "
        "війні",
        "",
        "",
        "",
    ),
    (
        D(2020, 9, 1),
        None,
        "Урочисте відкриття меморіальної дошки учаснику бойових дій у роки Другої світової "
        "війни, шахтарю Іллі Михайловичу Бутяєву",
        "",
        "",
        "",
    ),
    (
        D(2020, 10, 14),
        None,
        "Урочисте відкриття пам'ятника добровольцям антитерористичної операції та покладання "
        "квітів до пам'ятних знаків військовослужбовцям до Дня захисників України",
        "defenders-day-oct14",
        "",
        "",
    ),
    (
        D(2020, 10, 28),
        None,
        "Урочиста хода та покладання квітів до Дня визволення України від фашистських загарбників",
        "liberation-from-nazis",
        "",
        "",
    ),
    (
        D(2020, 11, 27),
        None,
        "Покладання квітів до меморіального знаку Пам'яті жертв голодомору в Україні "
        "1932–1933 років",
        "holodomor-remembrance",
        "",
        "",
    ),
    (
        D(2020, 12, 14),
        None,
        "Покладання квітів до Дня вшанування учасників ліквідації аварії на Чорнобильській АЕС",
        "chornobyl-liquidators",
        "",
        "",
    ),
]

# Trainings held in parts, by their first day: the report prints "22–23.07 і 27–28.07.2020".
TRAINING_SESSIONS = {
    D(2020, 7, 22): ((D(2020, 7, 22), D(2020, 7, 23)), (D(2020, 7, 27), D(2020, 7, 28))),
}

# (start, end, title, place or "" for online, organizers, notes)
TRAININGS = [
    (
        D(2020, 2, 25),
        None,
        "Перша обласна конференція «Розумна взаємодія»: віртуальний простір взаємодії для громади",
        "м. Сєвєродонецьк",
        "БФ «Молода громада», ГО «Молодіжна корпорація»",
        "",
    ),
    (
        D(2020, 3, 4),
        D(2020, 3, 6),
        "Тренінг «Інструменти діалогу у виробленні ефективних рішень на рівні громади»",
        "м. Львів",
        "ОБСЄ",
        "",
    ),
    (
        D(2020, 6, 17),
        D(2020, 6, 18),
        "Онлайн семінар-тренінг «Розробка та впровадження дієвих механізмів взаємодії органів "
        "місцевого самоврядування, громадськості та ЗМІ»",
        "",
        "ПРООН",
        "",
    ),
    (
        D(2020, 7, 22),
        D(2020, 7, 28),
        "Дводенні тренінги «Підвищення обізнаності щодо реформ та процесів врядування на основі "
        "громадської участі»",
        "м. Лисичанськ",
        "АМУ, Лисичанська міська рада",
        "22–23.07.2020 та 27–28.07.2020",
    ),
    (
        D(2020, 8, 26),
        None,
        "Прес-конференція «Підвищення обізнаності щодо реформ та процесів врядування на основі "
        "громадської участі»",
        "",
        "АМУ, USAID",
        "",
    ),
    (
        D(2020, 9, 14),
        None,
        "Одноденний навчальний семінар з розробки та застосування стандартів належного "
        "врядування організацій громадянського суспільства",
        "м. Краматорськ",
        "ОБСЄ",
        "У рамках проєкту «Вдосконалення законодавчої бази та спроможності Уряду України та "
        "організацій громадянського суспільства ефективно співпрацювати».",
    ),
    (
        D(2020, 9, 15),
        None,
        "Тренінг «Інструменти електронної демократії для взаємодії влади і громади»",
        "",
        "Фонд Східна Європа, EGAP",
        "",
    ),
    (
        D(2020, 9, 15),
        None,
        "Перший захід Форуму регіональної трансформації «Інструменти електронної демократії для "
        "взаємодії влади і громади»",
        "",
        "Міністерство цифрової трансформації",
        "",
    ),
    (
        D(2020, 9, 16),
        D(2020, 9, 18),
        "Онлайн-тренінг «Відповідальне місцеве врядування: відкритість, прозорість, інновації, "
        "партнерство»",
        "",
        "ПРООН",
        "",
    ),
    (
        D(2020, 9, 29),
        None,
        "Тренінг «Що таке платформа Відкрите місто і аналоги»",
        "",
        "Фонд Східна Європа, EGAP",
        "",
    ),
    (
        D(2020, 9, 3),
        D(2020, 9, 28),
        "Навчальні тренінги з питань посилення ролі жінок у врядуванні (програма «Жінки в "
        "місцевому самоврядуванні»)",
        "",
        "Проєкт USAID «Демократичне врядування у Східній Україні» (DG-East)",
        "03–04.09.2020, 17–18.09.2020, 28.09.2020",
    ),
]

SMART_CITY = "Робоча група зі створення єдиного міського веб-порталу «Лисичанськ — Smart City»"
COMMISSIONS = [
    ("Адміністративна комісія при ВЦА м. Лисичанська", "commission"),
    (SMART_CITY, "working_group"),
    (
        "Робоча група з розроблення та впровадження механізму громадського бюджету у місті "
        "Лисичанськ",
        "working_group",
    ),
    (
        "Робоча група з питань розробки Стратегії розвитку системи соціального захисту на "
        "2021–2026 роки",
        "working_group",
    ),
    (
        "Координаційна рада з питань національно-патріотичного виховання молоді",
        "coordination_council",
    ),
    (
        "Координаційна рада з питань популяризації серед населення оздоровчої рухової активності",
        "coordination_council",
    ),
]

# (date, kind, title, organizers, partners, place, office role, commission)
MEETINGS = [
    (
        D(2020, 1, 24),
        EventKind.MEETING,
        "Засідання робочої групи з питань безпеки та соціальної згуртованості міста Лисичанська",
        "Лисичанська міська рада, ГО «Жіноча правозахисна група»",
        "ПРООН",
        "м. Лисичанськ",
        "participant",
        None,
    ),
    (
        D(2020, 2, 20),
        EventKind.MEETING,
        "Нарада з приводу співпраці з ГО «Лисичанська міська організація ветеранів України»",
        "",
        "ГО «Лисичанська міська організація ветеранів України»",
        "м. Лисичанськ",
        "participant",
        None,
    ),
    (
        D(2020, 2, 25),
        EventKind.MEETING,
        "Обговорення створення єдиного міського веб-порталу «Лисичанськ — Smart City»",
        "",
        "",
        "м. Лисичанськ",
        "participant",
        None,
    ),
    (
        D(2020, 3, 4),
        EventKind.MEETING,
        "Перше засідання робочої групи створення єдиного міського веб-порталу «Лисичанськ — "
        "Smart City»",
        OFFICE,
        "",
        "м. Лисичанськ",
        "organizer",
        SMART_CITY,
    ),
    (
        D(2020, 11, 13),
        EventKind.MEETING,
        "Робоча нарада з питань співпраці ВЦА та громадської організації «Ветерани Чорнобиля "
        "м. Лисичанська»",
        "",
        "ГО «Ветерани Чорнобиля м. Лисичанська»",
        "м. Лисичанськ",
        "participant",
        None,
    ),
    (
        D(2020, 10, 2),
        EventKind.ATTENDED,
        "Прес-конференція з приводу ситуації, що склалася у місті внаслідок погіршення погодних "
        "умов",
        "",
        "",
        "м. Лисичанськ",
        "participant",
        None,
    ),
]

CIVIC_ACTIONS: list[dict[str, Any]] = [
    {
        "kind": "protest",
        "date": D(2020, 1, 14),
        "place": "Перехрестя вулиць Генерала Потапенка – Першотравневої (з перекриттям автошляху)",
        "organizers": "Федерація профспілок Луганської області",
        "subject": "Мітинг-протест проти прийняття Кабінетом Міністрів України проєкту закону "
        "№ 2708 «Про працю»",
        "demands": "Не приймати проєкт закону № 2708 «Про працю».",
    },
    {
        "kind": "assembly",
        "date": D(2020, 7, 1),
        "place": "Біля будівлі Лисичанської міської ради",
        "organizers": "ГО «Східна правозахисна група», «Лисичанська міська рада жінок»",
        "subject": "Збори громадян міста",
    },
]

OUTLETS = [
    ("Новий путь", "newspaper", "ПП «РРСПГ «Новий путь»", "2020/1"),
    ("ІРТА", "tv", "ТОВ «Незалежна телерадіокомпанія «ІРТА»", "2020/2"),
]


def load(*, stdout: TextIO) -> None:
    from hromada.organizations.models import Organization

    services.load_builtin_observances()
    observances = {o.key: o for o in Observance.objects.all()}
    with transaction.atomic():
        outlets = _outlets()
        commissions = _commissions()
        events = _events(observances, commissions)
        _civic_actions(Organization)
        _texts(events, observances, outlets)
        _coverage(events, outlets)
        _social()
    summary_2020 = import_file(DATA_DIR / "journal_2020.csv")
    notes = import_file(DATA_DIR / "notes_2020.csv")
    calendar = _calendar_page()
    upcoming = _upcoming(observances)
    stdout.write(
        f"activity journal 2020: {Event.objects.filter(start_date__year=2020).count()} events, "
        f"{Text.objects.filter(date__year=2020).count()} texts, "
        f"{summary_2020.created + notes.created} legacy records; "
        f"calendar {calendar.url}, {upcoming} upcoming ceremonies announced\n"
    )


def _outlets() -> dict[str, Any]:
    from hromada.monitoring.models import Outlet

    found = {}
    for name, kind, legal_name, _number in OUTLETS:
        outlet, _created = Outlet.objects.get_or_create(
            name=name, defaults={"kind": kind, "notes": legal_name}
        )
        found[name] = outlet
    return found


def _commissions() -> dict[str, Commission]:
    found = {}
    for name, kind in COMMISSIONS:
        commission = Commission.objects.filter(name=name).first()
        if commission is None:
            commission = services.create_commission(name=name, kind=kind)
            services.add_membership(
                commission=commission,
                member_name="Начальник відділу",
                role="member",
                start_date=D(2020, 1, 1),
            )
        found[name] = commission
    return found


def _event(**fields: Any) -> Event:
    existing = Event.objects.filter(
        kind=fields["kind"], start_date=fields["start_date"], title=fields["title"]
    ).first()
    return existing or services.create_event(**fields)


def _events(observances: dict[str, Observance], commissions: dict[str, Commission]) -> list[Event]:
    organized = []
    for start, end, title, key, partners, place in ORGANIZED:
        organized.append(
            _event(
                kind=EventKind.ORGANIZED,
                title=title,
                start_date=start,
                end_date=end,
                place=place or "м. Лисичанськ",
                organizers="Військово-цивільна адміністрація м. Лисичанськ; " + OFFICE,
                partners=partners,
                observance=observances.get(key),
                is_public=True,
            )
        )
    for start, end, title, place, organizers, notes in TRAININGS:
        _event(
            kind=EventKind.TRAINING,
            title=title,
            start_date=start,
            end_date=end,
            place=place,
            online=not place,
            organizers=organizers,
            notes=notes,
            sessions=TRAINING_SESSIONS.get(start, ()),
        )
    for day, kind, title, organizers, partners, place, role, commission in MEETINGS:
        _event(
            kind=kind,
            title=title,
            start_date=day,
            place=place,
            organizers=organizers,
            partners=partners,
            office_role=role,
            commission=commissions[commission] if commission else None,
        )
    return organized


def _civic_actions(organization_model: Any) -> None:
    for values in CIVIC_ACTIONS:
        if CivicAction.objects.filter(date=values["date"], subject=values["subject"]).exists():
            continue
        registered = [
            organization
            for name in values["organizers"].split(",")
            if (core := name.strip(' «»"').removeprefix("ГО ").strip(" «»"))
            for organization in organization_model.objects.filter(
                archived=False, name__icontains=core
            )[:1]
        ]
        services.create_civic_action(organizations=registered, **values)


def _texts(
    events: list[Event], observances: dict[str, Observance], outlets: dict[str, Any]
) -> None:
    if Text.objects.filter(date__year=2020).exists():
        return
    services.create_text(
        kind="greeting",
        title="Привітання з державним святом (шаблон)",
        date=None,
        is_template=True,
        speaker=HEAD,
        body="Шановні мешканці міста!\n\nЩиро вітаю вас зі святом …",
    )
    services.create_text(
        kind="speech",
        title="Промова на урочистому мітингу (шаблон)",
        date=None,
        is_template=True,
        speaker=HEAD,
        body="Шановні ветерани! Шановні мешканці міста!\n\nСьогодні ми вшановуємо …",
    )
    ceremonies = [e for e in events if e.observance_id][:13]
    for event in ceremonies:
        services.create_text(
            kind="scenario_plan",
            title=f"Сценарний план: {event.title}",
            occasion=event.observance.name if event.observance else event.title,
            date=event.start_date - dt.timedelta(days=3),
            event=event,
            observance=event.observance,
            speaker=HEAD,
        )
        services.create_text(
            kind="speech",
            title=f"Промова: {event.title}",
            occasion=event.observance.name if event.observance else event.title,
            date=event.start_date - dt.timedelta(days=1),
            event=event,
            observance=event.observance,
            speaker=HEAD,
        )
    year: list[tuple[dt.date, Observance]] = []
    for observance in observances.values():
        observed = observance.date_in(2020)
        if observance.prepare_greeting and observed is not None:
            year.append((observed, observance))
    occasions = sorted(year, key=lambda item: (item[0], item[1].name))
    addressees = ["мешканцям міста", "трудовим колективам міста", "ветеранам"]
    greetings: list[tuple[dt.date, Observance, str]] = []
    round_number = 0
    while len(greetings) < 64:
        for day, observance in occasions:
            if len(greetings) >= 64:
                break
            addressee = addressees[round_number % len(addressees)]
            greetings.append((day, observance, addressee))
        round_number += 1
    newspaper = outlets["Новий путь"]
    published = 0
    for day, observance, addressee in sorted(greetings, key=lambda g: (g[0], g[2])):
        publish = published < 10 and addressee == "мешканцям міста"
        greeting_day = day - dt.timedelta(days=1) if day > D(2020, 1, 1) else day
        services.create_text(
            kind="greeting",
            title=f"Привітання {addressee}: {observance.name}",
            occasion=observance.name,
            date=greeting_day,
            observance=observance,
            speaker=HEAD,
            publications=[(newspaper, greeting_day)] if publish else [],
        )
        published += int(publish)


def _coverage(events: list[Event], outlets: dict[str, Any]) -> None:
    if CoverageContract.objects.filter(date__year=2020).exists():
        return
    for name, _kind, legal_name, number in OUTLETS:
        services.create_coverage_contract(
            number=number,
            date=D(2020, 1, 10),
            outlet=outlets[name],
            subject=f"Висвітлення діяльності міської ради ({legal_name})",
            period_start=D(2020, 1, 1),
            period_end=D(2020, 12, 31),
            notes="Номер, дату і суму договору звіт за 2020 рік не наводить.",
        )
    covered = [
        *events,
        *Event.objects.filter(
            start_date__in=[D(2020, 3, 4), D(2020, 10, 2)], kind__in=["meeting", "attended"]
        ).order_by("start_date"),
    ]
    for event in covered:
        for name, *_rest in OUTLETS:
            request_date = max(event.start_date - dt.timedelta(days=2), D(2020, 1, 2))
            services.create_coverage_request(
                date=request_date,
                outlet=outlets[name],
                subject=f"Висвітлення: {event.title}"[:1000],
                event=event,
            )
    PeriodicalSubscription.objects.get_or_create(
        periodical="Новий путь",
        period_start=D(2021, 1, 1),
        defaults={
            "outlet": outlets["Новий путь"],
            "period_end": D(2021, 12, 31),
            "recipients": "Структурні підрозділи військово-цивільної адміністрації міста",
        },
    )


def _social() -> None:
    account = SocialAccount.objects.filter(platform="facebook").first()
    if account is None:
        account = SocialAccount.objects.create(
            platform="facebook",
            name="Військово-цивільна адміністрація міста Лисичанськ",
            url="https://www.facebook.com/lysychansk.example",
            started_on=D(2020, 1, 1),
        )
    # "станом на 01.01.2021 року має 816 підписників": the count at the end of 2020.
    services.record_followers(account=account, date=D(2020, 12, 31), followers=816)


def _calendar_page() -> CityCalendarPage:
    from hromada.portal.models import HomePage

    existing = CityCalendarPage.objects.first()
    if existing is not None:
        return existing
    home = HomePage.objects.first()
    if home is None:
        raise RuntimeError("No home page: run migrate first.")
    page = CityCalendarPage(
        title="Календар подій міста",
        slug="calendar",
        show_in_menus=True,
        intro="<p>Загальноміські заходи, державні свята та пам'ятні дати.</p>",
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def _upcoming(observances: dict[str, Observance]) -> int:
    """The next two ceremonies from today, planned from their observances and announced."""
    today = timezone.localdate()
    found: list[tuple[dt.date, Observance]] = []
    for observance in observances.values():
        if not observance.prepare_ceremony:
            continue
        for year in (today.year, today.year + 1):
            day = observance.date_in(year)
            if day is not None and day > today:
                found.append((day, observance))
                break
    found.sort(key=lambda item: item[0])
    announced = 0
    for day, observance in found[:2]:
        event = services.plan_event_for_observance(
            observance=observance, year=day.year, place="Центральна площа міста"
        )
        if event.announcement_id is None:
            if not event.description:
                services.update_event(
                    event=event,
                    description=f"{observance.name}: урочисті заходи та покладання квітів.",
                    start_time=dt.time(10, 0),
                )
            services.publish_announcement(event=event)
        announced += 1
    return announced
