"""The ЄДР XML reader: formats, encodings, ZIPs, selection, fields and hostile files.

Pure parsing: no database."""

from __future__ import annotations

import datetime as dt
import time
import zipfile
from pathlib import Path

import pytest

from hromada.organizations.edr import (
    EdrFormatError,
    classify_form,
    derive_parent,
    extract_date,
    read_edr,
)
from hromada.organizations.records import Kind, OrganizationRecord, RowError

from .edr_fixtures import city_subject, document, edrpou, old_record, subject, write, write_zip

FORMS = ["Лисичанськ"]


def records(path: Path, forms: list[str] | None = None) -> list[OrganizationRecord | RowError]:
    return list(read_edr(path, place_forms=forms or FORMS))


def only_records(items: list[OrganizationRecord | RowError]) -> list[OrganizationRecord]:
    assert all(isinstance(i, OrganizationRecord) for i in items), items
    return [i for i in items if isinstance(i, OrganizationRecord)]


# Formats and encodings -----------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["windows-1251", "utf-8"])
def test_full_subject_format(tmp_path: Path, encoding: str) -> None:
    data = document(
        [
            city_subject(
                1,
                "Громадська організація",
                NAME='ГРОМАДСЬКА ОРГАНІЗАЦІЯ "ЛИСИЧАНСЬКІ ВЕТЕРАНИ"',
                SIGNERS=["ПЕТРЕНКО ПЕТРО ПЕТРОВИЧ - керівник"],
            )
        ],
        encoding=encoding,
    )
    (item,) = only_records(records(write(tmp_path / "uo.xml", data)))
    assert item.kind is Kind.NGO
    assert item.name == 'ГРОМАДСЬКА ОРГАНІЗАЦІЯ "ЛИСИЧАНСЬКІ ВЕТЕРАНИ"'
    assert item.short_name == 'ГО "ТЕСТ 1"'
    assert item.edrpou == edrpou(1)
    assert item.legal_form == "Громадська організація"
    assert item.registered_on == dt.date(2005, 3, 21)
    assert item.terminated_on is None
    assert item.status == "зареєстровано"
    assert "Лисичанськ" in item.address
    assert item.head == "ПЕТРЕНКО ПЕТРО ПЕТРОВИЧ"
    assert item.location == "record 1"


def test_old_record_format_without_opf(tmp_path: Path) -> None:
    data = document(
        [
            old_record(
                NAME='ЛИСИЧАНСЬКА МІСЬКА ОРГАНІЗАЦІЯ ПОЛІТИЧНОЇ ПАРТІЇ "ПАРТІЯ ЗЕЛЕНИХ УКРАЇНИ"',
                SHORT_NAME="",
                EDRPOU=edrpou(5),
                ADDRESS="93100, Луганська обл., м.Лисичанськ, вул. Леніна, 5",
                BOSS="КОВАЛЬ ОЛЕНА ІВАНІВНА",
                KVED="94.92 Діяльність політичних організацій",
                STAN="зареєстровано",
                FOUNDERS=["ПОЛІТИЧНА ПАРТІЯ ПАРТІЯ ЗЕЛЕНИХ УКРАЇНИ"],
            ),
            old_record(
                NAME='ТОВАРИСТВО З ОБМЕЖЕНОЮ ВІДПОВІДАЛЬНІСТЮ "ГРОМАДСЬКА ОРГАНІЗАЦІЯ"',
                EDRPOU=edrpou(6),
                ADDRESS="м.Лисичанськ",
                BOSS="X",
                KVED="",
                STAN="зареєстровано",
            ),
        ]
    )
    (item,) = only_records(records(write(tmp_path / "old.xml", data)))
    assert item.kind is Kind.PARTY_UNIT
    assert item.head == "КОВАЛЬ ОЛЕНА ІВАНІВНА"
    assert item.parent == 'ПОЛІТИЧНА ПАРТІЯ "ПАРТІЯ ЗЕЛЕНИХ УКРАЇНИ"'
    assert item.registered_on is None
    assert item.location == "record 1"


