"""Acts register speed: the filtered register page, a full-text query, and `import_acts`.

Loads the demo city into a scratch database (SQLite under a temporary directory, or the
PostgreSQL database of DATABASE_URL, which must be a scratch one: it is migrated and filled),
adds `--acts` generated acts whose search documents hold about 150 words of decision text
each, then, through Django's test client (page cache bypassed by a unique query parameter):

(a) reference: the register page with no filter;
(b) the register page filtered by kind, year and date range;
(c) the register page with a full-text query of two inflected words;
(d) `hromada import_acts` of `--rows` generated rows without files, in rows per second,
    against (reference) reading and checking the same CSV without writing.

Targets (issue 3): (b) and (c) p95 under 100 ms on PostgreSQL with 100,000 acts; (d) at
least 1,000 rows/s. The last line on stdout is one JSON object
{"benchmark": "acts_search", "results": {...}}.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

WORDS = (
    "бюджет бюджету бюджетних програми програма затвердження внесення змін рішення міської "
    "ради виконавчого комітету розпорядження житлового фонду опалювального періоду тарифів "
    "теплової енергії благоустрою території вулиці ремонту доріг освіти закладів дошкільної "
    "охорони здоров'я соціального захисту населення допомоги громадян земельної ділянки "
    "оренди комунального майна приватизації підприємства капітального будівництва"
).split()
KINDS = ("council_decision", "executive_decision", "mayor_order", "head_order")


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def timed(client: object, url: str, params: dict[str, str], runs: int) -> dict[str, float]:
    samples = []
    for number in range(runs + 3):
        started = time.perf_counter()
        response = client.get(url, {**params, "_n": str(number)})  # type: ignore[attr-defined]
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.status_code
        if number >= 3:  # warm-up
            samples.append(elapsed)
    return {"p50_ms": round(statistics.median(samples), 1), "p95_ms": round(p95(samples), 1)}


def fill(count: int) -> None:
    import datetime as dt

    from hromada.acts import search
    from hromada.acts.models import Act

    rng = random.Random(3)  # noqa: S311 - benchmark data
    batch: list[Act] = []
    for number in range(count):
        date = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
        title = "Про " + " ".join(rng.choice(WORDS) for _ in range(8))
        text = " ".join(rng.choice(WORDS) for _ in range(150))
        act = Act(
            kind=rng.choice(KINDS),
            number=f"B{number}",
            date=date,
            year=date.year,
            title=title,
            status="adopted",
            published_on=date,
            search_document=search.document([title, text]),
        )
        batch.append(act)
        if len(batch) == 2000:
            Act.objects.bulk_create(batch)
            batch = []
    Act.objects.bulk_create(batch)


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("kind,number,date,title,status,published_on,file\n")
        for number in range(rows):
            handle.write(
                f"{KINDS[number % 4]},I{number},2021-03-{1 + number % 28:02d},"
                f"Про імпорт {number},adopted,2021-03-{1 + number % 28:02d},\n"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--acts", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="acts-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.config.settings")
    os.environ["HROMADA_VAR_DIR"] = str(var_dir)
    os.environ["TASK_BACKEND"] = "immediate"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["FETCH_VIDEO_EMBEDS"] = "false"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from hromada.acts.csv_import import read_csv
    from hromada.acts.models import ActRegisterPage

    call_command("demo", stdout=io.StringIO())
    started = time.perf_counter()
    fill(args.acts)
    fill_seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE acts_act")

    client = Client()
    url = ActRegisterPage.objects.get(title="Усі рішення та розпорядження").url
    results: dict[str, object] = {
        "database": connection.vendor,
        "acts": args.acts,
        "fill_seconds": round(fill_seconds, 1),
        "reference_unfiltered_page": timed(client, url, {}, args.runs),
        "filtered_page": timed(
            client,
            url,
            {"kind": "executive_decision", "year": "2019", "date_from": "2019-03-01",
             "date_to": "2019-09-30"},
            args.runs,
        ),
        "full_text_query": timed(client, url, {"q": "бюджетних програма"}, args.runs),
    }

    csv_path = var_dir / "import.csv"
    write_csv(csv_path, args.rows)
    started = time.perf_counter()
    rows, errors = read_csv(csv_path)
    assert not errors, errors[:3]
    reference = args.rows / (time.perf_counter() - started)
    started = time.perf_counter()
    call_command("import_acts", str(csv_path), stdout=io.StringIO(), stderr=io.StringIO())
    rate = args.rows / (time.perf_counter() - started)
    results["import"] = {
        "rows": args.rows,
        "rows_per_second": round(rate),
        "reference_check_only_rows_per_second": round(reference),
    }
    print(json.dumps({"benchmark": "acts_search", "results": results}, ensure_ascii=False))


if __name__ == "__main__":
    main()
