"""Build ЄДР-format XML files in code (no downloads) for the parser tests."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from xml.sax.saxutils import escape

from hromada.core.validators import edrpou_check_digit


def edrpou(seed: int) -> str:
    """A valid 8-digit EDRPOU code derived from a number."""
    base = f"{(seed * 7919 + 2100000) % 10_000_000:07d}"
    return base + str(edrpou_check_digit(base))


def subject(**fields: str | Iterable[str]) -> str:
    """One `<SUBJECT>` (newer FULL format); list values become `<SIGNERS><SIGNER>` etc."""
    parts = []
    for tag, value in fields.items():
        if isinstance(value, str):
            parts.append(f"<{tag}>{escape(value)}</{tag}>")
        else:
            child = tag[:-1]
            inner = "".join(f"<{child}>{escape(v)}</{child}>" for v in value)
            parts.append(f"<{tag}>{inner}</{tag}>")
    return "<SUBJECT>" + "".join(parts) + "</SUBJECT>\n"


def old_record(**fields: str | Iterable[str]) -> str:
    return subject(**fields).replace("<SUBJECT>", "<RECORD>").replace("</SUBJECT>", "</RECORD>")


def document(
    records: Iterable[str], *, encoding: str = "windows-1251", root: str = "DATA"
) -> bytes:
    body = f'<?xml version="1.0" encoding="{encoding}"?>\n<{root}>\n' + "".join(records)
    return (body + f"</{root}>\n").encode(encoding)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def write_zip(path: Path, members: Mapping[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def city_subject(n: int, opf: str, **extra: str) -> str:
    fields: dict[str, str] = {
        "NAME": extra.pop("NAME", f'ГРОМАДСЬКА ОРГАНІЗАЦІЯ "ТЕСТ {n}"'),
        "SHORT_NAME": extra.pop("SHORT_NAME", f'ГО "ТЕСТ {n}"'),
        "OPF": opf,
        "EDRPOU": extra.pop("EDRPOU", edrpou(n)),
        "ADDRESS": extra.pop(
            "ADDRESS", "93100, Луганська обл., місто Лисичанськ, вулиця Сосюри, будинок 1"
        ),
        "STAN": extra.pop("STAN", "зареєстровано"),
        "REGISTRATION": extra.pop("REGISTRATION", "21.03.2005, 1 383 120 0000 000437"),
        "TERMINATED_INFO": extra.pop("TERMINATED_INFO", ""),
    }
    fields.update(extra)
    return subject(**fields)