def test_public_formations_file_party_unit_without_edrpou(tmp_path: Path) -> None:
    data = document(
        [
            subject(
                NAME='ПЕРВИННА ОРГАНІЗАЦІЯ ПОЛІТИЧНОЇ ПАРТІЇ "СЛУГА НАРОДУ" У М. ЛИСИЧАНСЬКУ',
                OPF="Структурне утворення політичної партії",
                ADDRESS="Луганська обл., місто Лисичанськ, вул. Миру, 1",
                STAN="зареєстровано",
                REGISTRATION="Дата запису: 01.02.2003; номер 123",
            )
        ]
    )
    (item,) = only_records(records(write(tmp_path / "gf.xml", data)))
    assert item.kind is Kind.PARTY_UNIT
    assert item.edrpou == ""
    assert item.parent == 'ПОЛІТИЧНА ПАРТІЯ "СЛУГА НАРОДУ"'
    assert item.registered_on == dt.date(2003, 2, 1)


@pytest.mark.parametrize("encoding", ["windows-1251", "utf-8"])
def test_zip_with_several_members(tmp_path: Path, encoding: str) -> None:
    uo = document([city_subject(1, "Релігійна громада")], encoding=encoding)
    gf = document([city_subject(2, "Громадська спілка")], encoding=encoding)
    path = write_zip(
        tmp_path / "edr.zip", {"UO.xml": uo, "readme.txt": b"not xml", "GF/gf.XML": gf}
    )
    items = only_records(records(path))
    assert [i.kind for i in items] == [Kind.RELIGIOUS, Kind.NGO]
    assert [i.location for i in items] == ["record 1", "record 2"]


# Selection -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "address",
    [
        "93100, Луганська обл., м.Лисичанськ, вул. Леніна, 1",
        "м. Лисичанськ, вул. Леніна, 1",
        "УКРАЇНА, ЛУГАНСЬКА ОБЛ., МІСТО ЛИСИЧАНСЬК, ВУЛ. ЛЕНІНА, 1",
        "Лисичанськ",
        "місто Лисичанськ,вул.Гетьманська",
    ],
)
def test_city_addresses_are_selected(tmp_path: Path, address: str) -> None:
    data = document([city_subject(1, "Громадська організація", ADDRESS=address)])
    assert len(only_records(records(write(tmp_path / "a.xml", data)))) == 1


@pytest.mark.parametrize(
    "address",
    [
        "Луганська обл., Лисичанський район, с. Устинівка",
        "м. Новолисичанськ, вул. Польова",
        "Донецька обл., м. Бахмут",
        "",
    ],
)
def test_look_alike_places_are_rejected(tmp_path: Path, address: str) -> None:
    data = document([city_subject(1, "Громадська організація", ADDRESS=address)])
    assert records(write(tmp_path / "a.xml", data)) == []


def test_district_selected_only_when_its_form_is_given(tmp_path: Path) -> None:
    address = "Луганська обл., Лисичанський район, с. Устинівка"
    data = document([city_subject(1, "Громадська організація", ADDRESS=address)])
    path = write(tmp_path / "a.xml", data)
    assert records(path, ["Лисичанськ"]) == []
    assert len(records(path, ["Лисичанськ", "Лисичанський"])) == 1


@pytest.mark.parametrize(
    ("opf", "kind"),
    [
        ("Структурне утворення політичної партії", Kind.PARTY_UNIT),
        ("Місцева організація політичної партії", Kind.PARTY_UNIT),
        ("Політична партія", Kind.PARTY_UNIT),
        ("Громадська організація", Kind.NGO),
        ("ГРОМАДСЬКА СПІЛКА", Kind.NGO),
        ("Релігійна організація", Kind.RELIGIOUS),
        ("Релігійна громада", Kind.RELIGIOUS),
        ("Монастир", Kind.RELIGIOUS),
        ("Професійна спілка", Kind.TRADE_UNION),
        ("Первинна профспілкова організація", Kind.TRADE_UNION),
        ("Організація профспілки", Kind.TRADE_UNION),
        ("Благодійна організація", Kind.CHARITY),
        ("Благодійний фонд", Kind.CHARITY),
        ("Орган самоорганізації населення", Kind.OTHER),
        ("Товариство з обмеженою відповідальністю", None),
        ("Приватне підприємство", None),
        ("Фізична особа-підприємець", None),
        ("Комунальне підприємство", None),
        ("", None),
    ],
)
def test_form_table(opf: str, kind: Kind | None) -> None:
    assert classify_form(opf) is kind


