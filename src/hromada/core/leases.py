"""Leases: "only one process at a time does this", on SQLite and PostgreSQL alike.

A lease is a row (`core.models.Lease`) named after the job. Taking it is one conditional
UPDATE (free or expired rows only) or, when there is no row yet, one INSERT under the
primary key; on PostgreSQL a second taker waits for the first one's row lock or key and then
finds the lease held, on SQLite writers are serialised anyway. Times are the database's
clock, so web and worker machines need not agree on the time. A holder renews the lease
while it works; a process that died leaves a lease that expires after its term, and the next
taker takes it over. Nothing is held in a transaction or a connection meanwhile, so the
holder may spend its time on the network.

    with leases.held("monitoring.fetch_media", ttl=dt.timedelta(minutes=30)) as lease:
        if lease is None:
            ...  # another process is at it: skip
        for feed in feeds:
            ...
            if not lease.renew():
                break  # the term ran out and another process took over
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Now

from hromada.core.models import Lease


def new_holder() -> str:
    """Names this process: host, process id and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def acquire(name: str, *, holder: str, ttl: dt.timedelta) -> bool:
    """Take the lease (or extend it, if `holder` has it) for `ttl`; False when another
    holder has it and it has not expired."""
    with transaction.atomic():
        taken = (
            Lease.objects.filter(name=name)
            .filter(Q(expires_at__lte=Now()) | Q(holder=holder))
            .update(holder=holder, acquired_at=Now(), expires_at=Now() + ttl)
        )
        if taken:
            return True
        try:
            with transaction.atomic():
                Lease.objects.create(
                    name=name, holder=holder, acquired_at=Now(), expires_at=Now() + ttl
                )
        except IntegrityError:  # another process inserted it first
            return False
        return True


def renew(name: str, *, holder: str, ttl: dt.timedelta) -> bool:
    """Extend the lease by `ttl` from now; False when `holder` no longer has it."""
    return bool(Lease.objects.filter(name=name, holder=holder).update(expires_at=Now() + ttl))


def release(name: str, *, holder: str) -> None:
    """Give the lease up (nothing happens unless `holder` has it)."""
    Lease.objects.filter(name=name, holder=holder).delete()


def current(name: str) -> Lease | None:
    """The lease's row, held or expired, if there is one."""
    return Lease.objects.filter(name=name).first()


@dataclass
class HeldLease:
    name: str
    holder: str
    ttl: dt.timedelta

    def renew(self) -> bool:
        return renew(self.name, holder=self.holder, ttl=self.ttl)


@contextmanager
def held(name: str, *, ttl: dt.timedelta, holder: str | None = None) -> Iterator[HeldLease | None]:
    """The lease for the duration of the block, or None when another process holds it."""
    holder = holder or new_holder()
    if not acquire(name, holder=holder, ttl=ttl):
        yield None
        return
    try:
        yield HeldLease(name=name, holder=holder, ttl=ttl)
    finally:
        release(name, holder=holder)
