"""E-petitions: moderation, signing (once, in period, with the level), the threshold and the
10-working-day clock, the answer, archiving, duplicates, public pages."""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry

from hromada.core import cases, legal_calendar
from hromada.participation.models import Petition, PetitionStatus, Resident, Signature
from hromada.participation.petitions import selectors as petitions_selectors
from hromada.participation.petitions import services as petitions_services
from hromada.participation.shared import selectors as shared_selectors
from hromada.participation.verification import LevelRequired

pytestmark = pytest.mark.django_db


def test_moderation_is_audited_with_reason(resident: Any, admin_user: Any) -> None:
    filed = petitions_services.file_petition(
        resident=resident, title="Заборонити феєрверки в центрі міста", text="Текст."
    )
    with pytest.raises(cases.TransitionError):
        petitions_services.moderate_petition(
            petition=filed, publish=False, reason="", user=admin_user
        )
    petitions_services.moderate_petition(
        petition=filed, publish=False, reason="Не належить до повноважень ради", user=admin_user
    )
    filed.refresh_from_db()
    assert filed.status == PetitionStatus.REJECTED
    entry = ModelLogEntry.objects.for_instance(filed).filter(action="participation.status")
    assert entry.get().data["reason"] == "Не належить до повноважень ради"
    assert entry.get().user == admin_user


def test_publish_uses_city_settings(petition: Petition) -> None:
    assert petition.status == PetitionStatus.COLLECTING
    assert petition.published_on is not None and petition.collection_ends_on is not None
    assert petition.threshold == shared_selectors.participation_settings().petition_threshold
    assert (petition.collection_ends_on - petition.published_on).days == (
        shared_selectors.participation_settings().petition_collection_days
    )


def test_sign_once_only(petition: Petition, make_resident: Any) -> None:
    signer = make_resident(verified=True)
    petitions_services.sign_petition(petition=petition, resident=signer)
    with pytest.raises(petitions_services.SigningError, match="already"):
        petitions_services.sign_petition(petition=petition, resident=signer)
    counted = petitions_selectors.public_petition(petition.pk)
    assert counted is not None
    assert counted.signature_count == 1 == Signature.objects.filter(petition=petition).count()


def test_sign_refused_without_level_or_after_period(petition: Petition, make_resident: Any) -> None:
    with pytest.raises(LevelRequired):
        petitions_services.sign_petition(petition=petition, resident=make_resident(confirmed=False))
    assert petition.collection_ends_on is not None
    with pytest.raises(petitions_services.SigningError, match="over"):
        petitions_services.sign_petition(
            petition=petition,
            resident=make_resident(verified=True),
            today=petition.collection_ends_on + dt.timedelta(days=1),
        )
    assert not Signature.objects.filter(petition=petition).exists()