def test_each_kind_mapped_and_commercial_skipped(tmp_path: Path) -> None:
    forms = [
        "Структурне утворення політичної партії",
        "Громадська організація",
        "Релігійна організація",
        "Професійна спілка",
        "Благодійний фонд",
        "Орган самоорганізації населення",
        "Товариство з обмеженою відповідальністю",
        "Приватне підприємство",
    ]
    data = document([city_subject(i, opf) for i, opf in enumerate(forms, start=1)])
    items = only_records(records(write(tmp_path / "a.xml", data)))
    assert [i.kind for i in items] == [
        Kind.PARTY_UNIT,
        Kind.NGO,
        Kind.RELIGIOUS,
        Kind.TRADE_UNION,
        Kind.CHARITY,
        Kind.OTHER,
    ]
    assert [i.location for i in items] == [f"record {n}" for n in range(1, 7)]


# Fields --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01.02.2003", dt.date(2003, 2, 1)),
        ("21.03.2005, 1 383 120 0000 000437, Виконавчий комітет", dt.date(2005, 3, 21)),
        ("Дата запису: 31.12.2019 номер 1", dt.date(2019, 12, 31)),
        ("1.1.2020", dt.date(2020, 1, 1)),
        ("29.02.2020", dt.date(2020, 2, 29)),
        ("29.02.2019 then 01.03.2019", dt.date(2019, 3, 1)),
        ("31.02.2003", None),
        ("2014-01-01", dt.date(2014, 1, 1)),
        ("номер 1234567890123", None),
        ("101.02.20031", None),
        ("", None),
        (None, None),
    ],
)
def test_extract_date(text: str | None, expected: dt.date | None) -> None:
    assert extract_date(text) == expected


@pytest.mark.parametrize(
    ("stan", "info", "terminated_on"),
    [
        ("припинено", "31.12.2020, 1 383 111 0012 000123, Припинено", dt.date(2020, 12, 31)),
        ("в стані припинення", "01.06.2020", None),
        ("зареєстровано", "01.06.2020", None),
        ("припинено", "", None),
    ],
)
def test_terminated_status(tmp_path: Path, stan: str, info: str, terminated_on: dt.date) -> None:
    data = document([city_subject(1, "Громадська організація", STAN=stan, TERMINATED_INFO=info)])
    (item,) = only_records(records(write(tmp_path / "a.xml", data)))
    assert item.status == stan
    assert item.terminated_on == terminated_on


def test_bad_edrpou_is_a_row_error_with_record_number(tmp_path: Path) -> None:
    good = edrpou(3)
    bad = good[:7] + str((int(good[7]) + 1) % 10)
    data = document(
        [
            city_subject(1, "Приватне підприємство"),
            city_subject(2, "Громадська організація", EDRPOU=bad),
            city_subject(3, "Громадська організація"),
        ]
    )
    items = records(write(tmp_path / "a.xml", data))
    assert isinstance(items[0], RowError)
    assert items[0].location == "record 2"
    assert items[0].field == "EDRPOU"
    assert bad in items[0].message
    assert isinstance(items[1], OrganizationRecord)
    assert items[1].location == "record 3"


def test_parent_party_derivation() -> None:
    assert (
        derive_parent("Лисичанська міська організація політичної партії «Батьківщина»")
        == "Політична партія «Батьківщина»"
    )
    assert derive_parent('ГРОМАДСЬКА ОРГАНІЗАЦІЯ "ДРУЗІ"') == ""


# Hostile and broken files --------------------------------------------------------------------
def test_truncated_file_raises_after_yielding(tmp_path: Path) -> None:
    data = document([city_subject(i, "Громадська організація") for i in range(1, 4)])
    path = write(tmp_path / "t.xml", data[: len(data) - 60])
    yielded = []
    with pytest.raises(EdrFormatError, match=r"truncated.*record \d+.*line \d+.*byte"):
        for item in read_edr(path, place_forms=FORMS):
            yielded.append(item)
    assert len(yielded) == 2  # the caller's transaction must roll these back


