"""core.services and the `setup_city` command: validated, atomic, audited writes."""

from __future__ import annotations

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import ModelLogEntry, Site

from hromada.core import metrics, services
from hromada.core.models import CityProfile, HistoricalFigure
from hromada.core.selectors import city_profile, historical_figures

pytestmark = pytest.mark.django_db


def profile_state() -> tuple[str, str, str, str, str]:
    profile = city_profile()
    site = Site.objects.get(is_default_site=True)
    return (
        profile.name,
        profile.official_domains,
        profile.aliases,
        profile.name_forms,
        site.site_name,
    )


def profile_log_entries() -> list[ModelLogEntry]:
    content_type = ContentType.objects.get_for_model(CityProfile)
    return list(ModelLogEntry.objects.filter(content_type=content_type).order_by("pk"))


def run_setup_city(*args: str) -> str:
    out = io.StringIO()
    call_command("setup_city", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_demo_city_profile_is_loaded() -> None:
    profile = city_profile()
    assert profile.name == "Лисичанськ"
    assert profile.domains == ["lysychansk.gov.ua"]
    assert profile.alias_list == ["Лисичанск", "Lysychansk"]
    assert profile.katottg == "UA44080150010031469"


def test_setup_city_command_happy_path() -> None:
    before_entries = len(profile_log_entries())

    output = run_setup_city(
        "--name",
        "  Сєвєродонецьк ",
        "--domain",
        "SEVERODONETSK.GOV.UA.",
        "--domain",
        "sed.gov.ua",
        "--domain",
        "severodonetsk.gov.ua",
        "--alias",
        "Северодонецк",
        "--alias",
        " Lysychansk ",
        "--alias",
        "",
    )

    profile = city_profile()
    assert profile.name == "Сєвєродонецьк"
    assert profile.domains == ["severodonetsk.gov.ua", "sed.gov.ua"]  # lower-cased, deduplicated
    # Aliases are merged with the ones already kept, without repeats or blanks.
    assert profile.alias_list == ["Лисичанск", "Lysychansk", "Северодонецк"]
    assert profile.word_forms[0] == "Сєвєродонецьк"
    assert Site.objects.get(is_default_site=True).site_name == "Сєвєродонецьк"
    assert "Сєвєродонецьк" in output
    assert "severodonetsk.gov.ua, sed.gov.ua" in output

    entries = profile_log_entries()
    assert len(entries) == before_entries + 1
    entry = entries[-1]
    assert entry.action == "wagtail.edit"
    assert entry.user is None  # a command: no user
    changes = entry.data["changes"]
    assert changes["name"] == {"before": "Лисичанськ", "after": "Сєвєродонецьк"}
    assert changes["official_domains"] == {
        "before": "lysychansk.gov.ua",
        "after": "severodonetsk.gov.ua\nsed.gov.ua",
    }
    assert "Северодонецк" in changes["aliases"]["after"]
    assert "katottg" not in changes  # only what changed


def test_cyrillic_domain_is_stored_in_idna_form() -> None:
    run_setup_city("--name", "Лисичанськ", "--domain", "Лисичанськ.укр")
    assert city_profile().domains == ["xn--80apajbpzd5czc.xn--j1amh"]
    assert "лисичанськ.укр".encode("idna") == b"xn--80apajbpzd5czc.xn--j1amh"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--name", "", "--domain", "lysychansk.gov.ua"],
            "--name: Назва міста має містити літери.",
        ),
        (
            ["--name", "   ", "--domain", "lysychansk.gov.ua"],
            "--name: Назва міста має містити літери.",
        ),
        (
            ["--name", "12345", "--domain", "lysychansk.gov.ua"],
            "--name: Назва міста має містити літери.",
        ),
        (
            ["--name", "№ 7 — 2020", "--domain", "lysychansk.gov.ua"],
            "--name: Назва міста має містити літери.",
        ),
        (["--name", "Л" * 101, "--domain", "lysychansk.gov.ua"], "--name: "),
        (["--name", "Лисичанськ", "--domain", "not a domain"], "--domain: «not a domain»"),
        (["--name", "Лисичанськ", "--domain", "http://lysychansk.gov.ua/"], "--domain: «http://"),
        (["--name", "Лисичанськ", "--domain", "lysychansk"], "--domain: «lysychansk»"),
        (["--name", "Лисичанськ", "--domain", "a..gov.ua"], "--domain: «a..gov.ua»"),
        (["--name", "Лисичанськ", "--domain", ""], "--domain: «»"),
        (
            ["--name", "Лисичанськ", "--domain", "ok.gov.ua", "--domain", "bad_domain.ua"],
            "--domain: «bad_domain.ua»",
        ),
        (["--name", "Лисичанськ"], "--domain"),
        (["--domain", "lysychansk.gov.ua"], "--name"),
    ],
)
def test_setup_city_command_refuses_bad_arguments_and_changes_nothing(
    args: list[str], message: str
) -> None:
    state = profile_state()
    entries = len(profile_log_entries())

    with pytest.raises(CommandError) as caught:
        run_setup_city(*args)

    assert message in str(caught.value)
    assert profile_state() == state
    assert len(profile_log_entries()) == entries


