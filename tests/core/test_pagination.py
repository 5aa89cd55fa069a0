"""Large lists count their matches only up to a cap."""

from __future__ import annotations

import pytest

from hromada.core.pagination import CappedPaginator
from hromada.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_count_stops_at_the_cap_and_says_so() -> None:
    everything = Organization.objects.order_by("name")
    total = everything.count()
    assert total > 100  # the demo register
    capped = CappedPaginator(everything, 25, cap=100)
    assert capped.count == 100 and capped.is_capped
    assert capped.num_pages == 4
    assert [o.pk for o in capped.page(1)] == [o.pk for o in everything[:25]]


def test_a_list_under_the_cap_is_counted_exactly() -> None:
    some = Organization.objects.filter(kind="religious").order_by("name")
    paginator = CappedPaginator(some, 25, cap=1000)
    assert paginator.count == some.count() and not paginator.is_capped
