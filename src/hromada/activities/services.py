"""Writes to the activity journal. Keyword-only, typed, atomic and audited.

Another module records an activity with `record_activity` (e.g. the monitoring module, for
each weekly or daily information note it prepares, with `source="monitoring"` and its own
key in `source_ref`, so recording it again updates the same record instead of adding one).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Iterable
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hromada.activities.models import (
    Activity,
    ActivityKind,
    CivicAction,
    Commission,
    CommissionMembership,
    CoverageContract,
    CoverageRequest,
    Event,
    EventAttachment,
    EventKind,
    EventSession,
    FigureSource,
    Observance,
    ObservanceReminder,
    OfficeRole,
    PeriodicalSubscription,
    SocialAccount,
    SocialMediaFigure,
    Text,
    TextPublication,
)
from hromada.core import audit
from hromada.core.metrics import sessions_text
from hromada.core.text import transliterate
from hromada.core.types import Actor

M = TypeVar("M", bound=models.Model)


def _create(model: type[M], *, user: Actor | None, **fields: Any) -> M:
    instance = model(**fields)
    instance.full_clean()
    instance.save()
    audit.record(instance, "wagtail.create", user=user)
    return instance


def _update(instance: M, *, user: Actor | None, **fields: Any) -> M:
    before = audit.snapshot(instance)
    changed = False
    for name, value in fields.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    if changed:
        instance.full_clean()
        instance.save()
        audit.record(instance, "wagtail.edit", user=user, before=before)
    return instance


@transaction.atomic
def archive(*, instance: models.Model, user: Actor | None = None) -> models.Model:
    """Hide a record and stop counting it (nothing is deleted from the back-office)."""
    return _update(instance, user=user, archived=True)


# --- Generic activities --------------------------------------------------------------------


@transaction.atomic
def record_activity(
    *,
    kind: str,
    date: dt.date,
    title: str,
    details: str = "",
    user: Actor | None = None,
    source: str = "manual",
    source_ref: str = "",
) -> Activity:
    """Record one activity of the CLI contract's list (docs/architecture.md), or update the
    one already recorded.

    The same record is found by `source_ref` when given (another module's own key, e.g.
    "monitoring.note:12"), else by kind, date and title among records without a reference
    (two notes of another module with the same title on one day stay two records).
    Raises ValidationError for an unknown kind, a date in the future or an empty title.
    """
    if kind not in ActivityKind.values:
        raise ValidationError(
            {"kind": _("Unknown kind “%(kind)s”.") % {"kind": kind}}, code="unknown_kind"
        )
    title = " ".join(title.split())
    existing = None
    if source_ref:
        existing = Activity.objects.filter(source_ref=source_ref).first()
    if existing is None:
        # A record entered by hand or imported earlier is the same activity: adopt it.
        existing = Activity.objects.filter(kind=kind, date=date, title=title, source_ref="").first()
    if existing is not None:
        return _update(
            existing,
            user=user,
            kind=kind,
            date=date,
            title=title,
            details=details,
            archived=False,
            **({"source_ref": source_ref} if source_ref else {}),
        )
    return _create(
        Activity,
        user=user,
        kind=kind,
        date=date,
        title=title,
        details=details,
        source=source,
        source_ref=source_ref,
        created_by=user,
    )


@transaction.atomic
def withdraw_activity(*, source_ref: str, user: Actor | None = None) -> bool:
    """Another module's record was withdrawn (e.g. a note deleted): stop counting it."""
    activity = Activity.objects.filter(source_ref=source_ref, archived=False).first()
    if activity is None:
        return False
    archive(instance=activity, user=user)
    return True


# --- Events --------------------------------------------------------------------------------


@transaction.atomic
def create_event(
    *,
    kind: str,
    title: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    place: str = "",
    online: bool = False,
    user: Actor | None = None,
    sessions: Iterable[tuple[dt.date, dt.date | None]] = (),
    **fields: Any,
) -> Event:
    """Record an event (the admin's form and every other caller). Organized events default
    to the office's role "organizer", the others to the model's "participant"; `attachments`
    (a list of unsaved `EventAttachment`) are saved with it.

    ``sessions`` are the separate runs of days of an event held in parts ((22.07, 23.07),
    (27.07, 28.07)); each must lie within start_date–end_date."""
    if kind == EventKind.ORGANIZED:
        fields.setdefault("office_role", OfficeRole.ORGANIZER)
    if end_date == start_date:
        end_date = None
    event = _create(
        Event,
        user=user,
        kind=kind,
        title=" ".join(title.split()),
        start_date=start_date,
        end_date=end_date,
        place=place,
        online=online,
        created_by=user,
        **fields,
    )
    _replace_sessions(event, sessions)
    return event


