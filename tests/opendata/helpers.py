"""Builders for open-data tests, made with the module's own services."""

from __future__ import annotations

import io
from typing import Any

from hromada.opendata import services
from hromada.opendata.models import Dataset, Publisher

CSV = "id,name,amount\n1,Перший,10\n2,Другий,20\n".encode()


def publisher(**fields: Any) -> Publisher:
    values: dict[str, Any] = {"title": "Тестове управління", "edrpou": "34142527"}
    values.update(fields)
    return services.create_publisher(**values)


def dataset(**fields: Any) -> Dataset:
    values: dict[str, Any] = {
        "publisher": fields.pop("publisher", None) or publisher(),
        "title": "Перелік тестових об'єктів",
        "notes": "Опис набору.",
        "purpose": "Постанова КМУ № 835.",
        "maintainer": "Іваненко Іван",
        "maintainer_email": "steward@example.org",
        "update_frequency": "Щомісяця",
        "keywords": "тест, об'єкти",
    }
    values.update(fields)
    return services.create_dataset(**values)


def upload(data: bytes = CSV) -> io.BytesIO:
    return io.BytesIO(data)
