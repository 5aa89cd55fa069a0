"""The CKAN Action API (version 3), read side: what data.gov.ua's harvester and `ckanapi` use.

Every answer is CKAN's envelope `{"help", "success", "result"}`; errors carry CKAN's
`__type` and status code (Not Found 404, Authorization 403, Validation 409, Search Query
400, unknown action 400). Ids are UUIDs, names Latin slugs, times naive UTC with
microseconds, and a dataset in search results is exactly what `package_show` returns: both
send the package text kept ready by packages.py.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse

from hromada.opendata import packages, search
from hromada.opendata.models import (
    Dataset,
    Publisher,
    Resource,
    TopicGroup,
)
from hromada.opendata.package_dicts import (  # the builders, and names the views and dcat use
    LOCALE,
    NAME_PLACEHOLDER,
    RawJSON,
    encode_json,
    group_dict,
    licence_title,
    organization_dict,
    resource_dict,
)

API_VERSION = 3
CKAN_VERSION = "2.10.0"  # the API level these answers follow


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


class SearchFailed(ActionError):
    """A valid Solr construct this catalogue does not implement (CKAN's SearchError)."""

    status = 409
    type_name = "Search Error"


class UnknownAction(ActionError):
    status = 400
    type_name = "Bad Request"


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
        site = encode_json(self._root)[1:-1]
        return RawJSON(
            text.replace(packages.SITE_MARK, '"' + site)
            .replace(packages.PAGE_MARK, '"' + encode_json(before)[1:-1])
            .replace(packages.PAGE_END_MARK, encode_json(after)[1:-1] + '"')
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
    offset = search.integer_param(params, "offset", 0)
    limit = search.integer_param(params, "limit", 0)
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
    except search.UnsupportedQuery as error:
        raise SearchFailed(f"Search error: {error}") from None
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
    _count_api(resource.pk)
    return resource_dict(resource, context)


def _count_api(resource_id: Any) -> None:
    from hromada.opendata import services

    services.count_use(resource_id=resource_id, kind="api_calls")


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


def _find_by_id_or_name(model: Any, key: str, **filters: Any) -> Any:
    condition = Q(name=key)
    with contextlib.suppress(ValueError):
        condition |= Q(id=uuid.UUID(key))
    return model.objects.filter(condition, **filters).first()


def _required_id(params: dict[str, Any]) -> str:
    key = params.get("id")
    if key in (None, ""):
        raise ValidationFailed("Missing value", id=["Missing value"])
    return str(key)


def _group_or_org_show(
    params: dict[str, Any], context: Context, result: dict[str, Any], datasets: Any
) -> dict[str, Any]:
    """What CKAN's `_group_or_org_show` adds to a group or organization: its dataset count
    (`include_dataset_count`, default true) or its datasets (`include_datasets`, at most
    1000, as package_show gives them), and the lists this catalogue keeps empty (tags,
    sub-groups, extras; no followers; users are never shown)."""
    include_datasets = _true(params.get("include_datasets", False))
    if include_datasets or _true(params.get("include_dataset_count", True)):
        result["package_count"] = datasets.count()
    if include_datasets:
        ids = list(datasets.order_by("name").values_list("pk", flat=True)[:1000])
        result["packages"] = package_texts(ids, context)
    for flag, key in (("include_tags", "tags"), ("include_groups", "groups")):
        if _true(params.get(flag, True)):
            result[key] = []
    if _true(params.get("include_extras", True)):
        result["extras"] = []
    if _true(params.get("include_followers", True)):
        result["num_followers"] = 0
    return result


def organization_show(params: dict[str, Any], context: Context) -> dict[str, Any]:
    """One publisher by `id` (its UUID or name); `include_datasets=true` adds its datasets."""
    publisher = _find_by_id_or_name(Publisher, _required_id(params), archived=False)
    if publisher is None:
        raise NotFound("Organization was not found.")
    datasets = search.public_datasets().filter(publisher=publisher)
    result = organization_dict(publisher, context)
    return _group_or_org_show(params, context, result, datasets)


def group_show(params: dict[str, Any], context: Context) -> dict[str, Any]:
    """One topic group by `id` (its UUID or name); `include_datasets=true` adds its datasets."""
    group = _find_by_id_or_name(TopicGroup, _required_id(params))
    if group is None:
        raise NotFound("Group was not found.")
    datasets = search.public_datasets().filter(groups=group)
    return _group_or_org_show(params, context, group_dict(group), datasets)


def tag_show(params: dict[str, Any], context: Context) -> dict[str, Any]:
    """One keyword by `id` (its name or id); `include_datasets=true` adds its datasets."""
    from hromada.opendata.models import Tag

    key = _required_id(params)
    condition = Q(name=key)
    if key.isdigit():
        condition |= Q(pk=int(key))
    tag = Tag.objects.filter(condition).first()
    if tag is None:
        raise NotFound("Could not find tag")
    result: dict[str, Any] = {
        "id": str(tag.pk),
        "name": tag.name,
        "display_name": tag.name,
        "vocabulary_id": None,
    }
    if _true(params.get("include_datasets", False)):
        datasets = search.public_datasets().filter(tags=tag).order_by("name")
        result["packages"] = package_texts(
            list(datasets.values_list("pk", flat=True)[:1000]), context
        )
    return result


def _autocomplete_query(params: dict[str, Any]) -> tuple[str, int]:
    query = str(params.get("q") or params.get("incomplete") or "")
    if not query:
        raise ValidationFailed("Missing value", q=["Missing value"])
    return query, search.integer_param(params, "limit", 10)


def package_autocomplete(params: dict[str, Any], context: Context) -> list[dict[str, str]]:
    """Datasets whose name or title starts with `q` (at most `limit`, default 10), as CKAN
    lists them: name, title, which of the two matched, and what to display."""
    query, limit = _autocomplete_query(params)
    lowered = query.lower()
    # The search text starts with the lower-cased title (SQLite folds only ASCII case).
    rows = (
        search.public_datasets()
        .filter(Q(name__startswith=lowered) | Q(search_text__startswith=lowered))
        .order_by("name")
        .values_list("name", "title")[:limit]
    )
    found = []
    for name, title in rows:
        if lowered in name:
            found.append(
                {"name": name, "title": title, "match_field": "name", "match_displayed": name}
            )
        else:
            found.append(
                {
                    "name": name,
                    "title": title,
                    "match_field": "title",
                    "match_displayed": f"{title} ({name})",
                }
            )
    return found


def organization_autocomplete(params: dict[str, Any], context: Context) -> list[dict[str, str]]:
    """Publishers whose name or title contains `q` (at most `limit`, default 20)."""
    query = str(params.get("q") or "")
    if not query:
        raise ValidationFailed("Missing value", q=["Missing value"])
    limit = search.integer_param(params, "limit", 20)
    rows = (
        Publisher.objects.filter(archived=False)
        .filter(Q(name__icontains=query) | Q(title__icontains=query))
        .order_by("name")[:limit]
    )
    return [{"id": str(p.id), "name": p.name, "title": p.title} for p in rows]


def group_autocomplete(params: dict[str, Any], context: Context) -> list[dict[str, str]]:
    """Topic groups whose name or title contains `q` (at most `limit`, default 20)."""
    query = str(params.get("q") or "")
    if not query:
        raise ValidationFailed("Missing value", q=["Missing value"])
    limit = search.integer_param(params, "limit", 20)
    rows = TopicGroup.objects.filter(Q(name__icontains=query) | Q(title__icontains=query)).order_by(
        "name"
    )[:limit]
    return [{"id": str(g.id), "name": g.name, "title": g.title} for g in rows]


def tag_autocomplete(params: dict[str, Any], context: Context) -> list[str]:
    """Keywords in use that contain `query` (or `q`), at most `limit` (default 10)."""
    from hromada.opendata.models import Tag

    query = str(params.get("query") or params.get("q") or "")
    if not query:
        raise ValidationFailed("Missing value", query=["Missing value"])
    limit = search.integer_param(params, "limit", 10)
    tags = (
        Tag.objects.filter(datasets__in=search.public_datasets(), name__icontains=query)
        .distinct()
        .order_by("name")
        .values_list("name", flat=True)
    )
    return list(tags[:limit])


def format_autocomplete(params: dict[str, Any], context: Context) -> list[str]:
    """Resource formats in use that contain `q`, lower-cased as CKAN gives them."""
    query = str(params.get("q") or "").lower()
    if not query:
        raise ValidationFailed("Missing value", q=["Missing value"])
    limit = search.integer_param(params, "limit", 5)
    formats = (
        Resource.objects.filter(archived=False, dataset__in=search.public_datasets())
        .exclude(format="")
        .values_list("format", flat=True)
        .distinct()
    )
    return sorted({f.lower() for f in formats if query in f.lower()})[:limit]


def license_list(params: dict[str, Any], context: Context) -> list[dict[str, Any]]:
    """The licences datasets may carry (SPDX codes), titled in the API's language."""
    from hromada.opendata.models import LICENCE_URLS, Licence

    return [
        {
            "id": code,
            "title": licence_title(code),
            "url": LICENCE_URLS.get(Licence(code), ""),
            "status": "active",
            "maintainer": "",
            "family": "",
            "domain_content": False,
            "domain_data": True,
            "domain_software": False,
            "od_conformance": "approved",
            "osd_conformance": "not reviewed",
            "is_okd_compliant": True,
            "is_osi_compliant": False,
        }
        for code in Licence.values
    ]


def current_package_list_with_resources(params: dict[str, Any], context: Context) -> RawJSON:
    """Datasets with their resources, the most recently modified first; `limit`, `offset`."""
    offset = search.integer_param(params, "offset", 0)
    limit = search.integer_param(params, "limit", 0)
    ordered = search.public_datasets().order_by("-metadata_modified", "id")
    ids = list(ordered.values_list("pk", flat=True)[offset : offset + limit if limit else None])
    return package_texts(ids, context)


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


def _datastore_resource(params: dict[str, Any]) -> Any:
    from hromada.opendata import datastore

    key = params.get("resource_id") or params.get("id")
    if key in (None, ""):
        raise ValidationFailed("Missing value", resource_id=["Missing value"])
    resource = datastore.find_resource(key)
    if resource is None:
        raise NotFound(f'Resource "{key}" was not found.')
    return resource


def datastore_search(params: dict[str, Any], context: Context) -> dict[str, Any]:
    """Rows of a tabular resource (CSV, XLSX, a live register) without downloading it:
    `resource_id`, `filters` (JSON object, a value or a list of values per field), `q`
    (words, all of them somewhere in the row), `fields`, `sort` ("field desc, ..."),
    `limit` (default 100, at most 32000), `offset`, `distinct`, `include_total`,
    `records_format` (objects, lists, csv)."""
    from hromada.opendata import datastore

    resource = _datastore_resource(params)
    _count_api(resource.pk)
    try:
        return datastore.search(resource, params, action_url="/api/3/action/datastore_search")
    except datastore.NotInDatastore:
        raise NotFound(f'Resource "{resource.id}" was not found.') from None
    except datastore.DatastoreError as error:
        raise ValidationFailed(str(error), **{error.field_name: [str(error)]}) from None


def datastore_info(params: dict[str, Any], context: Context) -> dict[str, Any]:
    """A tabular resource's fields (with their types) and how many rows it has."""
    from hromada.opendata import datastore

    resource = _datastore_resource(params)
    try:
        return datastore.info(resource)
    except datastore.NotInDatastore:
        raise NotFound(f'Resource "{resource.id}" was not found.') from None


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
    "organization_autocomplete": organization_autocomplete,
    "group_list": group_list,
    "group_show": group_show,
    "group_autocomplete": group_autocomplete,
    "tag_list": tag_list,
    "tag_show": tag_show,
    "tag_autocomplete": tag_autocomplete,
    "package_autocomplete": package_autocomplete,
    "format_autocomplete": format_autocomplete,
    "license_list": license_list,
    "current_package_list_with_resources": current_package_list_with_resources,
    "datastore_search": datastore_search,
    "datastore_info": datastore_info,
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
    except search.UnsupportedQuery as error:
        raise SearchFailed(f"Search error: {error}") from None
