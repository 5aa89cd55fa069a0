"""Polite, bounded HTTP for media monitoring (no database).

Every request has connect and read timeouts, a streamed size cap and a redirect limit, and
carries a User-Agent naming the council and its contact. Requests to one site are spaced by
the politeness delay; robots.txt (parsed by protego) is asked before every page; 408, 429
and 5xx answers are retried with exponential backoff, waiting what `Retry-After` asks when
that is within the bound, and giving up for this pass when it asks for more.

Redirects are followed here, hop by hop (at most `max_redirects`), not by httpx: each hop's
site has its robots.txt asked and its politeness delay kept before the hop is requested, so
a redirect cannot lead the fetcher past another site's robots.txt. A redirect back to an
address already requested (with the same cookies) is a loop and stops at once. robots.txt
itself is fetched following its redirects (RFC 9309 §2.3.1.2), without asking robots.
`Response.url` is the last hop's address; the pipeline keeps the feed's address of an item.

Feeds are typed by staff, but the article addresses come from the feeds, written by third
parties: every connection, each redirect hop included, goes through `core.outbound`'s
guarded transport, so a hostile feed cannot make the server request 169.254.169.254 or a
service on localhost or the city's network. A refused address is a `FetchError` with the
reason "refused" (never retried), unless MONITORING_FETCH_ALLOW_PRIVATE is on. A host name
the DNS server does not resolve in time (HROMADA_OUTBOUND_DNS_TIMEOUT) is a "timeout" whose
message names the host.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx
from protego import Protego

from hromada.core import outbound

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class FetchPolicy:
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 2
    backoff_seconds: float = 2.0
    max_retry_wait: float = 60.0
    politeness_seconds: float = 2.0


class FetchError(Exception):
    """A request that gave no usable answer; `reason` is a short machine word ("refused":
    the address is internal and was not requested)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass
class Response:
    url: str
    status: int
    headers: Mapping[str, str]
    content: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


