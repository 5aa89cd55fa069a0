"""Import datasets from any CKAN portal (e.g. the city's entries on data.gov.ua), idempotently.

Pages the source the way CKAN's own harvester does (`package_search`, `sort=id asc`,
`rows`, `start`), keeps the source's UUIDs so a rerun updates instead of duplicating (and a
second Hromada that harvests the first ends up with the same ids), and stops with a report
when the source times out, answers something that is not CKAN's envelope, or repeats a page.

Files the source hosts itself (an address on the source's own origin, or CKAN's `url_type`
"upload" on a host listed in OPENDATA_HARVEST_FILE_HOSTS) are downloaded into our own
resource versions, so the catalogue keeps serving them when the source is gone: fetched with
httpx (timeouts, redirect limit, the open-data upload size limit) before the dataset's
transaction, then checked like any upload (format from the bytes, CSV validation). A file
whose SHA-256 is that of our current copy adds no version, so a rerun is idempotent. A
resource with `versions` (another Hromada's API) brings the versions we miss, oldest first,
under the same rules, all saved or none (`missing_versions`). Links to files elsewhere stay
links. A file that cannot be fetched or fails the check is reported with its dataset and
resource and that resource is left as it was; nothing else is held back by it.

A source is not trusted to make this server request whatever it names (SSRF): an "upload" on
any other host is kept as a link and reported, redirects are followed one by one and each
hop must stay on those origins, and every connection goes only to public IP addresses or to
addresses of the kind the source's own host resolves to (a source on the city's intranet or
on localhost may serve its files from there; see core/outbound.py, which also pins the checked
address against DNS rebinding).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import tempfile
import time
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import IO, Any
from urllib.parse import unquote, urlsplit

import httpx
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core import outbound
from hromada.core.selectors import city_profile
from hromada.opendata import detection, services
from hromada.opendata.models import (
    Dataset,
    Licence,
    Publisher,
    Resource,
    ResourceVersion,
    TopicGroup,
    UpdateFrequency,
    split_keywords,
)
from hromada.opendata.slugs import slugify_name

Fetch = Callable[[str, dict[str, Any]], dict[str, Any]]
MAX_PAGES = 10_000
LICENCES = {choice.value.lower(): choice.value for choice in Licence}
LICENCES.update({"cc-by": Licence.CC_BY_4, "cc-by-sa": Licence.CC_BY_SA_4, "cc-zero": Licence.CC0})


class HarvestError(Exception):
    """The source cannot be harvested further; what was imported so far stays."""


@dataclass
class HarvestReport:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # imported, but not as the source had it
    stopped: str = ""  # why the harvest stopped early, or ""

    @property
    def ok(self) -> bool:
        return not self.stopped and not self.errors


API_MAX_BYTES = 200 * 1024 * 1024  # one page of the Action API's answer


def http_fetch(
    base_url: str, *, timeout: float = 30.0, guard: outbound.Guard | None = None
) -> Fetch:
    """A `fetch(action, params)` reading `base_url`'s Action API over HTTP, through the
    outbound client: connections go to public addresses and to those of the kinds the
    source's own host resolves to (`FilePolicy`'s guard, unless `guard` says otherwise), each
    redirect hop checked, and a host name that does not resolve in time is given up on."""
    allowed = guard

    def fetch(action: str, params: dict[str, Any]) -> dict[str, Any]:
        nonlocal allowed
        query = urllib.parse.urlencode(params)
        url = f"{base_url.rstrip('/')}/api/3/action/{action}?{query}"
        if not url.startswith(("http://", "https://")):
            raise HarvestError(f"not an HTTP address: {base_url}")
        if allowed is None:  # resolved once, when the first page is asked for
            allowed = FilePolicy.for_source(base_url, hosts=[]).guard
        try:
            response = outbound.get(
                url,
                guard=allowed,
                max_bytes=API_MAX_BYTES,
                timeout=timeout,
                headers={"User-Agent": "Hromada harvest_ckan"},
            )
        except outbound.AddressRefused as error:
            raise HarvestError(f"{action}: not requested: {error}") from error
        except (httpx.HTTPError, httpx.InvalidURL, outbound.TooLarge, OSError) as error:
            raise HarvestError(f"{action}: the source did not answer ({error})") from error
        try:
            envelope = json.loads(response.content)
        except ValueError as error:
            raise HarvestError(f"{action}: the answer is not JSON") from error
        if not isinstance(envelope, dict) or not envelope.get("success"):
            message = envelope.get("error") if isinstance(envelope, dict) else None
            raise HarvestError(f"{action}: the source answered an error ({message})")
        result = envelope.get("result")
        if not isinstance(result, dict):
            raise HarvestError(f"{action}: the result is not a search result")
        return result

    return fetch


def _time(value: Any) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(str(value).rstrip("Z"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=dt.UTC) if timezone.is_naive(parsed) else parsed


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _publisher(organization: dict[str, Any] | None, fallback: Callable[[], Publisher]) -> Publisher:
    if not organization or not organization.get("name"):
        return fallback()
    return services.harvested_publisher(
        name=slugify_name(str(organization["name"])),
        remote_id=_uuid(organization.get("id")),
        title=str(organization.get("title") or organization["name"])[:255],
        description=str(organization.get("description") or ""),
        edrpou=str(organization.get("edrpou") or "")[:8],
    )


def _groups(items: list[dict[str, Any]]) -> list[TopicGroup]:
    groups = []
    for item in items or []:
        if not isinstance(item, dict) or not item.get("name"):
            continue
        groups.append(
            services.harvested_group(
                name=slugify_name(str(item["name"])),
                title=str(item.get("title") or item["name"])[:255],
            )
        )
    return groups


# --- Where files may be fetched from ---------------------------------------------------------

DEFAULT_PORTS = {"http": 80, "https": 443}
Origin = tuple[str, str, int]  # scheme, host, port


def origin(url: str) -> Origin | None:
    """An http(s) address's scheme, host and port (the scheme's default when not given)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    try:
        port = parts.port or DEFAULT_PORTS[scheme]
    except ValueError:
        return None
    return scheme, parts.hostname.rstrip("."), port


