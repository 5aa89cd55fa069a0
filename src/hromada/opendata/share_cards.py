"""The catalogue's share cards: schema.org DataCatalog on the catalogue page and Dataset on a
dataset's page, so dataset search engines index the catalogue (registered with
core/share.py in OpendataConfig.ready)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.http import HttpRequest

from hromada.core import share


def catalogue_card(request: HttpRequest, page: Any, card: share.Card) -> None:
    catalogue: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "DataCatalog",
        "name": page.title,
        "url": card.url,
        "inLanguage": "uk",
    }
    if card.description:
        catalogue["description"] = card.description
    city = share.city_or_none(request)
    if city is not None:
        catalogue["publisher"] = {
            "@type": "GovernmentOrganization",
            "name": city.council_name or city.name,
        }
    card.structured.append(catalogue)


def dataset_card(request: HttpRequest, dataset: Any, card: share.Card) -> None:
    """The dataset page: its own title, description and address; Dataset in the catalogue."""
    card.structured = [item for item in card.structured if item.get("@type") != "DataCatalog"]
    catalogue_url = card.crumbs[-1][1] if card.crumbs else card.url  # the catalogue page
    card.title = dataset.title
    card.description = share.plain(dataset.notes) or dataset.title
    card.url = share.absolute(request, request.path)
    card.crumbs.append((dataset.title, card.url))
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": dataset.title,
        "description": share.plain(dataset.notes, 5000) or dataset.title,
        "url": card.url,
        "identifier": dataset.identifier or str(dataset.id),
        "inLanguage": "uk",
        "datePublished": dataset.published_at.date().isoformat(),
        "dateModified": dataset.metadata_modified.isoformat(),
        "isAccessibleForFree": True,
        "includedInDataCatalog": {"@type": "DataCatalog", "url": catalogue_url},
    }
    keywords = [word.strip() for word in (dataset.keywords or "").split(",") if word.strip()]
    if keywords:
        data["keywords"] = keywords
    if dataset.licence_url:
        data["license"] = dataset.licence_url
    if dataset.publisher_id:
        data["creator"] = {"@type": "Organization", "name": dataset.publisher.title}
    distribution = []
    for resource in dataset.resources.all():
        link = "" if resource.archived else resource_link(dataset, resource)
        if link:
            download = {"@type": "DataDownload", "name": resource.name, "contentUrl": link}
            if resource.mimetype or resource.format:
                download["encodingFormat"] = resource.mimetype or resource.format
            distribution.append(download)
    if distribution:
        data["distribution"] = [
            {**item, "contentUrl": share.absolute(request, item["contentUrl"])}
            for item in distribution
        ]
    card.structured.append(data)


def resource_link(dataset: Any, resource: Any) -> str:
    """The address the dataset page links for downloading the resource (as its template)."""
    if resource.external_url:
        return str(resource.external_url)
    if resource.live_format:
        return f"/opendata/live/{dataset.live_slug}.{resource.live_format}"
    versions = sorted(resource.versions.all(), key=lambda version: -version.number)
    if not versions:
        return ""
    return f"/opendata/resource/{resource.id}/download/{quote(versions[0].filename)}"


def register() -> None:
    from hromada.opendata.pages import OpenDataPage

    share.register_page(OpenDataPage, catalogue_card)
    share.register_context("dataset", dataset_card)
