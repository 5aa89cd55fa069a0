from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "hromada.outreach"
    label = "outreach"
    verbose_name = _("Outreach")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from hromada.core import roles

        manage = {
            "outreach.add_urgentnotice",
            "outreach.change_urgentnotice",
            "outreach.view_urgentnotice",
            "outreach.publish_urgentnotice",
        }
        roles.grant(roles.ADMINISTRATOR, manage)
        roles.grant(roles.SITE_EDITOR, manage)
        roles.grant(roles.SPECIALIST, {"outreach.view_urgentnotice"})
        looking = {"outreach.view_channelpost", "outreach.view_followercount"}
        for role in (roles.ADMINISTRATOR, roles.SITE_EDITOR, roles.SPECIALIST):
            roles.grant(role, looking)

        import logging

        from hromada.outreach.telegram import TokenRedactingFilter

        # httpx logs every request's address, and the Bot API's address holds the token.
        logging.getLogger("httpx").addFilter(TokenRedactingFilter())

        from wagtail.signals import page_published, page_unpublished

        from hromada.core import scheduler
        from hromada.outreach import signals, tasks

        page_published.connect(signals.page_changed, dispatch_uid="outreach-published")
        page_unpublished.connect(signals.page_changed, dispatch_uid="outreach-unpublished")
        # Followers of the Page and the channel, once a day (history for the report).
        scheduler.every(
            24 * 3600, name="outreach.follower_counts", task=tasks.fetch_follower_counts
        )


class _Bound:
    """A task with its arguments, for the scheduler (which enqueues `task.enqueue()`)."""

    def __init__(self, task: object, **kwargs: object) -> None:
        self.task, self.kwargs = task, kwargs

    def enqueue(self) -> object:
        return self.task.enqueue(**self.kwargs)  # type: ignore[attr-defined]
