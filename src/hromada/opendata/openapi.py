"""The OpenAPI 3.1 description of the public machine interfaces, served at /api/openapi.json.

It covers the CKAN actions (api.py), DCAT-AP (dcat.py), resource downloads, live datasets,
and the CSV/JSON exports of the public registers (acts, public-information documents,
organizations). The registers are Wagtail pages placed by editors, so their paths are read
from the live pages when the document is asked for. tests/opendata/test_openapi.py validates
the document and runs schemathesis against a live server with it.
"""

from __future__ import annotations

import copy
from typing import Any

from django.http import HttpRequest

from hromada.opendata import api, search

VERSION = "1.0.0"
NAME_PATTERN = "^[a-z0-9_-]{2,100}$"
UUID_SCHEMA = {"type": "string", "format": "uuid"}
CKAN_TIME = {
    "type": ["string", "null"],
    "description": "Naive UTC with microseconds, as CKAN writes it (compared as text).",
}
NATURAL = {"type": "integer", "minimum": 0, "maximum": search.MAX_INTEGER}
HTML_PAGE = {"text/html": {"schema": {"type": "string"}}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _response(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/responses/{name}"}


def _nullable(kind: str) -> dict[str, Any]:
    return {"type": [kind, "null"]}


SCHEMAS: dict[str, Any] = {
    "ErrorEnvelope": {
        "type": "object",
        "required": ["help", "success", "error"],
        "properties": {
            "help": {"type": "string"},
            "success": {"const": False},
            "error": {
                "type": "object",
                "required": ["__type"],
                "properties": {
                    "__type": {
                        "enum": [
                            "Bad Request",
                            "Not Found Error",
                            "Authorization Error",
                            "Validation Error",
                            "Search Query Error",
                            "Search Error",
                        ]
                    },
                    "message": {"type": "string"},
                },
                # A Validation Error lists the messages of each field it names.
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
    },
    "Organization": {
        "type": "object",
        "required": ["id", "name", "title", "type", "is_organization", "state"],
        "properties": {
            "id": UUID_SCHEMA,
            "name": {"type": "string"},
            "title": {"type": "string"},
            "display_name": {"type": "string"},
            "description": {"type": "string"},
            "type": {"const": "organization"},
            "is_organization": {"const": True},
            "state": {"const": "active"},
            "approval_status": {"type": "string"},
            "image_url": {"type": "string"},
            "created": CKAN_TIME,
            "edrpou": _nullable("string"),
            "parent": _nullable("string"),
            "package_count": {"type": "integer", "minimum": 0},
            "packages": {"type": "array", "items": _ref("Package")},
            "tags": {"type": "array", "items": _ref("Tag")},
            "groups": {"type": "array", "items": _ref("Group")},
            "extras": {"type": "array", "items": {"type": "object"}},
            "num_followers": {"type": "integer", "minimum": 0},
        },
    },
    "Group": {
        "type": "object",
        "required": ["id", "name", "title", "type", "is_organization", "state"],
        "properties": {
            "id": UUID_SCHEMA,
            "name": {"type": "string"},
            "title": {"type": "string"},
            "display_name": {"type": "string"},
            "description": {"type": "string"},
            "type": {"const": "group"},
            "is_organization": {"const": False},
            "state": {"const": "active"},
            "approval_status": {"type": "string"},
            "image_url": {"type": "string"},
            "image_display_url": {"type": "string"},
            "created": CKAN_TIME,
            "package_count": {"type": "integer", "minimum": 0},
            "packages": {"type": "array", "items": _ref("Package")},
            "tags": {"type": "array", "items": _ref("Tag")},
            "groups": {"type": "array", "items": _ref("Group")},
            "extras": {"type": "array", "items": {"type": "object"}},
            "num_followers": {"type": "integer", "minimum": 0},
        },
    },
    "Tag": {
        "type": "object",
        "required": ["name"],
        "properties": {
            "id": {"type": "string"},
            "name": {"type": "string"},
            "display_name": {"type": "string"},
            "state": {"type": "string"},
            "vocabulary_id": {"type": "null"},
            "packages": {"type": "array", "items": _ref("Package")},
        },
    },
    "Resource": {
        "type": "object",
        "required": ["id", "package_id", "name", "url", "format", "state"],
        "properties": {
            "id": UUID_SCHEMA,
            "package_id": UUID_SCHEMA,
            "name": {"type": "string"},
            "description": {"type": "string"},
            "url": {"type": "string"},
            "url_type": _nullable("string"),
            "format": {"type": "string"},
            "mimetype": _nullable("string"),
            "size": _nullable("integer"),
            "hash": _nullable("string"),
            "created": CKAN_TIME,
            "last_modified": CKAN_TIME,
            "metadata_modified": CKAN_TIME,
            "position": {"type": "integer"},
            "state": {"const": "active"},
            "datastore_active": {"type": "boolean"},
            "link_broken": _nullable("boolean"),
            "version": _nullable("integer"),
            "versions": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["version", "url"],
                    "properties": {
                        "version": {"type": "integer", "minimum": 1},
                        "url": {"type": "string"},
                        "created": CKAN_TIME,
                        "size": _nullable("integer"),
                        "hash": _nullable("string"),
                        "format": _nullable("string"),
                    },
                },
            },
        },
    },
    "Package": {
        "description": "A dataset with its Resolution 835 passport; package_search returns "
        "exactly what package_show does.",
        "type": "object",
        "required": [
            "id",
            "name",
            "title",
            "type",
            "state",
            "metadata_created",
            "metadata_modified",
            "organization",
            "resources",
            "num_resources",
            "tags",
            "num_tags",
        ],
        "properties": {
            "id": UUID_SCHEMA,
            "name": {"type": "string", "pattern": NAME_PATTERN},
            "title": {"type": "string"},
            "notes": {"type": "string"},
            "type": {"const": "dataset"},
            "state": {"const": "active"},
            "private": {"const": False},
            "isopen": {"type": "boolean"},
            "license_id": {"type": "string"},
            "license_title": {"type": "string"},
            "license_url": _nullable("string"),
            "author": _nullable("string"),
            "author_email": _nullable("string"),
            "maintainer": _nullable("string"),
            "maintainer_email": _nullable("string"),
            "url": {"type": "string"},
            "metadata_created": CKAN_TIME,
            "metadata_modified": CKAN_TIME,
            "owner_org": UUID_SCHEMA,
            "organization": _ref("Organization"),
            "groups": {"type": "array", "items": _ref("Group")},
            "tags": {"type": "array", "items": _ref("Tag")},
            "num_tags": {"type": "integer", "minimum": 0},
            "resources": {"type": "array", "items": _ref("Resource")},
            "num_resources": {"type": "integer", "minimum": 0},
            "purpose_of_collecting_information": _nullable("string"),
            "update_frequency": _nullable("string"),
            "language": _nullable("string"),
            "tag_string": {"type": "string"},
            "identifier": _nullable("string"),
            "compression_format": _nullable("string"),
            "formats": {"type": "array", "items": {"type": "string"}},
            "first_published": CKAN_TIME,
            "last_updated": CKAN_TIME,
            "data_current_to": CKAN_TIME,
            "structure_url": _nullable("string"),
            "next_update_due": CKAN_TIME,
            "is_overdue": {"type": "boolean"},
            "live": {"type": "boolean"},
        },
    },
    "SearchResult": {
        "type": "object",
        "required": ["count", "sort", "results", "facets", "search_facets"],
        "properties": {
            "count": {"type": "integer", "minimum": 0},
            "sort": {"type": "string"},
            "results": {"type": "array", "items": _ref("Package")},
            "facets": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": {"type": "integer", "minimum": 0},
                },
            },
            "search_facets": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "required": ["title", "items"],
                    "properties": {
                        "title": {"type": "string"},
                        "items": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["name", "display_name", "count"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "display_name": {"type": "string"},
                                    "count": {"type": "integer", "minimum": 0},
                                },
                            },
                        },
                    },
                },
            },
        },
    },
    "Autocomplete": {
        "type": "object",
        "required": ["name", "title", "match_field", "match_displayed"],
        "properties": {
            "name": {"type": "string"},
            "title": {"type": "string"},
            "match_field": {"enum": ["name", "title"]},
            "match_displayed": {"type": "string"},
        },
    },
    "Named": {
        "type": "object",
        "required": ["id", "name", "title"],
        "properties": {
            "id": UUID_SCHEMA,
            "name": {"type": "string"},
            "title": {"type": "string"},
        },
    },
    "License": {
        "type": "object",
        "required": ["id", "title", "url"],
        "properties": {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "url": {"type": "string"},
        },
    },
    "DatastoreField": {
        "type": "object",
        "required": ["id", "type"],
        "properties": {
            "id": {"type": "string"},
            "type": {"enum": ["text", "int", "numeric", "date", "timestamp", "bool"]},
            "schema": {"type": "object"},
        },
    },
    "DatastoreSearch": {
        "type": "object",
        "required": ["resource_id", "fields", "records", "records_format", "limit", "_links"],
        "properties": {
            "resource_id": UUID_SCHEMA,
            "fields": {"type": "array", "items": _ref("DatastoreField")},
            "records": {"oneOf": [{"type": "array"}, {"type": "string"}]},
            "records_format": {"enum": ["objects", "lists", "csv"]},
            "limit": {"type": "integer", "minimum": 0},
            "offset": {"type": "integer", "minimum": 0},
            "total": {"type": "integer", "minimum": 0},
            "total_was_estimated": {"type": "boolean"},
            "include_total": {"type": "boolean"},
            "filters": {"type": "object"},
            "q": {"type": "string"},
            "sort": {"type": "string"},
            "distinct": {"type": "boolean"},
            "_links": {"type": "object"},
        },
    },
    "DatastoreInfo": {
        "type": "object",
        "required": ["meta", "fields"],
        "properties": {
            "meta": {"type": "object"},
            "fields": {"type": "array", "items": _ref("DatastoreField")},
        },
    },
    "Status": {
        "type": "object",
        "required": ["site_title", "site_url", "ckan_version", "locale_default"],
        "properties": {
            "site_title": {"type": "string"},
            "site_description": {"type": "string"},
            "site_url": {"type": "string"},
            "ckan_version": {"type": "string"},
            "error_emails_to": {"type": "null"},
            "locale_default": {"type": "string"},
            "extensions": {"type": "array", "items": {"type": "string"}},
        },
    },
    "Export": {
        "description": "A register's rows with the filters that chose them.",
        "type": "object",
        "required": ["data"],
        "properties": {
            "data": {"type": "array", "items": {"type": "object"}},
        },
    },
}


