"""One fetch-and-process pass: feeds → new items → pages → mentions, citations, topics →
reprint groups, with each outlet's health kept (and a failing outlet paused).

`fetch_media()` is what `hromada fetch_media` and the scheduled task run. One pass runs at a
time: a pass holds the lease "monitoring.fetch_media" (`core.leases`) and renews it before
each feed; a pass started meanwhile (cron and the worker's schedule overlapping, two workers)
skips. Items are saved under the unique address constraint with get-or-create semantics: an
address another writer saved first is skipped, never a failed feed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from hromada.core import audit, leases
from hromada.monitoring import matching, telegram_preview
from hromada.monitoring.fetching import Fetcher, FetchError, FetchPolicy
from hromada.monitoring.models import (
    Feed,
    MediaItem,
    Mention,
    MonitoringSettings,
    Outlet,
    Relevance,
    Story,
    Topic,
)
from hromada.monitoring.parsing import FeedEntry, FeedError, extract_article, parse_feed
from hromada.monitoring.reprints import ReprintIndex

logger = logging.getLogger(__name__)

REPRINT_WINDOW = dt.timedelta(days=14)
MAX_MENTIONS_PER_ITEM = 20
FETCH_LEASE = "monitoring.fetch_media"
#: How long a pass may go without renewing its lease (before each feed) before another pass
#: may take over, as from a process that died.
FETCH_LEASE_TERM = dt.timedelta(minutes=30)


@dataclass
class PassSummary:
    outlets: int = 0
    feeds_fetched: int = 0
    feeds_unchanged: int = 0
    feeds_failed: int = 0
    new_items: int = 0
    relevant_items: int = 0
    citing_items: int = 0
    stories_created: int = 0
    duplicates_skipped: int = 0
    paused: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: set when the pass did not run because another one holds the lease
    skipped_because: str = ""

    def line(self) -> str:
        if self.skipped_because:
            return f"skipped: another fetch pass is running ({self.skipped_because})"
        return (
            f"outlets {self.outlets}, feeds fetched {self.feeds_fetched}, "
            f"unchanged {self.feeds_unchanged}, failed {self.feeds_failed}; "
            f"new items {self.new_items}, mentioning the city {self.relevant_items}, "
            f"citing the office {self.citing_items}, new stories {self.stories_created}"
            + (
                f", already saved by another writer {self.duplicates_skipped}"
                if self.duplicates_skipped
                else ""
            )
        )


@dataclass
class Analyser:
    """What an item is checked against, read once per pass."""

    matcher: matching.Matcher
    domains: list[str]
    phrases: list[str]
    topics: list[tuple[int, list[str]]]

    @classmethod
    def load(cls) -> Analyser:
        from hromada.monitoring.services import current_matcher, official_phrases

        profile = _profile()
        topics = [
            (topic.pk, matching_lines(topic.keywords))
            for topic in Topic.objects.filter(is_active=True)
        ]
        return cls(
            matcher=current_matcher(),
            domains=profile.domains,
            phrases=official_phrases(),
            topics=[(pk, words) for pk, words in topics if words],
        )

    def analyse(self, item: MediaItem) -> tuple[list[Mention], list[int]]:
        """Fill the item's relevance and citation fields; return its mentions and topic ids."""
        text = "\n".join(part for part in (item.title, item.summary, item.text) if part)
        found = self.matcher.find(text)
        mentions = [
            Mention(
                matched=match.text[:255],
                position=match.start,
                snippet=matching.snippet(text, match),
            )
            for match in found[:MAX_MENTIONS_PER_ITEM]
        ]
        item.mentions_city = bool(found)
        if not item.is_manual and item.status in (Relevance.NEW, Relevance.UNRELATED):
            item.status = Relevance.NEW if found else Relevance.UNRELATED
        evidence = matching.citations(
            text=text, links=item.links or [], domains=self.domains, phrases=self.phrases
        )
        item.citation_evidence = evidence
        item.cites_official = bool(evidence)
        topic_ids = [pk for pk, words in self.topics if matching.topic_matches(text, words)]
        return mentions, topic_ids


def matching_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _profile():  # type: ignore[no-untyped-def]
    from hromada.core.selectors import city_profile

    return city_profile()


def user_agent() -> str:
    """Names the council and how to reach it, as polite crawlers do (in ASCII: HTTP header
    values are Latin-1, so the council's name is transliterated)."""
    from django.conf import settings

    from hromada.core.text import transliterate

    profile = _profile()
    contact = "; ".join(
        part.encode("ascii", "ignore").decode()
        for part in (
            transliterate(profile.council_name or profile.name),
            f"+https://{profile.domains[0]}/" if profile.domains else "",
            profile.email,
        )
        if part
    )
    version = getattr(settings, "HROMADA_VERSION", "0.1")
    return f"Hromada/{version} (media monitoring; {contact})" if contact else f"Hromada/{version}"


