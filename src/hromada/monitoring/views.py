"""Back-office views outside the generic listings: exports of reviews and notes, and the
form that drafts an information note. Mounted under the Wagtail admin (admin login)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.core.text import transliterate
from hromada.monitoring import documents, services
from hromada.monitoring.models import InformationNote, NoteKind, Review

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _filename(title: str, extension: str) -> str:
    slug = "-".join(transliterate(title).lower().split())
    slug = "".join(ch for ch in slug if ch.isalnum() or ch in "-_")[:80] or "document"
    return f"{slug}.{extension}"


def _download(content: bytes | str, *, title: str, fmt: str) -> HttpResponse:
    if fmt == "docx":
        response = HttpResponse(content, content_type=DOCX)
    elif fmt == "pdf":
        response = HttpResponse(content, content_type="application/pdf")
    else:
        response = HttpResponse(content, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(title, fmt)}"'
    return response


def review_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if not request.user.has_perm("monitoring.view_review"):
        raise PermissionDenied
    review = get_object_or_404(Review, pk=pk)
    if fmt == "docx":
        return _download(documents.review_docx(review), title=review.title, fmt=fmt)
    if fmt == "html":
        return _download(documents.review_html(review), title=review.title, fmt=fmt)
    if fmt == "pdf":
        page = documents.review_html(review)
        return _download(documents.pdf(page), title=review.title, fmt=fmt)
    raise Http404


def note_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if not request.user.has_perm("monitoring.view_informationnote"):
        raise PermissionDenied
    note = get_object_or_404(InformationNote, pk=pk)
    if fmt == "docx":
        return _download(documents.note_docx(note), title=note.title, fmt=fmt)
    if fmt == "html":
        return _download(documents.note_html(note), title=note.title, fmt=fmt)
    if fmt == "pdf":
        return _download(documents.pdf(documents.note_html(note)), title=note.title, fmt=fmt)
    raise Http404


class GenerateNoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=NoteKind.choices)
    period_start = forms.DateField(
        label=_("Period from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label=_("Period to"),
        required=False,
        help_text=_("Leave empty for one day (daily) or seven days (weekly)."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


def generate_note(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("monitoring.add_informationnote"):
        raise PermissionDenied
    if request.method == "POST":
        form = GenerateNoteForm(request.POST)
        if form.is_valid():
            note = services.generate_note(
                kind=form.cleaned_data["kind"],
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                user=request.user,
            )
            return redirect(
                reverse("wagtailsnippets_monitoring_informationnote:edit", args=[note.pk])
            )
    else:
        today = timezone.localdate()
        form = GenerateNoteForm(
            initial={"kind": NoteKind.WEEKLY, "period_start": today - dt.timedelta(days=7)}
        )
    return TemplateResponse(
        request, "monitoring/generate_note.html", {"form": form, "page_title": _("Draft a note")}
    )