def file_hosts(entries: list[str]) -> frozenset[tuple[str, int | None]]:
    """OPENDATA_HARVEST_FILE_HOSTS's entries, `host` (ports 80 and 443) or `host:port`."""
    hosts = set()
    for entry in entries:
        parts = urlsplit("//" + entry.strip())
        try:
            port = parts.port
        except ValueError:
            port = -1
        if not parts.hostname or port == -1 or parts.path or parts.query or parts.username:
            raise ValueError(
                f"OPENDATA_HARVEST_FILE_HOSTS: {entry!r} is not a host name or host:port"
            )
        hosts.add((parts.hostname.rstrip("."), port))
    return frozenset(hosts)


@dataclass(frozen=True)
class FilePolicy:
    """Which addresses one harvest may download files from: the source's own origin and the
    hosts listed in OPENDATA_HARVEST_FILE_HOSTS; connections go to public IP addresses and to
    those of the kinds the source's host resolves to (the operator typed that address)."""

    source: Origin | None
    hosts: frozenset[tuple[str, int | None]]
    guard: outbound.Guard

    @classmethod
    def for_source(cls, source: str, *, hosts: list[str] | None = None) -> FilePolicy:
        found = origin(source)
        listed = getattr(settings, "OPENDATA_HARVEST_FILE_HOSTS", []) if hosts is None else hosts
        kinds = outbound.classes_of(found[1], found[2]) if found else set()
        return cls(
            source=found,
            hosts=file_hosts(list(listed)),
            guard=outbound.Guard(frozenset(kinds - {outbound.PUBLIC})),
        )

    def on_source(self, url: str) -> bool:
        return self.source is not None and origin(url) == self.source

    def allows(self, url: str) -> bool:
        """Whether a file may be fetched from `url` (or a redirect may go there)."""
        found = origin(url)
        if found is None:
            return False
        if found == self.source:
            return True
        scheme, host, port = found
        return (host, port) in self.hosts or (
            (host, None) in self.hosts and port == DEFAULT_PORTS[scheme]
        )


