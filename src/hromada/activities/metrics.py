"""The activity journal's report figures. `activities.<kind>` is fixed by the metric contract
(docs/architecture.md).

Each kind is counted from the one place it is recorded (see `selectors.count_activities`):
events organized/attended, meetings and trainings from the events calendar, texts from the
texts, coverage requests and civic actions from their records, and all kinds (weekly and
daily notes above all) from the generic activity records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import npgettext_lazy

from hromada.activities import selectors
from hromada.activities.models import ActivityKind
from hromada.core.metrics import ListItem, Period, register, register_list

LABELS = {
    ActivityKind.COVERAGE_REQUEST: (
        _("Coverage requests sent to media"),
        _("Coverage requests dated within the period, plus imported records of the kind."),
    ),
    ActivityKind.WEEKLY_NOTE: (
        _("Information notes for weekly reporting"),
        _(
            "Weekly notes prepared in the monitoring module within the period, plus activity "
            "records of the kind (imported or entered by hand)."
        ),
    ),
    ActivityKind.DAILY_NOTE: (
        _("Information notes for daily reporting"),
        _(
            "Daily notes prepared in the monitoring module within the period, plus activity "
            "records of the kind (imported or entered by hand)."
        ),
    ),
    ActivityKind.SCENARIO_PLAN: (
        _("Scenario plans of city ceremonies"),
        _("Scenario plans (not templates) dated within the period, plus imported records."),
    ),
    ActivityKind.SPEECH: (
        _("Speeches for state and city holidays"),
        _("Speeches (not templates) dated within the period, plus imported records."),
    ),
    ActivityKind.GREETING: (
        _("Greetings for holidays"),
        _("Greetings (not templates) dated within the period, plus imported records."),
    ),
    ActivityKind.GREETING_PUBLISHED: (
        _("Greetings published in the press"),
        _(
            "Greetings with a publication dated within the period, each once, "
            "plus imported records."
        ),
    ),
    ActivityKind.EVENT_ATTENDED: (
        _("Regional and city events attended"),
        _("Attended events starting within the period, plus imported records."),
    ),
    ActivityKind.MEETING_ATTENDED: (
        _("Meetings and sessions attended"),
        _("Meetings and sessions starting within the period, plus imported records."),
    ),
    ActivityKind.TRAINING: (
        _("Trainings and seminars attended"),
        _("Trainings and seminars starting within the period, plus imported records."),
    ),
    ActivityKind.EVENT_ORGANIZED: (
        _("City events organized"),
        _("Events organized by the office starting within the period, plus imported records."),
    ),
    ActivityKind.CIVIC_ACTION: (
        _("Civic actions monitored"),
        _(
            "Protests, rallies, pickets and assemblies dated within the period, "
            "plus imported records."
        ),
    ),
}


#: The noun each kind is counted in ("10 привітань", "3 заходи"), agreeing with the figure.
UNITS = {
    ActivityKind.COVERAGE_REQUEST: npgettext_lazy("report unit", "letter", "letters"),
    ActivityKind.WEEKLY_NOTE: npgettext_lazy("report unit", "note", "notes"),
    ActivityKind.DAILY_NOTE: npgettext_lazy("report unit", "note", "notes"),
    ActivityKind.SCENARIO_PLAN: npgettext_lazy("report unit", "plan", "plans"),
    ActivityKind.SPEECH: npgettext_lazy("report unit", "speech", "speeches"),
    ActivityKind.GREETING: npgettext_lazy("report unit", "greeting", "greetings"),
    ActivityKind.GREETING_PUBLISHED: npgettext_lazy("report unit", "greeting", "greetings"),
    ActivityKind.EVENT_ATTENDED: npgettext_lazy("report unit", "event", "events"),
    ActivityKind.MEETING_ATTENDED: npgettext_lazy("report unit", "meeting", "meetings"),
    ActivityKind.TRAINING: npgettext_lazy("report unit", "training", "trainings"),
    ActivityKind.EVENT_ORGANIZED: npgettext_lazy("report unit", "event", "events"),
    ActivityKind.CIVIC_ACTION: npgettext_lazy("report unit", "action", "actions"),
}


def _records(kind: str) -> Callable[[Period], list[QuerySet[Any]]]:
    def records(period: Period) -> list[QuerySet[Any]]:
        return selectors.activity_record_sets(kind, period.start, period.end)

    return records


for _kind, (_label, _definition) in LABELS.items():
    register(
        f"activities.{_kind.value}",
        label=_label,
        unit=UNITS[_kind],
        definition=_definition,
        records=_records(_kind.value),
    )


def _followers(period: Period) -> int:
    return selectors.followers_on(period.end)


def _commissions(period: Period) -> int:
    return len(selectors.commissions(period.start, period.end))


def _coverage_contracts(period: Period) -> int:
    from hromada.activities.models import CoverageContract

    return (
        CoverageContract.objects.filter(archived=False, period_start__lte=period.end)
        .filter(Q(period_end__gte=period.start))
        .count()
    )


register(
    "activities.social_followers",
    label=_("Followers of the official social-media pages"),
    unit=npgettext_lazy("report unit", "follower", "followers"),
    definition=_(
        "Sum over active accounts of each one's latest count on or before the period's last day."
    ),
    compute=_followers,
)
register(
    "activities.commissions",
    label=_("Commissions and working groups with staff members"),
    unit=npgettext_lazy("report unit", "body", "bodies"),
    definition=_(
        "Commissions, working groups and councils with a staff membership during the period."
    ),
    compute=_commissions,
)
register(
    "activities.coverage_contracts",
    label=_("Coverage contracts with media in force"),
    unit=npgettext_lazy("report unit", "contract", "contracts"),
    definition=_("Coverage contracts whose term overlaps the period."),
    compute=_coverage_contracts,
)


# --- Lists the report enumerates ---------------------------------------------------------


def _event_items(events: Iterable[Any]) -> list[ListItem]:
    items = []
    for event in events:
        details = [event.place_display] if event.place_display else []
        if event.organizers:
            details.append(event.organizers)
        if event.partners:
            details.append(event.partners)
        items.append(
            ListItem(
                date=event.start_date,
                end_date=event.end_date,
                title=event.title,
                details="; ".join(details),
                sessions=event.session_dates,
            )
        )
    return items


def _events_organized(period: Period) -> list[ListItem]:
    return _event_items(selectors.events_organized(period.start, period.end))


def _trainings(period: Period) -> list[ListItem]:
    return _event_items(selectors.trainings(period.start, period.end))


def _meetings(period: Period) -> list[ListItem]:
    return _event_items(
        [
            *selectors.meetings_attended(period.start, period.end),
            *selectors.events_attended(period.start, period.end),
        ]
    )


def _civic_actions(period: Period) -> list[ListItem]:
    return [
        ListItem(
            date=action.date,
            title=action.subject,
            details="; ".join(part for part in (action.place, action.organizers_display) if part),
        )
        for action in selectors.civic_actions(period.start, period.end)
    ]


def _commission_list(period: Period) -> list[ListItem]:
    items = []
    for row in selectors.commissions(period.start, period.end):
        first = min(member.start_date for member in row.members)
        members = "; ".join(
            f"{member.display_name} ({member.get_role_display()})" for member in row.members
        )
        act = row.commission.establishing_act_text
        items.append(
            ListItem(
                date=max(first, period.start),
                title=row.commission.name,
                details=f"{members}; {act}" if act else members,
            )
        )
    return items


register_list(
    "activities.events_organized", label=_("City events organized"), compute=_events_organized
)
register_list(
    "activities.trainings", label=_("Trainings and seminars attended"), compute=_trainings
)
register_list(
    "activities.meetings",
    label=_("Meetings and events attended (named in the journal)"),
    compute=_meetings,
)
register_list(
    "activities.civic_actions", label=_("Civic actions monitored"), compute=_civic_actions
)
register_list(
    "activities.commissions",
    label=_("Commissions and working groups with staff members"),
    compute=_commission_list,
)
