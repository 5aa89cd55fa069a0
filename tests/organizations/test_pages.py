"""Public register pages, exports, statistics; the admin listing; the live dataset."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client

from hromada.core import datasets
from hromada.organizations.models import Organization, OrganizationRegisterPage
from hromada.portal.models import SectionPage

pytestmark = pytest.mark.django_db


def register_page(kind: str) -> OrganizationRegisterPage:
    return OrganizationRegisterPage.objects.live().get(kind=kind)


def content(response) -> str:  # type: ignore[no-untyped-def]
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


def test_demo_has_three_register_pages_under_civil_society() -> None:
    titles = {p.title: p for p in OrganizationRegisterPage.objects.live()}
    assert set(titles) == {"Політичні партії", "Громадські організації", "Релігійні організації"}
    for page in titles.values():
        assert page.get_parent().title == "Громадянське суспільство"
    section = SectionPage.objects.get(title="Громадянське суспільство")
    assert not SectionPage.objects.child_of(section).exists()


def test_list_renders_with_search_filters_and_paging(client: Client) -> None:
    page = register_page("ngo")
    response = client.get(page.url)
    assert response.status_code == 200
    html = content(response)
    assert "<h1>Громадські організації</h1>" in html
    assert 'for="f-q"' in html and 'id="f-q"' in html
    one = Organization.objects.filter(kind="ngo").order_by("id").first()
    assert one is not None
    found = content(client.get(page.url, {"q": one.edrpou}))
    assert one.name.replace("«", "&laquo;") in found or one.name in found
    assert content(client.get(page.url, {"page": "2"}))
    # Case-insensitive Cyrillic search (also on SQLite).
    by_word = content(client.get(page.url, {"q": "ВЕТЕРАНИ"}))
    assert "Ветерани" in by_word
    terminated = Organization.objects.filter(kind="ngo", terminated_on__isnull=False).first()
    assert terminated is not None
    active_html = content(client.get(page.url, {"status": "active", "q": terminated.edrpou}))
    assert f"/{terminated.edrpou}/" not in active_html
    terminated_html = content(
        client.get(page.url, {"status": "terminated", "q": terminated.edrpou})
    )
    assert f"/{terminated.edrpou}/" in terminated_html


def test_csv_export_parses_and_follows_filters(client: Client) -> None:
    page = register_page("religious")
    response = client.get(page.url + "export/csv/", {"status": "active"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(content(response).lstrip("\ufeff"))))
    active = Organization.objects.filter(kind="religious", terminated_on__isnull=True).count()
    assert len(rows) == active
    assert {row["kind"] for row in rows} == {"religious"}
    assert rows[0]["edrpou"]


def test_json_export_parses(client: Client) -> None:
    page = register_page("party_unit")
    response = client.get(page.url + "export/json/")
    assert response.status_code == 200
    payload = json.loads(content(response))
    assert len(payload["data"]) == Organization.objects.filter(kind="party_unit").count()
    assert payload["kind"] == "party_unit"


def test_organization_page_by_edrpou_and_by_id(client: Client) -> None:
    page = register_page("ngo")
    organization = Organization.objects.filter(kind="ngo").first()
    assert organization is not None
    response = client.get(page.organization_url(organization))
    assert response.status_code == 200
    assert organization.edrpou in content(response)
    assert client.get(f"{page.url}{organization.pk}/").status_code == 200
    # An organization of another kind is not shown under this register.
    other = Organization.objects.filter(kind="religious").first()
    assert other is not None
    assert client.get(f"{page.url}{other.edrpou}/").status_code == 404


def test_statistics_table(client: Client) -> None:
    page = register_page("party_unit")
    response = client.get(page.url + "statistics/")
    assert response.status_code == 200
    html = content(response)
    assert "<caption>" in html
    assert '<th scope="row">2020</th>' in html
    row_2020 = html.split('<th scope="row">2020</th>')[1].split("</tr>")[0]
    assert [cell.split("</td>")[0] for cell in row_2020.split("<td>")[1:]] == ["96", "154", "34"]


def test_admin_list_reachable_for_admin(client: Client, admin_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user)
    response = client.get("/admin/organizations/")
    assert response.status_code == 200
    assert client.get("/admin/organizations/", {"state": "terminated"}).status_code == 200
    assert client.get("/admin/organizations/", {"export": "csv"}).status_code == 200
    organization = Organization.objects.first()
    assert organization is not None
    assert client.get(f"/admin/organizations/inspect/{organization.pk}/").status_code == 200
    assert client.get(f"/admin/organizations/edit/{organization.pk}/").status_code == 200
    assert client.get(f"/admin/organizations/history/{organization.pk}/").status_code == 200


def test_admin_edit_marks_manual_fields(client: Client, admin_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user)
    organization = Organization.objects.filter(kind="ngo").first()
    assert organization is not None
    data = {
        "kind": organization.kind,
        "name": organization.name + " (виправлено)",
        "short_name": "",
        "edrpou": organization.edrpou,
        "legal_form": organization.legal_form,
        "registered_on": organization.registered_on.isoformat()
        if organization.registered_on
        else "",
        "terminated_on": organization.terminated_on.isoformat()
        if organization.terminated_on
        else "",
        "status": organization.status,
        "address": organization.address,
        "head": organization.head,
        "parent": "",
        "parent_name": organization.parent_name,
        "phone": "",
        "email": "",
        "website": "",
        "notes": "примітка",
    }
    response = client.post(f"/admin/organizations/edit/{organization.pk}/", data)
    assert response.status_code == 302, content(response)[:3000]
    organization.refresh_from_db()
    assert organization.manually_edited_fields == ["name"]
    assert organization.notes == "примітка"
    # The change is in the record's history, with the values before and after.
    history = client.get(f"/admin/organizations/history/{organization.pk}/")
    assert history.status_code == 200
    from wagtail.models import ModelLogEntry

    entry = ModelLogEntry.objects.for_instance(organization).latest("timestamp")
    assert entry.data["changes"]["notes"]["after"] == "примітка"


def test_live_dataset_is_registered() -> None:
    dataset = datasets.get("organizations-register")
    names = [column.name for column in dataset.columns]
    assert all(name.isascii() and name == name.lower() for name in names)
    rows = list(dataset.rows())
    assert len(rows) == Organization.objects.filter(archived=False).count()
    assert set(rows[0]) == set(names)
