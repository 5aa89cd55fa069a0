"""The records of the participation components, gathered for Django's app registry and
migrations (every component's models keep the app label ``participation`` and their tables).
Each component defines its own in ``<component>/models.py``; the page types are in
``<component>/pages.py``, imported by ``apps.ParticipationConfig.import_models``.

Every text a resident types is stored as plain text and rendered escaped (no rich text from
residents). One person, one vote is a database constraint, not only a check in code.
"""

from hromada.participation.budget.models import (
    PUBLIC_PROJECT_STATUSES,
    BudgetCategory,
    BudgetCycle,
    BudgetProject,
    BudgetVote,
    Milestone,
    PaperBallot,
    ProjectPhoto,
    ProjectStatus,
    budget_photo_path,
)
from hromada.participation.consultations.models import (
    CommentStatus,
    ConsultationSummary,
    DraftComment,
)
from hromada.participation.petitions.models import (
    PETITION_WORKFLOW,
    PUBLIC_PETITION_STATUSES,
    Petition,
    PetitionStatus,
    Signature,
)
from hromada.participation.problems.models import (
    PHOTOS_PUBLIC_STATUSES,
    PROBLEM_WORKFLOW,
    Moderation,
    ProblemCategory,
    ProblemPhoto,
    ProblemReport,
    ProblemStatus,
    problem_photo_path,
)
from hromada.participation.residents.models import DocumentType, Level, Resident
from hromada.participation.shared.models import EDITOR_FEATURES, ParticipationSettings

__all__ = [
    "EDITOR_FEATURES",
    "PETITION_WORKFLOW",
    "PHOTOS_PUBLIC_STATUSES",
    "PROBLEM_WORKFLOW",
    "PUBLIC_PETITION_STATUSES",
    "PUBLIC_PROJECT_STATUSES",
    "BudgetCategory",
    "BudgetCycle",
    "BudgetProject",
    "BudgetVote",
    "CommentStatus",
    "ConsultationSummary",
    "DocumentType",
    "DraftComment",
    "Level",
    "Milestone",
    "Moderation",
    "PaperBallot",
    "ParticipationSettings",
    "Petition",
    "PetitionStatus",
    "ProblemCategory",
    "ProblemPhoto",
    "ProblemReport",
    "ProblemStatus",
    "ProjectPhoto",
    "ProjectStatus",
    "Resident",
    "Signature",
    "budget_photo_path",  # named by migrations 0002, 0009
    "problem_photo_path",  # named by migrations 0001, 0008
]
