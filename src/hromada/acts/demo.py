"""The demo city's acts: decisions, orders, drafts and lustration documents of Лисичанськ in
2020, each with a small generated file (PDF with a text layer, a scanned PDF without one, DOCX
or ODT), and the public register pages under "Місцеве самоврядування".

A few drafts are dated from today, so the drafts' deadlines (days left for comments, the
admin's list of late and at-risk drafts) show something whenever the demo is loaded.

Idempotent: an act is matched by kind, date and title; pages by slug under their parent.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import zipfile
from pathlib import Path
from typing import TextIO
from xml.sax.saxutils import escape

from django.utils import timezone

from hromada.acts import services
from hromada.acts.models import Act, ActKindLabels, ActRegisterPage, Kind, Scope, Status
from hromada.core import legal_calendar

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
)
COUNCIL = "Лисичанська міська рада"
EXECUTIVE = "Виконавчий комітет Лисичанської міської ради"
MAYOR = "Міський голова"
HEAD = "Військово-цивільна адміністрація міста Лисичанськ Луганської області"
BODIES = {
    Kind.COUNCIL_DECISION: COUNCIL,
    Kind.EXECUTIVE_DECISION: EXECUTIVE,
    Kind.MAYOR_ORDER: MAYOR,
    Kind.HEAD_ORDER: HEAD,
}
KIND_LABELS = {
    "council_decision": "Рішення сесії міської ради",
    "executive_decision": "Рішення виконавчого комітету",
    "mayor_order": "Розпорядження міського голови",
    "head_order": "Розпорядження керівника ВЦА",
}

# (kind, number, date, title, department, topics, body text of the file, file format)
ACTS: list[tuple[str, str, dt.date, str, str, list[str], str, str]] = [
    (
        "council_decision",
        "79/1150",
        dt.date(2020, 1, 30),
        "Про внесення змін до рішення міської ради від 20.12.2019 № 78/1120",
        "Фінансове управління",
        ["бюджет"],
        "Внести зміни до міського бюджету на 2020 рік: перерозподіл бюджетних призначень "
        "головних розпорядників коштів за економічною класифікацією видатків.",
        "pdf",
    ),
    (
        "council_decision",
        "80/1171",
        dt.date(2020, 2, 27),
        "Про затвердження Програми розвитку громадського бюджету (бюджету участі) на "
        "2020–2022 роки",
        "Відділ економічного розвитку",
        ["бюджет", "громадський бюджет"],
        "Затвердити Програму громадського бюджету міста: порядок подання проєктів мешканцями, "
        "голосування та фінансування переможців.",
        "docx",
    ),
    (
        "council_decision",
        "81/1190",
        dt.date(2020, 3, 26),
        "Про затвердження Програми «Лисичанськ — Smart City» на 2020–2022 роки",
        "Відділ з питань внутрішньої політики, зв'язку з громадськістю та ЗМІ",
        ["інформатизація"],
        "Створення єдиного міського веб-порталу, відкриті дані, електронні послуги та "
        "електронна демократія для мешканців міста.",
        "pdf",
    ),
    (
        "council_decision",
        "82/1207",
        dt.date(2020, 4, 23),
        "Про встановлення ставок місцевих податків і зборів на 2021 рік",
        "Фінансове управління",
        ["податки"],
        "Встановити ставки податку на нерухоме майно, відмінне від земельної ділянки, "
        "туристичного збору та єдиного податку на території міста.",
        "odt",
    ),
    (
        "council_decision",
        "83/1222",
        dt.date(2020, 5, 28),
        "Про надання дозволу на розроблення детального плану території",
        "Відділ містобудування та архітектури",
        ["містобудування"],
        "Надати дозвіл на розроблення детального плану території кварталу в районі "
        "вулиці Грушевського.",
        "scan",
    ),
    (
        "council_decision",
        "84/1240",
        dt.date(2020, 6, 25),
        "Про внесення змін до Програми розвитку громадського бюджету (бюджету участі)",
        "Відділ економічного розвитку",
        ["громадський бюджет"],
        "Уточнити строки подання проєктів громадського бюджету у зв'язку з карантином.",
        "pdf",
    ),
    (
        "executive_decision",
        "12",
        dt.date(2020, 1, 21),
        "Про підготовку до відзначення Дня Соборності України",
        "Відділ культури",
        ["свята"],
        "Провести урочистий захід до Дня Соборності України 22.01.2020 на площі Перемоги.",
        "docx",
    ),
    (
        "executive_decision",
        "48",
        dt.date(2020, 3, 17),
        "Про заходи щодо запобігання поширенню коронавірусної хвороби COVID-19",
        "Управління охорони здоров'я",
        ["коронавірус", "охорона здоров'я"],
        "Запровадити карантинні обмеження, забезпечити заклади засобами захисту, "
        "організувати роботу ЦНАП за попереднім записом.",
        "pdf",
    ),
    (
        "executive_decision",
        "61",
        dt.date(2020, 4, 14),
        "Про організацію відпочинку та оздоровлення дітей влітку 2020 року",
        "Управління освіти",
        ["діти", "освіта"],
        "Організувати роботу пришкільних таборів з урахуванням карантинних обмежень.",
        "odt",
    ),
    (
        "executive_decision",
        "77",
        dt.date(2020, 5, 19),
        "Про підготовку житлового фонду до опалювального періоду 2020/2021 років",
        "Управління житлово-комунального господарства",
        ["опалення", "житло"],
        "Провести гідравлічні випробування теплових мереж, ремонт покрівель та енергоаудит "
        "будівель бюджетних установ; результати енергоаудиту подати до 01.09.2020.",
        "pdf",
    ),
    (
        "executive_decision",
        "93",
        dt.date(2020, 6, 16),
        "Про затвердження тарифів на послуги з постачання теплової енергії",
        "Управління житлово-комунального господарства",
        ["тарифи", "опалення"],
        "Затвердити тарифи на теплову енергію, її виробництво, транспортування та постачання.",
        "scan",
    ),
    (
        "executive_decision",
        "104",
        dt.date(2020, 7, 21),
        "Про визнання таким, що втратило чинність, рішення виконавчого комітету від "
        "16.06.2020 № 93",
        "Управління житлово-комунального господарства",
        ["тарифи"],
        "Визнати таким, що втратило чинність, рішення про тарифи на теплову енергію "
        "у зв'язку з перерахунком.",
        "pdf",
    ),
    (
        "mayor_order",
        "3",
        dt.date(2020, 1, 10),
        "Про скликання чергової сесії міської ради",
        "Загальний відділ",
        ["сесія"],
        "Скликати чергову сесію міської ради 30.01.2020 о 10:00 у сесійній залі.",
        "docx",
    ),
    (
        "mayor_order",
        "41",
        dt.date(2020, 3, 4),
        "Про створення робочої групи зі створення єдиного міського веб-порталу "
        "«Лисичанськ — Smart City»",
        "Відділ з питань внутрішньої політики, зв'язку з громадськістю та ЗМІ",
        ["інформатизація"],
        "Створити робочу групу та затвердити її склад; перше засідання провести 04.03.2020.",
        "pdf",
    ),
    (
        "mayor_order",
        "57",
        dt.date(2020, 4, 22),
        "Про проведення заходів до 34-ї річниці аварії на Чорнобильській АЕС",
        "Відділ культури",
        ["пам'ять"],
        "Організувати покладання квітів до пам'ятного знака ліквідаторам 24.04.2020.",
        "odt",
    ),
    (
        "mayor_order",
        "70",
        dt.date(2020, 5, 6),
        "Про відзначення Дня пам'яті та примирення і Дня перемоги над нацизмом",
        "Відділ культури",
        ["пам'ять", "свята"],
        "Провести покладання квітів 08 та 09.05.2020 з дотриманням карантинних вимог.",
        "pdf",
    ),
    (
        "mayor_order",
        "95",
        dt.date(2020, 7, 20),
        "Про відзначення Дня визволення міста Лисичанськ",
        "Відділ культури",
        ["свята"],
        "Провести покладання квітів до Дня визволення міста 24.07.2020.",
        "docx",
    ),
    (
        "head_order",
        "1",
        dt.date(2020, 8, 5),
        "Про початок роботи військово-цивільної адміністрації міста Лисичанськ",
        "Загальний відділ",
        ["ВЦА"],
        "Розпочати роботу військово-цивільної адміністрації міста Лисичанськ Луганської "
        "області з 05.08.2020.",
        "pdf",
    ),
    (
        "head_order",
        "14",
        dt.date(2020, 8, 18),
        "Про затвердження Регламенту військово-цивільної адміністрації міста Лисичанськ",
        "Загальний відділ",
        ["ВЦА"],
        "Затвердити Регламент: порядок підготовки розпоряджень, оприлюднення проєктів, "
        "прийом громадян.",
        "docx",
    ),
    (
        "head_order",
        "37",
        dt.date(2020, 8, 27),
        "Про відзначення 310-ї річниці з дня заснування міста Лисичанська",
        "Відділ культури",
        ["свята", "День міста"],
        "Провести урочисті заходи 01–02.09.2020; виготовити вітальні листівки.",
        "pdf",
    ),
    (
        "head_order",
        "118",
        dt.date(2020, 10, 13),
        "Про відкриття пам'ятника добровольцям антитерористичної операції",
        "Відділ культури",
        ["пам'ять"],
        "Провести урочисте відкриття пам'ятника 14.10.2020.",
        "odt",
    ),
    (
        "head_order",
        "203",
        dt.date(2020, 11, 24),
        "Про ліквідацію наслідків негоди та відновлення електропостачання",
        "Управління житлово-комунального господарства",
        ["негода"],
        "Створити штаб з ліквідації наслідків негоди; забезпечити роботу пунктів обігріву.",
        "scan",
    ),
    (
        "head_order",
        "251",
        dt.date(2020, 12, 22),
        "Про бюджет міста Лисичанськ на 2021 рік",
        "Фінансове управління",
        ["бюджет"],
        "Визначити доходи та видатки бюджету міста на 2021 рік, резервний фонд і "
        "бюджетні програми головних розпорядників.",
        "pdf",
    ),
]

# Drafts of 2020: (kind, draft number, prepared on, published on, consideration, title, adopted
# as (number, date) or None, rejected)
DRAFTS: list[tuple[str, str, dt.date, dt.date, dt.date, str, tuple[str, dt.date] | None, bool]] = [
    (
        "council_decision",
        "П-12",
        dt.date(2020, 1, 10),
        dt.date(2020, 1, 13),
        dt.date(2020, 1, 30),
        "Про внесення змін до рішення міської ради від 20.12.2019 № 78/1120",
        ("79/1150", dt.date(2020, 1, 30)),
        False,
    ),
    (
        "council_decision",
        "П-25",
        dt.date(2020, 2, 7),
        dt.date(2020, 2, 10),
        dt.date(2020, 2, 27),
        "Про затвердження Програми розвитку громадського бюджету "
        "(бюджету участі) на 2020–2022 роки",
        ("80/1171", dt.date(2020, 2, 27)),
        False,
    ),
    (
        "council_decision",
        "П-31",
        dt.date(2020, 3, 2),
        dt.date(2020, 3, 3),
        dt.date(2020, 3, 26),
        "Про перейменування вулиць міста",
        None,
        True,
    ),
    (
        "council_decision",
        "П-40",
        dt.date(2020, 4, 8),
        dt.date(2020, 4, 15),
        dt.date(2020, 4, 23),
        "Про встановлення ставок місцевих податків і зборів на 2021 рік",
        ("82/1207", dt.date(2020, 4, 23)),
        False,
    ),
    (
        "executive_decision",
        "П-70",
        dt.date(2020, 5, 5),
        dt.date(2020, 5, 6),
        dt.date(2020, 5, 19),
        "Про підготовку житлового фонду до опалювального періоду 2020/2021 років",
        ("77", dt.date(2020, 5, 19)),
        False,
    ),
    (
        "head_order",
        "ПР-30",
        dt.date(2020, 8, 12),
        dt.date(2020, 8, 13),
        dt.date(2020, 8, 27),
        "Про відзначення 310-ї річниці з дня заснування міста Лисичанська",
        ("37", dt.date(2020, 8, 27)),
        False,
    ),
    (
        "head_order",
        "ПР-240",
        dt.date(2020, 12, 4),
        dt.date(2020, 12, 7),
        dt.date(2020, 12, 22),
        "Про бюджет міста Лисичанськ на 2021 рік",
        ("251", dt.date(2020, 12, 22)),
        False,
    ),
]

# Drafts awaiting consideration, dated from the day the demo is loaded:
# (title, kind, working days from today to consideration, working days ago published or None)
CURRENT_DRAFTS = [
    ("Про затвердження Положення про громадський бюджет міста", "head_order", 20, 0),
    ("Про встановлення тарифів на вивезення побутових відходів", "head_order", 9, 0),
    ("Про затвердження плану діяльності з підготовки регуляторних актів", "head_order", 11, None),
]

# (category, position, date, title)
LUSTRATION = [
    (
        "notice",
        "начальник відділу з питань внутрішньої політики, зв'язку з громадськістю та ЗМІ",
        dt.date(2020, 8, 20),
        "Повідомлення про початок проведення перевірки",
    ),
    (
        "result",
        "начальник відділу з питань внутрішньої політики, зв'язку з громадськістю та ЗМІ",
        dt.date(2020, 10, 2),
        "Результати перевірки, передбаченої Законом України «Про очищення влади»",
    ),
    (
        "notice",
        "заступник керівника військово-цивільної адміністрації",
        dt.date(2020, 9, 1),
        "Повідомлення про початок проведення перевірки",
    ),
    (
        "result",
        "заступник керівника військово-цивільної адміністрації",
        dt.date(2020, 11, 3),
        "Результати перевірки, передбаченої Законом України «Про очищення влади»",
    ),
    (
        "notice",
        "начальник фінансового управління",
        dt.date(2020, 11, 16),
        "Повідомлення про початок проведення перевірки",
    ),
]

# Register pages: (parent section title, page title, scope, kind)
PAGES = [
    ("Рішення", "Рішення сесій міської ради", Scope.ACTS, Kind.COUNCIL_DECISION),
    ("Рішення", "Рішення виконавчого комітету міської ради", Scope.ACTS, Kind.EXECUTIVE_DECISION),
    ("Рішення", "Розпорядження міського голови", Scope.ACTS, Kind.MAYOR_ORDER),
    ("Рішення", "Розпорядження керівника ВЦА", Scope.ACTS, Kind.HEAD_ORDER),
    ("Рішення", "Усі рішення та розпорядження", Scope.ACTS, ""),
    ("Проєкти рішень", "Проєкти рішень", Scope.DRAFTS, ""),
    ("Проєкти рішень", "Проєкти розпоряджень", Scope.DRAFTS, Kind.HEAD_ORDER),
    ("Перевірка діючих посадових осіб", "Очищення влади", Scope.LUSTRATION, ""),
]
DOCUMENTS_SECTION = "Система обліку інформації"
# Documents of the register other than acts: (title, number, created, received, source,
# access, basis, field, keywords, type, carrier, storage)
DOCUMENTS = [
    (
        "Звіт про роботу відділу з питань внутрішньої політики, зв'язку з громадськістю та ЗМІ "
        "за 2020 рік",
        "",
        dt.date(2021, 1, 12),
        None,
        "Відділ з питань внутрішньої політики, зв'язку з громадськістю та ЗМІ",
        "open",
        "",
        "інформаційна політика",
        "звіт, ЗМІ, вебпортал",
        "Звіт",
        "both",
        "Відділ, справа 01-12",
    ),
    (
        "Лист Луганської обласної державної адміністрації щодо інформування населення",
        "01-27/1543",
        dt.date(2020, 9, 14),
        dt.date(2020, 9, 16),
        "Луганська обласна державна адміністрація",
        "open",
        "",
        "інформаційна політика",
        "інформування, ЗМІ",
        "Лист",
        "electronic",
        "Загальний відділ, справа 02-04",
    ),
    (
        "Мобілізаційний план військово-цивільної адміністрації",
        "МП-1",
        dt.date(2020, 10, 1),
        None,
        "Військово-цивільна адміністрація міста Лисичанськ",
        "official_use",
        "Закон України «Про доступ до публічної інформації», ст. 6, ст. 9",
        "оборона",
        "мобілізація",
        "План",
        "paper",
        "Режимно-секретний сектор",
    ),
]


# --- Files ------------------------------------------------------------------------------


def _font() -> str | None:
    return next((path for path in FONT_CANDIDATES if Path(path).is_file()), None)


def pdf_bytes(title: str, body: str) -> bytes | None:
    """A one-page PDF with a text layer, or None when no Unicode font is installed."""
    font = _font()
    if font is None:
        return None
    from fpdf import FPDF

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # it logs every glyph it keeps
    pdf = FPDF()
    pdf.set_creation_date(dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    pdf.add_font("DejaVu", fname=font)
    pdf.add_page()
    pdf.set_font("DejaVu", size=14)
    pdf.multi_cell(0, 8, title)
    pdf.ln(4)
    pdf.set_font("DejaVu", size=11)
    pdf.multi_cell(0, 6, body)
    return bytes(pdf.output())


def scan_bytes(title: str) -> bytes:
    """A "scanned" PDF: one picture, no text layer."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (620, 877), 245)
    draw = ImageDraw.Draw(image)
    for line in range(12):
        y = 120 + line * 50
        draw.rectangle((60, y, 560 - (line % 3) * 60, y + 12), fill=90)
    draw.rectangle((60, 50, 560, 80), fill=40)
    buffer = io.BytesIO()
    image.save(buffer, format="PDF", title=title[:60])
    return buffer.getvalue()


