"""ЄДР import speed: the whole `import_organizations` on a full-dump ZIP against a bare lxml
iterparse pass over its legal-entities file alone (issue 17).

Generates, in a temporary directory, a 2019–2022-shaped full dump: `17-ufop_full_07-02-2022.zip`
holding the folder `17-ufop_full_07.02.2022/` with `17.1-EX_XML_EDR_UO_FULL_07.02.2022.xml`
(`--records` legal entities, windows-1251, everything on one line, every field present, `<X/>`
when empty, upper-case OPF texts, real REGISTRATION / TERMINATED_INFO / SIGNER strings, invalid
character references such as `&#3;` in some records) and `17.2-EX_XML_EDR_FOP_FULL_….xml`
(`--fop-records` entrepreneurs). Every `--city-every`-th legal entity is a civic organization
in the city, as many again are look-alikes (civic bodies of the district "Лисичанський район",
companies in the city) and the rest are companies and civic bodies elsewhere; the import must
skip all but the first.

Then, in alternating rounds, each in a fresh process (peak memory is its own):

(a) reference: `lxml.etree.iterparse(UO file, events=("end",), tag="SUBJECT")` over the
    unpacked legal-entities file, clearing each record and its preceding siblings;
(b) `hromada import_organizations --format edr-xml ZIP` into a fresh copy of a migrated
    SQLite database (`setup_city --name Лисичанськ` done once before), start-up included.

Targets: (b) at least as fast as (a) in records/s of the legal-entities file (ratio ≥ 1.0),
(b)'s peak RSS under 300 MB, (b) created exactly the generated city records with no error
and reported the repaired records. The last line on stdout is one JSON object
{"benchmark": "edr_import", "results": {...}}.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

CITY = "Лисичанськ"
DATE = "07.02.2022"
CITY_ADDRESS = "93100, Луганська обл., місто Лисичанськ, ВУЛИЦЯ СОСЮРИ, будинок {n}"
CITY_FORMS = [
    ("ГРОМАДСЬКА ОРГАНІЗАЦІЯ", 'ГРОМАДСЬКА ОРГАНІЗАЦІЯ "ЛИСИЧАНСЬКА ІНІЦІАТИВА {n}"'),
    (
        "ПОЛІТИЧНА ПАРТІЯ",
        "ЛИСИЧАНСЬКА МІСЬКА ОРГАНІЗАЦІЯ ПОЛІТИЧНОЇ ПАРТІЇ "
        '"ВСЕУКРАЇНСЬКЕ ОБ\'ЄДНАННЯ "БАТЬКІВЩИНА {n}""',
    ),
    ("РЕЛІГІЙНА ОРГАНІЗАЦІЯ", 'РЕЛІГІЙНА ГРОМАДА "ПАРАФІЯ СВЯТОГО МИКОЛАЯ {n}"'),
    ("ПРОФСПІЛКА", "ПЕРВИННА ПРОФСПІЛКОВА ОРГАНІЗАЦІЯ ШАХТИ {n}"),
    ("БЛАГОДІЙНА ОРГАНІЗАЦІЯ", 'БЛАГОДІЙНИЙ ФОНД "ДОПОМОГА {n}"'),
]
KYIV = "01001, м.Київ, вулиця Хрещатик, будинок {n}"
KHARKIV = "61000, Харківська обл., місто Харків, проспект Науки, будинок {n}"
DISTRICT = "93100, Луганська обл., Лисичанський район, село Устинівка, вулиця Миру, {n}"
LVIV = "79000, Львівська обл., місто Львів, площа Ринок, {n}"
LLC = "ТОВАРИСТВО З ОБМЕЖЕНОЮ ВІДПОВІДАЛЬНІСТЮ"
NGO = "ГРОМАДСЬКА ОРГАНІЗАЦІЯ"
OTHER = [
    (LLC, 'ТОВ "ФІРМА {n}"', KYIV),
    ("ПРИВАТНЕ ПІДПРИЄМСТВО", 'ПРИВАТНЕ ПІДПРИЄМСТВО "АГРО {n}"', KHARKIV),
    (NGO, 'ГРОМАДСЬКА ОРГАНІЗАЦІЯ "КИЇВСЬКИЙ КЛУБ {n}"', KYIV),
    ("ФЕРМЕРСЬКЕ ГОСПОДАРСТВО", 'ФЕРМЕРСЬКЕ ГОСПОДАРСТВО "НИВА {n}"', LVIV),
]
#: As often as the city's civic records: look-alikes the import must read and reject.
LOOK_ALIKES = [
    (NGO, 'ГРОМАДСЬКА ОРГАНІЗАЦІЯ "РАЙОННИЙ КЛУБ {n}"', DISTRICT),
    (LLC, 'ТОВ "ЛИСИЧАНСЬКБУД {n}"', CITY_ADDRESS),
]
SUBJECT = (
    "<SUBJECT><NAME>{name}</NAME><SHORT_NAME/><OPF>{opf}</OPF><EDRPOU>{code}</EDRPOU>"
    "<ADDRESS>{address}</ADDRESS><STAN>{stan}</STAN><AUTHORIZED_CAPITAL/>"
    "<FOUNDING_DOCUMENT_NUM/><EXECUTIVE_POWER/><SUPERIOR_MANAGEMENT/><STATUTE>СТАТУТ</STATUTE>"
    "<REGISTRATION>{reg}; {reg}; 1119102000001{n:04d}</REGISTRATION><MANAGING_PAPER/>"
    "<VP_DATES/><CURRENT_AUTHORITY>{authority}</CURRENT_AUTHORITY>"
    "<CONTACTS>Телефон 1: (06451) 2-22-{t:02d}</CONTACTS>"
    "<ACTIVITY_KINDS><ACTIVITY_KIND><CODE>94.99</CODE><NAME>Діяльність інших громадських "
    "організацій, н. в. і. у.</NAME><PRIMARY>так</PRIMARY></ACTIVITY_KIND></ACTIVITY_KINDS>"
    "<SIGNERS><SIGNER>{head}; 21.10.2013 - керівник</SIGNER></SIGNERS>"
    "<FOUNDERS><FOUNDER>ІВАНЕНКО ІВАН ІВАНОВИЧ</FOUNDER></FOUNDERS><BENEFICIARIES/>"
    "<BRANCHES/><TERMINATED_INFO>{term}</TERMINATED_INFO><TERMINATION_CANCEL_INFO/>"
    "<TERMINATION_STARTED_INFO/><BANKRUPTCY_READJUSTMENT_INFO/><PREDECESSORS/><ASSIGNEES/>"
    "<EXCHANGE_DATA/></SUBJECT>"
)
FOP = (
    "<SUBJECT><NAME>КОВАЛЬ ОЛЕНА ІВАНІВНА {n}</NAME><ADDRESS>" + CITY_ADDRESS + "</ADDRESS>"
    "<STAN>зареєстровано</STAN><REGISTRATION>01.02.2010; 01.02.2010; 2</REGISTRATION>"
    "<ACTIVITY_KINDS/><SIGNERS/><TERMINATED_INFO/></SUBJECT>"
)


def code_for(n: int) -> str:
    from hromada.core.validators import edrpou_check_digit

    base = f"{(n * 7919 + 2100000) % 10_000_000:07d}"
    return base + str(edrpou_check_digit(base))


def generate_uo(path: Path, records: int, city_every: int, dirt_every: int) -> dict[str, int]:
    """Write the legal-entities file; returns the expected city and dirt figures."""
    expected = {"city": 0, "dirty_city": 0}
    with path.open("w", encoding="windows-1251", newline="") as out:
        out.write('<?xml version="1.0" encoding="windows-1251"?>\n<DATA>')
        batch: list[str] = []
        for n in range(1, records + 1):
            terminated = n % 11 == 0
            if n % city_every == 0:
                opf, name = CITY_FORMS[(n // city_every) % len(CITY_FORMS)]
                address = CITY_ADDRESS
                expected["city"] += 1
            elif n % city_every == city_every // 2:
                opf, name, address = LOOK_ALIKES[(n // city_every) % len(LOOK_ALIKES)]
            else:
                opf, name, address = OTHER[n % len(OTHER)]
            head = "ПЕТРЕНКО ПЕТРО ПЕТРОВИЧ"
            if n % dirt_every == 0:
                head = (
                    "ПЕТ&#3;РЕНКО ПЕТРО&#31; ПЕТРОВИЧ"  # the invalid references of the real files
                )
                if n % city_every == 0:
                    expected["dirty_city"] += 1
            batch.append(
                SUBJECT.format(
                    name=name.format(n=n).replace('"', "&quot;"),
                    opf=opf,
                    code=code_for(n),
                    address=address.format(n=n % 300),
                    stan="припинено" if terminated else "зареєстровано",
                    reg=f"{1 + n % 28:02d}.{1 + n % 12:02d}.{1995 + n % 20}",
                    term=(
                        f"16.02.2022; 100111100001{n % 10000:04d}; Державна реєстрація "
                        "припинення юридичної особи в результаті її ліквідації"
                    )
                    if terminated
                    else "",
                    head=head,
                    # The registering authority names the city only for the city's own
                    # entities (a hit the byte search must then check, as in the real files).
                    authority=(
                        "Виконавчий комітет Лисичанської міської ради"
                        if address is CITY_ADDRESS
                        else "Шевченківська районна в місті Києві державна адміністрація"
                    ),
                    n=n % 10000,
                    t=n % 100,
                )
            )
            if len(batch) >= 10_000:
                out.write("".join(batch))
                batch.clear()
        out.write("".join(batch))
        out.write("</DATA>")
    return expected


def build_zip(zip_path: Path, uo: Path, fop_records: int) -> None:
    folder = f"17-ufop_full_{DATE}"
    with zipfile.ZipFile(
        zip_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1
    ) as archive:
        archive.write(uo, f"{folder}/17.1-EX_XML_EDR_UO_FULL_{DATE}.xml")
        with archive.open(
            f"{folder}/17.2-EX_XML_EDR_FOP_FULL_{DATE}.xml", "w", force_zip64=True
        ) as member:
            member.write(b'<?xml version="1.0" encoding="windows-1251"?>\n<DATA>')
            batch: list[str] = []
            for n in range(fop_records):
                batch.append(FOP.format(n=n % 300))
                if len(batch) >= 10_000:
                    member.write("".join(batch).encode("windows-1251"))
                    batch.clear()
            member.write("".join(batch).encode("windows-1251") + b"</DATA>")


def child_reference(path: str) -> dict[str, float]:
    from lxml import etree

    started = time.perf_counter()
    count = 0
    for _event, elem in etree.iterparse(path, events=("end",), tag="SUBJECT", recover=True):
        count += 1
        elem.clear(keep_tail=False)
        parent = elem.getparent()
        while elem.getprevious() is not None:
            del parent[0]
    elapsed = time.perf_counter() - started
    return {"records": count, "seconds": elapsed, "maxrss_mb": maxrss_mb()}


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def run_reference(path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", "reference", str(path)],
        check=True,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def hromada(*args: str) -> list[str]:
    code = "import sys; from hromada.config.cli import main; sys.argv[0] = 'hromada'; main()"
    return [sys.executable, "-c", code, *args]


def import_env(workdir: Path, database: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env["DATABASE_URL"] = f"sqlite:///{database}"
    env["HROMADA_VAR_DIR"] = str(workdir / "var")
    env["PYTHONPATH"] = str(ROOT / "src")
    return env


def prepare_database(workdir: Path) -> Path:
    template = workdir / "template.sqlite3"
    env = import_env(workdir, template)
    for step in (
        hromada("migrate", "--noinput"),
        hromada("setup_city", "--name", CITY, "--domain", "lysychansk.example"),
    ):
        subprocess.run(step, env=env, check=True, capture_output=True, timeout=900)
    return template


def run_import(zip_path: Path, workdir: Path, template: Path) -> dict[str, object]:
    database = workdir / "round.sqlite3"
    shutil.copyfile(template, database)
    env = import_env(workdir, database)
    out_path, err_path = workdir / "import.out", workdir / "import.err"
    with out_path.open("w") as out, err_path.open("w") as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            hromada("import_organizations", "--format", "edr-xml", str(zip_path)),
            env=env,
            stdout=out,
            stderr=err,
        )
        # wait4 gives this child's own peak RSS (start-up included).
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss / 1024  # kB on Linux
    stdout, stderr = out_path.read_text(), err_path.read_text()
    if process.returncode != 0:
        return {"ran": False, "error": stderr.strip()[-600:]}
    summary = re.search(r"created (\d+), updated (\d+), skipped (\d+), errors (\d+)", stdout)
    read = re.search(r"read (\d+) records", stdout)
    repaired = re.search(r"repaired (\d+) invalid character\(s\) in (\d+) record", stdout)
    return {
        "ran": True,
        "seconds": seconds,
        "peak_rss_mb": peak,
        "created": int(summary.group(1)) if summary else -1,
        "errors": int(summary.group(4)) if summary else -1,
        "records_read": int(read.group(1)) if read else -1,
        "repaired_records": int(repaired.group(2)) if repaired else 0,
        "output": stdout.strip().splitlines()[:3],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=2_000_000)
    parser.add_argument("--fop-records", type=int, default=None, help="default: --records")
    parser.add_argument("--city-every", type=int, default=600, help="one city record in N")
    parser.add_argument("--dirt-every", type=int, default=997, help="one dirty record in N")
    parser.add_argument("--rounds", type=int, default=2, help="alternating runs of (a) and (b)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        print(json.dumps(child_reference(args.child[1])))
        return 0

    fop_records = args.records if args.fop_records is None else args.fop_records
    loadavg_at_start = os.getloadavg()[0]
    workdir = Path(tempfile.mkdtemp(prefix="edr-bench-"))
    results: dict[str, object] = {}
    try:
        uo = workdir / f"17.1-EX_XML_EDR_UO_FULL_{DATE}.xml"
        zip_path = workdir / f"17-ufop_full_{DATE.replace('.', '-')}.zip"
        started = time.perf_counter()
        expected = generate_uo(uo, args.records, args.city_every, args.dirt_every)
        build_zip(zip_path, uo, fop_records)
        template = prepare_database(workdir)
        gen_seconds = time.perf_counter() - started
        uo_mb = uo.stat().st_size / 1024**2
        zip_mb = zip_path.stat().st_size / 1024**2
        print(
            f"generated {args.records} legal entities ({uo_mb:.0f} MB) and {fop_records} "
            f"entrepreneurs in a {zip_mb:.0f} MB ZIP, {expected['city']} civic records in "
            f"{CITY}, in {gen_seconds:.1f} s"
        )
        refs, imports = [], []
        for round_no in range(1, args.rounds + 1):
            ref = run_reference(uo)
            refs.append(ref)
            print(
                f"round {round_no} (a) lxml iterparse of the UO file: "
                f"{ref['records'] / ref['seconds']:,.0f} records/s ({ref['seconds']:.2f} s, "
                f"peak {ref['maxrss_mb']:.0f} MB)"
            )
            got = run_import(zip_path, workdir, template)
            imports.append(got)
            if not got["ran"]:
                print(f"round {round_no} (b) import_organizations FAILED: {got['error']}")
                continue
            print(
                f"round {round_no} (b) import_organizations on the ZIP: "
                f"{args.records / float(got['seconds']):,.0f} records/s "  # type: ignore[arg-type]
                f"({float(got['seconds']):.2f} s, peak {float(got['peak_rss_mb']):.0f} MB, "  # type: ignore[arg-type]
                f"created {got['created']}, errors {got['errors']}, "
                f"repaired records {got['repaired_records']})"
            )
        ran = [i for i in imports if i["ran"]]
        best_ref = min(refs, key=lambda r: r["seconds"])
        ref_rate = best_ref["records"] / best_ref["seconds"]
        if ran:
            best = min(ran, key=lambda r: float(r["seconds"]))  # type: ignore[arg-type]
            rate = args.records / float(best["seconds"])  # type: ignore[arg-type]
            ratio = rate / ref_rate
            peak = max(float(i["peak_rss_mb"]) for i in ran)  # type: ignore[arg-type]
        else:
            best, rate, ratio, peak = {}, 0.0, 0.0, 0.0
        speed_ok = bool(ran) and ratio >= 1.0
        memory_ok = bool(ran) and peak < 300
        correct = bool(ran) and all(
            i["created"] == expected["city"]
            and i["errors"] == 0
            and i["records_read"] == args.records
            and i["repaired_records"] == expected["dirty_city"]
            for i in ran
        )
        print(
            f"import runs at {ratio:.2f}× the bare lxml pass (target ≥ 1.0): "
            f"{'met' if speed_ok else 'MISSED'}; peak {peak:.0f} MB (target < 300): "
            f"{'met' if memory_ok else 'MISSED'}; selection and repairs "
            f"{'correct' if correct else 'WRONG'}"
        )
        results = {
            "records": args.records,
            "fop_records": fop_records,
            "uo_file_mb": round(uo_mb, 1),
            "zip_mb": round(zip_mb, 1),
            "city_records_expected": expected["city"],
            "dirty_city_records_expected": expected["dirty_city"],
            "reference_lxml_iterparse": {
                "records_per_s": round(ref_rate),
                "seconds": round(best_ref["seconds"], 2),
                "peak_rss_mb": round(best_ref["maxrss_mb"], 1),
                "seconds_per_round": [round(r["seconds"], 2) for r in refs],
            },
            "import_organizations": {
                "records_per_s": round(rate),
                "seconds": round(float(best.get("seconds", 0.0)), 2),  # type: ignore[arg-type]
                "peak_rss_mb": round(peak, 1),
                "seconds_per_round": [
                    round(float(i["seconds"]), 2) if i["ran"] else None  # type: ignore[arg-type]
                    for i in imports
                ],
                "created": best.get("created"),
                "errors": best.get("errors"),
                "repaired_records": best.get("repaired_records"),
                "failures": [i["error"] for i in imports if not i["ran"]],
            },
            "speed_ratio_vs_reference": round(ratio, 3),
            "targets_met": {
                "import_at_least_as_fast_as_reference": speed_ok,
                "peak_memory_under_300_mb": memory_ok,
                "selection_and_repairs_correct": correct,
            },
            "all_targets_met": speed_ok and memory_ok and correct,
            "machine": {"cpus": os.cpu_count(), "loadavg_at_start": loadavg_at_start},
        }
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps({"benchmark": "edr_import", "results": results}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
