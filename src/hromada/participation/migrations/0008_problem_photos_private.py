"""Problem-report photos move to the private storage: files already uploaded leave the public
media folder (where their URL kept working whatever the report's status) for the private one;
the database names stay the same. Idempotent: a file already moved is skipped."""

from django.core.files.storage import default_storage
from django.db import migrations, models

import hromada.core.private_files
import hromada.participation.models


def _move(names, source, target):
    for name in names:
        if not name or not source.exists(name):
            continue
        if not target.exists(name):
            with source.open(name, "rb") as handle:
                saved = target.save(name, handle)
            if saved != name:  # the target chose another name: keep the record's
                target.delete(saved)
                continue
        source.delete(name)


def _names(apps):
    ProblemPhoto = apps.get_model("participation", "ProblemPhoto")
    return list(ProblemPhoto.objects.exclude(image="").values_list("image", flat=True))


def to_private(apps, schema_editor):
    _move(_names(apps), default_storage, hromada.core.private_files.private_storage())


def to_public(apps, schema_editor):
    _move(_names(apps), hromada.core.private_files.private_storage(), default_storage)


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0007_petition_signatures_counted_from_rows"),
    ]

    operations = [
        migrations.AlterField(
            model_name="problemphoto",
            name="image",
            field=models.FileField(
                storage=hromada.core.private_files.private_storage,
                upload_to=hromada.participation.models.problem_photo_path,
                verbose_name="photo",
            ),
        ),
        migrations.RunPython(to_private, to_public, elidable=False),
    ]
