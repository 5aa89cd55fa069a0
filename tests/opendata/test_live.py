"""Live datasets move (and refresh the page cache) only when what they show changes."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.test import Client, override_settings
from django.utils import timezone

from hromada.acts.models import Act
from hromada.core import datasets as live_registry
from hromada.core.models import ContentGeneration
from hromada.opendata import live, services
from hromada.opendata.models import Dataset, Resource
from hromada.opendata.package_dicts import ckan_time
from hromada.organizations.models import Organization
from hromada.participation.models import DraftComment

pytestmark = pytest.mark.django_db


@pytest.fixture
def moments(django_capture_on_commit_callbacks: Any) -> Iterator[Any]:
    """Runs a change with its on-commit callbacks; says which live datasets moved and
    whether the page-cache generation was bumped."""
    services.sync_live_datasets()

    def state() -> tuple[dict[str, Any], int]:
        return (
            dict(
                Dataset.objects.exclude(live_slug="").values_list("live_slug", "metadata_modified")
            ),
            ContentGeneration.current(),
        )

    def run(change: Any) -> tuple[set[str], bool]:
        live._last_bump.clear()
        datasets_before, generation_before = state()
        with django_capture_on_commit_callbacks(execute=True):
            change()
        datasets_after, generation_after = state()
        moved = {slug for slug, at in datasets_after.items() if at != datasets_before.get(slug)}
        return moved, generation_after != generation_before

    yield run


def _organization(**values: Any) -> Organization:
    return Organization.objects.create(
        kind="ngo",
        name="Громадська організація «Жива»",
        registered_on=dt.date(2019, 1, 1),
        **values,
    )


def test_a_change_the_register_shows_moves_its_dataset_and_the_page_cache(moments: Any) -> None:
    organization = _organization()

    def change() -> None:
        organization.address = "вул. Нова, 5"
        organization.save()

    assert moments(change) == ({"organizations-register"}, True)


def test_a_save_that_changes_nothing_shown_moves_nothing(moments: Any) -> None:
    organization = _organization()

    assert moments(organization.save) == (set(), False)  # nothing changed at all

    def note() -> None:  # the office's own note is not in the open register
        organization.notes = "зателефонувати голові"
        organization.save()

    assert moments(note) == (set(), False)


def test_records_outside_the_dataset_move_nothing(moments: Any) -> None:
    archived = _organization(archived=True)

    def edit() -> None:
        archived.address = "вул. Стара, 1"
        archived.save()

    assert moments(edit) == (set(), False)
    assert moments(archived.delete) == (set(), False)
    # leaving the register (archiving) and a deletion of a shown record are changes
    shown = _organization()

    def archive() -> None:
        shown.archived = True
        shown.save()

    assert moments(archive) == ({"organizations-register"}, True)
    other = _organization()
    assert moments(other.delete) == ({"organizations-register"}, True)


def test_models_no_dataset_reads_move_nothing(moments: Any) -> None:
    """Comments on drafts live in a module with live datasets, but none of them reads them."""
    act = Act.objects.filter(status="draft").first() or Act.objects.first()
    assert act is not None

    def comment() -> None:
        DraftComment.objects.create(act=act, author_name="Мешканка", text="Пропоную зміни.")

    assert moments(comment) == (set(), False)


def test_a_public_act_edit_moves_the_acts_register(moments: Any) -> None:
    from hromada.acts import selectors

    act = selectors.public_acts().first()
    assert act is not None

    def retitle() -> None:
        act.title = act.title + " (зі змінами)"
        act.save()

    moved, _bumped = moments(retitle)
    assert moved == {"acts-register"}


def test_every_live_dataset_declares_what_it_reads() -> None:
    for dataset in live_registry.all_datasets():
        assert dataset.watches, dataset.slug
        for watch in dataset.watches:
            model = apps.get_model(watch.model)
            first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
            # the declared rows and fields are real lookups (a typo fails here, not in a save)
            live.snapshot(watch, model, first if first is not None else 0)


DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _state() -> tuple[Any, Any]:
    dataset = Dataset.objects.get(live_slug="organizations-register")
    files = Resource.objects.filter(dataset=dataset).exclude(live_format="")
    return dataset.metadata_modified, max(files.values_list("last_modified", flat=True))


def _work() -> None:
    """Run the due jobs as `db_worker --batch` does, inside the test's transaction (the
    worker's own loop closes a connection that is in a transaction, as a test's is)."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    while (job := DBTaskResult.objects.ready().get_locked()) is not None:
        job.claim("test")
        worker.run_task(job)


def test_quick_changes_are_shown_by_one_job_when_the_second_ends(
    django_capture_on_commit_callbacks: Any, monkeypatch: Any, client: Client
) -> None:
    """A change within a second of the dataset's previous move is not dropped: one job, due
    when the second ends, moves the dataset for every change of the burst."""
    from django_tasks_db.models import DBTaskResult

    services.sync_live_datasets()
    monkeypatch.setattr(live, "THROTTLE_SECONDS", 0.5)
    monkeypatch.setattr(live, "_last_bump", {})
    monkeypatch.setattr(live, "_deferred", {})
    organization = _organization()

    def edit(address: str) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            organization.address = address
            organization.save()

    with override_settings(TASKS=DATABASE_QUEUE):
        edit("вул. Перша, 1")  # moves the dataset at once
        first = _state()
        started = time.monotonic()
        edit("вул. Друга, 2")
        saved = timezone.now()
        edit("вул. Третя, 3")  # the same burst: the same job
        assert _state() == first
        jobs = DBTaskResult.objects.filter(task_path__endswith=".regenerate_live_dataset")
        assert jobs.count() == 1
        _work()  # the other jobs the saves enqueued (search index, references)
        if jobs.get().status != "SUCCESSFUL":  # not due yet (unless the machine is slow)
            assert _state() == first
            time.sleep(max(0.0, 0.6 - (time.monotonic() - started)))
            _work()
        assert jobs.get().status == "SUCCESSFUL"
    modified, file_modified = _state()
    assert modified > saved and file_modified > saved
    response = client.get("/opendata/live/organizations-register.csv")
    assert "вул. Третя, 3" in b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    found = client.get("/api/3/action/package_show", {"id": "organizations-register"}).json()[
        "result"
    ]
    assert found["metadata_modified"] == ckan_time(modified)


def test_quick_changes_without_a_deferring_queue_are_each_shown(
    django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    """The tests' immediate backend cannot wait: the job runs at once."""
    services.sync_live_datasets()
    monkeypatch.setattr(live, "_last_bump", {})
    monkeypatch.setattr(live, "_deferred", {})
    organization = _organization()
    moments = []
    for address in ("вул. Перша, 1", "вул. Друга, 2"):
        with django_capture_on_commit_callbacks(execute=True):
            organization.address = address
            organization.save()
        moments.append(_state())
    assert moments[1][0] > moments[0][0] and moments[1][1] > moments[0][1]
