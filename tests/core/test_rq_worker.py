"""The RQ worker as docs/operations.md starts it, on a real Redis, through every job we enqueue.

`hromada rqworker default --with-scheduler` (the documented command, no `--job-class`) runs in
its own process with production settings, on a copy of this worker's test database (the demo
city) and a Redis database of its own (tests/redis_db.py). This process enqueues each of the
project's tasks through the RQ backend, as a web node does, and reads the results back from
Redis and the effects from the copy: indexing, e-mail, the live datasets' deferred move (the
scheduler part moves it onto the queue), reminders, the importers' background steps.

Before RQ's job class was set in the settings, every job failed with "'Task' object is not
callable". A task added to a module's tasks.py without a case here fails the test.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import pkgutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from django.utils import timezone
from django_tasks.base import Task, TaskResultStatus

import hromada
from tests.database_copy import copy_demo_files, copy_test_database, drop_database_copy
from tests.redis_db import claimed_redis_database

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]
ALIAS = "rq_worker"  # the worker's database, as seen from this process
JOB_TIMEOUT_SECONDS = 120  # a guard against a hang; a busy machine is slow
MAIL_TO = "rq-check@lysychansk.example"


@dataclass
class Worker:
    redis_url: str
    database_url: str
    mail: Path
    media: Path
    log: Path
    process: subprocess.Popen[bytes]

    def tail(self) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-60:])


def _environment(
    database_url: str, redis_url: str, folder: Path, files: dict[str, Path]
) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("S3_", "AWS_", "DJANGO_", "PYTEST_")) and name != "HTTPS"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="hromada.config.settings",  # production settings
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,  # the cache, the sessions and the queue (TASK_BACKEND=rq)
        HROMADA_VAR_DIR=str(folder / "var"),
        MEDIA_ROOT=str(files["media"]),
        PRIVATE_MEDIA_ROOT=str(files["private"]),
        EMAIL_URL=f"file:{folder / 'mail'}",
        SECRET_KEY="rq-worker-test-secret-key-not-for-production-0123456789",
        FETCH_VIDEO_EMBEDS="false",
        DEBUG="false",
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest.fixture(scope="module")
def worker(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Worker]:
    folder = tmp_path_factory.mktemp("rq-worker")
    with django_db_blocker.unblock():
        name = f"{connections['default'].settings_dict['NAME']}_rq"
        database_url = copy_test_database(
            "rq" if connections["default"].vendor == "sqlite" else name, folder
        )
    files = copy_demo_files(folder)
    try:
        with claimed_redis_database() as redis_url:
            log = folder / "worker.log"
            with log.open("wb") as out:
                process = subprocess.Popen(
                    [BIN / "hromada", "rqworker", "default", "--with-scheduler"],
                    env=_environment(database_url, redis_url, folder, files),
                    cwd=folder,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            running = Worker(redis_url, database_url, folder / "mail", files["media"], log, process)
            try:
                yield running
            finally:
                process.send_signal(signal.SIGTERM)  # a warm shutdown, as systemd stops it
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
    finally:
        drop_database_copy(database_url)


@contextmanager
def _worker_database(worker: Worker) -> Iterator[None]:
    """The worker's database under the alias ALIAS in this process (autocommit). Added inside
    the test: an alias known when the test's case class is set up would be refused to it."""
    url = worker.database_url
    name = url.rsplit("/", 1)[1] if url.startswith("postgres") else url.removeprefix("sqlite:///")
    connections.settings[ALIAS] = {**connections["default"].settings_dict, "NAME": name}
    # Connected directly: the test case's guard lets an open connection through, and this one
    # is no test database but the worker's own, which must see each write committed.
    connections[ALIAS].connect()
    try:
        yield
    finally:
        connections[ALIAS].close()
        del connections[ALIAS]
        connections.settings.pop(ALIAS, None)


def _our_tasks() -> dict[str, Task[Any, Any]]:
    """Every task defined in a module's tasks.py, by its path."""
    found: dict[str, Task[Any, Any]] = {}
    for module in pkgutil.iter_modules(hromada.__path__):
        try:
            tasks = importlib.import_module(f"hromada.{module.name}.tasks")
        except ModuleNotFoundError as error:
            if error.name != f"hromada.{module.name}.tasks":
                raise
            continue
        for value in vars(tasks).values():
            if isinstance(value, Task):
                found[value.module_path] = value
    return found


