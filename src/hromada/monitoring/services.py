"""Writes of the monitoring module. Keyword-only, typed, atomic and audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core import audit, civic_actions
from hromada.core.imports import CsvFormatError, ImportSummary, RowError, read_rows
from hromada.monitoring import matching
from hromada.monitoring.models import (
    Feed,
    InformationNote,
    MediaItem,
    Mention,
    MonitoringSettings,
    NoteKind,
    Outlet,
    OutletKind,
    Relevance,
    Review,
    ReviewEntry,
    Topic,
)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# --- the city's word forms -------------------------------------------------------------


@transaction.atomic
def refresh_word_forms(*, user: Any = None) -> MonitoringSettings:
    """Generate every form of the city profile's name (pymorphy3, offline) into the settings."""
    from hromada.core.selectors import city_profile

    profile = city_profile()
    config = MonitoringSettings.load()
    forms = matching.word_forms(profile.name) if profile.name else []
    generated = "\n".join(forms)
    if generated != config.generated_forms:
        before = audit.snapshot(config)
        config.generated_forms = generated
        config.save(update_fields=["generated_forms"])
        audit.record(config, "wagtail.edit", user=user, before=before)
    return config


def current_matcher() -> matching.Matcher:
    """The matcher for the city as configured now: generated forms, the profile's own forms
    and aliases, the extra forms, minus the look-alikes."""
    from hromada.core.selectors import city_profile

    profile = city_profile()
    config = MonitoringSettings.load()
    forms = [
        *_lines(config.generated_forms),
        *([profile.name] if profile.name else []),
        *profile.word_forms,
        *profile.alias_list,
        *_lines(config.extra_forms),
    ]
    return matching.Matcher(
        forms,
        stems=[
            *(matching.stems_for(profile.name) if profile.name else []),
            *matching.alias_stems([*profile.alias_list, *_lines(config.extra_forms)]),
        ],
        excluded=_lines(config.excluded_words),
    )


def official_phrases() -> list[str]:
    """Phrases that cite the office: the settings' list, the office's name and the domains."""
    from hromada.core.selectors import city_profile

    profile = city_profile()
    config = MonitoringSettings.load()
    phrases = _lines(config.official_phrases)
    if profile.office_name:
        phrases.append(profile.office_name)
    return list(dict.fromkeys(phrases))


# --- sources -------------------------------------------------------------------------

SOURCE_COLUMNS = ("name", "kind", "site_url", "feed_url")


@dataclass
class SourcesSummary(ImportSummary):
    feeds_created: int = 0


class _Rollback(Exception):
    pass


