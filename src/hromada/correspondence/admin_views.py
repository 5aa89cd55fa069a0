"""Admin views of the journal: registering through the services, the case page with the
requester's data for those allowed (every view logged), the case actions, the overdue list."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.views.generic.models import CreateView, InspectView

from hromada.core import private_files, refusals
from hromada.correspondence import numbering, privacy, selectors, services, workflow
from hromada.correspondence.admin_forms import ACTION_FORMS, PurposeForm, as_field_errors
from hromada.correspondence.admin_listing import days_left_display
from hromada.correspondence.models import Attachment, Document
from hromada.correspondence.workflow import Direction, Status

URL_PREFIX = "correspondence_journal"
ACCESS_SESSION_KEY = "correspondence_personal_data_access"


def granted_purpose(request: HttpRequest, document_id: int) -> str | None:
    """The purpose this session gave for the case's personal data, while it lasts."""
    grant = request.session.get(ACCESS_SESSION_KEY, {}).get(str(document_id))
    if not grant or grant.get("until", 0) < timezone.now().timestamp():
        return None
    return str(grant["purpose"])


def access_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a case's personal data for a purpose the user chose (and may give) for a while;
    each view after it is logged with that purpose."""
    document = get_object_or_404(Document, pk=pk)
    if request.method != "POST" or not privacy.can_view_personal_data(request.user, document):
        raise PermissionDenied
    form = PurposeForm(request.POST, purposes=privacy.purposes_for(request.user, document))
    if form.is_valid():
        grants = {
            key: grant
            for key, grant in request.session.get(ACCESS_SESSION_KEY, {}).items()
            if grant.get("until", 0) >= timezone.now().timestamp()
        }
        grants[str(document.pk)] = {
            "purpose": form.cleaned_data["purpose"],
            "until": timezone.now().timestamp() + privacy.ACCESS_SECONDS,
        }
        request.session[ACCESS_SESSION_KEY] = grants
    else:
        messages.error(request, _("Choose the purpose for which you need the personal data."))
    return HttpResponseRedirect(reverse(f"{URL_PREFIX}:inspect", args=[document.pk]))


def available_actions(document: Document) -> list[tuple[str, Any]]:
    """The actions the document's status allows, for the case page's buttons."""
    if document.direction != Direction.INCOMING:
        return []
    status = document.status
    targets = {
        "assign": status in workflow.OPEN_STATUSES,
        "extend": workflow.can_transition(status, Status.EXTENDED)
        and document.kind in workflow.EXTENSION_RULES,
        "answer": workflow.can_transition(status, Status.ANSWERED),
        "forward": workflow.can_transition(status, Status.FORWARDED),
        "refuse": workflow.can_transition(status, Status.REFUSED),
        "close": workflow.can_transition(status, Status.CLOSED),
    }
    return [(name, ACTION_FORMS[name][1]) for name, allowed in targets.items() if allowed]


class DocumentCreateView(CreateView):
    """Registers through the services, which number the entry and set its due date."""

    def save_instance(self) -> Document:
        data = self.form.cleaned_data
        user = self.request.user
        if data["direction"] == Direction.OUTGOING:
            return services.register_outgoing(
                kind=data["kind"],
                subject=data["subject"],
                registered_on=data.get("registered_on"),
                correspondent=data.get("correspondent", ""),
                text=data.get("text", ""),
                notes=data.get("notes", ""),
                user=user,
            )
        requester = None
        if (data.get("requester_name") or "").strip():
            requester = services.RequesterData(
                name=data["requester_name"],
                postal_address=data.get("requester_address", ""),
                email=data.get("requester_email", ""),
                phone=data.get("requester_phone", ""),
            )
        return services.register_incoming(
            kind=data["kind"],
            subject=data["subject"],
            registered_on=data.get("registered_on"),
            correspondent=data.get("correspondent", ""),
            text=data.get("text", ""),
            urgency=data.get("urgency") or workflow.Urgency.NORMAL,
            assignee=data.get("assignee"),
            requester=requester,
            attachments=data.get("attachments") or [],
            long_term_control=bool(data.get("long_term_control")),
            notes=data.get("notes", ""),
            user=user,
        )

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            return super().form_valid(form)
        except ValidationError as error:
            as_field_errors(form, error)
            return self.form_invalid(form)


class DocumentInspectView(InspectView):
    template_name = "correspondence/admin/inspect.html"
    fields = [
        "reg_number",
        "registered_on",
        "direction",
        "kind",
        "correspondent",
        "subject",
        "text",
        "assignee",
        "urgency",
        "status",
        "due_date",
        "initial_due_date",
        "extension_notice_due",
        "extension_reason",
        "answered_on",
        "answer",
        "decided_on",
        "refusal_ground",
        "forwarded_to",
        "forward_ground",
        "decision_text",
        "closed_on",
        "long_term_control",
        "notes",
        "tracking_code",
        "source",
        "anonymized_on",
    ]

    def get_assignee_display_value(self) -> Any:
        assignee = self.object.assignee
        if assignee is None:
            return _("not assigned")
        return assignee.get_full_name() or assignee.get_username()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        document: Document = self.object
        requester = None
        purposes = privacy.purposes_for(self.request.user, document)
        can_see = bool(purposes)
        purpose = granted_purpose(self.request, document.pk)
        opened = can_see and purpose in purposes
        if opened:
            requester = privacy.personal_data(
                document=document, user=self.request.user, purpose=purpose
            )
        context.update(
            {
                "document": document,
                "days_left": days_left_display(document.days_left()),
                "requester": requester,
                "can_see_personal_data": can_see,
                "purpose_label": privacy.Purpose(purpose).label if opened and purpose else "",
                "purpose_form": PurposeForm(purposes=purposes) if can_see and not opened else None,
                "access_url_name": f"{URL_PREFIX}:access",
                "has_requester": hasattr(document, "requester"),
                "has_attachments": document.attachments.exists(),
                "attachments": document.attachments.all() if opened else [],
                "actions": available_actions(document)
                if self.request.user.has_perm("correspondence.change_document")
                else [],
                "action_url_name": f"{URL_PREFIX}:action",
                "attachment_url_name": f"{URL_PREFIX}:attachment",
                "origins": selectors.origins(document),
            }
        )
        return context


def attachment_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Download an attachment: only for those who may see the case's personal data, logged,
    always as a download (never shown inline), from the private storage. Staff who may not
    open it get a 403 page (the refusal logged by `privacy`), not Wagtail's redirect."""
    document_id = Attachment.objects.filter(pk=pk).values_list("document_id", flat=True).first()
    if document_id is None:
        raise Http404
    try:
        attachment = privacy.attachment_for(
            attachment_id=pk, user=request.user, purpose=granted_purpose(request, document_id)
        )
    except Attachment.DoesNotExist as missing:
        raise Http404 from missing
    except privacy.PurposeRequired:
        messages.warning(
            request, _("Choose the purpose for which you need the personal data first.")
        )
        return HttpResponseRedirect(reverse(f"{URL_PREFIX}:inspect", args=[document_id]))
    except PermissionDenied:
        return refusals.forbidden(
            request,
            title=_("You may not open this attachment"),
            message=_(
                "The attachments of a case are open only to its assignee, the head of office "
                "and administrators. Your attempt has been recorded in the case's history. If "
                "you need the file, ask the head of office to assign the case to you."
            ),
        )
    return private_files.file_response(attachment.file, filename=attachment.name)


