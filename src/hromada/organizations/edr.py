"""Read the state register's (ЄДР) open-data XML files: the city's civic organizations only.

`EdrReader(path, place_forms=..., known_codes=...)` streams a file (bare XML or a ZIP) and
yields an `OrganizationRecord` for every record the city needs, or a `RowError` for such a
record that cannot be read. It never touches the database. `read_edr(...)` is the short form.

The real exports (checked against open-source parsers of the published dumps: Data Ocean's
`Data_converter`, dchaplinsky's `edrdr`, `go-uaedr`, and the issue that started this module)
--------------------------------------------------------------------------------------------
* **2019 – Feb 2022, "full" dump** (data.gov.ua 1c7f3815-3259-45e0-bdf1-64dca07ddc10):
  `17-ufop_full_DD-MM-YYYY.zip` holding a folder with `17.1-EX_XML_EDR_UO_FULL_….xml` (legal
  entities) and `17.2-EX_XML_EDR_FOP_FULL_….xml` (individual entrepreneurs). windows-1251,
  `<DATA><SUBJECT>…` on one line, every field present (`<X/>` when empty): `NAME`,
  `SHORT_NAME`, `OPF` (upper case), `EDRPOU`, `ADDRESS`, `STAN`, `REGISTRATION`
  ("24.10.2013; 24.10.2013; 11191020000012682"), `TERMINATED_INFO` ("16.02.2022; <number>;
  <reason>"), `SIGNERS/SIGNER` ("ПІБ; 21.10.2013 - керівник"), `FOUNDERS`, `BRANCHES`, …
  → `Shape.FULL`.
* **Since 2023** (03cc1239-3988-4451-aa0d-aadb77448714, `uo.zip`): still `SUBJECT`, but no
  `ADDRESS` (withheld under martial law) → `Shape.CURRENT`. The city cannot be selected:
  records whose EDRPOU is in `known_codes` are yielded to refresh them, and civic records
  whose *name* names the city are yielded with `candidate=True` for staff to review.
* **Before 2019, and the short 2019–2021 file** (`15.1-EX_XML_EDR_UO.xml`,
  `17.1-EX_XML_EDR_UO_DD.MM.YYYY.xml`): `<DATA><RECORD>` with `NAME`, `SHORT_NAME`, `EDRPOU`,
  `ADDRESS`, `BOSS`, `KVED`, `STAN`, `FOUNDERS`; no form, no dates → `Shape.OLD` (the form is
  read from the start of the name).
* **The old registers of associations without legal personality** (`16-Ex_Xml_Rgo.xml`,
  `17-ex_xml_rgf.zip` with `17.3-ex_xml_rgo.xml`): `<DATA><RECORD>` with `NAME`, `VUD_NAME`
  (the kind), `EDRPOU` (often empty), `ADRESS` (sic), `PHONE` → `Shape.REGISTER`.
* The real files contain invalid character references (`&#3;`, `&#11;`, `&#30;`, `&#31;`)
  that stop a conformant parser. They are removed from the records this reader parses and
  counted (`EdrReader.repairs`).

How it stays fast: the import keeps a city's few thousand records out of millions
---------------------------------------------------------------------------------
The file is read in chunks of a few MiB. Each chunk is first searched **as bytes** for what
could make a record interesting: the city's name stems (case-folded with one
`bytes.translate` for windows-1251) and, for the current export, the known EDRPOU codes. Only
the records around a hit are cut out (`<SUBJECT>` … `</SUBJECT>`: text never holds a raw
`<`), repaired and parsed with lxml; every other record is only counted (`bytes.count`).
The XML parser therefore sees well under 1% of a national dump, and memory is one chunk plus
one record, whatever the file's size. A truncated file is still detected: the root element
must close at the end, and a ZIP member's CRC is checked by `zipfile` at its end.

Safety (the files are untrusted)
--------------------------------
1. Everything before the first record (the prolog) is scanned as bytes: a `<!DOCTYPE` or
   `<!ENTITY` refuses the whole file (`EdrFormatError`), as does UTF-16/32 and an unknown
   root or record element. A DTD may only stand there.
2. Each record is parsed by an lxml parser that never loads a DTD, never resolves entities,
   never uses the network and keeps libxml2's size limits (`load_dtd=False,
   resolve_entities=False, no_network=True, huge_tree=False`): an entity reference in a
   record is a syntax error for that record, never an expansion or a file/URL read.
3. ZIP members are refused above `max_xml_bytes` unpacked or above `max_ratio` (when over
   `ratio_floor`), on the header and again on the bytes actually read; a record longer than
   `MAX_RECORD_BYTES` refuses the file (not ЄДР).

A file refused whole raises `EdrFormatError` (after possibly having yielded records): the
caller (`services`, one transaction) rolls back, so a rerun equals one clean run.
`progress(bytes_done, bytes_total)` is called per chunk (compressed bytes for a ZIP).
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
import zipfile
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.core.exceptions import ValidationError
from lxml import etree

from hromada.core.validators import validate_edrpou
from hromada.organizations.records import Kind, OrganizationRecord, RowError

__all__ = [
    "EdrFormatError",
    "EdrReader",
    "Shape",
    "State",
    "classify_form",
    "derive_parent",
    "extract_date",
    "head_name",
    "read_edr",
    "state_of",
]

ProgressCallback = Callable[[int, int], None]

CHUNK_BYTES = 4 * 1024 * 1024
PROLOG_SCAN_BYTES = 64 * 1024
MAX_RECORD_BYTES = 32 * 1024 * 1024
#: Defaults of the ZIP-bomb guard. ЄДР's biggest member unpacks to tens of GB at ~10:1.
MAX_XML_BYTES = 64 * 1024**3
MAX_RATIO = 200
RATIO_FLOOR = 16 * 1024**2


class EdrFormatError(ValueError):
    """The file cannot be read as a whole: not ЄДР, truncated, malicious, a ZIP bomb.

    Raised (never yielded), so the caller's transaction rolls back what it had written.
    """


class Shape(StrEnum):
    FULL = "full"  # <SUBJECT> with ADDRESS (2019 – Feb 2022)
    CURRENT = "current"  # <SUBJECT> without ADDRESS (2023 on)
    OLD = "old"  # <RECORD> with ADDRESS and BOSS, no OPF (before 2019, short 2019–2021 file)
    REGISTER = "register"  # <RECORD> with VUD_NAME and ADRESS (associations without legal person)


# ---------------------------------------------------------------------------------------------
# Organizational-legal form → kind. The first matching row wins. Patterns are matched against
# the lower-cased OPF (or VUD_NAME, or the start of NAME in the old files) with whitespace
# collapsed. None means "not a civic organization": an enterprise *of* a civic association
# ("ПІДПРИЄМСТВО ОБ'ЄДНАННЯ ГРОМАДЯН (РЕЛІГІЙНОЇ ОРГАНІЗАЦІЇ, ПРОФСПІЛКИ, …)") is a business,
# so that row comes first.
# ---------------------------------------------------------------------------------------------
FORM_TABLE: tuple[tuple[str, Kind | None], ...] = (
    (r"^підприємств", None),
    (r"політичн\w*\s+парті", Kind.PARTY_UNIT),
    (r"(?:організаці\w*|осередок|осередку)\s+партії", Kind.PARTY_UNIT),
    (r"професійн\w*\s+спілк", Kind.TRADE_UNION),
    (r"профспілк", Kind.TRADE_UNION),
    (r"релігійн", Kind.RELIGIOUS),
    (r"монастир", Kind.RELIGIOUS),
    (r"духовн\w*\s+навчальн\w*\s+заклад", Kind.RELIGIOUS),
    (r"благодійн", Kind.CHARITY),
    (r"громадськ\w*\s+організаці", Kind.NGO),
    (r"громадськ\w*\s+спілк", Kind.NGO),
    (r"орган\w*\s+самоорганізаці", Kind.OTHER),
    (r"громадськ\w*\s+формуванн", Kind.OTHER),
    (r"громадськ\w*\s+об.єднанн", Kind.OTHER),
    (r"творч\w*\s+спілк", Kind.OTHER),
    (r"організаці\w*\s+роботодавців", Kind.OTHER),
    (r"об.єднанн\w*\s+(?:організацій\s+)?роботодавців", Kind.OTHER),
)
_FORM_RES = tuple((re.compile(pattern), kind) for pattern, kind in FORM_TABLE)
_SPACES = re.compile(r"\s+")


def classify_form(form_text: str) -> Kind | None:
    """The kind for an organizational-legal form text, or None for a non-civic form."""
    text = _SPACES.sub(" ", form_text.strip().lower())
    if not text:
        return None
    for pattern, kind in _FORM_RES:
        if pattern.search(text):
            return kind
    return None


def _classify_name(name: str) -> Kind | None:
    """The old files have no OPF: look for the form in the words before the first quote, so
    that 'ТОВ "ГРОМАДСЬКА ОРГАНІЗАЦІЯ"'-like names are not taken for NGOs."""
    text = _SPACES.sub(" ", name.strip().lower())
    head = text.split("«", 1)[0].split('"', 1)[0]
    return classify_form(head[:160])


# Status (STAN) -------------------------------------------------------------------------------
class State(StrEnum):
    REGISTERED = "registered"
    CERTIFICATE_INVALID = "certificate_invalid"
    BANKRUPTCY = "bankruptcy"
    REHABILITATION = "rehabilitation"
    TERMINATING = "terminating"
    TERMINATED = "terminated"


#: The six STAN values of the published files, compared lower-cased with spaces collapsed.
STATES: dict[str, State] = {
    "зареєстровано": State.REGISTERED,
    "зареєстровано, свідоцтво про державну реєстрацію недійсне": State.CERTIFICATE_INVALID,
    "порушено справу про банкрутство": State.BANKRUPTCY,
    "порушено справу про банкрутство (санація)": State.REHABILITATION,
    "в стані припинення": State.TERMINATING,
    "припинено": State.TERMINATED,
}


def state_of(stan: str) -> State | None:
    """The state for a STAN text; None when empty. Raises ValueError for an unknown text."""
    text = _SPACES.sub(" ", stan.strip().lower()).replace(" ,", ",")
    if not text:
        return None
    try:
        return STATES[text]
    except KeyError:
        raise ValueError(stan) from None


def is_terminated(status: str) -> bool:
    """ "припинено" is terminated; "в стані припинення" (being terminated) is not yet."""
    try:
        return state_of(status) is State.TERMINATED
    except ValueError:
        return False


# Dates ---------------------------------------------------------------------------------------
_DATE_RE = re.compile(r"(?<!\d)(?:(\d{1,2})\.(\d{1,2})\.(\d{4})|(\d{4})-(\d{2})-(\d{2}))(?!\d)")


def extract_date(text: str | None) -> dt.date | None:
    """The first real calendar date (DD.MM.YYYY or YYYY-MM-DD) in a free text, else None.

    "24.10.2013; 24.10.2013; 11191020000012682" → 2013-10-24 (the original registration).
    """
    if not text:
        return None
    for match in _DATE_RE.finditer(text):
        if match.group(1):
            day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        else:
            year, month, day = int(match.group(4)), int(match.group(5)), int(match.group(6))
        if not 1900 <= year <= 2100:
            continue
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return None


# Head and parent -----------------------------------------------------------------------------
def head_name(signers: Sequence[str]) -> str:
    """The head's name alone from SIGNER texts.

    "ПЕТРЕНКО ПЕТРО ПЕТРОВИЧ; 21.10.2013 - керівник" and
    "ПЕТРЕНКО ПЕТРО ПЕТРОВИЧ; директор; (відповідно до Статуту) - керівник" →
    "ПЕТРЕНКО ПЕТРО ПЕТРОВИЧ". The signer marked "керівник" wins over other signers.
    """
    cleaned = [" ".join(s.split()) for s in signers if s and s.strip()]
    if not cleaned:
        return ""
    chosen = next((s for s in cleaned if s.lower().endswith("керівник")), cleaned[0])
    name = chosen.split(";", 1)[0]
    return name.rsplit(" - ", 1)[0].strip() if ";" not in chosen else name.strip()


_PARTY_RE = re.compile(r"(?:(політичн\w*)\s+)?(парті[їя])\s*(?=[\"«„“])", re.IGNORECASE)
_CLOSING = {'"': '"', "«": "»", "„": "“", "“": "”"}


def derive_parent(name: str) -> str:
    """The parent party's name from a party unit's name, or "". Nested quotes stay whole:

    'ЛИСИЧАНСЬКА МІСЬКА ОРГАНІЗАЦІЯ ПОЛІТИЧНОЇ ПАРТІЇ "ВСЕУКРАЇНСЬКЕ ОБ'ЄДНАННЯ "БАТЬКІВЩИНА""'
    → 'ПОЛІТИЧНА ПАРТІЯ "ВСЕУКРАЇНСЬКЕ ОБ'ЄДНАННЯ "БАТЬКІВЩИНА""'.
    """
    match = _PARTY_RE.search(name)
    if not match:
        return ""
    rest = name[match.end() :]
    closing = _CLOSING.get(rest[0], rest[0])
    end = rest.rfind(closing)
    if end <= 0:
        return ""
    quoted = rest[: end + 1].strip()
    prefix = "політична партія" if match.group(1) else "партія"
    prefix = prefix.upper() if name.upper() == name else prefix.capitalize()
    return f"{prefix} {quoted}"


# Place matching ------------------------------------------------------------------------------
_WORD_CHARS = r"\w'’ʼ`"
_ENDINGS = "аеєиіїоуюяьй"


def city_stems(place_forms: Sequence[str]) -> list[str]:
    """Lower-case stems that any inflection of the city's name starts with ("Лисичанськ" →
    "лисичанськ", "Суми" → "сум"): the byte pre-filter and the name match use them."""
    stems = set()
    for form in place_forms:
        word = " ".join(form.split()).lower()
        if not word:
            continue
        stem = word.rstrip(_ENDINGS) if len(word.rstrip(_ENDINGS)) >= 3 else word
        stems.add(stem)
    # A stem that contains another is redundant for searching.
    return sorted(s for s in stems if not any(o != s and o in s for o in stems))


@dataclass(frozen=True)
class _PlaceMatcher:
    address_re: re.Pattern[str]
    name_re: re.Pattern[str]

    @classmethod
    def build(cls, place_forms: Sequence[str]) -> _PlaceMatcher:
        forms = sorted({f.strip().lower() for f in place_forms if f.strip()}, key=len)
        if not forms:
            raise ValueError("place_forms is empty: give the city's name forms")
        alternation = "|".join(re.escape(f) for f in reversed(forms))
        address_re = re.compile(rf"(?<![{_WORD_CHARS}])(?:{alternation})(?![{_WORD_CHARS}])")
        stems = "|".join(re.escape(s) for s in city_stems(forms))
        # A word starting with a stem, in any case or inflection, but not the district
        # ("ЛИСИЧАНСЬКИЙ РАЙОН", "ЛИСИЧАНСЬКОГО РАЙОНУ").
        name_re = re.compile(rf"(?<![{_WORD_CHARS}])(?:{stems})[{_WORD_CHARS}]*+(?!\s+район)")
        return cls(address_re, name_re)

    def in_address(self, address: str) -> bool:
        return self.address_re.search(address.lower()) is not None

    def in_name(self, name: str) -> bool:
        return self.name_re.search(name.lower()) is not None


def _cp1251_lower_table() -> bytes:
    table = bytearray(range(256))
    for byte in range(256):
        try:
            char = bytes([byte]).decode("cp1251")
        except UnicodeDecodeError:
            continue
        lowered = char.lower().encode("cp1251", errors="ignore")
        if len(lowered) == 1:
            table[byte] = lowered[0]
    return bytes(table)


_CP1251_LOWER = _cp1251_lower_table()


class _Finder:
    """Finds the city's stems in raw bytes, case-insensitively, without decoding."""

    def __init__(self, stems: Sequence[str], encoding: str) -> None:
        self.single_byte = encoding in ("cp1251", "windows-1251")
        if self.single_byte:
            self.needles = [s.encode("cp1251", errors="ignore") for s in stems]
            self.regex = None
        else:
            # UTF-8: each letter as (?:upper|lower) bytes. Slower, but real dumps are cp1251.
            parts = []
            for stem in stems:
                letters = []
                for char in stem:
                    variants = {char.lower().encode(), char.upper().encode()}
                    letters.append("(?:" + "|".join(re.escape(v.decode()) for v in variants) + ")")
                parts.append("".join(letters))
            self.needles = []
            self.regex = re.compile("|".join(parts).encode())

    def positions(self, data: bytes, end: int) -> list[int]:
        found: list[int] = []
        if self.regex is not None:
            return [m.start() for m in self.regex.finditer(data, 0, end)]
        lowered = data[:end].translate(_CP1251_LOWER)
        for needle in self.needles:
            at = lowered.find(needle)
            while at >= 0:
                found.append(at)
                at = lowered.find(needle, at + 1)
        return found