def _replace_sessions(event: Event, sessions: Iterable[tuple[dt.date, dt.date | None]]) -> None:
    """Make `sessions` the event's runs of days, each checked to lie within its dates."""
    last = event.end_date or event.start_date
    event.sessions.all().delete()
    for number, (first_day, last_day) in enumerate(sorted(sessions), start=1):
        if not event.start_date <= first_day <= (last_day or first_day) <= last:
            raise ValidationError(
                {
                    "sessions": _("Session %(number)s (%(dates)s) is not within the event's dates.")
                    % {"number": number, "dates": sessions_text([(first_day, last_day)])}
                }
            )
        session = EventSession(event=event, start_date=first_day, end_date=last_day)
        session.full_clean()
        session.save()


@transaction.atomic
def update_event(
    *,
    event: Event,
    user: Actor | None = None,
    attachments: list[EventAttachment] | None = None,
    sessions: Iterable[tuple[dt.date, dt.date | None]] | None = None,
    **fields: Any,
) -> Event:
    """Change an event, with the rules of `create_event` (one-day events have no end date,
    the title's spaces are normalized); `attachments` (the admin's list) replaces its
    attachments and `sessions`, when given, its runs of days."""
    if "title" in fields:
        fields["title"] = " ".join(str(fields["title"]).split())
    if "end_date" in fields and fields["end_date"] == fields.get("start_date", event.start_date):
        fields["end_date"] = None
    if attachments is None:
        event = _update(event, user=user, **fields)
        if sessions is not None:
            _replace_sessions(event, sessions)
        return event
    before = audit.snapshot(event)
    for name, value in fields.items():
        setattr(event, name, value)
    event.attachments = attachments  # type: ignore[assignment]  # a cluster, saved with it
    event.full_clean()
    event.save()
    if sessions is not None:
        _replace_sessions(event, sessions)
    audit.record(event, "wagtail.edit", user=user, before=before)
    return event


@transaction.atomic
def plan_event_for_observance(
    *, observance: Observance, year: int, user: Actor | None = None, place: str = ""
) -> Event:
    """A ceremony for an observance's day, organized by the office (from a reminder).
    Planning the same day twice returns the event already planned."""
    day = observance.date_in(year)
    if day is None:
        raise ValidationError(
            _("“%(name)s” is not observed in %(year)s.") % {"name": observance.name, "year": year}
        )
    existing = Event.objects.filter(
        observance=observance, start_date=day, kind=EventKind.ORGANIZED, archived=False
    ).first()
    if existing is not None:
        return existing
    from hromada.core.selectors import city_profile

    profile = city_profile()
    return create_event(
        kind=EventKind.ORGANIZED,
        title=observance.name,
        start_date=day,
        place=place or profile.name or "—",
        observance=observance,
        organizers=profile.council_name or profile.office_name,
        user=user,
    )


def _aware(day: dt.date, time: dt.time | None) -> dt.datetime:
    zone = ZoneInfo(settings.TIME_ZONE)
    return dt.datetime.combine(day, time or dt.time(10, 0), tzinfo=zone)


def _announcement_slug(event: Event) -> str:
    base = slugify(transliterate(event.title))[:60].strip("-") or "event"
    return f"{event.start_date:%Y-%m-%d}-{base}-{event.pk}"


@transaction.atomic
def publish_announcement(*, event: Event, user: Actor | None = None, index_page: Any = None) -> Any:
    """Publish an organized event as a portal announcement (portal.EventPage under the
    announcements index) in one step, and show it in the public calendar. Publishing again
    updates the same announcement."""
    from hromada.core.selectors import city_profile
    from hromada.portal.models import EventIndexPage, EventPage

    if event.kind != EventKind.ORGANIZED:
        raise ValidationError(_("Only events the office organizes are announced on the portal."))
    if event.archived:
        raise ValidationError(_("An archived event cannot be announced."))
    if index_page is None:
        index_page = EventIndexPage.objects.live().order_by("path").first()
    if index_page is None:
        raise ValidationError(_("The portal has no event announcements page to publish under."))
    profile = city_profile()
    start = _aware(event.start_date, event.start_time)
    end = None
    if event.end_date or event.end_time:
        end = _aware(event.last_date, event.end_time or event.start_time)
    description = "".join(
        f"<p>{html.escape(paragraph)}</p>"
        for paragraph in (event.description or event.title).split("\n")
        if paragraph.strip()
    )
    values = {
        "title": event.title[:255],
        "start": start,
        "end": end,
        "place": (event.place_display or "—")[:255],
        "organizer": (event.organizers or profile.office_name or profile.council_name)[:255],
        "description": description,
    }
    page = EventPage.objects.filter(pk=event.announcement_id).first()
    if page is None:
        page = EventPage(slug=_announcement_slug(event), **values)
        index_page.add_child(instance=page)
        action = "created"
    else:
        for name, value in values.items():
            setattr(page, name, value)
        action = "updated"
    page.full_clean()
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user)
    before = audit.snapshot(event)
    event.announcement = page
    event.is_public = True
    event.save(update_fields=["announcement", "is_public", "updated_at"])
    audit.record(event, "wagtail.edit", user=user, before=before, data={"announcement": action})
    return page


