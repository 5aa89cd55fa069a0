"""Reads of core records that other modules may use."""

from __future__ import annotations

from django.http import HttpRequest
from django.http.request import split_domain_port
from wagtail.models import Site

from hromada.core import page_cache
from hromada.core.models import CityProfile, HistoricalFigure


def default_site() -> Site | None:
    return Site.objects.filter(is_default_site=True).first() or Site.objects.first()


def _site_for_host(hostname: str, port: int) -> Site | None:
    from wagtail.models.sites import get_site_for_hostname

    try:
        return get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None


# Every request asks which site it is for, and every page shows the city profile: each process
# keeps both while the shared "site" generation is unchanged (a site, the profile, a page in
# the menus changed: core/signals.py). Shared between requests: read only.
_sites = page_cache.SharedMemo(page_cache.SITE, _site_for_host, max_entries=64)
_profiles = page_cache.SharedMemo(
    page_cache.SITE, lambda site_id: CityProfile.for_site(Site.objects.get(pk=site_id))
)


def site_for_request(request: HttpRequest) -> Site | None:
    """What Wagtail's `Site.find_for_request` answers, without a query per request."""
    # The raw host, as Wagtail reads it: the host check is Django's, elsewhere.
    hostname = split_domain_port(request._get_raw_host())[0]  # type: ignore[attr-defined]
    return _sites.get(hostname, int(request.get_port()))


def city_profile(request: HttpRequest | None = None) -> CityProfile:
    """The profile of the request's site, or of the default site outside a request."""
    if request is not None:
        site = Site.find_for_request(request)
        return _profiles.get(site.pk) if site is not None else CityProfile.for_request(request)
    site = default_site()
    if site is None:
        return CityProfile(name="")
    return CityProfile.for_site(site)


def historical_figures(metric: str) -> dict[int, int]:
    return dict(HistoricalFigure.objects.filter(metric=metric).values_list("year", "value"))
