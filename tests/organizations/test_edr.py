"""The ЄДР reader on files in the shape the Ministry of Justice publishes: the 2019–2022 full
dump (dirt included), the current export without addresses, the old `<RECORD>` files and the
old registers; ZIP layouts; hostile and broken files. Pure parsing: no database."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from hromada.organizations import edr
from hromada.organizations.edr import (
    EdrFormatError,
    EdrReader,
    Shape,
    State,
    classify_form,
    derive_parent,
    extract_date,
    head_name,
    read_edr,
    state_of,
)
from hromada.organizations.records import Kind, OrganizationRecord, RowError

from .edr_fixtures import (
    CITY_ADDRESS,
    CURRENT_FIELDS,
    business,
    civic,
    current_export,
    document,
    edrpou,
    fop,
    full_dump,
    old_record,
    register_record,
    subject,
    write,
    write_zip,
)

FORMS = ["Лисичанськ"]
BATKIVSHCHYNA = (
    'ЛИСИЧАНСЬКА МІСЬКА ОРГАНІЗАЦІЯ ПОЛІТИЧНОЇ ПАРТІЇ "ВСЕУКРАЇНСЬКЕ ОБ\'ЄДНАННЯ "БАТЬКІВЩИНА""'
)


def records(path: Path, forms: list[str] | None = None) -> list[OrganizationRecord | RowError]:
    return list(read_edr(path, place_forms=forms or FORMS))


def only_records(items: list[OrganizationRecord | RowError]) -> list[OrganizationRecord]:
    assert all(isinstance(i, OrganizationRecord) for i in items), items
    return [i for i in items if isinstance(i, OrganizationRecord)]


def national_dump() -> list[str]:
    """A small country: the city's civic bodies among businesses, other places, the district."""
    return [
        business(1),
        civic(
            2,
            "ПОЛІТИЧНА ПАРТІЯ",
            NAME=BATKIVSHCHYNA,
            SHORT_NAME="",
            SIGNERS=["КОВАЛЬ ОЛЕНА ІВАНІВНА; голова; (відповідно до Статуту) - керівник"],
        ),
        business(3, address=CITY_ADDRESS),  # a company in the city: not civic
        civic(4, " ГРОМАДСЬКА  ОРГАНІЗАЦІЯ "),  # stray spaces, as in the files
        civic(5, "РЕЛІГІЙНА ОРГАНІЗАЦІЯ", NAME='РЕЛІГІЙНА ГРОМАДА "СВЯТОГО МИКОЛАЯ"'),
        civic(6, "ПРОФСПІЛКА", NAME="ПЕРВИННА ПРОФСПІЛКОВА ОРГАНІЗАЦІЯ ШАХТИ"),
        civic(
            7,
            "ПІДПРИЄМСТВО ОБ'ЄДНАННЯ ГРОМАДЯН (РЕЛІГІЙНОЇ ОРГАНІЗАЦІЇ, ПРОФСПІЛКИ, "
            "СПОЖИВЧОЇ КООПЕРАЦІЇ ТОЩО)",
            NAME='ПІДПРИЄМСТВО "ПРОФСПІЛКОВИЙ САНАТОРІЙ"',
        ),
        civic(8, ADDRESS="01001, м.Київ, вулиця Хрещатик, будинок 2"),
        civic(9, ADDRESS="93100, Луганська обл., Лисичанський район, село Рай"),
        civic(
            10,
            "БЛАГОДІЙНА ОРГАНІЗАЦІЯ",
            NAME='БЛАГОДІЙНИЙ ФОНД "ДОПОМОГА"',
            STAN="припинено",
            TERMINATED_INFO="16.02.2022; 1001111000012345; Державна реєстрація припинення "
            "юридичної особи в результаті її ліквідації",
        ),
        civic(11, STAN="в стані припинення"),
        business(12),
    ]