# --- Files the source hosts ------------------------------------------------------------------

SHA256 = re.compile(r"^[0-9a-f]{64}$")
SPOOL_BYTES = 8 * 1024 * 1024  # a downloaded file stays in memory up to this size
DOWNLOAD_SECONDS_PER_TIMEOUT = 20  # a whole download may take this many times --timeout


class DownloadError(Exception):
    """A source file that could not be fetched; the message says why, for the report."""


@dataclass
class Downloaded:
    """A source file fetched before the dataset's transaction: bytes, name and digest."""

    file: IO[bytes]
    filename: str
    sha256: str
    size: int


Download = Callable[[str, str], Downloaded]  # (url, filename) → the file


def http_download(*, source: str, timeout: float = 30.0, max_bytes: int | None = None) -> Download:
    """A `download(url, filename)` over HTTP(S) (`outbound.stream`) for a harvest of
    `source`: only from the addresses `FilePolicy` allows, each redirect checked the same way
    (at most `outbound.MAX_REDIRECTS`), connect and read timeouts, a limit on the whole
    download's time, and the open-data upload size limit (OPENDATA_MAX_UPLOAD_BYTES) checked
    on the declared length and on the bytes read."""
    policy = FilePolicy.for_source(source)

    def download(url: str, filename: str) -> Downloaded:
        limit = max_bytes if max_bytes is not None else detection.max_upload_bytes()
        if not url.startswith(("http://", "https://")):
            raise DownloadError(_("not an HTTP address"))
        deadline = time.monotonic() + timeout * DOWNLOAD_SECONDS_PER_TIMEOUT
        file = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - returned
        digest = hashlib.sha256()
        size = 0

        def check(current: str, hop: int) -> None:
            if not policy.allows(current):
                raise DownloadError(_refused(current, redirected=hop > 0))

        try:
            with outbound.stream(
                url,
                guard=policy.guard,
                timeout=timeout,
                headers={"User-Agent": "Hromada harvest_ckan"},
                check=check,  # each hop must stay on the allowed origins
            ) as response:
                if response.status_code >= 400:
                    raise DownloadError(
                        _("the source answered HTTP %(status)s") % {"status": response.status_code}
                    )
                for chunk in outbound.body(response, max_bytes=limit, chunk_size=64 * 1024):
                    size += len(chunk)
                    if time.monotonic() > deadline:
                        raise DownloadError(_("the download took too long"))
                    digest.update(chunk)
                    file.write(chunk)
        except outbound.TooLarge as error:
            file.close()
            raise DownloadError(_too_large(error.size, limit)) from error
        except outbound.TooManyRedirects as error:
            file.close()
            raise DownloadError(str(error)) from error
        except httpx.TimeoutException as error:
            file.close()
            if outbound.resolution_timed_out(error):  # the message names the host
                raise DownloadError(_("not fetched: %(reason)s") % {"reason": error}) from error
            raise DownloadError(_("the source did not answer in time")) from error
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            file.close()
            raise DownloadError(_("the download failed (%(error)s)") % {"error": error}) from error
        except outbound.AddressRefused as error:
            file.close()
            raise DownloadError(_("not fetched: %(reason)s") % {"reason": error}) from error
        except DownloadError:
            file.close()
            raise
        file.seek(0)
        return Downloaded(file=file, filename=filename, sha256=digest.hexdigest(), size=size)

    return download


def _refused(url: str, *, redirected: bool) -> str:
    values = {"url": url[:300]}
    if redirected:
        return (
            _(
                "the source redirected to %(url)s, which is neither on the source's own site "
                "nor on a host allowed for files (OPENDATA_HARVEST_FILE_HOSTS); not fetched"
            )
            % values
        )
    return (
        _(
            "%(url)s is neither on the source's own site nor on a host allowed for files "
            "(OPENDATA_HARVEST_FILE_HOSTS); not fetched"
        )
        % values
    )


