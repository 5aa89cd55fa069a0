"""The admin group: listings (with CSV/XLSX export), forms, inspect, history."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from hromada.acts.models import Act, PublicDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client, admin_user) -> Client:  # type: ignore[no-untyped-def]
    client.force_login(admin_user)
    return client


def test_the_listing_filters_and_exports_csv_and_xlsx(staff: Client) -> None:
    url = reverse("acts:index")
    assert staff.get(url, {"kind": "head_order"}).status_code == 200
    response = staff.get(url, {"export": "csv", "kind": "council_decision"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    council = Act.objects.filter(kind="council_decision").count()
    assert len(rows) == council + 1
    xlsx = staff.get(url, {"export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd")


def test_forms_inspect_and_history_render(staff: Client) -> None:
    act = Act.objects.filter(files__isnull=False).first()
    assert act is not None
    assert staff.get(reverse("acts:add")).status_code == 200
    edit = staff.get(reverse("acts:edit", args=[act.pk]))
    assert edit.status_code == 200 and b'name="files-TOTAL_FORMS"' in edit.content
    assert staff.get(reverse("acts:inspect", args=[act.pk])).status_code == 200
    assert staff.get(reverse("acts:history", args=[act.pk])).status_code == 200
    card = PublicDocument.objects.first()
    assert card is not None
    assert staff.get(reverse("public_documents:edit", args=[card.pk])).status_code == 200
    assert staff.get(reverse("act_topics:index")).status_code == 200


# --- related acts: a chooser, not a select of every act -----------------------------------------


def test_the_edit_form_chooses_related_acts_without_listing_every_act(staff: Client) -> None:
    act = Act.objects.filter(kind="council_decision").first()
    html = staff.get(reverse("acts:edit", args=[act.pk])).content.decode()
    assert 'name="amendment_links-TOTAL_FORMS"' in html
    assert 'name="repeal_links-TOTAL_FORMS"' in html
    assert reverse("act_chooser:choose") in html
    # Before the chooser each relation was a <select> with an option per act.
    assert html.count("<option") < Act.objects.count()


def test_the_chooser_finds_acts_by_number_and_by_an_inflected_word(staff: Client) -> None:
    act = Act.objects.exclude(number="").filter(title__icontains="бюджет").first()
    assert act is not None
    url = reverse("act_chooser:choose_results")
    by_number = staff.get(url, {"q": act.number}).content.decode()
    assert act.title in by_number
    by_word = staff.get(url, {"q": "бюджетів"}).content.decode()
    assert act.title in by_word
    other_kind = "head_order" if act.kind != "head_order" else "council_decision"
    assert act.title not in staff.get(url, {"q": act.number, "kind": other_kind}).content.decode()
    assert staff.get(reverse("act_chooser:choose")).status_code == 200
    chosen = staff.get(reverse("act_chooser:chosen", args=[act.pk]))
    assert chosen.status_code == 200 and str(act.pk) in chosen.content.decode()


def test_amended_and_repealed_acts_saved_from_the_admin_form(staff: Client) -> None:
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    from hromada.acts.selectors import act_details, public_acts

    act, older, oldest = public_acts().filter(kind="head_order").order_by("-date")[:3]
    form = staff.get(reverse("acts:edit", args=[act.pk])).context["form"]
    fields = {
        name: form.initial.get(name, "")
        for name in form.fields
        if name not in {"topics", "archived"}
    }
    fields = {k: ("" if v is None else v) for k, v in fields.items()}
    data = nested_form_data(
        {
            **fields,
            "topics": [t.pk for t in act.topics.all()],
            "files": inline_formset(
                [{"id": f.pk, "title": f.title} for f in act.files.all()], initial=act.files.count()
            ),
            "amendment_links": inline_formset([{"target": older.pk}]),
            "repeal_links": inline_formset([{"target": oldest.pk}]),
        }
    )
    response = staff.post(reverse("acts:edit", args=[act.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    assert list(act.amends.all()) == [older]
    assert list(oldest.repealed_by.all()) == [act]
    assert act_details(act)["related"]["amends"] == [older]


# --- a file added in the admin: its text is extracted in the background ---------------------------


def test_a_file_added_in_the_admin_is_searchable_once_the_background_job_ran(
    staff: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    from hromada.acts import search, services
    from hromada.acts.models import ActFile
    from hromada.acts.selectors import act_url, public_acts
    from tests.acts.support import docx

    act = services.create_act(
        kind="mayor_order",
        date=dt.date(2020, 5, 4),
        title="Про благоустрій вулиць",
        number="77-р",
        published_on=dt.date(2020, 5, 5),
    )
    form = staff.get(reverse("acts:edit", args=[act.pk])).context["form"]
    fields = {name: form.initial.get(name) for name in form.fields if name != "archived"}
    fields = {k: ("" if v is None else v) for k, v in fields.items()}
    fields["topics"] = [t.pk for t in act.topics.all()]
    upload = SimpleUploadedFile(
        "dodatok.docx", docx("Додаток", "Ремонт зупинок громадського транспорту")
    )
    data = nested_form_data(
        {
            **fields,
            "files": inline_formset([{"title": "Додаток", "file": upload}]),
            "amendment_links": inline_formset([]),
            "repeal_links": inline_formset([]),
        }
    )
    with django_capture_on_commit_callbacks() as committed:
        response = staff.post(reverse("acts:edit", args=[act.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    added = ActFile.objects.get(act=act)
    assert added.text_pending and added.size > 0 and len(added.sha256) == 64
    page = staff.get(act_url(act)).content.decode()
    assert "текст ще видобувається" in page
    assert not search.matching(public_acts(), "зупинок").filter(pk=act.pk).exists()

    # Once committed, the job is queued; the test settings run jobs at once.
    for callback in committed:
        callback()
    added.refresh_from_db()
    assert not added.text_pending and "зупинок" in added.text
    assert search.matching(public_acts(), "зупинок").filter(pk=act.pk).exists()
    assert "текст ще видобувається" not in staff.get(act_url(act)).content.decode()
    assert services.extract_pending_file(file_id=added.pk) is False  # done once