def default_fetcher() -> Fetcher:
    config = MonitoringSettings.load()
    return Fetcher(
        user_agent=user_agent(),
        policy=FetchPolicy(politeness_seconds=config.politeness_seconds),
    )


# --- one feed ------------------------------------------------------------------------


def _fetch_feed(feed: Feed, fetcher: Fetcher, summary: PassSummary) -> list[FeedEntry] | None:
    """The feed's entries, or None when it has not changed since the last pass."""
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    response = fetcher.get(feed.url, headers=headers)
    now = timezone.now()
    if response.status == 304:
        Feed.objects.filter(pk=feed.pk).update(last_fetched_at=now, last_status="304")
        summary.feeds_unchanged += 1
        return None
    digest = hashlib.sha256(response.content).hexdigest()
    if digest == feed.body_hash:
        Feed.objects.filter(pk=feed.pk).update(
            last_fetched_at=now,
            last_status="unchanged",
            etag=response.headers.get("etag", "")[:255],
            last_modified=response.headers.get("last-modified", "")[:255],
        )
        summary.feeds_unchanged += 1
        return None
    if telegram_preview.channel_of(feed.url):
        entries = _telegram_entries(feed, response.content, fetcher)
    else:
        entries = parse_feed(response.content, content_type=response.content_type)
    Feed.objects.filter(pk=feed.pk).update(
        last_fetched_at=now,
        last_status=f"{response.status}: {len(entries)}",
        etag=response.headers.get("etag", "")[:255],
        last_modified=response.headers.get("last-modified", "")[:255],
        body_hash=digest,
    )
    summary.feeds_fetched += 1
    return entries


def _telegram_entries(feed: Feed, first: bytes, fetcher: Fetcher) -> list[FeedEntry]:
    """A channel's posts from its preview: the latest page, then older pages (`?before=`)
    while every post on the last one read is new (at most MONITORING_TELEGRAM_PAGES)."""
    page = telegram_preview.parse(first, url=feed.url)
    entries = list(page.entries)
    for _ in range(settings.MONITORING_TELEGRAM_PAGES - 1):
        urls = [entry.url for entry in page.entries]
        if page.before is None or MediaItem.objects.filter(url__in=urls).exists():
            break
        older = fetcher.get(telegram_preview.older_url(feed.url, page.before))
        page = telegram_preview.parse(older.content, url=feed.url)
        entries += page.entries
    return entries


def _item_from_entry(
    entry: FeedEntry, feed: Feed, fetcher: Fetcher, refused: list[str]
) -> MediaItem:
    """The item from the feed's entry, with the article's text when its page can be read
    (else the feed's summary). A page at an internal address is not requested; the reason
    goes to `refused`."""
    text, links = entry.summary, list(entry.links)
    if entry.views is not None or telegram_preview.channel_of(feed.url):
        # A channel post is its own text: nothing more to fetch.
        return MediaItem(
            outlet_id=feed.outlet_id,
            feed=feed,
            url=entry.url[:1000],
            title=entry.title[:1000],
            summary=entry.summary,
            text=text,
            links=links,
            published_at=entry.published or timezone.now(),
        )
    try:
        page = fetcher.get(entry.url)
    except FetchError as error:
        if error.reason == "refused":
            logger.warning("page refused, feed summary kept: %s (feed %s)", error, feed.url)
            refused.append(str(error))
        else:
            logger.info("page not fetched, feed summary kept: %s", error)
    else:
        if page.status == 200:
            try:
                article = extract_article(page.content, url=entry.url)
            except Exception:  # a hostile page must not cost the rest of the feed
                logger.warning("text not extracted from %s", entry.url, exc_info=True)
                article = None
            if article is not None and article.text:
                text, links = article.text, article.links
    return MediaItem(
        outlet_id=feed.outlet_id,
        feed=feed,
        url=entry.url[:1000],
        title=entry.title[:1000],
        summary=entry.summary,
        text=text,
        links=links,
        published_at=entry.published or timezone.now(),
    )


def _save_one(item: MediaItem, analyser: Analyser) -> None:
    mentions, topic_ids = analyser.analyse(item)
    item.save()
    for mention in mentions:
        mention.item = item
    Mention.objects.bulk_create(mentions)
    if topic_ids:
        item.topics.set(topic_ids)


