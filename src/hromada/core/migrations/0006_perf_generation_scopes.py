from django.db import migrations, models


class Migration(migrations.Migration):
    """One generation per scope of content; the existing single row becomes the "site" scope."""

    dependencies = [
        ("core", "0005_two_factor_recovery_codes"),
    ]

    operations = [
        migrations.AddField(
            model_name="contentgeneration",
            name="scope",
            field=models.CharField(default="site", max_length=64, unique=True, verbose_name="scope"),
        ),
    ]
