"""Periodic checks of resources that are links to files elsewhere.

Each external URL is requested (HEAD, then GET when HEAD is refused) with a timeout; an
answer of 400 or more, a timeout or a network error marks the resource broken, with the
reason, until a later check succeeds. Only http(s) links are followed.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable

from django.utils import timezone

from hromada.opendata import packages
from hromada.opendata.models import Resource

TIMEOUT_SECONDS = 15.0
Probe = Callable[[str], str]  # returns "" when the link works, else the reason


def http_probe(url: str, *, timeout: float = TIMEOUT_SECONDS) -> str:
    if not url.startswith(("http://", "https://")):
        return "not an http(s) link"
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
            url, method=method, headers={"User-Agent": "Hromada link check"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                if method == "GET":
                    response.read(1024)
                return ""
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in {403, 405, 501}:
                continue  # some servers refuse HEAD only
            return f"HTTP {error.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            return f"no answer: {reason}"[:255]
    return "no answer"


def check_links(*, probe: Probe | None = None) -> tuple[int, int]:
    """Check every external link of the catalogue; returns (checked, broken)."""
    probe = probe or http_probe
    checked = broken = 0
    links = Resource.objects.filter(archived=False).exclude(external_url="")
    for resource in links.iterator(chunk_size=200):
        reason = probe(resource.external_url)
        Resource.objects.filter(pk=resource.pk).update(
            link_checked_at=timezone.now(), link_broken=bool(reason), link_error=reason[:255]
        )
        if bool(reason) != resource.link_broken:  # the API shows `link_broken`
            packages.invalidate([resource.dataset_id])
        checked += 1
        broken += bool(reason)
    return checked, broken
