"""Share cards and structured data (core/share.py with the portal's, open data's and the
calendar's builders): each public page type is fetched as a crawler would and read back with
extruct (Open Graph and JSON-LD); the favicon set and the web app manifest."""

from __future__ import annotations

import json
from typing import Any

import extruct
import pytest
from django.core.files.base import ContentFile
from django.test import Client

from hromada.activities.models import CityCalendarPage
from hromada.core import share
from hromada.core.models import CityProfile, HromadaImage
from hromada.opendata.models import Dataset
from hromada.opendata.pages import OpenDataPage
from hromada.portal.models import EventPage, HomePage, NewsPage
from tests.conftest import image_bytes

pytestmark = pytest.mark.django_db


def read(client: Client, url: str) -> tuple[dict[str, Any], list[dict[str, Any]], str]:
    """The page's Open Graph properties (name → list of values), JSON-LD objects and HTML."""
    response = client.get(url, HTTP_HOST="localhost")
    assert response.status_code == 200, url
    html = response.content.decode()
    data = extruct.extract(
        html, base_url="http://localhost" + url, syntaxes=["json-ld", "opengraph"], uniform=False
    )
    og: dict[str, list[str]] = {}
    for block in data["opengraph"]:
        for name, value in block["properties"]:
            og.setdefault(name, []).append(value)
    return og, data["json-ld"], html


def types(objects: list[dict[str, Any]]) -> list[str]:
    return [item["@type"] for item in objects]


def test_home_page_has_the_council_and_a_card():
    client = Client()
    home = HomePage.objects.live().first()
    og, ld, html = read(client, home.url)
    city = CityProfile.objects.get()
    assert og["og:type"] == ["website"]
    assert og["og:locale"] == ["uk_UA"]
    assert og["og:locale:alternate"] == ["en_GB"]
    assert og["og:url"] == ["http://localhost/"]
    assert '<link rel="canonical" href="http://localhost/">' in html
    org = next(item for item in ld if item["@type"] == "GovernmentOrganization")
    assert org["@context"] == "https://schema.org"
    assert org["name"] == (city.council_name or city.name)
    assert org["url"] == "http://localhost/"
    assert 'rel="manifest" href="/manifest.webmanifest"' in html
    assert 'rel="apple-touch-icon"' in html and 'sizes="32x32"' in html


def uploaded_image(size: tuple[int, int] = (1600, 900)) -> HromadaImage:
    """An image whose file is in this test's media folder (the demo's are elsewhere)."""
    upload = ContentFile(image_bytes("JPEG", size), name="photo.jpg")
    return HromadaImage.objects.create(title="Фото", file=upload)


def test_news_page_is_a_news_article_with_its_lead_image():
    client = Client()
    page = NewsPage.objects.live().order_by("-date").first()
    NewsPage.objects.filter(pk=page.pk).update(
        lead_image=uploaded_image(), lead_image_alt="Сесія міської ради"
    )
    page.refresh_from_db()
    og, ld, html = read(client, page.url)
    assert og["og:type"] == ["article"]
    assert og["og:title"] == [page.seo_title or page.title]
    assert og["og:image:alt"] == [page.lead_image_alt]
    assert og["og:image:width"] == ["1200"] and og["og:image:height"] == ["630"]
    assert og["og:image"][0].startswith("http://localhost/") and ".jpg" in og["og:image"][0]
    assert 'name="twitter:card" content="summary_large_image"' in html
    article = next(item for item in ld if item["@type"] == "NewsArticle")
    assert article["headline"] == page.title[:110]
    assert article["datePublished"].startswith(page.date.date().isoformat()[:4])
    assert article["image"] == og["og:image"]
    assert article["publisher"]["@type"] == "GovernmentOrganization"
    crumbs = next(item for item in ld if item["@type"] == "BreadcrumbList")
    items = crumbs["itemListElement"]
    assert [item["position"] for item in items] == list(range(1, len(items) + 1))
    assert items[-1]["item"] == "http://localhost" + page.url
    assert items[-1]["name"] == page.title


def test_event_announcement_is_an_event():
    client = Client()
    page = EventPage.objects.live().first()
    _og, ld, _ = read(client, page.url)
    event = next(item for item in ld if item["@type"] == "Event")
    assert event["name"] == page.title
    assert event["startDate"] == page.start.isoformat()
    assert event["location"]["name"] == page.place


def test_open_data_catalogue_and_dataset():
    client = Client()
    catalogue = OpenDataPage.objects.live().first()
    _, ld, _ = read(client, catalogue.url)
    assert "DataCatalog" in types(ld)
    dataset = Dataset.objects.filter(archived=False).order_by("name").first()
    url = catalogue.url + f"dataset/{dataset.name}/"
    og, ld, _html = read(client, url)
    assert og["og:title"] == [dataset.title]
    assert og["og:url"] == ["http://localhost" + url]
    assert "DataCatalog" not in types(ld)
    data = next(item for item in ld if item["@type"] == "Dataset")
    assert data["name"] == dataset.title
    assert data["includedInDataCatalog"]["url"] == "http://localhost" + catalogue.url
    assert data["description"]
    for download in data.get("distribution", []):
        assert download["contentUrl"].startswith(("http://", "https://"))
    crumbs = next(item for item in ld if item["@type"] == "BreadcrumbList")
    assert crumbs["itemListElement"][-1]["name"] == dataset.title


def test_calendar_event_is_an_event():
    from hromada.activities import selectors

    client = Client()
    page = CityCalendarPage.objects.live().first()
    event = selectors.public_events().order_by("pk").first()
    url = page.event_url(event)
    og, ld, _ = read(client, url)
    data = next(item for item in ld if item["@type"] == "Event")
    assert data["name"] == event.title
    assert data["startDate"].startswith(event.start_date.isoformat())
    assert og["og:title"] == [event.title]
    crumbs = next(item for item in ld if item["@type"] == "BreadcrumbList")
    assert crumbs["itemListElement"][-1]["name"] == event.title


def test_json_ld_cannot_close_its_script_element():
    text = share.json_ld({"name": "</script><script>alert(1)</script> & <b>"})
    assert "</script>" not in text and "<" not in text and "&" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & <b>"


def test_share_image_from_the_city_profile():
    """A page with no image of its own shows the profile's share image, 1200 × 630."""
    client = Client()
    city = CityProfile.objects.get()
    city.share_image = uploaded_image()
    city.share_image_alt = "Будівля міської ради"
    city.save()
    page = NewsPage.objects.live().filter(lead_image=None).first() or HomePage.objects.first()
    og, _, _ = read(client, page.url)
    assert og["og:image:width"] == ["1200"] and og["og:image:height"] == ["630"]
    assert og["og:image:alt"] == ["Будівля міської ради"]
    assert og["og:image:type"] == ["image/jpeg"]


def test_manifest_and_favicon():
    client = Client()
    response = client.get("/manifest.webmanifest", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    city = CityProfile.objects.get()
    assert manifest["name"] == (city.council_name or city.name)
    assert manifest["lang"] == "uk" and manifest["start_url"] == "/"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert client.get(icon["src"].removeprefix("http://localhost")).status_code in (200, 404)
    favicon = client.get("/favicon.ico", HTTP_HOST="localhost")
    assert favicon.status_code == 302 and favicon["Location"].endswith(".png")
