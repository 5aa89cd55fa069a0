"""HTTP side of the catalogue outside Wagtail pages: the CKAN API, DCAT, downloads."""

from __future__ import annotations

import json
import mimetypes
from typing import Any
from urllib.parse import urlencode

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from hromada.opendata import api, dcat, package_dicts, search, services
from hromada.opendata.models import Dataset, Resource, ResourceVersion


def _envelope(
    request: HttpRequest, name: str, payload: dict[str, Any], status: int
) -> HttpResponse:
    help_url = request.build_absolute_uri(
        reverse("opendata:action", args=["help_show"]) + "?" + urlencode({"name": name})
    )
    # dumps copies the stored packages into the answer as they are.
    response = HttpResponse(
        package_dicts.dumps({"help": help_url, **payload}),
        status=status,
        content_type="application/json",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _params(request: HttpRequest) -> dict[str, Any]:
    if request.method == "POST":
        content_type = request.content_type or ""
        if content_type.startswith("multipart/") or content_type.endswith("urlencoded"):
            return {key: request.POST.get(key) for key in request.POST}
        body = request.body.decode("utf-8") if request.body else ""
        if not body.strip():
            return {}
        parsed = json.loads(body)
        if not isinstance(parsed, dict):
            raise ValueError("the request body is not a JSON object")
        return parsed
    params: dict[str, Any] = {}
    for key in request.GET:
        values = request.GET.getlist(key)
        params[key] = values[-1] if len(values) == 1 or key != "facet.field" else values
    return params


@csrf_exempt
def action(request: HttpRequest, name: str) -> HttpResponse:
    """`/api/3/action/<name>` (and `/api/action/<name>`, which ckanapi calls)."""
    if request.method not in {"GET", "POST", "OPTIONS"}:
        response = _envelope(
            request,
            name,
            {"success": False, "error": {"__type": "Bad Request", "message": "Bad request"}},
            405,
        )
        response["Allow"] = "GET, POST, OPTIONS"
        return response
    if request.method == "OPTIONS":
        response = HttpResponse(status=204)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Content-Type, Authorization"
        return response
    try:
        params = _params(request)
    except (ValueError, UnicodeDecodeError) as error:
        return _envelope(
            request,
            name,
            {
                "success": False,
                "error": {"__type": "Bad Request", "message": f"Bad request - JSON Error: {error}"},
            },
            400,
        )
    try:
        result = api.call(name, params, api.Context(request))
    except api.ActionError as error:
        return _envelope(request, name, {"success": False, "error": error.body()}, error.status)
    return _envelope(request, name, {"success": True, "result": result}, 200)


def api_root(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"version": api.API_VERSION})


def openapi_document(request: HttpRequest) -> JsonResponse:
    """The OpenAPI 3.1 description of the public API (openapi.py)."""
    from hromada.opendata import openapi

    response = JsonResponse(openapi.document(request), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _file_response(version: ResourceVersion, *, permanent: bool) -> FileResponse:
    try:
        handle = version.file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=version.filename,
        content_type=version.mimetype or mimetypes.guess_type(version.filename)[0],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Digest"] = f"sha-256={version.sha256}"
    if permanent:
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def _public_resource(resource_id: Any) -> Resource:
    return get_object_or_404(
        Resource.objects.select_related("dataset"),
        pk=resource_id,
        archived=False,
        dataset__in=search.public_datasets(),
    )


def download(request: HttpRequest, resource_id: Any, filename: str) -> HttpResponseBase:
    """The resource's current file."""
    resource = _public_resource(resource_id)
    version = resource.versions.order_by("-number").first()
    if version is None:
        raise Http404
    services.count_use(resource_id=resource.pk, kind="downloads")
    return _file_response(version, permanent=False)


def version_download(
    request: HttpRequest, resource_id: Any, number: int, filename: str
) -> HttpResponseBase:
    """One earlier (or the current) upload, at its own permanent link."""
    if number > search.MAX_INTEGER:  # no such version; the database could not compare it
        raise Http404
    resource = _public_resource(resource_id)
    version = get_object_or_404(resource.versions, number=number)
    services.count_use(resource_id=resource.pk, kind="downloads")
    return _file_response(version, permanent=True)


def live(request: HttpRequest, slug: str, extension: str) -> HttpResponseBase:
    """A live dataset's CSV or JSON, generated from its register's records now."""
    from hromada.core import datasets as live_registry
    from hromada.core import exports

    try:
        declared = live_registry.get(slug)
    except KeyError:
        raise Http404 from None
    dataset = Dataset.objects.filter(live_slug=slug, archived=False).first()
    if dataset is None:
        raise Http404
    columns = [column.name for column in declared.columns]
    if extension == "csv":
        return exports.csv_response(filename=slug, columns=columns, rows=declared.rows())
    return exports.json_response(
        filename=slug,
        columns=columns,
        rows=declared.rows(),
        meta={
            "id": str(dataset.id),
            "name": dataset.name,
            "title": dataset.title,
            "columns": [
                {"name": c.name, "title": str(c.title), "description": str(c.description)}
                for c in declared.columns
            ],
        },
    )


def _rdf(request: HttpRequest, graph: Any, extension: str) -> HttpResponse:
    text, content_type = dcat.serialize(graph, extension)
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def dcat_catalog(request: HttpRequest, extension: str) -> HttpResponse:
    """The catalogue in DCAT-AP, 100 datasets a page (`?page=N`), newest change first."""
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    datasets = search.public_datasets()
    since = request.GET.get("modified_since", "")
    if since:
        try:
            moment = search.parse_time(since, field_name="modified_since")
        except search.SearchQueryError:
            return HttpResponse("modified_since: not a date", status=400, content_type="text/plain")
        if moment is not None:
            datasets = datasets.filter(metadata_modified__gte=moment)
    total = datasets.count()
    if page > 1 and (page - 1) * dcat.PAGE_SIZE >= total:
        raise Http404

    def page_url(number: int) -> str:
        query = {k: v for k, v in request.GET.items() if k != "page"}
        query["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{urlencode(query)}")

    context = api.Context(request)
    return _rdf(
        request, dcat.catalog_graph(datasets, context, page=page, page_url=page_url), extension
    )


def dcat_dataset(request: HttpRequest, name: str, extension: str) -> HttpResponse:
    dataset = package_dicts.with_related(search.public_datasets().filter(name=name)).first()
    if dataset is None:
        raise Http404
    return _rdf(request, dcat.dataset_graph(dataset, api.Context(request)), extension)


def dataset_redirect(request: HttpRequest, name: str) -> HttpResponseRedirect:
    """CKAN's `/dataset/<name>` address leads to the dataset's page in the catalogue."""
    dataset = get_object_or_404(search.public_datasets(), name=name)
    url = api.Context(request).dataset_url(dataset)
    return HttpResponseRedirect(url)