def retry_after_seconds(value: str | None, *, now: dt.datetime | None = None) -> float | None:
    """`Retry-After` as seconds: either delay-seconds or an HTTP date (RFC 9110, 10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


@dataclass
class Fetcher:
    user_agent: str
    policy: FetchPolicy = field(default_factory=FetchPolicy)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _client: httpx.Client | None = None
    _last_request: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, Protego | None] = field(default_factory=dict)
    _robots_unread: dict[str, str] = field(default_factory=dict)  # origin -> why
    waits: list[float] = field(default_factory=list)  # every wait made, for the log
    #: which addresses may be connected to; None: public ones only, or every one with
    #: MONITORING_FETCH_ALLOW_PRIVATE (read when the client is first built)
    guard: outbound.Guard | None = None

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            policy = self.policy
            guard = self.guard or outbound.guard_for("MONITORING_FETCH_ALLOW_PRIVATE")
            self._client = outbound.client(
                guard,  # every connection checked, each redirect hop's too
                timeout=httpx.Timeout(
                    connect=policy.connect_timeout,
                    read=policy.read_timeout,
                    write=policy.read_timeout,
                    pool=policy.connect_timeout,
                ),
                headers={"User-Agent": self.user_agent},
            )  # redirects are followed in `_follow`, robots asked for each hop
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- politeness and robots ------------------------------------------------------

    def _wait(self, seconds: float) -> None:
        if seconds > 0:
            self.waits.append(seconds)
            self.sleep(seconds)

    def _be_polite(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            self._wait(self.policy.politeness_seconds - (self.clock() - last))
        self._last_request[host] = self.clock()

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of the URL's site lets this User-Agent fetch it.

        A missing robots.txt (4xx) allows everything; one that cannot be read (5xx, timeout)
        forbids the site for this pass, as RFC 9309 §2.3.1.4 advises."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            try:
                response = self._follow(
                    origin + "/robots.txt", headers={}, retries=0, ask_robots=False
                )
            except FetchError as error:
                if error.reason == "refused":
                    # The site itself is internal: say so of the page, not "robots.txt forbids".
                    cause = error.__cause__
                    raise FetchError("refused", f"{url}: not fetched: {cause}") from cause
                self._robots[origin] = Protego.parse("User-agent: *\nDisallow: /")
                self._robots_unread[origin] = str(error)
            else:
                if response.status == 200:
                    text = response.content.decode("utf-8", errors="replace")
                    self._robots[origin] = Protego.parse(text)
                elif 400 <= response.status < 500:
                    self._robots[origin] = None
                else:
                    self._robots[origin] = Protego.parse("User-agent: *\nDisallow: /")
                    self._robots_unread[origin] = f"HTTP {response.status} from {response.url}"
        rules = self._robots[origin]
        return True if rules is None else bool(rules.can_fetch(url, self.user_agent))

    # --- requests -----------------------------------------------------------------

    def get(self, url: str, *, headers: Mapping[str, str] | None = None) -> Response:
        """GET a URL that robots.txt allows, and each redirect hop robots.txt of its site
        allows; 2xx and 304 are returned, the rest raise."""
        response = self._follow(
            url, headers=dict(headers or {}), retries=self.policy.retries, ask_robots=True
        )
        if response.status == 304 or 200 <= response.status < 300:
            return response
        via = f" (redirected from {url})" if response.url != url else ""
        raise FetchError("status", f"HTTP {response.status} from {response.url}{via}")

    def _follow(
        self, url: str, *, headers: dict[str, str], retries: int, ask_robots: bool
    ) -> Response:
        """Request `url` and the redirects it leads to, one hop at a time; the answer that
        is not a redirect is returned. Errors on a later hop name the hop and `url`."""
        current = url
        requested: set[tuple[str, tuple[tuple[str, ...], ...]]] = set()
        for hop in range(self.policy.max_redirects + 1):
            # the cookies this request carries: the same address with the same cookies gets
            # the same answer (a site setting a cookie and redirecting to itself is no loop)
            sent = (current, self._cookies())
            try:
                if ask_robots and not self.allowed(current):
                    raise self._robots_refusal(current)
                response = self._request(current, headers=headers, retries=retries)
            except FetchError as error:
                if hop == 0:
                    raise
                if error.reason == "refused":  # as when httpx followed: the reason names the hop
                    raise FetchError("refused", f"{url}: not fetched: {error.__cause__}") from (
                        error.__cause__
                    )
                raise FetchError(error.reason, f"{error} (redirected from {url})") from error
            requested.add(sent)
            location = response.headers.get("location")
            if response.status not in REDIRECT_STATUSES or not location:
                return response
            try:
                target = str(httpx.URL(current).join(location.strip()))
            except (httpx.InvalidURL, ValueError) as error:
                raise FetchError(
                    "redirects", f"{url}: redirect to a bad address {location[:200]!r}"
                ) from error
            if (target, self._cookies()) in requested:
                raise FetchError(
                    "redirects", f"{url}: redirect loop, {current} redirects to {target}"
                )
            current = target
        raise FetchError(
            "redirects", f"{url}: too many redirects (more than {self.policy.max_redirects})"
        )

    def _robots_refusal(self, url: str) -> FetchError:
        parts = urlsplit(url)
        unread = self._robots_unread.get(f"{parts.scheme}://{parts.netloc}")
        if unread:  # say why, or a site whose DNS hangs would read "robots.txt forbids"
            return FetchError("robots", f"{url}: not fetched, robots.txt unreadable: {unread}")
        return FetchError("robots", f"robots.txt forbids {url}")

    def _cookies(self) -> tuple[tuple[str, ...], ...]:
        jar = self.client.cookies.jar
        return tuple(sorted((c.domain, c.path, c.name, c.value or "") for c in jar))

    def _request(self, url: str, *, headers: dict[str, str], retries: int) -> Response:
        attempt = 0
        while True:
            try:
                response = self._once(url, headers)
            except FetchError as error:
                if error.reason not in {"timeout", "network"} or attempt >= retries:
                    raise
                self._wait(
                    min(self.policy.backoff_seconds * 2**attempt, self.policy.max_retry_wait)
                )
                attempt += 1
                continue
            if response.status not in RETRY_STATUSES or attempt >= retries:
                return response
            asked = retry_after_seconds(response.headers.get("retry-after"))
            if asked is not None and asked > self.policy.max_retry_wait:
                raise FetchError(
                    "retry_later",
                    f"HTTP {response.status} from {url}: asked to retry after {asked:.0f} s",
                )
            delay = asked if asked is not None else self.policy.backoff_seconds * 2**attempt
            self._wait(min(delay, self.policy.max_retry_wait))
            attempt += 1

    def _once(self, url: str, headers: dict[str, str]) -> Response:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise FetchError("url", f"not an http(s) address: {url}")
        self._be_polite(parts.netloc.lower())
        limit = self.policy.max_bytes
        try:
            answer = outbound.get(
                url, http=self.client, headers=headers, max_bytes=limit, max_redirects=0
            )  # a redirect is returned unread: `_follow` goes on
        except outbound.TooLarge as error:
            if error.declared:
                raise FetchError("too_large", f"{url}: {error.size} bytes, over {limit}") from None
            raise FetchError("too_large", f"{url}: more than {limit} bytes") from None
        except outbound.AddressRefused as error:
            raise FetchError("refused", f"{url}: not fetched: {error}") from error
        except httpx.TimeoutException as error:
            if outbound.resolution_timed_out(error):  # the (translated) message names the host
                raise FetchError("timeout", f"{url}: {error}") from error
            raise FetchError("timeout", f"{url}: timed out ({type(error).__name__})") from error
        except httpx.HTTPError as error:
            raise FetchError("network", f"{url}: {type(error).__name__}: {error}") from error
        return Response(
            url=answer.url, status=answer.status, headers=answer.headers, content=answer.content
        )
