"""Back-office rules shared by every module."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page


@hooks.register("before_delete_page")
def refuse_page_deletion(request: HttpRequest, page: Page) -> HttpResponse | None:
    """Nothing is hard-deleted from the back-office: a page is unpublished, which keeps it."""
    messages.error(
        request,
        _("Pages are not deleted: unpublish “%(title)s” instead, and it stays in the archive.")
        % {"title": page.get_admin_display_title()},
    )
    return redirect("wagtailadmin_explore", page.get_parent().id)


@hooks.register("construct_page_listing_more_buttons")
def hide_delete_button(buttons: list[Any], page: Page, user: Any, context: Any = None) -> None:
    buttons[:] = [button for button in buttons if "delete" not in str(getattr(button, "url", ""))]
