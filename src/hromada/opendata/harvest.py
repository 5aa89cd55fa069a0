"""Import datasets from any CKAN portal (e.g. the city's entries on data.gov.ua), idempotently.

Pages the source the way CKAN's own harvester does (`package_search`, `sort=id asc`,
`rows`, `start`), keeps the source's UUIDs so a rerun updates instead of duplicating (and a
second Hromada that harvests the first ends up with the same ids), and stops with a report
when the source times out, answers something that is not CKAN's envelope, or repeats a page.
Resources are imported as links to the source's files.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hromada.core import audit
from hromada.opendata import packages
from hromada.opendata.models import (
    Dataset,
    Licence,
    Publisher,
    Resource,
    TopicGroup,
    UpdateFrequency,
    split_keywords,
)
from hromada.opendata.slugs import slugify_name, unique_name

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
    stopped: str = ""  # why the harvest stopped early, or ""

    @property
    def ok(self) -> bool:
        return not self.stopped and not self.errors


def http_fetch(base_url: str, *, timeout: float = 30.0) -> Fetch:
    """A `fetch(action, params)` reading `base_url`'s Action API over HTTP."""

    def fetch(action: str, params: dict[str, Any]) -> dict[str, Any]:
        query = urllib.parse.urlencode(params)
        url = f"{base_url.rstrip('/')}/api/3/action/{action}?{query}"
        if not url.startswith(("http://", "https://")):
            raise HarvestError(f"not an HTTP address: {base_url}")
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
            url, headers={"User-Agent": "Hromada harvest_ckan"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                body = response.read(200 * 1024 * 1024)
        except urllib.error.HTTPError as error:
            body = error.read(1024 * 1024)
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise HarvestError(f"{action}: the source did not answer ({error})") from error
        try:
            envelope = json.loads(body)
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
    name = slugify_name(str(organization["name"]))
    existing = Publisher.objects.filter(name=name).first()
    if existing is not None:
        return existing
    publisher = Publisher(
        id=_uuid(organization.get("id")) or uuid.uuid4(),
        name=name,
        title=str(organization.get("title") or organization["name"])[:255],
        description=str(organization.get("description") or ""),
        edrpou=str(organization.get("edrpou") or "")[:8],
    )
    if Publisher.objects.filter(pk=publisher.id).exists():
        publisher.id = uuid.uuid4()
    publisher.save()
    audit.record(publisher, "wagtail.create", data={"source": "harvest_ckan"})
    return publisher


def _groups(items: list[dict[str, Any]]) -> list[TopicGroup]:
    groups = []
    for item in items or []:
        if not isinstance(item, dict) or not item.get("name"):
            continue
        name = slugify_name(str(item["name"]))
        group = TopicGroup.objects.filter(name=name).first()
        if group is None:
            group = TopicGroup.objects.create(
                name=name, title=str(item.get("title") or item["name"])[:255]
            )
        groups.append(group)
    return groups


@transaction.atomic
def import_package(
    package: dict[str, Any], *, source: str, fallback: Callable[[], Publisher], contact_email: str
) -> str:
    """Create or update one dataset and its resources; returns created/updated/skipped."""
    remote_id = _uuid(package.get("id"))
    if remote_id is None:
        raise ValidationError(f"dataset {package.get('name')!r}: the id is not a UUID")
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
    dataset = Dataset.objects.filter(pk=remote_id).first()
    outcome = "skipped"
    saved = False  # whether the dataset row was saved (which moves metadata_modified)
    if dataset is None:
        wanted = str(package.get("name") or "")
        taken = not wanted or Dataset.objects.filter(name=wanted).exists()
        dataset = Dataset(
            id=remote_id,
            name=unique_name(fields["title"], Dataset) if taken else wanted,
            published_at=_time(package.get("metadata_created")) or timezone.now(),
            **fields,
        )
        dataset.full_clean()
        dataset.save()
        audit.record(dataset, "wagtail.create", data={"source": source})
        outcome, saved = "created", True
    else:
        changed = {k: v for k, v in fields.items() if getattr(dataset, k) != v}
        if changed:
            before = audit.snapshot(dataset)
            for key, value in changed.items():
                setattr(dataset, key, value)
            dataset.full_clean()
            dataset.save()
            audit.record(dataset, "wagtail.edit", before=before, data={"source": source})
            outcome, saved = "updated", True
    groups = _groups(package.get("groups") or [])
    if {g.pk for g in dataset.groups.all()} != {g.pk for g in groups}:
        dataset.groups.set(groups)
        outcome = "updated" if outcome == "skipped" else outcome
    latest: dt.datetime | None = None
    for position, item in enumerate(package.get("resources") or []):
        if not isinstance(item, dict) or not item.get("url"):
            continue
        resource_id = _uuid(item.get("id")) or uuid.uuid5(remote_id, str(item["url"]))
        modified = _time(item.get("last_modified")) or _time(item.get("created")) or timezone.now()
        values = {
            "dataset": dataset,
            "name": str(item.get("name") or item["url"])[:254],
            "description": str(item.get("description") or "")[:4000],
            "external_url": str(item["url"])[:1000],
            "format": str(item.get("format") or "")[:20],
            "mimetype": str(item.get("mimetype") or "")[:100],
            "size": item.get("size") if isinstance(item.get("size"), int) else None,
            "sha256": str(item.get("hash") or "")[:64],
            "position": position,
            "last_modified": modified,
        }
        resource = Resource.objects.filter(pk=resource_id).first()
        if resource is None:
            Resource.objects.create(
                id=resource_id, created=_time(item.get("created")) or modified, **values
            )
            outcome = "updated" if outcome == "skipped" else outcome
        elif any(getattr(resource, k) != v for k, v in values.items()):
            Resource.objects.filter(pk=resource_id).update(**values)
            packages.invalidate([dataset.pk])
            outcome = "updated" if outcome == "skipped" else outcome
        latest = max(filter(None, [latest, modified]))
    if latest and (dataset.data_modified_at is None or latest > dataset.data_modified_at):
        dataset.data_modified_at = latest
        dataset.save(update_fields=["data_modified_at", "metadata_modified"])
    elif outcome == "updated" and not saved:
        dataset.save(update_fields=["metadata_modified"])  # only its groups or resources changed
    return outcome


def harvest(
    *,
    source: str,
    fetch: Fetch,
    organization: str = "",
    rows: int = 100,
    dry_run: bool = False,
) -> HarvestReport:
    """Page through `package_search` of the source and import every dataset once."""
    from hromada.core.selectors import city_profile
    from hromada.opendata.services import council_publisher

    report = HarvestReport()
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
        packages = result.get("results")
        if not isinstance(packages, list):
            report.stopped = f"package_search at start={start}: no results list"
            return report
        if not packages:
            return report
        ids = [str(p.get("id")) for p in packages if isinstance(p, dict)]
        if any(i in seen for i in ids):
            report.stopped = (
                f"the source repeated datasets at start={start}: paging is not stable, stopped"
            )
            return report
        seen.update(ids)
        for package in packages:
            if dry_run:
                remote = _uuid(package.get("id"))
                exists = remote is not None and Dataset.objects.filter(pk=remote).exists()
                report.skipped += exists
                report.created += not exists
                continue
            try:
                outcome = import_package(
                    package, source=source, fallback=council_publisher, contact_email=contact
                )
            except ValidationError as error:
                report.errors.append(f"{package.get('name')}: {'; '.join(error.messages)}")
                continue
            setattr(report, outcome, getattr(report, outcome) + 1)
        start += len(packages)
    report.stopped = f"more than {MAX_PAGES} pages, stopped"
    return report
