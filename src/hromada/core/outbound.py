"""Requests this server makes to addresses others typed or sent: harvested open-data files,
checked links, media-monitoring feeds and the article pages their items point to, and the
files an acts import CSV names.

Such an address could point the server at the city's own network (10.x, a database on
localhost, a cloud's metadata service on 169.254.169.254). A `Guard` says which kinds of IP
address may be connected to, and `GuardedTransport` applies it to every connection httpx
opens, redirects included: the host name is resolved, every address it resolves to is
checked, and the connection goes to one of those checked addresses, so a name that resolves
to a public address when checked and to an internal one a moment later (DNS rebinding)
cannot slip through. TLS still verifies the certificate for the host name. No proxy is used
(a proxy would make the check meaningless): these requests connect directly.

The system resolver has no timeout of its own that we control, so a slow or hostile DNS
server could hold a worker for as long as it likes: every lookup runs in a short-lived
daemon thread and is waited for at most HROMADA_OUTBOUND_DNS_TIMEOUT seconds (never longer
than the request's connect timeout). Giving up raises `ResolutionTimeout`, which httpx
turns into its `ConnectTimeout` with the same translated message naming the host;
`resolution_timed_out(error)` tells it from other timeouts. A lookup given up on keeps its
thread until the system resolver returns; at most MAX_PENDING_LOOKUPS such threads exist at
once, further lookups wait for a free one within their own timeout.

Which guard a feature uses is its own business (`guard_for` reads a feature's
"allow private addresses" setting). Features do not build their own httpx clients: `get`
(read whole, with a size limit) and `stream` (the body read by the caller) follow redirects
one hop at a time (at most MAX_REDIRECTS unless told; a caller's `check` may refuse a hop),
and `client` builds the guarded client one keeps for many requests. opendata/harvest.py (the
CKAN API and the files) and links.py, monitoring/fetching.py and acts/csv_import.py use it.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpcore
import httpx
from django.conf import settings
from django.utils.translation import gettext as _

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

PUBLIC = "public"
# Kinds of address, as `address_class` names them (every kind but PUBLIC is internal).
INTERNAL = ("loopback", "unspecified", "link-local", "multicast", "private", "reserved")
#: Seconds a name may take to resolve when HROMADA_OUTBOUND_DNS_TIMEOUT is not set.
DNS_TIMEOUT = 5.0
#: Lookups that may be running at once (those given up on included, until they return).
MAX_PENDING_LOOKUPS = 16
#: `socket.getaddrinfo`'s shape; a Guard may be given another (the tests' slow resolver).
GetAddrInfo = Callable[..., list[tuple[Any, ...]]]

_pending = threading.BoundedSemaphore(MAX_PENDING_LOOKUPS)


class AddressRefused(Exception):
    """A connection the guard refused; the message says why, in the operator's language."""


class ResolutionTimeout(httpcore.ConnectTimeout):
    """The host name did not resolve in time. httpx re-raises it as `httpx.ConnectTimeout`
    with this message (translated, naming the host), so callers' timeout handling applies."""

    def __init__(self, host: str, seconds: float) -> None:
        super().__init__(
            _("%(host)s: the DNS server did not answer within %(seconds)s s")
            % {"host": host, "seconds": f"{seconds:g}"}
        )
        self.host = host


def resolution_timed_out(error: BaseException) -> bool:
    """Whether `error` (as a caller catches it: httpx's ConnectTimeout, or ours) is a DNS
    lookup that was given up on; its message then says so and names the host."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ResolutionTimeout):
            return True
        seen = seen.__cause__
    return False


def address_class(address: IPAddress) -> str:
    """The kind of an IP address: PUBLIC, or one of INTERNAL."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    if address.is_loopback:
        return "loopback"
    if address.is_unspecified:
        return "unspecified"  # 0.0.0.0 reaches this machine
    if address.is_link_local:
        return "link-local"  # 169.254.169.254: cloud metadata
    if address.is_multicast:
        return "multicast"
    if address.is_private:
        return "private"
    return PUBLIC if address.is_global else "reserved"  # 100.64/10, 240/4, …


def default_dns_timeout() -> float:
    """HROMADA_OUTBOUND_DNS_TIMEOUT, in seconds."""
    return float(getattr(settings, "HROMADA_OUTBOUND_DNS_TIMEOUT", DNS_TIMEOUT))


