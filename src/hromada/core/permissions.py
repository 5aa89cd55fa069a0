"""Permission policies shared by module viewsets."""

from __future__ import annotations

from typing import Any

from wagtail.permission_policies.base import ModelPermissionPolicy


class NoDeletePermissionPolicy(ModelPermissionPolicy):
    """Model permissions as usual, except that nobody deletes: records are archived instead."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        if action == "delete":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user: Any, actions: Any) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)
