"""The register of public-information documents (Law 2939-VI Art. 18, resolution 1277)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from hromada.acts import services
from hromada.acts.models import Act, PublicDocument, PublicDocumentRegisterPage

pytestmark = pytest.mark.django_db


def register() -> PublicDocumentRegisterPage:
    return PublicDocumentRegisterPage.objects.live().get()


def test_every_act_gets_a_card_kept_in_step() -> None:
    act = services.create_act(
        kind="mayor_order",
        number="888",
        date=dt.date(2020, 6, 1),
        title="Про облік документів",
        published_on=dt.date(2020, 6, 2),
        issuing_body="Міський голова",
        topics=["документообіг"],
    )
    card = PublicDocument.objects.get(act=act)
    assert (card.title, card.number, card.created_on) == (act.title, "888", act.date)
    assert card.source == "Міський голова" and card.keywords == "документообіг"
    assert card.document_type == "Розпорядження міського голови"
    services.update_act(act=act, title="Про облік документів у раді")
    card.refresh_from_db()
    assert card.title == "Про облік документів у раді"
    assert PublicDocument.objects.filter(act__isnull=False).count() == Act.objects.count()


def test_a_restricted_document_needs_its_basis() -> None:
    document = PublicDocument(
        title="Службовий план",
        created_on=dt.date(2020, 1, 1),
        source="ВЦА",
        access="official_use",
        document_type="План",
    )
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert "access_basis" in error.value.message_dict


def test_the_public_register_searches_filters_and_shows_cards(client: Client) -> None:
    page = register()
    html = client.get(page.url).content.decode()
    total = int(re.search(r'role="status">(\d+)', html).group(1))  # type: ignore[union-attr]
    assert (
        total
        == PublicDocument.objects.filter(
            archived=False, act__published_on__lte=dt.date.today()
        ).count()
        + PublicDocument.objects.filter(act__isnull=True).count()
    )
    found = client.get(page.url, {"q": "інформуванню"}).content.decode()
    assert "Лист Луганської обласної державної адміністрації" in found
    restricted = client.get(page.url, {"access": "official_use"}).content.decode()
    assert "Мобілізаційний план" in restricted and "Звіт про роботу" not in restricted
    card = PublicDocument.objects.get(title__startswith="Мобілізаційний план")
    card_html = client.get(f"{page.url}{card.pk}/").content.decode()
    assert "ст. 6, ст. 9" in card_html and "Режимно-секретний сектор" in card_html
    act_card = PublicDocument.objects.filter(act__number="77").get()
    act_html = client.get(f"{page.url}{act_card.pk}/").content.decode()
    assert "/rishennia-vykonavchoho-komitetu" in act_html  # links to the act's own page
    unpublished = PublicDocument.objects.get(act__title__startswith="Про затвердження плану")
    assert client.get(f"{page.url}{unpublished.pk}/").status_code == 404


def test_the_register_exports_csv(client: Client) -> None:
    response = client.get(register().url + "export/csv/", {"access": "open"})
    text = b"".join(response.streaming_content).decode().lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and {row["access"] for row in rows} == {"open"}
    assert {"created_on", "received_on", "source", "access_basis", "carrier", "storage"} <= set(
        rows[0]
    )
