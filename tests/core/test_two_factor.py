"""Two-factor sign-in for staff (issue 23): after the password, a code from an authenticator
app (real TOTP computed from the key, no mocks) or a single-use recovery code; compulsory for
superusers and the roles that see personal data or manage accounts, optional for the others.
Through the test client and the production middleware and views."""

from __future__ import annotations

import base64
import io
import re
from typing import Any

import pytest
from axes.utils import reset as reset_lockouts
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from hromada.core import roles, two_factor
from hromada.core.demo import DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME
from hromada.core.security_models import RecoveryCode

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-77"
VERIFY = "/admin/two-factor/verify/"
SETUP = "/admin/two-factor/"


@pytest.fixture(autouse=True)
def _no_lockouts() -> Any:
    reset_lockouts()
    yield
    reset_lockouts()


def staff(django_user_model: Any, username: str, role: str) -> Any:
    user = django_user_model.objects.create_user(username, password=PASSWORD)
    user.groups.add(Group.objects.get(name=role))
    return user


def sign_in(client: Client, username: str, password: str = PASSWORD) -> Any:
    return client.post(
        "/admin/login/", {"username": username, "password": password, "next": "/admin/"}
    )


def code_for(key_bytes: bytes, *, step_offset: int = 0) -> str:
    totp = TOTP(key_bytes, 30, 0, 6, step_offset)
    return f"{totp.token():06d}"


def device_code(device: TOTPDevice) -> str:
    return code_for(device.bin_key)


def shown_key(html: str) -> bytes:
    match = re.search(r'<code id="two-factor-key">([A-Z2-7 ]+)</code>', html)
    assert match is not None
    return base64.b32decode(match.group(1).replace(" ", ""))


def test_a_superuser_needs_the_code_after_the_password(client: Client) -> None:
    response = sign_in(client, DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASSWORD)
    assert response.status_code == 302
    # Every admin page sends them to the code page until it is done.
    for path in ("/admin/", "/admin/users/", "/admin/pages/"):
        page = client.get(path)
        assert page.status_code == 302
        assert page["Location"].startswith(VERIFY)
    assert "two-factor" in client.get(VERIFY).content.decode()
    # ... but the code page's own icons and script translations load (redirected, the page
    # itself was pasted in as the icon sprite: two code fields on one page).
    sprite = client.get(reverse("wagtailadmin_sprite"))
    assert sprite.status_code == 200 and "<svg" in sprite.content.decode()
    assert client.get(reverse("wagtailadmin_javascript_catalog")).status_code == 200
    device = TOTPDevice.objects.get(user__username=DEMO_ADMIN_USERNAME, confirmed=True)
    done = client.post(VERIFY, {"code": device_code(device), "next": "/admin/users/"})
    assert done.status_code == 302 and done["Location"] == "/admin/users/"
    assert client.get("/admin/").status_code == 200


def test_a_code_is_accepted_once(client: Client) -> None:
    device = TOTPDevice.objects.get(user__username=DEMO_ADMIN_USERNAME, confirmed=True)
    code = device_code(device)
    sign_in(client, DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASSWORD)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    other = Client()
    sign_in(other, DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASSWORD)
    assert other.post(VERIFY, {"code": code}).status_code == 400
    assert other.get("/admin/").status_code == 302


def test_a_wrong_code_is_refused_and_slows_the_next_tries(client: Client) -> None:
    device = TOTPDevice.objects.get(user__username=DEMO_ADMIN_USERNAME, confirmed=True)
    sign_in(client, DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASSWORD)
    wrong = "000000" if device_code(device) != "000000" else "111111"
    assert client.post(VERIFY, {"code": wrong}).status_code == 400
    assert client.get("/admin/").status_code == 302
    # django-otp's throttle: after a failure even the right code waits (1 s, doubling).
    assert client.post(VERIFY, {"code": device_code(device)}).status_code == 400
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_an_off_site_next_is_not_followed(client: Client) -> None:
    device = TOTPDevice.objects.get(user__username=DEMO_ADMIN_USERNAME, confirmed=True)
    sign_in(client, DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASSWORD)
    done = client.post(VERIFY, {"code": device_code(device), "next": "https://evil.example/"})
    assert done["Location"] == "/admin/"


