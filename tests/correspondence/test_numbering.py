"""Registration numbers: per direction and year, in the city's format, never shared."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hromada.core.selectors import default_site
from hromada.correspondence import services
from hromada.correspondence.models import Document, JournalSettings
from hromada.correspondence.workflow import Direction, Kind

pytestmark = pytest.mark.django_db


def letter(day: dt.date) -> Document:
    return services.register_incoming(kind=Kind.LETTER, subject="Лист", registered_on=day)


def test_sequence_per_year_and_direction() -> None:
    first, second = letter(dt.date(2001, 1, 5)), letter(dt.date(2001, 2, 1))
    assert (first.sequence, second.sequence) == (1, 2)
    assert letter(dt.date(2002, 1, 3)).sequence == 1
    outgoing = services.register_outgoing(
        kind=Kind.INTERNAL, subject="Записка", registered_on=dt.date(2001, 3, 1)
    )
    assert outgoing.sequence == 1
    assert outgoing.reg_number == "1/01-01"


def test_the_city_format_is_used() -> None:
    site = default_site()
    assert site is not None
    journal = JournalSettings.for_site(site)
    journal.incoming_format = "Вх-{seq}/{year}"
    journal.save()
    assert letter(dt.date(2003, 4, 1)).reg_number == "Вх-1/2003"


def test_a_format_without_the_sequence_is_refused() -> None:
    journal = JournalSettings(incoming_format="Вх-{year}", outgoing_format="{seq}{oops}")
    with pytest.raises(ValidationError) as error:
        journal.clean()
    assert set(error.value.message_dict) == {"incoming_format", "outgoing_format"}


def test_a_number_taken_by_an_import_is_skipped() -> None:
    Document.objects.create(
        direction=Direction.INCOMING,
        kind=Kind.LETTER,
        reg_number="1",
        registered_on=dt.date(2004, 1, 3),
        subject="Імпортований",
    )
    assert letter(dt.date(2004, 1, 4)).reg_number == "2"


def test_the_database_refuses_a_duplicate_number() -> None:
    letter(dt.date(2005, 1, 4))
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(
            direction=Direction.INCOMING,
            kind=Kind.LETTER,
            reg_number="1",
            registered_on=dt.date(2005, 6, 1),
            subject="Дублікат",
        )


def test_a_failed_registration_does_not_consume_a_number() -> None:
    letter(dt.date(2007, 1, 5))
    with pytest.raises(ValidationError):
        services.register_incoming(
            kind=Kind.CITIZEN_APPEAL, subject="Анонімне", registered_on=dt.date(2007, 1, 6)
        )
    assert letter(dt.date(2007, 1, 7)).sequence == 2


@pytest.mark.skipif(
    "postgresql" not in __import__("django.conf").conf.settings.DATABASES["default"]["ENGINE"],
    reason="concurrent writers need a server database; SQLite serialises writers anyway",
)
def test_concurrent_registrations_never_share_a_number() -> None:
    """Eight threads, each with its own connection and committed transaction (PostgreSQL)."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    year = 2008

    def register(index: int) -> str:
        try:
            document = services.register_incoming(
                kind=Kind.LETTER, subject=f"Паралельний {index}", registered_on=dt.date(year, 3, 2)
            )
            return document.reg_number
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(register, range(16)))
    try:
        assert sorted(numbers, key=int) == [str(n) for n in range(1, 17)]
    finally:
        from hromada.correspondence.models import RegistrationCounter

        def cleanup() -> None:
            try:
                from wagtail.models import ModelLogEntry

                ids = [
                    str(pk)
                    for pk in Document.objects.filter(reg_year=year).values_list("pk", flat=True)
                ]
                ModelLogEntry.objects.filter(
                    object_id__in=ids, label__contains="Паралельний"
                ).delete()
                Document.objects.filter(reg_year=year).delete()
                RegistrationCounter.objects.filter(year=year).delete()
            finally:
                connections.close_all()

        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(cleanup).result()
