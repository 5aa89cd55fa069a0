"""Periodic checks of resources that are links to files elsewhere.

Each external URL is requested (HEAD, then GET when HEAD is refused) with a timeout,
following at most `outbound.MAX_REDIRECTS` redirects; an answer of 400 or more, a timeout or
a network error marks the resource broken, with the reason, until a later check succeeds.
Only http(s) links are followed. The links are typed by data stewards, so the server
connects only to public IP addresses (core/outbound.py; every redirect hop too): a link to
10.x, localhost or 169.254.x is marked broken as "address in a private network" without
being requested, unless OPENDATA_LINKCHECK_ALLOW_PRIVATE is on (an intranet catalogue, the
tests). A host name the DNS server does not resolve in time (HROMADA_OUTBOUND_DNS_TIMEOUT)
is "no answer", naming the host. Reasons are stored in the site's language.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hromada.core import outbound
from hromada.opendata import packages
from hromada.opendata.models import Resource

TIMEOUT_SECONDS = 15.0
Probe = Callable[[str], str]  # returns "" when the link works, else the reason


def guard() -> outbound.Guard:
    """Public addresses only, or every address with OPENDATA_LINKCHECK_ALLOW_PRIVATE."""
    return outbound.guard_for("OPENDATA_LINKCHECK_ALLOW_PRIVATE")


def http_probe(
    url: str, *, timeout: float = TIMEOUT_SECONDS, allowed: outbound.Guard | None = None
) -> str:
    if not url.startswith(("http://", "https://")):
        return _("not an http(s) link")
    for method in ("HEAD", "GET"):
        try:
            with outbound.stream(
                url,
                guard=allowed or guard(),
                method=method,
                timeout=timeout,
                headers={"User-Agent": "Hromada link check"},
            ) as response:  # every hop's connection is checked by the guard
                if response.status_code >= 400:
                    if method == "HEAD" and response.status_code in {403, 405, 501}:
                        continue  # some servers refuse HEAD only
                    return f"HTTP {response.status_code}"
                if method == "GET":
                    next(response.iter_raw(1024), b"")
                return ""
        except outbound.AddressRefused as error:
            return str(error)[:255]
        except httpx.TimeoutException as error:
            # a DNS timeout's message names the host; httpx's own say only "timed out"
            reason = str(error) if outbound.resolution_timed_out(error) else _("timed out")
            return (_("no answer: %(reason)s") % {"reason": reason})[:255]
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            return (_("no answer: %(reason)s") % {"reason": error})[:255]
    return _("no answer")


def check_links(*, probe: Probe | None = None) -> tuple[int, int]:
    """Check every external link of the catalogue; returns (checked, broken). Reasons are
    kept in the site's language, whoever runs the check."""
    probe = probe or http_probe
    checked = broken = 0
    links = Resource.objects.filter(archived=False).exclude(external_url="")
    for resource in links.iterator(chunk_size=200):
        with translation.override(settings.LANGUAGE_CODE):
            reason = probe(resource.external_url)
        Resource.objects.filter(pk=resource.pk).update(
            link_checked_at=timezone.now(), link_broken=bool(reason), link_error=reason[:255]
        )
        if bool(reason) != resource.link_broken:  # the API shows `link_broken`
            packages.invalidate([resource.dataset_id])
        checked += 1
        broken += bool(reason)
    return checked, broken
