"""The RQ backend queues a job only once its transaction commits (core/task_backend.py).

A job pushed to Redis inside the transaction that saved its rows can start in a worker before
they are committed: the cluster benchmark saw Wagtail's reference-index jobs for new problem
reports fail with DoesNotExist. These tests read the real queue on a Redis of their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django_tasks import task_backends

from hromada.core.tasks import send_email
from tests.redis_db import claimed_redis_database

# Not a transactional test (they empty and refill the tables, which is slow): the test runs in
# a transaction of its own, and pytest-django's capture stands in for the commit.
pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(settings: Any) -> Iterator[Any]:
    import django_rq

    with claimed_redis_database() as redis_url:
        settings.TASKS = {
            "default": {
                "BACKEND": "hromada.core.task_backend.CommitAwareRQBackend",
                "QUEUES": ["default"],
            }
        }
        settings.RQ_QUEUES = {"default": {"URL": redis_url}}
        assert type(task_backends["default"]).__name__ == "CommitAwareRQBackend"
        yield django_rq.get_queue("default")


def enqueue() -> Any:
    return send_email.enqueue(subject="Тема", body="Текст", to=["a@example.org"])


def test_a_job_asked_for_in_a_transaction_reaches_the_queue_on_commit(
    queue: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            enqueue()
        assert queue.count == 0, "a worker could start it before the rows are committed"
    assert queue.count == 1
    [job] = queue.get_jobs()
    assert job.kwargs == {"subject": "Тема", "body": "Текст", "to": ["a@example.org"]}


def test_a_rolled_back_transaction_leaves_no_job(
    queue: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        enqueue()
        raise RuntimeError("the save failed")
    assert callbacks == []
    assert queue.count == 0


def test_outside_a_transaction_the_job_is_queued_at_once_with_its_result(
    queue: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As in autocommit (a management command, a worker): no transaction is open.
    connection = transaction.get_connection()
    monkeypatch.setattr(connection, "in_atomic_block", False)
    result = enqueue()
    assert queue.count == 1
    assert queue.get_jobs()[0].id == result.id
    assert send_email.get_result(result.id).id == result.id
