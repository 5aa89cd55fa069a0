"""The multi-node deployment (deploy/cluster/up.sh) brought up for real and checked briefly:
nginx in front of two gunicorn nodes, Redis sessions shared by the nodes, a resident's upload
stored in S3 (moto's server), the jobs run by the RQ workers, and reads going on through nginx
after a node is killed with SIGKILL.

It runs in the PostgreSQL pass only (the cluster's database is a copy of this worker's test
database, with the demo city: no migrate or demo load). `benchmarks/cluster.py` is the long
version: a mixed load, failover windows and an audit of every write.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.db import connection
from tests.database_copy import copy_test_database, drop_database_copy

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PASSWORD = "cluster-test-Пароль-1"
FORM_MIN_SECONDS = 5.5

pytestmark = pytest.mark.skipif(
    not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists())
    or not shutil.which("redis-server"),
    reason="nginx and redis-server are needed (.ci/run installs them)",
)


@dataclass
class Cluster:
    directory: Path
    environment: dict[str, str]

    @property
    def port(self) -> int:
        return int((self.directory / "port").read_text())

    def url(self, node: int = 0) -> str:
        return f"http://127.0.0.1:{self.port + node}"

    def pid(self, name: str) -> int:
        return int((self.directory / "pids" / f"{name}.pid").read_text())

    def python(self, code: str) -> Any:
        """Run code with Django set up in the cluster's environment; its printed JSON answer."""
        values = dict(self.environment)
        for line in (self.directory / "env").read_text().splitlines():
            name, _, value = line.partition("=")
            values[name] = value
        done = subprocess.run(
            [str(BIN / "python"), "-c", "import django, json\ndjango.setup()\n" + code],
            env=values,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        [answer] = [line for line in done.stdout.splitlines() if line.startswith("ANSWER ")]
        return json.loads(answer.removeprefix("ANSWER "))

    def logs(self) -> str:
        return "\n".join(
            f"== {path.name}\n" + "\n".join(path.read_text(errors="replace").splitlines()[-15:])
            for path in sorted((self.directory / "logs").glob("*.log"))
        )


@pytest.fixture(scope="module")
def cluster(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cluster]:
    if connection.vendor != "postgresql":
        pytest.skip("the cluster runs on PostgreSQL: the PostgreSQL pass tests it")
    folder = tmp_path_factory.mktemp("cluster")
    with django_db_blocker.unblock():
        database_url = copy_test_database(f"{connection.settings_dict['NAME']}_cluster", folder)
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("S3_", "AWS_", "DJANGO_", "PYTEST_", "REDIS_", "DATABASE_"))
    }
    environment.update(
        CLUSTER_DIR=str(folder / "cluster"),
        CLUSTER_DATABASE_URL=database_url,
        CLUSTER_LOAD_DEMO="0",
        BIN=str(BIN),
    )
    running = Cluster(folder / "cluster", environment)
    try:
        up = subprocess.run(
            [str(ROOT / "deploy/cluster/up.sh"), "--detach"],
            env=environment,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert up.returncode == 0, up.stdout[-2000:] + up.stderr[-2000:]
        yield running
    finally:
        subprocess.run(
            [str(ROOT / "deploy/cluster/down.sh")], env=environment, timeout=120, check=False
        )
        with django_db_blocker.unblock():
            drop_database_copy(database_url)


def form_tokens(client: httpx.Client, path: str) -> dict[str, str]:
    page = client.get(path)
    assert page.status_code == 200, f"{path}: {page.status_code}"
    found = dict(re.findall(r'name="(csrfmiddlewaretoken|started)" value="([^"]+)"', page.text))
    assert "csrfmiddlewaretoken" in found, f"no form on {path}"
    return found


PREPARE = """
from hromada.participation.problems.models import ProblemCategory
from hromada.participation.problems.pages import ProblemsPage
from hromada.participation.residents import services
resident = services.register_resident(
    email="cluster-test@example.org", password=PASSWORD, full_name="Олена Кластерна"
)
services.confirm_email(resident=resident)
print("ANSWER " + json.dumps({
    "problems_new": ProblemsPage.objects.live().first().url + "new/",
    "category": ProblemCategory.objects.order_by("pk").first().pk,
}))
"""

QUEUE_AND_S3 = """
import django_rq
from django.core.files.storage import storages
from rq.registry import FailedJobRegistry, FinishedJobRegistry, StartedJobRegistry
from hromada.participation.problems.models import ProblemReport
queue = django_rq.get_queue("default")
report = ProblemReport.objects.filter(description__contains=MARK).first()
photos = [photo.image for photo in report.photos.all()] if report else []
print("ANSWER " + json.dumps({
    "queued": queue.count,
    "started": StartedJobRegistry(queue=queue).count,
    "finished": FinishedJobRegistry(queue=queue).count,
    "failed": FailedJobRegistry(queue=queue).count,
    "report": bool(report),
    "photos": [
        (image.storage.__class__.__name__, image.storage.exists(image.name)) for image in photos
    ],
}))
"""


# django_db: so the test database is set up (and copied) when this file runs alone; the test
# itself reads and writes only the cluster's copy, through the cluster.
@pytest.mark.django_db
def test_the_cluster_shares_sessions_stores_uploads_in_s3_and_survives_a_killed_node(
    cluster: Cluster,
) -> None:
    home = httpx.get(cluster.url() + "/", timeout=30)
    assert home.status_code == 200 and '<html lang="uk"' in home.text, cluster.logs()

    prepared = cluster.python(PREPARE.replace("PASSWORD", repr(PASSWORD)))

    # Signed in on node 1, still signed in on node 2: the session is in Redis.
    node1 = httpx.Client(base_url=cluster.url(1), timeout=30)
    tokens = form_tokens(node1, "/account/login/")
    signed = node1.post(
        "/account/login/",
        data={
            "csrfmiddlewaretoken": tokens["csrfmiddlewaretoken"],
            "username": "cluster-test@example.org",
            "password": PASSWORD,
        },
    )
    assert signed.status_code == 302, signed.text[-2000:]
    node2 = httpx.Client(base_url=cluster.url(2), timeout=30, cookies=node1.cookies)
    assert node2.get("/account/").status_code == 200, "node 2 does not know node 1's session"

    # A problem report with a photo, through nginx: the photo goes to the private S3 bucket.
    resident = httpx.Client(base_url=cluster.url(), timeout=60, cookies=node1.cookies)
    tokens = form_tokens(resident, prepared["problems_new"])
    time.sleep(FORM_MIN_SECONDS)  # the form refuses what is sent within 5 s of being shown
    mark = "кластерна перевірка"
    sent = resident.post(
        prepared["problems_new"],
        data={
            **tokens,
            "website": "",
            "category": str(prepared["category"]),
            "address": "вул. Кластерна, 1",
            "description": f"Вибоїна на тротуарі ({mark}).",
            "confirm_similar": "1",
        },
        files={"photos": ("photo.png", _png(), "image/png")},
        headers={"Referer": cluster.url() + prepared["problems_new"]},
    )
    assert sent.status_code == 302, sent.text[-3000:]

    # The workers run what the report queued (committed first: no job fails on a missing row).
    state: dict[str, Any] = {}
    for _ in range(60):
        state = cluster.python(QUEUE_AND_S3.replace("MARK", repr(mark)))
        if state["queued"] == 0 and state["started"] == 0 and state["finished"] > 0:
            break
        time.sleep(1)
    assert state["report"] and state["photos"] == [["PrivateS3Storage", True]], state
    assert state["finished"] > 0 and state["failed"] == 0, (state, cluster.logs())

    # Web node 1 killed: nginx sends every read to node 2.
    os.kill(cluster.pid("web1"), signal.SIGKILL)
    answers = [httpx.get(cluster.url() + "/news/", timeout=30).status_code for _ in range(12)]
    assert answers == [200] * 12, (answers, cluster.logs())
    assert resident.get("/account/").status_code == 200, "the session was lost with the node"


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()
