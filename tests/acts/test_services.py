"""Writes: create, uniqueness per kind and year, drafts and adoption, files, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from hromada.acts import services
from hromada.acts.models import NO_TEXT_LAYER, Act, ActFile, Status
from tests.acts.support import docx, file_input, odt, pdf, scan

pytestmark = pytest.mark.django_db


def make(**fields: object) -> Act:
    values: dict[str, object] = {
        "kind": "mayor_order",
        "number": "501",
        "date": dt.date(2020, 2, 3),
        "title": "Про тестове розпорядження",
        "published_on": dt.date(2020, 2, 4),
    }
    values.update(fields)
    return services.create_act(**values)  # type: ignore[arg-type]


def test_create_sets_year_and_is_audited(admin_user) -> None:  # type: ignore[no-untyped-def]
    act = make(user=admin_user, topics=["Бюджет", " Бюджет "])
    assert act.year == 2020
    assert [t.name for t in act.topics.all()] == ["Бюджет"]
    entry = ModelLogEntry.objects.for_instance(act).get()
    assert entry.action == "wagtail.create" and entry.user == admin_user


def test_number_is_unique_per_kind_and_year() -> None:
    make()
    with pytest.raises(ValidationError) as error:
        make(title="Інше")
    assert list(error.value.message_dict) == ["number"]
    # Another year, another kind, or a draft with the same number: all fine.
    make(date=dt.date(2021, 1, 5), published_on=dt.date(2021, 1, 6))
    make(kind="head_order")
    make(status=Status.DRAFT)
    assert Act.objects.filter(number="501").count() == 4


def test_adoption_before_the_draft_was_published_is_refused() -> None:
    draft = make(status=Status.DRAFT, number="П-1", published_on=dt.date(2020, 3, 10))
    with pytest.raises(ValidationError) as error:
        services.adopt_draft(draft=draft, number="7701", date=dt.date(2020, 3, 9))
    assert "date" in error.value.message_dict
    assert not Act.objects.filter(number="7701").exists()
    act = services.adopt_draft(draft=draft, number="7701", date=dt.date(2020, 3, 26))
    assert act.draft == draft and act.title == draft.title and act.status == Status.ADOPTED


def test_only_drafts_are_adopted_and_rejected() -> None:
    act = make()
    with pytest.raises(ValidationError):
        services.adopt_draft(draft=act, number="9", date=dt.date(2020, 3, 1))
    with pytest.raises(ValidationError):
        services.reject_draft(draft=act)
    draft = make(status=Status.DRAFT, number="")
    assert services.reject_draft(draft=draft).status == Status.REJECTED


def test_repeal_links_both_acts() -> None:
    old = make(number="1")
    new = make(number="2", date=dt.date(2020, 4, 1), published_on=dt.date(2020, 4, 1))
    services.repeal_act(act=old, by=new)
    old.refresh_from_db()
    assert old.status == Status.REPEALED
    assert list(new.repeals.all()) == [old]
    assert list(old.repealed_by.all()) == [new]


def test_files_of_each_format_are_extracted_and_a_scan_is_marked() -> None:
    act = make(
        files=[
            file_input("text.pdf", pdf("Рішення", "Слово парасолька.")),
            file_input("annex.docx", docx("Додаток", "Слово черевики.")),
            file_input("annex.odt", odt("Додаток", "Слово рукавиці.")),
            file_input("scan.pdf", scan()),
        ]
    )
    files = {f.extension + str(f.has_text_layer): f for f in ActFile.objects.filter(act=act)}
    assert "парасолька" in files["pdfTrue"].text
    assert "черевики" in files["docxTrue"].text
    assert "рукавиці" in files["odtTrue"].text
    assert files["pdfFalse"].text_status == NO_TEXT_LAYER == "немає текстового шару"
    assert files["pdfTrue"].sha256 and files["pdfTrue"].size > 0
    for word in ("парасольк", "черевик", "рукавиц"):
        assert f" {word}" in Act.objects.get(pk=act.pk).search_document


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("order.pdf", b"MZ\x90\x00" + b"\x00" * 100),  # a program named .pdf
        ("order.docx", b"<html><script>alert(1)</script></html>"),
        ("order.pdf", docx()),  # a DOCX named .pdf
        ("order.txt", "просто текст".encode()),  # allowed document, but not for acts
        ("order.pdf", b""),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_is_saved(
    name: str, content: bytes
) -> None:
    before = Act.objects.count()
    with pytest.raises(ValidationError):
        make(number="999", files=[file_input(name, content)])
    assert Act.objects.count() == before
    assert not ActFile.objects.filter(act__number="999").exists()


def test_a_file_over_the_limit_is_refused(settings) -> None:  # type: ignore[no-untyped-def]
    settings.UPLOAD_MAX_DOCUMENT_BYTES = 1000
    act = make()
    with pytest.raises(ValidationError) as error:
        services.add_file(act=act, file=file_input("big.pdf", pdf("Великий", "x" * 3000)))
    assert "MB" in str(error.value)
    assert not act.files.exists()


def test_update_and_add_file_are_audited_with_changes(admin_user) -> None:  # type: ignore[no-untyped-def]
    act = make()
    services.update_act(act=act, title="Нова назва", user=admin_user)
    services.add_file(act=act, file=file_input("a.pdf", pdf()), user=admin_user)
    entries = list(ModelLogEntry.objects.for_instance(act).order_by("id"))
    assert [e.action for e in entries] == ["wagtail.create", "wagtail.edit", "wagtail.edit"]
    assert entries[1].data["changes"]["title"]["after"] == "Нова назва"
    assert "file_added" in entries[2].data
    services.archive_act(act=act)
    assert Act.objects.get(pk=act.pk).archived


def test_saving_a_file_enqueues_nothing(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.base import ContentFile

    act = services.create_act(
        kind="mayor_order", date=dt.date(2020, 6, 1), title="Про графік прийому", number="88-р"
    )
    with django_capture_on_commit_callbacks(execute=True):  # jobs run at once in the tests
        added = ActFile(act=act, title="Додаток", sort_order=0)
        added.file.save("dodatok.docx", ContentFile(docx("Графік прийому громадян")), save=False)
        added.save()  # described and marked pending, nothing queued
    added.refresh_from_db()
    assert added.text_pending and added.size > 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.queue_pending_extractions(act=act) == [added.pk]
    added.refresh_from_db()
    assert not added.text_pending and "прийому" in added.text