# Dirt ----------------------------------------------------------------------------------------
_DIRT_RE = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));|[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _allowed(code: int) -> bool:
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def repair(data: bytes) -> tuple[bytes, int]:
    """Remove character references to characters XML 1.0 forbids (`&#3;`, `&#x1F;`) and raw
    control bytes; valid references stay. Returns the bytes and how many were removed."""
    removed = 0

    def fix(match: re.Match[bytes]) -> bytes:
        nonlocal removed
        hex_code, dec_code = match.group(1), match.group(2)
        if hex_code is None and dec_code is None:
            removed += 1
            return b""
        code = int(hex_code, 16) if hex_code is not None else int(dec_code)
        if _allowed(code):
            return match.group(0)
        removed += 1
        return b""

    return _DIRT_RE.sub(fix, data), removed


# Reading -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Repair:
    location: str
    edrpou: str
    count: int


@dataclass
class _Member:
    name: str
    open: Callable[[], IO[bytes]]
    position: Callable[[], int]
    compressed_start: int | None
    shape: Shape | None = None
    record_tag: bytes = b""
    encoding: str = "utf-8"


_DECL_RE = re.compile(rb"^\s*<\?xml[^>]*?encoding=[\"']([A-Za-z0-9_.-]+)[\"'][^>]*\?>")
_CP1251_DECL = b'<?xml version="1.0" encoding="windows-1251"?>'
_PROLOG_DANGER = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_EDRPOU_RE = re.compile(rb"<EDRPOU>\s*(\d{5,10})\s*</EDRPOU>")
#: ZIP members of individual entrepreneurs, skipped unless asked for.
_ENTREPRENEURS_RE = re.compile(r"(?i)(?:^|[^a-z])fop(?:[^a-z]|$)")


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        load_dtd=False,
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        dtd_validation=False,
    )