def save_analysed(items: Iterable[MediaItem], analyser: Analyser) -> list[MediaItem]:
    """Analyse and save new items with their mentions and topics; returns them saved."""
    saved = []
    for item in items:
        _save_one(item, analyser)
        saved.append(item)
    return saved


def save_fetched(items: Iterable[MediaItem], analyser: Analyser) -> tuple[list[MediaItem], int]:
    """Like `save_analysed`, with get-or-create semantics on the address: each item is
    inserted in its own savepoint under the unique constraint on `url`, and an item whose
    address another writer saved meanwhile (a second pass, staff adding it by hand) is
    skipped, not an error. On PostgreSQL the insert waits for the other writer's transaction
    and then conflicts, or goes ahead if that one rolled back. Returns the saved items and
    how many were skipped."""
    saved = []
    skipped = 0
    for item in items:
        try:
            with transaction.atomic():
                _save_one(item, analyser)
        except IntegrityError:
            if not item.url or not MediaItem.objects.filter(url=item.url).exists():
                raise
            item.pk = None
            skipped += 1
            logger.info("already saved by another writer: %s", item.url)
            continue
        saved.append(item)
    return saved, skipped


def _process_feed(
    feed: Feed, fetcher: Fetcher, analyser: Analyser, summary: PassSummary
) -> list[MediaItem]:
    entries = _fetch_feed(feed, fetcher, summary)
    if not entries:
        return []
    urls = [entry.url[:1000] for entry in entries]
    known = set(MediaItem.objects.filter(url__in=urls).values_list("url", flat=True))
    fresh: dict[str, FeedEntry] = {}
    for entry in entries:
        if entry.url[:1000] not in known:
            fresh.setdefault(entry.url[:1000], entry)
    refused: list[str] = []
    items = [_item_from_entry(entry, feed, fetcher, refused) for entry in fresh.values()]
    if refused:
        # The feed itself worked (the outlet stays healthy); the refusals are on its status
        # and in the pass's errors, where staff and the command's output see them.
        summary.errors.extend(f"{feed.url}: item {reason}" for reason in refused)
        status = Feed.objects.filter(pk=feed.pk).values_list("last_status", flat=True).first()
        note = f"{status}; {len(refused)} item page(s) refused: {refused[0]}"
        Feed.objects.filter(pk=feed.pk).update(last_status=note[:255])
    with transaction.atomic():
        saved, skipped = save_fetched(items, analyser)
        audit.record_many(saved, "wagtail.create", data={"source": "fetch", "feed": feed.url})
    summary.duplicates_skipped += skipped
    return saved


# --- health -------------------------------------------------------------------------


def _record_health(outlet: Outlet, *, ok: bool, error: str, pause_after: int) -> bool:
    """Update the outlet's health; return True when this failure paused it."""
    now = timezone.now()
    if ok:
        Outlet.objects.filter(pk=outlet.pk).update(
            last_success_at=now, consecutive_failures=0, last_error=""
        )
        return False
    failures = outlet.consecutive_failures + 1
    pause = pause_after > 0 and failures >= pause_after
    before = audit.snapshot(outlet)
    outlet.consecutive_failures = failures
    outlet.last_failure_at = now
    outlet.last_error = error[:2000]
    if pause:
        outlet.paused_at = now
    Outlet.objects.filter(pk=outlet.pk).update(
        consecutive_failures=failures,
        last_failure_at=now,
        last_error=outlet.last_error,
        paused_at=outlet.paused_at,
    )
    if pause:
        audit.record(
            outlet, "wagtail.edit", before=before, data={"reason": "paused after failures"}
        )
    return pause


# --- reprints -----------------------------------------------------------------------


def _story_text(item: MediaItem) -> str:
    return "\n".join(part for part in (item.title, item.text or item.summary) if part)