# The 2019–2022 full dump -----------------------------------------------------------------------
def test_full_dump_zip_reads_only_the_legal_entities_file(tmp_path: Path) -> None:
    uo = document(national_dump())
    path = full_dump(tmp_path, uo, document([fop(n) for n in range(30)]))
    reader = EdrReader(path, FORMS)
    assert reader.shapes() == {
        "17-ufop_full_07.02.2022/17.1-EX_XML_EDR_UO_FULL_07.02.2022.xml": Shape.FULL
    }
    items = only_records(list(reader))
    assert reader.skipped_members == [
        "17-ufop_full_07.02.2022/17.2-EX_XML_EDR_FOP_FULL_07.02.2022.xml"
    ]
    assert reader.records_read == 12  # the entrepreneurs' 30 were never read
    assert [(i.location, i.kind) for i in items] == [
        ("record 2", Kind.PARTY_UNIT),
        ("record 4", Kind.NGO),
        ("record 5", Kind.RELIGIOUS),
        ("record 6", Kind.TRADE_UNION),
        ("record 10", Kind.CHARITY),
        ("record 11", Kind.NGO),
    ]
    party, ngo, *_, charity, terminating = items
    assert party.parent == 'ПОЛІТИЧНА ПАРТІЯ "ВСЕУКРАЇНСЬКЕ ОБ\'ЄДНАННЯ "БАТЬКІВЩИНА""'
    assert party.head == "КОВАЛЬ ОЛЕНА ІВАНІВНА"
    assert party.short_name == ""
    assert ngo.registered_on == dt.date(2013, 10, 24)
    assert ngo.head == "ПЕТРЕНКО ПЕТРО ПЕТРОВИЧ"
    assert ngo.edrpou == edrpou(4)
    assert ngo.legal_form == "ГРОМАДСЬКА ОРГАНІЗАЦІЯ"
    assert ngo.terminated_on is None
    assert charity.terminated_on == dt.date(2022, 2, 16)
    assert terminating.status == "в стані припинення"
    assert terminating.terminated_on is None


def test_entrepreneurs_file_is_read_only_when_asked(tmp_path: Path) -> None:
    path = full_dump(tmp_path, document([civic(1)]), document([fop(1), fop(2)]))
    reader = EdrReader(path, FORMS, include_entrepreneurs=True)
    assert len(reader.shapes()) == 2
    list(reader)
    assert reader.records_read == 3
    only_fop = EdrReader(path, FORMS, members=["17.2-*"])
    assert list(only_fop.shapes()) == [
        "17-ufop_full_07.02.2022/17.2-EX_XML_EDR_FOP_FULL_07.02.2022.xml"
    ]


def test_zip_with_only_the_entrepreneurs_file_says_so(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "f.zip", {"17.2-EX_XML_EDR_FOP_FULL_07.02.2022.xml": b"x"})
    with pytest.raises(EdrFormatError, match="entrepreneurs"):
        records(path)


@pytest.mark.parametrize("encoding", ["windows-1251", "utf-8"])
def test_bare_file_in_either_encoding(tmp_path: Path, encoding: str) -> None:
    path = write(
        tmp_path / "17.1-EX_XML_EDR_UO_FULL_07.02.2022.xml",
        document(national_dump(), encoding=encoding),
    )
    assert len(only_records(records(path))) == 6


def test_records_across_chunk_boundaries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [civic(n) if n % 7 == 0 else business(n) for n in range(1, 400)]
    path = write(tmp_path / "uo.xml", document(rows))
    expected = [(i.location, i.edrpou) for i in only_records(records(path))]
    monkeypatch.setattr(edr, "CHUNK_BYTES", 997)  # records straddle every read
    assert [(i.location, i.edrpou) for i in only_records(records(path))] == expected
    assert len(expected) == 57
    assert expected[0] == ("record 7", edrpou(7))


