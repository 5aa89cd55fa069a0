"""The RQ task backend, queueing a job only once the transaction that asked for it commits.

A job pushed to Redis inside a transaction can start in a worker before the rows it reads are
committed, and fail with DoesNotExist (Wagtail enqueues its reference-index task from
`post_save`, inside the save's transaction: seen in the cluster benchmark); a transaction rolled
back would leave its job behind too. The database backend needs no such care: its job row
commits or rolls back with the transaction.
"""

from __future__ import annotations

from functools import partial
from typing import Any, TypeVar

from django.db import transaction
from django_tasks.base import Task, TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id
from django_tasks_rq import RQBackend

T = TypeVar("T")


class CommitAwareRQBackend(RQBackend):
    """In a transaction, the job reaches Redis on commit and never on rollback.

    The result returned then is a READY placeholder with an id of its own (the job gets its
    id when it is queued): nothing in Hromada reads back a job enqueued in a transaction.
    """

    def enqueue(self, task: Task[Any, T], args: Any, kwargs: Any) -> TaskResult[T]:
        if not transaction.get_connection().in_atomic_block:
            return super().enqueue(task, args, kwargs)
        self.validate_task(task)
        transaction.on_commit(partial(RQBackend.enqueue, self, task, args, kwargs))
        return TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
