"""ЄДР XML import speed: `read_edr` against a bare lxml iterparse pass over the same file.

Generates (in a temporary directory) a windows-1251 ЄДР "FULL"-format file of `--records`
`<SUBJECT>` records, of which every `--city-every`-th is in the city (NGO / party unit /
religious / trade union / charity forms, addresses in Лисичанськ) and the rest are ТОВ/ПП/ФОП
elsewhere or look-alike places. Then, each in a fresh subprocess (so peak memory is its own):

(a) reference: `lxml.etree.iterparse(file, events=("end",), tag="SUBJECT")`, clearing each
    record and its preceding siblings, counting records;
(b) `read_edr(file, place_forms=["Лисичанськ"])`, just iterating (no database);
(c) the full `hromada import_organizations --format edr-xml` into a temporary SQLite
    database (migrate + setup_city first; `--no-import` skips it; reported, not fatal, when
    the command fails).

Targets: (b) at least half the records/s of (a); (b)'s peak RSS under 300 MB; (c), when it
ran, at least half the records/s of (a) as issue 5 asks of the whole import.
The last line on stdout is one JSON object {"benchmark": "edr_import", "results": {...}}.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

CITY = "Лисичанськ"
CITY_FORMS = [
    ("Громадська організація", 'ГРОМАДСЬКА ОРГАНІЗАЦІЯ "ЛИСИЧАНСЬКА ІНІЦІАТИВА {n}"'),
    (
        "Структурне утворення політичної партії",
        'ЛИСИЧАНСЬКА МІСЬКА ОРГАНІЗАЦІЯ ПОЛІТИЧНОЇ ПАРТІЇ "ПАРТІЯ {n}"',
    ),
    ("Релігійна громада", "РЕЛІГІЙНА ГРОМАДА ПАРАФІЇ СВЯТОГО МИКОЛАЯ {n}"),
    ("Первинна профспілкова організація", "ПЕРВИННА ПРОФСПІЛКОВА ОРГАНІЗАЦІЯ ШАХТИ {n}"),
    ("Благодійний фонд", 'БЛАГОДІЙНИЙ ФОНД "ДОПОМОГА {n}"'),
]
OTHER_FORMS = [
    (
        "Товариство з обмеженою відповідальністю",
        'ТОВАРИСТВО З ОБМЕЖЕНОЮ ВІДПОВІДАЛЬНІСТЮ "ФІРМА {n}"',
    ),
    ("Приватне підприємство", 'ПРИВАТНЕ ПІДПРИЄМСТВО "АГРО {n}"'),
    ("Громадська організація", 'ГРОМАДСЬКА ОРГАНІЗАЦІЯ "КИЇВСЬКИЙ КЛУБ {n}"'),
]
OTHER_ADDRESSES = [
    "01001, м.Київ, Шевченківський район, вулиця Хрещатик, будинок {n}",
    "61000, Харківська обл., місто Харків, проспект Науки, будинок {n}",
    "93100, Луганська обл., Лисичанський район, село Устинівка, вулиця Миру, {n}",
    "79000, Львівська обл., місто Львів, площа Ринок, {n}",
]


def check_digit(code: str) -> int:
    from hromada.core.validators import edrpou_check_digit

    return edrpou_check_digit(code)


def generate(path: Path, records: int, city_every: int) -> dict[str, int]:
    """Write the file in windows-1251; returns how many city records of each form it holds."""
    template = (
        "<SUBJECT><NAME>{name}</NAME><SHORT_NAME></SHORT_NAME><OPF>{opf}</OPF>"
        "<EDRPOU>{code}</EDRPOU><ADDRESS>{address}</ADDRESS><STAN>{stan}</STAN>"
        "<REGISTRATION>{reg}, 1 000 102 0000 0{n:05d}</REGISTRATION>"
        "<TERMINATED_INFO>{term}</TERMINATED_INFO>"
        "<SIGNERS><SIGNER>ПЕТРЕНКО ПЕТРО ПЕТРОВИЧ - керівник</SIGNER></SIGNERS>"
        "<FOUNDERS><FOUNDER>ІВАНЕНКО ІВАН ІВАНОВИЧ</FOUNDER></FOUNDERS></SUBJECT>\n"
    )
    city_counts: dict[str, int] = {}
    with path.open("w", encoding="windows-1251", newline="\n") as out:
        out.write('<?xml version="1.0" encoding="windows-1251"?>\n<DATA>\n')
        batch: list[str] = []
        for n in range(1, records + 1):
            base = f"{(n * 7919 + 2100000) % 10_000_000:07d}"
            code = base + str(check_digit(base))
            terminated = n % 11 == 0
            if n % city_every == 0:
                opf, name = CITY_FORMS[(n // city_every) % len(CITY_FORMS)]
                address = f"93100, Луганська обл., місто {CITY}, вулиця Сосюри, будинок {n % 200}"
                city_counts[opf] = city_counts.get(opf, 0) + 1
            else:
                opf, name = OTHER_FORMS[n % len(OTHER_FORMS)]
                address = OTHER_ADDRESSES[n % len(OTHER_ADDRESSES)]
            batch.append(
                template.format(
                    name=name.format(n=n).replace('"', "&quot;"),
                    opf=opf,
                    code=code,
                    address=address.format(n=n % 300),
                    stan="припинено" if terminated else "зареєстровано",
                    reg=f"{1 + n % 28:02d}.{1 + n % 12:02d}.{1995 + n % 30}",
                    term=f"{1 + n % 28:02d}.06.2021, припинено" if terminated else "",
                    n=n % 100000,
                )
            )
            if len(batch) >= 10_000:
                out.write("".join(batch))
                batch.clear()
        out.write("".join(batch))
        out.write("</DATA>\n")
    return city_counts


def child_reference(path: str) -> dict[str, float]:
    from lxml import etree

    started = time.perf_counter()
    count = 0
    for _event, elem in etree.iterparse(path, events=("end",), tag="SUBJECT"):
        count += 1
        elem.clear(keep_tail=False)
        parent = elem.getparent()
        while elem.getprevious() is not None:
            del parent[0]
    elapsed = time.perf_counter() - started
    return {"records": count, "seconds": elapsed, "maxrss_mb": maxrss_mb()}


def child_read_edr(path: str) -> dict[str, float]:
    from hromada.organizations.edr import read_edr
    from hromada.organizations.records import OrganizationRecord

    calls = 0

    def progress(done: int, total: int) -> None:
        nonlocal calls
        calls += 1

    started = time.perf_counter()
    selected = errors = 0
    for item in read_edr(Path(path), place_forms=[CITY], progress=progress):
        if isinstance(item, OrganizationRecord):
            selected += 1
        else:
            errors += 1
    elapsed = time.perf_counter() - started
    return {
        "selected": selected,
        "errors": errors,
        "seconds": elapsed,
        "progress_calls": calls,
        "maxrss_mb": maxrss_mb(),
    }


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def run_child(mode: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(path)],
        check=True,
        capture_output=True,
        text=True,
        timeout=900,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_import(path: Path, workdir: Path) -> dict[str, object]:
    hromada = ROOT / ".venv" / "bin" / "hromada"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    env["HROMADA_VAR_DIR"] = str(workdir / "var")
    steps = [
        [str(hromada), "migrate", "--noinput"],
        [str(hromada), "setup_city", "--name", CITY, "--domain", "lysychansk.example"],
    ]
    try:
        for step in steps:
            subprocess.run(step, env=env, check=True, capture_output=True, timeout=600)
        started = time.perf_counter()
        done = subprocess.run(
            [str(hromada), "import_organizations", "--format", "edr-xml", str(path)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=900,
        )
        seconds = time.perf_counter() - started
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
        stderr = getattr(error, "stderr", b"") or b""
        if isinstance(stderr, bytes):
            stderr = stderr.decode(errors="replace")
        return {"ran": False, "error": f"{error}: {stderr.strip()[-400:]}"}
    return {
        "ran": True,
        "seconds": round(seconds, 2),
        "summary": done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--city-every", type=int, default=300, help="one city record in N")
    parser.add_argument("--rounds", type=int, default=2, help="alternating runs of (a) and (b)")
    parser.add_argument(
        "--no-import", action="store_true", help="skip (c), the full import into SQLite"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        mode, file = args.child
        result = child_reference(file) if mode == "reference" else child_read_edr(file)
        print(json.dumps(result))
        return 0

    loadavg_at_start = os.getloadavg()[0]
    workdir = Path(tempfile.mkdtemp(prefix="edr-bench-"))
    try:
        path = workdir / "EX_XML_EDR_UO_FULL.xml"
        started = time.perf_counter()
        city_counts = generate(path, args.records, args.city_every)
        gen_seconds = time.perf_counter() - started
        size_mb = path.stat().st_size / 1024**2
        expected = sum(city_counts.values())
        print(
            f"generated {args.records} records ({size_mb:.0f} MB, windows-1251), "
            f"{expected} in {CITY}, in {gen_seconds:.1f} s"
        )
        refs, reads = [], []
        for round_no in range(1, args.rounds + 1):
            ref = run_child("reference", path)
            refs.append(ref)
            print(
                f"round {round_no} (a) lxml iterparse: {ref['records'] / ref['seconds']:,.0f} "
                f"records/s ({ref['seconds']:.2f} s, peak {ref['maxrss_mb']:.0f} MB)"
            )
            got = run_child("read_edr", path)
            reads.append(got)
            print(
                f"round {round_no} (b) read_edr:       {args.records / got['seconds']:,.0f} "
                f"records/s ({got['seconds']:.2f} s, peak {got['maxrss_mb']:.0f} MB, "
                f"{got['selected']} selected, {got['errors']} errors, "
                f"{got['progress_calls']} progress calls)"
            )
        best_ref = min(refs, key=lambda r: r["seconds"])
        best_read = min(reads, key=lambda r: r["seconds"])
        ref_rate = best_ref["records"] / best_ref["seconds"]
        read_rate = args.records / best_read["seconds"]
        peak = max(r["maxrss_mb"] for r in reads)
        ratio = read_rate / ref_rate
        speed_ok = ratio >= 0.5
        memory_ok = peak < 300
        selected_ok = all(r["selected"] == expected and r["errors"] == 0 for r in reads)
        print(
            f"read_edr runs at {ratio:.2f}× the bare lxml pass (target ≥ 0.5): "
            f"{'met' if speed_ok else 'MISSED'}; peak {peak:.0f} MB (target < 300): "
            f"{'met' if memory_ok else 'MISSED'}; selected {best_read['selected']} of "
            f"{expected} expected"
        )
        results: dict[str, object] = {
            "records": args.records,
            "file_mb": round(size_mb, 1),
            "city_records_expected": expected,
            "reference_lxml_iterparse": {
                "records_per_s": round(ref_rate),
                "seconds": round(best_ref["seconds"], 2),
                "peak_rss_mb": round(best_ref["maxrss_mb"], 1),
            },
            "read_edr": {
                "records_per_s": round(read_rate),
                "seconds": round(best_read["seconds"], 2),
                "peak_rss_mb": round(peak, 1),
                "selected": best_read["selected"],
                "errors": best_read["errors"],
                "progress_calls": best_read["progress_calls"],
                "seconds_per_round": [round(r["seconds"], 2) for r in reads],
            },
            "speed_ratio_vs_reference": round(ratio, 3),
            "targets_met": {
                "speed_at_least_half_reference": speed_ok,
                "peak_memory_under_300_mb": memory_ok,
                "selection_correct": selected_ok,
            },
            "machine": {"cpus": os.cpu_count(), "loadavg_at_start": loadavg_at_start},
        }
        import_ok = True
        if not args.no_import:
            imported = run_import(path, workdir)
            if imported["ran"]:
                import_ratio = args.records / float(imported["seconds"]) / ref_rate  # type: ignore[arg-type]
                imported["speed_ratio_vs_reference"] = round(import_ratio, 3)
                import_ok = import_ratio >= 0.5
                targets = results["targets_met"]
                assert isinstance(targets, dict)
                targets["import_at_least_half_reference"] = import_ok
            print(f"(c) import_organizations: {imported}")
            results["import_organizations"] = imported
        results["all_targets_met"] = speed_ok and memory_ok and selected_ok and import_ok
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps({"benchmark": "edr_import", "results": results}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