def _too_large(size: int, limit: int) -> str:
    return _("the file is %(size)s MB; the limit is %(limit)s MB") % {
        "size": size // (1024 * 1024),
        "limit": limit // (1024 * 1024),
    }


def hosted_by_source(item: dict[str, Any], policy: FilePolicy) -> bool:
    """Whether a source's resource is a file to copy: any address on the source's own origin
    (such as another Hromada's live CSV), or an upload on a host listed in
    OPENDATA_HARVEST_FILE_HOSTS. Anything else stays a link."""
    url = str(item.get("url") or "")
    return policy.on_source(url) or (item.get("url_type") == "upload" and policy.allows(url))


def file_name(item: dict[str, Any]) -> str:
    """The file's name from its address, with the extension its format gives when it has none
    we know (the upload check matches the name's extension with the content)."""
    name = PurePosixPath(unquote(urlsplit(str(item["url"])).path)).name or "data"
    name = name.replace("\x00", "")[:200]
    extension = PurePosixPath(name).suffix.lower().lstrip(".")
    code = str(item.get("format") or "").lower()
    if extension not in detection.FORMATS and code in detection.FORMATS:
        name = f"{PurePosixPath(name).stem or 'data'}.{code}"
    return name


def _current_hash(resource_id: uuid.UUID) -> str:
    """The SHA-256 of our current copy of a resource's file, or ""."""
    version = (
        ResourceVersion.objects.filter(resource_id=resource_id, resource__external_url="")
        .order_by("-number")
        .values_list("sha256", flat=True)
        .first()
    )
    return version or ""


@dataclass
class _Planned:
    """One of the source's resources, as it will be imported."""

    item: dict[str, Any]
    resource_id: uuid.UUID
    position: int
    hosted: bool
    #: the hosted files to add as versions, oldest first, each with its time (None: the
    #: resource's): the source's versions we miss, then its current file if it differs
    downloads: list[tuple[Downloaded, dt.datetime | None]] = field(default_factory=list)

    def close(self) -> None:
        for fetched, _when in self.downloads:
            fetched.file.close()


def source_versions(item: dict[str, Any]) -> list[dict[str, Any]]:
    """The source's versions of a file (another Hromada's `versions`: number, url, hash,
    created), oldest first; entries without a number, an address or a SHA-256 are ignored."""
    found = [
        version
        for version in item.get("versions") or []
        if isinstance(version, dict)
        and isinstance(version.get("version"), int)
        and version.get("url")
        and SHA256.match(str(version.get("hash") or "").lower())
    ]
    return sorted(found, key=lambda version: version["version"])


def missing_versions(versions: list[dict[str, Any]], current: str) -> list[dict[str, Any]]:
    """The source's versions to add after our copy whose SHA-256 is `current`: all of them
    when we have none, those after the last one equal to our copy, or (our copy is not in
    the source's history) only the latest. A rerun therefore adds nothing, and a file that
    went back to an earlier content still ends as the source's latest."""
    if not current:
        return versions
    hashes = [str(version["hash"]).lower() for version in versions]
    if current in hashes:
        return versions[len(hashes) - hashes[::-1].index(current) :]
    return versions[-1:]


