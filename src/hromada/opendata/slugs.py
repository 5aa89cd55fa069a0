"""Latin `name` slugs for datasets, publishers and groups (CKAN: `[a-z0-9_-]{2,100}`)."""

from __future__ import annotations

import re
from typing import Any

from hromada.core.text import transliterate

MAX_LENGTH = 100


def slugify_name(text: str) -> str:
    """ "Бюджет міста на 2020 рік" → "biudzhet-mista-na-2020-rik" (official transliteration)."""
    latin = transliterate(text)
    slug = re.sub(r"[^a-z0-9]+", "-", latin).strip("-")
    slug = slug[:MAX_LENGTH].rstrip("-")
    if len(slug) < 2:
        slug = (slug + "-dataset").strip("-")
    return slug


def unique_name(text: str, model: Any, *, exclude_pk: Any = None) -> str:
    base = slugify_name(text)
    candidate = base
    number = 2
    existing = model.objects.all()
    if exclude_pk is not None:
        existing = existing.exclude(pk=exclude_pk)
    while existing.filter(name=candidate).exists():
        suffix = f"-{number}"
        candidate = base[: MAX_LENGTH - len(suffix)].rstrip("-") + suffix
        number += 1
    return candidate
