"""Files for the acts tests, made in code (the demo's generators)."""

from __future__ import annotations

from hromada.acts.demo import docx_bytes, odt_bytes, pdf_bytes, scan_bytes
from hromada.acts.services import FileInput


def pdf(title: str = "Рішення", body: str = "Текст рішення.") -> bytes:
    data = pdf_bytes(title, body)
    assert data is not None, "the tests need DejaVuSans (fonts-dejavu-core)"
    return data


def docx(title: str = "Рішення", body: str = "Текст рішення.") -> bytes:
    return docx_bytes(title, body)


def odt(title: str = "Рішення", body: str = "Текст рішення.") -> bytes:
    return odt_bytes(title, body)


def scan() -> bytes:
    return scan_bytes("Скан")


def file_input(name: str, content: bytes) -> FileInput:
    return FileInput(name=name, content=content)
