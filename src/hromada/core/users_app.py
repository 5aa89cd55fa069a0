"""Wagtail's users app with Hromada's staff-account rules (`core.staff_accounts`).

Listed in INSTALLED_APPS in place of "wagtail.users"; the app label stays "wagtailusers", so
nothing in the database changes."""

from wagtail.users.apps import WagtailUsersAppConfig


class StaffUsersConfig(WagtailUsersAppConfig):
    user_viewset = "hromada.core.staff_accounts.StaffAccountViewSet"