def test_missing_domain_is_reported_as_a_required_option() -> None:
    with pytest.raises(CommandError, match="required: --domain"):
        run_setup_city("--name", "Лисичанськ")


def test_setup_city_service_records_the_acting_user(admin_user) -> None:  # type: ignore[no-untyped-def]
    services.setup_city(
        name="Лисичанськ", domains=["lysychansk.gov.ua"], user=admin_user, phone="+380 6451 7 00 00"
    )
    entry = profile_log_entries()[-1]
    assert entry.user == admin_user
    assert entry.data["changes"] == {
        "phone": {"before": "+380 6451 7 31 61", "after": "+380 6451 7 00 00"}
    }


def test_setup_city_service_validates_other_fields_too() -> None:
    state = profile_state()
    with pytest.raises(ValidationError) as caught:
        services.setup_city(name="Лисичанськ", domains=["lysychansk.gov.ua"], katottg="UA123")
    assert "katottg" in caught.value.message_dict
    assert profile_state() == state
    assert city_profile().katottg == "UA44080150010031469"


def test_setup_city_service_needs_a_domain() -> None:
    with pytest.raises(ValidationError) as caught:
        services.setup_city(name="Лисичанськ", domains=[])
    assert "official_domains" in caught.value.message_dict


# --- historical figures ------------------------------------------------------------------


def figure_log(figure: HistoricalFigure) -> list[ModelLogEntry]:
    content_type = ContentType.objects.get_for_model(HistoricalFigure)
    return list(
        ModelLogEntry.objects.filter(content_type=content_type, object_id=str(figure.pk)).order_by(
            "pk"
        )
    )


def test_demo_loaded_the_seed_history() -> None:
    assert historical_figures("portal.news_published") == {
        2011: 570,
        2012: 1802,
        2013: 2052,
        2014: 1327,
        2015: 3000,
        2016: 2344,
        2017: 3012,
        2018: 2400,
        2019: 2000,
    }
    # Figures of modules not installed yet wait in the CSV, not in the database.
    registered = {metric.key for metric in metrics.all_metrics()}
    loaded = set(HistoricalFigure.objects.values_list("metric", flat=True))
    assert loaded and loaded <= registered


def test_set_historical_figure_creates_then_updates_and_audits(admin_user) -> None:  # type: ignore[no-untyped-def]
    figure = services.set_historical_figure(
        metric="portal.videos_published",
        year=2018,
        value=29,
        note="Звіт за 2018 рік",
        user=admin_user,
    )
    assert [entry.action for entry in figure_log(figure)] == ["wagtail.create"]

    again = services.set_historical_figure(
        metric="portal.videos_published", year=2018, value=30, note="Уточнено"
    )
    assert again.pk == figure.pk
    assert HistoricalFigure.objects.filter(metric="portal.videos_published", year=2018).count() == 1
    entries = figure_log(figure)
    assert [entry.action for entry in entries] == ["wagtail.create", "wagtail.edit"]
    assert entries[-1].data["changes"] == {
        "value": {"before": 29, "after": 30},
        "note": {"before": "Звіт за 2018 рік", "after": "Уточнено"},
    }


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"metric": "portal.no_such_figure", "year": 2019, "value": 1}, KeyError),
        ({"metric": "portal.news_published", "year": 1990, "value": 1}, ValidationError),
        ({"metric": "portal.news_published", "year": 2101, "value": 1}, ValidationError),
        ({"metric": "portal.news_published", "year": 2019, "value": -1}, ValidationError),
    ],
)
def test_set_historical_figure_refuses_bad_values(kwargs: dict, error: type[Exception]) -> None:
    before = historical_figures(kwargs["metric"])
    with pytest.raises(error):
        services.set_historical_figure(**kwargs)
    assert historical_figures(kwargs["metric"]) == before
