"""Amended and repealed acts become through models with a ParentalKey (chosen in the admin
with a chooser rather than a select of every act); existing links are copied."""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


def copy_links(apps, schema_editor):
    """The links kept by the old automatic tables move to the new through models."""
    Act = apps.get_model("acts", "Act")
    for field, model_name in (("amends", "ActAmendment"), ("repeals", "ActRepeal")):
        through = getattr(Act, field).through
        model = apps.get_model("acts", model_name)
        model.objects.bulk_create(
            model(act_id=row.from_act_id, target_id=row.to_act_id, sort_order=index)
            for index, row in enumerate(through.objects.order_by("pk"))
        )


class Migration(migrations.Migration):
    dependencies = [
        ("acts", "0005_search_vector"),
    ]

    operations = [
        migrations.CreateModel(
            name="ActAmendment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "act",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="amendment_links",
                        to="acts.act",
                    ),
                ),
                (
                    "target",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="acts.act",
                        verbose_name="act",
                    ),
                ),
            ],
            options={
                "verbose_name": "amended act",
                "verbose_name_plural": "amended acts",
                "ordering": ["sort_order"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="ActRepeal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "act",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="repeal_links",
                        to="acts.act",
                    ),
                ),
                (
                    "target",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="acts.act",
                        verbose_name="act",
                    ),
                ),
            ],
            options={
                "verbose_name": "repealed act",
                "verbose_name_plural": "repealed acts",
                "ordering": ["sort_order"],
                "abstract": False,
            },
        ),
        migrations.AddConstraint(
            model_name="actamendment",
            constraint=models.UniqueConstraint(
                fields=("act", "target"), name="acts_amendment_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="actrepeal",
            constraint=models.UniqueConstraint(fields=("act", "target"), name="acts_repeal_once"),
        ),
        migrations.RunPython(copy_links, migrations.RunPython.noop),
        migrations.RemoveField(model_name="act", name="amends"),
        migrations.RemoveField(model_name="act", name="repeals"),
        migrations.AddField(
            model_name="act",
            name="amends",
            field=models.ManyToManyField(
                blank=True,
                related_name="amended_by",
                through="acts.ActAmendment",
                through_fields=("act", "target"),
                to="acts.act",
                verbose_name="amends",
            ),
        ),
        migrations.AddField(
            model_name="act",
            name="repeals",
            field=models.ManyToManyField(
                blank=True,
                related_name="repealed_by",
                through="acts.ActRepeal",
                through_fields=("act", "target"),
                to="acts.act",
                verbose_name="repeals",
            ),
        ),
    ]
