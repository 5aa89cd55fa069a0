"""Writes to the organizations register. Keyword-only, typed, atomic and audited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core import audit
from hromada.organizations.models import (
    IMPORTED_FIELDS,
    Decision,
    Organization,
    OrganizationCandidate,
)
from hromada.organizations.records import (
    ImportSummary,
    OrganizationRecord,
    RowError,
    Source,
)
from hromada.organizations.tasks import index_organizations

# ЄДР status words that mean the organization no longer exists. "в стані припинення" (being
# terminated) does not contain any of them: it is not terminated yet.
TERMINATED_WORDS = ("припинено", "припинений", "припинена", "terminated")

#: What an ЄДР export without addresses (2023 on) may change in the register.
REFRESH_FIELDS = ("status", "terminated_on", "head")


class _DryRun(Exception):
    """Raised inside the import transaction to roll a dry run back."""


def normalise_name(name: str) -> str:
    return " ".join(name.split()).casefold()


@transaction.atomic
def create_organization(*, user: Any = None, **fields: Any) -> Organization:
    """Create an organization by hand (source "manual" unless given)."""
    fields.setdefault("source", Source.MANUAL.value)
    organization = Organization(**fields)
    organization.full_clean()
    organization.save()
    audit.record(organization, "wagtail.create", user=user)
    return organization


@transaction.atomic
def update_organization(
    *, organization: Organization, user: Any = None, manual: bool = True, **fields: Any
) -> Organization:
    """Change fields; with `manual` (staff edits) the imported fields changed are remembered,
    so later imports leave them as staff set them."""
    before = audit.snapshot(organization)
    changed = []
    for name, value in fields.items():
        if getattr(organization, name) != value:
            setattr(organization, name, value)
            changed.append(name)
    if not changed:
        return organization
    if manual:
        edited = set(organization.manually_edited_fields or [])
        edited.update(name for name in changed if name in IMPORTED_FIELDS)
        organization.manually_edited_fields = sorted(edited)
    organization.full_clean()
    organization.save()
    audit.record(organization, "wagtail.edit", user=user, before=before)
    return organization


@transaction.atomic
def archive_organization(*, organization: Organization, user: Any = None) -> Organization:
    before = audit.snapshot(organization)
    organization.archived = True
    organization.save(update_fields=["archived", "updated_at"])
    audit.record(organization, "wagtail.edit", user=user, before=before)
    return organization


def _values(record: OrganizationRecord) -> dict[str, Any]:
    terminated_on = record.terminated_on
    return {
        "kind": str(record.kind),
        "name": " ".join(record.name.split()),
        "short_name": record.short_name.strip(),
        "edrpou": record.edrpou.strip(),
        "legal_form": record.legal_form.strip(),
        "registered_on": record.registered_on,
        "terminated_on": terminated_on,
        "status": record.status.strip(),
        "address": record.address.strip(),
        "head": record.head.strip(),
        "parent_name": record.parent.strip(),
    }


def _name_index() -> dict[tuple[str, str], int]:
    """(kind, normalised name) → id, for matching records without an EDRPOU code.

    Built in Python because case-insensitive comparison of Cyrillic is not portable in SQL.
    """
    index: dict[tuple[str, str], int] = {}
    for pk, kind, name in Organization.objects.values_list("id", "kind", "name").order_by("id"):
        index.setdefault((kind, normalise_name(name)), pk)
    return index


class _Batch:
    """What one import knows: existing ids by code and by name, and new organizations waiting
    to be written together (one INSERT per 500, one log write, one search-index job)."""

    def __init__(self) -> None:
        self.names = _name_index()
        self.codes: dict[str, int] = dict(
            Organization.objects.exclude(edrpou="").values_list("edrpou", "id")
        )
        self.new: list[Organization] = []
        self.proposals: list[OrganizationCandidate] = []
        # (kind, normalised name) → EDRPOU of organizations waiting in `new`
        self.pending_names: dict[tuple[str, str], str] = {}

    def flush(self, *, source: Source, user: Any) -> None:
        if not self.new:
            return
        created = Organization.objects.bulk_create(self.new, batch_size=500)
        audit.record_many(created, "wagtail.create", user=user, data={"source": source.value})
        ids = [organization.pk for organization in created]
        transaction.on_commit(lambda: index_organizations.enqueue(ids))
        self.new = []


def _find(values: dict[str, Any], batch: _Batch) -> Organization | None:
    names = batch.names
    if values["edrpou"] and values["edrpou"] in batch.codes:
        return Organization.objects.get(pk=batch.codes[values["edrpou"]])
    pk = names.get((values["kind"], normalise_name(values["name"])))
    if pk is None:
        return None
    candidate = Organization.objects.get(pk=pk)
    if values["edrpou"] and candidate.edrpou and candidate.edrpou != values["edrpou"]:
        return None  # a namesake with another code is another organization
    return candidate


def _is_terminated_status(status: str) -> bool:
    lowered = status.casefold()
    return any(word in lowered for word in TERMINATED_WORDS) and "в стані" not in lowered


def _apply(
    record: OrganizationRecord,
    source: Source,
    user: Any,
    summary: ImportSummary,
    batch: _Batch,
    only: tuple[str, ...] = (),
) -> None:
    values = _values(record)
    if values["terminated_on"] is None and not _is_terminated_status(values["status"]):
        # An active status never clears a termination date staff entered by hand.
        values.pop("terminated_on")
    key = (values["kind"], normalise_name(values["name"]))
    pending_code = batch.pending_names.get(key)
    if pending_code is not None and (
        not values["edrpou"] or pending_code in ("", values["edrpou"])
    ):
        summary.skipped += 1  # the same organization, already created earlier in this file
        return
    existing = _find(values, batch)
    if only:
        # Refresh only: never create, touch the given fields and nothing else.
        if existing is None:
            summary.skipped += 1
            return
        values = {name: value for name, value in values.items() if name in only}
        values["edrpou"] = existing.edrpou
    if existing is None:
        organization = Organization(**values, source=source.value)
        organization.full_clean(validate_unique=False, validate_constraints=False)
        batch.new.append(organization)
        batch.pending_names.setdefault(key, organization.edrpou)
        summary.created += 1
        return
    protected = set(existing.manually_edited_fields or [])
    if _is_terminated_status(values["status"]) and values.get("terminated_on") is None:
        values.pop("terminated_on", None)  # terminated, date unknown: keep what we have
    changes = {
        name: value
        for name, value in values.items()
        if name not in protected and getattr(existing, name) != value
    }
    if only:
        changes.pop("edrpou", None)
    if values["edrpou"] == "" and "edrpou" in changes:
        changes.pop("edrpou")  # a record without a code never erases a known code
    if not changes:
        summary.skipped += 1
        return
    before = audit.snapshot(existing)
    for name, value in changes.items():
        setattr(existing, name, value)
    if (
        existing.registered_on
        and existing.terminated_on
        and existing.terminated_on < existing.registered_on
    ):
        summary.errors.append(
            RowError(
                location=record.location,
                field="terminated_on",
                message=_("termination date before registration date"),
            )
        )
        return
    existing.save()
    audit.record(existing, "wagtail.edit", user=user, before=before, data={"source": source.value})
    summary.updated += 1


def _messages(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {("" if f == "__all__" else f): m for f, m in error.message_dict.items()}
    return {"": list(error.messages)}


def import_records(
    *,
    records: Iterable[OrganizationRecord | RowError],
    source: Source,
    dry_run: bool = False,
    user: Any = None,
    reject_on_errors: bool = True,
    refresh_fields: tuple[str, ...] = (),
) -> ImportSummary:
    """Upsert organizations by EDRPOU, or by kind + normalised name when there is no code.

    Keeps the office's notes and every field staff corrected by hand. Runs in one transaction:
    with `reject_on_errors` any bad record means nothing is written (the summary still lists
    every error); otherwise bad records are skipped and listed. A dry run computes the same
    summary and rolls back. Running the same file again changes nothing.

    With `refresh_fields` (an ЄДР export without addresses) only organizations already in the
    register are touched, and only those fields; records marked `candidate` are proposed to
    staff as `OrganizationCandidate`s instead (`summary.proposed`).
    """
    summary = ImportSummary()
    try:
        with transaction.atomic():
            seen: set[str] = set()
            batch = _Batch()
            for item in records:
                if isinstance(item, RowError):
                    summary.errors.append(item)
                    continue
                if item.candidate:
                    _propose(item, summary, batch)
                    continue
                key = item.edrpou or f"{item.kind}:{normalise_name(item.name)}"
                if key in seen:
                    summary.skipped += 1
                    continue
                seen.add(key)
                try:
                    with transaction.atomic():
                        _apply(item, source, user, summary, batch, refresh_fields)
                except ValidationError as error:
                    for field, messages in _messages(error).items():
                        for message in messages:
                            summary.errors.append(
                                RowError(location=item.location, field=field, message=message)
                            )
            if dry_run or (reject_on_errors and summary.errors):
                raise _DryRun
            batch.flush(source=source, user=user)
            if batch.proposals:
                audit.record_many(
                    batch.proposals, "wagtail.create", user=user, data={"source": source.value}
                )
    except _DryRun:
        pass
    if reject_on_errors and summary.errors:
        summary.created = summary.updated = 0
    return summary


_CANDIDATE_FIELDS = (
    "kind",
    "name",
    "short_name",
    "legal_form",
    "registered_on",
    "terminated_on",
    "status",
    "head",
    "parent_name",
)


def _propose(record: OrganizationRecord, summary: ImportSummary, batch: _Batch) -> None:
    """Keep a candidate for staff review; one already decided is left as staff decided."""
    values = _values(record)
    if not values["edrpou"] or values["edrpou"] in batch.codes:
        summary.skipped += 1
        return
    fields = {name: values[name] for name in _CANDIDATE_FIELDS}
    existing = OrganizationCandidate.objects.filter(edrpou=values["edrpou"]).first()
    if existing is None:
        candidate = OrganizationCandidate.objects.create(edrpou=values["edrpou"], **fields)
        batch.proposals.append(candidate)
        summary.proposed += 1
        return
    changes = {k: v for k, v in fields.items() if getattr(existing, k) != v}
    if existing.decision != Decision.PENDING or not changes:
        summary.skipped += 1
        return
    before = audit.snapshot(existing)
    for name, value in changes.items():
        setattr(existing, name, value)
    existing.save()
    audit.record(existing, "wagtail.edit", before=before)
    summary.updated += 1


@transaction.atomic
def decide_candidate(
    *,
    candidate: OrganizationCandidate,
    accept: bool,
    kind: str | None = None,
    user: Any = None,
) -> OrganizationCandidate:
    """Accept a candidate into the register (an organization from the state register, of
    `kind` when staff corrected it) or reject it. Deciding again changes nothing."""
    candidate = OrganizationCandidate.objects.select_for_update().get(pk=candidate.pk)
    target = Decision.ACCEPTED if accept else Decision.REJECTED
    if candidate.decision == target:
        return candidate
    before = audit.snapshot(candidate)
    if kind:
        candidate.kind = kind
    if accept:
        organization = Organization.objects.filter(edrpou=candidate.edrpou).first()
        if organization is None:
            organization = create_organization(
                user=user,
                source=Source.EDR.value,
                edrpou=candidate.edrpou,
                **{name: getattr(candidate, name) for name in _CANDIDATE_FIELDS},
            )
        candidate.organization = organization
    candidate.decision = target
    candidate.save()
    audit.record(candidate, "wagtail.edit", user=user, before=before)
    return candidate