def _paragraphs_xml(texts: list[str], tag: str) -> str:
    if tag == "docx":
        return "".join(f"<w:p><w:r><w:t>{escape(t)}</w:t></w:r></w:p>" for t in texts)
    return "".join(f"<text:p>{escape(t)}</text:p>" for t in texts)


def docx_bytes(title: str, body: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{_paragraphs_xml([title, body], 'docx')}</w:body></w:document>",
        )
    return buffer.getvalue()


def odt_bytes(title: str, body: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.text",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            'manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
            '<manifest:file-entry manifest:full-path="content.xml" '
            'manifest:media-type="text/xml"/></manifest:manifest>',
            compress_type=zipfile.ZIP_DEFLATED,
        )
        archive.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
            'office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
            'office:version="1.2"><office:body><office:text>'
            f"{_paragraphs_xml([title, body], 'odt')}</office:text></office:body>"
            "</office:document-content>",
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return buffer.getvalue()


def demo_file(stem: str, title: str, body: str, fmt: str) -> services.FileInput:
    """The act's file in the wanted format (a PDF falls back to DOCX without a font)."""
    if fmt == "scan":
        return services.FileInput(f"{stem}.pdf", scan_bytes(title))
    if fmt == "pdf":
        data = pdf_bytes(title, body)
        if data is not None:
            return services.FileInput(f"{stem}.pdf", data)
        fmt = "docx"
    if fmt == "odt":
        return services.FileInput(f"{stem}.odt", odt_bytes(title, body))
    return services.FileInput(f"{stem}.docx", docx_bytes(title, body))


