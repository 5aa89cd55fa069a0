"""The public side of urgent notices: the banner's data, the archive, a notice's page, the
live dataset, and residents' e-mail subscription with one-click unsubscribe (RFC 8058)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from hromada.core import exports
from hromada.core.types import request_actor
from hromada.outreach import selectors, services
from hromada.outreach.models import UrgentNotice

PER_PAGE = 30
DATASET_COLUMNS = (
    "id",
    "category",
    "title",
    "text",
    "area",
    "starts_at",
    "ends_at",
    "withdrawn_at",
)


def _local(value: Any) -> str:
    local = timezone.localtime(value)
    return f"{date_format(local, 'd.m.Y')} {date_format(local, 'H:i')}"


def _row(notice: UrgentNotice) -> dict[str, Any]:
    return {
        "id": notice.pk,
        "category": notice.category,
        "category_label": notice.get_category_display(),
        "title": notice.title,
        "text": notice.text,
        "area": notice.area,
        "starts_at": notice.starts_at.isoformat(),
        "ends_at": notice.ends_at.isoformat(),
        "until": _local(notice.ends_at),
        "url": reverse("outreach_notice", args=[notice.pk]),
    }


def _uncached(response: HttpResponse) -> HttpResponse:
    """Notices change by the minute (published, withdrawn, ended): the anonymous page cache
    never keeps a response marked private, so publishing needs no cache invalidation."""
    response["Cache-Control"] = "private, max-age=0"
    return response


@require_GET
@never_cache
def active(request: HttpRequest) -> JsonResponse:
    """`/notices/active.json`: what the banner shows now. Never cached (the page cache keeps
    only HTML, XML and text; this is JSON with no-store), so a notice shows on every page,
    cached or not, as soon as it is published, and goes at its end time."""
    notices = [_row(notice) for notice in selectors.active_notices()[:5]]
    labels = {"region": _("Urgent notices"), "until": _("Until")}
    return JsonResponse(
        {"notices": notices, "labels": labels}, json_dumps_params={"ensure_ascii": False}
    )


@require_GET
def archive(request: HttpRequest) -> HttpResponse:
    paged = Paginator(selectors.notice_archive(), PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    return _uncached(
        TemplateResponse(request, "outreach/archive.html", {"notices": paged, "now": now})
    )


@require_GET
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.public_notice(pk)
    if found is None:
        raise Http404
    return _uncached(
        TemplateResponse(
            request, "outreach/notice.html", {"notice": found, "active": found.is_active()}
        )
    )


@require_GET
def dataset(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """The live dataset of every notice shown: `/notices.json` and `/notices.csv`."""
    rows = []
    for item in selectors.notice_archive()[:10000]:
        row = _row(item)
        row["withdrawn_at"] = item.withdrawn_at.isoformat() if item.withdrawn_at else ""
        rows.append(row)
    if fmt == "json":
        return JsonResponse({"notices": rows}, json_dumps_params={"ensure_ascii": False})
    return exports.csv_response(filename="urgent-notices", columns=DATASET_COLUMNS, rows=rows)


@login_required(login_url="participation:login")
@require_http_methods(["GET", "POST"])
def subscription(request: HttpRequest) -> HttpResponse:
    """A signed-in resident turns e-mailed notices on or off."""
    current = selectors.subscription_of(request_actor(request))
    if request.method == "POST":
        if request.POST.get("action") == "subscribe":
            services.subscribe_to_notices(user=request_actor(request))
        elif current is not None:
            services.unsubscribe_from_notices(subscription=current)
        return redirect("outreach_subscription")
    return TemplateResponse(
        request,
        "outreach/subscription.html",
        {"subscribed": bool(current and current.active)},
    )


@csrf_exempt  # RFC 8058: the mail client POSTs with no cookie and no token of ours
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (link scanners follow GETs, so GET changes nothing); POST, from
    the button or a mail client's one click (body "List-Unsubscribe=One-Click"), unsubscribes."""
    found = selectors.subscription_by_token(token)
    if found is None:
        raise Http404
    done = False
    if request.method == "POST":
        services.unsubscribe_from_notices(subscription=found)
        done = True
    response = TemplateResponse(request, "outreach/unsubscribe.html", {"done": done})
    response["Cache-Control"] = "private, no-store"
    return response


# --- Residents' follows ------------------------------------------------------------------------


@login_required(login_url="participation:login")
@require_http_methods(["GET", "POST"])
def follows(request: HttpRequest) -> HttpResponse:
    """What the signed-in resident follows, and how often they hear about it."""
    from hromada.outreach.follows import KINDS, targets
    from hromada.outreach.models import DigestFrequency, Follow, FollowSettings

    user = request_actor(request)
    if request.method == "POST":
        if "remove" in request.POST and request.POST["remove"].isdigit():
            services.unfollow(user=user, follow_id=int(request.POST["remove"]))
        elif "frequency" in request.POST:
            services.set_digest_frequency(
                user=user,
                frequency=request.POST["frequency"],
                paused=request.POST.get("paused") == "on",
            )
        return redirect("outreach_follows")
    rows = list(Follow.objects.filter(user=user).order_by("-created_at"))
    found = {
        kind: targets(kind, [row.target_id for row in rows if row.kind == kind]) for kind in KINDS
    }
    items = [(row, found[row.kind].get(row.target_id)) for row in rows]
    current = FollowSettings.objects.filter(user=user).first()
    return TemplateResponse(
        request,
        "outreach/follows.html",
        {
            "items": items,
            "frequency": current.frequency if current else DigestFrequency.DAILY,
            "paused": bool(current and current.paused),
            "frequencies": DigestFrequency.choices,
        },
    )


@login_required(login_url="participation:login")
@require_http_methods(["POST"])
def follow_add(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("target_id", "")
    if not target.isdigit():
        raise Http404
    try:
        services.follow(
            user=request_actor(request), kind=request.POST.get("kind", ""), target_id=int(target)
        )
    except ValidationError as error:
        raise Http404 from error
    back = request.POST.get("next", "")
    return redirect(
        back if back.startswith("/") and not back.startswith("//") else "outreach_follows"
    )


@csrf_exempt  # RFC 8058: the mail client POSTs with no cookie and no token of ours
@require_http_methods(["GET", "POST"])
def follows_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    from hromada.outreach.models import FollowSettings

    if not FollowSettings.objects.filter(token=token).exists():
        raise Http404
    done = request.method == "POST" and services.pause_digests(token=token)
    response = TemplateResponse(request, "outreach/unsubscribe.html", {"done": done})
    response["Cache-Control"] = "private, no-store"
    return response