def _names_or(item: str) -> dict[str, Any]:
    return {
        "oneOf": [
            {"type": "array", "items": {"type": "string"}},
            {"type": "array", "items": _ref(item), "minItems": 1},
        ]
    }


# action: (summary, parameters {name: (schema, required, description)}, result schema,
# whether it answers 404)
TEXT: dict[str, Any] = {"type": "string"}
FLAG: dict[str, Any] = {"type": "boolean"}
SHOW_PARAMS: dict[str, tuple[dict[str, Any], bool, str]] = {
    "id": (TEXT, True, "Its UUID or name"),
    "include_datasets": (FLAG, False, "Add its datasets (at most 1000)"),
    "include_dataset_count": (FLAG, False, "Add package_count (default true)"),
    "include_tags": (FLAG, False, "Add tags (default true; always empty here)"),
    "include_groups": (FLAG, False, "Add groups (default true; always empty here)"),
    "include_extras": (FLAG, False, "Add extras (default true; always empty here)"),
    "include_followers": (FLAG, False, "Add num_followers (default true; always 0 here)"),
}
ACTIONS: dict[str, tuple[str, dict[str, tuple[dict[str, Any], bool, str]], Any, bool]] = {
    "package_list": (
        "Names of all public datasets, alphabetically",
        {
            "limit": (NATURAL, False, "How many names (0: all)"),
            "offset": (NATURAL, False, "How many names to skip"),
        },
        {"type": "array", "items": {"type": "string", "pattern": NAME_PATTERN}},
        False,
    ),
    "package_show": (
        "One dataset by its id (UUID) or name",
        {"id": (TEXT, True, "The dataset's UUID or name")},
        _ref("Package"),
        True,
    ),
    "package_search": (
        "Search the datasets (a subset of Solr's syntax)",
        {
            "q": (TEXT, False, "Words, or field:value terms"),
            "fq": (TEXT, False, 'Filter: field:value, field:"value", field:[X TO Y] on dates'),
            "sort": (TEXT, False, "For example `metadata_modified desc, id asc`"),
            "rows": (NATURAL, False, f"Page size (default 10, at most {search.MAX_ROWS})"),
            "start": (NATURAL, False, "How many results to skip"),
            "facet.field": (TEXT, False, "A JSON list of facet fields"),
            "facet.limit": (NATURAL, False, "Values per facet (0: all)"),
            "facet.mincount": (NATURAL, False, "Smallest count shown"),
        },
        _ref("SearchResult"),
        False,
    ),
    "resource_show": (
        "One resource by its UUID",
        {"id": (TEXT, True, "The resource's UUID")},
        _ref("Resource"),
        True,
    ),
    "organization_list": (
        "Publishers' names (or their records with all_fields)",
        {"all_fields": (FLAG, False, "Whole records instead of names")},
        _names_or("Organization"),
        False,
    ),
    "organization_show": (
        "One publisher by its id (UUID) or name",
        SHOW_PARAMS,
        _ref("Organization"),
        True,
    ),
    "group_list": (
        "Topic groups' names (or their records with all_fields)",
        {"all_fields": (FLAG, False, "Whole records instead of names")},
        _names_or("Group"),
        False,
    ),
    "tag_list": (
        "Keywords in use",
        {
            "query": (TEXT, False, "Only keywords containing this text"),
            "all_fields": (FLAG, False, "Whole records instead of names"),
        },
        _names_or("Tag"),
        False,
    ),
    "group_show": (
        "One topic group by its id (UUID) or name",
        SHOW_PARAMS,
        _ref("Group"),
        True,
    ),
    "tag_show": (
        "One keyword by its name or id",
        {
            "id": (TEXT, True, "The keyword or its id"),
            "include_datasets": (FLAG, False, "Add its datasets (at most 1000)"),
        },
        _ref("Tag"),
        True,
    ),
    "package_autocomplete": (
        "Datasets whose name or title starts with q",
        {"q": (TEXT, True, "The beginning typed"), "limit": (NATURAL, False, "At most (10)")},
        {"type": "array", "items": _ref("Autocomplete")},
        False,
    ),
    "organization_autocomplete": (
        "Publishers whose name or title contains q",
        {"q": (TEXT, True, "Text typed"), "limit": (NATURAL, False, "At most (20)")},
        {"type": "array", "items": _ref("Named")},
        False,
    ),
    "group_autocomplete": (
        "Topic groups whose name or title contains q",
        {"q": (TEXT, True, "Text typed"), "limit": (NATURAL, False, "At most (20)")},
        {"type": "array", "items": _ref("Named")},
        False,
    ),
    "tag_autocomplete": (
        "Keywords in use containing query",
        {"query": (TEXT, True, "Text typed"), "limit": (NATURAL, False, "At most (10)")},
        {"type": "array", "items": {"type": "string"}},
        False,
    ),
    "format_autocomplete": (
        "Resource formats in use containing q (lower case)",
        {"q": (TEXT, True, "Text typed"), "limit": (NATURAL, False, "At most (5)")},
        {"type": "array", "items": {"type": "string"}},
        False,
    ),
    "license_list": (
        "The licences datasets may carry",
        {},
        {"type": "array", "items": _ref("License")},
        False,
    ),
    "current_package_list_with_resources": (
        "Datasets with their resources, most recently modified first",
        {
            "limit": (NATURAL, False, "How many (0: all)"),
            "offset": (NATURAL, False, "How many to skip"),
        },
        {"type": "array", "items": _ref("Package")},
        False,
    ),
    "datastore_search": (
        "Rows of a tabular resource (CKAN's DataStore)",
        {
            "resource_id": (TEXT, True, "The resource's UUID"),
            "filters": (TEXT, False, 'A JSON object, e.g. {"district": ["A", "B"]}'),
            "q": (TEXT, False, "Words found anywhere in the row"),
            "fields": (TEXT, False, "Fields to return, comma-separated or a JSON list"),
            "sort": (TEXT, False, "For example `amount desc, name`"),
            "limit": (NATURAL, False, "Rows (default 100, at most 32000)"),
            "offset": (NATURAL, False, "Rows to skip"),
            "distinct": (FLAG, False, "Only distinct rows of the fields returned"),
            "include_total": (FLAG, False, "Count the rows matched (default true)"),
            "records_format": (
                {"enum": ["objects", "lists", "csv"]},
                False,
                "objects (default), lists or csv",
            ),
        },
        _ref("DatastoreSearch"),
        True,
    ),
    "datastore_info": (
        "The fields and row count of a tabular resource",
        {"id": (TEXT, True, "The resource's UUID")},
        _ref("DatastoreInfo"),
        True,
    ),
    "status_show": ("The site and the CKAN API level it follows", {}, _ref("Status"), False),
    "help_show": (
        "The documentation of one action",
        {"name": (TEXT, True, "The action's name")},
        {"type": "string"},
        True,
    ),
}