def _cases(worker: Worker) -> dict[str, tuple[tuple[Any, ...], dict[str, Any]]]:
    """The arguments each task is enqueued with, on rows prepared in the worker's database."""
    from wagtail.models import Collection, Page

    from hromada.acts.models import ActFile
    from hromada.core.models import HromadaDocument
    from hromada.monitoring.models import Feed, Outlet
    from hromada.opendata.models import Resource, ResourceVersion
    from hromada.organizations.models import Organization
    from hromada.outreach.models import UrgentNotice

    # An importer's file whose text is still to be extracted (acts' CSV import leaves it so).
    act_file = next(
        (
            act_file
            for act_file in ActFile.objects.using(ALIAS).exclude(file="").order_by("pk")
            if (worker.media / act_file.file.name).is_file()
        ),
        None,
    )
    assert act_file is not None, "the demo's act files are missing"
    ActFile.objects.using(ALIAS).filter(pk=act_file.pk).update(text="", text_pending=True)
    # A document uploaded with text to index.
    (worker.media / "documents").mkdir(parents=True, exist_ok=True)
    (worker.media / "documents" / "rq-check.txt").write_text("Розклад прийому громадян у 2020 році")
    # bulk_create: no signal in this process (which would run the job here, at once)
    [document] = HromadaDocument.objects.using(ALIAS).bulk_create(
        [
            HromadaDocument(
                title="Розклад прийому",
                file="documents/rq-check.txt",
                collection=Collection.objects.using(ALIAS).get(depth=1),
                file_size=60,
            )
        ]
    )
    # No test reaches the internet: the demo's external links and feeds point to loopback,
    # which production settings refuse to fetch (an address inside the network).
    Resource.objects.using(ALIAS).exclude(external_url="").update(
        external_url="http://127.0.0.1:9/data.csv"
    )
    for number, feed in enumerate(Feed.objects.using(ALIAS).order_by("pk")):
        Feed.objects.using(ALIAS).filter(pk=feed.pk).update(url=f"http://127.0.0.1:9/{number}.xml")
    Outlet.objects.using(ALIAS).update(site_url="http://127.0.0.1:9/")

    organizations = list(
        Organization.objects.using(ALIAS).order_by("pk").values_list("pk", flat=True)[:3]
    )
    home = Page.objects.using(ALIAS).get(depth=2)
    # A published CSV version whose file is in the worker's media: its rows go to the DataStore.
    csv_version = next(
        (
            version
            for version in ResourceVersion.objects.using(ALIAS)
            .filter(file__endswith=".csv")
            .order_by("created")
            if (worker.media / version.file.name).is_file()
        ),
        None,
    )
    assert csv_version is not None, "the demo has no CSV resource file"
    # An urgent notice (bulk_create: no signal here). No channel token is set and nobody has
    # subscribed, so its jobs run and find nothing to send: no test reaches the internet.
    [notice] = UrgentNotice.objects.using(ALIAS).bulk_create(
        [
            UrgentNotice(
                category="water",
                title="Відключення води",
                text="Вул. Шкільна, 1–20, з 10:00 до 14:00.",
                starts_at=timezone.now(),
                ends_at=timezone.now() + dt.timedelta(hours=4),
            )
        ]
    )
    return {
        "hromada.opendata.tasks.load_datastore": ((str(csv_version.pk),), {}),
        "hromada.outreach.tasks.post_notice_to_telegram": ((notice.pk,), {}),
        "hromada.outreach.tasks.email_notice": ((notice.pk,), {}),
        # No post of a page to a channel exists in the demo: the job finds none and says so.
        "hromada.outreach.tasks.sync_channel_post": ((0,), {}),
        "hromada.outreach.tasks.fetch_follower_counts": ((), {}),
        "hromada.outreach.tasks.send_digests": (("daily",), {}),
        "hromada.core.tasks.publish_scheduled_pages": ((), {}),
        "hromada.core.tasks.send_email": (
            (),
            {"subject": "Перевірка черги", "body": "Лист із черги RQ", "to": [MAIL_TO]},
        ),
        "hromada.core.tasks.prune_finished_tasks": ((), {}),
        "hromada.core.tasks.extract_document_text": ((document.pk,), {}),
        "hromada.acts.tasks.extract_act_file_text": ((act_file.pk,), {}),
        "hromada.organizations.tasks.index_organizations": ((organizations,), {}),
        "hromada.activities.tasks.send_observance_reminders": ((), {}),
        "hromada.activities.tasks.fetch_social_followers": ((), {}),
        "hromada.correspondence.tasks.send_deadline_reminders": ((), {}),
        "hromada.correspondence.tasks.anonymize_closed_cases": ((), {}),
        "hromada.monitoring.tasks.fetch_media": ((), {}),
        "hromada.monitoring.tasks.drop_unrelated_items": ((), {}),
        "hromada.monitoring.tasks.refresh_word_forms": ((), {}),
        "hromada.opendata.tasks.send_reminders": ((), {}),
        "hromada.opendata.tasks.sync_live_datasets": ((), {}),
        "hromada.opendata.tasks.check_links": ((), {}),
        "hromada.opendata.tasks.refresh_packages": ((), {}),
        "hromada.participation.tasks.archive_petitions": ((), {}),
        "hromada.participation.tasks.send_reminders": ((), {}),
        "hromada.participation.tasks.send_problem_reminders": ((), {}),
        "hromada.portal.tasks.fetch_video_embeds": (([],), {}),
        # Wagtail's own jobs go through the same queue once a real backend is configured.
        "wagtail.tasks.update_reference_index_task": (("wagtailcore", "page", home.pk), {}),
        "modelsearch.tasks.insert_or_update_object_task": (("wagtailcore", "page", home.pk), {}),
    }


