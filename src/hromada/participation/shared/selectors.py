"""Reads the components share: the site's participation settings and the datasets' dates."""

from __future__ import annotations

import datetime as dt

from hromada.core.selectors import default_site
from hromada.participation.shared.models import ParticipationSettings


def participation_settings() -> ParticipationSettings:
    """The site's ParticipationSettings (the charter's rules, form limits, the map centre)."""
    site = default_site()
    return ParticipationSettings.for_site(site) if site else ParticipationSettings()


def iso_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.isoformat()