def _success(result: Any) -> dict[str, Any]:
    return {
        "description": "CKAN's envelope with the result",
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["help", "success", "result"],
                    "properties": {
                        "help": {"type": "string"},
                        "success": {"const": True},
                        "result": result,
                    },
                }
            }
        },
    }


def _action_operations(name: str) -> dict[str, Any]:
    summary, params, result, can_miss = ACTIONS[name]
    responses: dict[str, Any] = {
        "200": _success(result),
        "400": _response("BadRequest"),
        "409": _response("ValidationError"),
    }
    if can_miss:
        responses["404"] = _response("NotFound")
    query = [
        {
            "name": key,
            "in": "query",
            "required": required,
            "description": description,
            "schema": schema,
        }
        for key, (schema, required, description) in params.items()
    ]
    body = {
        "type": "object",
        "properties": {key: schema for key, (schema, _r, _d) in params.items()},
        "required": [key for key, (_s, required, _d) in params.items() if required],
    }
    description = (api.ACTIONS[name].__doc__ or "").strip()
    return {
        "get": {
            "operationId": f"{name}",
            "tags": ["CKAN Action API"],
            "summary": summary,
            "description": description,
            "parameters": query,
            "responses": responses,
        },
        "post": {
            "operationId": f"{name}_post",
            "tags": ["CKAN Action API"],
            "summary": f"{summary} (parameters as a JSON object)",
            "description": description,
            "requestBody": {"content": {"application/json": {"schema": body}}},
            "responses": copy.deepcopy(responses),
        },
    }


