"""Values as staff read them in the admin's inspect views: words for booleans and empty
values, dates and times in the site's time zone (Kyiv), never "None", "False" or UTC."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

register = template.Library()

EMPTY = "—"


@register.filter
def admin_value(value: Any) -> Any:
    """Wagtail's inspect template printed `value|localize`: a datetime in UTC, None, False."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return formats.localize(value)


@register.filter
def items_count_label(paginator: Any) -> str:
    """Counts as "Акти: 38" instead of Wagtail's "38 акти": a label before the number agrees
    with any count, where the model's one plural name after it does not (38 актів, 22 акти)."""
    count = formats.number_format(paginator.count, force_grouping=True)
    if not hasattr(paginator, "verbose_name"):
        # A plain Django paginator (some of Wagtail's listings) names no things: the count.
        return _("Total: %(count)s") % {"count": count}
    name = paginator.verbose_name_plural if paginator.count != 1 else paginator.verbose_name
    return _("%(things)s: %(count)s") % {
        "things": capfirst(str(name)),
        "count": count,
    }
