"""Periodic jobs: the scheduler enqueues each job's task when it falls due.

The scheduler only enqueues; the worker (`hromada db_worker`, or RQ workers in production)
runs the tasks. Run exactly one scheduler per installation. Modules add their periodic
jobs with `every(...)` in their AppConfig.ready.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger(__name__)


@dataclass
class PeriodicJob:
    name: str
    interval_seconds: int
    task: Any  # a django_tasks Task
    last_enqueued: float = field(default=-1e18)

    def due(self, now: float) -> bool:
        return now - self.last_enqueued >= self.interval_seconds


_JOBS: dict[str, PeriodicJob] = {}


def every(seconds: int, *, name: str, task: Any) -> None:
    _JOBS[name] = PeriodicJob(name=name, interval_seconds=seconds, task=task)


def _register_core_jobs() -> None:
    from hromada.core.tasks import prune_finished_tasks, publish_scheduled_pages

    every(60, name="publish_scheduled_pages", task=publish_scheduled_pages)
    every(24 * 3600, name="prune_finished_tasks", task=prune_finished_tasks)


def jobs() -> list[PeriodicJob]:
    if "publish_scheduled_pages" not in _JOBS:
        _register_core_jobs()
    return list(_JOBS.values())


def tick(now: float | None = None) -> list[str]:
    """Enqueue every job that is due; return their names."""
    now = time.monotonic() if now is None else now
    enqueued = []
    for job in jobs():
        if job.due(now):
            job.task.enqueue()
            job.last_enqueued = now
            enqueued.append(job.name)
    return enqueued


def run_forever(*, sleep: Callable[[float], None] = time.sleep, poll_seconds: float = 5.0) -> None:
    logger.info("scheduler started with jobs: %s", ", ".join(job.name for job in jobs()))
    while True:
        try:
            for name in tick():
                logger.info("enqueued %s", name)
        except Exception:
            logger.exception("scheduler tick failed; will retry")
        sleep(poll_seconds)
