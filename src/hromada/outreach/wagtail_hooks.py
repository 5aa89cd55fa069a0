"""The outreach admin: urgent notices (Оголошення → Термінові оголошення)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from hromada.core.permissions import NoDeletePermissionPolicy
from hromada.outreach import services
from hromada.outreach.models import ChannelPost, FollowerCount, UrgentNotice


class NoticeEditForm(WagtailAdminModelForm):
    withdraw = forms.BooleanField(
        label=_("Withdraw the notice now"),
        required=False,
        help_text=_("The banner disappears at once; the notice stays in the archive."),
    )


class _ServiceErrorsOnForm:
    def form_valid(self, form: Any) -> Any:
        try:
            return super().form_valid(form)  # type: ignore[misc]
        except ValidationError as error:
            for field, messages in (
                error.message_dict.items()
                if hasattr(error, "error_dict")
                else [(None, error.messages)]
            ):
                form.add_error(field if field in form.fields else None, messages)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()  # type: ignore[attr-defined]
            return self.form_invalid(form)  # type: ignore[attr-defined]


class NoticeCreateView(_ServiceErrorsOnForm, CreateView):
    """Publishes through `services.publish_notice` (banner, Telegram, e-mail)."""

    def save_instance(self) -> UrgentNotice:
        data = self.form.cleaned_data
        return services.publish_notice(
            user=self.request.user,
            category=data["category"],
            title=data["title"],
            text=data["text"],
            area=data.get("area", ""),
            starts_at=data.get("starts_at"),
            ends_at=data["ends_at"],
        )


class NoticeEditView(_ServiceErrorsOnForm, EditView):
    """Only withdrawing: a published notice was already sent to the channel and by e-mail."""

    def save_instance(self) -> UrgentNotice:
        notice = UrgentNotice.objects.get(pk=self.object.pk)
        if self.form.cleaned_data.get("withdraw"):
            return services.withdraw_notice(user=self.request.user, notice=notice)
        return notice


class UrgentNoticeViewSet(ModelViewSet):
    model = UrgentNotice
    icon = "warning"
    menu_label = _("Urgent notices")
    list_display = ["title", "category", "starts_at", "ends_at", "withdrawn_at", "emailed_count"]
    list_filter = ["category"]
    search_fields = ["title", "text", "area"]
    add_view_class = NoticeCreateView
    edit_view_class = NoticeEditView
    form_fields = ["category", "title", "text", "area", "starts_at", "ends_at"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "category",
        "title",
        "text",
        "area",
        "starts_at",
        "ends_at",
        "withdrawn_at",
        "telegram_message_id",
        "telegram_error",
        "emailed_count",
    ]
    copy_view_enabled = False

    def get_form_class(self, for_update: bool = False) -> Any:
        if for_update:
            return forms.modelform_factory(UrgentNotice, form=NoticeEditForm, fields=[])
        return super().get_form_class(for_update)


class ReadOnlyPolicy(NoDeletePermissionPolicy):
    """Written by the jobs only: staff look, nobody adds or edits."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action == "view" and super().user_has_permission(user, action)


# Registered with Wagtail (not on the viewsets, which Wagtail 9 stops reading).
register_permission_policy(UrgentNotice, NoDeletePermissionPolicy(UrgentNotice))
register_permission_policy(ChannelPost, ReadOnlyPolicy(ChannelPost))
register_permission_policy(FollowerCount, ReadOnlyPolicy(FollowerCount))


class ChannelPostViewSet(ModelViewSet):
    """Each page posted to the Page or the channel: its post id and link, or the error."""

    model = ChannelPost
    icon = "link"
    menu_label = _("Channel posts")
    list_display = ["page", "channel", "status", "link", "error", "updated_at"]
    list_filter = ["channel", "status"]
    form_fields = ["status"]
    inspect_view_enabled = True
    copy_view_enabled = False


class FollowerCountViewSet(ModelViewSet):
    model = FollowerCount
    icon = "user"
    menu_label = _("Followers")
    list_display = ["day", "channel", "count"]
    list_filter = ["channel"]
    form_fields = ["count"]
    list_export = ["day", "channel", "count"]
    export_filename = "followers"
    copy_view_enabled = False


class OutreachGroup(ViewSetGroup):
    menu_label = _("Outreach")
    menu_icon = "warning"
    menu_order = 350
    items = (
        UrgentNoticeViewSet("urgent_notices"),
        ChannelPostViewSet("channel_posts"),
        FollowerCountViewSet("follower_counts"),
    )


@hooks.register("register_admin_viewset")
def register_viewsets() -> OutreachGroup:
    return OutreachGroup()


@hooks.register("register_log_actions")
def register_actions(actions: Any) -> None:
    actions.register_action(
        "outreach.notice.publish", _("Publish urgent notice"), _("Urgent notice published")
    )
    actions.register_action(
        "outreach.notice.withdraw", _("Withdraw urgent notice"), _("Urgent notice withdrawn")
    )
