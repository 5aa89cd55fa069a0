"""The CKAN Action API (version 3), read side: what data.gov.ua's harvester and `ckanapi` use.

Every answer is CKAN's envelope `{"help", "success", "result"}`; errors carry CKAN's
`__type` and status code (Not Found 404, Authorization 403, Validation 409, Search Query
400, unknown action 400). Ids are UUIDs, names Latin slugs, times naive UTC with
microseconds, and a dataset in search results is exactly what `package_show` returns: both
send the package text kept ready by packages.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import uuid
from collections.abc import Callable
from typing import Any, Protocol
from urllib.parse import quote

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from hromada.opendata import packages, search
from hromada.opendata.models import (
    Dataset,
    Licence,
    Publisher,
    Resource,
    ResourceVersion,
    TopicGroup,
)

API_VERSION = 3
CKAN_VERSION = "2.10.0"  # the API level these answers follow
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


class ActionError(Exception):
    status = 400
    type_name = "Bad Request"

    def __init__(self, message: str, **fields: Any) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields

    def body(self) -> dict[str, Any]:
        return {"__type": self.type_name, "message": self.message, **self.fields}


class NotFound(ActionError):
    status = 404
    type_name = "Not Found Error"


class Unauthorized(ActionError):
    status = 403
    type_name = "Authorization Error"


class ValidationFailed(ActionError):
    status = 409
    type_name = "Validation Error"

    def body(self) -> dict[str, Any]:
        return {"__type": self.type_name, **self.fields}


class SearchQueryFailed(ActionError):
    status = 400
    type_name = "Search Query Error"


class UnknownAction(ActionError):
    status = 400
    type_name = "Bad Request"


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
        items = (f"{_encode(str(key))}: {dumps(item)}" for key, item in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(dumps(item) for item in value) + "]"
    return _encode(value)


def _encode(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)


class Addresses(Protocol):
    """Where a package's links point: the request's site (Context) or markers (packages)."""

    def absolute(self, path: str) -> str: ...

    def dataset_url(self, dataset: Dataset) -> str: ...


NAME_PLACEHOLDER = "ckan-name-placeholder"


class Context:
    """What an action needs of the request: absolute URLs."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self._catalogue_url: str | None = None
        self._root = request.build_absolute_uri("/")

    def absolute(self, path: str) -> str:
        """An absolute URL of a site path (built once per request: harvest pages are large)."""
        return self._root + path.lstrip("/")

    def catalogue_url(self) -> str:
        """The catalogue page's address, looked up once per content generation and host
        (publishing, moving or unpublishing a page starts a new generation)."""
        if self._catalogue_url is None:
            from hromada.core.middleware import generation

            key = f"opendata:catalogue-url:{generation.get()}:{self._root}"
            found = cache.get(key)
            if found is None:
                from hromada.opendata.selectors import catalogue_page

                page = catalogue_page()
                url = page.get_url(request=self.request) if page else None
                found = self.request.build_absolute_uri(url) if url else ""
                cache.set(key, found, 3600)
            self._catalogue_url = found
        return self._catalogue_url or ""

    def _page_parts(self) -> tuple[str, str]:
        """What goes before and after a dataset's name in its page's address."""
        base = self.catalogue_url()
        if base:
            return f"{base.rstrip('/')}/dataset/", "/"
        path = reverse("opendata:dcat_dataset", args=[NAME_PLACEHOLDER, "jsonld"])
        before, after = path.split(NAME_PLACEHOLDER)
        return self.absolute(before), after

    def dataset_url(self, dataset: Dataset) -> str:
        before, after = self._page_parts()
        return f"{before}{dataset.name}{after}"

    def localize(self, text: str) -> RawJSON:
        """Stored package text made whole for this request (see packages.py)."""
        before, after = self._page_parts()
        site = _encode(self._root)[1:-1]
        return RawJSON(
            text.replace(packages.SITE_MARK, '"' + site)
            .replace(packages.PAGE_MARK, '"' + _encode(before)[1:-1])
            .replace(packages.PAGE_END_MARK, _encode(after)[1:-1] + '"')
        )


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


