"""Word forms from the city profile, manual items, reviews, notes, documents and metrics."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from zoneinfo import ZoneInfo

import docx
import pytest
from django.core.exceptions import ValidationError

from hromada.core import metrics
from hromada.core.metrics import Period
from hromada.core.selectors import city_profile
from hromada.monitoring import documents, services
from hromada.monitoring.models import (
    InformationNote,
    MediaItem,
    MonitoringSettings,
    NoteKind,
    Outlet,
    Relevance,
    Review,
)

pytestmark = pytest.mark.django_db
KYIV = ZoneInfo("Europe/Kyiv")


def test_demo_reproduces_the_seed_review_figures():
    year = Period.year(2020)
    assert metrics.get("monitoring.reviews").compute(year) == 48
    assert metrics.get("monitoring.items_in_reviews").compute(year) == 1274
    assert metrics.get("monitoring.review_items_citing_official").compute(year) == 78
    relevant = metrics.get("monitoring.relevant_items").compute(year)
    stories = metrics.get("monitoring.stories").compute(year)
    assert relevant > 1274
    assert 0 < stories < relevant
    assert metrics.get("monitoring.items_citing_official").compute(year) >= 78


def test_demo_is_idempotent():
    count = MediaItem.objects.count()
    from hromada.monitoring.demo import load

    load(stdout=io.StringIO())
    assert MediaItem.objects.count() == count
    assert Review.objects.filter(prepared_on__year=2020).count() == 48


def test_word_forms_follow_the_city_profile(django_capture_on_commit_callbacks):
    config = MonitoringSettings.load()
    assert "лисичанську" in config.generated_forms.splitlines()
    profile = city_profile()
    profile.name = "Рубіжне"
    with django_capture_on_commit_callbacks(execute=True):
        profile.save()
    config.refresh_from_db()
    forms = config.generated_forms.splitlines()
    assert "рубіжному" in forms
    assert "лисичанську" not in forms
    matcher = services.current_matcher()
    assert matcher.find("У Рубіжному відкрили сквер")
    # the aliases of the profile and the extra forms still count
    assert matcher.find("Lysychansk news")


def test_extra_forms_and_look_alikes_are_editable():
    config = MonitoringSettings.load()
    config.extra_forms = "Лисичанщина"
    config.excluded_words = "Лисичанка"
    config.save()
    matcher = services.current_matcher()
    assert matcher.find("Лисичанщина приймає гостей")
    assert not matcher.find("Олена Лисичанка")
    assert matcher.find("у Лисичанську")


def test_official_phrases_include_the_office_name():
    config = MonitoringSettings.load()
    config.official_phrases = "пресслужба міськради"
    config.save()
    phrases = services.official_phrases()
    assert "пресслужба міськради" in phrases
    assert city_profile().office_name in phrases


def test_manual_item_for_print_is_analysed_and_grouped():
    paper = Outlet.objects.get(name="Вісник Лисичанська")
    item = services.create_manual_item(
        outlet=paper,
        title="Лисичанці прибрали парк",
        text="Лисичанці вийшли на толоку. Подробиці на lysychansk.gov.ua.",
        published_at=dt.datetime(2021, 4, 10, 12, tzinfo=KYIV),
    )
    assert item.is_manual and item.status == Relevance.RELEVANT
    assert item.mentions_city and item.cites_official
    assert item.story is not None
    assert {"Лисичанці"} <= set(item.mentions.values_list("matched", flat=True))


def _items(count: int) -> list[MediaItem]:
    return list(
        MediaItem.objects.filter(published_at__year=2020, cites_official=True).order_by(
            "published_at"
        )[:count]
    )


def test_review_with_ordered_items_exports_docx_and_html():
    items = _items(3)
    review = services.create_review(
        title="Огляд: ремонт доріг",
        period_start=dt.date(2021, 1, 1),
        period_end=dt.date(2021, 1, 31),
        items=list(reversed(items)),
        introduction="Добірка публікацій.",
        prepared_on=dt.date(2021, 2, 1),
    )
    assert [e.item for e in review.entries.order_by("sort_order")] == list(reversed(items))
    assert metrics.get("monitoring.reviews").compute(Period.year(2021)) == 1
    assert metrics.get("monitoring.review_items_citing_official").compute(Period.year(2021)) == 3
    assert services.add_to_review(review=review, items=[items[0], *_items(5)[3:]]) == 2

    content = documents.review_docx(review)
    assert zipfile.is_zipfile(io.BytesIO(content))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    assert "Огляд: ремонт доріг" in text
    assert "01.01.2021" in text
    assert items[2].title in text
    assert text.index(items[2].title) < text.index(items[0].title)
    page = documents.review_html(review)
    assert page.startswith("<!DOCTYPE html>")
    assert items[0].title in page


def test_review_period_must_not_end_before_it_starts():
    with pytest.raises(ValidationError):
        services.create_review(
            title="Хибний період", period_start=dt.date(2021, 2, 1), period_end=dt.date(2021, 1, 1)
        )


def test_weekly_note_groups_the_periods_items_by_story():
    note = services.generate_note(kind=NoteKind.WEEKLY, period_start=dt.date(2020, 3, 2))
    assert note.period_end == dt.date(2020, 3, 8)
    items = list(note.items.all())
    assert items
    assert all(
        dt.date(2020, 3, 2) <= item.published_at.astimezone(KYIV).date() <= dt.date(2020, 3, 8)
        for item in items
    )
    stories = {item.story_id for item in items}
    assert note.body.count("<h3>") == len(stories)
    content = documents.note_docx(note)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    assert "02.03.2020" in text
    assert items[0].outlet.name in text
    assert "<h1>" in documents.note_html(note)


def test_daily_note_of_a_quiet_day_says_so():
    note = services.generate_note(kind=NoteKind.DAILY, period_start=dt.date(2019, 6, 1))
    assert note.period_end == dt.date(2019, 6, 1)
    assert not note.items.exists()
    assert "<p>" in note.body
    assert InformationNote.objects.filter(pk=note.pk, kind="daily_note").exists()


def test_note_kinds_are_checked():
    with pytest.raises(ValueError):
        services.generate_note(kind="monthly", period_start=dt.date(2020, 1, 1))


def test_staff_judgement_is_audited():
    from wagtail.models import ModelLogEntry

    item = _items(1)[0]
    assert services.set_status(items=[item], status=Relevance.NOT_RELEVANT) == 1
    item.refresh_from_db()
    assert item.status == Relevance.NOT_RELEVANT
    assert ModelLogEntry.objects.filter(object_id=str(item.pk), action="wagtail.edit").exists()
    with pytest.raises(ValueError):
        services.set_status(items=[item], status="unrelated")


@pytest.mark.skipif(
    __import__("shutil").which("soffice") is None, reason="LibreOffice is not installed"
)
def test_review_and_note_docx_open_in_libreoffice(tmp_path):
    import subprocess

    review = Review.objects.filter(prepared_on__year=2020).first()
    note = services.generate_note(kind=NoteKind.WEEKLY, period_start=dt.date(2020, 3, 2))
    (tmp_path / "review.docx").write_bytes(documents.review_docx(review))
    (tmp_path / "note.docx").write_bytes(documents.note_docx(note))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "txt:Text",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "review.docx"),
            str(tmp_path / "note.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    assert review.title in (tmp_path / "review.txt").read_text(encoding="utf-8-sig")
    assert note.title in (tmp_path / "note.txt").read_text(encoding="utf-8-sig")


def test_pdf_leaves_pillow_strict():
    from PIL import ImageFile

    review = Review.objects.filter(prepared_on__year=2020).first()
    assert documents.pdf(documents.review_html(review)).startswith(b"%PDF-")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_notes_report_the_periods_civic_actions():
    from hromada.activities import services as activities

    activities.create_civic_action(
        kind="picket",
        date=dt.date(2021, 5, 14),
        place="площа Перемоги",
        subject="Проти підвищення тарифів <script>alert(1)</script>",
        organizers="Ініціативна група мешканців",
        participants=40,
        demands="Переглянути тарифи",
    )
    note = services.generate_note(kind=NoteKind.WEEKLY, period_start=dt.date(2021, 5, 10))
    assert "14.05.2021" in note.body and "Ініціативна група мешканців" in note.body
    assert "<script>" not in note.body and "&lt;script&gt;" in note.body
    quiet = services.generate_note(kind=NoteKind.DAILY, period_start=dt.date(2021, 5, 20))
    assert "14.05.2021" not in quiet.body
