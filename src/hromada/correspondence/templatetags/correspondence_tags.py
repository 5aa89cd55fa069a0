"""Template helpers of the correspondence module."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def absolute(value: int | None) -> int | None:
    """abs() for templates: days overdue from a negative days-left figure."""
    return None if value is None else abs(int(value))
