"""The organizations admin: one menu group "Організації"."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic.models import EditView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from hromada.core.permissions import NoDeletePermissionPolicy
from hromada.organizations.models import (
    IMPORTED_FIELDS,
    Decision,
    Organization,
    OrganizationCandidate,
    Status,
)

register_permission_policy(Organization, NoDeletePermissionPolicy(Organization))


class CandidatePermissionPolicy(NoDeletePermissionPolicy):
    """Candidates come only from imports: staff review them, never add or delete them."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        if action == "add":
            return False
        return super().user_has_permission(user, action)


register_permission_policy(OrganizationCandidate, CandidatePermissionPolicy(OrganizationCandidate))


class OrganizationFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, method="filter_state", empty_label=_("All")
    )

    class Meta:
        model = Organization
        fields = ["kind", "source", "archived"]

    def filter_state(self, queryset: QuerySet[Organization], name: str, value: str) -> Any:
        if value == Status.ACTIVE:
            return queryset.filter(terminated_on__isnull=True)
        if value == Status.TERMINATED:
            return queryset.filter(terminated_on__isnull=False)
        return queryset


class OrganizationEditView(EditView):
    """Remembers which imported fields staff corrected, so imports leave them alone."""

    def save_instance(self) -> Organization:
        changed = [name for name in self.form.changed_data if name in IMPORTED_FIELDS]
        if "parent" in self.form.changed_data:
            changed.append("parent_name")
        instance: Organization = self.form.instance
        if changed:
            instance.manually_edited_fields = sorted(
                {*(instance.manually_edited_fields or []), *changed}
            )
        # Wagtail's own save_instance saves the form and writes the "wagtail.edit" log entry.
        saved: Organization = super().save_instance()
        return saved


class OrganizationViewSet(ModelViewSet):
    """The register: staff add and correct organizations; corrections survive imports."""

    model = Organization
    icon = "group"
    menu_label = _("Organizations")
    list_display = ["name", "kind", "edrpou", "registered_on", "terminated_on", "source"]
    filterset_class = OrganizationFilterSet
    edit_view_class = OrganizationEditView
    search_fields = ["name", "short_name", "edrpou", "head", "address"]
    list_export = [*IMPORTED_FIELDS, "phone", "email", "website", "source"]
    export_filename = "organizations"
    form_fields = [
        *IMPORTED_FIELDS,
        "parent",
        "phone",
        "email",
        "website",
        "notes",
        "archived",
    ]
    inspect_view_enabled = True
    copy_view_enabled = False


class CandidateEditView(EditView):
    """Saving the decision accepts the candidate into the register or rejects it (through
    `services.decide_candidate`, which writes the log entries)."""

    def save_instance(self) -> OrganizationCandidate:
        from hromada.organizations.services import decide_candidate

        instance: OrganizationCandidate = self.form.instance
        decision = self.form.cleaned_data.get("decision", Decision.PENDING)
        if decision == Decision.PENDING:
            saved: OrganizationCandidate = super().save_instance()
            return saved
        return decide_candidate(
            candidate=instance,
            accept=decision == Decision.ACCEPTED,
            kind=self.form.cleaned_data.get("kind"),
            user=self.request.user,
        )


class CandidateViewSet(ModelViewSet):
    """Civic organizations from an ЄДР export without addresses whose name names the city."""

    model = OrganizationCandidate
    icon = "help"
    menu_label = _("Candidates from the state register")
    list_display = ["name", "legal_form", "edrpou", "status", "decision", "created_at"]
    list_filter = ["decision", "kind"]
    search_fields = ["name", "short_name", "edrpou", "head"]
    edit_view_class = CandidateEditView
    form_fields = ["kind", "decision"]
    inspect_view_enabled = True
    copy_view_enabled = False


class OrganizationsGroup(ViewSetGroup):
    menu_label = _("Organizations")
    menu_icon = "group"
    menu_order = 400
    items = (OrganizationViewSet("organizations"), CandidateViewSet("organization_candidates"))


@hooks.register("register_admin_viewset")
def register_organizations() -> OrganizationsGroup:
    return OrganizationsGroup()
