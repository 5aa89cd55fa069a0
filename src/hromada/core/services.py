"""Writes to core records. Keyword-only, typed, atomic and audited."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core import audit
from hromada.core.models import CityProfile, HistoricalFigure, lines
from hromada.core.selectors import default_site
from hromada.core.validators import normalise_domain, validate_domain


def site_address(base_url: str) -> tuple[str, int]:
    """Host and port of the public address, which Wagtail uses for absolute URLs (sitemap)."""
    url = urlparse(base_url)
    if not url.hostname:
        raise ValidationError(_("BASE_URL “%(url)s” has no host name.") % {"url": base_url})
    return url.hostname, url.port or (443 if url.scheme == "https" else 80)


@transaction.atomic
def setup_city(
    *,
    name: str,
    domains: Sequence[str],
    aliases: Sequence[str] = (),
    user: Any = None,
    **fields: Any,
) -> CityProfile:
    """Set the default site's city profile. Raises ValidationError on a bad name or domain."""
    name = " ".join(name.split())
    if not name or not any(ch.isalpha() for ch in name):
        raise ValidationError({"name": _("The city name must contain letters.")})
    if len(name) > 100:
        raise ValidationError({"name": _("The city name is longer than 100 characters.")})
    if not domains:
        raise ValidationError({"official_domains": _("Give at least one official domain.")})
    normalised: list[str] = []
    for domain in domains:
        try:
            validate_domain(domain)
        except ValidationError as error:
            raise ValidationError({"official_domains": error.messages}) from error
        normalised.append(normalise_domain(domain))

    site = default_site()
    if site is None:
        raise ValidationError(_("There is no site yet: run migrate first."))
    profile = CityProfile.for_site(site)
    before = audit.snapshot(profile)
    profile.name = name
    profile.official_domains = "\n".join(dict.fromkeys(normalised))
    merged_aliases = [*lines(profile.aliases), *(a.strip() for a in aliases if a.strip())]
    profile.aliases = "\n".join(dict.fromkeys(merged_aliases))
    if name not in lines(profile.name_forms):
        profile.name_forms = "\n".join([name, *lines(profile.name_forms)])
    for field_name, value in fields.items():
        setattr(profile, field_name, value)
    profile.full_clean()
    profile.save()
    site.site_name = name
    site.hostname, site.port = site_address(settings.BASE_URL)
    site.save(update_fields=["site_name", "hostname", "port"])
    audit.record(profile, "wagtail.edit", user=user, before=before)
    return profile


@transaction.atomic
def set_historical_figure(
    *, metric: str, year: int, value: int, note: str = "", user: Any = None
) -> HistoricalFigure:
    """Record the official value of a figure for a year (upsert on metric + year)."""
    from hromada.core import metrics

    metrics.get(metric)  # raises KeyError for an unknown key
    if not 1991 <= year <= 2100:
        raise ValidationError({"year": _("Year %(year)s is out of range.") % {"year": year}})
    if value < 0:
        raise ValidationError({"value": _("A figure cannot be negative.")})
    figure = HistoricalFigure.objects.filter(metric=metric, year=year).first()
    if figure is None:
        figure = HistoricalFigure.objects.create(metric=metric, year=year, value=value, note=note)
        audit.record(figure, "wagtail.create", user=user)
        return figure
    before = audit.snapshot(figure)
    figure.value, figure.note = value, note
    figure.save()
    audit.record(figure, "wagtail.edit", user=user, before=before)
    return figure