def _plan(
    package: dict[str, Any],
    remote_id: uuid.UUID,
    *,
    policy: FilePolicy,
    download: Download | None,
    errors: list[str],
    notes: list[str],
) -> list[_Planned]:
    """The source's resources; the hosted files that changed are fetched now, before any
    database write, and a file that cannot be fetched is reported and left as it was. An
    upload on a host that files may not be fetched from is kept as a link, with a note."""
    planned = []
    for position, item in enumerate(package.get("resources") or []):
        if not isinstance(item, dict) or not item.get("url"):
            continue
        resource_id = _uuid(item.get("id")) or uuid.uuid5(remote_id, str(item["url"]))
        hosted = download is not None and hosted_by_source(item, policy)
        if download is not None and not hosted and item.get("url_type") == "upload":
            notes.append(
                _resource_error(
                    package,
                    item,
                    _(
                        "kept as a link, not copied: its file is not on the source's own site "
                        "nor on a host allowed for files (OPENDATA_HARVEST_FILE_HOSTS)"
                    ),
                )
            )
        entry = _Planned(item=item, resource_id=resource_id, position=position, hosted=hosted)
        if hosted and download is not None:
            try:
                _plan_files(entry, download, policy, package, notes)
            except DownloadError as error:
                entry.close()  # the earlier versions too: all of the resource's files or none
                errors.append(_resource_error(package, item, str(error)))
                continue
        planned.append(entry)
    return planned


def _fetch_checked(download: Download, url: str, filename: str, remote_hash: str) -> Downloaded:
    fetched = download(url, filename)
    if SHA256.match(remote_hash) and fetched.sha256 != remote_hash:
        fetched.file.close()
        raise DownloadError(_("the file's SHA-256 differs from the source's hash"))
    return fetched


def _plan_files(
    entry: _Planned,
    download: Download,
    policy: FilePolicy,
    package: dict[str, Any],
    notes: list[str],
) -> None:
    """Fetch the source's versions of a hosted file that we miss, oldest first, then its
    current file unless that is (by SHA-256) what the last of them or our copy already is.
    Versions elsewhere than where files may come from are not copied at all (a history with
    gaps would not be the source's): only the current file is, with a note."""
    item = entry.item
    current = _current_hash(entry.resource_id)
    missing = missing_versions(source_versions(item), current)
    if any(not policy.allows(str(version["url"])) for version in missing):
        notes.append(
            _resource_error(
                package,
                item,
                _(
                    "its earlier versions are not on the source's own site nor on a host "
                    "allowed for files (OPENDATA_HARVEST_FILE_HOSTS); only the current file "
                    "is copied"
                ),
            )
        )
        missing = []
    for version in missing:
        name = file_name({"url": version["url"], "format": version.get("format")})
        try:
            fetched = _fetch_checked(
                download, str(version["url"]), name, str(version["hash"]).lower()
            )
        except DownloadError as error:
            raise DownloadError(
                _("version %(number)s: %(reason)s")
                % {"number": version["version"], "reason": error}
            ) from error
        entry.downloads.append((fetched, _time(version.get("created"))))
        current = fetched.sha256
    remote_hash = str(item.get("hash") or "").lower()
    if current and SHA256.match(remote_hash) and remote_hash == current:
        return
    fetched = _fetch_checked(download, str(item["url"]), file_name(item), remote_hash)
    if fetched.sha256 == current:
        fetched.file.close()  # the same file as our copy: no new version
    else:
        entry.downloads.append((fetched, None))


def _resource_error(package: dict[str, Any], item: dict[str, Any], reason: str) -> str:
    return _("%(dataset)s, resource “%(resource)s”: %(reason)s") % {
        "dataset": package.get("name") or package.get("id"),
        "resource": item.get("name") or item.get("url"),
        "reason": reason,
    }


# --- Datasets --------------------------------------------------------------------------------


