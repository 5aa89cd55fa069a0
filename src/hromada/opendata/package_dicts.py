"""One dataset (and its publisher, groups and resources) as CKAN's API shows it.

The builders of the answers: `package_dict` is what packages.py stores for each dataset and
what package_show and package_search answer; api.py (the actions) and dcat.py use them too.
Nothing here reads a request: links are made by an `Addresses` (api.Context for a request,
packages.TemplateContext for a stored package)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Protocol
from urllib.parse import quote

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch, QuerySet
from django.utils import translation

from hromada.opendata.models import (
    Dataset,
    Licence,
    Publisher,
    Resource,
    ResourceVersion,
    TopicGroup,
)

# The API's one language, whatever the client's Accept-Language or language cookie: the
# passports are Ukrainian (Resolution 835) and data.gov.ua's harvester stores what it reads,
# so translated text (the licence's title) is Ukrainian in every answer and every stored
# package (status_show's `locale_default` says so).
LOCALE = "uk"


def licence_title(code: str) -> str:
    """A licence's title in the API's language ("" for a code we do not know)."""
    if code not in Licence.values:
        return ""
    with translation.override(LOCALE):
        return str(Licence(code).label)


def ckan_time(value: dt.datetime | dt.date | None) -> str | None:
    """Naive UTC with microseconds, as CKAN writes it (harvesters compare it as a string)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat(timespec="microseconds")
    return value.isoformat()


class RawJSON(str):
    """JSON text sent as it is (stored packages): `dumps` does not encode it again."""


def dumps(value: Any) -> str:
    """JSON of `value`, with every RawJSON inside it copied in as it is."""
    if isinstance(value, RawJSON):
        return str(value)
    if isinstance(value, dict):
        items = (f"{encode_json(str(key))}: {dumps(item)}" for key, item in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(dumps(item) for item in value) + "]"
    return encode_json(value)


def encode_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)


class Addresses(Protocol):
    """Where a package's links point: the request's site (Context) or markers (packages)."""

    def absolute(self, path: str) -> str: ...

    def dataset_url(self, dataset: Dataset) -> str: ...


NAME_PLACEHOLDER = "ckan-name-placeholder"


def organization_dict(
    publisher: Publisher, context: Addresses, *, count: int | None = None
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "id": str(publisher.id),
        "name": publisher.name,
        "title": publisher.title,
        "display_name": publisher.title,
        "description": publisher.description,
        "type": "organization",
        "is_organization": True,
        "state": "active",
        "approval_status": "approved",
        "image_url": "",
        "created": ckan_time(publisher.created_at),
        "edrpou": publisher.edrpou,
        "parent": publisher.parent.name if publisher.parent_id and publisher.parent else None,
    }
    if count is not None:
        result["package_count"] = count
    return result


def group_dict(group: TopicGroup, *, count: int | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "id": str(group.id),
        "name": group.name,
        "title": group.title,
        "display_name": group.title,
        "description": group.description,
        "type": "group",
        "is_organization": False,
        "state": "active",
        "approval_status": "approved",
        "image_url": "",
        "image_display_url": "",
        "created": ckan_time(group.created_at),
    }
    if count is not None:
        result["package_count"] = count
    return result


def resource_url(
    resource: Resource, context: Addresses, versions: list[ResourceVersion] | None = None
) -> str:
    """The resource's public URL (the paths are those of urls.py)."""
    if resource.external_url:
        return resource.external_url
    if resource.live_format:
        return context.absolute(
            f"/opendata/live/{resource.dataset.live_slug}.{resource.live_format}"
        )
    if versions is None:
        versions = sorted(resource.versions.all(), key=lambda v: -v.number)
    filename = quote(versions[0].filename) if versions else "data"
    return context.absolute(f"/opendata/resource/{resource.id}/download/{filename}")


def version_url(resource: Resource, version: ResourceVersion, context: Addresses) -> str:
    filename = quote(version.filename)
    return context.absolute(f"/opendata/resource/{resource.id}/v{version.number}/{filename}")


