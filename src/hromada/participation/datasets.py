"""Open datasets of the participation module, always current and without personal data
(except the petition's title and answer, which are public by law)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from hromada.core.datasets import DatasetColumn, LiveDataset, Watch, register
from hromada.participation.budget import selectors as budget
from hromada.participation.petitions import selectors as petitions
from hromada.participation.problems import selectors as problems


def _model(name: str) -> Any:
    from django.apps import apps

    return apps.get_model("participation", name)


PETITIONS = register(
    LiveDataset(
        slug="e-petitions",
        title=_("Local e-petitions"),
        description=_(
            "E-petitions published on the portal: collection period, signatures, threshold "
            "and the answer (Law 393/96-ВР, Art. 23-1). Signatories' names are not included."
        ),
        module="participation",
        watches=(
            Watch(
                "participation.Petition",
                rows=petitions.public_petitions,
                fields=(
                    "title",
                    "status",
                    "published_on",
                    "collection_ends_on",
                    "threshold",
                    "signature_count",
                    "reached_on",
                    "answered_on",
                    "answer",
                ),
            ),
            # a signature saved or deleted with signals (e.g. in the admin) moves the count;
            # signing sends none and is followed through last_modified below
            Watch(
                "participation.Signature",
                rows=lambda: _model("Signature").objects.filter(
                    petition__in=petitions.public_petitions()
                ),
                fields=(),
            ),
        ),
        columns=(
            DatasetColumn("id", _("Identifier")),
            DatasetColumn("title", _("Title")),
            DatasetColumn("status", _("Status")),
            DatasetColumn("published_on", _("Collection starts on")),
            DatasetColumn("collection_ends_on", _("Collection ends on")),
            DatasetColumn("threshold", _("Signatures needed")),
            DatasetColumn("signatures", _("Signatures")),
            DatasetColumn("reached_on", _("Threshold reached on")),
            DatasetColumn("answered_on", _("Answered on")),
            DatasetColumn("answer", _("Answer")),
        ),
        rows=petitions.petition_rows,
        keywords=("петиції", "електронна демократія"),
        # Signatures go in without model signals (petitions.services.sign_petition): the catalogue's
        # periodic sync moves this dataset's "last change" to the latest signature.
        last_modified=petitions.signatures_last_made,
    )
)

BUDGET_PROJECTS = register(
    LiveDataset(
        slug="participatory-budget-projects",
        title=_("Participatory budget projects and results"),
        description=_(
            "Projects of the participatory budget after review: category, district, cost, "
            "status, votes and the winners."
        ),
        module="participation",
        watches=(
            Watch(
                "participation.BudgetProject",
                rows=lambda: _model("BudgetProject").objects.exclude(status="submitted"),
                fields=(
                    "cycle__year",
                    "title",
                    "category__name",
                    "district",
                    "location",
                    "cost",
                    "reviewed_cost",
                    "status",
                ),
            ),
            Watch("participation.BudgetCategory", fields=("name",)),
        ),
        columns=(
            DatasetColumn("id", _("Identifier")),
            DatasetColumn("year", _("Year")),
            DatasetColumn("title", _("Title")),
            DatasetColumn("category", _("Category")),
            DatasetColumn("district", _("District")),
            DatasetColumn("location", _("Location")),
            DatasetColumn("cost", _("Cost, UAH")),
            DatasetColumn("status", _("Status")),
            DatasetColumn("votes", _("Votes")),
            DatasetColumn("winner", _("Winner")),
        ),
        rows=budget.project_rows,
        keywords=("громадський бюджет",),
        # Votes go in without model signals (budget.services.cast_votes): the catalogue's periodic
        # sync moves this dataset's "last change" to the latest vote.
        last_modified=budget.votes_last_cast,
    )
)

PROBLEMS = register(
    LiveDataset(
        slug="problem-reports",
        title=_("Problem reports of residents"),
        description=_(
            "Problems residents reported (“Open city”), anonymized: category, "
            "responsible body, address, coordinates, status and dates. No reporter data."
        ),
        module="participation",
        watches=(
            Watch(
                "participation.ProblemReport",
                rows=problems.public_problems,
                fields=(
                    "category__name",
                    "responsible",
                    "address",
                    "latitude",
                    "longitude",
                    "status",
                    "created_at",
                    "solved_at",
                ),
            ),
            Watch("participation.ProblemCategory", fields=("name",)),
        ),
        columns=(
            DatasetColumn("id", _("Identifier")),
            DatasetColumn("category", _("Category")),
            DatasetColumn("responsible", _("Responsible")),
            DatasetColumn("address", _("Address")),
            DatasetColumn("latitude", _("Latitude")),
            DatasetColumn("longitude", _("Longitude")),
            DatasetColumn("status", _("Status")),
            DatasetColumn("reported_on", _("Reported on")),
            DatasetColumn("solved_on", _("Solved on")),
        ),
        rows=problems.problem_rows,
        keywords=("відкрите місто", "звернення"),
    )
)