# --- Civic actions -------------------------------------------------------------------------


@transaction.atomic
def create_civic_action(
    *,
    kind: str,
    date: dt.date,
    place: str,
    subject: str,
    organizations: Iterable[Any] = (),
    user: Actor | None = None,
    **fields: Any,
) -> CivicAction:
    action = _create(
        CivicAction, user=user, kind=kind, date=date, place=place, subject=subject, **fields
    )
    organizations = list(organizations)
    if organizations:
        action.organizations.set(organizations)
    return action


# --- Texts ---------------------------------------------------------------------------------


@transaction.atomic
def create_text(
    *,
    kind: str,
    title: str,
    date: dt.date | None,
    user: Actor | None = None,
    publications: Iterable[tuple[Any, dt.date]] = (),
    **fields: Any,
) -> Text:
    """A scenario plan, speech or greeting (or, with is_template=True, a reusable template).
    `publications`: (outlet, date) pairs where it was printed or posted."""
    fields.setdefault("author", user if getattr(user, "pk", None) else None)
    text = _create(Text, user=user, kind=kind, title=title, date=date, **fields)
    for outlet, published_on in publications:
        add_publication(text=text, outlet=outlet, date=published_on, user=user)
    return text


@transaction.atomic
def text_from_template(
    *, template: Text, date: dt.date, user: Actor | None = None, **fields: Any
) -> Text:
    """A new text of the template's kind, starting from its wording."""
    if not template.is_template:
        raise ValidationError(_("“%(title)s” is not a template.") % {"title": template.title})
    values: dict[str, Any] = {
        "title": template.title,
        "occasion": template.occasion,
        "speaker": template.speaker,
        "body": template.body,
        "observance": template.observance,
    }
    values.update(fields)
    return create_text(
        kind=template.kind, date=date, template=template, is_template=False, user=user, **values
    )


@transaction.atomic
def add_publication(
    *, text: Text, outlet: Any, date: dt.date, reference: str = "", user: Actor | None = None
) -> TextPublication:
    if text.is_template:
        raise ValidationError(_("A template is not published; publish a text made from it."))
    publication = TextPublication(text=text, outlet=outlet, date=date, reference=reference)
    publication.full_clean()
    publication.save()
    audit.record(text, "wagtail.edit", user=user, data={"publication": str(publication)})
    return publication


# --- Media relations -----------------------------------------------------------------------


@transaction.atomic
def create_coverage_contract(*, user: Actor | None = None, **fields: Any) -> CoverageContract:
    return _create(CoverageContract, user=user, **fields)


@transaction.atomic
def create_coverage_request(
    *, date: dt.date, outlet: Any, subject: str, user: Actor | None = None, **fields: Any
) -> CoverageRequest:
    """A request to an outlet. Without a contract given, the outlet's contract in force on
    the request's date is linked."""
    if "contract" not in fields:
        fields["contract"] = (
            CoverageContract.objects.filter(
                outlet=outlet, archived=False, period_start__lte=date, period_end__gte=date
            )
            .order_by("-date")
            .first()
        )
    return _create(CoverageRequest, user=user, date=date, outlet=outlet, subject=subject, **fields)


@transaction.atomic
def create_subscription(*, user: Actor | None = None, **fields: Any) -> PeriodicalSubscription:
    return _create(PeriodicalSubscription, user=user, **fields)


# --- Commissions ---------------------------------------------------------------------------


@transaction.atomic
def create_commission(*, name: str, user: Actor | None = None, **fields: Any) -> Commission:
    return _create(Commission, user=user, name=name, **fields)


@transaction.atomic
def add_membership(
    *,
    commission: Commission,
    start_date: dt.date,
    member: Any = None,
    member_name: str = "",
    role: str = "member",
    end_date: dt.date | None = None,
    user: Actor | None = None,
) -> CommissionMembership:
    membership = CommissionMembership(
        commission=commission,
        member=member,
        member_name=member_name,
        role=role,
        start_date=start_date,
        end_date=end_date,
    )
    membership.full_clean(exclude=["sort_order"])
    membership.save()
    audit.record(commission, "wagtail.edit", user=user, data={"membership": str(membership)})
    return membership


# --- Social media --------------------------------------------------------------------------