def action_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One case action: a form, then the service; errors stay on the form."""
    if not request.user.has_perm("correspondence.change_document"):
        raise PermissionDenied
    if action not in ACTION_FORMS:
        raise PermissionDenied
    document = get_object_or_404(Document, pk=pk)
    form_class, label = ACTION_FORMS[action]
    extra: dict[str, Any] = (
        {"user": request.user, "document": document} if action == "assign" else {}
    )
    form = form_class(request.POST or None, **extra)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        try:
            _perform(action, document, data, request.user)
        except (ValidationError, workflow.TransitionError, PermissionDenied) as error:
            if isinstance(error, ValidationError):
                as_field_errors(form, error)
            else:
                form.add_error(None, str(error))
        else:
            messages.success(request, _("%(action)s: done.") % {"action": label})
            return HttpResponseRedirect(reverse(f"{URL_PREFIX}:inspect", args=[document.pk]))
    return TemplateResponse(
        request,
        "correspondence/admin/action.html",
        {"document": document, "form": form, "action_label": label, "header_icon": "mail"},
    )


def _perform(action: str, document: Document, data: dict[str, Any], user: Any) -> None:
    if action == "assign":
        services.assign(document=document, assignee=data["assignee"], user=user)
    elif action == "extend":
        services.extend(
            document=document, reason=data["reason"], new_due=data.get("new_due"), user=user
        )
    elif action == "answer":
        services.answer(
            document=document,
            answered_on=data.get("answered_on"),
            outgoing=data.get("outgoing"),
            letter=data.get("letter", ""),
            user=user,
        )
    elif action == "forward":
        services.forward(
            document=document,
            to=data["to"],
            ground=data["ground"],
            letter=data.get("letter", ""),
            user=user,
        )
    elif action == "refuse":
        services.refuse(
            document=document, ground=data["ground"], letter=data.get("letter", ""), user=user
        )
    elif action == "close":
        services.close(document=document, closed_on=data.get("closed_on"), user=user)


def deadlines_view(request: HttpRequest) -> HttpResponse:
    """The overdue dashboard: overdue cases, then those due within the reminder window."""
    if not request.user.has_perm("correspondence.view_document"):
        raise PermissionDenied
    today = timezone.localdate()
    window = max(numbering.journal_settings().remind_days_before, 7)
    return TemplateResponse(
        request,
        "correspondence/admin/deadlines.html",
        {
            "overdue": [
                (d, days_left_display(d.days_left(today))) for d in selectors.overdue(today)[:500]
            ],
            "due_soon": [
                (d, days_left_display(d.days_left(today)))
                for d in selectors.due_soon(window, today)[:500]
            ],
            "window": window,
            "today": today,
            "inspect_url_name": f"{URL_PREFIX}:inspect",
            "header_icon": "warning",
        },
    )
