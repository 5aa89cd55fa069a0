from django.db import migrations, models


def set_due_dates(apps, schema_editor):
    """Open reports made before problem reports had a clock: a month from their receipt (or
    reopening), as for an appeal (Law 393/96-ВР, Art. 20), counted by the legal calendar."""
    from django.utils import timezone

    from hromada.core import legal_calendar

    ProblemReport = apps.get_model("participation", "ProblemReport")
    open_reports = ProblemReport.objects.filter(
        status__in=["new", "accepted", "in_progress", "reopened"], due_date__isnull=True
    )
    for report in open_reports.iterator():
        started = report.status_changed_at if report.status == "reopened" else None
        start = timezone.localdate(started or report.created_at)
        report.due_date = legal_calendar.due_date("citizen_appeal", start)
        report.save(update_fields=["due_date"])


class Migration(migrations.Migration):

    dependencies = [
        ('participation', '0005_map_centre_in_participation_settings'),
    ]

    operations = [
        migrations.AddField(
            model_name='problemreport',
            name='reminded_on',
            field=models.DateField(blank=True, null=True, verbose_name='last reminder sent on'),
        ),
        migrations.RunPython(set_due_dates, migrations.RunPython.noop),
    ]
