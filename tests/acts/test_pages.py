"""Public register pages: filters, search, an act's page, drafts' days left, feeds, exports,
the live dataset and the metrics."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from hromada.acts import services
from hromada.acts.models import Act, ActRegisterPage, Scope, Status
from hromada.core import datasets, metrics
from hromada.core.metrics import Period

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def page(title: str) -> ActRegisterPage:
    return ActRegisterPage.objects.live().get(title=title)


def content(response) -> str:  # type: ignore[no-untyped-def]
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


def count(html: str) -> int:
    match = re.search(r'role="status">(\d+)', html)
    assert match, html[:500]
    return int(match.group(1))


def test_demo_registers_sit_under_local_government() -> None:
    pages = {p.title: p for p in ActRegisterPage.objects.live()}
    assert {"Рішення сесій міської ради", "Проєкти рішень", "Очищення влади"} <= set(pages)
    assert pages["Рішення сесій міської ради"].get_parent().title == "Рішення"
    assert pages["Очищення влади"].scope == Scope.LUSTRATION


def test_a_register_lists_its_kind_with_renamed_labels(client: Client) -> None:
    register = page("Розпорядження керівника ВЦА")
    html = content(client.get(register.url))
    assert "<h1>Розпорядження керівника ВЦА</h1>" in html
    assert (
        count(html)
        == Act.objects.filter(
            kind="head_order", status__in=["adopted", "repealed"], lustration_category=""
        ).count()
    )
    everything = content(client.get(page("Усі рішення та розпорядження").url))
    assert 'id="f-kind"' in everything and "Розпорядження керівника ВЦА" in everything


def test_filters_by_kind_year_number_dates_and_status(client: Client) -> None:
    url = page("Усі рішення та розпорядження").url
    assert count(content(client.get(url, {"kind": "mayor_order"}))) == 5
    assert count(content(client.get(url, {"year": "2019"}))) == 0
    assert count(content(client.get(url, {"number": "84/1240"}))) == 1
    in_march = content(client.get(url, {"date_from": "2020-03-01", "date_to": "31.03.2020"}))
    assert count(in_march) == 3
    assert count(content(client.get(url, {"status": "repealed"}))) == 1
    # Nonsense is ignored, not an error.
    assert (
        client.get(url, {"year": "20x0", "date_from": "31.02.2020", "kind": "x"}).status_code == 200
    )


def test_search_finds_a_word_only_in_the_file_in_an_inflected_form(client: Client) -> None:
    url = page("Рішення виконавчого комітету міської ради").url
    # "енергоаудит" appears in decision 77's file only ("енергоаудит", "енергоаудиту").
    html = content(client.get(url, {"q": "енергоаудиту"}))
    assert count(html) == 1 and "Про підготовку житлового фонду" in html
    budget = content(client.get(page("Усі рішення та розпорядження").url, {"q": "бюджет"}))
    assert "Про внесення змін до рішення міської ради від 20.12.2019" in budget  # "бюджету"
    assert "Про бюджет міста Лисичанськ на 2021 рік" in budget


def test_an_act_page_shows_files_related_acts_and_history(client: Client) -> None:
    act = Act.objects.get(kind="executive_decision", number="77", year=2020)
    register = page("Рішення виконавчого комітету міської ради")
    html = content(client.get(register.act_url(act)))
    assert "<h1>Про підготовку житлового фонду" in html
    assert ".pdf" in html and "PDF" in html
    assert "19.05.2020" in html  # adopted
    draft_link = re.search(r'href="([^"]+)">[^<]*П-70', html)
    assert draft_link, "the draft is linked"
    assert client.get(draft_link.group(1)).status_code == 200
    repealed = Act.objects.get(kind="executive_decision", number="93", year=2020)
    repealed_html = content(client.get(register.act_url(repealed)))
    assert "№ 104" in repealed_html and "немає текстового шару" in repealed_html


def test_a_draft_page_shows_working_days_left_for_comments(client: Client) -> None:
    draft = Act.objects.get(title="Про затвердження Положення про громадський бюджет міста")
    html = content(client.get(page("Проєкти розпоряджень").act_url(draft)))
    assert 'class="notice"' in html
    assert re.search(r"\b20\b", html)  # 20 working days to its consideration


def test_unpublished_and_archived_acts_are_not_public(client: Client) -> None:
    register = page("Проєкти розпоряджень")
    unpublished = Act.objects.get(title__startswith="Про затвердження плану діяльності")
    assert client.get(register.act_url(unpublished)).status_code == 404
    act = Act.objects.filter(status="adopted").first()
    assert act is not None
    services.archive_act(act=act)
    assert client.get(page("Усі рішення та розпорядження").act_url(act)).status_code == 404


def test_atom_feed_per_kind(client: Client) -> None:
    register = page("Розпорядження міського голови")
    response = client.get(register.url + "feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 5
    assert all("Розпорядження міського голови" in e.findtext(f"{ATOM}title", "") for e in entries)
    link = entries[0].find(f"{ATOM}link")
    assert link is not None and client.get(link.get("href", "")).status_code == 200


def test_csv_and_json_exports_follow_the_filters(client: Client) -> None:
    url = page("Усі рішення та розпорядження").url
    response = client.get(url + "export/csv/", {"kind": "council_decision"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(content(response).lstrip("\ufeff"))))
    assert len(rows) == 6 and {r["kind"] for r in rows} == {"council_decision"}
    assert rows[0]["url"].startswith("http") and rows[0]["files"].startswith("http")
    payload = json.loads(content(client.get(url + "export/json/", {"q": "бюджет"})))
    assert payload["filters"]["q"] == "бюджет"
    assert payload["data"] and all("title" in row for row in payload["data"])


def test_lustration_register(client: Client) -> None:
    html = content(client.get(page("Очищення влади").url))
    assert count(html) == 5
    assert "начальник фінансового управління" in html
    assert "Повідомлення про початок проведення перевірки" in html


def test_the_register_is_a_live_dataset() -> None:
    dataset = datasets.get("acts-register")
    rows = list(dataset.rows())
    assert (
        len(rows)
        == Act.objects.filter(archived=False, published_on__isnull=False)
        .exclude(published_on__gt=dt.date.today())
        .count()
    )
    assert {c.name for c in dataset.columns} == set(rows[0])


def test_metrics_count_the_demo_year() -> None:
    year = Period.year(2020)
    values = {m.key: m.compute(year) for m in metrics.all_metrics() if m.module == "acts"}
    assert values["acts.published"] == 23
    assert values["acts.published.head_order"] == 6
    assert (
        sum(
            values[f"acts.published.{k}"]
            for k in ("council_decision", "executive_decision", "mayor_order", "head_order")
        )
        == values["acts.published"]
    )
    assert values["acts.drafts_published"] == 7
    # П-40 (6 working days ahead), П-70 (8: 11 May was a day off) and ПР-30 (9: 24 August).
    assert values["acts.drafts_published_late"] == 3
    assert values["acts.lustration_documents"] == 5


def test_report_json_has_the_fixed_keys() -> None:
    keys = {m.key for m in metrics.all_metrics()}
    assert {"acts.published", "acts.drafts_published", "acts.lustration_documents"} <= keys
    assert {f"acts.published.{k}" for k in ("council_decision", "head_order")} <= keys


def test_a_draft_adopted_later_links_both_ways(client: Client) -> None:
    draft = services.create_act(
        kind="council_decision",
        date=dt.date(2020, 9, 1),
        title="Проєкт про сквер",
        status=Status.DRAFT,
        published_on=dt.date(2020, 9, 1),
        consideration_date=dt.date(2020, 9, 30),
    )
    act = services.adopt_draft(
        draft=draft, number="99/1", date=dt.date(2020, 9, 30), published_on=dt.date(2020, 10, 1)
    )
    html = content(client.get(page("Проєкти рішень").act_url(draft)))
    assert page("Рішення сесій міської ради").act_url(act) in html


def test_a_new_act_shows_on_a_cached_register_page(
    client: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    url = page("Розпорядження міського голови").url
    first = client.get(url)
    assert "Про кешування сторінок" not in content(first)
    assert client.get(url)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.create_act(
            kind="mayor_order",
            number="4242",
            date=dt.date(2020, 7, 1),
            title="Про кешування сторінок",
            published_on=dt.date(2020, 7, 1),
        )
    assert "Про кешування сторінок" in content(client.get(url))
