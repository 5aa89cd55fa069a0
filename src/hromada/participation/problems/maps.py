"""The problem-report maps: Leaflet from our own static files, tiles from `MAP_TILE_URL`.

Nothing here is needed to report a problem: the address is. Without JavaScript, without
Leaflet installed (`npm ci --omit=dev`) or with the tile map turned off (`MAP_TILE_URL=""`),
the report form has the address and optional coordinates, and the public list its plain SVG
map. When the tiles are unreachable Leaflet still places the points, on a grey plane.
"""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core import checks

LEAFLET_JS = "vendor/leaflet/leaflet.js"
LEAFLET_CSS = "vendor/leaflet/leaflet.css"
MARKER_ICON = "vendor/leaflet/images/marker-icon.png"
MARKER_ICON_2X = "vendor/leaflet/images/marker-icon-2x.png"
MARKER_SHADOW = "vendor/leaflet/images/marker-shadow.png"


NAMES = (LEAFLET_JS, LEAFLET_CSS, MARKER_ICON, MARKER_ICON_2X, MARKER_SHADOW)


def leaflet_installed() -> bool:
    """Leaflet's dist is among the static files' sources (settings.STATICFILES_DIRS)."""
    return all(finders.find(name) for name in NAMES)


@functools.cache
def leaflet_available() -> bool:
    """Leaflet's files can be served: collected into the manifest in production (a page must
    never fail on a missing manifest entry when collectstatic ran before Leaflet was
    installed), installed otherwise. Read once per process."""
    try:
        for name in NAMES:
            staticfiles_storage.url(name)  # a manifest storage refuses an unknown file
    except ValueError:
        return False
    if isinstance(staticfiles_storage, ManifestFilesMixin) and not settings.DEBUG:
        return True
    return leaflet_installed()


def tile_map(rules: Any) -> dict[str, Any]:
    """What the map elements carry (as data attributes), or {} when there is no tile map.

    ``rules`` is the site's ParticipationSettings (the centre and zoom to open at)."""
    if not settings.MAP_TILE_URL or not leaflet_available():
        return {}
    return {
        "tiles": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "attribution_url": settings.MAP_TILE_ATTRIBUTION_URL,
        "latitude": f"{rules.map_latitude:f}",
        "longitude": f"{rules.map_longitude:f}",
        "zoom": rules.map_zoom,
    }


def check_leaflet(**kwargs: Any) -> list[checks.CheckMessage]:
    """System check (registered in apps.py): the tile map is on but Leaflet is not installed.

    (Installed but not yet collected is not reported: `collectstatic` itself runs the checks
    first. Until it has run, pages keep the SVG map — `leaflet_available`.)"""
    if not settings.MAP_TILE_URL or leaflet_installed():
        return []
    return [
        checks.Warning(
            "Leaflet is not installed: the problem-report maps stay plain SVG.",
            hint=(
                f"Run `npm ci --omit=dev` (or `make install`) so that {settings.LEAFLET_DIR} "
                "exists, then `hromada collectstatic` and restart; or set MAP_TILE_URL to an "
                "empty value."
            ),
            id="participation.W001",
        )
    ]
