"""ЄДР exports built in code, in the shape the Ministry of Justice publishes (no downloads).

What is real here (see organizations/edr.py for the sources): windows-1251 with the encoding
in the prolog, `<DATA><SUBJECT>` and every record on one line, every field element present
(`<X/>` when empty), upper-case OPF texts, the REGISTRATION / TERMINATED_INFO / SIGNER
strings, straight (nested) quotes in names, the ZIP layouts and inner file names of the
2019–2022 full dump, the current export without addresses, the old `<RECORD>` files and the
old registers of associations without legal personality.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from xml.sax.saxutils import escape

from hromada.core.validators import edrpou_check_digit

CITY_ADDRESS = "93100, Луганська обл., місто Лисичанськ, ВУЛИЦЯ СОСЮРИ, будинок 1"

#: Element order of a 2019–2022 full-dump <SUBJECT> (lists become <SIGNERS><SIGNER>…).
FULL_FIELDS = (
    "NAME",
    "SHORT_NAME",
    "OPF",
    "EDRPOU",
    "ADDRESS",
    "STAN",
    "AUTHORIZED_CAPITAL",
    "FOUNDING_DOCUMENT_NUM",
    "EXECUTIVE_POWER",
    "SUPERIOR_MANAGEMENT",
    "STATUTE",
    "REGISTRATION",
    "MANAGING_PAPER",
    "VP_DATES",
    "CURRENT_AUTHORITY",
    "CONTACTS",
    "ACTIVITY_KINDS",
    "SIGNERS",
    "FOUNDERS",
    "BENEFICIARIES",
    "BRANCHES",
    "TERMINATED_INFO",
    "TERMINATION_CANCEL_INFO",
    "TERMINATION_STARTED_INFO",
    "BANKRUPTCY_READJUSTMENT_INFO",
    "PREDECESSORS",
    "ASSIGNEES",
    "EXCHANGE_DATA",
)
#: The current export (2023 on) withholds the address, activities and contacts, and each
#: SUBJECT carries a RECORD (its number in the register) as go-uaedr reads it from the XSD.
WITHHELD = ("ADDRESS", "ACTIVITY_KINDS", "CONTACTS")
CURRENT_FIELDS = ("RECORD", *(f for f in FULL_FIELDS if f not in WITHHELD))
CHILD = {
    "SIGNERS": "SIGNER",
    "FOUNDERS": "FOUNDER",
    "BENEFICIARIES": "BENEFICIARY",
    "BRANCHES": "BRANCH",
    "ACTIVITY_KINDS": "ACTIVITY_KIND",
    "PREDECESSORS": "PREDECESSOR",
    "ASSIGNEES": "ASSIGNEE",
    "EXCHANGE_DATA": "EXCHANGE_ANSWER",
}


def edrpou(seed: int) -> str:
    """A valid 8-digit EDRPOU code derived from a number."""
    base = f"{(seed * 7919 + 2100000) % 10_000_000:07d}"
    return base + str(edrpou_check_digit(base))


def _element(tag: str, value: str | Iterable[str] | None) -> str:
    if value is None or value == "":
        return f"<{tag}/>"
    if isinstance(value, str):
        return f"<{tag}>{escape(value)}</{tag}>"
    items = list(value)
    if not items:
        return f"<{tag}/>"
    child = CHILD.get(tag, tag[:-1])
    return f"<{tag}>" + "".join(f"<{child}>{escape(v)}</{child}>" for v in items) + f"</{tag}>"


def subject(fields: Iterable[str] = FULL_FIELDS, **values: str | Iterable[str]) -> str:
    """One `<SUBJECT>` with every field of `fields` present, in order (unknown keys appended)."""
    order = list(fields) + [k for k in values if k not in fields]
    return "<SUBJECT>" + "".join(_element(t, values.get(t)) for t in order) + "</SUBJECT>"


def civic(
    n: int,
    opf: str = "ГРОМАДСЬКА ОРГАНІЗАЦІЯ",
    *,
    fields: Iterable[str] = FULL_FIELDS,
    **values: str | Iterable[str],
) -> str:
    """A civic organization in the city, with real-looking strings."""
    base: dict[str, str | Iterable[str]] = {
        "RECORD": str(1_000_000 + n),
        "NAME": f'ГРОМАДСЬКА ОРГАНІЗАЦІЯ "ТЕСТ {n}"',
        "SHORT_NAME": f'ГО "ТЕСТ {n}"',
        "OPF": opf,
        "EDRPOU": edrpou(n),
        "ADDRESS": CITY_ADDRESS,
        "STAN": "зареєстровано",
        "REGISTRATION": "24.10.2013; 24.10.2013; 11191020000012682",
        "SIGNERS": ["ПЕТРЕНКО ПЕТРО ПЕТРОВИЧ; 21.10.2013 - керівник"],
        "FOUNDERS": ["ІВАНЕНКО ІВАН ІВАНОВИЧ"],
        "STATUTE": "СТАТУТ",
    }
    fields = tuple(fields)
    base = {k: v for k, v in base.items() if k in fields}  # defaults only for real fields
    base.update(values)
    return subject(fields, **base)


def business(n: int, address: str = "01001, м.Київ, вулиця Хрещатик, будинок 1") -> str:
    return subject(
        NAME=f'ТОВАРИСТВО З ОБМЕЖЕНОЮ ВІДПОВІДАЛЬНІСТЮ "РОГА {n}"',
        SHORT_NAME=f'ТОВ "РОГА {n}"',
        OPF="ТОВАРИСТВО З ОБМЕЖЕНОЮ ВІДПОВІДАЛЬНІСТЮ",
        EDRPOU=edrpou(500_000 + n),
        ADDRESS=address,
        STAN="зареєстровано",
        REGISTRATION="01.02.2010; 01.02.2010; 10001020000012345",
        AUTHORIZED_CAPITAL="1000,00",
    )


def fop(n: int) -> str:
    """An individual entrepreneur of the 17.2 FOP file (in the city: it must not be read)."""
    return (
        f"<SUBJECT><NAME>КОВАЛЬ ОЛЕНА {n}</NAME><ADDRESS>{CITY_ADDRESS}</ADDRESS>"
        "<STAN>зареєстровано</STAN><REGISTRATION>01.02.2010; 01.02.2010; 1</REGISTRATION>"
        "<ACTIVITY_KINDS/><SIGNERS/><TERMINATED_INFO/></SUBJECT>"
    )


def document(
    records: Iterable[str], *, encoding: str = "windows-1251", root: str = "DATA"
) -> bytes:
    """The whole file: the prolog line, then the root and every record on one line."""
    body = f'<?xml version="1.0" encoding="{encoding}"?>\n<{root}>' + "".join(records)
    return (body + f"</{root}>").encode(encoding)


def old_record(**values: str | Iterable[str]) -> str:
    """A `<RECORD>` of `15.1-EX_XML_EDR_UO.xml` (before 2019) / the short 17.1 file."""
    order = ["NAME", "SHORT_NAME", "EDRPOU", "ADDRESS", "BOSS", "KVED", "STAN", "FOUNDERS"]
    return "<RECORD>" + "".join(_element(t, values.get(t)) for t in order) + "</RECORD>"


def register_record(**values: str) -> str:
    """A `<RECORD>` of the old registers of associations without legal personality
    (`16-Ex_Xml_Rgo.xml`, `17.3-ex_xml_rgo.xml`): ADRESS is spelt so in the files."""
    order = ["NAME", "VUD_NAME", "EDRPOU", "ADRESS", "PHONE"]
    return "<RECORD>" + "".join(_element(t, values.get(t)) for t in order) + "</RECORD>"


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def write_zip(path: Path, members: Mapping[str, bytes], *, level: int = 6) -> Path:
    with zipfile.ZipFile(
        path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=level
    ) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def full_dump(
    folder: Path,
    uo: bytes,
    fop_file: bytes | None = None,
    *,
    date: str = "07.02.2022",
) -> Path:
    """`17-ufop_full_DD-MM-YYYY.zip` with its folder and both members, as published."""
    inner = f"17-ufop_full_{date}"
    members = {f"{inner}/17.1-EX_XML_EDR_UO_FULL_{date}.xml": uo}
    if fop_file is not None:
        members[f"{inner}/17.2-EX_XML_EDR_FOP_FULL_{date}.xml"] = fop_file
    return write_zip(folder / f"17-ufop_full_{date.replace('.', '-')}.zip", members)


def current_export(folder: Path, records: Iterable[str]) -> Path:
    """`uo.zip` of the current dataset: one member, no addresses."""
    return write_zip(folder / "uo.zip", {"uo.xml": document(records)})
