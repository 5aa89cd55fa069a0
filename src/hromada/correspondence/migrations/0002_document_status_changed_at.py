# The case engine stamps `status_changed_at` at every change of status. Existing entries get
# it from their history:
#   1. the latest audit-log entry that recorded a change of `status` (the services log the
#      before/after values of every assignment, extension, answer, forwarding, refusal and
#      closing);
#   2. else, for entries imported or loaded as demo data (entered with their outcome but not
#      its history), the start of the day the journal gives for that outcome: closed on,
#      decided/answered on, or the registration date;
#   3. else the moment the entry was created (its status has not changed since).
import datetime as dt

import django.utils.timezone
from django.db import migrations, models
from django.utils import timezone

ENTERED_WITHOUT_HISTORY = {"import", "demo"}
DECIDED = {"answered", "forwarded", "refused"}
BATCH = 1000


def _status_day(document):
    decided = document.decided_on or document.answered_on
    if document.status == "closed" and document.closed_on:
        return document.closed_on
    if document.status in DECIDED and decided:
        return decided
    return document.registered_on


def backfill(apps, schema_editor):
    Document = apps.get_model("correspondence", "Document")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")

    logged = {}
    content_type = ContentType.objects.filter(app_label="correspondence", model="document").first()
    if content_type is not None:
        entries = (
            ModelLogEntry.objects.filter(content_type=content_type, data__changes__has_key="status")
            .order_by("timestamp", "id")
            .values_list("object_id", "timestamp")
        )
        for object_id, timestamp in entries.iterator(chunk_size=2000):
            logged[object_id] = timestamp  # the latest wins

    batch = []
    documents = Document.objects.only(
        "pk",
        "status",
        "source",
        "created_at",
        "registered_on",
        "answered_on",
        "decided_on",
        "closed_on",
    ).order_by("pk")
    for document in documents.iterator(chunk_size=2000):
        changed_at = logged.get(str(document.pk))
        if changed_at is None and document.source in ENTERED_WITHOUT_HISTORY:
            day = _status_day(document)
            changed_at = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
        document.status_changed_at = changed_at or document.created_at
        batch.append(document)
        if len(batch) >= BATCH:
            Document.objects.bulk_update(batch, ["status_changed_at"])
            batch = []
    if batch:
        Document.objects.bulk_update(batch, ["status_changed_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("correspondence", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="status_changed_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                verbose_name="status changed at",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