def test_only_records_around_a_hit_are_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The XML parser sees the city's records, not the country's: the speed of the import."""
    rows = [civic(n) if n % 1000 == 0 else business(n) for n in range(1, 20_001)]
    path = write(tmp_path / "uo.xml", document(rows))
    parsed: list[int] = []
    original = edr.etree.fromstring

    def counting(data: bytes, parser: object) -> object:
        parsed.append(len(data))
        return original(data, parser)

    monkeypatch.setattr(edr.etree, "fromstring", counting)
    items = only_records(records(path))
    assert len(items) == 20
    assert len(parsed) == 21  # the first record (to learn the shape) and the 20 hits


# Dirt --------------------------------------------------------------------------------------------
def test_invalid_character_references_are_repaired_and_reported(tmp_path: Path) -> None:
    rows = [
        business(1).replace("РОГА", "РО&#3;ГА"),  # dirt outside the city: never parsed
        civic(2, NAME='ГРОМАДСЬКА ОРГАНІЗАЦІЯ "ВЕТЕРАНИ"').replace("ВЕТЕРАНИ", "ВЕТЕ&#3;РАНИ&#11;"),
        civic(3).replace("ПЕТРЕНКО", "ПЕТРЕНКО&#30;&#31;&#x1F;"),
        civic(4, NAME='ГО "А & Б X"').replace(" X", " &#1040;"),  # valid references stay
    ]
    reader = EdrReader(write(tmp_path / "uo.xml", document(rows)), FORMS)
    items = only_records(list(reader))
    assert items[0].name == 'ГРОМАДСЬКА ОРГАНІЗАЦІЯ "ВЕТЕРАНИ"'
    assert items[1].head == "ПЕТРЕНКО ПЕТРО ПЕТРОВИЧ"
    assert items[2].name == 'ГО "А & Б А"'
    assert [(r.location, r.edrpou, r.count) for r in reader.repairs] == [
        ("record 2", edrpou(2), 2),
        ("record 3", edrpou(3), 3),
    ]


def test_raw_control_bytes_are_repaired(tmp_path: Path) -> None:
    rows = [civic(1, NAME='ГО "ВЕТЕРАНИ\x0b"')]
    path = write(tmp_path / "uo.xml", document(rows))
    reader = EdrReader(path, FORMS)
    (item,) = only_records(list(reader))
    assert item.name == 'ГО "ВЕТЕРАНИ"'
    assert reader.repairs[0].count == 1


def test_a_malformed_city_record_is_a_row_error_and_the_rest_imports(tmp_path: Path) -> None:
    rows = [civic(1), civic(2).replace("<STAN>", "<STAN><B>"), civic(3)]
    items = records(write(tmp_path / "uo.xml", document(rows)))
    assert [type(i).__name__ for i in items] == [
        "OrganizationRecord",
        "RowError",
        "OrganizationRecord",
    ]
    error = items[1]
    assert isinstance(error, RowError) and error.location == "record 2" and error.field == "XML"


# Fields --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("stan", "state"),
    [
        ("зареєстровано", State.REGISTERED),
        ("зареєстровано, свідоцтво про державну реєстрацію недійсне", State.CERTIFICATE_INVALID),
        ("порушено справу про банкрутство", State.BANKRUPTCY),
        ("порушено справу про банкрутство (санація)", State.REHABILITATION),
        ("в стані припинення", State.TERMINATING),
        ("припинено", State.TERMINATED),
        ("ПРИПИНЕНО", State.TERMINATED),
        ("", None),
    ],
)
def test_all_six_stan_values(stan: str, state: State | None) -> None:
    assert state_of(stan) is state


def test_unknown_stan_is_a_row_error(tmp_path: Path) -> None:
    (item,) = records(write(tmp_path / "uo.xml", document([civic(1, STAN="невідомо що")])))
    assert isinstance(item, RowError) and item.field == "STAN"


@pytest.mark.parametrize(
    ("opf", "kind"),
    [
        ("ГРОМАДСЬКА ОРГАНІЗАЦІЯ", Kind.NGO),
        ("ГРОМАДСЬКА СПІЛКА", Kind.NGO),
        ("РЕЛІГІЙНА ОРГАНІЗАЦІЯ", Kind.RELIGIOUS),
        ("ПОЛІТИЧНА ПАРТІЯ", Kind.PARTY_UNIT),
        ("ПРОФСПІЛКА", Kind.TRADE_UNION),
        ("ОРГАНІЗАЦІЯ ПРОФСПІЛКИ", Kind.TRADE_UNION),
        ("БЛАГОДІЙНА ОРГАНІЗАЦІЯ", Kind.CHARITY),
        ("ОРГАН САМООРГАНІЗАЦІЇ НАСЕЛЕННЯ", Kind.OTHER),
        ("ТОВАРИСТВО З ОБМЕЖЕНОЮ ВІДПОВІДАЛЬНІСТЮ", None),
        ("ПРИВАТНЕ ПІДПРИЄМСТВО", None),
        ("ПІДПРИЄМСТВО ОБ'ЄДНАННЯ ГРОМАДЯН (РЕЛІГІЙНОЇ ОРГАНІЗАЦІЇ, ПРОФСПІЛКИ)", None),
        ("", None),
    ],
)
def test_form_table(opf: str, kind: Kind | None) -> None:
    assert classify_form(opf) is kind


@pytest.mark.parametrize(
    ("signers", "head"),
    [
        (["ПЕТРЕНКО ПЕТРО ПЕТРОВИЧ; 21.10.2013 - керівник"], "ПЕТРЕНКО ПЕТРО ПЕТРОВИЧ"),
        (
            ["ПЕТРЕНКО ПЕТРО ПЕТРОВИЧ; ди\nректор; (відповідно до Статуту) - керівник"],
            "ПЕТРЕНКО ПЕТРО ПЕТРОВИЧ",
        ),
        (["КОВАЛЬ О.І. - підписант", "ПЕТРЕНКО П.П. - керівник"], "ПЕТРЕНКО П.П."),
        ([], ""),
    ],
)
def test_head_is_the_name_alone(signers: list[str], head: str) -> None:
    assert head_name(signers) == head


def test_parent_keeps_nested_quotes() -> None:
    assert derive_parent(BATKIVSHCHYNA) == (
        'ПОЛІТИЧНА ПАРТІЯ "ВСЕУКРАЇНСЬКЕ ОБ\'ЄДНАННЯ "БАТЬКІВЩИНА""'
    )
    assert derive_parent("ОСЕРЕДОК ПАРТІЇ «НАРОД» У М. ЛИСИЧАНСЬКУ") == "ПАРТІЯ «НАРОД»"
    assert derive_parent("ГРОМАДСЬКА ОРГАНІЗАЦІЯ") == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24.10.2013; 24.10.2013; 11191020000012682", dt.date(2013, 10, 24)),
        ("16.02.2022; 1001111000012345; Державна реєстрація припинення", dt.date(2022, 2, 16)),
        ("31.02.2003; 01.03.2003", dt.date(2003, 3, 1)),
        ("", None),
        (None, None),
    ],
)
def test_extract_date(text: str | None, expected: dt.date | None) -> None:
    assert extract_date(text) == expected


def test_bad_edrpou_is_a_row_error_with_record_number(tmp_path: Path) -> None:
    bad = edrpou(2)[:7] + str((int(edrpou(2)[7]) + 1) % 10)
    rows = [business(1), civic(2, EDRPOU=bad), civic(3)]
    items = records(write(tmp_path / "uo.xml", document(rows)))
    assert isinstance(items[0], RowError)
    assert (items[0].location, items[0].field) == ("record 2", "EDRPOU")
    assert isinstance(items[1], OrganizationRecord)


# The current export (2023 on): no addresses ------------------------------------------------------
def current_rows() -> list[str]:
    def row(n: int, opf: str = "ГРОМАДСЬКА ОРГАНІЗАЦІЯ", **values: str) -> str:
        values.pop("ADDRESS", None)
        return civic(n, opf, fields=CURRENT_FIELDS, **values)

    return [
        row(
            1,
            NAME='ГРОМАДСЬКА ОРГАНІЗАЦІЯ "ВЕТЕРАНИ"',
            STAN="припинено",
            TERMINATED_INFO="01.03.2023; 1; Державна реєстрація припинення",
        ),  # known code
        row(2, NAME='ЛИСИЧАНСЬКА МІСЬКА ОРГАНІЗАЦІЯ ТОВАРИСТВА "ПРОСВІТА"'),
        row(3, NAME='ГРОМАДСЬКА ОРГАНІЗАЦІЯ "ВЕТЕРАНИ ПРАЦІ М. ЛИСИЧАНСЬКА"'),
        row(4, NAME='ГРОМАДСЬКА ОРГАНІЗАЦІЯ "ЛИСИЧАНСЬКОГО РАЙОНУ"'),  # the district
        row(5, "ТОВАРИСТВО З ОБМЕЖЕНОЮ ВІДПОВІДАЛЬНІСТЮ", NAME='ТОВ "ЛИСИЧАНСЬКБУД"'),
        row(6, NAME='ГРОМАДСЬКА ОРГАНІЗАЦІЯ "КИЇВСЬКІ ВЕТЕРАНИ"'),
        row(7, "ТОВАРИСТВО З ОБМЕЖЕНОЮ ВІДПОВІДАЛЬНІСТЮ", NAME="ТОВ ВІДОМЕ"),  # known code
    ]


def test_current_export_refreshes_known_codes_and_proposes_named_candidates(tmp_path: Path) -> None:
    path = current_export(tmp_path, current_rows())
    assert b"<SUBJECT><RECORD>1000001</RECORD><NAME>" in zipfile.ZipFile(path).read("uo.xml")
    reader = EdrReader(path, FORMS, known_codes={edrpou(1), edrpou(7)})
    assert reader.shapes() == {"uo.xml": Shape.CURRENT}  # a RECORD child is not a record
    items = only_records(list(reader))
    assert [(i.location, i.candidate) for i in items] == [
        ("record 1", False),
        ("record 2", True),
        ("record 3", True),
        ("record 7", False),
    ]
    known = items[0]
    assert known.terminated_on == dt.date(2023, 3, 1)
    assert known.address == ""
    assert reader.records_read == 7


def test_current_export_without_known_codes_still_proposes(tmp_path: Path) -> None:
    items = only_records(records(current_export(tmp_path, current_rows())))
    assert [i.location for i in items] == ["record 2", "record 3"]
    assert all(i.candidate for i in items)


# Before 2019 and the old registers ---------------------------------------------------------------
def test_old_record_file(tmp_path: Path) -> None:
    rows = [
        old_record(
            NAME='ЛИСИЧАНСЬКА МІСЬКА ОРГАНІЗАЦІЯ ПОЛІТИЧНОЇ ПАРТІЇ "ПАРТІЯ ЗЕЛЕНИХ УКРАЇНИ"',
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
            STAN="зареєстровано",
        ),
    ]
    reader = EdrReader(write(tmp_path / "15.1-EX_XML_EDR_UO.xml", document(rows)), FORMS)
    assert list(reader.shapes().values()) == [Shape.OLD]
    (item,) = only_records(list(reader))
    assert item.kind is Kind.PARTY_UNIT
    assert item.head == "КОВАЛЬ ОЛЕНА ІВАНІВНА"
    assert item.parent == 'ПОЛІТИЧНА ПАРТІЯ "ПАРТІЯ ЗЕЛЕНИХ УКРАЇНИ"'
    assert item.registered_on is None


def register_rows() -> list[str]:
    return [
        register_record(
            NAME='ГРОМАДСЬКА ОРГАНІЗАЦІЯ "ЛИСИЧАНСЬКІ МИСЛИВЦІ"',
            VUD_NAME="Громадська організація",
            EDRPOU="",
            ADRESS="93100, Луганська обл., м. Лисичанськ, вул. Миру, 1",
            PHONE="(06451) 2-22-22",
        ),
        register_record(
            NAME="ОСЕРЕДОК ТОВАРИСТВА ЧЕРВОНОГО ХРЕСТА",
            VUD_NAME="Відокремлений підрозділ",
            EDRPOU="",
            ADRESS="93100, Луганська обл., м. Лисичанськ, вул. Миру, 2",
        ),
        register_record(
            NAME='ГРОМАДСЬКА СПІЛКА "КИЯНИ"',
            VUD_NAME="Громадська спілка",
            EDRPOU=edrpou(9),
            ADRESS="м. Київ",
        ),
    ]


@pytest.mark.parametrize("zipped", [False, True], ids=["16-Ex_Xml_Rgo.xml", "17-ex_xml_rgf.zip"])
def test_old_registers_of_associations(tmp_path: Path, zipped: bool) -> None:
    data = document(register_rows())
    if zipped:
        path = write_zip(tmp_path / "17-ex_xml_rgf.zip", {"17.3-ex_xml_rgo.xml": data})
    else:
        path = write(tmp_path / "16-Ex_Xml_Rgo.xml", data)
    reader = EdrReader(path, FORMS)
    assert list(reader.shapes().values()) == [Shape.REGISTER]
    items = only_records(list(reader))
    assert [(i.kind, i.edrpou, i.legal_form) for i in items] == [
        (Kind.NGO, "", "Громадська організація"),
        (Kind.OTHER, "", "Відокремлений підрозділ"),
    ]
    assert items[0].address.startswith("93100")


# Unknown shapes, broken and hostile files --------------------------------------------------------
@pytest.mark.parametrize(
    "payload",
    [
        b"%PDF-1.4 not xml at all",
        b"",
        "Назва;ЄДРПОУ\nГО;123\n".encode("cp1251"),
        b'<?xml version="1.0"?><ROOT><SUBJECT><NAME>x</NAME><EDRPOU/></SUBJECT></ROOT>',
        b'<?xml version="1.0"?><DATA><RECORD><X>1</X></RECORD></DATA>',
        b'<?xml version="1.0"?><DATA><SUBJECT><OPF>x</OPF></SUBJECT></DATA>',
    ],
    ids=["pdf", "empty", "csv", "other-root", "record-without-fields", "subject-without-fields"],
)
def test_unknown_shapes_are_refused_whole(tmp_path: Path, payload: bytes) -> None:
    with pytest.raises(EdrFormatError, match=r"x\.xml"):
        records(write(tmp_path / "x.xml", payload))


def test_truncated_file_raises_after_yielding(tmp_path: Path) -> None:
    data = document([civic(n) for n in range(1, 4)])
    path = write(tmp_path / "t.xml", data[: len(data) - 60])
    yielded = []
    with pytest.raises(EdrFormatError, match=r"t\.xml: truncated.*record 2.*inside record 3"):
        for item in read_edr(path, place_forms=FORMS):
            yielded.append(item)
    assert len(yielded) == 2  # the caller's transaction must roll these back


def test_file_cut_between_records_is_truncated(tmp_path: Path) -> None:
    data = document([civic(n) for n in range(1, 4)])
    path = write(tmp_path / "t.xml", data[: -len("</DATA>")])
    with pytest.raises(EdrFormatError, match="does not close"):
        records(path)


def test_truncated_zip(tmp_path: Path) -> None:
    path = full_dump(tmp_path, document([civic(n) for n in range(1, 200)]))
    raw = path.read_bytes()
    with pytest.raises(EdrFormatError, match="ZIP"):
        records(write(tmp_path / "cut.zip", raw[: len(raw) // 2]))


def test_corrupted_zip_member_fails_its_crc(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "z.zip", {"uo.xml": document([civic(1)] * 50)}, level=0)
    raw = bytearray(path.read_bytes())
    at = raw.find("ТЕСТ".encode("cp1251"), 2000)
    raw[at] ^= 0x01
    with pytest.raises(EdrFormatError, match="damaged"):
        records(write(tmp_path / "bad.zip", bytes(raw)))


BILLION_LAUGHS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE DATA [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<DATA><SUBJECT><NAME>&lol9;</NAME><OPF>ГРОМАДСЬКА ОРГАНІЗАЦІЯ</OPF><EDRPOU/>
<ADDRESS>м. Лисичанськ</ADDRESS></SUBJECT></DATA>
""".encode()

