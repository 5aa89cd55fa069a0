"""Back-office rules shared by every module."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.models import Page

from hromada.core import page_cache, staff_accounts


@hooks.register("before_delete_page")
def refuse_page_deletion(request: HttpRequest, page: Page) -> HttpResponse | None:
    """Nothing is hard-deleted from the back-office: a page is unpublished, which keeps it."""
    messages.error(
        request,
        _("Pages are not deleted: unpublish “%(title)s” instead, and it stays in the archive.")
        % {"title": page.get_admin_display_title()},
    )
    return redirect("wagtailadmin_explore", page.get_parent().id)


@hooks.register("before_move_page")
def refuse_move_without_rights(
    request: HttpRequest, page: Page, destination: Page
) -> HttpResponse | None:
    """Wagtail shows the move's confirmation before it checks the user's rights (the move
    itself is then refused): staff without the right see a refusal instead, not the page
    tree's titles and a button that fails."""
    if page.permissions_for_user(request.user).can_move_to(destination):
        return None
    from hromada.core import refusals

    return refusals.forbidden(
        request,
        title=_("You may not move this page"),
        message=_("Your role does not allow moving this page there. Ask an administrator."),
    )


@hooks.register("before_bulk_action")
def refuse_bulk_page_deletion(
    request: HttpRequest, action_type: str, objects: list[Any], action: Any
) -> HttpResponse | None:
    """The explorer's bulk "Delete" does not call `before_delete_page`: refuse it here too."""
    if action_type != "delete" or not any(isinstance(obj, Page) for obj in objects):
        return None
    for page in objects:
        messages.error(
            request,
            _("Pages are not deleted: unpublish “%(title)s” instead, and it stays in the archive.")
            % {"title": page.get_admin_display_title()},
        )
    return redirect(getattr(action, "next_url", None) or reverse("wagtailadmin_home"))


@hooks.register("construct_page_listing_buttons")
def hide_delete_button(buttons: list[Any], page: Page, user: Any, context: Any = None) -> None:
    """No "Delete" in the page explorer's buttons or in their "more" menu."""
    delete_url = reverse("wagtailadmin_pages:delete", args=[page.pk])

    def is_delete(button: Any) -> bool:
        return str(getattr(button, "url", "") or "").split("?", 1)[0] == delete_url

    buttons[:] = [button for button in buttons if not is_delete(button)]
    for button in buttons:
        dropdown = getattr(button, "dropdown_buttons", None)
        if isinstance(dropdown, list):
            dropdown[:] = [item for item in dropdown if not is_delete(item)]


@hooks.register("register_log_actions", order=100)
def register_case_actions(actions: Any) -> None:
    """The case engine's log actions, `<audit_prefix>.status` and `<audit_prefix>.assign`, for
    every workflow (run after the modules' hooks: a module may word its own)."""
    from hromada.core import cases

    engine_actions = {
        "status": (gettext_lazy("Change status"), gettext_lazy("Status changed")),
        "assign": (gettext_lazy("Assign"), gettext_lazy("Assigned")),
    }
    for prefix in cases.audit_prefixes():
        for what, (label, message) in engine_actions.items():
            if f"{prefix}.{what}" not in actions.formatters:  # not action_exists: it rescans
                actions.register_action(f"{prefix}.{what}", label, message)


@hooks.register("before_bulk_action")
def refuse_account_bulk_action_beyond_own_rights(
    request: HttpRequest, action_type: str, objects: list[Any], action: Any
) -> HttpResponse | None:
    """The users list's bulk actions (assign a role, (de)activate) follow the account rules
    of `core.staff_accounts`: nobody reaches past their own rights."""
    return staff_accounts.refuse_bulk_action_beyond_own_rights(
        request, action_type, objects, action
    )


@hooks.register("register_log_actions")
def register_account_actions(actions: Any) -> None:
    actions.register_action(
        "hromada.account_invited",
        gettext_lazy("Invite to set a password"),
        gettext_lazy("Invitation to set a password sent"),
    )


# --- Two-factor sign-in (core/two_factor.py) -------------------------------------------------


@hooks.register("register_admin_urls")
def register_two_factor_urls() -> list[Any]:
    from hromada.core import two_factor_views

    return two_factor_views.urls()


@hooks.register("register_account_menu_item")
def two_factor_account_item(request: Any) -> dict[str, Any]:
    from hromada.core import two_factor_views

    return two_factor_views.account_menu_item(request)


@hooks.register("register_log_actions")
def register_two_factor_actions(actions: Any) -> None:
    actions.register_action(
        "core.two_factor.enable",
        gettext_lazy("Turn on two-factor sign-in"),
        gettext_lazy("Two-factor sign-in turned on"),
    )
    actions.register_action(
        "core.two_factor.recovery_codes",
        gettext_lazy("Make new recovery codes"),
        gettext_lazy("New recovery codes made"),
    )
    actions.register_action(
        "core.two_factor.recovery_used",
        gettext_lazy("Sign in with a recovery code"),
        gettext_lazy("Signed in with a recovery code"),
    )
    actions.register_action(
        "core.two_factor.reset",
        gettext_lazy("Reset two-factor sign-in"),
        gettext_lazy("Two-factor sign-in reset"),
    )


@hooks.register("before_serve_page")
def record_what_the_page_shows(page: Page, request: HttpRequest, *args: Any) -> None:
    """A served page shows its type's scopes (`page_cache_shows`; anything, when it declares
    none), so the page cache keeps it until one of them changes (core/page_cache.py)."""
    page_cache.shows(*getattr(type(page), "page_cache_shows", (page_cache.ANY,)))