def _find_dataset(key: Any) -> Any:
    """The id of the public dataset whose id or name is `key`."""
    if not key:
        raise ValidationFailed("Missing value", id=["Missing value"])
    key = str(key)
    condition = Q(name=key)
    with contextlib.suppress(ValueError):
        condition |= Q(id=uuid.UUID(key))
    found = search.public_datasets().filter(condition).values_list("pk", flat=True).first()
    if found is None:
        raise NotFound("Dataset not found")
    return found


def package_texts(ids: list[Any], context: Context) -> RawJSON:
    """The JSON list of these datasets' packages, in this order."""
    return context.localize("[" + ", ".join(packages.texts(ids)) + "]")


# --- Actions ---------------------------------------------------------------------------------


def package_list(params: dict[str, Any], context: Context) -> list[str]:
    """Names of all public datasets, alphabetically; `limit` and `offset` page it."""
    names = search.public_datasets().order_by("name").values_list("name", flat=True)
    offset = search._integer(params, "offset", 0)
    limit = search._integer(params, "limit", 0)
    return list(names[offset : offset + limit] if limit else names[offset:])


def package_show(params: dict[str, Any], context: Context) -> RawJSON:
    """One dataset by `id` (its UUID or name)."""
    return context.localize(packages.texts([_find_dataset(params.get("id"))])[0])


def package_search(params: dict[str, Any], context: Context) -> dict[str, Any]:
    """Search with `q`, `fq`, `sort`, `rows` (at most 1000), `start` and `facet.field`."""
    try:
        result = search.search(params)
    except search.SearchQueryError as error:
        raise SearchQueryFailed(f"Search Query is invalid: {error}") from None
    except search.ParameterError as error:
        raise ValidationFailed(str(error), **{error.field_name: [str(error)]}) from None
    if "license_id" in result.facet_titles:  # titled as each package's `license_title`
        titles = result.facet_titles["license_id"]
        titles.update({code: licence_title(code) or code for code in titles})
    return {
        "count": result.count,
        "sort": result.sort,
        "results": context.localize("[" + ", ".join(packages.sent(result.rows)) + "]"),
        "facets": result.facets,
        "search_facets": {
            name: {
                "title": name,
                "items": [
                    {"name": value, "display_name": result.facet_titles[name][value], "count": n}
                    for value, n in counts.items()
                ],
            }
            for name, counts in result.facets.items()
        },
    }


def resource_show(params: dict[str, Any], context: Context) -> dict[str, Any]:
    """One resource by `id` (its UUID)."""
    key = params.get("id")
    if not key:
        raise ValidationFailed("Missing value", id=["Missing value"])
    try:
        resource_id = uuid.UUID(str(key))
    except ValueError:
        raise NotFound("Resource was not found.") from None
    resource = (
        Resource.objects.filter(
            pk=resource_id, archived=False, dataset__in=search.public_datasets()
        )
        .select_related("dataset")
        .prefetch_related("versions")
        .first()
    )
    if resource is None:
        raise NotFound("Resource was not found.")
    return resource_dict(resource, context)


def _counted_publishers() -> dict[Any, int]:
    return dict(search.public_datasets().values_list("publisher").annotate(n=_count()).order_by())


def _count() -> Count:
    return Count("pk")


def organization_list(params: dict[str, Any], context: Context) -> list[Any]:
    """Publishers' names, or their dicts with `all_fields=true`."""
    publishers = Publisher.objects.filter(archived=False).select_related("parent").order_by("name")
    if _true(params.get("all_fields")):
        counts = _counted_publishers()
        return [organization_dict(p, context, count=counts.get(p.pk, 0)) for p in publishers]
    return list(publishers.values_list("name", flat=True))


