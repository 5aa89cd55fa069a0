"""The demo city: each module's `demo.py` has a `load(*, stdout)` that is idempotent.

`hromada demo` migrates, then calls core's loader first and every other module's in
INSTALLED_APPS order. The demo city is Лисичанськ in 2020, from the seed report.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import TextIO

from django.contrib.auth import get_user_model

from hromada.core import metrics, services

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "hromada-demo"  # noqa: S105 - the published demo login (README)
DATA_DIR = Path(__file__).parent / "demo_data"


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
    loaded = load_historical_figures(DATA_DIR / "historical_figures.csv")
    stdout.write(f"city profile, demo admin and {loaded} historical figures loaded\n")


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