XXE = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE DATA [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<DATA><SUBJECT><NAME>&xxe;</NAME><OPF>ГРОМАДСЬКА ОРГАНІЗАЦІЯ</OPF><EDRPOU/>
<ADDRESS>м. Лисичанськ</ADDRESS></SUBJECT></DATA>
""".encode()


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_entity_attacks_are_refused(tmp_path: Path, payload: bytes) -> None:
    with pytest.raises(EdrFormatError, match="DOCTYPE"):
        records(write(tmp_path / "evil.xml", payload))
    with pytest.raises(EdrFormatError, match="DOCTYPE"):
        records(write_zip(tmp_path / "evil.zip", {"evil.xml": payload}))


@pytest.fixture
def dtd_server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every request (nothing may reach it)."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            body = b'<!ENTITY secret "leaked">'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()


def test_dtd_retrieval_is_refused_and_never_attempted(
    tmp_path: Path, dtd_server: tuple[str, list[str]]
) -> None:
    url, requests = dtd_server
    payload = (
        f'<?xml version="1.0" encoding="utf-8"?><!DOCTYPE DATA SYSTEM "{url}/evil.dtd">'
        "<DATA><SUBJECT><NAME>&secret;</NAME><OPF>ГРОМАДСЬКА ОРГАНІЗАЦІЯ</OPF><EDRPOU/>"
        "<ADDRESS>м. Лисичанськ</ADDRESS></SUBJECT></DATA>"
    ).encode()
    with pytest.raises(EdrFormatError, match="DOCTYPE"):
        records(write(tmp_path / "evil.xml", payload))
    # Even past the prolog check, a record never loads the DTD or expands the entity:
    entity = civic(2, NAME="X").replace("<NAME>X", "<NAME>&secret;")
    _, item = records(write(tmp_path / "e.xml", document([civic(1), entity])))
    assert isinstance(item, RowError) and item.field == "XML"
    assert requests == []


def test_doctype_behind_a_long_prolog_is_refused(tmp_path: Path) -> None:
    payload = XXE.replace(b"<!DOCTYPE", b"<!-- " + b"x" * 70_000 + b" -->\n<!DOCTYPE", 1)
    with pytest.raises(EdrFormatError):
        records(write(tmp_path / "evil.xml", payload))


def test_zip_bomb_by_declared_ratio(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("uo.xml", "w", force_zip64=True) as member,
    ):
        member.write(b'<?xml version="1.0"?><DATA>')
        chunk = b" " * (1024 * 1024)
        for _ in range(20):
            member.write(chunk)
        member.write(b"</DATA>")
    with pytest.raises(EdrFormatError, match="ZIP bomb"):
        records(path)
    with pytest.raises(EdrFormatError, match="above the limit"):
        list(read_edr(path, place_forms=FORMS, max_xml_bytes=1024 * 1024, max_ratio=10**9))


def test_zip_bomb_counted_while_reading(tmp_path: Path) -> None:
    """Headers can lie: the bytes actually read are counted against the same limits."""
    body = document([civic(1)] + [" " * (1024 * 1024)] * 3 + [civic(2)])
    path = write_zip(tmp_path / "liar.zip", {"uo.xml": body})
    reader = EdrReader(path, FORMS, ratio_floor=10**12, max_ratio=50)
    reader.shapes()
    reader.ratio_floor = 1024 * 1024  # as if the header had declared a small member
    with pytest.raises(EdrFormatError, match="ratio"):
        list(reader)
    reader = EdrReader(path, FORMS, max_xml_bytes=10**12)
    reader.shapes()
    reader.max_xml_bytes = 2 * 1024 * 1024
    with pytest.raises(EdrFormatError, match="more than"):
        list(reader)


def test_zip_without_xml(tmp_path: Path) -> None:
    with pytest.raises(EdrFormatError, match=r"no \.xml"):
        records(write_zip(tmp_path / "x.zip", {"a.txt": b"hello"}))


def test_utf16_is_refused(tmp_path: Path) -> None:
    data = '<?xml version="1.0" encoding="utf-16"?><DATA></DATA>'.encode("utf-16")
    with pytest.raises(EdrFormatError, match="UTF-16"):
        records(write(tmp_path / "u.xml", data))


def test_a_record_without_end_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(edr, "MAX_RECORD_BYTES", 100_000)
    data = document([civic(1), "<SUBJECT><NAME>" + "Ж" * 300_000])
    with pytest.raises(EdrFormatError, match="longer than"):
        records(write(tmp_path / "long.xml", data))


# Progress ------------------------------------------------------------------------------------
def test_progress_is_called_per_chunk_not_per_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(edr, "CHUNK_BYTES", 64 * 1024)
    data = document([business(n) for n in range(3000)] + [civic(1)])
    path = write(tmp_path / "big.xml", data)
    calls: list[tuple[int, int]] = []
    items = list(read_edr(path, place_forms=FORMS, progress=lambda d, t: calls.append((d, t))))
    assert len(items) == 1
    assert 1 < len(calls) < 200
    size = path.stat().st_size
    assert calls[-1] == (size, size)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_zip_progress_uses_compressed_position(tmp_path: Path) -> None:
    path = full_dump(tmp_path, document([business(n) for n in range(3000)] + [civic(1)]))
    calls: list[tuple[int, int]] = []
    list(read_edr(path, place_forms=FORMS, progress=lambda d, t: calls.append((d, t))))
    size = path.stat().st_size
    assert calls and calls[-1] == (size, size)
    assert all(d <= t == size for d, t in calls)


def test_subject_helper_writes_empty_fields_as_empty_elements() -> None:
    row = subject(NAME="X")
    assert row.startswith("<SUBJECT><NAME>X</NAME><SHORT_NAME/><OPF/>")
    assert "\n" not in document([row, row]).decode("cp1251").split("\n", 1)[1]