def resource_dict(resource: Resource, context: Addresses) -> dict[str, Any]:
    versions = (
        []
        if resource.external_url or resource.live_format
        else sorted(resource.versions.all(), key=lambda v: -v.number)
    )
    return {
        "id": str(resource.id),
        "package_id": str(resource.dataset_id),
        "name": resource.name,
        "description": resource.description,
        "url": resource_url(resource, context, versions),
        "url_type": resource.url_type,
        "format": resource.format,
        "mimetype": resource.mimetype or None,
        "size": resource.size,
        "hash": resource.sha256,
        "created": ckan_time(resource.created),
        "last_modified": ckan_time(resource.last_modified),
        "metadata_modified": ckan_time(resource.last_modified),
        "position": resource.position,
        "state": "active",
        "resource_type": None,
        "cache_url": None,
        "datastore_active": False,
        "link_broken": resource.link_broken if resource.external_url else None,
        "version": versions[0].number if versions else None,
        "versions": [
            {
                "version": version.number,
                "url": version_url(resource, version, context),
                "created": ckan_time(version.created),
                "size": version.size,
                "hash": version.sha256,
                "format": version.format,
            }
            for version in versions
        ],
    }


def package_dict(dataset: Dataset, context: Addresses) -> dict[str, Any]:
    """One dataset as CKAN shows it (stored by packages.py for package_show and search)."""
    tags = sorted(tag.name for tag in dataset.tags.all())
    resources = [r for r in dataset.resources.all() if not r.archived]
    resources.sort(key=lambda r: (r.position, r.created))
    groups = sorted(dataset.groups.all(), key=lambda g: g.name)
    due = dataset.next_update_due
    return {
        "id": str(dataset.id),
        "name": dataset.name,
        "title": dataset.title,
        "notes": dataset.notes,
        "type": "dataset",
        "state": "active",
        "private": False,
        "isopen": True,
        "license_id": dataset.licence,
        "license_title": licence_title(dataset.licence),
        "license_url": dataset.licence_url,
        "author": dataset.publisher.title,
        "author_email": dataset.publisher.email or None,
        "maintainer": dataset.maintainer,
        "maintainer_email": dataset.maintainer_email,
        "url": context.dataset_url(dataset),
        "version": None,
        "metadata_created": ckan_time(dataset.metadata_created),
        "metadata_modified": ckan_time(dataset.metadata_modified),
        "owner_org": str(dataset.publisher_id),
        "organization": organization_dict(dataset.publisher, context),
        "groups": [group_dict(group) for group in groups],
        "tags": [
            {"name": name, "display_name": name, "state": "active", "vocabulary_id": None}
            for name in tags
        ],
        "num_tags": len(tags),
        "resources": [resource_dict(resource, context) for resource in resources],
        "num_resources": len(resources),
        "extras": [],
        "relationships_as_object": [],
        "relationships_as_subject": [],
        # data.gov.ua's own fields, top level as it shows them
        "purpose_of_collecting_information": dataset.purpose,
        "update_frequency": dataset.update_frequency,
        "language": dataset.language,
        "tag_string": ",".join(tags),
        # the rest of the Resolution 835 passport
        "identifier": dataset.passport_identifier,
        "compression_format": dataset.compression_format or None,
        "formats": sorted({r.format for r in resources if r.format}),
        "first_published": ckan_time(dataset.published_at),
        "last_updated": ckan_time(dataset.last_change),
        "data_current_to": ckan_time(dataset.data_current_to),
        "structure_url": dataset.structure_url or None,
        "next_update_due": ckan_time(due),
        "is_overdue": dataset.is_overdue(),
        "live": dataset.is_live,
    }


def with_related(queryset: QuerySet[Dataset]) -> QuerySet[Dataset]:
    return queryset.select_related("publisher", "publisher__parent").prefetch_related(
        "tags",
        "groups",
        Prefetch(
            "resources",
            # The prefetch sets each resource's `dataset` to the dataset already loaded.
            queryset=Resource.objects.filter(archived=False).prefetch_related("versions"),
        ),
    )
