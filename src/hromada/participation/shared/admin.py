"""What the components' admin shares: action columns, the decision page, permission checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column

from hromada.core import cases
from hromada.core.types import Actor


class ModerationForm(forms.Form):
    """Publish or reject, with the reason (petitions and comments)."""

    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("publish", gettext_lazy("Publish")), ("reject", gettext_lazy("Reject"))],
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea, required=False)


def render(
    request: HttpRequest,
    obj: Any,
    form: forms.Form,
    label: str,
    back: str,
    *,
    multipart: bool = False,
    photos: Any = (),
    details: Any = (),
) -> TemplateResponse:
    """The page of one staff decision: the record, the form, the photos staff look at, and the
    text they decide about (``details``: label and value pairs)."""
    return TemplateResponse(
        request,
        "participation/admin/action.html",
        {
            "object": obj,
            "form": form,
            "action_label": label,
            "back": back,
            "multipart": multipart,
            "photos": photos,
            "details": details,
        },
    )


def actor(request: HttpRequest) -> Actor:
    """The staff member deciding (the admin's views are behind Wagtail's login)."""
    user = request.user
    if isinstance(user, AnonymousUser):
        raise PermissionDenied
    return user


def check(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def attempt(
    request: HttpRequest, form: forms.Form, label: str, action: Callable[[], object]
) -> bool:
    """Run a staff decision's service; its refusal goes on the form, success to the messages."""
    try:
        action()
    except (ValidationError, cases.TransitionError) as error:
        messages_ = error.messages if isinstance(error, ValidationError) else [str(error)]
        form.add_error(None, messages_)
        return False
    messages.success(request, _("%(action)s: done.") % {"action": label})
    return True


PHOTO_REFUSED_ACTION = "participation.photo_refused"


class ActionColumn(Column):
    cell_template_name = "participation/admin/action_cell.html"

    def __init__(self, name: str, *, url_name: str, label: Any, show: Any) -> None:
        super().__init__(name, label=label)
        self.url_name = url_name
        self.action_label = label
        self.show = show

    def get_cell_context_data(self, instance: Any, parent_context: Any) -> dict[str, Any]:
        context = super().get_cell_context_data(instance, parent_context)
        context["url"] = reverse(self.url_name, args=[instance.pk]) if self.show(instance) else ""
        context["label"] = self.action_label
        return context


class PostActionColumn(ActionColumn):
    cell_template_name = "participation/admin/results_cell.html"
