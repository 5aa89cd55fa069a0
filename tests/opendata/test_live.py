"""Live datasets move (and refresh the page cache) only when what they show changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps

from hromada.acts.models import Act
from hromada.core import datasets as live_registry
from hromada.core.models import ContentGeneration
from hromada.opendata import live, services
from hromada.opendata.models import Dataset
from hromada.organizations.models import Organization
from hromada.participation.models import DraftComment

pytestmark = pytest.mark.django_db


@pytest.fixture
def moments(django_capture_on_commit_callbacks: Any) -> Iterator[Any]:
    """Runs a change with its on-commit callbacks; says which live datasets moved and
    whether the page-cache generation was bumped."""
    services.sync_live_datasets()

    def state() -> tuple[dict[str, Any], int]:
        return (
            dict(
                Dataset.objects.exclude(live_slug="").values_list("live_slug", "metadata_modified")
            ),
            ContentGeneration.current(),
        )

    def run(change: Any) -> tuple[set[str], bool]:
        live._last_bump.clear()
        datasets_before, generation_before = state()
        with django_capture_on_commit_callbacks(execute=True):
            change()
        datasets_after, generation_after = state()
        moved = {slug for slug, at in datasets_after.items() if at != datasets_before.get(slug)}
        return moved, generation_after != generation_before

    yield run


def _organization(**values: Any) -> Organization:
    return Organization.objects.create(
        kind="ngo",
        name="Громадська організація «Жива»",
        registered_on=dt.date(2019, 1, 1),
        **values,
    )


def test_a_change_the_register_shows_moves_its_dataset_and_the_page_cache(moments: Any) -> None:
    organization = _organization()

    def change() -> None:
        organization.address = "вул. Нова, 5"
        organization.save()

    assert moments(change) == ({"organizations-register"}, True)


def test_a_save_that_changes_nothing_shown_moves_nothing(moments: Any) -> None:
    organization = _organization()

    assert moments(organization.save) == (set(), False)  # nothing changed at all

    def note() -> None:  # the office's own note is not in the open register
        organization.notes = "зателефонувати голові"
        organization.save()

    assert moments(note) == (set(), False)


def test_records_outside_the_dataset_move_nothing(moments: Any) -> None:
    archived = _organization(archived=True)

    def edit() -> None:
        archived.address = "вул. Стара, 1"
        archived.save()

    assert moments(edit) == (set(), False)
    assert moments(archived.delete) == (set(), False)
    # leaving the register (archiving) and a deletion of a shown record are changes
    shown = _organization()

    def archive() -> None:
        shown.archived = True
        shown.save()

    assert moments(archive) == ({"organizations-register"}, True)
    other = _organization()
    assert moments(other.delete) == ({"organizations-register"}, True)


def test_models_no_dataset_reads_move_nothing(moments: Any) -> None:
    """Comments on drafts live in a module with live datasets, but none of them reads them."""
    act = Act.objects.filter(status="draft").first() or Act.objects.first()
    assert act is not None

    def comment() -> None:
        DraftComment.objects.create(act=act, author_name="Мешканка", text="Пропоную зміни.")

    assert moments(comment) == (set(), False)


def test_a_public_act_edit_moves_the_acts_register(moments: Any) -> None:
    from hromada.acts import selectors

    act = selectors.public_acts().first()
    assert act is not None

    def retitle() -> None:
        act.title = act.title + " (зі змінами)"
        act.save()

    moved, _bumped = moments(retitle)
    assert moved == {"acts-register"}


def test_every_live_dataset_declares_what_it_reads() -> None:
    for dataset in live_registry.all_datasets():
        assert dataset.watches, dataset.slug
        for watch in dataset.watches:
            model = apps.get_model(watch.model)
            first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
            # the declared rows and fields are real lookups (a typo fails here, not in a save)
            live.snapshot(watch, model, first if first is not None else 0)
