"""Budget-project and milestone photos move to the private storage, like the problem-report
photos in 0008: files already uploaded leave the public media folder (where their URL worked
before the project was published) for the private one; the database names stay the same.
Idempotent: a file already moved is skipped."""

import importlib

from django.core.files.storage import default_storage
from django.db import migrations, models

import hromada.core.private_files
import hromada.participation.models

# 0008's mover, not a copy: a migration never changes once released, so this import is as
# frozen as a copy would be (app code, which may change, is not imported).
_move = importlib.import_module("hromada.participation.migrations.0008_problem_photos_private")._move


def _names(apps):
    ProjectPhoto = apps.get_model("participation", "ProjectPhoto")
    Milestone = apps.get_model("participation", "Milestone")
    return [
        *ProjectPhoto.objects.exclude(image="").values_list("image", flat=True),
        *Milestone.objects.exclude(photo="").values_list("photo", flat=True),
    ]


def to_private(apps, schema_editor):
    _move(_names(apps), default_storage, hromada.core.private_files.private_storage())


def to_public(apps, schema_editor):
    _move(_names(apps), hromada.core.private_files.private_storage(), default_storage)


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0008_problem_photos_private"),
    ]

    operations = [
        migrations.AlterField(
            model_name="milestone",
            name="photo",
            field=models.FileField(
                blank=True,
                storage=hromada.core.private_files.private_storage,
                upload_to=hromada.participation.models.budget_photo_path,
                verbose_name="photo",
            ),
        ),
        migrations.AlterField(
            model_name="projectphoto",
            name="image",
            field=models.FileField(
                storage=hromada.core.private_files.private_storage,
                upload_to=hromada.participation.models.budget_photo_path,
                verbose_name="photo",
            ),
        ),
        migrations.RunPython(to_private, to_public, elidable=False),
    ]
