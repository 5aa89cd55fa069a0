"""The CKAN-compatible API at catalogue scale: `package_search` latency and a full harvest.

Builds its own catalogue and server: a temporary HROMADA_VAR_DIR (or `--database-url`, e.g.
`postgres://postgres@127.0.0.1:5432/h_bench`, which is emptied first), `migrate`, then
`--datasets` datasets (default 10 000) with `--resources-per-dataset` resources each
(default 10, so 100 000), tags and topic groups, written with bulk inserts; then gunicorn
`-w 2` on a free 127.0.0.1 port with DEBUG off.

Measured, over HTTP with one client:
- `package_search` latency (p50, p95, max) over `--searches` requests mixing a free-text `q`,
  an `fq` on a publisher, a keyword and a format, and `sort=metadata_modified desc`;
- the reference in the same run: `status_show` (the envelope and routing, no search);
- a full harvest the way the CKAN harvester pages: `sort=id asc`, `rows=100`, `start` += 100,
  until a page comes back empty, checking that every dataset arrives exactly once.

Targets (issue 4): `package_search` p95 under 30 ms; the full harvest under 60 s.
Human-readable lines go to stderr; the last line on stdout is one JSON object:
{"benchmark": "ckan_api", "results": {...}}.
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
BENCHMARK = "ckan_api"
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
            for position in range(per_dataset):
                code, mime = rng.choice(formats)
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


def search_params(rng: random.Random) -> dict[str, Any]:
    choice = rng.randrange(4)
    if choice == 0:
        return {"q": rng.choice(WORDS)}
    if choice == 1:
        return {"fq": f"organization:publisher-{rng.randrange(20)}"}
    if choice == 2:
        return {"fq": f'tags:"{rng.choice(WORDS)} {rng.randrange(5)}" +res_format:CSV'}
    return {"sort": "metadata_modified desc", "start": rng.randrange(0, 500)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--datasets", type=int, default=10_000)
    parser.add_argument("--resources-per-dataset", type=int, default=10)
    parser.add_argument("--searches", type=int, default=300)
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (emptied first)")
    options = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="hromada-bench-ckan-"))
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
    if options.database_url:
        import psycopg
        from psycopg import sql

        env["DATABASE_URL"] = options.database_url
        parts = urllib.parse.urlsplit(options.database_url)
        name = parts.path.lstrip("/")
        admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    os.environ.update(env)
    sys.path.insert(0, str(ROOT / "src"))
    server = None
    try:
        log(f"building {options.datasets} datasets × {options.resources_per_dataset} resources …")
        started = time.perf_counter()
        build_catalogue(options.datasets, options.resources_per_dataset)
        log(f"built in {time.perf_counter() - started:.1f} s")
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
        for _ in range(20):  # warm-up: connections, caches
            get(base, "package_search", search_params(rng))
            get(base, "status_show", {})
        reference = [get(base, "status_show", {})[0] for _ in range(options.searches)]
        searches = [
            get(base, "package_search", search_params(rng))[0] for _ in range(options.searches)
        ]

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
        results = {
            "datasets": options.datasets,
            "resources": options.datasets * options.resources_per_dataset,
            "database": "postgresql" if options.database_url else "sqlite",
            "package_search_ms": {
                "p50": round(percentile(searches, 0.5) * 1000, 2),
                "p95": round(percentile(searches, 0.95) * 1000, 2),
                "max": round(max(searches) * 1000, 2),
            },
            "reference_status_show_ms": {
                "p50": round(percentile(reference, 0.5) * 1000, 2),
                "p95": round(percentile(reference, 0.95) * 1000, 2),
            },
            "harvest": {
                "seconds": round(harvest_seconds, 2),
                "datasets_seen": len(seen),
                "distinct": len(set(seen)),
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