def group_reprints(item_ids: Iterable[int]) -> int:
    """Put each given relevant item into the story of its earliest confirmed reprint within
    14 days, or start a story with it. Returns the number of stories created."""
    relevant = MediaItem.objects.filter(mentions_city=True).exclude(status=Relevance.NOT_RELEVANT)
    new = list(relevant.filter(pk__in=list(item_ids), story__isnull=True).order_by("published_at"))
    if not new:
        return 0
    low = min(item.published_at for item in new) - REPRINT_WINDOW
    high = max(item.published_at for item in new) + REPRINT_WINDOW
    pool = relevant.filter(published_at__gte=low, published_at__lte=high, story__isnull=False).only(
        "id", "title", "text", "summary", "published_at", "story_id"
    )
    index = ReprintIndex()
    story_of: dict[int, int] = {}
    published: dict[int, dt.datetime] = {}
    for item in pool.order_by("published_at").iterator(chunk_size=500):
        index.add(item.pk, _story_text(item))
        story_of[item.pk] = item.story_id  # type: ignore[assignment]
        published[item.pk] = item.published_at
    created = 0
    touched: set[int] = set()
    with transaction.atomic():
        for item in new:
            confirmed = [
                pk
                for pk in index.add(item.pk, _story_text(item))
                if abs(published[pk] - item.published_at) <= REPRINT_WINDOW  # type: ignore[index]
            ]
            published[item.pk] = item.published_at
            if confirmed:
                earliest = min(confirmed, key=lambda pk: published[pk])  # type: ignore[index]
                story_id = story_of[earliest]  # type: ignore[index]
            else:
                story = Story.objects.create(title=item.title[:500], first_item=item)
                story_id = story.pk
                created += 1
            story_of[item.pk] = story_id
            touched.add(story_id)
            MediaItem.objects.filter(pk=item.pk).update(story_id=story_id)
        refresh_stories(touched)
    return created


def refresh_stories(story_ids: Iterable[int]) -> None:
    """Recount a story's items and point it at its first published item."""
    for story in Story.objects.filter(pk__in=list(story_ids)):
        items = MediaItem.objects.filter(story=story).order_by("published_at", "pk")
        first = items.first()
        story.item_count = items.count()
        story.first_item = first
        if first is not None:
            story.title = first.title[:500]
        story.save(update_fields=["item_count", "first_item", "title"])


# --- the pass -----------------------------------------------------------------------


def fetch_media(
    *, fetcher: Fetcher | None = None, outlets: Iterable[Outlet] | None = None
) -> PassSummary:
    """Fetch every active, unpaused outlet's feeds once and process what is new, unless
    another pass is running (then nothing is done and `skipped_because` says who runs it)."""
    with leases.held(FETCH_LEASE, ttl=FETCH_LEASE_TERM) as lease:
        if lease is None:
            running = leases.current(FETCH_LEASE)
            since = timezone.localtime(running.acquired_at) if running is not None else None
            return PassSummary(
                skipped_because=(
                    f"{running.holder}, since {since:%d.%m.%Y %H:%M}"
                    if running is not None
                    else "it has just finished"
                )
            )
        return _fetch_pass(lease, fetcher=fetcher, outlets=outlets)


def _fetch_pass(
    lease: leases.HeldLease, *, fetcher: Fetcher | None, outlets: Iterable[Outlet] | None
) -> PassSummary:
    summary = PassSummary()
    config = MonitoringSettings.load()
    analyser = Analyser.load()
    own_fetcher = fetcher is None
    fetcher = fetcher or default_fetcher()
    if outlets is None:
        outlets = Outlet.objects.filter(is_active=True, paused_at__isnull=True).prefetch_related(
            "feeds"
        )
    new_ids: list[int] = []
    try:
        for outlet in outlets:
            feeds = list(outlet.feeds.all())
            if not feeds:
                continue
            summary.outlets += 1
            errors: list[str] = []
            for feed in feeds:
                if not lease.renew():
                    # The term ran out (a feed took longer than FETCH_LEASE_TERM) and another
                    # pass took over: leave the rest to it, this outlet's health included.
                    summary.errors.extend(errors)
                    summary.errors.append(
                        "the pass's lease ran out and another pass took over; stopped"
                    )
                    summary.stories_created = group_reprints(new_ids)
                    return summary
                try:
                    saved = _process_feed(feed, fetcher, analyser, summary)
                except (FetchError, FeedError) as error:
                    summary.feeds_failed += 1
                    errors.append(f"{feed.url}: {error}")
                    Feed.objects.filter(pk=feed.pk).update(
                        last_fetched_at=timezone.now(), last_status=str(error)[:255]
                    )
                    continue
                summary.new_items += len(saved)
                for item in saved:
                    if item.mentions_city:
                        summary.relevant_items += 1
                        summary.citing_items += int(item.cites_official)
                        new_ids.append(item.pk)
            ok = len(errors) < len(feeds)
            summary.errors.extend(errors)
            if _record_health(
                outlet, ok=ok, error="\n".join(errors), pause_after=config.pause_after_failures
            ):
                summary.paused.append(outlet.name)
        summary.stories_created = group_reprints(new_ids)
    finally:
        if own_fetcher:
            fetcher.close()
    return summary
