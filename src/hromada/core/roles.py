"""The office's roles and exactly the permissions each needs.

Groups are created by migration `0002_roles`; their permissions are re-applied after every
`migrate`, so a module that adds models adds its permissions here (via `grant`) and every
installation picks them up. No role is given a `delete_*` permission: the back-office
archives, it does not delete.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

logger = logging.getLogger(__name__)

# Group names are data (docs/architecture.md, "Roles") and stay Ukrainian in every
# interface language.
ADMINISTRATOR = "Адміністратор"
SITE_EDITOR = "Редактор сайту"
SPECIALIST = "Фахівець відділу"
DATA_STEWARD = "Відповідальний за набори даних"
MODERATOR = "Модератор"
ROLES = [ADMINISTRATOR, SITE_EDITOR, SPECIALIST, DATA_STEWARD, MODERATOR]

# Model permissions ("app_label.codename") per role.
MODEL_PERMISSIONS: dict[str, set[str]] = {
    ADMINISTRATOR: {
        "wagtailadmin.access_admin",
        "core.change_cityprofile",
        "core.add_historicalfigure",
        "core.change_historicalfigure",
        "core.view_historicalfigure",
        "auth.add_user",
        "auth.change_user",
        "auth.view_user",
        "auth.view_group",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.view_redirect",
    },
    SITE_EDITOR: {
        "wagtailadmin.access_admin",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.view_redirect",
    },
    SPECIALIST: {
        "wagtailadmin.access_admin",
        "core.add_historicalfigure",
        "core.change_historicalfigure",
        "core.view_historicalfigure",
    },
    DATA_STEWARD: {"wagtailadmin.access_admin"},
    MODERATOR: {"wagtailadmin.access_admin"},
}

# Page-tree permissions, granted on the root page.
PAGE_PERMISSIONS: dict[str, set[str]] = {
    ADMINISTRATOR: {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"},
    SITE_EDITOR: {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"},
    # Specialists draft pages; an editor publishes them through the moderation workflow.
    SPECIALIST: {"add_page", "change_page"},
    MODERATOR: {"change_page", "publish_page"},
    DATA_STEWARD: set(),
}

# Who approves pages submitted for moderation (the members of Wagtail's approval tasks).
APPROVERS = [ADMINISTRATOR, SITE_EDITOR, MODERATOR]

# Image and document permissions, granted on the root collection.
COLLECTION_PERMISSIONS: dict[str, set[str]] = {
    ADMINISTRATOR: {
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtailcore.add_collection",
        "wagtailcore.change_collection",
    },
    SITE_EDITOR: {
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    },
    SPECIALIST: {
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
    },
    DATA_STEWARD: {"wagtaildocs.add_document", "wagtaildocs.choose_document"},
    MODERATOR: {"wagtailimages.choose_image", "wagtaildocs.choose_document"},
}


def grant(role: str, permissions: Iterable[str]) -> None:
    """Let a module give a role permissions on its own models (call from AppConfig.ready)."""
    MODEL_PERMISSIONS[role].update(permissions)


def _permission(apps: Any, qualified: str) -> Any:
    app_label, codename = qualified.split(".", 1)
    permission_model = apps.get_model("auth", "Permission")
    return permission_model.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).first()


def sync_roles(apps: Any) -> list[str]:
    """Create the role groups and set their permissions to exactly the tables above.

    Returns the permissions named in the tables that do not exist (yet): inside an early
    migration those of later apps; after a full migrate, a mistake in the tables.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # Inside a migration the app configs are stubs without models_module, which
        # create_permissions would skip.
        if getattr(app_config, "models_module", None) is None:
            app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)

    group_model = apps.get_model("auth", "Group")
    page_model = apps.get_model("wagtailcore", "Page")
    collection_model = apps.get_model("wagtailcore", "Collection")
    page_permission_model = apps.get_model("wagtailcore", "GroupPagePermission")
    collection_permission_model = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_page = page_model.objects.filter(depth=1).first()
    root_collection = collection_model.objects.filter(depth=1).first()

    missing: list[str] = []

    def permission_or_none(qualified: str) -> Any:
        permission = _permission(apps, qualified)
        if permission is None and qualified not in missing:
            missing.append(qualified)
        return permission

    for role in ROLES:
        group, _ = group_model.objects.get_or_create(name=role)
        wanted = [p for p in (permission_or_none(q) for q in sorted(MODEL_PERMISSIONS[role])) if p]
        group.permissions.set(wanted)
        if root_page is not None:
            page_permission_model.objects.filter(group=group).exclude(
                permission__codename__in=PAGE_PERMISSIONS[role]
            ).delete()
            for codename in sorted(PAGE_PERMISSIONS[role]):
                permission = permission_or_none(f"wagtailcore.{codename}")
                if permission is not None:
                    page_permission_model.objects.get_or_create(
                        group=group, page=root_page, permission=permission
                    )
        if root_collection is not None:
            wanted_codenames = {q.split(".", 1)[1] for q in COLLECTION_PERMISSIONS[role]}
            collection_permission_model.objects.filter(group=group).exclude(
                permission__codename__in=wanted_codenames
            ).delete()
            for qualified in sorted(COLLECTION_PERMISSIONS[role]):
                permission = permission_or_none(qualified)
                if permission is not None:
                    collection_permission_model.objects.get_or_create(
                        group=group, collection=root_collection, permission=permission
                    )

    _give_orphaned_approval_tasks_to_approvers(apps, group_model)
    return missing


def _give_orphaned_approval_tasks_to_approvers(apps: Any, group_model: Any) -> None:
    """Wagtail's default workflow ("Moderators approval") is approved by its English
    "Moderators" group, which migration 0002 replaces by our roles. A group-approval task left
    without any group could be approved by superusers only, and would lock the page for
    everyone else; it is given to the approver roles instead.
    """
    try:
        task_model = apps.get_model("wagtailcore", "GroupApprovalTask")
    except LookupError:
        return
    approvers = list(group_model.objects.filter(name__in=APPROVERS))
    for task in task_model.objects.filter(groups__isnull=True):
        task.groups.set(approvers)


def sync_roles_after_migrate(sender: Any, apps: Any = None, **kwargs: Any) -> None:
    from django.apps import apps as global_apps

    missing = sync_roles(apps or global_apps)
    if missing:
        logger.warning("role permissions that do not exist: %s", ", ".join(missing))
