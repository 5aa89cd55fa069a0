"""The demo portal of Лисичанськ, 2020: every section the seed report names, news, albums,
videos and event announcements. Images are drawn locally; nothing is downloaded.

Idempotent: pages are found by slug under their parent and left alone when present.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from django.core.files.images import ImageFile
from django.utils.text import slugify
from wagtail.models import Page

from hromada.core.demo import picture_jpeg
from hromada.core.models import HromadaImage
from hromada.core.text import transliterate
from hromada.portal.models import (
    AlbumPage,
    AlbumPhoto,
    EventIndexPage,
    EventPage,
    GalleryIndexPage,
    HomePage,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    SectionPage,
    StandardPage,
    VideoIndexPage,
    VideoPage,
)

KYIV = ZoneInfo("Europe/Kyiv")
ESTABLISHED = dt.datetime(2015, 3, 1, 9, 0, tzinfo=KYIV)

# Sections that existed before 2020: (title, [subsections]).
OLD_SECTIONS: list[tuple[str, list[str]]] = [
    ("Місцеве самоврядування", ["Рішення", "Проєкти рішень", "Перевірка діючих посадових осіб"]),
    ("Жителям міста", []),
    ("Бюджет", []),
    # Its registers ("Політичні партії", "Громадські організації", "Релігійні організації")
    # are organization register pages, created by organizations/demo.py.
    ("Громадянське суспільство", []),
    ("Доступ до публічної інформації", []),
]
# What the seed report says was created in 2020: 4 sections and 30 subsections, by parent.
NEW_SECTIONS_2020 = [
    "Місцеві податки",
    "Увага! Коронавірус",
    "Вибори -2020",
    "Військово-цивільна адміністрація",
]
NEW_SUBSECTIONS_2020: dict[str, list[str]] = {
    "Бюджет": [
        "Звіти про виконання паспортів бюджетних програм 2019",
        "Паспорти бюджетних програм 2020",
        "Використання бюджетних коштів 2020",
        "Бюджет 2020",
        "Бюджетні запити 2021",
    ],
    "Рішення": [
        "Рішення виконавчого комітету 2020",
        "Розпорядження міського голови 2020",
        "Протоколи постійних комісій",
    ],
    "Жителям міста": [
        "Пільгові категорії громадян",
        "Сім’ї з дітьми",
        "Особи з інвалідністю",
        "Переміщені особи",
        "Інші послуги",
        "Надання матеріальної допомоги",
        "Соціальні заклади",
        "Довідник",
        "Служба судової охорони",
        "Оголошення про вакансії",
    ],
    "Військово-цивільна адміністрація": [
        "Керівник ВЦА",
        "Заступники керівника ВЦА",
        "Розпорядження керівника ВЦА",
        "Розпорядження керівника ВЦА м. Лисичанськ",
        "Штатний розпис",
        "Регламент ВЦА",
        "Графік прийому населення",
        "Структурні підрозділи ВЦА",
        "Звіти про роботу",
        "Запобігання проявам корупції",
        "Планування регуляторної діяльності 2021",
    ],
    "Доступ до публічної інформації": ["Система обліку інформації"],
}

CATEGORIES = [
    "Офіційно",
    "Культура",
    "Освіта",
    "Спорт",
    "Соціальний захист",
    "Комунальне господарство",
    "Здоров’я",
]

NEWS_TOPICS = [
    ("Урочистий захід до Дня Соборності України", "Офіційно", ["свята", "Соборність"]),
    ("Мітинг до Дня пам'яті жертв Голокосту", "Офіційно", ["пам'ять"]),
    ("Вшанування учасників бойових дій на території інших держав", "Офіційно", ["ветерани"]),
    ("Засідання робочої групи «Лисичанськ — Smart City»", "Офіційно", ["Smart City", "вебпортал"]),
    ("Святковий концерт до Міжнародного жіночого дня", "Культура", ["свята"]),
    ("Карантин: як працюють установи міста", "Здоров’я", ["коронавірус", "карантин"]),
    (
        "Роздача засобів захисту в центрі надання адміністративних послуг",
        "Здоров’я",
        ["коронавірус"],
    ),
    (
        "Покладання квітів до річниці аварії на Чорнобильській АЕС",
        "Офіційно",
        ["пам'ять", "Чорнобиль"],
    ),
    ("Листівки ветеранам Другої світової війни", "Соціальний захист", ["ветерани"]),
    ("День пам'яті та примирення", "Офіційно", ["пам'ять"]),
    (
        "Ремонт покрівель у багатоквартирних будинках",
        "Комунальне господарство",
        ["ремонт", "житло"],
    ),
    ("Шкільні канікули: безпека дітей влітку", "Освіта", ["діти", "безпека"]),
    ("День скорботи і вшанування пам'яті жертв війни", "Офіційно", ["пам'ять"]),
    ("Випускники міських шкіл отримали атестати", "Освіта", ["школи"]),
    ("День визволення міста Лисичанськ", "Офіційно", ["свята"]),
    ("Міський турнір з міні-футболу", "Спорт", ["футбол"]),
    ("Церемонія підняття Державного Прапора України", "Офіційно", ["свята", "прапор"]),
    ("Пам'яті захисників України", "Офіційно", ["пам'ять"]),
    ("310-та річниця заснування міста", "Культура", ["День міста", "свята"]),
    ("Відкриття меморіальної дошки шахтарю Іллі Бутяєву", "Культура", ["пам'ять"]),
    ("Підготовка котелень до опалювального сезону", "Комунальне господарство", ["опалення"]),
    ("Місцеві вибори 2020: де голосувати", "Офіційно", ["вибори"]),
    ("Прес-конференція щодо наслідків негоди", "Комунальне господарство", ["негода"]),
    ("Відкриття пам'ятника добровольцям АТО", "Офіційно", ["пам'ять", "ветерани"]),
    ("Урочиста хода до Дня визволення України", "Офіційно", ["пам'ять"]),
    ("Тренінг з інструментів електронної демократії", "Освіта", ["е-демократія"]),
    ("Робоча нарада з ветеранами Чорнобиля", "Соціальний захист", ["ветерани", "Чорнобиль"]),
    ("Вшанування пам'яті жертв голодоморів", "Офіційно", ["пам'ять", "Голодомор"]),
    ("Допомога родинам з дітьми: як отримати", "Соціальний захист", ["діти", "допомога"]),
    ("Новорічна ялинка на центральній площі", "Культура", ["свята"]),
    ("День вшанування ліквідаторів аварії на ЧАЕС", "Офіційно", ["Чорнобиль"]),
    ("Громадський бюджет: збір ідей розпочато", "Офіційно", ["громадський бюджет"]),
    ("Вакцинація від грипу в амбулаторіях міста", "Здоров’я", ["здоров'я"]),
    ("Бібліотеки міста переходять в онлайн", "Культура", ["бібліотеки"]),
    ("Змагання з легкої атлетики серед школярів", "Спорт", ["легка атлетика", "діти"]),
    ("Графік прийому громадян керівником ВЦА", "Офіційно", ["прийом громадян"]),
]

ALBUMS = [
    ("День Соборності України", dt.date(2020, 1, 22)),
    ("Міжнародний жіночий день", dt.date(2020, 3, 6)),
    ("34-та річниця аварії на ЧАЕС", dt.date(2020, 4, 24)),
    ("День пам'яті та примирення", dt.date(2020, 5, 8)),
    ("День Державного Прапора України", dt.date(2020, 8, 23)),
    ("310-та річниця заснування Лисичанська", dt.date(2020, 9, 1)),
    ("Відкриття пам'ятника добровольцям АТО", dt.date(2020, 10, 14)),
    ("День пам'яті жертв голодоморів", dt.date(2020, 11, 27)),
]
PHOTOS_PER_ALBUM = 6

VIDEOS = [
    (
        "Звернення керівника ВЦА до мешканців міста",
        dt.date(2020, 3, 18),
        "https://www.youtube.com/watch?v=hromadademo1",
    ),
    (
        "Лисичанськ — 310: святковий відеоролик",
        dt.date(2020, 9, 1),
        "https://www.youtube.com/watch?v=hromadademo2",
    ),
    ("Як подати запит на публічну інформацію", dt.date(2020, 10, 5), "https://vimeo.com/100000001"),
    (
        "Підсумки року: відділ внутрішньої політики",
        dt.date(2020, 12, 28),
        "https://www.youtube.com/watch?v=hromadademo3",
    ),
]

# Past announcements from the seed report, and yearly days that give upcoming ones.
PAST_EVENTS = [
    (
        "Урочистий захід до Дня Соборності України",
        dt.datetime(2020, 1, 22, 11, 0),
        "Площа Перемоги",
    ),
    (
        "Урочисто-траурний мітинг до Дня вшанування учасників бойових дій",
        dt.datetime(2020, 2, 15, 10, 0),
        "Меморіал воїнам-інтернаціоналістам",
    ),
    (
        "Урочисті заходи до 310-ї річниці заснування міста",
        dt.datetime(2020, 9, 1, 10, 0),
        "Центральна площа",
    ),
    (
        "Покладання квітів до Дня визволення України",
        dt.datetime(2020, 10, 28, 10, 0),
        "Сквер Героїв",
    ),
]
YEARLY_EVENTS = [
    ("День Гідності та Свободи", 11, 21, "Площа Перемоги"),
    ("Вшанування пам'яті жертв голодоморів", 11, 28, "Меморіальний знак пам'яті жертв голодомору"),
    ("День Збройних Сил України", 12, 6, "Сквер Героїв"),
    (
        "День вшанування учасників ліквідації наслідків аварії на ЧАЕС",
        12,
        14,
        "Пам'ятний знак ліквідаторам",
    ),
    ("День Соборності України", 1, 22, "Площа Перемоги"),
]


def slug_for(title: str) -> str:
    return slugify(transliterate(title))[:80] or "page"


def draw_image(title: str, *, seed: int, size: tuple[int, int] = (1200, 800)) -> HromadaImage:
    """A generated picture (a gradient with circles), stored once per title."""
    existing = HromadaImage.objects.filter(title=title).first()
    if existing:
        return existing
    buffer = io.BytesIO(picture_jpeg(seed=seed, size=size))
    image = HromadaImage(title=title)
    image.file.save(
        f"demo-{slug_for(title)[:40]}-{seed}.jpg", ImageFile(buffer, name="demo.jpg"), save=False
    )
    image.save()
    return image


def child(parent: Page, model: type[Page], *, title: str, when: dt.datetime, **fields: Any) -> Page:
    """Create and publish `model` under `parent` unless a child with its slug exists."""
    slug = fields.pop("slug", None) or slug_for(title)
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(title=title, slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    # The demo happened in 2020: date its publication accordingly.
    model.objects.filter(pk=page.pk).update(first_published_at=when, last_published_at=when)
    page.refresh_from_db()
    return page


def load(*, stdout: TextIO) -> None:
    home = HomePage.objects.first()
    if home is None:
        raise RuntimeError("No home page: run migrate first.")
    if home.title != "Головна" or not home.intro:
        home.title = "Головна"
        home.intro = (
            "<p>Офіційний вебпортал Лисичанської міської ради: "
            "новини, рішення, послуги та відкриті дані.</p>"
        )
        home.save_revision().publish()

    sections = build_sections(home)
    news_index = build_news(home)
    events_index = build_events(home)
    gallery = build_gallery(home)
    videos = build_videos(home)
    stdout.write(
        f"{len(sections)} sections, {NewsPage.objects.child_of(news_index).count()} news, "
        f"{EventPage.objects.child_of(events_index).count()} events, "
        f"{AlbumPage.objects.child_of(gallery).count()} albums, "
        f"{VideoPage.objects.child_of(videos).count()} videos\n"
    )


def build_sections(home: HomePage) -> dict[str, Page]:
    by_title: dict[str, Page] = {}
    for number, (title, subsections) in enumerate(OLD_SECTIONS):
        when = ESTABLISHED + dt.timedelta(days=30 * number)
        section = child(
            home,
            SectionPage,
            title=title,
            when=when,
            show_in_menus=True,
            intro=f"<p>Розділ «{title}».</p>",
        )
        by_title[title] = section
        for sub_number, sub_title in enumerate(subsections):
            by_title[sub_title] = child(
                section,
                SectionPage,
                title=sub_title,
                when=when + dt.timedelta(days=sub_number + 1),
                intro=f"<p>Підрозділ «{sub_title}».</p>",
            )
    for number, title in enumerate(NEW_SECTIONS_2020):
        when = dt.datetime(2020, 3 + 2 * number, 10, 10, 0, tzinfo=KYIV)
        by_title[title] = child(
            home,
            SectionPage,
            title=title,
            when=when,
            show_in_menus=number in (1, 3),
            intro=f"<p>Розділ «{title}», створений у 2020 році.</p>",
        )
    day = 0
    for parent_title, subsections in NEW_SUBSECTIONS_2020.items():
        for title in subsections:
            day += 9
            when = dt.datetime(2020, 1, 15, 10, 0, tzinfo=KYIV) + dt.timedelta(days=day)
            by_title[title] = child(
                by_title[parent_title],
                SectionPage,
                title=title,
                when=when,
                intro=f"<p>Підрозділ «{title}».</p>",
                body=[
                    (
                        "paragraph",
                        f"<p>Матеріали підрозділу «{title}» оновлюються "
                        "відповідальними структурними підрозділами.</p>",
                    )
                ],
            )
    child(
        by_title["Доступ до публічної інформації"],
        StandardPage,
        title="Як подати запит на інформацію",
        when=ESTABLISHED,
        intro="<p>Запит на публічну інформацію можна подати письмово, "
        "електронною поштою або через портал.</p>",
        body=[
            (
                "paragraph",
                "<p>Відповідь надається протягом п'яти робочих днів з дня отримання запиту.</p>",
            )
        ],
    )
    return by_title


def build_news(home: HomePage) -> NewsIndexPage:
    index = child(
        home,
        NewsIndexPage,
        title="Новини",
        slug="news",
        when=ESTABLISHED,
        show_in_menus=True,
        intro="<p>Новини міста та міської ради.</p>",
    )
    categories = {}
    for name in CATEGORIES:
        categories[name], _ = NewsCategory.objects.get_or_create(
            name=name, defaults={"slug": slug_for(name)}
        )
    for number, (title, category, tags) in enumerate(NEWS_TOPICS):
        when = dt.datetime(2020, 1, 3, 9, 30, tzinfo=KYIV) + dt.timedelta(
            days=number * 10, hours=number % 7
        )
        slug = f"{when:%Y-%m-%d}-{slug_for(title)}"[:80]
        if index.get_children().filter(slug=slug).exists():
            continue
        lead_image = draw_image(title, seed=number)
        body: list[tuple[str, Any]] = [
            (
                "paragraph",
                f"<p>{when:%d.%m.%Y} у Лисичанську відбулася подія: {title.lower()}. "
                "Фахівці відділу забезпечили висвітлення на офіційному сайті.</p>",
            ),
        ]
        if number % 3 == 0:
            extra = draw_image(f"{title} — фото", seed=100 + number)
            body.append(
                (
                    "image",
                    {
                        "image": extra,
                        "alt_text": f"Учасники заходу: {title.lower()}",
                        "caption": "Фото відділу",
                    },
                )
            )
        if number % 5 == 0:
            body.append(
                (
                    "table",
                    {
                        "caption": "Графік заходів",
                        "table": {
                            "data": [["Дата", "Захід"], [f"{when:%d.%m.%Y}", title]],
                            "first_row_is_table_header": True,
                            "first_col_is_header": False,
                        },
                    },
                )
            )
        page = NewsPage(
            title=title,
            slug=slug,
            date=when,
            category=categories[category],
            lead_image=lead_image,
            lead_image_alt=f"Ілюстрація до новини «{title}»",
            lead=f"{title}: подробиці та фото.",
            body=body,
        )
        index.add_child(instance=page)
        page.tags.add(*tags)
        page.save_revision().publish()
        NewsPage.objects.filter(pk=page.pk).update(first_published_at=when, last_published_at=when)
    return index


def next_occurrence(month: int, day: int, today: dt.date) -> dt.date:
    candidate = dt.date(today.year, month, day)
    return candidate if candidate >= today else dt.date(today.year + 1, month, day)


def build_events(home: HomePage) -> EventIndexPage:
    index = child(
        home,
        EventIndexPage,
        title="Анонс подій",
        slug="events",
        when=ESTABLISHED,
        show_in_menus=True,
    )
    for title, start, place in PAST_EVENTS:
        start_local = start.replace(tzinfo=KYIV)
        child(
            index,
            EventPage,
            title=title,
            when=start_local - dt.timedelta(days=5),
            start=start_local,
            place=place,
            organizer="Відділ з питань внутрішньої політики, зв'язку з громадськістю та ЗМІ",
            description=f"<p>Запрошуємо мешканців міста: {title.lower()}.</p>",
            slug=f"{start:%Y-%m-%d}-{slug_for(title)}"[:80],
        )
    today = dt.datetime.now(tz=KYIV).date()
    for title, month, day, place in YEARLY_EVENTS:
        date = next_occurrence(month, day, today)
        start = dt.datetime.combine(date, dt.time(10, 0), tzinfo=KYIV)
        child(
            index,
            EventPage,
            title=title,
            when=start - dt.timedelta(days=7),
            start=start,
            place=place,
            organizer="Лисичанська міська рада",
            description=f"<p>{title}: покладання квітів та хвилина мовчання.</p>",
            slug=f"{date:%Y-%m-%d}-{slug_for(title)}"[:80],
        )
    return index


def build_gallery(home: HomePage) -> GalleryIndexPage:
    index = child(
        home,
        GalleryIndexPage,
        title="Фотогалерея",
        slug="gallery",
        when=ESTABLISHED,
        show_in_menus=True,
    )
    for number, (title, date) in enumerate(ALBUMS):
        slug = f"{date:%Y-%m-%d}-{slug_for(title)}"[:80]
        if index.get_children().filter(slug=slug).exists():
            continue
        album = AlbumPage(
            title=title, slug=slug, date=date, description=f"<p>{title}, {date:%d.%m.%Y}.</p>"
        )
        for photo_number in range(PHOTOS_PER_ALBUM):
            image = draw_image(
                f"{title} — {photo_number + 1}", seed=1000 + number * 10 + photo_number
            )
            album.photos.add(
                AlbumPhoto(
                    image=image,
                    alt_text=f"{title}: момент заходу, фото {photo_number + 1}",
                    caption=f"{title}. Фото {photo_number + 1}",
                )
            )
        index.add_child(instance=album)
        album.save_revision().publish()
        when = dt.datetime.combine(date, dt.time(18, 0), tzinfo=KYIV)
        AlbumPage.objects.filter(pk=album.pk).update(
            first_published_at=when, last_published_at=when
        )
    return index


def build_videos(home: HomePage) -> VideoIndexPage:
    index = child(
        home,
        VideoIndexPage,
        title="Відеогалерея",
        slug="video",
        when=ESTABLISHED,
        show_in_menus=True,
    )
    for title, date, url in VIDEOS:
        child(
            index,
            VideoPage,
            title=title,
            when=dt.datetime.combine(date, dt.time(12, 0), tzinfo=KYIV),
            date=date,
            video_url=url,
            description=f"<p>{title}.</p>",
            slug=f"{date:%Y-%m-%d}-{slug_for(title)}"[:80],
        )
    return index
