from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission

from hromada.core import roles


@pytest.fixture
def specialist(django_user_model: Any) -> Any:
    user = django_user_model.objects.create_user(
        "specialist", email="specialist@example.org", password="x"
    )
    user.groups.add(Group.objects.get(name=roles.SPECIALIST))
    return user


@pytest.fixture
def colleague(django_user_model: Any) -> Any:
    user = django_user_model.objects.create_user(
        "colleague", email="colleague@example.org", password="x"
    )
    user.groups.add(Group.objects.get(name=roles.SPECIALIST))
    return user


@pytest.fixture
def head(django_user_model: Any) -> Any:
    user = django_user_model.objects.create_user("head", email="head@example.org", password="x")
    user.groups.add(Group.objects.get(name=roles.SPECIALIST))
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="correspondence", codename="head_of_office")
    )
    return user
