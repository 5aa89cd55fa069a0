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
