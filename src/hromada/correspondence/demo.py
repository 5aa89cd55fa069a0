"""The demo city's 2020 journal, reproducing the seed report: 838 incoming documents, 120 of
them answered (11 public-information requests and 7 appeals among them), 171 internal
outgoing documents and 4 on long-term control at the year's end; and the portal's online
forms and status page.

Deterministic (a seeded generator), written in bulk, idempotent (skipped once demo entries
exist).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, TextIO

from hromada.core import audit
from hromada.core.legal_calendar import add_working_days, is_working_day
from hromada.correspondence import numbering, workflow
from hromada.correspondence.models import (
    Document,
    Requester,
    Source,
    SubmissionFormPage,
    TrackingPage,
)
from hromada.correspondence.workflow import (
    Direction,
    ForwardGround,
    Kind,
    RefusalGround,
    Status,
)

YEAR = 2020
# kind: (received, answered) — the seed: 838 received, 120 answered of which 11 requests and
# 7 appeals.
INCOMING: dict[str, tuple[int, int]] = {
    Kind.PUBLIC_INFO_REQUEST: (13, 11),
    Kind.CITIZEN_APPEAL: (9, 7),
    Kind.AUTHORITY_REQUEST: (310, 60),
    Kind.LETTER: (470, 42),
    Kind.OTHER: (36, 0),
}
INTERNAL_OUTGOING = 171
LONG_TERM_CONTROL = 4

AUTHORITIES = [
    "Луганська обласна державна адміністрація",
    "Луганська обласна військово-цивільна адміністрація",
    "Офіс Президента України",
    "Кабінет Міністрів України",
    "Міністерство культури та інформаційної політики України",
    "Міністерство розвитку громад та територій України",
    "Департамент масових комунікацій ОДА",
    "Головне управління Національної поліції в Луганській області",
    "Лисичанська районна державна адміністрація",
]
SENDERS = [
    "ТРК «Луганськ»",
    "Редакція газети «Лисичанський вісник»",
    "Громадська організація «Відкрите місто»",
    "Управління соціального захисту населення",
    "Управління освіти міської ради",
    "Відділ культури міської ради",
    "КП «Лисичанськводоканал»",
    "Фінансове управління міської ради",
    "Центр надання адміністративних послуг",
]
AUTHORITY_SUBJECTS = [
    "Про надання інформації щодо заходів до Дня Соборності України",
    "Про висвітлення діяльності органів місцевого самоврядування",
    "Про інформаційний супровід карантинних заходів",
    "Про підготовку до місцевих виборів 2020 року",
    "Щодо моніторингу регіональних ЗМІ",
    "Про відзначення Дня Конституції України",
    "Про стан взаємодії з громадськими організаціями",
    "Щодо наповнення офіційного вебсайту",
]
LETTER_SUBJECTS = [
    "Про розміщення інформації на офіційному сайті",
    "Щодо акредитації журналістів",
    "Про проведення прес-конференції",
    "Запрошення на захід",
    "Про надання матеріалів для публікації",
    "Щодо співпраці з громадськими організаціями",
]
REQUEST_SUBJECTS = [
    "Копії розпоряджень міського голови щодо благоустрою",
    "Інформація про витрати на висвітлення діяльності ради",
    "Перелік договорів з ЗМІ за 2019 рік",
    "Кошторис святкових заходів",
    "Штатний розпис відділу",
]
APPEAL_SUBJECTS = [
    "Про розміщення оголошення громадської ініціативи",
    "Скарга на неактуальну інформацію на сайті",
    "Пропозиція щодо розділу для переселенців",
]
INTERNAL_SUBJECTS = [
    "Службова записка щодо плану заходів",
    "Інформація до звіту про роботу відділу",
    "Доповідна записка щодо висвітлення заходів",
    "Пропозиції до плану роботи виконавчого комітету",
    "Інформація про виконання доручення",
]
SURNAMES = ["Бондаренко", "Ткаченко", "Коваленко", "Мельник", "Руденко", "Лисенко", "Бойко"]
GIVEN = ["Олександр", "Ірина", "Сергій", "Наталія", "Віктор", "Олена"]
STREETS = ["Грушевського", "Сосюри", "Незалежності", "Свободи", "Шкільна"]

FORM_PAGES = [
    (
        "Доступ до публічної інформації",
        "Електронний запит на інформацію",
        Kind.PUBLIC_INFO_REQUEST,
        "<p>Запит на публічну інформацію розглядається протягом п'яти робочих днів "
        "(стаття 20 Закону України «Про доступ до публічної інформації»).</p>",
    ),
    (
        "Жителям міста",
        "Електронне звернення",
        Kind.CITIZEN_APPEAL,
        "<p>Звернення розглядається не пізніше одного місяця від дня надходження "
        "(стаття 20 Закону України «Про звернення громадян»). Анонімні звернення "
        "не розглядаються.</p>",
    ),
]
PRIVACY_NOTICE = (
    "<p>Володілець персональних даних — {council}. Ваші ім'я, адреса, електронна пошта та "
    "телефон обробляються лише для розгляду запиту чи звернення й відповіді на нього "
    "(Закон України «Про захист персональних даних»). Їх бачать лише виконавець, керівник "
    "відділу та адміністратори; кожен перегляд записується. Через п'ять років після "
    "закриття справи дані знеособлюються. Ви маєте право знати, хто обробляє ваші дані, "
    "вимагати їх виправлення або видалення.</p>"
)


def _working_days(rng: random.Random, count: int, last: dt.date) -> list[dt.date]:
    days = []
    day = dt.date(YEAR, 1, 2)
    while day <= last:
        if is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return sorted(rng.choice(days) for _ in range(count))


def _person(rng: random.Random) -> dict[str, str]:
    surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)
    return {
        "name": f"{surname} {given}",
        "postal_address": (
            f"93100, м. Лисичанськ, вул. {rng.choice(STREETS)}, {rng.randrange(1, 90)}"
        ),
        "email": f"resident{rng.randrange(1000, 9999)}@example.org",
    }


def _incoming(rng: random.Random) -> tuple[list[Document], list[dict[str, str] | None]]:
    entries: list[tuple[Document, dict[str, str] | None]] = []
    control_left = LONG_TERM_CONTROL
    for kind, (received, answered) in INCOMING.items():
        days = _working_days(rng, received, dt.date(YEAR, 12, 29))
        answered_indexes = set(rng.sample(range(received), answered))
        for index, day in enumerate(days):
            document = Document(
                direction=Direction.INCOMING,
                kind=kind,
                registered_on=day,
                reg_year=YEAR,
                source=Source.DEMO,
                status=Status.CLOSED,
            )
            person = None
            if kind == Kind.PUBLIC_INFO_REQUEST:
                document.subject = rng.choice(REQUEST_SUBJECTS)
                person = _person(rng)
            elif kind == Kind.CITIZEN_APPEAL:
                document.subject = rng.choice(APPEAL_SUBJECTS)
                person = _person(rng)
            elif kind == Kind.AUTHORITY_REQUEST:
                document.correspondent = rng.choice(AUTHORITIES)
                document.subject = rng.choice(AUTHORITY_SUBJECTS)
            else:
                document.correspondent = rng.choice(SENDERS)
                document.subject = rng.choice(LETTER_SUBJECTS)
            due = workflow.initial_due(kind, day)
            document.due_date = document.initial_due_date = due
            if index in answered_indexes:
                answered_on = min(
                    due or add_working_days(day, rng.randrange(2, 9)), dt.date(YEAR, 12, 30)
                )
                if due is not None:
                    answered_on = min(add_working_days(day, rng.randrange(1, 5)), due)
                document.status = Status.CLOSED
                document.answered_on = document.decided_on = answered_on
                document.closed_on = answered_on
            elif kind in workflow.PERSONAL_KINDS:
                document.decided_on = document.closed_on = min(due or day, add_working_days(day, 3))
                if kind == Kind.PUBLIC_INFO_REQUEST and index % 2:
                    document.status = Status.CLOSED
                    document.refusal_ground = RefusalGround.NOT_HELD
                else:
                    document.forward_ground = (
                        ForwardGround.PUBLIC_INFO
                        if kind == Kind.PUBLIC_INFO_REQUEST
                        else ForwardGround.APPEAL
                    )
                    document.forwarded_to = "Луганська обласна військово-цивільна адміністрація"
            elif kind == Kind.AUTHORITY_REQUEST and control_left and day.month < 12:
                document.status = Status.IN_PROGRESS
                document.long_term_control = True
                document.notes = "Довгостроковий контроль: щоквартальна інформація"
                control_left -= 1
            else:
                document.closed_on = min(add_working_days(day, 2), dt.date(YEAR, 12, 31))
                document.notes = "До відома"
            entries.append((document, person))
    entries.sort(key=lambda entry: entry[0].registered_on)
    return [entry[0] for entry in entries], [entry[1] for entry in entries]


def _numbered(documents: list[Document], direction: str) -> None:
    journal = numbering.journal_settings()  # read once, not once per entry
    pattern = (
        journal.incoming_format if direction == Direction.INCOMING else journal.outgoing_format
    )
    for sequence, document in enumerate(documents, start=1):
        document.sequence = sequence
        document.reg_number = numbering.format_number(direction, sequence, YEAR, pattern)


def load(*, stdout: TextIO) -> None:
    pages = _pages()
    if Document.objects.filter(source=Source.DEMO).exists():
        stdout.write(f"correspondence: demo journal already loaded, {pages} portal pages\n")
        return
    rng = random.Random(YEAR)  # noqa: S311 - demo data, not security
    incoming, people = _incoming(rng)
    _numbered(incoming, Direction.INCOMING)
    answered = [document for document in incoming if document.answered_on]
    outgoing: list[Document] = []
    for document in answered:
        assert document.answered_on is not None
        outgoing.append(
            Document(
                direction=Direction.OUTGOING,
                kind=Kind.LETTER,
                registered_on=document.answered_on,
                reg_year=YEAR,
                correspondent=document.correspondent or "Заявник",
                subject=f"Відповідь на вх. № {document.reg_number} від "
                f"{document.registered_on:%d.%m.%Y}",
                status=Status.CLOSED,
                closed_on=document.answered_on,
                source=Source.DEMO,
            )
        )
    for day in _working_days(rng, INTERNAL_OUTGOING, dt.date(YEAR, 12, 30)):
        outgoing.append(
            Document(
                direction=Direction.OUTGOING,
                kind=Kind.INTERNAL,
                registered_on=day,
                reg_year=YEAR,
                correspondent="Міський голова",
                subject=rng.choice(INTERNAL_SUBJECTS),
                status=Status.CLOSED,
                closed_on=day,
                source=Source.DEMO,
            )
        )
    outgoing.sort(key=lambda document: (document.registered_on, document.kind))
    _numbered(outgoing, Direction.OUTGOING)
    for document in [*incoming, *outgoing]:
        document.backdate_status()
    Document.objects.bulk_create(incoming, batch_size=500)
    Document.objects.bulk_create(outgoing, batch_size=500)
    # bulk_create sets primary keys on both databases; link answers to their letters.
    letters = {document.subject: document for document in outgoing if document.kind == Kind.LETTER}
    links: list[Any] = []
    for document in answered:
        key = f"Відповідь на вх. № {document.reg_number} від {document.registered_on:%d.%m.%Y}"
        document.answer = letters[key]
        links.append(document)
    Document.objects.bulk_update(links, ["answer"], batch_size=500)
    Requester.objects.bulk_create(
        [
            Requester(document=document, **person)
            for document, person in zip(incoming, people, strict=True)
            if person is not None
        ]
    )
    numbering.raise_counter(direction=Direction.INCOMING, year=YEAR, at_least=len(incoming))
    numbering.raise_counter(direction=Direction.OUTGOING, year=YEAR, at_least=len(outgoing))
    audit.record_many([*incoming, *outgoing], "wagtail.create", data={"source": "demo"})
    stdout.write(
        f"correspondence: {len(incoming)} incoming, {len(outgoing)} outgoing, "
        f"{len(answered)} answered; {pages} portal pages\n"
    )


def _pages() -> int:
    from hromada.core.selectors import city_profile
    from hromada.portal.demo import ESTABLISHED, child
    from hromada.portal.models import HomePage, SectionPage

    home = HomePage.objects.first()
    if home is None:
        return 0
    council = city_profile().council_name or city_profile().name
    count = 0
    for number, (section_title, title, kind, intro) in enumerate(FORM_PAGES):
        section = SectionPage.objects.child_of(home).filter(title=section_title).first()
        if section is None:
            continue
        child(
            section,
            SubmissionFormPage,
            title=title,
            when=ESTABLISHED + dt.timedelta(days=200 + number),
            form_kind=kind.value,
            intro=intro,
            privacy_notice=PRIVACY_NOTICE.format(council=council),
            thank_you="<p>Дякуємо! Відповідь надійде на вказану електронну адресу.</p>",
        )
        count += 1
        if kind == Kind.CITIZEN_APPEAL:
            child(
                section,
                TrackingPage,
                title="Стан розгляду запиту чи звернення",
                when=ESTABLISHED + dt.timedelta(days=210),
                intro="<p>Введіть код відстеження з листа-підтвердження.</p>",
            )
            count += 1
    return count