def import_package(
    package: dict[str, Any],
    *,
    source: str,
    fallback: Callable[[], Publisher],
    contact_email: str,
    download: Download | None = None,
    errors: list[str] | None = None,
    notes: list[str] | None = None,
    policy: FilePolicy | None = None,
) -> str:
    """Create or update one dataset and its resources; returns created/updated/skipped.

    With `download`, the files the source hosts (`hosted_by_source` under `policy`, by
    default the source's) are copied into our own resource versions (fetched first, then
    checked like any upload; an unchanged file, by SHA-256, adds no version). A file that
    cannot be fetched or fails the check is reported in `errors` and that resource is left as
    it was; an upload elsewhere is kept as a link and noted in `notes`; everything else of
    the dataset is imported, in one transaction, and files stored for a transaction that
    fails are removed again.
    """
    errors = errors if errors is not None else []
    notes = notes if notes is not None else []
    remote_id = _uuid(package.get("id"))
    if remote_id is None:
        raise ValidationError(f"dataset {package.get('name')!r}: the id is not a UUID")
    if policy is None and download is not None:
        policy = FilePolicy.for_source(source)
    planned = _plan(
        package,
        remote_id,
        policy=policy or FilePolicy(None, frozenset(), outbound.Guard()),
        download=download,
        errors=errors,
        notes=notes,
    )
    stored: list[FieldFile] = []  # files written by this import, removed if it is rolled back
    try:
        with transaction.atomic():
            return _import(
                package, remote_id, planned, source, fallback, contact_email, errors, stored
            )
    except BaseException:
        for stored_file in stored:  # the transaction was rolled back: so are its files
            if stored_file.name:
                stored_file.storage.delete(stored_file.name)
        raise
    finally:
        for entry in planned:
            entry.close()


def _import(
    package: dict[str, Any],
    remote_id: uuid.UUID,
    planned: list[_Planned],
    source: str,
    fallback: Callable[[], Publisher],
    contact_email: str,
    errors: list[str],
    stored: list[FieldFile],
) -> str:
    publisher = _publisher(package.get("organization"), fallback)
    frequency = str(package.get("update_frequency") or "")
    tags = [str(t.get("name")) for t in package.get("tags") or [] if isinstance(t, dict)]
    keywords = ", ".join(split_keywords(", ".join(tags)))[:1000]
    fields: dict[str, Any] = {
        "title": str(package.get("title") or package.get("name") or "")[:254],
        "notes": str(package.get("notes") or package.get("title") or "")[:4000],
        "purpose": str(package.get("purpose_of_collecting_information") or "—")[:4000],
        "language": str(package.get("language") or "українська")[:100],
        "update_frequency": frequency if frequency in UpdateFrequency.values else "Щороку",
        "keywords": keywords,
        "maintainer": str(package.get("maintainer") or publisher.title)[:255],
        "maintainer_email": str(package.get("maintainer_email") or contact_email),
        "licence": LICENCES.get(str(package.get("license_id") or "").lower(), Licence.CC_BY_4),
        "publisher": publisher,
        "harvest_source": source,
    }
    dataset, outcome, saved = services.save_harvested_dataset(
        remote_id=remote_id,
        name=str(package.get("name") or ""),
        published_at=_time(package.get("metadata_created")) or timezone.now(),
        fields=fields,
        groups=_groups(package.get("groups") or []),
        source=source,
    )
    latest: dt.datetime | None = None
    for entry in planned:
        item = entry.item
        # A resource without times at the source counts as changed when it is first seen.
        stamped = _time(item.get("last_modified")) or _time(item.get("created"))
        changed_resource = (
            _import_file(dataset, entry, stamped, package, errors, stored)
            if entry.hosted
            else _import_link(dataset, entry, stamped)
        )
        if changed_resource is None:
            continue  # reported; the resource stays as it was
        if changed_resource:
            outcome = "updated" if outcome == "skipped" else outcome
        if stamped or changed_resource:
            latest = max(filter(None, [latest, stamped or timezone.now()]))
    services.stamp_harvested_dataset(
        dataset=dataset, latest=latest, touched=outcome == "updated" and not saved
    )
    return outcome


def _import_link(dataset: Dataset, entry: _Planned, stamped: dt.datetime | None) -> bool:
    """A link to a file elsewhere; whether it was created or changed."""
    item = entry.item
    modified = stamped or timezone.now()
    values: dict[str, Any] = {
        "dataset": dataset,
        "name": str(item.get("name") or item["url"])[:254],
        "description": str(item.get("description") or "")[:4000],
        "external_url": str(item["url"])[:1000],
        "format": str(item.get("format") or "")[:20],
        "mimetype": str(item.get("mimetype") or "")[:100],
        "size": item.get("size") if isinstance(item.get("size"), int) else None,
        "sha256": str(item.get("hash") or "")[:64],
        "position": entry.position,
    }
    return services.save_harvested_link(
        resource_id=entry.resource_id,
        created=_time(item.get("created")) or modified,
        modified=modified,
        stamped=stamped,
        values=values,
    )