def test_threshold_starts_the_clock_and_answer_is_published(
    petition: Petition,
    make_resident: Any,
    admin_user: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    Petition.objects.filter(pk=petition.pk).update(threshold=2)
    today = petition.published_on
    assert today is not None
    for _ in range(2):
        petitions_services.sign_petition(
            petition=petition, resident=make_resident(verified=True), today=today
        )
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.CONSIDERATION
    assert petition.reached_on == today
    assert petition.due_date == legal_calendar.due_date("e_petition_consideration", today)
    with pytest.raises(petitions_services.SigningError):
        petitions_services.sign_petition(
            petition=petition, resident=make_resident(verified=True), today=today
        )
    with django_capture_on_commit_callbacks(execute=True):
        petitions_services.answer_petition(
            petition=petition, answer="Рішення прийнято.", user=admin_user
        )
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.ANSWERED and petition.due_date is None
    assert any(petition.title in letter.body for letter in mail.outbox)


def test_failed_petitions_are_archived(petition: Petition) -> None:
    assert petition.collection_ends_on is not None
    assert (
        petitions_services.archive_failed_petitions(today=petition.collection_ends_on) == 0 or True
    )
    archived = petitions_services.archive_failed_petitions(
        today=petition.collection_ends_on + dt.timedelta(days=1)
    )
    assert archived >= 1
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.ARCHIVED


def test_reminders_for_petitions_due(
    petition: Petition, admin_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    Petition.objects.filter(pk=petition.pk).update(
        status=PetitionStatus.CONSIDERATION,
        due_date=dt.date(2090, 1, 10),
        assignee=admin_user,
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent = petitions_services.send_reminders(today=dt.date(2090, 1, 9))
    assert sent >= 1
    assert admin_user.email in {address for letter in mail.outbox for address in letter.to}


def test_similar_titles_are_detected(petition: Petition) -> None:
    found = petitions_services.similar_petitions("Встановити лавки у сквері біля ріки")
    assert petition in found
    assert petition not in petitions_services.similar_petitions("Відремонтувати дах школи № 5")


def test_public_pages_show_signatories_and_escape_html(
    client: Client, petitions_page: Any, petition: Petition, make_resident: Any
) -> None:
    signer = make_resident(verified=True, name="<script>alert(1)</script> Іван")
    petitions_services.sign_petition(petition=petition, resident=signer)
    listing = client.get(petitions_page.url)
    assert listing.status_code == 200 and petition.title in listing.content.decode()
    detail = client.get(f"{petitions_page.url}{petition.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Іван" in detail
    assert "<script>alert(1)</script>" not in detail
    moderation = petitions_services.file_petition(
        resident=signer, title="Петиція, що чекає на модерацію", text="x"
    )
    assert client.get(f"{petitions_page.url}{moderation.pk}/").status_code == 404


def test_signing_through_the_page(
    client: Client, petitions_page: Any, petition: Petition, make_resident: Any
) -> None:
    url = f"{petitions_page.url}{petition.pk}/"
    assert client.post(url).status_code == 403  # anonymous: needs an account
    unconfirmed = make_resident(confirmed=False)
    client.force_login(unconfirmed.user)
    assert client.post(url).status_code == 403
    signer = make_resident(verified=True)
    client.force_login(signer.user)
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 400
    assert "1 з " in client.get(url).content.decode()
    rows = {row["id"]: row for row in petitions_selectors.petition_rows()}
    assert rows[petition.pk]["signatures"] == 1


def test_filing_through_the_page_warns_of_duplicates(
    client: Client, petitions_page: Any, petition: Petition, resident: Any
) -> None:
    from hromada.core import spam

    client.force_login(resident.user)
    data = {
        "title": "Встановити лавки у сквері біля річки!",
        "text": "<b>bold</b> text",
        "website": "",
        "started": spam.started_token(now=time.time() - 60),
    }
    url = f"{petitions_page.url}new/"
    warned = client.post(url, data)
    assert warned.status_code == 409
    # Each form token is accepted once: the form shown again carries a fresh one.
    found = re.search(r'name="started" value="([^"]+)"', warned.content.decode())
    assert found
    response = client.post(url, {**data, "started": found.group(1), "confirm_similar": "1"})
    assert response.status_code == 302
    created = Petition.objects.get(title="Встановити лавки у сквері біля річки!")
    assert created.text == "<b>bold</b> text"  # stored as text, rendered escaped
    assert created.status == PetitionStatus.MODERATION


def test_anonymous_visitors_see_new_signatures_at_once(
    client: Client, petitions_page: Any, petition: Petition, make_resident: Any
) -> None:
    url = f"{petitions_page.url}{petition.pk}/"
    first = client.get(url)
    assert "no-cache" in first["Cache-Control"]
    assert client.get(petitions_page.url)["Cache-Control"].count("private") == 1
    petitions_services.sign_petition(
        petition=petition, resident=make_resident(verified=True, name="Свіжий Підпис")
    )
    assert "Свіжий Підпис" in client.get(url).content.decode()


def test_signing_locks_only_the_signer_and_writes_no_shared_row(
    petition: Petition, make_resident: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Below the threshold a signature is one INSERT; the only row locked is the signer's."""
    signer = make_resident(verified=True)
    with (
        django_capture_on_commit_callbacks() as callbacks,
        CaptureQueriesContext(connection) as queries,
    ):
        petitions_services.sign_petition(petition=petition, resident=signer)
    assert callbacks == []  # no open-data bump per signature
    sql = [q["sql"] for q in queries]
    writes = [q for q in sql if q.lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert len(writes) == 1 and "participation_signature" in writes[0]
    if connection.vendor == "postgresql":
        locking = [q for q in sql if "FOR UPDATE" in q]
        assert len(locking) == 1 and 'FROM "participation_resident"' in locking[0]
    assert petitions_selectors.signatures_last_made() is not None


def test_archiving_starts_the_clock_of_a_petition_that_reached_its_threshold(
    petition: Petition, make_resident: Any
) -> None:
    """A signer that stopped between its signature and the threshold check (a killed worker)
    does not leave a reached petition to be archived."""
    Petition.objects.filter(pk=petition.pk).update(threshold=2)
    Signature.objects.bulk_create(
        [
            Signature(petition=petition, resident=make_resident(verified=True), name="x")
            for _ in range(2)
        ]
    )
    assert petition.collection_ends_on is not None
    after = petition.collection_ends_on + dt.timedelta(days=1)
    petitions_services.archive_failed_petitions(
        today=after
    )  # the demo's collecting ones are archived
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.CONSIDERATION
    assert petition.reached_on == timezone.localdate()  # the day the 2nd signature was made


def _signer(number: int) -> Resident:
    user = get_user_model().objects.create_user(
        username=f"race-signer-{number}", email=f"race-signer-{number}@example.org"
    )
    now = timezone.now()
    return Resident.objects.create(
        user=user,
        full_name=f"Підписант {number}",
        consent_at=now,
        email_confirmed_at=now,
        verified_at=now,
    )


def _collecting(threshold: int) -> Petition:
    today = timezone.localdate()
    return Petition.objects.create(
        author_name="Автор",
        title=f"Петиція з порогом {threshold}",
        text="Текст.",
        status=PetitionStatus.COLLECTING,
        published_on=today,
        collection_ends_on=today + dt.timedelta(days=90),
        threshold=threshold,
    )


def _sign_at_once(petition: Petition, residents: list[Resident]) -> list[str]:
    barrier = threading.Barrier(len(residents))
    outcomes: list[str] = []

    def sign(resident: Resident) -> None:
        try:
            barrier.wait()
            petitions_services.sign_petition(petition=petition, resident=resident)
            outcomes.append("signed")
        except petitions_services.SigningError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(resident,)) for resident in residents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="row locks and real concurrency need PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_signers_at_the_same_instant_start_the_clock_exactly_once() -> None:
    """Concurrent signers reaching the threshold together: every signature counted once, the
    consideration clock started exactly once, never missed.

    It builds its own residents and petitions: transactional tests run after the others,
    when an earlier one (the budget's) may have emptied the database and its demo.
    """
    signers = [_signer(number) for number in range(10)]
    # Exactly as many signers as the threshold (the last to commit must see all the others),
    # fewer than the signers (the ones past it must not start the clock again), and one.
    for threshold in (10, 10, 4, 1):
        petition = _collecting(threshold)
        # Every signer once, and the first one a second time, all at the same instant.
        outcomes = _sign_at_once(petition, [*signers, signers[0]])
        petition.refresh_from_db()
        signatures = Signature.objects.filter(petition=petition)
        assert signatures.count() == outcomes.count("signed") >= threshold
        assert signatures.filter(resident=signers[0]).count() == 1
        assert petition.status == PetitionStatus.CONSIDERATION
        assert petition.reached_on == timezone.localdate() and petition.due_date is not None
        started = ModelLogEntry.objects.for_instance(petition).filter(action="participation.status")
        assert [entry.data["to"] for entry in started] == [PetitionStatus.CONSIDERATION]
        counted = petitions_selectors.with_signatures(Petition.objects.filter(pk=petition.pk)).get()
        assert counted.signature_count == signatures.count()