# --- Loading -------------------------------------------------------------------------------


def _slug(kind: str, number: str) -> str:
    from hromada.core.text import transliterate

    safe = transliterate(number).replace("/", "-").replace(" ", "")
    return f"{kind}-{safe}"


def _exists(kind: str, date: dt.date, title: str, status: str) -> Act | None:
    return Act.objects.filter(kind=kind, date=date, title=title, status=status).first()


def _published(date: dt.date) -> dt.date:
    return legal_calendar.add_working_days(date, 1)


def load_acts() -> int:
    created = 0
    by_number: dict[tuple[str, str], Act] = {}
    drafts: dict[tuple[str, str], Act] = {}
    for kind, number, prepared, published, consideration, title, adopted, rejected in DRAFTS:
        status = Status.REJECTED if rejected else Status.DRAFT
        draft = _exists(kind, prepared, title, status)
        if draft is None:
            draft = services.create_act(
                kind=kind,
                number=number,
                date=prepared,
                title=title,
                status=status,
                published_on=published,
                consideration_date=consideration,
                issuing_body=BODIES[Kind(kind)],
                files=[
                    demo_file(
                        f"proekt-{_slug(kind, number)}",
                        f"Проєкт. {title}",
                        f"Проєкт рішення. {title}. Зауваження та пропозиції приймаються до "
                        f"{consideration:%d.%m.%Y}.",
                        "docx",
                    )
                ],
            )
            created += 1
        if adopted is not None:
            drafts[(kind, adopted[0])] = draft
    for kind, number, date, title, department, topics, body, fmt in ACTS:
        act = _exists(kind, date, title, Status.ADOPTED) or _exists(
            kind, date, title, Status.REPEALED
        )
        if act is None:
            act = services.create_act(
                kind=kind,
                number=number,
                date=date,
                title=title,
                status=Status.ADOPTED,
                published_on=_published(date),
                issuing_body=BODIES[Kind(kind)],
                department=department,
                topics=topics,
                draft=drafts.get((kind, number)),
                files=[demo_file(_slug(kind, number), title, body, fmt)],
            )
            created += 1
        by_number[(kind, number)] = act
    # Links: the January budget amendment amends the budget; order 104 repeals decision 93.
    amended = by_number[("council_decision", "84/1240")]
    if not amended.amends.exists():
        services.update_act(act=amended, amends=[by_number[("council_decision", "80/1171")]])
    repealed = by_number[("executive_decision", "93")]
    if repealed.status != Status.REPEALED:
        services.repeal_act(act=repealed, by=by_number[("executive_decision", "104")])
    for category, position, date, title in LUSTRATION:
        if Act.objects.filter(
            lustration_category=category, date=date, person_position=position
        ).exists():
            continue
        services.create_act(
            kind=Kind.HEAD_ORDER,
            date=date,
            title=f"{title}: {position}",
            status=Status.ADOPTED,
            published_on=date,
            issuing_body=HEAD,
            lustration_category=category,
            person_position=position,
            files=[
                demo_file(
                    f"ochyshchennia-{date:%Y%m%d}-{category}",
                    title,
                    f"{title} щодо особи, яка обіймає посаду: {position}. Закон України "
                    "«Про очищення влади».",
                    "pdf",
                )
            ],
        )
        created += 1
    return created + load_current_drafts()