def _import_file(
    dataset: Dataset,
    entry: _Planned,
    stamped: dt.datetime | None,
    package: dict[str, Any],
    errors: list[str],
    stored: list[FieldFile],
) -> bool | None:
    """A file the source hosts, copied into our own versions; whether anything changed, or
    None when its copy failed the upload check (reported; the resource is left as it was)."""
    item = entry.item
    modified = stamped or timezone.now()
    values = {
        "dataset": dataset,
        "name": str(item.get("name") or item["url"])[:254],
        "description": str(item.get("description") or "")[:4000],
        "external_url": "",
        "position": entry.position,
    }
    resource = Resource.objects.filter(pk=entry.resource_id).first()
    if resource is None and not entry.downloads:
        return False  # (cannot happen: a new resource's file is always fetched)
    kept: list[FieldFile] = []  # this resource's stored files, removed if its savepoint fails
    try:
        with transaction.atomic():  # the resource and its new version, or neither
            resource, changed = services.save_harvested_file_resource(
                resource=resource,
                resource_id=entry.resource_id,
                created=_time(item.get("created")) or modified,
                modified=modified,
                values=values,
            )
            for fetched, when in entry.downloads:
                version = services.upload_version(
                    resource=resource,
                    file=fetched.file,
                    filename=fetched.filename,
                    when=when or modified,
                )
                kept.append(version.file)
                changed = True
    except ValidationError as error:
        for kept_file in kept:  # earlier versions of this resource, rolled back with it
            if kept_file.name:
                kept_file.storage.delete(kept_file.name)
        errors.append(_resource_error(package, item, "; ".join(error.messages)))
        return None
    stored.extend(kept)
    return changed


def harvest(
    *,
    source: str,
    fetch: Fetch,
    organization: str = "",
    rows: int = 100,
    dry_run: bool = False,
    download: Download | None = None,
) -> HarvestReport:
    """Page through `package_search` of the source and import every dataset once; with
    `download`, the files the source hosts are copied (see `import_package`)."""

    report = HarvestReport()
    policy = FilePolicy.for_source(source) if download is not None else None
    seen: set[str] = set()
    contact = city_profile().email or "opendata@localhost.localdomain"
    start = 0
    for _page in range(MAX_PAGES):
        params: dict[str, Any] = {"sort": "id asc", "rows": rows, "start": start}
        if organization:
            params["fq"] = f'organization:"{organization}"'
        try:
            result = fetch("package_search", params)
        except HarvestError as error:
            report.stopped = str(error)
            return report
        packages_found = result.get("results")
        if not isinstance(packages_found, list):
            report.stopped = f"package_search at start={start}: no results list"
            return report
        if not packages_found:
            return report
        ids = [str(p.get("id")) for p in packages_found if isinstance(p, dict)]
        if any(i in seen for i in ids):
            report.stopped = (
                f"the source repeated datasets at start={start}: paging is not stable, stopped"
            )
            return report
        seen.update(ids)
        for package in packages_found:
            if dry_run:
                remote = _uuid(package.get("id"))
                exists = remote is not None and Dataset.objects.filter(pk=remote).exists()
                report.skipped += exists
                report.created += not exists
                continue
            try:
                outcome = import_package(
                    package,
                    source=source,
                    fallback=services.council_publisher,
                    contact_email=contact,
                    download=download,
                    errors=report.errors,
                    notes=report.notes,
                    policy=policy,
                )
            except ValidationError as error:
                report.errors.append(f"{package.get('name')}: {'; '.join(error.messages)}")
                continue
            setattr(report, outcome, getattr(report, outcome) + 1)
        start += len(packages_found)
    report.stopped = f"more than {MAX_PAGES} pages, stopped"
    return report
