from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "hromada.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.core import checks
        from django.db.models.signals import post_migrate
        from django.utils.module_loading import autodiscover_modules

        from hromada.core import audit, roles, signals  # noqa: F401  (connects receivers)
        from hromada.core.spam import check_trusted_proxies

        audit.connect()
        checks.register(check_trusted_proxies, checks.Tags.security)
        # The admin sidebar is built once per user and language, not on every admin page.
        from hromada.core import admin_sidebar

        admin_sidebar.install()
        # Admin date fields keep what was typed and name themselves in their errors.
        from hromada.core import dates

        dates.install()
        # Wagtail's log-in form declares the password field without a label, so Django shows
        # its untranslatable field name "Password".
        from django.utils.translation import gettext_lazy
        from wagtail.admin.forms.auth import LoginForm

        LoginForm.base_fields["password"].label = gettext_lazy("Password")
        # Wagtail's CSV exports get the same guard against formulas as ours.
        from hromada.core import exports

        exports.install_spreadsheet_guard()
        # Published images and documents are never deleted either (replace the file or move
        # it to another collection; both are logged).
        from hromada.core import permissions

        permissions.install_media_policies()
        post_migrate.connect(roles.sync_roles_after_migrate, sender=self)
        # PostgreSQL's `uk` collation exists before any migration could sort by it.
        from django.db.models.signals import pre_migrate

        from hromada.core.db import create_postgres_collation

        pre_migrate.connect(create_postgres_collation, sender=self)
        # Each module registers its report figures in its own metrics.py.
        autodiscover_modules("metrics")
        # ... and the open datasets generated from its records in datasets.py.
        autodiscover_modules("datasets")