def load_current_drafts() -> int:
    today = timezone.localdate()
    created = 0
    for number, (title, kind, days_ahead, published_ago) in enumerate(CURRENT_DRAFTS, start=1):
        consideration = legal_calendar.add_working_days(today, days_ahead)
        if Act.objects.filter(kind=kind, title=title, status=Status.DRAFT).exists():
            continue
        published = (
            legal_calendar.add_working_days(today, -published_ago)
            if published_ago is not None
            else None
        )
        if published is not None and published_ago == 0:
            published = today
        services.create_act(
            kind=kind,
            number=f"ПР-{today:%y%m%d}-{number}",
            date=published or today,
            title=title,
            status=Status.DRAFT,
            published_on=published,
            consideration_date=consideration,
            issuing_body=BODIES[Kind(kind)],
            files=[
                demo_file(
                    f"proekt-{today:%Y%m%d}-{number}",
                    f"Проєкт. {title}",
                    f"Проєкт розпорядження. {title}. Зауваження приймаються до "
                    f"{consideration:%d.%m.%Y} на адресу відділу.",
                    "pdf",
                )
            ],
        )
        created += 1
    return created


def load_pages() -> int:
    from hromada.portal.demo import ESTABLISHED, child
    from hromada.portal.models import SectionPage

    count = 0
    for number, (parent_title, title, scope, kind) in enumerate(PAGES):
        parent = SectionPage.objects.filter(title=parent_title).first()
        if parent is None:
            continue
        child(
            parent,
            ActRegisterPage,
            title=title,
            when=ESTABLISHED + dt.timedelta(days=60 + number),
            scope=scope.value,
            kind=str(kind),
            intro=f"<p>{title}: пошук за словами з назви й тексту документа, фільтри, "
            "завантаження списку у CSV та JSON.</p>",
        )
        count += 1
    return count


