"""The multi-node deployment under a mixed load, with one web node and one worker killed midway
(issue 21 item 4).

It brings the cluster up with `deploy/cluster/up.sh --detach` (nginx, two gunicorn nodes,
PostgreSQL, Redis, two RQ workers, the scheduler, moto's S3), unless one is already running in
`--cluster-dir`, and then:

1. *nginx's cost*: the same anonymous reads for `--overhead-seconds` through nginx and straight
   to the two nodes, alternating, in the same run; the overhead is 1 − rate(nginx) / rate(direct).
2. *the mixed load* for `--seconds`, through nginx: anonymous page reads, CKAN API reads,
   identified residents (signed in once, their sessions in Redis) signing a petition and
   reporting problems with a photo (stored in S3's private bucket). At one third it kills web
   node 1 and RQ worker 1 with SIGKILL; at two thirds it starts them again.
3. *the audit*: every signature and report the portal accepted exists exactly once, every
   report's photo is in S3, no signature was refused as a duplicate that was not one, the
   queue drained (no job failed or was left started), and every resident is still signed in.

Targets: zero errors outside the failover windows (5 s after each kill and restart), zero lost
or doubled writes, nginx costing at most 15% of the direct read rate. On one machine the nodes
share its cores (stated in the output), so the run proves correctness and overhead; the
capacity model in docs/operations.md carries the scaling.

Human-readable lines go to stderr; the last stdout line is one JSON object:
{"benchmark": "cluster", "results": {...}, "targets_met": bool}.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
BENCHMARK = "cluster"
FAILOVER_WINDOW_SECONDS = 5.0
TARGET_NGINX_OVERHEAD = 0.15
PASSWORD = "cluster-bench-Пароль-1"
FORM_MIN_SECONDS = 5.5  # the public forms refuse a form sent within 5 s of being shown
READ_PATHS = (
    "/",
    "/news/",
    "/events/",
    "/calendar/",
    "/mistseve-samovriaduvannia/rishennia/usi-rishennia-ta-rozporiadzhennia/",
    "/dostup-do-publichnoi-informatsii/vidkryti-dani/",
    "/zhyteliam-mista/elektronni-petytsii/",
)
API_PATHS = (
    "/api/3/action/package_search?rows=10",
    "/api/3/action/package_list",
    "/api/3/action/organization_list",
)


def log(message: str) -> None:
    print(f"[{BENCHMARK}] {message}", file=sys.stderr, flush=True)


# --- the cluster ---------------------------------------------------------------------------


@dataclass
class Cluster:
    directory: Path
    port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def node(self, number: int) -> str:
        return f"http://127.0.0.1:{self.port + number}"

    def environment(self) -> dict[str, str]:
        values = dict(os.environ)
        for line in (self.directory / "env").read_text().splitlines():
            name, _, value = line.partition("=")
            if name:
                values[name] = value
        values["CLUSTER_DIR"] = str(self.directory)
        return values

    def pid(self, name: str) -> int | None:
        try:
            return int((self.directory / "pids" / f"{name}.pid").read_text())
        except (OSError, ValueError):
            return None

    def alive(self, name: str) -> bool:
        pid = self.pid(name)
        if pid is None:
            return False
        try:
            os.kill(pid, 0)
        except OSError:
            return False
        return True

    def kill(self, name: str) -> None:
        pid = self.pid(name)
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
        log(f"killed {name} (pid {pid}) with SIGKILL")

    def restart(self, name: str) -> None:
        # gunicorn's workers notice their master died and leave; wait until the port is free.
        subprocess.run(
            [str(ROOT / "deploy/cluster/restart.sh"), name], env=self.environment(), check=True
        )
        log(f"started {name} again (pid {self.pid(name)})")

    def django(self, code: str) -> Any:
        """Run Python in the cluster's environment (Django set up); return its JSON answer."""
        binary = os.environ.get("BIN", str(ROOT / ".venv/bin"))
        program = "import django, json\ndjango.setup()\n" + code
        done = subprocess.run(
            [f"{binary}/python", "-c", program],
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode != 0:
            raise RuntimeError(f"cluster code failed:\n{done.stderr[-3000:]}")
        marked = [line for line in done.stdout.splitlines() if line.startswith("ANSWER ")]
        return json.loads(marked[-1][len("ANSWER ") :])


def bring_up(directory: Path) -> tuple[Cluster, bool]:
    """The cluster in `directory`: the running one, else a new start. True when started here."""
    port_file = directory / "port"
    if port_file.exists():
        cluster = Cluster(directory, int(port_file.read_text()))
        if all(cluster.alive(name) for name in ("nginx", "web1", "web2")):
            log(f"using the running cluster at {cluster.base}")
            return cluster, False
    log("starting the cluster (deploy/cluster/up.sh --detach)")
    environment = dict(os.environ, CLUSTER_DIR=str(directory))
    subprocess.run([str(ROOT / "deploy/cluster/up.sh"), "--detach"], env=environment, check=True)
    return Cluster(directory, int(port_file.read_text())), True


PREPARE = """
from django.contrib.auth import get_user_model
from hromada.participation.petitions import services as petitions
from hromada.participation.petitions.pages import PetitionsPage
from hromada.participation.problems.models import ProblemCategory
from hromada.participation.problems.pages import ProblemsPage
from hromada.participation.residents import services as residents
from hromada.participation.shared.selectors import participation_settings

run, count, password = RUN, COUNT, PASSWORD
staff, _ = get_user_model().objects.get_or_create(
    username="cluster-bench-staff", defaults={"is_staff": True, "email": "bench@example.org"}
)
people = []
for index in range(count):
    resident = residents.register_resident(
        email=f"bench-{run}-{index}@example.org", password=password,
        full_name=f"Мешканець Навантаження {index}",
    )
    residents.confirm_email(resident=resident)
    residents.confirm_resident(
        resident=resident, document_type="passport",
        document_number=f"{run}{index:04d}", user=staff,
    )
    people.append({"id": resident.pk, "email": resident.user.email})
petition = petitions.file_petition(
    resident=residents.Resident.objects.get(pk=people[0]["id"]),
    title=f"Перевірка навантаження {run}: освітлення парку",
    text="Просимо встановити освітлення в парку (перевірка кластера під навантаженням).",
)
petitions.moderate_petition(petition=petition, publish=True, reason="", user=staff)
# The load comes from one address (127.0.0.1): the per-address report limit would refuse it.
rules = participation_settings()
rules.problem_reports_per_minute = 30000
rules.save()
print("ANSWER " + json.dumps({
    "residents": people,
    "petition_id": petition.pk,
    "petition_path": PetitionsPage.objects.live().first().url + f"{petition.pk}/",
    "problems_new_path": ProblemsPage.objects.live().first().url + "new/",
    "category_id": ProblemCategory.objects.order_by("pk").first().pk,
}))
"""

AUDIT = """
from django.core.files.storage import storages
from hromada.participation.petitions.models import Signature
from hromada.participation.problems.models import ProblemReport
ids = IDS
signatures = list(
    Signature.objects.filter(petition_id=PETITION, resident_id__in=ids)
    .values_list("resident_id", flat=True)
)
reports = list(
    ProblemReport.objects.filter(description__contains=MARK)
    .values_list("description", flat=True)
)
photos_missing = 0
photos = 0
for report in ProblemReport.objects.filter(description__contains=MARK).prefetch_related("photos"):
    for photo in report.photos.all():
        photos += 1
        if not photo.image.storage.exists(photo.image.name):
            photos_missing += 1
print("ANSWER " + json.dumps({
    "signatures": signatures, "reports": reports,
    "photos": photos, "photos_missing": photos_missing,
}))
"""

QUEUE = """
import django_rq
from rq.registry import FailedJobRegistry, StartedJobRegistry
queue = django_rq.get_queue("default")
print("ANSWER " + json.dumps({
    "queued": queue.count,
    "started": StartedJobRegistry(queue=queue).count,
    "failed": FailedJobRegistry(queue=queue).count,
}))
"""


# --- the load --------------------------------------------------------------------------------


@dataclass
class Sample:
    kind: str
    started: float
    seconds: float
    ok: bool
    detail: str = ""


@dataclass
class Recorder:
    samples: list[Sample] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timed(self, kind: str, call: Callable[[], tuple[bool, str]]) -> bool:
        started = time.monotonic()
        try:
            ok, detail = call()
        except httpx.HTTPError as error:
            ok, detail = False, f"{type(error).__name__}: {error}"
        sample = Sample(kind, started, time.monotonic() - started, ok, detail)
        with self.lock:
            self.samples.append(sample)
        return ok


def csrf(client: httpx.Client, path: str) -> tuple[str, str]:
    """The CSRF token and the form's signed start time from a page's form."""
    page = client.get(path)
    page.raise_for_status()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    started = re.search(r'name="started" value="([^"]+)"', page.text)
    if token is None:
        raise RuntimeError(f"no form on {path}")
    return token.group(1), started.group(1) if started else ""


def sign_in(client: httpx.Client, email: str) -> None:
    token, _ = csrf(client, "/account/login/")
    answer = client.post(
        "/account/login/",
        data={"csrfmiddlewaretoken": token, "username": email, "password": PASSWORD},
        headers={"Referer": str(client.base_url) + "/account/login/"},
    )
    if answer.status_code != 302 or "/account/login/" in answer.headers.get("location", ""):
        raise RuntimeError(f"{email} could not sign in: {answer.status_code}")


def signed_in(client: httpx.Client) -> bool:
    """Whether the session still signs this resident in (asked up to three times: a timeout
    on a busy machine is not a lost session)."""
    for _ in range(3):
        try:
            return client.get("/account/").status_code == 200
        except httpx.TimeoutException:
            continue
    return False


def png(seed: int) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (seed % 256, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


@dataclass
class Plan:
    prepared: dict[str, Any]
    mark: str
    deadline: float
    accepted_signatures: set[int] = field(default_factory=set)
    refused_signatures: dict[int, str] = field(default_factory=dict)
    accepted_reports: list[str] = field(default_factory=list)
    signed_in_at_end: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def reader(base: str, paths: tuple[str, ...], kind: str, recorder: Recorder, until: float) -> None:
    with httpx.Client(base_url=base, timeout=30, follow_redirects=False) as client:
        step = 0
        while time.monotonic() < until:
            path = paths[step % len(paths)]
            step += 1

            def read(path: str = path) -> tuple[bool, str]:
                answer = client.get(path)
                return answer.status_code == 200, f"{answer.status_code} {path}"

            recorder.timed(kind, read)


def resident_worker(
    base: str, person: dict[str, Any], plan: Plan, recorder: Recorder, index: int
) -> None:
    """One resident: signs in, signs the petition once, then reports problems until the end."""
    with httpx.Client(base_url=base, timeout=60, follow_redirects=False) as client:
        try:
            sign_in(client, person["email"])
        except (RuntimeError, httpx.HTTPError) as error:
            message = str(error)
            recorder.timed("sign-in", lambda: (False, message))
            return
        referer = {"Referer": base + plan.prepared["petition_path"]}

        def sign() -> tuple[bool, str]:
            token, _ = csrf(client, plan.prepared["petition_path"])
            answer = client.post(
                plan.prepared["petition_path"],
                data={"csrfmiddlewaretoken": token},
                headers=referer,
            )
            if answer.status_code == 302:
                with plan.lock:
                    plan.accepted_signatures.add(person["id"])
                return True, "302"
            if answer.status_code == 400 and "Ви вже підписали" in answer.text:
                with plan.lock:
                    plan.refused_signatures[person["id"]] = "already signed"
                return True, "400 already signed (a retry after a lost answer)"
            return False, f"{answer.status_code} sign"

        # A failed attempt (node killed mid-request) is tried again, as a resident would.
        for _ in range(5):
            if recorder.timed("sign", sign) or time.monotonic() > plan.deadline:
                break
            time.sleep(1)
        count = 0
        path = plan.prepared["problems_new_path"]
        while time.monotonic() < plan.deadline - FORM_MIN_SECONDS:
            try:
                token, started = csrf(client, path)
            except (RuntimeError, httpx.HTTPError) as error:
                recorder.timed("report", lambda error=error: (False, f"form: {error}"))
                time.sleep(1)
                continue
            time.sleep(FORM_MIN_SECONDS)
            count += 1
            description = f"{plan.mark} #{index}-{count}: вибоїна на тротуарі біля будинку."

            def report(
                token: str = token,
                started: str = started,
                description: str = description,
                count: int = count,
            ) -> tuple[bool, str]:
                answer = client.post(
                    path,
                    data={
                        "csrfmiddlewaretoken": token,
                        "started": started,
                        "website": "",
                        "category": str(plan.prepared["category_id"]),
                        "address": f"вул. Навантажувальна, {index}-{count}",
                        "description": description,
                        "confirm_similar": "1",
                    },
                    files={"photos": (f"photo-{index}-{count}.png", png(count), "image/png")},
                    headers={"Referer": base + path},
                )
                if answer.status_code == 302:
                    with plan.lock:
                        plan.accepted_reports.append(description)
                    return True, "302"
                return False, f"{answer.status_code} report"

            recorder.timed("report", report)
        # Signed in before the node died: the session (in Redis) must still be valid.
        if signed_in(client):
            with plan.lock:
                plan.signed_in_at_end += 1


# --- figures -----------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(samples: list[Sample], seconds: float) -> dict[str, Any]:
    times = [sample.seconds * 1000 for sample in samples if sample.ok]
    return {
        "requests": len(samples),
        "errors": sum(not sample.ok for sample in samples),
        "per_second": round(len(samples) / seconds, 1) if seconds else 0.0,
        "p50_ms": round(percentile(times, 0.50), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "p99_ms": round(percentile(times, 0.99), 1),
    }


def read_rate(bases: list[str], seconds: float, threads: int) -> float:
    recorder = Recorder()
    until = time.monotonic() + seconds
    workers = [
        threading.Thread(
            target=reader,
            args=(bases[index % len(bases)], READ_PATHS + API_PATHS, "read", recorder, until),
        )
        for index in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(sample.ok for sample in recorder.samples) / seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cluster-dir", type=Path, default=ROOT / "var/cluster")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--overhead-seconds", type=float, default=8.0)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--residents", type=int, default=6)
    parser.add_argument("--keep", action="store_true", help="leave a cluster started here up")
    arguments = parser.parse_args()

    cluster, started_here = bring_up(arguments.cluster_dir.resolve())
    try:
        results = run(cluster, arguments)
    finally:
        if started_here and not arguments.keep:
            environment = dict(os.environ, CLUSTER_DIR=str(cluster.directory))
            subprocess.run([str(ROOT / "deploy/cluster/down.sh")], env=environment, check=False)
    met = results["targets_met"]
    print(json.dumps({"benchmark": BENCHMARK, "results": results, "targets_met": met}))
    return 0 if met else 1


def run(cluster: Cluster, arguments: argparse.Namespace) -> dict[str, Any]:
    run_id = f"{secrets.randbelow(900000) + 100000}"
    log(f"preparing {arguments.residents} identified residents and a petition (run {run_id})")
    code = (
        PREPARE.replace("RUN", repr(run_id))
        .replace("COUNT", str(arguments.residents))
        .replace("PASSWORD", repr(PASSWORD))
    )
    prepared = cluster.django(code)

    # 1. nginx's cost, nginx and direct alternating so that both see the same machine.
    overhead_threads = max(2, arguments.readers)
    through_nginx: list[float] = []
    direct: list[float] = []
    for _ in range(2):
        half = arguments.overhead_seconds / 2
        through_nginx.append(read_rate([cluster.base], half, overhead_threads))
        direct.append(read_rate([cluster.node(1), cluster.node(2)], half, overhead_threads))
    nginx_rate, direct_rate = statistics.mean(through_nginx), statistics.mean(direct)
    overhead = 1 - nginx_rate / direct_rate if direct_rate else 1.0
    log(f"reads: {nginx_rate:.1f}/s through nginx, {direct_rate:.1f}/s direct")

    # 2. the mixed load with the failover in the middle.
    recorder = Recorder()
    begin = time.monotonic()
    deadline = begin + arguments.seconds
    plan = Plan(prepared=prepared, mark=f"[навантаження {run_id}]", deadline=deadline)
    threads = [
        threading.Thread(target=reader, args=(cluster.base, READ_PATHS, "page", recorder, deadline))
        for _ in range(arguments.readers // 2 or 1)
    ] + [
        threading.Thread(target=reader, args=(cluster.base, API_PATHS, "api", recorder, deadline))
        for _ in range(max(1, arguments.readers - arguments.readers // 2))
    ]
    threads += [
        threading.Thread(target=resident_worker, args=(cluster.base, person, plan, recorder, index))
        for index, person in enumerate(prepared["residents"])
    ]
    for thread in threads:
        thread.start()
    time.sleep(arguments.seconds / 3)
    killed_at = time.monotonic()
    cluster.kill("web1")
    cluster.kill("rqworker1")
    time.sleep(arguments.seconds / 3)
    restarted_at = time.monotonic()
    for _ in range(40):  # gunicorn's orphaned workers leave within a second or two
        try:
            httpx.get(cluster.node(1) + "/robots.txt", timeout=1)
        except httpx.HTTPError:
            break
        time.sleep(0.5)
    cluster.restart("web1")
    cluster.restart("rqworker1")
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - begin

    windows = [(killed_at, killed_at + FAILOVER_WINDOW_SECONDS)]
    windows.append((restarted_at, restarted_at + FAILOVER_WINDOW_SECONDS))

    def in_window(sample: Sample) -> bool:
        end = sample.started + sample.seconds
        return any(sample.started <= stop and end >= start for start, stop in windows)

    errors_outside = [s for s in recorder.samples if not s.ok and not in_window(s)]
    errors_inside = [s for s in recorder.samples if not s.ok and in_window(s)]
    for sample in errors_outside[:10]:
        log(f"error outside the window: {sample.kind} {sample.detail}")

    # 3. the audit, once the queue has drained.
    queue: dict[str, int] = {}
    for _ in range(60):
        queue = cluster.django(QUEUE)
        if queue["queued"] == 0 and queue["started"] == 0:
            break
        time.sleep(1)
    audit = cluster.django(
        AUDIT.replace("IDS", repr([person["id"] for person in prepared["residents"]]))
        .replace("PETITION", str(prepared["petition_id"]))
        .replace("MARK", repr(plan.mark))
    )
    signatures = audit["signatures"]
    reports = audit["reports"]
    accepted_signers = plan.accepted_signatures | set(plan.refused_signatures)
    lost_signatures = len(accepted_signers - set(signatures))
    doubled_signatures = len(signatures) - len(set(signatures))
    lost_reports = len(set(plan.accepted_reports) - set(reports))
    doubled_reports = len(reports) - len(set(reports))
    unasked_signatures = len(set(signatures) - accepted_signers)

    by_kind: dict[str, Any] = {}
    for kind in sorted({sample.kind for sample in recorder.samples}):
        chosen = [sample for sample in recorder.samples if sample.kind == kind]
        by_kind[kind] = summary(chosen, elapsed)
    results: dict[str, Any] = {
        "cores": os.cpu_count(),
        "load_average": round(os.getloadavg()[0], 2),
        "note": "two web nodes (2 workers × 4 threads each) share this machine's cores",
        "seconds": round(elapsed, 1),
        "all": summary(recorder.samples, elapsed),
        "by_kind": by_kind,
        "failover": {
            "window_seconds": FAILOVER_WINDOW_SECONDS,
            "errors_inside_windows": len(errors_inside),
            "errors_outside_windows": len(errors_outside),
        },
        "nginx": {
            "reads_per_second_through_nginx": round(nginx_rate, 1),
            "reads_per_second_direct": round(direct_rate, 1),
            "overhead": round(overhead, 3),
        },
        "audit": {
            "signatures_accepted": len(accepted_signers),
            "signatures_stored": len(signatures),
            "signatures_lost": lost_signatures,
            "signatures_doubled": doubled_signatures,
            "signatures_not_asked_for": unasked_signatures,
            "reports_accepted": len(plan.accepted_reports),
            "reports_stored": len(reports),
            "reports_lost": lost_reports,
            "reports_doubled": doubled_reports,
            "photos_stored": audit["photos"],
            "photos_missing_in_s3": audit["photos_missing"],
            "queue": queue,
            "residents_signed_in_at_start": len(prepared["residents"]),
            "residents_still_signed_in_at_end": plan.signed_in_at_end,
        },
    }
    results["targets"] = {
        "no_errors_outside_failover": not errors_outside,
        "no_lost_or_doubled_writes": not (
            lost_signatures
            or doubled_signatures
            or unasked_signatures
            or lost_reports
            or doubled_reports
            or audit["photos_missing"]
        ),
        "queue_drained_without_failures": bool(
            queue and queue["queued"] == 0 and queue["started"] == 0 and queue["failed"] == 0
        ),
        "no_session_lost": plan.signed_in_at_end == len(prepared["residents"]),
        "nginx_overhead_at_most_15_percent": overhead <= TARGET_NGINX_OVERHEAD,
    }
    results["targets_met"] = all(results["targets"].values())
    return results


if __name__ == "__main__":
    sys.exit(main())