def test_truncated_zip_member(tmp_path: Path) -> None:
    data = document([city_subject(i, "Громадська організація") for i in range(1, 200)])
    path = write_zip(tmp_path / "z.zip", {"UO.xml": data})
    raw = path.read_bytes()
    cut = write(tmp_path / "cut.zip", raw[: len(raw) // 2])
    with pytest.raises(EdrFormatError):
        records(cut)


BILLION_LAUGHS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE DATA [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<DATA><SUBJECT><NAME>&lol9;</NAME><OPF>Громадська організація</OPF>
<ADDRESS>м. Лисичанськ</ADDRESS></SUBJECT></DATA>
""".encode()

XXE = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE DATA [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<DATA><SUBJECT><NAME>&xxe;</NAME><OPF>Громадська організація</OPF>
<ADDRESS>м. Лисичанськ</ADDRESS></SUBJECT></DATA>
""".encode()


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_entity_attacks_are_refused(tmp_path: Path, payload: bytes) -> None:
    with pytest.raises(EdrFormatError, match="DOCTYPE"):
        records(write(tmp_path / "evil.xml", payload))
    with pytest.raises(EdrFormatError, match="DOCTYPE"):
        records(write_zip(tmp_path / "evil.zip", {"evil.xml": payload}))


def test_doctype_after_a_long_prolog_is_still_refused(tmp_path: Path) -> None:
    """The byte scan covers 64 KiB; the docinfo check catches a DOCTYPE behind a long comment,
    and entities are never expanded or loaded even then."""
    payload = XXE.replace(b"<!DOCTYPE", b"<!-- " + b"x" * 70_000 + b" -->\n<!DOCTYPE", 1)
    with pytest.raises(EdrFormatError):
        records(write(tmp_path / "evil.xml", payload))


def test_undeclared_entity_is_malformed(tmp_path: Path) -> None:
    payload = b'<?xml version="1.0"?><DATA><SUBJECT><NAME>&x;</NAME></SUBJECT></DATA>'
    with pytest.raises(EdrFormatError, match="malformed"):
        records(write(tmp_path / "e.xml", payload))


def test_zip_bomb_by_declared_ratio(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("UO.xml", "w", force_zip64=True) as member,
    ):
        member.write(b'<?xml version="1.0"?><DATA>')
        chunk = b" " * (1024 * 1024)
        for _ in range(20):
            member.write(chunk)
        member.write(b"</DATA>")
    with pytest.raises(EdrFormatError, match="ZIP bomb"):
        records(path, FORMS)
    # and with a size limit below the member's declared size
    with pytest.raises(EdrFormatError, match="above the limit"):
        list(read_edr(path, place_forms=FORMS, max_xml_bytes=1024 * 1024, max_ratio=10**9))


def test_zip_bomb_counted_while_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A header that lies about the size: the bytes actually read are counted."""
    monkeypatch.setattr("hromada.organizations.edr._check_member", lambda *a: None)
    path = tmp_path / "liar.zip"
    body = b'<?xml version="1.0"?><DATA>' + b" " * (3 * 1024 * 1024) + b"</DATA>"
    write_zip(path, {"UO.xml": body})
    with pytest.raises(EdrFormatError, match="ratio"):
        # the declared-size check is disabled by a huge floor; the streaming check is not
        list(read_edr(path, place_forms=FORMS, ratio_floor=1024 * 1024, max_ratio=50))
    with pytest.raises(EdrFormatError, match="more than"):
        list(read_edr(path, place_forms=FORMS, max_xml_bytes=2 * 1024 * 1024, max_ratio=10**9))


def test_lying_zip_header_is_detected(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "z.zip", {"UO.xml": document([city_subject(1, "Громадська організація")])}
    )
    raw = bytearray(path.read_bytes())
    # shrink the declared uncompressed size in the central directory
    info = zipfile.ZipFile(path).getinfo("UO.xml")
    central = raw.rfind(b"PK\x01\x02")
    raw[central + 24 : central + 28] = (10).to_bytes(4, "little")
    lying = write(tmp_path / "lying.zip", bytes(raw))
    assert info.file_size > 10
    with pytest.raises(EdrFormatError):
        records(lying)


@pytest.mark.parametrize(
    "payload",
    [b"%PDF-1.4 not xml at all", b"", "Назва;ЄДРПОУ\nГО;123\n".encode("cp1251")],
    ids=["pdf", "empty", "csv"],
)
def test_non_xml_file(tmp_path: Path, payload: bytes) -> None:
    with pytest.raises(EdrFormatError):
        records(write(tmp_path / "x.xml", payload))


def test_zip_without_xml(tmp_path: Path) -> None:
    with pytest.raises(EdrFormatError, match=r"no \.xml"):
        records(write_zip(tmp_path / "x.zip", {"a.txt": b"hello"}))


def test_utf16_is_refused(tmp_path: Path) -> None:
    data = '<?xml version="1.0" encoding="utf-16"?><DATA></DATA>'.encode("utf-16")
    with pytest.raises(EdrFormatError, match="UTF-16"):
        records(write(tmp_path / "u.xml", data))


# Progress and scale --------------------------------------------------------------------------
def test_progress_is_called_periodically_not_per_record(tmp_path: Path) -> None:
    filler = subject(
        NAME="ТОВ РОГА", OPF="Товариство з обмеженою відповідальністю", ADDRESS="м. Київ" * 20
    )
    data = document([filler] * 40_000 + [city_subject(1, "Громадська організація")])
    path = write(tmp_path / "big.xml", data)
    calls: list[tuple[int, int]] = []
    items = list(read_edr(path, place_forms=FORMS, progress=lambda d, t: calls.append((d, t))))
    assert len(items) == 1
    assert 1 < len(calls) < 200
    assert calls[-1] == (path.stat().st_size, path.stat().st_size)
    assert all(d <= t for d, t in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_zip_progress_uses_compressed_position(tmp_path: Path) -> None:
    filler = subject(NAME="ПП", OPF="Приватне підприємство", ADDRESS="м. Київ")
    data = document([filler] * 5000)
    path = write_zip(tmp_path / "z.zip", {"UO.xml": data})
    calls: list[tuple[int, int]] = []
    list(read_edr(path, place_forms=FORMS, progress=lambda d, t: calls.append((d, t))))
    size = path.stat().st_size
    assert calls and calls[-1] == (size, size)


def test_fifty_thousand_records_stream_without_a_tree(tmp_path: Path) -> None:
    """Generated 50k-record file: the reader keeps the tree empty behind it."""
    from lxml import etree

    seen_children: list[int] = []
    original = etree.iterparse

    class Spy:
        def __init__(self, *args: object, **kwargs: object) -> None:
            self.inner = original(*args, **kwargs)

        def __iter__(self) -> Spy:
            return self

        def __next__(self) -> tuple[str, object]:
            event, elem = next(self.inner)
            parent = elem.getparent()
            seen_children.append(len(parent) if parent is not None else 0)
            return event, elem

    rows = []
    for i in range(50_000):
        if i % 1000 == 0:
            rows.append(city_subject(i, "Громадська організація"))
        else:
            rows.append(subject(NAME=f"ТОВ {i}", OPF="Товариство", ADDRESS=f"м. Київ, {i}"))
    path = write(tmp_path / "50k.xml", document(rows))
    monkey = pytest.MonkeyPatch()
    monkey.setattr("hromada.organizations.edr.etree.iterparse", Spy)
    try:
        started = time.perf_counter()
        items = only_records(records(path))
        elapsed = time.perf_counter() - started
    finally:
        monkey.undo()
    assert len(items) == 50
    assert len(seen_children) == 50_000
    # Records parsed ahead in one read wait in the parent until yielded; everything behind
    # the current record is deleted, so the parent never holds more than one read's worth.
    assert max(seen_children) < 2_000
    assert max(seen_children[-10_000:]) <= max(seen_children[:10_000]) + 50
    assert elapsed < 30
