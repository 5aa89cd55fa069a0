"""Hromada's built-in list of state holidays, memorial and professional days."""

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from hromada.activities.observances import BUILTIN

    observance = apps.get_model("activities", "Observance")
    for entry in BUILTIN:
        if not observance.objects.filter(key=entry["key"]).exists():
            observance.objects.create(builtin=True, **entry)


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
