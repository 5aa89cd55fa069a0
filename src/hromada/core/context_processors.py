from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from hromada.core.selectors import city_profile


def city(request: HttpRequest) -> dict[str, Any]:
    """The city profile as `city` in every template (lazy: read only when used)."""
    from django.utils.functional import SimpleLazyObject

    return {"city": SimpleLazyObject(lambda: city_profile(request))}
