"""Residents identified through ID.GOV.UA (the stand-in server on 127.0.0.1, speaking the
real protocol): one person, one account, one signature and one vote, online or on paper."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from wagtail.models import ModelLogEntry

from hromada.participation.budget import services as budget_services
from hromada.participation.models import BudgetVote, PaperBallot, Resident, Signature
from hromada.participation.petitions import services as petitions_services
from hromada.participation.residents import services as residents_services
from hromada.participation.residents.identity import identity_key, normalize_number
from hromada.participation.residents.idgovua_standin import StandIn
from hromada.participation.verification import Identity, Level, LevelRequired
from tests.participation import standin

pytestmark = pytest.mark.django_db

NUMBER = "3012345678"


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[StandIn, str]]:
    with standin.running_standin() as running:
        yield running


@pytest.fixture
def idgovua(server: tuple[StandIn, str], settings: Any) -> StandIn:
    app, url = server
    standin.configure(settings, url)
    app.token_ttl, app.code_ttl, app.user_info_error = 600.0, 120.0, False
    return app


def _sign_in(client: Client, number: str = NUMBER, auth_type: str = "bank_id", **data: str) -> Any:
    return client.get(
        standin.authorize(client, standin.person(number, **data), auth_type=auth_type)
    )


def _nothing_created_but(resident: Resident) -> None:
    assert not Resident.objects.filter(user__username__startswith="eid-").exists()
    assert resident.user.username.startswith("person")


def _person() -> Any:
    return Resident.objects.filter(identity_key=identity_key(NUMBER))


def _nothing_created() -> None:
    assert not _person().exists()
    assert not Resident.objects.filter(user__username__startswith="eid-").exists()


@pytest.mark.parametrize("auth_type", ["dig_sign", "bank_id", "diia_id"])
def test_a_new_resident_signs_in_and_is_confirmed_at_once(
    idgovua: StandIn, client: Client, auth_type: str
) -> None:
    response = _sign_in(client, auth_type=auth_type)
    assert response.status_code == 302 and response["Location"] == "/account/"
    resident = _person().get()
    assert resident.level == Level.RESIDENT_CONFIRMED
    assert resident.full_name == "Коваленко Олена Петрівна"
    assert resident.verifier == f"id.gov.ua/{auth_type}"
    assert resident.identity_key == identity_key(NUMBER)
    assert int(client.session["_auth_user_id"]) == resident.user_id
    # The number itself is nowhere: not on the account, not in the audit log.
    stored = json.dumps(list(Resident.objects.values()), default=str)
    logged = json.dumps(list(ModelLogEntry.objects.values("data")), default=str)
    assert NUMBER not in stored and NUMBER not in logged
    # Signing in again opens the same account.
    client.logout()
    _sign_in(client, auth_type=auth_type)
    assert _person().count() == 1


def test_an_existing_account_links_on_first_sign_in(
    idgovua: StandIn, client: Client, make_resident: Any
) -> None:
    resident = make_resident()
    client.force_login(resident.user)
    assert _sign_in(client).status_code == 302
    resident.refresh_from_db()
    assert resident.level == Level.RESIDENT_CONFIRMED and resident.identity_key
    assert list(_person()) == [resident]
    _nothing_created_but(resident)


def test_a_second_account_of_the_same_person_is_refused(
    idgovua: StandIn, client: Client, make_resident: Any, admin_user: Any
) -> None:
    _sign_in(client)
    other = make_resident()
    client.force_login(other.user)
    response = _sign_in(client)
    assert response.status_code == 409
    assert "вже підтверджено на іншому обліковому записі" in response.content.decode()
    other.refresh_from_db()
    assert other.identity_key is None and other.level == Level.EMAIL_CONFIRMED
    # Nor can staff confirm that account in person with the same number.
    with pytest.raises(residents_services.IdentityTaken):
        residents_services.confirm_resident(
            resident=other, document_type="passport", document_number=NUMBER, user=admin_user
        )


def test_a_wrong_state_creates_nothing(idgovua: StandIn, client: Client) -> None:
    callback = standin.authorize(client, standin.person())
    client.get("/account/e-id/")  # another sign-in started in this session: a new state
    response = client.get(callback)
    assert response.status_code == 400
    assert "не належить до цього входу" in response.content.decode()
    _nothing_created()


def test_a_replayed_code_creates_nothing(idgovua: StandIn, client: Client) -> None:
    callback = standin.authorize(client, standin.person())
    state = client.session[_state_key()]
    assert client.get(callback).status_code == 302
    created = list(Resident.objects.values_list("pk", flat=True))
    session = client.session
    session[_state_key()] = state  # even with the state put back, the code works once
    session.save()
    response = client.get(callback)
    assert response.status_code == 400
    assert "вже використано" in response.content.decode()
    assert list(Resident.objects.values_list("pk", flat=True)) == created


def test_an_expired_token_creates_nothing(idgovua: StandIn, client: Client) -> None:
    idgovua.token_ttl = -1
    response = _sign_in(client)
    assert response.status_code == 400 and "не надав ваших даних" in response.content.decode()
    _nothing_created()


def test_a_user_info_error_creates_nothing(idgovua: StandIn, client: Client) -> None:
    idgovua.user_info_error = True
    response = _sign_in(client)
    assert response.status_code == 400 and "не надав ваших даних" in response.content.decode()
    _nothing_created()


def test_user_info_without_drfocode_creates_nothing(idgovua: StandIn, client: Client) -> None:
    response = _sign_in(client, number="")
    assert response.status_code == 400 and "РНОКПП" in response.content.decode()
    _nothing_created()


def test_cancelled_sign_in_creates_nothing(idgovua: StandIn, client: Client) -> None:
    callback = standin.authorize(client, standin.person())
    state = client.session[_state_key()]
    response = client.get(f"/account/e-id/done/?error=access_denied&state={state}")
    assert response.status_code == 400 and "скасовано" in response.content.decode()
    assert callback
    _nothing_created()


def test_the_encrypted_user_info_mode(idgovua: StandIn, client: Client, settings: Any) -> None:
    settings.IDGOVUA_CERT = "TUlJ-test-certificate"
    settings.IDGOVUA_DECRYPTOR = ""
    response = _sign_in(client)
    assert response.status_code == 400 and "зашифровану" in response.content.decode()
    _nothing_created()
    settings.IDGOVUA_DECRYPTOR = "hromada.participation.residents.idgovua_standin.decode_encrypted"
    assert _sign_in(client).status_code == 302
    assert _person().count() == 1


def test_without_registration_the_sign_in_is_not_offered(client: Client, settings: Any) -> None:
    settings.IDGOVUA_CLIENT_ID = ""
    assert client.get("/account/e-id/").status_code == 404
    assert "ID.GOV.UA" not in client.get("/account/login/").content.decode()


def _state_key() -> str:
    from hromada.participation.residents.views import STATE_KEY

    return STATE_KEY


# --- the identity key ---------------------------------------------------------------------


def test_numbers_are_normalized_and_checked() -> None:
    assert normalize_number(" 301 234-5678 ") == "3012345678"
    assert normalize_number("ab123456") == "АВ123456"  # Latin look-alikes made Cyrillic
    assert identity_key("ab 123456") == identity_key("АВ123456")
    assert identity_key("3012345678") != identity_key("3012345679")
    with pytest.raises(Exception, match="РНОКПП"):
        normalize_number("12345")


def test_deleted_account_keeps_the_key_on_its_signature_and_vote(
    idgovua: StandIn, client: Client, petition: Any, projects: list[Any], cycle: Any
) -> None:
    _sign_in(client)
    first = _person().get()
    petitions_services.sign_petition(petition=petition, resident=first)
    budget_services.cast_votes(resident=first, cycle=cycle, project_ids=[projects[0].pk])
    client.post("/account/delete/", {"confirm": "on"})
    first.refresh_from_db()
    assert first.deleted_at is not None and first.identity_key is None
    # The same person comes back with a new account: already signed, already voted.
    _sign_in(client)
    again = _person().get()
    assert again.pk != first.pk
    with pytest.raises(petitions_services.SigningError):
        petitions_services.sign_petition(petition=petition, resident=again)
    with pytest.raises(budget_services.VotingError):
        budget_services.cast_votes(resident=again, cycle=cycle, project_ids=[projects[0].pk])
    assert Signature.objects.filter(petition=petition, identity_key=again.identity_key).count() == 1


# --- paper ballots ------------------------------------------------------------------------


def test_online_then_paper_is_refused_saying_when(
    make_resident: Any, projects: list[Any], cycle: Any, admin_user: Any
) -> None:
    voter = make_resident(verified=True)  # confirmed in person with 3000000000 + n
    number = _number_of(voter)
    budget_services.cast_votes(resident=voter, cycle=cycle, project_ids=[projects[0].pk])
    with pytest.raises(budget_services.VotingError, match=r"онлайн|online") as refused:
        budget_services.enter_paper_ballot(
            cycle=cycle,
            number="П-1",
            document_number=number,
            project_ids=[projects[2].pk],
            user=admin_user,
        )
    assert any(ch.isdigit() for ch in str(refused.value))
    assert not PaperBallot.objects.exists()


def test_paper_then_online_is_refused_and_a_second_ballot_too(
    make_resident: Any, projects: list[Any], cycle: Any, admin_user: Any
) -> None:
    voter = make_resident(verified=True)
    number = _number_of(voter)
    budget_services.enter_paper_ballot(
        cycle=cycle,
        number="П-2",
        document_number=number,
        project_ids=[projects[0].pk],
        user=admin_user,
    )
    with pytest.raises(budget_services.VotingError, match=r"paper|папер"):
        budget_services.cast_votes(resident=voter, cycle=cycle, project_ids=[projects[2].pk])
    with pytest.raises(budget_services.VotingError, match=r"already entered|вже внесено"):
        budget_services.enter_paper_ballot(
            cycle=cycle,
            number="П-3",
            document_number=number,
            project_ids=[projects[2].pk],
            user=admin_user,
        )
    assert not BudgetVote.objects.filter(resident=voter).exists()


def _number_of(resident: Resident) -> str:
    for n in range(1, 10000):
        if identity_key(f"{3000000000 + n}") == resident.identity_key:
            return f"{3000000000 + n}"
    raise AssertionError("not a test number")


# --- privacy ------------------------------------------------------------------------------


def test_the_resident_downloads_what_is_stored(
    idgovua: StandIn, client: Client, petition: Any
) -> None:
    _sign_in(client)
    petitions_services.sign_petition(petition=petition, resident=_person().get())
    response = client.get("/account/my-data.json")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["full_name"] == "Коваленко Олена Петрівна"
    assert data["account"]["identity_key_kept"] is True
    assert [s["petition"] for s in data["signatures"]] == [petition.title]
    assert NUMBER not in response.content.decode()
    assert client.get("/account/").status_code == 200


# --- settings and the stand-in's start ----------------------------------------------------


def test_the_stand_in_is_refused_in_production(settings: Any) -> None:
    settings.DEBUG = False
    settings.IDGOVUA_STANDIN_ENABLED = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("idgovua_standin", "--port", "0")


def test_registration_without_the_key_refuses_to_start() -> None:
    env = {
        **os.environ,
        "IDGOVUA_CLIENT_ID": "portal",
        "RESIDENT_ID_KEY": "",
        "DJANGO_SETTINGS_MODULE": "hromada.config.settings",
    }
    run = subprocess.run(
        [sys.executable, "-c", "import hromada.config.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode != 0 and "RESIDENT_ID_KEY" in run.stderr


# --- concurrency (PostgreSQL) and the migration on data -----------------------------------


@pytest.mark.skipif(
    not django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="row locks and real concurrency need PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_twenty_requests_from_two_accounts_of_one_person_count_once(
    make_resident: Any, petition: Any, projects: list[Any], cycle: Any
) -> None:
    """Two accounts of one person (e-mail confirmed), 20 requests at once, alternating: each
    confirms its account with the person's number through the e-ID service, then signs and
    votes. One account gets the person; one signature and one vote count."""
    accounts = [make_resident().pk, make_resident().pk]
    barrier = threading.Barrier(20)
    outcomes: list[str] = []
    identity = Identity(full_name="Коваленко Олена", number=NUMBER, auth_type="bank_id")

    def attempt(index: int) -> None:
        try:
            barrier.wait()
            resident = Resident.objects.get(pk=accounts[index % 2])
            with contextlib.suppress(ValidationError):
                residents_services.confirm_by_eid(
                    resident=resident, identity=identity, provider="id.gov.ua"
                )
            for act in (
                lambda: petitions_services.sign_petition(petition=petition, resident=resident),
                lambda: budget_services.cast_votes(
                    resident=resident, cycle=cycle, project_ids=[projects[0].pk]
                ),
            ):
                try:
                    act()
                    outcomes.append("counted")
                except (ValidationError, LevelRequired):
                    outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    key = identity_key(NUMBER)
    assert Resident.objects.filter(pk__in=accounts, identity_key=key).count() == 1
    assert Signature.objects.filter(petition=petition, identity_key=key).count() == 1
    assert BudgetVote.objects.filter(project=projects[0], identity_key=key).count() == 1
    assert outcomes.count("counted") == 2 and len(outcomes) == 40


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_signatures_votes_and_ballots() -> None:
    """Back to before the identity keys, rows made the old way, forward again: every row is
    kept (without a key) and a counted ballot's entry time is the time it was counted."""
    executor = MigrationExecutor(connection)
    before, after = (
        [("participation", "0009_budget_photos_private")],
        [("participation", "0010_identity_keys")],
    )
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    user = old.get_model("auth", "User").objects.create(username="old-signer")
    moment = dt.datetime(2019, 5, 6, 10, 0, tzinfo=dt.UTC)
    resident = old.get_model("participation", "Resident").objects.create(
        user_id=user.pk, full_name="Стара Особа", consent_at=moment, verified_at=moment
    )
    petition = old.get_model("participation", "Petition").objects.create(
        author_name="Автор", title="Стара петиція", text="Текст."
    )
    old.get_model("participation", "Signature").objects.create(
        petition_id=petition.pk, resident_id=resident.pk, name="Стара Особа"
    )
    cycle = old.get_model("participation", "BudgetCycle").objects.create(
        year=2019,
        budget=100,
        project_cost_limit=100,
        submission_start=dt.date(2019, 1, 1),
        submission_end=dt.date(2019, 2, 1),
        review_end=dt.date(2019, 3, 1),
        voting_start=dt.date(2019, 4, 1),
        voting_end=dt.date(2019, 5, 1),
        results_on=dt.date(2019, 6, 1),
    )
    category = old.get_model("participation", "BudgetCategory").objects.create(
        cycle_id=cycle.pk, name="Усе"
    )
    project = old.get_model("participation", "BudgetProject").objects.create(
        cycle_id=cycle.pk,
        category_id=category.pk,
        author_name="Автор",
        title="Старий проєкт",
        description="Опис.",
        cost=10,
    )
    ballot = old.get_model("participation", "PaperBallot").objects.create(
        cycle_id=cycle.pk, number="1", first_entry=[project.pk], counted_at=moment
    )
    vote_model = old.get_model("participation", "BudgetVote")
    vote_model.objects.create(cycle_id=cycle.pk, project_id=project.pk, resident_id=resident.pk)
    vote_model.objects.create(cycle_id=cycle.pk, project_id=project.pk, ballot_id=ballot.pk)

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    signatures = new.get_model("participation", "Signature").objects.filter(petition_id=petition.pk)
    assert [(s.name, s.identity_key) for s in signatures] == [("Стара Особа", None)]
    votes = new.get_model("participation", "BudgetVote").objects.filter(project_id=project.pk)
    assert votes.count() == 2 and not votes.exclude(identity_key=None).exists()
    migrated = new.get_model("participation", "PaperBallot").objects.get(pk=ballot.pk)
    assert migrated.entered_at == moment and migrated.identity_key is None
    call_command("migrate", verbosity=0)  # the rest of the project, as it was