def _valid_url(value: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return False
    return True


def import_sources(
    *,
    path: Path,
    dry_run: bool = False,
    user: Any = None,
    progress: Callable[[int, int], None] | None = None,
) -> SourcesSummary:
    """Upsert outlets by name and add their feeds by URL, from `name,kind,site_url,feed_url`.

    One row per feed; an outlet with several feeds has several rows, and one without feeds
    (a newspaper) a row with an empty `feed_url`. All or nothing: any bad row means nothing
    is written, and every error names its line. Running the file again changes nothing.
    `progress(done, total)` is called after each row is written (or, in a dry run, tried).
    """
    summary = SourcesSummary()
    try:
        rows = list(read_rows(path, required=("name", "kind"), optional=("site_url", "feed_url")))
    except CsvFormatError as error:
        summary.errors.append(RowError(line=1, field="", message=str(error)))
        return summary
    kinds = {choice.value for choice in OutletKind}
    feed_owner: dict[str, str] = {}
    for row in rows:
        values = row.values
        name = " ".join(values.get("name", "").split())
        if not name:
            summary.errors.append(RowError(row.line, "name", _("the name is empty")))
        if values.get("kind", "") not in kinds:
            summary.errors.append(
                RowError(
                    row.line,
                    "kind",
                    _("unknown kind “%(kind)s”; one of %(kinds)s")
                    % {"kind": values.get("kind", ""), "kinds": ", ".join(sorted(kinds))},
                )
            )
        for column in ("site_url", "feed_url"):
            value = values.get(column, "")
            if value and not _valid_url(value):
                summary.errors.append(
                    RowError(row.line, column, _("“%(url)s” is not a web address") % {"url": value})
                )
        feed_url = values.get("feed_url", "")
        if feed_url and name:
            owner = feed_owner.setdefault(feed_url, name)
            if owner != name:
                summary.errors.append(
                    RowError(
                        row.line,
                        "feed_url",
                        _("the feed is already listed for “%(name)s”") % {"name": owner},
                    )
                )
    if summary.errors:
        return summary
    try:
        with transaction.atomic():
            _apply_sources(rows, summary, user, progress)
            if dry_run or summary.errors:
                raise _Rollback
    except _Rollback:
        pass
    if summary.errors:
        summary.created = summary.updated = summary.feeds_created = 0
    return summary


def _apply_sources(
    rows: Sequence[Any],
    summary: SourcesSummary,
    user: Any,
    progress: Callable[[int, int], None] | None,
) -> None:
    seen: set[str] = set()
    for done, row in enumerate(rows, start=1):
        name = " ".join(row.values["name"].split())
        first = name not in seen
        outlet = _upsert_outlet(row.values, name, first=first, summary=summary, user=user)
        seen.add(name)
        feed_url = row.values.get("feed_url", "")
        if feed_url:
            _add_feed(row, outlet, feed_url, summary, user)
        if progress is not None:
            progress(done, len(rows))


def _upsert_outlet(
    values: dict[str, str], name: str, *, first: bool, summary: SourcesSummary, user: Any
) -> Outlet:
    outlet = Outlet.objects.filter(name=name).first()
    fields = {"kind": values["kind"], "site_url": values.get("site_url", "")}
    if outlet is None:
        outlet = Outlet(name=name, **fields)
        outlet.full_clean()
        outlet.save()
        audit.record(outlet, "wagtail.create", user=user, data={"source": "import_sources"})
        summary.created += 1
    elif first:
        changes = {
            key: value for key, value in fields.items() if value and getattr(outlet, key) != value
        }
        if changes:
            before = audit.snapshot(outlet)
            for key, value in changes.items():
                setattr(outlet, key, value)
            outlet.full_clean()
            outlet.save()
            audit.record(outlet, "wagtail.edit", user=user, before=before)
            summary.updated += 1
        else:
            summary.skipped += 1
    return outlet


def _add_feed(row: Any, outlet: Outlet, feed_url: str, summary: SourcesSummary, user: Any) -> None:
    feed = Feed.objects.filter(url=feed_url).select_related("outlet").first()
    if feed is None:
        feed = Feed(outlet=outlet, url=feed_url)
        feed.save()
        audit.record(feed, "wagtail.create", user=user, data={"source": "import_sources"})
        summary.feeds_created += 1
    elif feed.outlet_id != outlet.pk:
        summary.errors.append(
            RowError(
                row.line,
                "feed_url",
                _("the feed already belongs to “%(name)s”") % {"name": feed.outlet.name},
            )
        )


@transaction.atomic
def resume_outlet(*, outlet: Outlet, user: Any = None) -> Outlet:
    """Clear an automatic pause: the outlet is fetched again in the next pass."""
    before = audit.snapshot(outlet)
    outlet.paused_at = None
    outlet.consecutive_failures = 0
    outlet.save(update_fields=["paused_at", "consecutive_failures", "updated_at"])
    audit.record(outlet, "wagtail.edit", user=user, before=before)
    return outlet


# --- items ---------------------------------------------------------------------------


@transaction.atomic
def set_status(*, items: Iterable[MediaItem], status: str, user: Any = None) -> int:
    """Staff's judgement on inbox items: relevant or not relevant (or back to new)."""
    if status not in {Relevance.NEW, Relevance.RELEVANT, Relevance.NOT_RELEVANT}:
        raise ValueError(f"unknown status {status!r}")
    changed = [item for item in items if item.status != status]
    for item in changed:
        before = audit.snapshot(item)
        item.status = status
        item.save(update_fields=["status"])
        audit.record(item, "wagtail.edit", user=user, before=before)
    return len(changed)


@transaction.atomic
def assign_topics(*, items: Iterable[MediaItem], topics: Iterable[Topic], user: Any = None) -> int:
    topic_list = list(topics)
    count = 0
    for item in items:
        item.topics.add(*topic_list)
        audit.record(
            item, "wagtail.edit", user=user, data={"topics_added": [t.name for t in topic_list]}
        )
        count += 1
    return count


@transaction.atomic
def create_manual_item(
    *,
    outlet: Outlet,
    title: str,
    published_at: dt.datetime,
    text: str = "",
    url: str = "",
    attachment: Any = None,
    user: Any = None,
) -> MediaItem:
    """An item seen in print, on TV or radio, entered by hand (with a scan or recording)."""
    from hromada.monitoring.pipeline import Analyser, group_reprints, save_analysed

    item = MediaItem(
        outlet=outlet,
        title=title,
        text=text,
        url=url,
        published_at=published_at,
        attachment=attachment,
        is_manual=True,
        status=Relevance.RELEVANT,
    )
    item.full_clean(exclude=["status"])
    save_analysed([item], Analyser.load())
    audit.record(item, "wagtail.create", user=user)
    group_reprints([item.pk])
    item.refresh_from_db()
    return item


@transaction.atomic
def analyse_manual_item(*, item: MediaItem) -> MediaItem:
    """After staff saved a new item by hand (admin form): find its mentions, citations and
    topics, keep it as relevant and put it into its story."""
    from hromada.monitoring.pipeline import Analyser, group_reprints

    item.is_manual = True
    if item.status == Relevance.NEW:
        item.status = Relevance.RELEVANT
    mentions, topic_ids = Analyser.load().analyse(item)
    item.save()
    item.mentions.all().delete()
    for mention in mentions:
        mention.item = item
    Mention.objects.bulk_create(mentions)
    if topic_ids:
        item.topics.add(*topic_ids)
    group_reprints([item.pk])
    item.refresh_from_db()
    return item


def drop_unrelated(*, now: dt.datetime | None = None) -> int:
    """Delete collected items that do not mention the city once they are older than the
    configured number of days (30 by default). Returns how many were dropped."""
    days = MonitoringSettings.load().keep_unrelated_days
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    old = MediaItem.objects.filter(
        status=Relevance.UNRELATED, is_manual=False, collected_at__lt=cutoff
    ).exclude(review_entries__isnull=False)
    count, _ = old.delete()
    return count


# --- reviews and notes -----------------------------------------------------------------


def _compiler(user: Any) -> str:
    """Who prepared a document, as signed under it: the user's full name."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return str(user.get_full_name() or user.get_username())[:255]


@transaction.atomic
def create_review(
    *,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    items: Sequence[MediaItem] = (),
    topic: Topic | None = None,
    prepared_on: dt.date | None = None,
    introduction: str = "",
    compiler: str | None = None,
    user: Any = None,
) -> Review:
    """A thematic review with the given items in the given order; signed by `compiler`
    (by default the user's full name)."""
    review = Review(
        title=title,
        topic=topic,
        period_start=period_start,
        period_end=period_end,
        prepared_on=prepared_on or timezone.localdate(),
        compiler=_compiler(user) if compiler is None else compiler,
        introduction=introduction,
    )
    review.full_clean()
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    review.save()
    ReviewEntry.objects.bulk_create(
        [ReviewEntry(review=review, item=item, sort_order=n) for n, item in enumerate(items)]
    )
    audit.record(review, "wagtail.create", user=user)
    return review


@transaction.atomic
def add_to_review(*, review: Review, items: Iterable[MediaItem], user: Any = None) -> int:
    present = set(review.entries.values_list("item_id", flat=True))
    start = review.entries.count()
    new = [item for item in items if item.pk not in present]
    ReviewEntry.objects.bulk_create(
        [ReviewEntry(review=review, item=item, sort_order=start + n) for n, item in enumerate(new)]
    )
    audit.record(review, "wagtail.edit", user=user, data={"items_added": [i.pk for i in new]})
    return len(new)


def period_items(start: dt.date, end: dt.date) -> Any:
    from hromada.core.metrics import Period
    from hromada.monitoring.selectors import relevant_items

    return relevant_items(Period(start, end))


def _stories(items: Sequence[MediaItem]) -> list[dict[str, Any]]:
    """One entry per story, its first item summarised, every outlet that ran it."""
    stories: dict[Any, list[MediaItem]] = {}
    for item in items:
        stories.setdefault(item.story_id or f"item-{item.pk}", []).append(item)
    entries = []
    ordered = sorted(stories.values(), key=lambda group: (-len(group), group[0].published_at))
    for group in ordered:
        group.sort(key=lambda item: item.published_at)
        first = group[0]
        lead = (first.text or first.summary or "").split("\n\n")[0]
        if len(lead) > 600:
            lead = lead[:600].rsplit(" ", 1)[0] + "…"
        outlets = ", ".join(
            dict.fromkeys(
                f"{item.outlet.name} ({timezone.localtime(item.published_at):%d.%m.%Y})"
                for item in group
            )
        )
        entries.append(
            {
                "title": first.title,
                "lead": lead,
                "sources": _("Published by: %(outlets)s.") % {"outlets": outlets},
                "cited": any(item.cites_official for item in group),
                "links": [item.url for item in group if item.url],
            }
        )
    return entries


def _civic_action_lines(start: dt.date, end: dt.date) -> list[str]:
    """The period's protests, rallies, pickets and assemblies from the activity journal, which
    the regional administration's notes report alongside the media: one line each."""
    lines = []
    for action in civic_actions.between(start, end):
        parts = [f"{action.date:%d.%m.%Y}", action.kind, action.place]
        if organizers := action.organizers:
            parts.append(_("organizers: %(organizers)s") % {"organizers": organizers})
        parts.append(action.subject)
        if action.participants:
            parts.append(_("about %(count)s participants") % {"count": action.participants})
        if action.demands:
            parts.append(_("demands: %(demands)s") % {"demands": action.demands})
        if action.outcome:
            parts.append(_("outcome: %(outcome)s") % {"outcome": action.outcome})
        lines.append("; ".join(str(p) for p in parts if p))
    return lines


def _note_body(items: Sequence[MediaItem], start: dt.date, end: dt.date) -> str:
    """The note's draft text (HTML, from the template monitoring/note_body.html)."""
    return render_to_string(
        "monitoring/note_body.html",
        {
            "stories": _stories(items),
            "cited_text": _("Cites the office or the official site."),
            "empty_text": _("No items mentioning the city in this period."),
            "civic_actions": _civic_action_lines(start, end),
            "civic_actions_heading": _("Civic actions"),
        },
    ).strip()


@transaction.atomic
def generate_note(
    *,
    kind: str,
    period_start: dt.date,
    period_end: dt.date | None = None,
    prepared_on: dt.date | None = None,
    user: Any = None,
) -> InformationNote:
    """Draft a weekly or daily note from the period's relevant items, grouped by story.

    A daily note covers one day; a weekly note seven days from `period_start` unless
    `period_end` is given. Staff edit the text afterwards."""
    if kind not in NoteKind.values:
        raise ValueError(f"unknown note kind {kind!r}")
    if period_end is None:
        period_end = period_start + dt.timedelta(days=6 if kind == NoteKind.WEEKLY else 0)
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    items = list(period_items(period_start, period_end).select_related("outlet"))
    label = NoteKind(kind).label
    title = f"{label}: {period_start:%d.%m.%Y}" + (
        f"–{period_end:%d.%m.%Y}" if period_end != period_start else ""
    )
    note = InformationNote.objects.create(
        kind=kind,
        title=title,
        period_start=period_start,
        period_end=period_end,
        prepared_on=prepared_on or timezone.localdate(),
        compiler=_compiler(user),
        body=_note_body(items, period_start, period_end),
    )
    note.items.set(items)
    audit.record(note, "wagtail.create", user=user)
    return note