def _path_param(name: str, schema: dict[str, Any], description: str = "") -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": schema,
        "description": description,
    }


def _fixed_paths() -> dict[str, Any]:
    paths: dict[str, Any] = {
        "/api/3": {
            "get": {
                "operationId": "api_version",
                "tags": ["CKAN Action API"],
                "summary": "The API version",
                "responses": {
                    "200": {
                        "description": "The version",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["version"],
                                    "properties": {"version": {"const": api.API_VERSION}},
                                }
                            }
                        },
                    }
                },
            }
        },
    }
    for name in ACTIONS:
        paths[f"/api/3/action/{name}"] = _action_operations(name)
    rdf = {
        "text/turtle": {"schema": {"type": "string"}},
        "application/rdf+xml": {"schema": {"type": "string"}},
        "application/ld+json": {"schema": {"type": ["object", "array"]}},
    }
    extension = _path_param(
        "extension",
        {"enum": ["ttl", "rdf", "xml", "jsonld"]},
        "ttl: Turtle, rdf or xml: RDF/XML, jsonld: JSON-LD",
    )
    paths["/catalog.{extension}"] = {
        "get": {
            "operationId": "dcat_catalog",
            "tags": ["DCAT-AP"],
            "summary": "The catalogue in DCAT-AP, 100 datasets a page (Hydra paging)",
            "parameters": [
                extension,
                {
                    "name": "page",
                    "in": "query",
                    "schema": {"type": "integer", "minimum": 1, "maximum": search.MAX_INTEGER},
                },
                {
                    "name": "modified_since",
                    "in": "query",
                    "description": "Only datasets changed since then (ISO 8601 or NOW-1DAY)",
                    "schema": {"type": "string"},
                },
            ],
            "responses": {
                "200": {"description": "The catalogue page", "content": rdf},
                "400": {
                    "description": "modified_since is not a date",
                    "content": {"text/plain": {"schema": {"type": "string"}}},
                },
                "404": {"description": "No such page", "content": HTML_PAGE},
            },
        }
    }
    dataset_name = _path_param(
        "name", {"type": "string", "pattern": NAME_PATTERN}, "The dataset's name"
    )
    paths["/dataset/{name}.{extension}"] = {
        "get": {
            "operationId": "dcat_dataset",
            "tags": ["DCAT-AP"],
            "summary": "One dataset in DCAT-AP",
            "parameters": [dataset_name, extension],
            "responses": {
                "200": {"description": "The dataset", "content": rdf},
                "404": {"description": "No such public dataset", "content": HTML_PAGE},
            },
        }
    }
    paths["/dataset/{name}"] = {
        "get": {
            "operationId": "dataset_page",
            "tags": ["DCAT-AP"],
            "summary": "CKAN's dataset address: leads to the dataset's page in the catalogue",
            "parameters": [dataset_name],
            "responses": {
                "302": {"description": "The dataset's page"},
                "200": {
                    "description": "The dataset's page, redirect followed",
                    "content": HTML_PAGE,
                },
                "404": {"description": "No such public dataset", "content": HTML_PAGE},
            },
        }
    }
    any_file = {"*/*": {"schema": {"type": "string", "format": "binary"}}}
    resource_id = _path_param("resource_id", UUID_SCHEMA, "The resource's id")
    filename = _path_param("filename", {"type": "string", "pattern": "^[^/]+$"})
    paths["/opendata/resource/{resource_id}/download/{filename}"] = {
        "get": {
            "operationId": "resource_download",
            "tags": ["Files"],
            "summary": "A resource's current file (any name: the file keeps its own)",
            "parameters": [resource_id, filename],
            "responses": {
                "200": {"description": "The file", "content": any_file},
                "404": {"description": "No such public resource", "content": HTML_PAGE},
            },
        }
    }
    paths["/opendata/resource/{resource_id}/v{number}/{filename}"] = {
        "get": {
            "operationId": "resource_version_download",
            "tags": ["Files"],
            "summary": "One upload of a resource, at its permanent address",
            "parameters": [
                resource_id,
                _path_param(
                    "number", {"type": "integer", "minimum": 0, "maximum": search.MAX_INTEGER}
                ),
                filename,
            ],
            "responses": {
                "200": {"description": "The file", "content": any_file},
                "404": {"description": "No such version", "content": HTML_PAGE},
            },
        }
    }
    paths["/opendata/live/{slug}.{extension}"] = {
        "get": {
            "operationId": "live_dataset",
            "tags": ["Files"],
            "summary": "A live dataset, generated from its register's records now",
            "parameters": [
                _path_param("slug", {"type": "string", "pattern": NAME_PATTERN}),
                _path_param("extension", {"enum": ["csv", "json"]}),
            ],
            "responses": {
                "200": {
                    "description": "The rows",
                    "content": {
                        "text/csv": {"schema": {"type": "string"}},
                        "application/json": {"schema": _ref("Export")},
                    },
                },
                "404": {"description": "No such live dataset", "content": HTML_PAGE},
            },
        }
    }
    paths["/api/openapi.json"] = {
        "get": {
            "operationId": "openapi",
            "tags": ["Description"],
            "summary": "This description",
            "responses": {
                "200": {
                    "description": "OpenAPI 3.1",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    }
    return paths


def _query(name: str, description: str = "") -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": {"type": "string"}, "description": description}


DATE_FILTERS = [
    _query("date_from", "From this date (YYYY-MM-DD or DD.MM.YYYY)"),
    _query("date_to", "To this date"),
]
REGISTERS: dict[str, tuple[str, list[dict[str, Any]], bool]] = {
    # model: (tag, filters, has a JSON export)
    "acts.ActRegisterPage": (
        "Registers of acts",
        [
            _query("q", "Words searched for"),
            _query("kind"),
            _query("year", "Four digits"),
            _query("number"),
            *DATE_FILTERS,
            _query("status"),
        ],
        True,
    ),
    "acts.PublicDocumentRegisterPage": (
        "Register of public-information documents",
        [_query("q", "Words searched for"), *DATE_FILTERS, _query("access")],
        False,
    ),
    "organizations.OrganizationRegisterPage": (
        "Registers of organizations",
        [_query("q", "Words searched for"), _query("status", "active or terminated")],
        True,
    ),
}


def _register_paths(request: HttpRequest) -> dict[str, Any]:
    """The CSV/JSON exports of every live public register page."""
    from django.apps import apps
    from wagtail.models import Page

    paths: dict[str, Any] = {}
    for label, (tag, filters, has_json) in REGISTERS.items():
        try:
            model = apps.get_model(label)
        except LookupError:  # a module that is not installed
            continue
        for page in Page.objects.live().public().type(model).order_by("path"):
            parts = page.get_url_parts(request)
            if parts is None:
                continue
            base = parts[2]
            formats = [("csv", "text/csv", {"type": "string"})]
            if has_json:
                formats.append(("json", "application/json", _ref("Export")))
            for extension, media_type, schema in formats:
                paths[f"{base}export/{extension}/"] = {
                    "get": {
                        "operationId": f"export_{page.pk}_{extension}",
                        "tags": [tag],
                        "summary": f"{page.title}: {extension.upper()}",
                        "parameters": copy.deepcopy(filters),
                        "responses": {
                            "200": {
                                "description": "The filtered rows",
                                "content": {media_type: {"schema": schema}},
                            }
                        },
                    }
                }
    return paths


SLASH_REDIRECT = {
    "description": "Not an address of this operation: Django's APPEND_SLASH sends the client "
    "to the same path with a slash (a page of the site, or its 404 page)"
}


def _with_slash_redirects(paths: dict[str, Any]) -> dict[str, Any]:
    """A path without a trailing slash whose parameters do not match (`/dataset/x`,
    `/catalog.abc`) is redirected by Django to the path with one: a 301 documented as such."""
    for path, operations in paths.items():
        if path.endswith("/") or "{" not in path:
            continue
        for operation in operations.values():
            operation["responses"].setdefault("301", SLASH_REDIRECT)
    return paths


def document(request: HttpRequest) -> dict[str, Any]:
    """The whole description, with this site's address and its register pages."""
    error = {"application/json": {"schema": _ref("ErrorEnvelope")}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Open data and registers API",
            "version": VERSION,
            "description": (
                "The read side of CKAN's Action API (version 3) as data.gov.ua's harvester "
                "and ckanapi use it (also at /api/action/<name>), DCAT-AP, resource files, "
                "live datasets and the exports of the public registers. Every CKAN answer is "
                "the envelope {help, success, result}; errors carry CKAN's __type and "
                "status: Validation Error 409, Search Query Error and Bad Request 400, "
                "Not Found Error 404. Texts are Ukrainian."
            ),
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
        },
        "servers": [{"url": request.build_absolute_uri("/").rstrip("/")}],
        "paths": _with_slash_redirects({**_fixed_paths(), **_register_paths(request)}),
        "components": {
            "schemas": copy.deepcopy(SCHEMAS),
            "responses": {
                "BadRequest": {
                    "description": "Bad Request (the body is not a JSON object) or Search "
                    "Query Error",
                    "content": error,
                },
                "ValidationError": {
                    "description": "Validation Error: each named field with its messages",
                    "content": error,
                },
                "NotFound": {"description": "Not Found Error", "content": error},
            },
        },
    }