def test_a_personal_data_role_must_enrol_before_anything_else(
    client: Client, django_user_model: Any
) -> None:
    user = staff(django_user_model, "officer", roles.ADMINISTRATOR)
    assert two_factor.is_required(user)
    assert sign_in(client, "officer").status_code == 302
    for path in ("/admin/", "/admin/users/", VERIFY):
        page = client.get(path)
        assert page.status_code == 302 and page["Location"].startswith(SETUP)
    setup = client.get(SETUP)
    html = setup.content.decode()
    assert setup.status_code == 200 and "<svg" in html
    key = shown_key(html)
    # Reloading the page keeps the key already scanned.
    assert shown_key(client.get(SETUP).content.decode()) == key
    done = client.post(SETUP, {"code": code_for(key)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", done.content.decode())
    assert len(codes) == two_factor.RECOVERY_CODES == len(set(codes))
    # Stored as digests only.
    stored = set(RecoveryCode.objects.filter(device__user=user).values_list("digest", flat=True))
    assert len(stored) == 10 and not stored & set(codes)
    assert client.get("/admin/").status_code == 200
    assert ModelLogEntry.objects.for_instance(user).filter(action="core.two_factor.enable").exists()
    # The next sign-in asks for the code.
    later = Client()
    sign_in(later, "officer")
    assert later.get("/admin/")["Location"].startswith(VERIFY)


def test_a_recovery_code_signs_in_once(client: Client, django_user_model: Any) -> None:
    user = staff(django_user_model, "officer2", roles.ADMINISTRATOR)
    client.force_login(user)  # enrols through the real pages (tests/conftest.py)
    codes = two_factor.regenerate_recovery_codes(user=user)
    first = Client()
    sign_in(first, "officer2")
    assert first.post(VERIFY, {"code": codes[0].upper()}).status_code == 302
    assert first.get("/admin/").status_code == 200
    second = Client()
    sign_in(second, "officer2")
    assert second.post(VERIFY, {"code": codes[1]}).status_code == 302
    third = Client()
    sign_in(third, "officer2")
    assert third.post(VERIFY, {"code": codes[0]}).status_code == 400  # used already
    assert third.get("/admin/").status_code == 302
    assert two_factor.remaining_recovery_codes(user) == 8
    used = ModelLogEntry.objects.for_instance(user).filter(action="core.two_factor.recovery_used")
    assert used.count() == 2


def test_others_may_turn_it_on_and_then_need_it(client: Client, django_user_model: Any) -> None:
    user = staff(django_user_model, "editor", roles.SITE_EDITOR)
    assert not two_factor.is_required(user)
    sign_in(client, "editor")
    assert client.get("/admin/").status_code == 200  # optional: no second step yet
    assert SETUP in client.get("/admin/account/").content.decode()
    key = shown_key(client.get(SETUP).content.decode())
    assert client.post(SETUP, {"code": code_for(key)}).status_code == 200
    later = Client()
    sign_in(later, "editor")
    assert later.get("/admin/")["Location"].startswith(VERIFY)


def test_the_password_alone_cannot_swap_in_another_authenticator(
    client: Client, django_user_model: Any
) -> None:
    staff(django_user_model, "editor2", roles.SITE_EDITOR)
    first = Client()
    sign_in(first, "editor2")
    enrol_key = shown_key(first.get(SETUP).content.decode())
    assert first.post(SETUP, {"code": code_for(enrol_key)}).status_code == 200
    attacker = Client()
    sign_in(attacker, "editor2")
    assert attacker.get(SETUP)["Location"] == VERIFY
    assert attacker.get(f"{SETUP}?new=1")["Location"] == VERIFY
    assert attacker.post(SETUP, {"action": "recovery_codes"})["Location"] == VERIFY


def test_outside_the_admin_a_half_signed_in_session_is_anonymous(client: Client) -> None:
    sign_in(client, DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASSWORD)
    response = client.get("/account/")
    assert response.status_code in (302, 200)
    assert DEMO_ADMIN_USERNAME not in response.content.decode()


def test_a_superuser_resets_a_lost_phone_audited(django_user_model: Any) -> None:
    user = staff(django_user_model, "officer3", roles.ADMINISTRATOR)
    Client().force_login(user)
    assert two_factor.has_device(user)
    with pytest.raises(CommandError, match="--by"):
        call_command("reset_2fa", "officer3", by="officer3", stdout=io.StringIO())
    out = io.StringIO()
    call_command("reset_2fa", "officer3", by=DEMO_ADMIN_USERNAME, reason="lost phone", stdout=out)
    assert "removed" in out.getvalue()
    assert not two_factor.has_device(user)
    assert two_factor.remaining_recovery_codes(user) == 0
    entry = ModelLogEntry.objects.for_instance(user).get(action="core.two_factor.reset")
    assert entry.user.username == DEMO_ADMIN_USERNAME and entry.data["reason"] == "lost phone"
    again = Client()
    sign_in(again, "officer3")
    assert again.get("/admin/")["Location"].startswith(SETUP)


def test_the_demo_code_command_works_only_on_a_demo(client: Client, admin_user: Any) -> None:
    out = io.StringIO()
    call_command("demo_code", stdout=out)
    code = out.getvalue().strip()
    assert re.fullmatch(r"\d{6}", code)
    sign_in(client, DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASSWORD)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    admin_user.set_password("a-real-production-password-1")
    admin_user.save()
    with pytest.raises(CommandError, match="not a demo"):
        call_command("demo_code", stdout=io.StringIO())


def test_force_login_in_tests_goes_through_the_second_step(client: Client, admin_user: Any) -> None:
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    client.force_login(admin_user)  # the same period's code is used: a recovery code then
    assert client.get("/admin/").status_code == 200