def _text(elem: Any, tag: str) -> str:
    found = elem.find(tag)
    if found is None:
        return ""
    return " ".join("".join(found.itertext()).split())


def _normalise_edrpou(raw: str) -> str:
    code = raw.strip()
    if code.isdigit() and 5 <= len(code) < 8:
        code = code.zfill(8)  # some exports drop leading zeros
    return code


def _edrpou_message(error: ValidationError, code: str) -> str:
    from django.conf import settings

    if settings.configured:
        return " ".join(str(m) for m in error.messages)
    return f"EDRPOU code {code} is not valid (8 digits with a correct check digit)."


@dataclass
class EdrReader:
    """Iterate over it for records; `shapes()` first tells what the file is."""

    path: Path
    place_forms: Sequence[str]
    known_codes: Collection[str] = ()
    progress: ProgressCallback | None = None
    include_entrepreneurs: bool = False
    members: Sequence[str] = ()  # glob patterns of ZIP members to read ("" = default choice)
    max_xml_bytes: int = MAX_XML_BYTES
    max_ratio: float = MAX_RATIO
    ratio_floor: int = RATIO_FLOOR
    records_read: int = 0
    repairs: list[Repair] = field(default_factory=list)
    skipped_members: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.path = Path(self.path)
        self.matcher = _PlaceMatcher.build(self.place_forms)
        self.stems = city_stems(self.place_forms)
        self.known = {str(code) for code in self.known_codes if code}
        self._shapes: dict[str, Shape] | None = None

    # -- what the file is ---------------------------------------------------------------------
    def shapes(self) -> dict[str, Shape]:
        """Member (or file) name → shape, read from each member's head before any record is
        yielded. Raises EdrFormatError for a file that is not a ЄДР export."""
        if self._shapes is None:
            result = {}
            for member in self._members():
                try:
                    with member.open() as stream:
                        head = stream.read(PROLOG_SCAN_BYTES)
                except (zipfile.BadZipFile, EOFError, OSError) as error:
                    raise EdrFormatError(
                        f"{member.name}: the ZIP member is damaged ({error})"
                    ) from error
                self._detect(member, head)
                assert member.shape is not None
                result[member.name] = member.shape
            self._shapes = result
        return dict(self._shapes)

    def _members(self) -> list[_Member]:
        if not hasattr(self, "_member_list"):
            self._member_list = self._list_members()
        return self._member_list

    def _list_members(self) -> list[_Member]:
        path = self.path
        with path.open("rb") as raw:
            magic = raw.read(4)
        if not magic.startswith((b"PK\x03\x04", b"PK\x05\x06")):
            return [_Member(path.name, lambda: path.open("rb"), lambda: 0, None)]
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as error:
            raise EdrFormatError(f"{path.name}: a broken ZIP archive ({error})") from error
        with archive:
            infos = [i for i in archive.infolist() if not i.is_dir()]
        xml = [i for i in infos if i.filename.lower().endswith(".xml")]
        if not xml:
            raise EdrFormatError(f"{path.name}: the ZIP archive holds no .xml file")
        chosen = []
        for info in xml:
            base = PurePosixPath(info.filename).name
            if self.members:
                wanted = any(
                    fnmatch.fnmatch(base.lower(), p.lower())
                    or fnmatch.fnmatch(info.filename.lower(), p.lower())
                    for p in self.members
                )
            else:
                wanted = self.include_entrepreneurs or not _ENTREPRENEURS_RE.search(base)
            if wanted:
                chosen.append(info)
            else:
                self.skipped_members.append(info.filename)
        if not chosen and self.members:
            raise EdrFormatError(
                f"{path.name}: no .xml member matches {', '.join(self.members)} "
                f"(it holds {', '.join(self.skipped_members)})"
            )
        if not chosen:
            raise EdrFormatError(
                f"{path.name}: no member to read (only {', '.join(self.skipped_members)}: "
                "individual entrepreneurs are skipped; name the member to read)"
            )
        for info in chosen:
            self._check_member(info)
        return [self._zip_member(info) for info in chosen]

    def _zip_member(self, info: zipfile.ZipInfo) -> _Member:
        state: dict[str, Any] = {}

        def opener() -> IO[bytes]:
            raw = self.path.open("rb")
            try:
                archive = zipfile.ZipFile(raw)
                stream = archive.open(info.filename)
            except (zipfile.BadZipFile, OSError, EOFError) as error:
                raw.close()
                raise EdrFormatError(f"{info.filename}: a broken ZIP member ({error})") from error
            state["raw"] = raw
            return _Closing(stream, archive, raw)  # type: ignore[return-value]

        def position() -> int:
            raw = state.get("raw")
            return raw.tell() if raw is not None and not raw.closed else 0

        return _Member(info.filename, opener, position, info.header_offset)

    def _check_member(self, info: zipfile.ZipInfo) -> None:
        if info.file_size > self.max_xml_bytes:
            raise EdrFormatError(
                f"{info.filename}: declares {info.file_size} bytes unpacked, above the limit "
                f"of {self.max_xml_bytes}: refused"
            )
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size > self.ratio_floor and ratio > self.max_ratio:
            raise EdrFormatError(
                f"{info.filename}: compression ratio {ratio:.0f}:1 is absurd: refused (ZIP bomb)"
            )

    def _detect(self, member: _Member, head: bytes) -> int:
        """Check the prolog, find the record tag, the encoding and the shape. Returns the
        offset where the first record starts."""
        name = member.name
        if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:4] in (
            b"<\x00?\x00",
            b"\x00<\x00?",
            b"\x00\x00\x00<",
            b"<\x00\x00\x00",
        ):
            raise EdrFormatError(f"{name}: UTF-16/32 XML is not a ЄДР export (windows-1251)")
        starts = [at for at in (head.find(b"<SUBJECT>"), head.find(b"<RECORD>")) if at >= 0]
        first = min(starts) if starts else -1
        prolog = head if first < 0 else head[:first]
        if _PROLOG_DANGER.search(prolog):
            raise EdrFormatError(
                f"{name}: the XML declares a DOCTYPE/entities, which ЄДР files never do: "
                "refused (possible entity-expansion, external-entity or DTD-retrieval attack)"
            )
        if first < 0:
            if b"<DATA" in head and (b"</DATA>" in head or b"<DATA/>" in head):
                raise EdrFormatError(f"{name}: the file holds no record")
            raise EdrFormatError(
                f"{name}: not a ЄДР export (no <DATA> root with <SUBJECT> or <RECORD> records "
                f"in its first {PROLOG_SCAN_BYTES // 1024} KiB)"
            )
        declared = _DECL_RE.match(prolog)
        encoding = declared.group(1).decode().lower() if declared else "utf-8"
        if encoding in ("windows-1251", "cp1251", "win-1251"):
            encoding = "cp1251"
        elif encoding not in ("utf-8", "utf8"):
            raise EdrFormatError(f"{name}: encoding {encoding!r} is not a ЄДР export's")
        root = prolog[declared.end() if declared else 0 :].strip()
        if not root.startswith(b"<DATA"):
            raise EdrFormatError(f"{name}: the root element is not <DATA>: not a ЄДР export")
        member.encoding = "cp1251" if encoding == "cp1251" else "utf-8"
        tag = b"SUBJECT" if head.startswith(b"<SUBJECT>", first) else b"RECORD"
        member.record_tag = tag
        end = head.find(b"</" + tag + b">", first)
        if end < 0:
            raise EdrFormatError(
                f"{name}: the first record does not end within "
                f"{PROLOG_SCAN_BYTES // 1024} KiB: truncated or not a ЄДР export"
            )
        element = self._parse(member, head[first : end + len(tag) + 3], "record 1")
        if isinstance(element, RowError):
            raise EdrFormatError(f"{name}: record 1 cannot be read: {element.message}")
        children = {child.tag for child in element}
        if tag == b"SUBJECT":
            if "NAME" not in children:
                raise EdrFormatError(f"{name}: <SUBJECT> without NAME: not a ЄДР export")
            member.shape = Shape.FULL if "ADDRESS" in children else Shape.CURRENT
        elif "VUD_NAME" in children or "ADRESS" in children:
            member.shape = Shape.REGISTER
        elif {"NAME", "ADDRESS"} <= children:
            member.shape = Shape.OLD
        else:
            raise EdrFormatError(
                f"{name}: <RECORD> without NAME and ADDRESS (or ADRESS): not a ЄДР export"
            )
        return first

    # -- records ------------------------------------------------------------------------------
    def __iter__(self) -> Iterator[OrganizationRecord | RowError]:
        self.shapes()
        self.records_read, self.repairs = 0, []
        total = self.path.stat().st_size
        for member in self._members():
            with member.open() as stream:
                try:
                    yield from self._read_member(member, stream, total)
                except (zipfile.BadZipFile, EOFError, OSError) as error:
                    raise EdrFormatError(
                        f"{member.name}: the ZIP member is damaged after record "
                        f"{self.records_read} ({error})"
                    ) from error
        if self.progress is not None:
            self.progress(total, total)

    def _read_member(
        self, member: _Member, stream: IO[bytes], total: int
    ) -> Iterator[OrganizationRecord | RowError]:
        tag = member.record_tag
        start_tag, end_tag = b"<" + tag + b">", b"</" + tag + b">"
        finder = _Finder(self.stems, member.encoding)
        use_codes = member.shape is Shape.CURRENT and bool(self.known)
        unpacked = 0
        buffer = b""
        first = True
        while True:
            data = stream.read(CHUNK_BYTES)
            unpacked += len(data)
            self._guard(member, unpacked)
            if self.progress is not None and data:
                self.progress(min(member.position() or unpacked, total), total)
            if not data:
                break
            buffer = buffer + data if buffer else data
            if first:
                begin = buffer.find(start_tag)
                if begin < 0:
                    if len(buffer) > PROLOG_SCAN_BYTES:
                        raise EdrFormatError(f"{member.name}: no record found")
                    continue
                buffer = buffer[begin:]
                first = False
            last = buffer.rfind(end_tag)
            if last >= 0:
                upto = last + len(end_tag)
                yield from self._scan(member, buffer, upto, finder, use_codes, start_tag, end_tag)
                buffer = buffer[upto:]
            if len(buffer) > MAX_RECORD_BYTES:
                raise EdrFormatError(
                    f"{member.name}: record {self.records_read + 1} is longer than "
                    f"{MAX_RECORD_BYTES // 1024**2} MiB: not a ЄДР export"
                )
        if first:
            raise EdrFormatError(f"{member.name}: no record found")
        tail = buffer.strip()
        if tail != b"</DATA>":
            where = tail.find(start_tag)
            detail = (
                f"it ends inside record {self.records_read + 1}"
                if where >= 0
                else "the root element </DATA> does not close it"
            )
            raise EdrFormatError(
                f"{member.name}: truncated or malformed after record {self.records_read} "
                f"(about byte {unpacked}): {detail}"
            )

    def _guard(self, member: _Member, unpacked: int) -> None:
        if unpacked > self.max_xml_bytes:
            raise EdrFormatError(
                f"{member.name}: unpacks to more than {self.max_xml_bytes} bytes: refused "
                "(a ZIP bomb or not a ЄДР file)"
            )
        if member.compressed_start is not None and unpacked > self.ratio_floor:
            compressed = max(1, member.position() - member.compressed_start)
            if unpacked / compressed > self.max_ratio:
                raise EdrFormatError(
                    f"{member.name}: compression ratio above {self.max_ratio:.0f}:1: refused "
                    "(a ZIP bomb)"
                )

    def _scan(
        self,
        member: _Member,
        buffer: bytes,
        upto: int,
        finder: _Finder,
        use_codes: bool,
        start_tag: bytes,
        end_tag: bytes,
    ) -> Iterator[OrganizationRecord | RowError]:
        """Records in buffer[:upto] (whole records only): parse those around a hit."""
        base = self.records_read
        hits = finder.positions(buffer, upto)
        if use_codes:
            hits.extend(
                m.start()
                for m in _EDRPOU_RE.finditer(buffer, 0, upto)
                if m.group(1).decode() in self.known
                or _normalise_edrpou(m.group(1).decode()) in self.known
            )
        if hits:
            hits.sort()
            counted_to = ends_before = 0
            last_begin = -1
            for hit in hits:
                begin = buffer.rfind(start_tag, 0, hit)
                if begin < 0 or begin == last_begin:
                    continue  # before the first record, or a second hit in the same record
                close = buffer.find(end_tag, hit, upto)
                if close < 0:
                    continue
                last_begin = begin
                ends_before += buffer.count(end_tag, counted_to, begin)
                counted_to = begin
                item = self._record(
                    member, buffer[begin : close + len(end_tag)], base + ends_before + 1
                )
                if item is not None:
                    yield item
        self.records_read = base + buffer.count(end_tag, 0, upto)

    def _parse(self, member: _Member, chunk: bytes, location: str) -> Any:
        fixed, removed = repair(chunk)
        decl = _CP1251_DECL if member.encoding == "cp1251" else b""
        try:
            element = etree.fromstring(decl + fixed, _safe_parser())
        except etree.XMLSyntaxError as error:
            return RowError(location, "XML", f"the record is not well-formed XML ({error.msg})")
        if removed:
            element.set("repaired", str(removed))
        return element

    def _record(
        self, member: _Member, chunk: bytes, number: int
    ) -> OrganizationRecord | RowError | None:
        location = f"record {number}"
        element = self._parse(member, chunk, location)
        if isinstance(element, RowError):
            return element
        item = self._build(member.shape, element, location)
        if isinstance(item, OrganizationRecord) and element.get("repaired"):
            self.repairs.append(Repair(location, item.edrpou, int(element.get("repaired"))))
        return item

    def _build(
        self, shape: Shape | None, elem: Any, location: str
    ) -> OrganizationRecord | RowError | None:
        name = _text(elem, "NAME")
        code = _normalise_edrpou(_text(elem, "EDRPOU"))
        candidate = False
        kind: Kind | None
        if shape is Shape.REGISTER:
            address = _text(elem, "ADRESS") or _text(elem, "ADDRESS")
            form = _text(elem, "VUD_NAME")
            kind = classify_form(form) or _classify_name(name) or Kind.OTHER
        elif shape is Shape.OLD:
            address, form = _text(elem, "ADDRESS"), ""
            kind = _classify_name(name)
        else:
            address, form = _text(elem, "ADDRESS"), _text(elem, "OPF")
            kind = classify_form(form)
        if shape is Shape.CURRENT:
            if code and code in self.known:
                kind = kind or Kind.OTHER  # refreshed by code: the kind stays as recorded
            elif kind is not None and self.matcher.in_name(name):
                candidate = True
            else:
                return None
        elif kind is None or not self.matcher.in_address(address):
            return None
        if code:
            try:
                validate_edrpou(code)
            except ValidationError as error:
                return RowError(location, "EDRPOU", _edrpou_message(error, code))
        if not name:
            return RowError(location, "NAME", "The record has no name.")
        status = _text(elem, "STAN")
        try:
            state = state_of(status)
        except ValueError:
            return RowError(location, "STAN", f"unknown status {status!r}")
        terminated_on = None
        if state is State.TERMINATED:
            terminated_on = extract_date(_text(elem, "TERMINATED_INFO"))
        if shape is Shape.OLD:
            head = _text(elem, "BOSS")
        else:
            signers = ["".join(s.itertext()) for s in elem.iterfind("SIGNERS/SIGNER")]
            head = head_name(signers) or _text(elem, "BOSS")
        return OrganizationRecord(
            kind=kind,
            name=name,
            edrpou=code,
            short_name=_text(elem, "SHORT_NAME"),
            legal_form=form,
            registered_on=extract_date(_text(elem, "REGISTRATION")),
            terminated_on=terminated_on,
            status=status,
            address=address,
            head=head,
            parent=derive_parent(name) if kind is Kind.PARTY_UNIT else "",
            location=location,
            candidate=candidate,
        )


class _Closing:
    """A ZIP member stream that also closes its archive and file."""

    def __init__(self, stream: IO[bytes], archive: zipfile.ZipFile, raw: IO[bytes]) -> None:
        self.stream, self.archive, self.raw = stream, archive, raw

    def read(self, size: int = -1) -> bytes:
        return self.stream.read(size)

    def __enter__(self) -> _Closing:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stream.close()
        self.archive.close()
        self.raw.close()


def read_edr(
    path: Path,
    *,
    place_forms: Sequence[str],
    progress: ProgressCallback | None = None,
    known_codes: Collection[str] = (),
    max_xml_bytes: int = MAX_XML_BYTES,
    max_ratio: float = MAX_RATIO,
    ratio_floor: int = RATIO_FLOOR,
) -> Iterator[OrganizationRecord | RowError]:
    """Yield the city's civic organizations from an ЄДР export (bare or in a ZIP)."""
    yield from EdrReader(
        Path(path),
        place_forms,
        known_codes=known_codes,
        progress=progress,
        max_xml_bytes=max_xml_bytes,
        max_ratio=max_ratio,
        ratio_floor=ratio_floor,
    )
