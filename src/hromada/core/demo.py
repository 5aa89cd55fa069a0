"""The demo city: each module's `demo.py` has a `load(*, stdout)` that is idempotent.

`hromada demo` migrates, then calls core's loader first and every other module's in
INSTALLED_APPS order. The demo city is Лисичанськ in 2020, from the seed report.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import random
from pathlib import Path
from typing import TextIO

from django.contrib.auth import get_user_model
from PIL import Image, ImageDraw

from hromada.core import metrics, services

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "hromada-demo"  # noqa: S105 - the published demo login (README)
# The demo admin's authenticator (a superuser needs two-factor sign-in): its key is made at
# the first load and printed; `hromada demo_code` prints its current code.
DEMO_DEVICE_NAME = "demo"
DATA_DIR = Path(__file__).parent / "demo_data"
PALETTE = [(11, 79, 138), (255, 210, 0), (46, 125, 50), (173, 20, 87), (69, 90, 100), (230, 81, 0)]


def picture_jpeg(*, seed: int, size: tuple[int, int] = (1200, 800)) -> bytes:
    """A generated picture (a gradient with circles) as JPEG bytes: the demo's photos are
    drawn here, nothing is downloaded."""
    rng = random.Random(seed)  # noqa: S311 - decorative, not security
    top, bottom = rng.sample(PALETTE, 2)
    picture = Image.new("RGB", size)
    draw = ImageDraw.Draw(picture)
    for y in range(size[1]):
        mix = y / size[1]
        colour = tuple(int(top[i] * (1 - mix) + bottom[i] * mix) for i in range(3))
        draw.line([(0, y), (size[0], y)], fill=colour)
    for _ in range(6):
        x, y, r = rng.randrange(size[0]), rng.randrange(size[1]), rng.randrange(40, 160)
        draw.ellipse([x - r, y - r, x + r, y + r], outline=(255, 255, 255), width=4)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def load(*, stdout: TextIO) -> None:
    services.setup_city(
        name="Лисичанськ",
        domains=["lysychansk.gov.ua"],
        aliases=["Лисичанск", "Lysychansk"],
        council_name="Лисичанська міська рада",
        office_name="Відділ з питань внутрішньої політики, зв'язку з громадськістю та ЗМІ",
        katottg="UA44080150010031469",
        address="93100, Луганська обл., м. Лисичанськ, вул. Грушевського, 7",
        phone="+380 6451 7 31 61",
        email="press@lysychansk.example",
        reception_hours="Пн–Чт 8:00–17:00, Пт 8:00–15:45\nОбідня перерва 12:00–12:45",
        records_since=dt.date(2020, 1, 1),
    )
    user_model = get_user_model()
    admin, created = user_model.objects.get_or_create(
        username=DEMO_ADMIN_USERNAME,
        defaults={
            "email": "admin@lysychansk.example",
            "first_name": "Адміністратор",
            "last_name": "Демо",
        },
    )
    if created:
        admin.set_password(DEMO_ADMIN_PASSWORD)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    _demo_authenticator(admin, stdout=stdout)
    loaded = load_historical_figures(DATA_DIR / "historical_figures.csv")
    stdout.write(f"city profile, demo admin and {loaded} historical figures loaded\n")


def _demo_authenticator(admin: object, *, stdout: TextIO) -> None:
    """Give the demo admin an authenticator, unless they enrolled one of their own."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=admin, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=admin, name=DEMO_DEVICE_NAME, confirmed=True)
    if device.name == DEMO_DEVICE_NAME:
        key = base64.b32encode(device.bin_key).decode()
        stdout.write(
            f"demo admin's second factor: key {key} in an authenticator app, "
            "or `hromada demo_code` for the current code\n"
        )


def load_historical_figures(path: Path) -> int:
    """Figures the seed report states for earlier years, for metrics already registered."""
    known = {metric.key for metric in metrics.all_metrics()}
    loaded = 0
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["metric"] not in known:
                continue  # the module that owns this figure is not installed yet
            services.set_historical_figure(
                metric=row["metric"],
                year=int(row["year"]),
                value=int(row["value"]),
                note=row["note"],
            )
            loaded += 1
    return loaded
