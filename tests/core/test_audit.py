"""core.audit: who changed what, when, with the values before and after."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry, Site

from hromada.core import audit
from hromada.core.models import CityProfile, HistoricalFigure
from hromada.core.selectors import city_profile

pytestmark = pytest.mark.django_db


def last_entry(model: type) -> ModelLogEntry:
    content_type = ContentType.objects.get_for_model(model)
    return ModelLogEntry.objects.filter(content_type=content_type).latest("pk")


@pytest.fixture
def admin_client(admin_user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(admin_user)
    return client


def test_snapshot_and_diff() -> None:
    figure = HistoricalFigure(metric="portal.news_published", year=2019, value=2000, note="")
    before = audit.snapshot(figure)
    assert before["value"] == 2000 and before["year"] == 2019 and before["id"] is None
    figure.value, figure.note = 2001, "уточнено"
    assert audit.diff(before, audit.snapshot(figure)) == {
        "value": {"before": 2000, "after": 2001},
        "note": {"before": "", "after": "уточнено"},
    }


def test_snapshot_is_json_ready() -> None:
    profile = city_profile()
    values = audit.snapshot(profile)
    assert values["records_since"] == "2020-01-01"
    assert all(isinstance(v, (str, int, bool, type(None))) for v in values.values())


def test_record_with_before_stores_the_changes(admin_user) -> None:  # type: ignore[no-untyped-def]
    figure = HistoricalFigure.objects.get(metric="portal.news_published", year=2019)
    before = audit.snapshot(figure)
    figure.value = 2005
    figure.save()
    audit.record(figure, "wagtail.edit", user=admin_user, before=before, data={"reason": "звіт"})
    entry = last_entry(HistoricalFigure)
    assert entry.user == admin_user
    assert entry.object_id == str(figure.pk)
    assert entry.data == {"reason": "звіт", "changes": {"value": {"before": 2000, "after": 2005}}}


def test_admin_edit_of_a_record_is_logged_with_before_and_after(admin_client, admin_user) -> None:  # type: ignore[no-untyped-def]
    figure = HistoricalFigure.objects.get(metric="portal.news_published", year=2018)
    response = admin_client.post(
        reverse("historical_figures:edit", args=[figure.pk]),
        {"metric": figure.metric, "year": 2018, "value": 2410, "note": "Уточнено за архівом"},
    )
    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.value == 2410

    entry = last_entry(HistoricalFigure)
    assert entry.action == "wagtail.edit"
    assert entry.user == admin_user
    assert entry.object_id == str(figure.pk)
    assert entry.data["changes"] == {
        "value": {"before": 2400, "after": 2410},
        "note": {
            "before": "Звіт відділу за 2020 рік: «понад 2400»",
            "after": "Уточнено за архівом",
        },
    }


def test_admin_creation_of_a_record_is_logged(admin_client, admin_user) -> None:  # type: ignore[no-untyped-def]
    response = admin_client.post(
        reverse("historical_figures:add"),
        {"metric": "portal.videos_published", "year": 2018, "value": 25, "note": ""},
    )
    assert response.status_code == 302
    figure = HistoricalFigure.objects.get(metric="portal.videos_published", year=2018)
    entry = last_entry(HistoricalFigure)
    assert (entry.action, entry.object_id, entry.user) == (
        "wagtail.create",
        str(figure.pk),
        admin_user,
    )


def profile_form_data(profile: CityProfile, **changes: str) -> dict[str, str]:
    data = {
        "name": profile.name,
        "name_forms": profile.name_forms,
        "aliases": profile.aliases,
        "council_name": profile.council_name,
        "office_name": profile.office_name,
        "council_edrpou": profile.council_edrpou,
        "katottg": profile.katottg,
        "official_domains": profile.official_domains,
        "logo": "",
        "address": profile.address,
        "phone": profile.phone,
        "email": profile.email,
        "reception_hours": profile.reception_hours,
        "facebook_url": profile.facebook_url,
        "records_since": profile.records_since.strftime("%d.%m.%Y")
        if profile.records_since
        else "",
    }
    data.update(changes)
    return data


def settings_url() -> str:
    site = Site.objects.get(is_default_site=True)
    return reverse("wagtailsettings:edit", args=["core", "cityprofile", site.pk])


def test_admin_edit_of_the_city_profile_is_logged_with_before_and_after(
    admin_client, admin_user
) -> None:  # type: ignore[no-untyped-def]
    profile = city_profile()
    response = admin_client.post(
        settings_url(),
        profile_form_data(
            profile, council_edrpou="00032106", official_domains="Лисичанськ.укр\nlysychansk.gov.ua"
        ),
    )
    assert response.status_code == 302, response.context and response.context["form"].errors

    profile = city_profile()
    assert profile.council_edrpou == "00032106"
    assert profile.domains == ["xn--80apajbpzd5czc.xn--j1amh", "lysychansk.gov.ua"]
    entry = last_entry(CityProfile)
    assert entry.action == "wagtail.edit"
    assert entry.user == admin_user
    assert entry.data["changes"]["council_edrpou"] == {"before": "", "after": "00032106"}
    assert entry.data["changes"]["official_domains"]["before"] == "lysychansk.gov.ua"
    assert set(entry.data["changes"]) == {"council_edrpou", "official_domains"}


@pytest.mark.parametrize(
    ("field", "value"),
    [("council_edrpou", "00032107"), ("katottg", "UA123"), ("official_domains", "not a domain")],
)
def test_admin_refuses_an_invalid_city_profile(admin_client, field: str, value: str) -> None:  # type: ignore[no-untyped-def]
    before = audit.snapshot(city_profile())
    response = admin_client.post(
        settings_url(), profile_form_data(city_profile(), **{field: value})
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert audit.snapshot(city_profile()) == before


def test_records_since_round_trips_through_the_admin(admin_client) -> None:  # type: ignore[no-untyped-def]
    response = admin_client.post(
        settings_url(), profile_form_data(city_profile(), records_since="01.03.2020")
    )
    assert response.status_code == 302
    assert city_profile().records_since == dt.date(2020, 3, 1)