def organization_show(params: dict[str, Any], context: Context) -> dict[str, Any]:
    """One publisher by `id` (its UUID or name); `include_datasets=true` adds its datasets."""
    key = str(params.get("id") or "")
    if not key:
        raise ValidationFailed("Missing value", id=["Missing value"])
    condition = Q(name=key)
    with contextlib.suppress(ValueError):
        condition |= Q(id=uuid.UUID(key))
    publisher = Publisher.objects.filter(condition, archived=False).first()
    if publisher is None:
        raise NotFound("Organization was not found.")
    datasets = search.public_datasets().filter(publisher=publisher)
    result = organization_dict(publisher, context, count=datasets.count())
    if _true(params.get("include_datasets")):
        ids = list(datasets.order_by("name").values_list("pk", flat=True)[:1000])
        result["packages"] = package_texts(ids, context)
    return result


def group_list(params: dict[str, Any], context: Context) -> list[Any]:
    """Topic groups' names, or their dicts with `all_fields=true`."""
    groups = TopicGroup.objects.order_by("name")
    if _true(params.get("all_fields")):
        counts = dict(
            search.public_datasets()
            .filter(groups__isnull=False)
            .values_list("groups")
            .annotate(n=_count())
            .order_by()
        )
        return [group_dict(g, count=counts.get(g.pk, 0)) for g in groups]
    return list(groups.values_list("name", flat=True))


def tag_list(params: dict[str, Any], context: Context) -> list[Any]:
    """Keywords in use, optionally those containing `query`."""
    from hromada.opendata.models import Tag

    tags = Tag.objects.filter(datasets__in=search.public_datasets()).distinct().order_by("name")
    query = str(params.get("query") or "")
    if query:
        tags = tags.filter(name__icontains=query)
    if _true(params.get("all_fields")):
        return [
            {"id": str(tag.pk), "name": tag.name, "display_name": tag.name, "vocabulary_id": None}
            for tag in tags
        ]
    return list(tags.values_list("name", flat=True))


def status_show(params: dict[str, Any], context: Context) -> dict[str, Any]:
    """The site and the CKAN API level it answers at."""
    from hromada.core.selectors import city_profile

    profile = city_profile(context.request)
    return {
        "site_title": profile.council_name or profile.name,
        "site_description": "",
        "site_url": context.absolute("/"),
        "ckan_version": CKAN_VERSION,
        "error_emails_to": None,
        "locale_default": LOCALE,
        "extensions": ["dcat"],
    }


def help_show(params: dict[str, Any], context: Context) -> str:
    """The documentation of the action `name`."""
    name = str(params.get("name") or "")
    if name not in ACTIONS:
        raise NotFound("Action function not found")
    return (ACTIONS[name].__doc__ or "").strip()


def _true(value: Any) -> bool:
    return value is True or str(value).lower() in {"true", "1", "yes"}


ACTIONS: dict[str, Callable[[dict[str, Any], Context], Any]] = {
    "package_list": package_list,
    "package_show": package_show,
    "package_search": package_search,
    "resource_show": resource_show,
    "organization_list": organization_list,
    "organization_show": organization_show,
    "group_list": group_list,
    "tag_list": tag_list,
    "status_show": status_show,
    "help_show": help_show,
}


def _check_text(params: dict[str, Any]) -> None:
    """A NUL character is refused as CKAN's Validation Error: PostgreSQL cannot compare text
    holding one (it would be a server error) and no name, id or word contains it."""
    for key, value in params.items():
        values = value if isinstance(value, list) else [value]
        if "\x00" in key or any(isinstance(v, str) and "\x00" in v for v in values):
            raise ValidationFailed(
                "Invalid text", **{key.replace("\x00", ""): ["Must not contain NUL characters"]}
            )


def call(name: str, params: dict[str, Any], context: Context) -> Any:
    if name not in ACTIONS:
        raise UnknownAction(f"Bad request - Action name not known: {name}")
    _check_text(params)
    try:
        return ACTIONS[name](params, context)
    except search.ParameterError as error:  # limit, offset, rows, start: CKAN's 409
        raise ValidationFailed(str(error), **{error.field_name: [str(error)]}) from None
    except search.SearchQueryError as error:
        raise SearchQueryFailed(f"Search Query is invalid: {error}") from None
