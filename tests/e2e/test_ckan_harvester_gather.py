"""The requests ckanext-harvest's CKANHarvester makes in its gather stage, replayed against
the demo server as it makes them: the filters of its configuration (`organizations_filter_*`,
`groups_filter_*`) joined into one `fq` with spaces, each include list joined with " OR ",
incremental runs adding `metadata_modified:[<gather start − 1 h, isoformat>Z TO *]`, pages of
`rows=100` with `sort=id asc` and `start` moved by 100 until a page is empty, a page equal
to the one before stopping the harvest; and, with `remote_groups: create`, `group_show` by
each package group's id, whose `result` it creates the group from."""

from __future__ import annotations

import datetime as dt
import json
import urllib.request
from typing import Any
from urllib.parse import urlencode

import pytest

pytestmark = pytest.mark.e2e


class Replay:
    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.urls: list[str] = []

    def get(self, url: str) -> str:
        self.urls.append(url)
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read().decode()

    def fq_terms(self, config: dict[str, Any]) -> list[str]:
        """As `gather_stage` builds them."""
        terms = []
        for kind, field in (("organizations", "organization"), ("groups", "groups")):
            include = config.get(f"{kind}_filter_include", [])
            exclude = config.get(f"{kind}_filter_exclude", [])
            if include:
                terms.append(" OR ".join(f"{field}:{name}" for name in include))
            elif exclude:
                terms.extend(f"-{field}:{name}" for name in exclude)
        return terms

    def search(self, fq_terms: list[str], rows: str = "100") -> list[dict[str, Any]]:
        """As `_search_for_datasets` pages."""
        params = {"rows": rows, "start": "0", "sort": "id asc"}
        if fq_terms:
            params["fq"] = " ".join(fq_terms)
        found: list[dict[str, Any]] = []
        ids: set[str] = set()
        previous = None
        while True:
            content = self.get(f"{self.base}/api/3/action/package_search?{urlencode(params)}")
            assert not (previous and content == previous), "the paging doesn't seem to work"
            previous = content
            page = json.loads(content).get("result", {}).get("results", [])
            page_ids = {p["id"] for p in page}
            assert not page_ids & ids, "a dataset repeated across pages"
            ids |= page_ids
            found.extend(page)
            if not page:
                return found
            params["start"] = str(int(params["start"]) + int(params["rows"]))

    def gather(self, config: dict[str, Any], last_gather: dt.datetime | None = None) -> list[Any]:
        terms = self.fq_terms(config)
        if last_gather is not None:
            since = (last_gather - dt.timedelta(hours=1)).isoformat()
            terms = [*terms, f"metadata_modified:[{since}Z TO *]"]
        return self.search(terms)


@pytest.fixture(scope="module")
def everything(server_url: str) -> list[dict[str, Any]]:
    return Replay(server_url).gather({})


def _ids(packages: list[dict[str, Any]]) -> set[str]:
    return {p["id"] for p in packages}


def _where(packages: list[dict[str, Any]], test: Any) -> set[str]:
    return {p["id"] for p in packages if test(p)}


def _org(package: dict[str, Any]) -> str:
    return str(package["organization"]["name"])


def _groups(package: dict[str, Any]) -> set[str]:
    return {g["name"] for g in package["groups"]}


def test_full_gather_pages_to_an_empty_page_and_gets_every_dataset(
    server_url: str, everything: list[dict[str, Any]]
) -> None:
    replay = Replay(server_url)
    with urllib.request.urlopen(f"{server_url}/api/3/action/package_list", timeout=60) as r:
        names = json.loads(r.read())["result"]
    assert sorted(p["name"] for p in everything) == sorted(names)
    # Small pages as well: no repeats, no gaps, one empty page at the end.
    small = replay.search([], rows="7")
    assert [p["id"] for p in small] == sorted(_ids(everything))
    assert len(replay.urls) == -(-len(names) // 7) + 1


@pytest.mark.parametrize("how_many", [1, 2, 3])
def test_include_and_exclude_organizations(
    server_url: str, everything: list[dict[str, Any]], how_many: int
) -> None:
    organizations = sorted({_org(p) for p in everything})[:how_many]
    replay = Replay(server_url)
    included = replay.gather({"organizations_filter_include": organizations})
    assert _ids(included) == _where(everything, lambda p: _org(p) in organizations) != set()
    excluded = replay.gather({"organizations_filter_exclude": organizations})
    assert _ids(excluded) == _ids(everything) - _ids(included)


@pytest.mark.parametrize("how_many", [1, 2, 3])
def test_include_and_exclude_groups(
    server_url: str, everything: list[dict[str, Any]], how_many: int
) -> None:
    groups = sorted(set().union(*(_groups(p) for p in everything)))[:how_many]
    replay = Replay(server_url)
    included = replay.gather({"groups_filter_include": groups})
    assert _ids(included) == _where(everything, lambda p: _groups(p) & set(groups)) != set()
    excluded = replay.gather({"groups_filter_exclude": groups})
    assert _ids(excluded) == _ids(everything) - _ids(included)


def test_incremental_gather_with_filters_of_several_publishers_and_groups(
    server_url: str, everything: list[dict[str, Any]]
) -> None:
    stamps = sorted(p["metadata_modified"] for p in everything)
    middle = dt.datetime.fromisoformat(stamps[len(stamps) // 2])
    last_gather = middle + dt.timedelta(hours=1)  # the harvester goes back one hour
    replay = Replay(server_url)
    changed = replay.gather({}, last_gather)
    assert _ids(changed) == _where(
        everything, lambda p: p["metadata_modified"] >= middle.isoformat()
    )
    assert 0 < len(changed) < len(everything)
    organizations = sorted({_org(p) for p in everything})[:4]
    groups = sorted(set().union(*(_groups(p) for p in everything)))[:6]
    config = {"organizations_filter_include": organizations, "groups_filter_include": groups}
    both = replay.gather(config, last_gather)
    assert _ids(both) == _where(
        everything,
        lambda p: (
            _org(p) in organizations
            and _groups(p) & set(groups)
            and p["metadata_modified"] >= middle.isoformat()
        ),
    )
    # A harvest after every change finds nothing, and says so with an empty page at once.
    latest = dt.datetime.fromisoformat(stamps[-1]) + dt.timedelta(hours=2)
    quiet = Replay(server_url)
    assert quiet.gather({"organizations_filter_include": organizations}, latest) == []
    assert len(quiet.urls) == 1


def test_remote_groups_create_reads_each_group_with_group_show(
    server_url: str, everything: list[dict[str, Any]]
) -> None:
    replay = Replay(server_url)
    seen: dict[str, dict[str, Any]] = {}
    for package in everything:
        for remote in package["groups"]:
            if remote["id"] in seen:
                continue
            body = json.loads(replay.get(f"{server_url}/api/3/action/group_show?id={remote['id']}"))
            group = body.pop("result")
            assert group["id"] == remote["id"] and group["name"] == remote["name"]
            for key in ["packages", "created", "users", "groups", "tags", "extras", "display_name"]:
                group.pop(key, None)
            assert group["title"] and group["type"] == "group"
            seen[remote["id"]] = group
    every_group = set().union(*(_groups(p) for p in everything))
    assert {g["name"] for g in seen.values()} == every_group
    assert sum(1 for p in everything if p["groups"]) >= 30
