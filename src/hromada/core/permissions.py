"""Permission policies shared by module viewsets."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy


class NoDeletePermissionPolicy(ModelPermissionPolicy):
    """Model permissions as usual, except that nobody deletes: records are archived instead."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        if action == "delete":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user: Any, actions: Any) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)


class NoDeleteCollectionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's policy for images and documents (collection permissions, uploaders may edit
    their own), except that nobody deletes, superusers included: Wagtail treats "delete" as
    "change", so anyone who may edit a file could otherwise erase published material. Files
    are replaced (the edit page's new file) or moved to another collection, both logged."""

    @staticmethod
    def _kept(actions: Iterable[str]) -> list[str]:
        return [action for action in actions if action != "delete"]

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action != "delete" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user: Any, actions: Any) -> bool:
        kept = self._kept(actions)
        return bool(kept) and super().user_has_any_permission(user, kept)

    def users_with_any_permission(self, actions: Any) -> Any:
        kept = self._kept(actions)
        users = super().users_with_any_permission(kept or ["change"])
        return users if kept else users.none()

    def user_has_permission_for_instance(self, user: Any, action: str, instance: Any) -> bool:
        return action != "delete" and super().user_has_permission_for_instance(
            user, action, instance
        )

    def user_has_any_permission_for_instance(self, user: Any, actions: Any, instance: Any) -> bool:
        kept = self._kept(actions)
        return bool(kept) and super().user_has_any_permission_for_instance(user, kept, instance)

    def instances_user_has_any_permission_for(self, user: Any, actions: Any) -> Any:
        kept = self._kept(actions)
        instances = super().instances_user_has_any_permission_for(user, kept or ["change"])
        return instances if kept else instances.none()

    def users_with_any_permission_for_instance(self, actions: Any, instance: Any) -> Any:
        kept = self._kept(actions)
        users = super().users_with_any_permission_for_instance(kept or ["change"], instance)
        return users if kept else users.none()

    def collections_user_has_any_permission_for(self, user: Any, actions: Any) -> Any:
        kept = self._kept(actions)
        collections = super().collections_user_has_any_permission_for(user, kept or ["change"])
        return collections if kept else collections.none()


def install_media_policies() -> None:
    """Register `NoDeleteCollectionPolicy` for the image and document models (from
    `CoreConfig.ready`). As the exact class's policy it wins over Wagtail's own, which
    wagtail.images and wagtail.documents register for the class and subclasses in their
    `ready`, after ours."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.permissions import register_permission_policy

    for model, auth_model in (
        (get_image_model(), "wagtailimages.Image"),
        (get_document_model(), "wagtaildocs.Document"),
    ):
        owner = "uploaded_by_user"
        register_permission_policy(
            model,
            NoDeleteCollectionPolicy(model, auth_model=auth_model, owner_field_name=owner),
            exact_class=True,
        )
