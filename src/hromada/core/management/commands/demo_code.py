"""``hromada demo_code``: the current sign-in code of the demo admin's authenticator, for
trying the demo without a phone. Works only for the device ``hromada demo`` made and only
while the demo admin still has the published demo password: on a real installation (the
password changed, or no demo loaded) it prints nothing and fails."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from hromada.core.demo import DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME, DEMO_DEVICE_NAME


class Command(BaseCommand):
    help = "Print the demo admin's current two-factor code (demo installations only)."

    def handle(self, *args: Any, **options: Any) -> None:
        admin = get_user_model().objects.filter(username=DEMO_ADMIN_USERNAME).first()
        if admin is None or not admin.check_password(DEMO_ADMIN_PASSWORD):
            raise CommandError("no demo admin with the demo password here: not a demo")
        device = TOTPDevice.objects.filter(
            user=admin, name=DEMO_DEVICE_NAME, confirmed=True
        ).first()
        if device is None:
            raise CommandError("the demo admin has no demo authenticator: run `hromada demo`")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        if totp.t() <= device.last_t:
            # This period's code was used (each is accepted once): wait for the next one.
            self.stderr.write("this code was used; waiting for the next one…")
            while totp.t() <= device.last_t:
                time.sleep(1)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
