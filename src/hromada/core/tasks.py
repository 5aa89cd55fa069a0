"""Background jobs of core: thin wrappers around services."""

from __future__ import annotations

from django.core.management import call_command
from django_tasks import task


@task()
def publish_scheduled_pages() -> None:
    """Publish pages whose go-live time has come and unpublish expired ones."""
    call_command("publish_scheduled", verbosity=0)


@task()
def send_email(subject: str, body: str, to: list[str]) -> int:
    """Send one plain-text e-mail (queued by ``core.mail.queue_email``)."""
    from django.conf import settings
    from django.core.mail import send_mail

    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)


@task()
def prune_finished_tasks() -> None:
    """Drop finished job records older than two weeks from the database queue."""
    from django.conf import settings

    if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
        call_command("prune_db_task_results", min_age_days=14, verbosity=0)


@task()
def extract_document_text(document_id: int) -> int:
    """Fill a document's searchable text from its file; returns the number of characters."""
    from wagtail.search.index import insert_or_update_object

    from hromada.core.models import HromadaDocument
    from hromada.core.text_extraction import extract_text

    document = HromadaDocument.objects.filter(pk=document_id).first()
    if document is None:
        return 0
    with document.open_file() as handle:
        extracted = extract_text(handle, extension=document.file_extension)
    HromadaDocument.objects.filter(pk=document_id).update(text_content=extracted.text)
    document.text_content = extracted.text
    insert_or_update_object(document)
    return len(extracted.text)
