"""Create the office's role groups (docs/architecture.md) with their permissions.

Permissions are re-applied after every migrate (core.roles.sync_roles_after_migrate), so
modules that arrive later extend the roles without a migration of their own.
"""

from django.db import migrations

WAGTAIL_DEFAULT_GROUPS = ["Editors", "Moderators"]


def create_roles(apps, schema_editor):
    from hromada.core.roles import sync_roles

    group_model = apps.get_model("auth", "Group")
    # Wagtail's English sample groups are replaced by ours unless someone already uses them.
    group_model.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS, user__isnull=True).delete()
    sync_roles(apps)


def remove_roles(apps, schema_editor):
    from hromada.core.roles import ROLES

    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
