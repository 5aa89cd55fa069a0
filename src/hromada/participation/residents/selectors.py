"""Reads of resident accounts."""

from __future__ import annotations

from typing import Any

from hromada.participation.residents.models import Resident


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def stored_data(resident: Resident) -> dict[str, Any]:
    """Everything the portal keeps about the resident, for them to see and download (Law
    2297-VI, Art. 8). Through the reverse relations the components declare on Resident, so
    that this component imports none of them. The identity key is shown as whether there is
    one: it is not personal data to the resident, and the number behind it is not kept."""
    user = resident.user
    return {
        "account": {
            "full_name": resident.full_name,
            "email": user.email,
            "district": resident.district,
            "consent_at": _when(resident.consent_at),
            "email_confirmed_at": _when(resident.email_confirmed_at),
            "resident_confirmed_at": _when(resident.verified_at),
            "confirmed_by": resident.get_verified_document_display(),
            "e_id_provider": resident.verifier,
            "identity_key_kept": resident.identity_key is not None,
        },
        "signatures": [
            {"petition": s.petition.title, "name_shown": s.name, "signed_at": _when(s.signed_at)}
            for s in resident.signatures.select_related("petition")
        ],
        "budget_votes": [
            {"cycle": v.cycle.year, "project": v.project.title, "cast_at": _when(v.cast_at)}
            for v in resident.votes.select_related("cycle", "project")
        ],
        "petitions": [
            {"title": p.title, "filed_at": _when(p.created_at)} for p in resident.petitions.all()
        ],
        "budget_projects": [
            {"title": p.title, "submitted_at": _when(p.submitted_at)}
            for p in resident.projects.all()
        ],
        "comments": [
            {"text": c.text, "written_at": _when(c.created_at)} for c in resident.comments.all()
        ],
        "problem_reports": [
            {"address": r.address, "reported_at": _when(r.created_at)}
            for r in resident.problems.all()
        ],
    }
