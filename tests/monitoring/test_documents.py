"""Reviews and information notes rendered from DOCX templates: the built-in ones, an edited
template uploaded in the admin, refused uploads, and text from outside kept as text."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from zoneinfo import ZoneInfo

import docx
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from hromada.core import docx_templates, roles
from hromada.monitoring import documents, services
from hromada.monitoring.models import (
    DocumentKind,
    DocumentTemplate,
    NoteKind,
    Outlet,
    ReviewEntry,
    Topic,
)

pytestmark = pytest.mark.django_db
KYIV = ZoneInfo("Europe/Kyiv")
TEMPLATES = "wagtailsnippets_monitoring_documenttemplate"
HOSTILE = "Тарифи <b>&amp;</b> & «ціни» </w:t><script>alert(1)</script> {{ 7*7 }}"
ROADS = (
    "У Лисичанську завершили ремонт вулиці Сосюри: поклали новий асфальт, облаштували "
    "тротуари й зупинки. Роботи оплатили з бюджету громади, підрядника обрали через Prozorro."
)


@pytest.fixture
def admin_client(admin_user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(admin_user)
    return client


def _item(title: str, text: str, *, day: int, outlet: str = "Вісник Лисичанська", url: str = ""):  # type: ignore[no-untyped-def]
    return services.create_manual_item(
        outlet=Outlet.objects.get(name=outlet),
        title=title,
        text=text,
        url=url,
        published_at=dt.datetime(2027, 6, day, 10, tzinfo=KYIV),
    )


def _paragraphs(data: bytes) -> list[docx.text.paragraph.Paragraph]:
    return list(docx.Document(io.BytesIO(data)).paragraphs)


def _texts(data: bytes) -> list[str]:
    return [p.text for p in _paragraphs(data)]


def _review(user=None):  # type: ignore[no-untyped-def]
    roads = _item("Ремонт вулиці Сосюри", ROADS, day=1, url="https://novyny.example/roads")
    _item("Ремонт вулиці Сосюри", ROADS, day=2, outlet="Новини Донбасу")  # a reprint
    alley = _item(
        "Лисичанці висадили каштанову алею",
        "Лисичанці висадили сто каштанів уздовж набережної. Деталі на lysychansk.gov.ua.",
        day=3,
        outlet="Схід медіа",
    )
    review = services.create_review(
        title="Огляд: благоустрій, червень 2027",
        topic=Topic.objects.get(name="Ремонт доріг і благоустрій"),
        period_start=dt.date(2027, 6, 1),
        period_end=dt.date(2027, 6, 30),
        items=[alley, roads],
        introduction="Добірка публікацій про благоустрій.",
        prepared_on=dt.date(2027, 7, 1),
        user=user,
    )
    ReviewEntry.objects.filter(review=review, item=roads).update(
        annotation="Позитивна оцінка ремонту."
    )
    return review, roads, alley


def test_review_from_the_built_in_template(admin_user) -> None:  # type: ignore[no-untyped-def]
    admin_user.first_name, admin_user.last_name = "Олена", "Коваль"
    admin_user.save()
    review, roads, alley = _review(admin_user)
    assert review.compiler == "Олена Коваль"
    body = documents.review_docx(review)
    paragraphs = _paragraphs(body)
    texts = [p.text for p in paragraphs]
    assert texts[:2] == [
        "Відділ з питань внутрішньої політики, зв'язку з громадськістю та ЗМІ",
        "Лисичанська міська рада",
    ]
    assert paragraphs[2].style.name == "Title" and texts[2] == review.title
    joined = "\n".join(texts)
    assert "01.06.2027 – 30.06.2027" in texts[3]
    assert "Ремонт доріг і благоустрій" in joined
    assert "Добірка публікацій про благоустрій." in texts
    # counts: two items in two stories, one citing the office's site
    assert any("2" in t and "(" in t and t.rstrip().endswith("1.") for t in texts)
    # the chosen order, numbered, each with its outlet, date, reprints and annotation
    first = texts.index(f"1. {alley.title}")
    second = texts.index(f"2. {roads.title}")
    assert first < second
    assert paragraphs[second].style.name == "Heading 2"
    assert texts[first + 1].startswith("Схід медіа, 03.06.2027")
    assert texts[second + 1].startswith("Вісник Лисичанська, 01.06.2027;")
    assert texts[second + 1].endswith("1")  # one reprint
    annotation = paragraphs[second + 2]
    assert annotation.text == "Позитивна оцінка ремонту." and annotation.runs[0].italic
    assert texts[second + 3] == ROADS
    assert texts[second + 4] == "https://novyny.example/roads"
    assert texts[-1].startswith("Підготовлено 01.07.2027.") and texts[-1].endswith("Олена Коваль")
    assert "{{" not in joined and "{%" not in joined
    # The HTML (and so the PDF) has the same values.
    page = documents.review_html(review)
    assert "Позитивна оцінка ремонту." in page and "Олена Коваль" in page
    assert '<a href="https://novyny.example/roads">' in page


def test_values_of_a_review_hold_every_placeholder() -> None:
    review, _roads, _alley = _review()
    values = documents.review_values(review)
    assert set(values) == set(documents.REVIEW_PLACEHOLDERS)
    entry = values["items"][1]
    assert (entry.outlet, entry.story_count, entry.reprints, entry.cites_office) == (
        "Вісник Лисичанська",
        2,
        1,
        False,
    )
    assert "Лисичанську" in entry.snippet and "<mark>" not in entry.snippet
    assert values["counts"].items == 2 and values["counts"].citing == 1


def test_note_from_the_built_in_template() -> None:
    from hromada.activities import services as activities

    _item("Ремонт вулиці Сосюри", ROADS, day=1, url="https://novyny.example/roads")
    _item("Ремонт вулиці Сосюри", ROADS, day=2, outlet="Новини Донбасу")
    activities.create_civic_action(
        kind="picket",
        date=dt.date(2027, 6, 3),
        place="площа Перемоги",
        subject=f"Проти підвищення тарифів {HOSTILE}",
        organizers="Ініціативна група мешканців",
        participants=40,
    )
    note = services.generate_note(kind=NoteKind.WEEKLY, period_start=dt.date(2027, 6, 1))
    values = documents.note_values(note)
    assert set(values) == set(documents.NOTE_PLACEHOLDERS)
    assert values["counts"].items == 2 and values["counts"].stories == 1
    assert values["counts"].civic_actions == 1
    assert values["stories"][0].count == 2 and len(values["stories"][0].items) == 2
    body = documents.note_docx(note)
    paragraphs = _paragraphs(body)
    texts = [p.text for p in paragraphs]
    assert paragraphs[2].style.name == "Title" and texts[2] == note.title
    assert "01.06.2027 – 07.06.2027" in texts[3]
    assert texts[4].endswith("1.")  # one civic action
    heading = texts.index("Ремонт вулиці Сосюри")
    assert paragraphs[heading].style.name == "Heading 2"
    bullets = [p.text for p in paragraphs if p.style.name == "List Bullet"]
    assert "https://novyny.example/roads" in bullets
    # the civic action's subject, from the journal, is text in the document
    assert any(HOSTILE in text for text in bullets)
    xml = zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml").decode()
    assert "<script>" not in xml


def test_text_from_outside_stays_text_in_every_format() -> None:
    item = _item(
        f"Лисичанськ: {HOSTILE}", f"У Лисичанську обговорили тарифи. {HOSTILE}\x0b\x01", day=5
    )
    review = services.create_review(
        title=f"Огляд {HOSTILE}",
        period_start=dt.date(2027, 6, 1),
        period_end=dt.date(2027, 6, 30),
        items=[item],
    )
    ReviewEntry.objects.filter(review=review).update(annotation=f"Коментар {HOSTILE}")
    body = documents.review_docx(review)
    assert zipfile.is_zipfile(io.BytesIO(body))
    texts = _texts(body)
    assert f"Огляд {HOSTILE}" in texts
    assert f"1. Лисичанськ: {HOSTILE}" in texts
    assert f"Коментар {HOSTILE}" in texts
    assert f"У Лисичанську обговорили тарифи. {HOSTILE}" in texts  # control characters gone
    xml = zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml").decode()
    assert "<script>" not in xml and "<b>" not in xml
    page = documents.review_html(review)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert documents.pdf(page).startswith(b"%PDF-")


def test_built_in_templates_download_and_pass_their_own_check(admin_client) -> None:  # type: ignore[no-untyped-def]
    listing = admin_client.get(reverse(f"{TEMPLATES}:list"))
    assert listing.status_code == 200
    for kind in DocumentKind.values:
        url = reverse(f"{TEMPLATES}:built_in_kind", args=[kind])
        assert url in listing.content.decode()
        response = admin_client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert documents.KINDS[kind].check(io.BytesIO(response.content)) == []
    assert admin_client.get(reverse(f"{TEMPLATES}:built_in_kind", args=["x"])).status_code == 404


def test_built_in_templates_need_permission(django_user_model) -> None:  # type: ignore[no-untyped-def]
    editor = django_user_model.objects.create_user(username="redaktor", password="x" * 16)
    editor.groups.add(Group.objects.get(name=roles.SITE_EDITOR))
    client = Client()
    client.force_login(editor)
    response = client.get(reverse(f"{TEMPLATES}:built_in_kind", args=["review"]))
    assert response.status_code in (302, 403)


def _edited(kind: str, *lines: str) -> bytes:
    """The built-in template as staff would edit it: a letterhead line first, lines added."""
    document = docx.Document(io.BytesIO(documents.KINDS[kind].built_in()))
    document.paragraphs[0].insert_paragraph_before("БЛАНК ВІДДІЛУ ІНФОРМАЦІЙНОЇ ПОЛІТИКИ")
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _upload(client: Client, kind: str, data: bytes, *, name: str, default: bool = True):  # type: ignore[no-untyped-def]
    fields = {"kind": kind, "name": name, "file": SimpleUploadedFile("t.docx", data)}
    if default:
        fields["is_default"] = "on"
    return client.post(reverse(f"{TEMPLATES}:add"), fields)


def test_an_uploaded_edited_template_is_used_for_its_kind_only(django_user_model) -> None:  # type: ignore[no-untyped-def]
    specialist = django_user_model.objects.create_user(username="fakhivets", password="x" * 16)
    specialist.groups.add(Group.objects.get(name=roles.SPECIALIST))
    client = Client()
    client.force_login(specialist)
    review, _roads, alley = _review()
    edited = _edited(
        "review",
        "Усього {{ counts.items }}, цитують відділ: {{ counts.citing }}; "
        "перше видання: {{ items[0].outlet }}",
    )
    response = _upload(client, "review", edited, name="Бланк огляду")
    assert response.status_code == 302, response.content.decode()[:3000]
    template = DocumentTemplate.objects.get(name="Бланк огляду")
    assert template.uploaded_by == specialist and template.kind == "review"
    download = client.get(reverse("monitoring_review_export", args=[review.pk, "docx"]))
    texts = _texts(download.content)
    assert texts[0] == "БЛАНК ВІДДІЛУ ІНФОРМАЦІЙНОЇ ПОЛІТИКИ"
    assert review.title in texts and f"1. {alley.title}" in texts
    assert texts[-1] == "Усього 2, цитують відділ: 1; перше видання: Схід медіа"
    # Notes keep their built-in template.
    note = services.generate_note(kind=NoteKind.DAILY, period_start=dt.date(2027, 6, 1))
    assert _texts(documents.note_docx(note))[0] != "БЛАНК ВІДДІЛУ ІНФОРМАЦІЙНОЇ ПОЛІТИКИ"
    # A template not marked default is kept but not used; the newest default one is.
    _upload(client, "review", _edited("review", "чернетка"), name="Чернетка", default=False)
    assert _texts(documents.review_docx(review))[-1].startswith("Усього 2")
    _upload(client, "review", _edited("review", "Новіший бланк"), name="Новіший")
    assert _texts(documents.review_docx(review))[-1] == "Новіший бланк"


def test_an_uploaded_note_template_uses_the_note_placeholders(admin_client) -> None:  # type: ignore[no-untyped-def]
    _item("Ремонт вулиці Сосюри", ROADS, day=1)
    edited = _edited(
        "weekly_note",
        "{%p for action in civic_actions %}",
        "{{ action.date }}: {{ action.subject }}",
        "{%p endfor %}",
        "Сюжетів: {{ counts.stories }}",
    )
    assert _upload(admin_client, "weekly_note", edited, name="Тижнева").status_code == 302
    # the same placeholders are not a review's
    refused = _upload(admin_client, "review", edited, name="Не огляд")
    assert refused.status_code == 200 and "civic_actions" in refused.content.decode()
    assert not DocumentTemplate.objects.filter(name="Не огляд").exists()
    weekly = services.generate_note(kind=NoteKind.WEEKLY, period_start=dt.date(2027, 6, 1))
    texts = _texts(
        admin_client.get(reverse("monitoring_note_export", args=[weekly.pk, "docx"])).content
    )
    assert texts[0] == "БЛАНК ВІДДІЛУ ІНФОРМАЦІЙНОЇ ПОЛІТИКИ" and texts[-1] == "Сюжетів: 1"
    daily = services.generate_note(kind=NoteKind.DAILY, period_start=dt.date(2027, 6, 1))
    assert _texts(documents.note_docx(daily))[0] != "БЛАНК ВІДДІЛУ ІНФОРМАЦІЙНОЇ ПОЛІТИКИ"
    # Turning the stored note template into a review template is checked too.
    weekly_template = DocumentTemplate.objects.get(name="Тижнева")
    edit = admin_client.post(
        reverse(f"{TEMPLATES}:edit", args=[weekly_template.pk]),
        {"kind": "review", "name": "Тижнева", "is_default": "on"},
    )
    assert edit.status_code == 200 and "civic_actions" in edit.content.decode()
    weekly_template.refresh_from_db()
    assert weekly_template.kind == "weekly_note"
    renamed = admin_client.post(
        reverse(f"{TEMPLATES}:edit", args=[weekly_template.pk]),
        {"kind": "weekly_note", "name": "Тижнева довідка", "is_default": "on"},
    )
    assert renamed.status_code == 302


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.4\n%%EOF\n", None),  # not a DOCX by content, whatever its name
        (b"just text, not a document", None),
        ("line", "{% for item in %}"),  # syntax error: its line is named
        ("mayor_name", "{{ title }} {{ mayor_name }} {{ budget_total }}"),
    ],
)
def test_bad_uploads_are_refused_with_the_reason(admin_client, data, expected) -> None:  # type: ignore[no-untyped-def]
    if isinstance(data, str):  # a DOCX whose text is `expected`
        document = docx.Document()
        document.add_paragraph(expected)
        buffer = io.BytesIO()
        document.save(buffer)
        data, expected = buffer.getvalue(), data
    response = _upload(admin_client, "review", data, name="Поганий")
    assert response.status_code == 200
    page = response.content.decode()
    assert "error" in page
    if expected:
        assert expected in page or (expected == "line" and "рядка" in page)
        if expected == "mayor_name":
            assert "budget_total" in page
    assert not DocumentTemplate.objects.filter(name="Поганий").exists()


def test_a_lost_template_file_falls_back_to_the_built_in_one(admin_client) -> None:  # type: ignore[no-untyped-def]
    review, _roads, _alley = _review()
    assert _upload(admin_client, "review", _edited("review"), name="Загублений").status_code == 302
    template = DocumentTemplate.objects.get(name="Загублений")
    template.file.storage.delete(template.file.name)
    texts = _texts(documents.review_docx(review))
    assert texts[2] == review.title  # the built-in letterhead, then the title


def test_placeholders_are_shown_next_to_the_upload_field(admin_client) -> None:  # type: ignore[no-untyped-def]
    page = admin_client.get(reverse(f"{TEMPLATES}:add")).content.decode()
    for name in ("counts", "items", "civic_actions", "annotation", "cites_office"):
        assert name in page
    assert docx_templates.placeholder_help(documents.REVIEW_PLACEHOLDERS)
