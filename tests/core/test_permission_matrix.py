"""The enforced permission matrix (issue 23): every admin URL the resolver knows is requested
as every principal (anonymous, a resident, each role, a superuser) and the outcome must be
the one `core/permission_matrix.py` states. A new admin view without a rule fails here.

One object per model fills the URL arguments; GET is the request, POST where the table says
the action is a POST (no GET view). Set PERMISSION_MATRIX_RECORD=FILE to write what was
observed as JSON (to review when writing rules)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.models import Page

from hromada.core import permission_matrix as matrix
from hromada.core import roles

pytestmark = pytest.mark.django_db

ADMIN_PREFIX = "admin/"
_ARGUMENT = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def admin_patterns() -> Iterator[tuple[str, str, URLPattern]]:
    """(route, URL name, pattern) for every named admin URL."""

    def walk(patterns: Any, prefix: str, namespace: str | None) -> Iterator[Any]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield prefix + str(pattern.pattern), name, pattern

    seen: set[str] = set()
    for route, name, pattern in walk(get_resolver().url_patterns, "", None):
        if route.startswith(ADMIN_PREFIX) and name not in seen:
            seen.add(name)
            yield route, name, pattern


def _model_of(pattern: URLPattern) -> type[models.Model] | None:
    callback = pattern.callback
    initkwargs = getattr(callback, "view_initkwargs", None) or {}
    model = initkwargs.get("model") or getattr(getattr(callback, "view_class", None), "model", None)
    if isinstance(model, str):
        model = apps.get_model(model)
    return model if isinstance(model, type) and issubclass(model, models.Model) else None


def _first_pk(label: str) -> str | None:
    row = apps.get_model(label).objects.order_by("pk").values_list("pk", flat=True).first()
    return None if row is None else str(row)


def fill(route: str, name: str, pattern: URLPattern) -> str | None:
    """The route with its arguments filled from real rows; None when one cannot be."""
    model = matrix.URL_MODELS.get(name) or _model_of(pattern)
    page = str(Page.objects.filter(depth=2).order_by("pk").values_list("pk", flat=True).first())
    path = route.replace("^", "").replace("$", "")

    def value(match: re.Match[str]) -> str:
        argument = match.group(2) or match.group(3)
        if argument in matrix.FIXED_ARGUMENTS:
            return matrix.FIXED_ARGUMENTS[argument]
        if argument in {"page_id", "parent_page_id", "page_to_move_id", "destination_id"}:
            return page
        if argument in {"page_pk"}:
            return page
        label = matrix.ARGUMENT_MODELS.get(argument)
        if label is None and argument in {"pk", "object_id", "id"} and model is not None:
            label = model._meta.label
        found = _first_pk(label) if label else None
        if found is None:
            raise LookupError(argument)
        return found

    try:
        return "/" + _ARGUMENT.sub(value, path)
    except LookupError:
        return None


def principals(django_user_model: Any) -> dict[str, Any]:
    users: dict[str, Any] = {matrix.ANONYMOUS: None}
    users[matrix.RESIDENT] = django_user_model.objects.create_user("matrix-resident")
    for number, role in enumerate(roles.ROLES):
        user = django_user_model.objects.create_user(f"matrix-role-{number}")
        user.groups.add(Group.objects.get(name=role))
        users[role] = user
    users[matrix.SUPERUSER] = django_user_model.objects.create_superuser("matrix-super")
    return users


def outcome(response: Any, path: str) -> str:
    """allowed, denied, missing (404) or error (500)."""
    status = response.status_code
    if status >= 500:
        return "error"
    if status == 404:
        return "missing"
    if status in (401, 403, 405):
        return "denied" if status != 405 else "method"
    if status in (301, 302, 303, 307, 308):
        location = response.get("Location", "").split("?", 1)[0]
        if location.endswith("/admin/login/") or (
            location.endswith("/admin/") and path != "/admin/"
        ):
            return "denied"
        if "/admin/two-factor/" in location:
            return "denied"
    return "allowed"


def test_every_admin_view_has_a_rule_and_behaves_as_the_table_says(
    django_user_model: Any,
) -> None:
    users = principals(get_user_model())
    if connection.vendor == "postgresql" and os.environ.get("CI"):
        # CI walks the whole table in its SQLite pass; who may do what is decided in Python, the
        # same on both databases. The PostgreSQL pass renders every view as the superuser, so a
        # view that fails only on PostgreSQL still fails here, at a tenth of the cost.
        users = {matrix.SUPERUSER: users[matrix.SUPERUSER]}
    clients: dict[str, Client] = {}
    for who, user in users.items():
        client = Client(raise_request_exception=False)  # a 500 is an outcome to report
        if user is not None:
            client.force_login(user)
        clients[who] = client

    without_rule, unfillable, differences, observed = [], [], [], {}
    for route, name, pattern in admin_patterns():
        rule = matrix.rule_for(name)
        if rule is None:
            without_rule.append(name)
            continue
        if rule.action == matrix.SKIP:
            continue
        path = fill(route, name, pattern)
        if path is None:
            unfillable.append(name)
            continue
        seen = {}
        for who, client in clients.items():
            send = client.post if rule.action == matrix.POST else client.get
            result = outcome(send(path), path)
            seen[who] = result
            expected = "allowed" if who in rule.allowed else "denied"
            if result != expected and not (result == "missing" and expected == "denied"):
                differences.append(f"{name} {path} {who}: {result}, the table says {expected}")
        observed[name] = {"path": path, "action": rule.action, **seen}

    record = os.environ.get("PERMISSION_MATRIX_RECORD")
    if record:
        with open(record, "w", encoding="utf-8") as out:
            json.dump(observed, out, ensure_ascii=False, indent=1)
    assert not without_rule, f"admin views without a rule in permission_matrix: {without_rule}"
    assert not unfillable, f"no row to fill the URL arguments of: {unfillable}"
    assert not differences, "\n".join(differences)
