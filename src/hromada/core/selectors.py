"""Reads of core records that other modules may use."""

from __future__ import annotations

from django.http import HttpRequest
from wagtail.models import Site

from hromada.core.models import CityProfile, HistoricalFigure


def default_site() -> Site | None:
    return Site.objects.filter(is_default_site=True).first() or Site.objects.first()


def city_profile(request: HttpRequest | None = None) -> CityProfile:
    """The profile of the request's site, or of the default site outside a request."""
    if request is not None:
        return CityProfile.for_request(request)
    site = default_site()
    if site is None:
        return CityProfile(name="")
    return CityProfile.for_site(site)


def historical_figures(metric: str) -> dict[int, int]:
    return dict(HistoricalFigure.objects.filter(metric=metric).values_list("year", "value"))