# Follower fetchers by platform: callables (account) -> follower count. Installations register
# theirs (e.g. one calling the platform's API with the office's token) with `register_fetcher`.
_FETCHERS: dict[str, Callable[[SocialAccount], int]] = {}


def register_fetcher(platform: str, fetcher: Callable[[SocialAccount], int]) -> None:
    _FETCHERS[platform] = fetcher


def unregister_fetcher(platform: str) -> None:
    _FETCHERS.pop(platform, None)


@transaction.atomic
def record_followers(
    *,
    account: SocialAccount,
    date: dt.date,
    followers: int,
    source: str = FigureSource.MANUAL,
    user: Actor | None = None,
) -> SocialMediaFigure:
    """The follower count of `account` on `date` (one figure a day: a new count replaces it)."""
    existing = SocialMediaFigure.objects.filter(account=account, date=date).first()
    if existing is not None:
        return _update(existing, user=user, followers=followers, source=source)
    return _create(
        SocialMediaFigure, user=user, account=account, date=date, followers=followers, source=source
    )


def fetch_followers(*, today: dt.date | None = None) -> dict[str, int]:
    """Fetch today's counts of every active account whose platform has a fetcher.
    A failing fetcher is reported and skipped; it never stops the others."""
    import logging

    today = today or timezone.localdate()
    fetched: dict[str, int] = {}
    for account in SocialAccount.objects.filter(is_active=True):
        fetcher = _FETCHERS.get(account.platform)
        if fetcher is None:
            continue
        try:
            count = int(fetcher(account))
        except Exception:
            logging.getLogger(__name__).exception("follower fetch failed for %s", account.url)
            continue
        record_followers(account=account, date=today, followers=count, source=FigureSource.FETCHED)
        fetched[account.url] = count
    return fetched


# --- Observances and reminders -------------------------------------------------------------


@transaction.atomic
def load_builtin_observances() -> tuple[int, int]:
    """Add Hromada's built-in list of holidays and memorable dates; entries staff changed are
    left alone except the date rule of entries not yet edited. Returns (created, kept)."""
    from hromada.activities.observances import BUILTIN

    created = kept = 0
    for entry in BUILTIN:
        if Observance.objects.filter(key=entry["key"]).exists():
            kept += 1
            continue
        _create(Observance, user=None, builtin=True, **entry)
        created += 1
    return created, kept


def reminder_recipients() -> list[str]:
    """E-mail addresses of the office's staff: specialists, administrators and superusers."""
    from hromada.core import roles

    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    users = users.filter(
        Q(is_superuser=True) | Q(groups__name__in=[roles.SPECIALIST, roles.ADMINISTRATOR])
    )
    return sorted(set(users.values_list("email", flat=True)))


def _reminder_body(observance: Observance, day: dt.date) -> str:
    tasks = [
        label
        for wanted, label in (
            (observance.prepare_ceremony, _("the ceremony (scenario plan, place, invitations)")),
            (observance.prepare_speech, _("the speech")),
            (observance.prepare_greeting, _("the greeting")),
        )
        if wanted
    ]
    plan_url = settings.BASE_URL.rstrip("/") + reverse(
        "activities_plan_observance", args=[observance.pk, day.year]
    )
    lines = [
        _("%(name)s is on %(date)s, in %(days)s days.")
        % {
            "name": observance.name,
            "date": f"{day:%d.%m.%Y}",
            "days": observance.remind_days_before,
        },
        "",
    ]
    if tasks:
        lines.append(_("To prepare: %(tasks)s.") % {"tasks": "; ".join(tasks)})
    lines += ["", _("Plan the ceremony in the journal: %(url)s") % {"url": plan_url}]
    if observance.notes:
        lines += ["", observance.notes]
    return "\n".join(lines)


def send_observance_reminders(*, today: dt.date | None = None) -> int:
    """E-mail staff about every observance whose reminder falls due today; each occurrence is
    reminded once however often the job runs. Returns the number of reminders sent."""
    from hromada.activities import selectors

    today = today or timezone.localdate()
    recipients = reminder_recipients()
    if not recipients:
        return 0
    sent = 0
    for occurrence in selectors.due_reminders(today):
        try:
            with transaction.atomic():
                ObservanceReminder.objects.create(
                    observance=occurrence.observance,
                    occurs_on=occurrence.date,
                    recipients=len(recipients),
                )
                send_mail(
                    subject=_("Reminder: %(name)s, %(date)s")
                    % {"name": occurrence.observance.name, "date": f"{occurrence.date:%d.%m.%Y}"},
                    message=_reminder_body(occurrence.observance, occurrence.date),
                    from_email=None,
                    recipient_list=recipients,
                )
        except IntegrityError:
            continue  # reminded already
        sent += 1
    return sent