def load_documents() -> int:
    """The register of public-information documents: the acts' cards, a few other documents,
    and its public page."""
    from hromada.acts.models import PublicDocument, PublicDocumentRegisterPage
    from hromada.portal.demo import ESTABLISHED, child
    from hromada.portal.models import SectionPage

    for act in Act.objects.filter(public_document__isnull=True):
        services.sync_public_document(act)
    created = 0
    for (
        title,
        number,
        created_on,
        received,
        source,
        access,
        basis,
        field,
        keywords,
        kind,
        carrier,
        storage,
    ) in DOCUMENTS:
        if PublicDocument.objects.filter(title=title, created_on=created_on).exists():
            continue
        PublicDocument.objects.create(
            title=title,
            number=number,
            created_on=created_on,
            received_on=received,
            source=source,
            access=access,
            access_basis=basis,
            field=field,
            keywords=keywords,
            document_type=kind,
            carrier=carrier,
            storage=storage,
        )
        created += 1
    section = SectionPage.objects.filter(title=DOCUMENTS_SECTION).first()
    if section is not None:
        child(
            section,
            PublicDocumentRegisterPage,
            title="Реєстр документів публічної інформації",
            when=ESTABLISHED + dt.timedelta(days=120),
            intro="<p>Система обліку публічної інформації (стаття 18 Закону України «Про "
            "доступ до публічної інформації», постанова Кабінету Міністрів України "
            "№ 1277): картки документів міської ради.</p>",
        )
    return created


def load_labels() -> None:
    from hromada.core.selectors import default_site

    site = default_site()
    if site is None:
        return
    labels = ActKindLabels.for_site(site)
    if not labels.head_order:
        for kind, label in KIND_LABELS.items():
            setattr(labels, kind, label)
        labels.save()


def load(*, stdout: TextIO) -> None:
    load_labels()
    created = load_acts()
    pages = load_pages()
    documents = load_documents()
    stdout.write(
        f"{created} acts and drafts added, {pages} register pages, "
        f"{documents} other public-information documents\n"
    )
