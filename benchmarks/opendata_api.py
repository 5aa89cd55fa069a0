"""The open-data API (CKAN-compatible) at catalogue scale: `package_search` and a harvest.

Builds its own catalogue and server: a temporary HROMADA_VAR_DIR (or `--database-url`, e.g.
`postgres://postgres@127.0.0.1:5432/h_bench`, which is emptied first), `migrate`, then
`--datasets` datasets (default 10 000) with `--resources-per-dataset` resources each
(default 10, so 100 000), tags and topic groups, written with bulk inserts. Bulk inserts send
no signals, so the stored CKAN packages are then built with `refresh_opendata_packages`
(timed: `packages_built_seconds`), and PostgreSQL's statistics and visibility map are brought
up to date with VACUUM ANALYZE (what autovacuum does by itself after a bulk load). Then
gunicorn `-w 2` on a free 127.0.0.1 port with DEBUG off. `--reuse` keeps a PostgreSQL
database that already holds the catalogue (skips the build).

Measured, over HTTP with one client, each search followed by one reference request so that
a burst of other work on the shared machine falls on both:
- `package_search` latency (p50, p95, max) over `--searches` requests of four kinds, in
  turn: `free_text` (`q=<word>`), `organization` (`fq=organization:<name>`),
  `tag_and_format` (`fq=tags:"…" +res_format:CSV`) and `recent`
  (`sort=metadata_modified desc`, `start` up to 500); p95 per kind and over all of them;
- `facets` (not in the target's mix: CKAN's harvester and `ckanapi` do not ask for facets):
  every facet field on the whole catalogue or on a free-text query, reported apart;
- the reference in the same run: `status_show` (the envelope and routing, no search);
- a full harvest the way the CKAN harvester pages: `sort=id asc`, `rows=100`, `start` += 100,
  until a page comes back empty, checking that every dataset arrives exactly once.

Targets (issue 4): `package_search` p95 under 30 ms; the full harvest under 60 s.
Human-readable lines go to stderr; the last line on stdout is one JSON object:
{"benchmark": "opendata_api", "results": {...}}.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
BENCHMARK = "opendata_api"
WORDS = ["бюджет", "освіта", "транспорт", "реєстр", "перелік", "звіт", "тарифи", "земля"]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def build_catalogue(datasets: int, per_dataset: int) -> None:
    """Bulk-insert the catalogue (runs in this process, on the benchmark's database)."""
    import datetime as dt
    import uuid

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from hromada.opendata.models import Dataset, Publisher, Resource, Tag, TopicGroup

    call_command("migrate", verbosity=0)
    rng = random.Random(10_000)
    with transaction.atomic():
        publishers = [
            Publisher.objects.create(
                title=f"Управління {n}", name=f"publisher-{n}", edrpou="34142527"
            )
            for n in range(20)
        ]
        groups = [
            TopicGroup.objects.create(title=f"Тема {n}", name=f"group-{n}") for n in range(10)
        ]
        tags = [Tag.objects.create(name=f"{word} {n}") for word in WORDS for n in range(5)]
        now = timezone.now()
        formats = [("CSV", "text/csv"), ("JSON", "application/json"), ("XLSX", "application/zip")]
        batch: list[Dataset] = []
        resources: list[Resource] = []
        for number in range(datasets):
            word = rng.choice(WORDS)
            dataset = Dataset(
                id=uuid.uuid4(),
                name=f"dataset-{number:05d}",
                title=f"{word.capitalize()}: набір {number}",
                notes=f"Опис набору {number}: {word}, {rng.choice(WORDS)}.",
                purpose="Постанова КМУ № 835.",
                publisher=rng.choice(publishers),
                maintainer="Відповідальна особа",
                maintainer_email="data@example.org",
                keywords=word,
                update_frequency="Щомісяця",
                published_at=now - dt.timedelta(days=rng.randrange(1, 2000)),
                metadata_modified=now - dt.timedelta(seconds=rng.randrange(1, 10**7)),
            )
            dataset.search_text = dataset.compose_search_text()
            batch.append(dataset)
            codes: set[str] = set()
            for position in range(per_dataset):
                code, mime = rng.choice(formats)
                codes.add(code)
                resources.append(
                    Resource(
                        dataset=dataset,
                        name=f"Ресурс {position}",
                        external_url=f"https://example.org/{number}/{position}.{code.lower()}",
                        format=code,
                        mimetype=mime,
                        position=position,
                        size=rng.randrange(1000, 10**7),
                    )
                )
            dataset.formats = json.dumps(sorted(codes))  # what packages.resources_changed keeps
        Dataset.objects.bulk_create(batch, batch_size=1000)
        Resource.objects.bulk_create(resources, batch_size=2000)
        tag_links = [
            Dataset.tags.through(dataset_id=d.id, tag_id=rng.choice(tags).id) for d in batch
        ]
        Dataset.tags.through.objects.bulk_create(tag_links, batch_size=2000)
        group_links = [
            Dataset.groups.through(dataset_id=d.id, topicgroup_id=rng.choice(groups).id)
            for d in batch
        ]
        Dataset.groups.through.objects.bulk_create(group_links, batch_size=2000)


def build_packages(database: str) -> float:
    """Build the stored CKAN packages the bulk inserts left empty; then VACUUM ANALYZE."""
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("refresh_opendata_packages", verbosity=0)
    seconds = time.perf_counter() - started
    if database == "postgresql":
        with connection.cursor() as cursor:
            for table in ("opendata_dataset", "opendata_resource", "opendata_dataset_tags"):
                cursor.execute(f"VACUUM ANALYZE {table}")
    return seconds


def get(base: str, action: str, params: dict[str, Any]) -> tuple[float, dict[str, Any]]:
    url = f"{base}/api/3/action/{action}?{urllib.parse.urlencode(params)}"
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        body = response.read()
    elapsed = time.perf_counter() - started
    return elapsed, json.loads(body)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


KINDS = ("free_text", "organization", "tag_and_format", "recent")
FACETS = '["organization","groups","tags","res_format","license_id"]'


def search_params(kind: str, rng: random.Random) -> dict[str, Any]:
    if kind == "free_text":
        return {"q": rng.choice(WORDS)}
    if kind == "organization":
        return {"fq": f"organization:publisher-{rng.randrange(20)}"}
    if kind == "tag_and_format":
        return {"fq": f'tags:"{rng.choice(WORDS)} {rng.randrange(5)}" +res_format:CSV'}
    if kind == "recent":
        return {"sort": "metadata_modified desc", "start": rng.randrange(0, 500)}
    query = {"facet.field": FACETS}
    return {**query, "q": rng.choice(WORDS)} if rng.randrange(2) else query


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "requests": len(samples),
        "p50": round(percentile(samples, 0.5) * 1000, 2),
        "p95": round(percentile(samples, 0.95) * 1000, 2),
        "max": round(max(samples) * 1000, 2),
    }


