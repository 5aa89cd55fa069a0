"""Dates out of the calendar's usable range on the report's admin views: a message naming the
field, or the views' own 404, never a server error (issue 23, finding 5)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01", "0001-02-29x"])
def test_dashboard_refuses_dates_it_cannot_count(client: Client, admin_user, as_of: str) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user)
    response = client.get("/admin/activity_report/dashboard/", {"as_of": as_of})
    assert response.status_code == 200
    page = response.content.decode()
    today = timezone.localdate()
    assert f"01.01.{today.year} – {today:%d.%m.%Y}" in page
    if as_of[0] in "09":  # a well-formed date out of range is named, not silently replaced
        assert "«Станом на»" in page and "01.01.1900" in page and "31.12.9998" in page


@pytest.mark.parametrize(
    "query",
    [{"from": "9999-12-31", "to": "9999-12-31"}, {"from": "0001-01-01", "to": "0001-01-02"}],
)
def test_figure_records_refuse_dates_out_of_range(client: Client, admin_user, query) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user)
    response = client.get("/admin/activity_report/records/organizations.ngo/", query)
    assert response.status_code == 404
