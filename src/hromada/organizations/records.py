"""The shape every importer (CSV, ЄДР XML) produces and `services.import_records` consumes.

Importers only parse: they yield `OrganizationRecord`s, or `RowError`s naming the line (CSV)
or record number (XML) and the field. They never touch the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    PARTY_UNIT = "party_unit"
    NGO = "ngo"
    RELIGIOUS = "religious"
    TRADE_UNION = "trade_union"
    CHARITY = "charity"
    OTHER = "other"


class Source(StrEnum):
    MANUAL = "manual"
    CSV = "csv"
    EDR = "edr"


@dataclass(frozen=True)
class OrganizationRecord:
    kind: Kind
    name: str
    edrpou: str = ""  # 8 digits, checksum already validated by the importer; "" when unknown
    short_name: str = ""
    legal_form: str = ""  # organizational-legal form as written in ЄДР ("громадська організація")
    registered_on: dt.date | None = None
    terminated_on: dt.date | None = None
    status: str = ""  # ЄДР status text ("зареєстровано", "припинено", …)
    address: str = ""
    head: str = ""
    parent: str = ""  # parent party's name, for party units
    location: str = ""  # "line 17" or "record 1234": where it came from, for messages
    # From an export without addresses (ЄДР since 2023): the name names the city, so staff
    # review it as a candidate instead of it entering the register directly.
    candidate: bool = False


@dataclass(frozen=True)
class RowError:
    location: str  # "line 17" / "record 1234"
    field: str  # the column or XML element at fault ("" for the whole row)
    message: str


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    proposed: int = 0  # candidates waiting for staff (ЄДР exports without addresses)

    @property
    def error_count(self) -> int:
        return len(self.errors)
