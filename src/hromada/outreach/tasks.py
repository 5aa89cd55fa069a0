"""Background jobs of outreach: thin wrappers around delivery.py."""

from __future__ import annotations

from django_tasks import task


@task()
def post_notice_to_telegram(notice_id: int) -> str:
    from hromada.outreach import delivery

    return delivery.post_to_telegram(notice_id)


@task()
def email_notice(notice_id: int) -> int:
    from hromada.outreach import delivery

    return delivery.email_subscribers(notice_id)


@task()
def sync_channel_post(post_pk: int) -> str:
    from hromada.outreach import delivery

    return delivery.sync_channel_post(post_pk)


@task()
def fetch_follower_counts() -> dict[str, int]:
    from hromada.outreach import delivery

    return delivery.fetch_follower_counts()


@task()
def send_digests(frequency: str) -> int:
    from hromada.outreach import delivery

    return delivery.send_digests(frequency)