def _lookup(
    host: str, port: int, timeout: float, getaddrinfo: GetAddrInfo
) -> list[tuple[Any, ...]]:
    """`getaddrinfo` in a daemon thread, waited for at most `timeout` seconds."""
    started = time.monotonic()
    if not _pending.acquire(timeout=timeout):
        raise ResolutionTimeout(host, timeout)  # every slot held by a hung lookup
    answer: concurrent.futures.Future[list[tuple[Any, ...]]] = concurrent.futures.Future()

    def run() -> None:
        try:
            answer.set_result(getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except BaseException as error:  # handed to the waiting thread
            answer.set_exception(error)
        finally:
            _pending.release()

    # A daemon thread: one stuck in the resolver must not keep the process from exiting.
    threading.Thread(target=run, name=f"resolve {host}"[:60], daemon=True).start()
    try:
        return answer.result(timeout=max(0.0, timeout - (time.monotonic() - started)))
    except concurrent.futures.TimeoutError:
        raise ResolutionTimeout(host, timeout) from None


def resolve(
    host: str,
    port: int,
    *,
    timeout: float | None = None,
    getaddrinfo: GetAddrInfo | None = None,
) -> list[IPAddress]:
    """Every address `host` resolves to (an IP literal is itself), in the resolver's order.
    A lookup taking more than `timeout` seconds (default HROMADA_OUTBOUND_DNS_TIMEOUT) raises
    `ResolutionTimeout`."""
    host = host.strip("[]")
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    seconds = default_dns_timeout() if timeout is None else timeout
    found: list[IPAddress] = []
    for *_rest, sockaddr in _lookup(host, port, seconds, getaddrinfo or socket.getaddrinfo):
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in found:
            found.append(address)
    return found


def classes_of(host: str, port: int) -> set[str]:
    """The kinds of address `host` resolves to (empty when it does not resolve in time)."""
    try:
        return {address_class(address) for address in resolve(host, port)}
    except (OSError, UnicodeError, ValueError, ResolutionTimeout):
        return set()


@dataclass(frozen=True)
class Guard:
    """Which kinds of address may be connected to: public ones, and `allowed` besides.

    `dns_timeout` (seconds; None: HROMADA_OUTBOUND_DNS_TIMEOUT) bounds each lookup, and the
    request's connect timeout bounds it too; `getaddrinfo` replaces the system resolver."""

    allowed: frozenset[str] = frozenset()
    dns_timeout: float | None = field(default=None, compare=False)
    getaddrinfo: GetAddrInfo | None = field(default=None, compare=False, repr=False)

    @classmethod
    def everything(cls) -> Guard:
        return cls(frozenset(INTERNAL))

    def addresses(self, host: str, port: int, *, timeout: float | None = None) -> list[IPAddress]:
        """The addresses of `host` to connect to; AddressRefused if any is of a kind not
        allowed (a name with one internal address among public ones is refused as a whole).
        `timeout` is the request's connect timeout: the lookup takes no longer either."""
        seconds = default_dns_timeout() if self.dns_timeout is None else self.dns_timeout
        if timeout is not None:
            seconds = min(seconds, timeout)
        try:
            found = resolve(host, port, timeout=seconds, getaddrinfo=self.getaddrinfo)
        except (OSError, UnicodeError) as error:
            raise httpcore.ConnectError(f"{host}: {error}") from error
        for address in found:
            kind = address_class(address)
            if kind != PUBLIC and kind not in self.allowed:
                raise AddressRefused(
                    _("%(host)s (%(address)s): address in a private network")
                    % {"host": host, "address": address}
                )
        return found


class _GuardedBackend(httpcore.SyncBackend):
    """Resolves, checks, then connects to a checked address (never resolves twice)."""

    def __init__(self, guard: Guard) -> None:
        self.guard = guard

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        error: Exception = httpcore.ConnectError(f"{host}: no address")
        for address in self.guard.addresses(host, port, timeout=timeout):
            try:
                return super().connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as failed:
                error = failed
        raise error


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport, connecting only where `guard` allows, without proxies."""

    def __init__(self, guard: Guard) -> None:
        super().__init__(trust_env=False)
        # The same pool httpx builds, with the guarded network backend (the only way httpx
        # offers to choose the addresses it connects to).
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            network_backend=_GuardedBackend(guard),
        )


def guard_for(setting: str) -> Guard:
    """Public addresses only, or every address when the boolean setting `setting` is on
    (an intranet deployment; the tests, whose servers are on 127.0.0.1)."""
    if getattr(settings, setting, False):
        return Guard.everything()
    return Guard()


# --- The one client: a GET (or HEAD) with redirects checked hop by hop and a size limit ------

#: Redirects followed when a caller does not say otherwise.
MAX_REDIRECTS = 5

#: `check(url, hop)` runs before each hop is requested (hop 0 is the address asked for) and
#: raises the caller's own error to refuse it (harvest: only the source's origins).
HopCheck = Callable[[str, int], None]


class TooLarge(Exception):
    """The answer is larger than `max_bytes`: declared so (Content-Length) or read so."""

    def __init__(self, size: int, limit: int, *, declared: bool) -> None:
        super().__init__(f"{size} bytes, over {limit}")
        self.size = size
        self.limit = limit
        self.declared = declared


class TooManyRedirects(httpx.TooManyRedirects):
    """More than `max_redirects` redirects; an `httpx.HTTPError`, as when httpx followed."""

    def __init__(self, count: int) -> None:
        super().__init__(_("more than %(count)s redirects") % {"count": count})
        self.count = count


@dataclass(frozen=True)
class Response:
    """An answer read whole: the address that answered (after redirects), its status, its
    headers (lower-case names) and its body."""

    url: str
    status: int
    headers: dict[str, str]
    content: bytes

    @property
    def is_redirect(self) -> bool:
        return self.status in {301, 302, 303, 307, 308} and "location" in self.headers


def client(
    guard: Guard,
    *,
    timeout: float | httpx.Timeout,
    headers: Mapping[str, str] | None = None,
) -> httpx.Client:
    """An httpx client connecting only where `guard` allows, never through a proxy, and not
    following redirects itself (`stream` follows them, checking each hop). Keep one for many
    requests to reuse connections (monitoring), or let `get`/`stream` build one per call."""
    return httpx.Client(
        transport=GuardedTransport(guard),
        timeout=timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout),
        follow_redirects=False,
        headers=dict(headers or {}),
        trust_env=False,
    )


@contextlib.contextmanager
def stream(
    url: str,
    *,
    guard: Guard | None = None,
    http: httpx.Client | None = None,
    method: str = "GET",
    max_redirects: int = MAX_REDIRECTS,
    timeout: float | httpx.Timeout = 30.0,
    headers: Mapping[str, str] | None = None,
    check: HopCheck | None = None,
) -> Iterator[httpx.Response]:
    """The answer to `method url`, its body not yet read, after following at most
    `max_redirects` redirects one hop at a time (`check` asked before each hop; with 0 a
    redirect is itself the answer, for callers that follow on their own terms). Every
    connection goes through `guard` (or `http`, a `client(...)` the caller keeps).

    Raises `AddressRefused`, `TooManyRedirects` or httpx's errors (a DNS lookup given up on
    is its `ConnectTimeout`; see `resolution_timed_out`)."""
    if http is None and guard is None:
        raise TypeError("stream() needs a guard or a client")
    own = http is None
    session = http if http is not None else client(guard or Guard(), timeout=timeout)
    try:
        current = url
        for hop in range(max_redirects + 1):
            if check is not None:
                check(current, hop)
            with session.stream(method, current, headers=dict(headers or {})) as response:
                if response.is_redirect and max_redirects:
                    current = str(response.url.join(response.headers["Location"]))
                    continue
                yield response
                return
        raise TooManyRedirects(max_redirects)
    finally:
        if own:
            session.close()


def body(
    response: httpx.Response, *, max_bytes: int | None, chunk_size: int | None = None
) -> Iterator[bytes]:
    """The body's chunks, `TooLarge` as soon as the declared length or the bytes read exceed
    `max_bytes` (None: no limit)."""
    declared = response.headers.get("Content-Length", "")
    if max_bytes is not None and declared.isdigit() and int(declared) > max_bytes:
        raise TooLarge(int(declared), max_bytes, declared=True)
    size = 0
    for chunk in response.iter_bytes(chunk_size):
        size += len(chunk)
        if max_bytes is not None and size > max_bytes:
            raise TooLarge(size, max_bytes, declared=False)
        yield chunk


def get(
    url: str,
    *,
    guard: Guard | None = None,
    max_bytes: int | None,
    max_redirects: int = MAX_REDIRECTS,
    timeout: float | httpx.Timeout = 30.0,
    headers: Mapping[str, str] | None = None,
    http: httpx.Client | None = None,
    check: HopCheck | None = None,
) -> Response:
    """GET `url` through `guard` (see `stream`) and read the answer whole, at most
    `max_bytes` of it (`TooLarge` beyond). Any status is returned; the caller judges it."""
    with stream(
        url,
        guard=guard,
        http=http,
        max_redirects=max_redirects,
        timeout=timeout,
        headers=headers,
        check=check,
    ) as response:
        # a redirect not followed (max_redirects=0) is returned without its body
        content = b"" if response.is_redirect else b"".join(body(response, max_bytes=max_bytes))
        return Response(
            url=str(response.url),
            status=response.status_code,
            headers={name.lower(): value for name, value in response.headers.items()},
            content=content,
        )