def catalogue_present(url: str, datasets: int) -> bool:
    """Whether the PostgreSQL database of `url` already holds a built catalogue of that size."""
    import psycopg

    try:
        with psycopg.connect(url) as connection:
            row = connection.execute(
                "SELECT count(*), count(*) FILTER (WHERE package_json = '') FROM opendata_dataset"
            ).fetchone()
    except psycopg.Error:
        return False
    return row is not None and row[0] == datasets and row[1] == 0


def uptime() -> str:
    try:
        # In the machine's own time zone (django.setup() sets TZ for this process).
        environment = {k: v for k, v in os.environ.items() if k != "TZ"}
        return subprocess.run(
            ["uptime"], capture_output=True, text=True, timeout=5, env=environment
        ).stdout.strip()
    except OSError:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--datasets", type=int, default=10_000)
    parser.add_argument("--resources-per-dataset", type=int, default=10)
    parser.add_argument("--searches", type=int, default=400, help="package_search requests")
    parser.add_argument("--facet-searches", type=int, default=40)
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (emptied first)")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database if it holds the catalogue"
    )
    options = parser.parse_args()

    load_at_start = uptime()
    log(f"uptime at start: {load_at_start}")
    var_dir = Path(tempfile.mkdtemp(prefix="hromada-bench-opendata-"))
    env = {
        **os.environ,
        "HROMADA_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "hromada.config.settings",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "TASK_BACKEND": "immediate",
        "SECRET_KEY": "benchmark-only",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    reused = False
    if options.database_url:
        import psycopg
        from psycopg import sql

        env["DATABASE_URL"] = options.database_url
        reused = options.reuse and catalogue_present(options.database_url, options.datasets)
        if not reused:
            parts = urllib.parse.urlsplit(options.database_url)
            name = parts.path.lstrip("/")
            admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    database = "postgresql" if options.database_url else "sqlite"
    os.environ.update(env)
    sys.path.insert(0, str(ROOT / "src"))
    server = None
    build_seconds = packages_seconds = None
    try:
        if reused:
            log("the database already holds the catalogue: not rebuilt (--reuse)")
        else:
            log(
                f"building {options.datasets} datasets × {options.resources_per_dataset} "
                "resources …"
            )
            started = time.perf_counter()
            build_catalogue(options.datasets, options.resources_per_dataset)
            build_seconds = time.perf_counter() - started
            log(f"built in {build_seconds:.1f} s; building the stored CKAN packages …")
            packages_seconds = build_packages(database)
            log(f"packages built in {packages_seconds:.1f} s")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                BIN / "gunicorn",
                "hromada.config.wsgi:application",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "2",
                "--no-control-socket",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(300):
            try:
                get(base, "status_show", {})
                break
            except OSError:
                time.sleep(0.2)
        rng = random.Random(30)
        for number in range(40):  # warm-up: connections, caches, both workers
            get(base, "package_search", search_params(KINDS[number % len(KINDS)], rng))
            get(base, "status_show", {})
        load_before = uptime()
        log(f"uptime before the searches: {load_before}")
        reference: list[float] = []
        by_kind: dict[str, list[float]] = {kind: [] for kind in (*KINDS, "facets")}
        counts: dict[str, list[int]] = {kind: [] for kind in by_kind}
        plan = [KINDS[n % len(KINDS)] for n in range(options.searches)]
        plan += ["facets"] * options.facet_searches
        for kind in plan:
            elapsed, body = get(base, "package_search", search_params(kind, rng))
            by_kind[kind].append(elapsed)
            counts[kind].append(body["result"]["count"])
            reference.append(get(base, "status_show", {})[0])
        mix = [t for kind in KINDS for t in by_kind[kind]]

        log("harvesting with sort=id asc, rows=100 …")
        seen: list[str] = []
        started = time.perf_counter()
        start = 0
        while True:
            _elapsed, body = get(
                base, "package_search", {"sort": "id asc", "rows": 100, "start": start}
            )
            page = body["result"]["results"]
            if not page:
                break
            seen.extend(p["id"] for p in page)
            start += 100
        harvest_seconds = time.perf_counter() - started
        load_after = uptime()
        log(f"uptime at the end: {load_after}")
        results: dict[str, Any] = {
            "datasets": options.datasets,
            "resources": options.datasets * options.resources_per_dataset,
            "database": database,
            "catalogue_build_seconds": round(build_seconds, 1) if build_seconds else None,
            "packages_built_seconds": round(packages_seconds, 1) if packages_seconds else None,
            "package_search_ms": summary(mix),
            "package_search_ms_by_kind": {
                kind: {**summary(by_kind[kind]), "median_count": percentile(counts[kind], 0.5)}
                for kind in KINDS
            },
            "facets_ms": {**summary(by_kind["facets"]), "in_target_mix": False}
            if by_kind["facets"]
            else None,
            "reference_status_show_ms": summary(reference),
            "harvest": {
                "seconds": round(harvest_seconds, 2),
                "pages": start // 100 + 1,
                "datasets_seen": len(seen),
                "distinct": len(set(seen)),
            },
            "machine": {
                "cpus": os.cpu_count(),
                "uptime_at_start": load_at_start,
                "uptime_before_searches": load_before,
                "uptime_at_end": load_after,
            },
        }
        results["targets_met"] = {
            "package_search_p95_under_30_ms": results["package_search_ms"]["p95"] < 30,
            "harvest_under_60_s": harvest_seconds < 60,
            "harvest_every_dataset_once": len(seen) == len(set(seen)) == options.datasets,
        }
        results["all_targets_met"] = all(results["targets_met"].values())
        log(json.dumps(results, ensure_ascii=False, indent=1))
        print(json.dumps({"benchmark": BENCHMARK, "results": results}, ensure_ascii=False))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=15)
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