def _wait(results: dict[str, Any], worker: Worker) -> dict[str, Any]:
    deadline = time.monotonic() + JOB_TIMEOUT_SECONDS
    done: dict[str, Any] = {}
    while len(done) < len(results):
        if worker.process.poll() is not None:
            pytest.fail(f"the worker exited with {worker.process.returncode}:\n{worker.tail()}")
        for path, result in results.items():
            if path not in done:
                fresh = result.task.get_backend().get_result(result.id)
                if fresh.status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED):
                    done[path] = fresh
        if time.monotonic() > deadline:
            waiting = sorted(set(results) - set(done))
            pytest.fail(f"jobs not run in {JOB_TIMEOUT_SECONDS}s: {waiting}\n{worker.tail()}")
        time.sleep(0.2)
    return done


# django_db: so the test database is set up (and the copy made from it) when this file runs
# alone; this test reads and writes only the worker's database.
@pytest.mark.django_db
def test_the_documented_rq_worker_runs_every_job_we_enqueue(worker: Worker, settings: Any) -> None:
    from django_tasks import task_backends

    from hromada.acts.models import ActFile
    from hromada.opendata import tasks as opendata_tasks
    from hromada.opendata.models import Dataset

    # This process enqueues as a web node does: through the RQ backend, on the same Redis.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": worker.redis_url}}
    assert task_backends["default"].__class__.__name__ == "RQBackend"

    with _worker_database(worker):
        cases = _cases(worker)
        live = Dataset.objects.using(ALIAS).exclude(live_slug="").order_by("pk").first()
        assert live is not None, "the demo has no live dataset"
        moved_before = live.data_modified_at
        tasks = {**_our_tasks(), **_library_tasks()}
        results = {
            path: tasks[path].enqueue(*args, **kwargs) for path, (args, kwargs) in cases.items()
        }
        # A live dataset's move deferred after a burst of edits: held by RQ's scheduler until
        # due, then moved onto the queue by the worker's scheduler part.
        deferred = opendata_tasks.regenerate_live_dataset.using(
            run_after=timezone.now() + dt.timedelta(seconds=1)
        ).enqueue(live.live_slug)
        results[deferred.task.module_path] = deferred
        missing = sorted(set(_our_tasks()) - set(results))
        assert not missing, f"tasks with no case in this test: {missing}"

        done = _wait(results, worker)
        failed = {
            path: result.errors[-1].traceback if result.errors else "?"
            for path, result in done.items()
            if result.status != TaskResultStatus.SUCCESSFUL
        }
        assert not failed, "\n\n".join(f"{path}:\n{trace}" for path, trace in failed.items())

        # The effects, read from the worker's database and folders.
        act_file = ActFile.objects.using(ALIAS).get(
            pk=cases["hromada.acts.tasks.extract_act_file_text"][0][0]
        )
        assert done["hromada.acts.tasks.extract_act_file_text"].return_value is True
        assert not act_file.text_pending and act_file.text
        assert done["hromada.core.tasks.extract_document_text"].return_value > 0
        organizations = cases["hromada.organizations.tasks.index_organizations"][0][0]
        assert done["hromada.organizations.tasks.index_organizations"].return_value == len(
            organizations
        )
        assert done["hromada.core.tasks.send_email"].return_value == 1
        live.refresh_from_db()
        assert live.data_modified_at != moved_before

    letters = [message_from_bytes(path.read_bytes()) for path in worker.mail.glob("*")]
    ours = [letter for letter in letters if letter["To"] == MAIL_TO]
    assert len(ours) == 1
    assert str(make_header(decode_header(ours[0]["Subject"]))) == "Перевірка черги"


def _library_tasks() -> dict[str, Task[Any, Any]]:
    from modelsearch.tasks import insert_or_update_object_task
    from wagtail.tasks import update_reference_index_task

    return {
        task.module_path: task
        for task in (update_reference_index_task, insert_or_update_object_task)
    }
