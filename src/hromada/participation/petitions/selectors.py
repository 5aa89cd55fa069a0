"""Reads of e-petitions: public lists, signature counts, the dataset's rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Max, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from hromada.correspondence.models import Document, Source
from hromada.correspondence.selectors import Origin
from hromada.participation.petitions.models import (
    PUBLIC_PETITION_STATUSES,
    Petition,
    PetitionStatus,
    Signature,
)
from hromada.participation.shared.selectors import iso_date

#: A petition's signatures, counted from its rows through the index of the unique constraint
#: (petition, resident): there is no counter row. Used as ``.annotate(signature_count=…)``.
SIGNATURES = Count("signatures")


def with_signatures(queryset: QuerySet[Petition]) -> QuerySet[Petition]:
    """Petitions with ``signature_count`` (see SIGNATURES)."""
    return queryset.annotate(signature_count=SIGNATURES)  # type: ignore[no-redef]


def signatures_last_made() -> dt.datetime | None:
    """When the last signature was made (the petitions dataset's last change through them)."""
    return Signature.objects.aggregate(latest=Max("signed_at"))["latest"]


def public_petitions(*, status: str = "") -> QuerySet[Petition]:
    queryset = with_signatures(Petition.objects.filter(status__in=PUBLIC_PETITION_STATUSES))
    if status in PUBLIC_PETITION_STATUSES:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-published_on", "-pk")


def public_petition_statuses() -> list[tuple[str, str]]:
    return [(str(s.value), str(s.label)) for s in PUBLIC_PETITION_STATUSES]


def public_petition(pk: int) -> Petition | None:
    return public_petitions().filter(pk=pk).first()


def petition_rows() -> Iterator[dict[str, Any]]:
    for petition in public_petitions():
        yield {
            "id": petition.pk,
            "title": petition.title,
            "status": petition.status,
            "published_on": iso_date(petition.published_on),
            "collection_ends_on": iso_date(petition.collection_ends_on),
            "threshold": petition.threshold,
            "signatures": petition.signature_count,
            "reached_on": iso_date(petition.reached_on),
            "answered_on": iso_date(petition.answered_on),
            "answer": petition.answer,
        }


def petitions_reached_threshold() -> QuerySet[Petition]:
    return Petition.objects.filter(reached_on__isnull=False)


def petitions_in_consideration() -> QuerySet[Petition]:
    return Petition.objects.filter(status=PetitionStatus.CONSIDERATION)


def appeal_origins(document: Document) -> list[Origin]:
    """The petition a journal entry was registered from (see `problems.selectors`)."""
    if document.source != Source.PETITION:
        return []
    return [
        Origin(
            label=_("E-petition No. %(number)s") % {"number": petition.pk},
            admin_url=reverse("participation_petitions:edit", args=[petition.pk]),
        )
        for petition in Petition.objects.filter(appeal=document)
    ]
