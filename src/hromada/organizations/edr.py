"""Read the state register's (ЄДР) open-data XML files: the city's civic organizations only.

`read_edr(path, place_forms=..., progress=...)` streams a file and yields an
`OrganizationRecord` for every record whose address lies in the city and whose
organizational-legal form is a civic one (party unit, NGO, religious, trade union, charity,
other public formation), or a `RowError` for such a record with a bad field. Commercial
forms (ТОВ, ПП, ФОП, …) and other places are skipped silently. It never touches the database.

Format (what this parser is based on)
-------------------------------------
The Ministry of Justice publishes ЄДР as data.gov.ua dataset
1c7f3815-3259-45e0-bdf1-64dca07ddc10: ZIP archives of windows-1251 XML, several GB each.

* The newer "FULL" files (`…EX_XML_EDR_UO_FULL…xml`, also the public-formations file) are a
  sequence of `<SUBJECT>` records with child elements `NAME`, `SHORT_NAME`, `OPF` (the
  organizational-legal form as text), `EDRPOU`, `ADDRESS`, `STAN` (status text:
  "зареєстровано", "в стані припинення", "припинено"), `REGISTRATION` (free text that starts
  with the date, "21.03.2005, 1 383 …"), `TERMINATED_INFO` (the same shape),
  `TERMINATION_CANCEL_INFO`, `SIGNERS/SIGNER`, `HEADS`, `FOUNDERS/FOUNDER`, `BRANCHES`, … —
  as read by the data_ocean converters (`business_register/converter/company_converters/`:
  `record.xpath('OPF')`, `'STAN'`, `'REGISTRATION'` whose first word is the date,
  `'TERMINATED_INFO'`, `'SIGNERS'`) and the public TypeScript `ParsedUOEntity` shape
  (`opf`, `stan`, `registration`, `terminated_info`, `signers`, `founders`, `branches`).
* The older files (`15.1-EX_XML_EDR_UO.xml`) are `<DATA><RECORD>` with `NAME`, `SHORT_NAME`,
  `EDRPOU`, `ADDRESS`, `BOSS`, `KVED`, `STAN` and optional `FOUNDERS/FOUNDER`, no OPF and no
  dates — as read by Renat Nasridinov's `userou/edr.py` (github ap-Codkelden/userou,
  `etree.iterparse(…, tag='RECORD')`, seven fields then `FOUNDERS`). With no `OPF`, the form is
  recognised from the start of `NAME` ("ГРОМАДСЬКА ОРГАНІЗАЦІЯ …", "… ОРГАНІЗАЦІЯ ПОЛІТИЧНОЇ
  ПАРТІЇ …").
* Party structural units without legal personality are in the public-formations file; its
  records have the same shape (they may have no EDRPOU: then `edrpou` is "").

Elements this parser does not know are ignored, so extra or renamed fields in a newer
export do no harm; a record with neither `ADDRESS` nor a known form is simply not selected.

Safety (the files are untrusted)
--------------------------------
The stack (docs/architecture.md) names defusedxml. A bare `defusedxml.ElementTree.iterparse`
pass (expat, with
`forbid_dtd/forbid_entities/forbid_external`) took 2–3× as long as a bare
`lxml.etree.iterparse` pass over the benchmark's generated file (200 000 records: 18.0–23.4 s
against 6.2–11.3 s on the loaded 2-core machine), so a reader built on it cannot reach the
target of half lxml's speed (benchmarks/edr_import.py). This module therefore parses with
lxml (a runtime dependency), configured to be as safe, in these layers:

1. Before the parser sees a byte, the first 64 KiB are scanned: a `<!DOCTYPE` or `<!ENTITY`
   is rejected (`EdrFormatError`), as is a UTF-16/32 file (its prolog could not be scanned
   as bytes; ЄДР is windows-1251 or UTF-8). A DTD may only stand before the root element.
2. The parser itself never loads a DTD, never resolves entities and never uses the network
   (`load_dtd=False, resolve_entities=False, no_network=True, huge_tree=False`), so even a
   DTD the scan missed cannot expand an entity (billion laughs) or read a file or URL
   (external entity); an undeclared `&name;` is a well-formedness error.
3. After the first record, the document's `docinfo` is checked: any DOCTYPE or internal DTD
   (a long prolog past 64 KiB) is rejected there too.

That is what defusedxml's `forbid_dtd=True, forbid_entities=True, forbid_external=True`
guarantees; tests/organizations/test_edr.py runs the attacks against it.

ZIP archives: every `.xml` member is read in turn (other members are ignored). A member whose
declared size exceeds `max_xml_bytes` or whose declared ratio exceeds `max_ratio` (when it
unpacks to more than `ratio_floor` bytes) is refused before reading; while reading, the bytes
actually produced are counted and checked against the same limits (headers can lie).

Streaming and errors
--------------------
The tree is never built: `iterparse` fires at the end of each record, the record is read,
then cleared and its preceding siblings deleted, so memory stays flat on multi-GB files.
A truncated or malformed file raises `EdrFormatError` naming the record number, the line and
the byte offset. Records already yielded before the breakage are **not** a partial import
the caller may keep: the caller (`services.import_records`, inside one transaction) lets the
exception propagate so the whole import rolls back, and a rerun gives the same result as one
clean run.

`progress(bytes_done, bytes_total)` is called every ~1% (at least every 4 MiB) of the file
on disk (compressed bytes for a ZIP), not per record, and once at the end.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from lxml import etree

from hromada.core.validators import validate_edrpou
from hromada.organizations.records import Kind, OrganizationRecord, RowError

__all__ = ["EdrFormatError", "classify_form", "extract_date", "read_edr"]

ProgressCallback = Callable[[int, int], None]

RECORD_TAGS = ("SUBJECT", "RECORD")
PROLOG_SCAN_BYTES = 64 * 1024
#: Defaults of the ZIP-bomb guard. ЄДР's biggest member unpacks to tens of GB at ~10:1.
MAX_XML_BYTES = 64 * 1024**3
MAX_RATIO = 200
RATIO_FLOOR = 16 * 1024**2
PROGRESS_MIN_STEP = 4 * 1024**2


class EdrFormatError(ValueError):
    """The file cannot be read as a whole: not XML, truncated, malicious, a ZIP bomb.

    Raised (never yielded), so the caller's transaction rolls back what it had written.
    """


# ---------------------------------------------------------------------------------------------
# Organizational-legal form → kind. One table; the first matching row wins, so the more
# specific rows come first. Patterns are matched against the lower-cased OPF text (or, in the
# older files without OPF, the start of NAME), with whitespace collapsed. A form matching no
# row (ТОВ, ПП, ФОП, АТ, комунальне підприємство, …) is not a civic organization: skipped.
# ---------------------------------------------------------------------------------------------
FORM_TABLE: tuple[tuple[str, Kind], ...] = (
    # Political parties and their structural units: "структурне утворення політичної
    # партії", "місцева/міська/районна/первинна організація політичної партії",
    # "політична партія" itself (a party registered in the city).
    (r"політичн\w*\s+парті", Kind.PARTY_UNIT),
    (r"структурн\w*\s+утворенн\w*\s+(?:політичн\w*\s+)?парті", Kind.PARTY_UNIT),
    (r"(?:організаці\w*|осередок|осередку)\s+партії", Kind.PARTY_UNIT),
    # Trade unions, before NGOs: "професійна спілка", "первинна профспілкова організація",
    # "організація профспілки", "об'єднання профспілок".
    (r"професійн\w*\s+спілк", Kind.TRADE_UNION),
    (r"профспілк", Kind.TRADE_UNION),
    # Religious: "релігійна організація/громада", "релігійне управління (центр)",
    # "релігійне братство", "монастир", "духовний навчальний заклад", "місія".
    (r"релігійн", Kind.RELIGIOUS),
    (r"монастир", Kind.RELIGIOUS),
    (r"духовн\w*\s+навчальн\w*\s+заклад", Kind.RELIGIOUS),
    (r"^місія$", Kind.RELIGIOUS),
    # Charities: "благодійна організація", "благодійний фонд", "благодійна установа".
    (r"благодійн", Kind.CHARITY),
    # NGOs: "громадська організація", "громадська спілка", "спілка громадських організацій".
    (r"громадськ\w*\s+організаці", Kind.NGO),
    (r"громадськ\w*\s+спілк", Kind.NGO),
    # Other public formations: self-organization bodies, public-order formations, creative
    # unions, employers' organizations, other public formations.
    (r"орган\w*\s+самоорганізаці", Kind.OTHER),
    (r"громадськ\w*\s+формуванн", Kind.OTHER),
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
    """The older files have no OPF: look for the form in the first words of the name only,
    so that "ТОВ «ГРОМАДСЬКА ОРГАНІЗАЦІЯ»"-like names are not taken for NGOs."""
    text = _SPACES.sub(" ", name.strip().lower())
    head = text.split("«", 1)[0].split('"', 1)[0]
    return classify_form(head[:160])


# Dates ---------------------------------------------------------------------------------------
_DATE_RE = re.compile(
    r"(?<!\d)(?:(\d{1,2})\.(\d{1,2})\.(\d{4})|(\d{4})-(\d{2})-(\d{2}))(?!\d)"  # noqa: RUF100
)


def extract_date(text: str | None) -> dt.date | None:
    """The first real calendar date (DD.MM.YYYY or YYYY-MM-DD) in a free text, else None.

    "21.03.2005, 1 383 120 0000 000437" → 2005-03-21; "31.02.2003 …" is skipped as no date.
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


def is_terminated(status: str) -> bool:
    """ "припинено" is terminated; "в стані припинення" (being terminated) is not yet."""
    return "припинено" in status.lower()


# Place matching ------------------------------------------------------------------------------
_WORD_CHARS = r"\w'’ʼ`"


@dataclass(frozen=True)
class _PlaceMatcher:
    lowered: tuple[str, ...]
    regex: re.Pattern[str]

    @classmethod
    def build(cls, place_forms: Sequence[str]) -> _PlaceMatcher:
        forms = sorted({f.strip().lower() for f in place_forms if f.strip()}, key=len)
        if not forms:
            raise ValueError("place_forms is empty: give the city's name forms")
        alternation = "|".join(re.escape(f) for f in reversed(forms))
        regex = re.compile(rf"(?<![{_WORD_CHARS}])(?:{alternation})(?![{_WORD_CHARS}])")
        return cls(tuple(forms), regex)

    def matches(self, address: str) -> bool:
        low = address.lower()
        # Cheap substring pre-filter first: almost every record of the country fails here.
        for form in self.lowered:
            if form in low:
                return self.regex.search(low) is not None
        return False


# Reading -------------------------------------------------------------------------------------
class _GuardedStream:
    """A read()-able wrapper: prolog scan, byte counting, ZIP-bomb limits, progress."""

    def __init__(
        self,
        inner: IO[bytes],
        *,
        position: Callable[[], int],
        total: int,
        progress: ProgressCallback | None,
        max_bytes: int,
        compressed_start: int | None,
        max_ratio: float,
        ratio_floor: int,
        name: str,
    ) -> None:
        self.inner = inner
        self.position = position
        self.total = total
        self.progress = progress
        self.max_bytes = max_bytes
        self.compressed_start = compressed_start
        self.max_ratio = max_ratio
        self.ratio_floor = ratio_floor
        self.name = name
        self.count = 0
        self.step = max(PROGRESS_MIN_STEP, total // 100)
        self.next_report = self.step
        self.head = b""
        self.head_checked = False

    def read(self, size: int = -1) -> bytes:
        self.check_head()
        if self.head:
            want = size if size and size > 0 else len(self.head)
            data, self.head = self.head[:want], self.head[want:]
            return data
        data = self.inner.read(size if size and size > 0 else 1024 * 1024)
        self.count += len(data)
        if self.count > self.max_bytes:
            raise EdrFormatError(
                f"{self.name}: unpacks to more than {self.max_bytes} bytes: refused "
                "(a ZIP bomb or not a ЄДР file)"
            )
        if self.compressed_start is not None and self.count > self.ratio_floor:
            compressed = max(1, self.position() - self.compressed_start)
            if self.count / compressed > self.max_ratio:
                raise EdrFormatError(
                    f"{self.name}: compression ratio above {self.max_ratio:.0f}:1: refused "
                    "(a ZIP bomb)"
                )
        if self.progress is not None:
            where = self.position()
            if where >= self.next_report:
                self.progress(where, self.total)
                self.next_report = where + self.step
        return data

    def check_head(self) -> None:
        """Scan the prolog once, on the first read, before the parser has seen a byte; the
        scanned window is then served out by the following reads."""
        if not self.head_checked:
            self.head = self.inner.read(PROLOG_SCAN_BYTES)
            self.count = len(self.head)
            _check_prolog(self.head, self.name)
            self.head_checked = True


_PROLOG_DANGER = (b"<!DOCTYPE", b"<!ENTITY", b"<!doctype", b"<!entity")


def _check_prolog(head: bytes, name: str) -> None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:4] in (
        b"<\x00?\x00",
        b"\x00<\x00?",
        b"\x00\x00\x00<",
        b"<\x00\x00\x00",
    ):
        raise EdrFormatError(f"{name}: UTF-16/32 XML is not a ЄДР export (windows-1251 or UTF-8)")
    for marker in _PROLOG_DANGER:
        if marker in head:
            raise EdrFormatError(
                f"{name}: the XML declares a DOCTYPE/entities, which ЄДР files never do: "
                "refused (possible entity-expansion or external-entity attack)"
            )


def _text(elem: Any, tag: str) -> str:
    found = elem.find(tag)
    if found is None:
        return ""
    return " ".join("".join(found.itertext()).split())


_HEAD_TAGS = ("BOSS", "HEAD_NAME", "HEAD")
_PARTY_RE = re.compile(
    r"(?:(політичн\w*)\s+)?(парті[їя])\s*(?P<quoted>[\"«„“].+?[\"»“”])",
    re.IGNORECASE,
)


def _head(elem: Any) -> str:
    for tag in _HEAD_TAGS:
        value = _text(elem, tag)
        if value:
            return value
    for path in ("SIGNERS/SIGNER", "HEADS/HEAD/NAME", "HEADS/HEAD", "SIGNER"):
        value = _text(elem, path)
        if value:
            # "ПЕТРЕНКО ПЕТРО ПЕТРОВИЧ - керівник" → the name only
            return value.split(" - ", 1)[0].strip()
    return ""


def derive_parent(name: str) -> str:
    """The parent party's name from a party unit's name, or "".

    'ЛИСИЧАНСЬКА МІСЬКА ОРГАНІЗАЦІЯ ПОЛІТИЧНОЇ ПАРТІЇ "ПАРТІЯ ЗЕЛЕНИХ"' →
    'ПОЛІТИЧНА ПАРТІЯ "ПАРТІЯ ЗЕЛЕНИХ"'.
    """
    match = _PARTY_RE.search(name)
    if not match:
        return ""
    quoted = match.group("quoted").strip()
    prefix = "політична партія" if match.group(1) else "партія"
    upper = name.upper() == name
    prefix = prefix.upper() if upper else prefix.capitalize()
    return f"{prefix} {quoted}"


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


def _build(elem: Any, number: int, kind: Kind, form: str) -> OrganizationRecord | RowError:
    location = f"record {number}"
    name = _text(elem, "NAME")
    code = _normalise_edrpou(_text(elem, "EDRPOU"))
    if code:
        try:
            validate_edrpou(code)
        except ValidationError as error:
            return RowError(location, "EDRPOU", _edrpou_message(error, code))
    if not name:
        return RowError(location, "NAME", "The record has no name.")
    status = _text(elem, "STAN")
    registered_on = extract_date(_text(elem, "REGISTRATION"))
    terminated_on = None
    if is_terminated(status) or not status:
        terminated_on = extract_date(_text(elem, "TERMINATED_INFO"))
    return OrganizationRecord(
        kind=kind,
        name=name,
        edrpou=code,
        short_name=_text(elem, "SHORT_NAME"),
        legal_form=form,
        registered_on=registered_on,
        terminated_on=terminated_on,
        status=status,
        address=_text(elem, "ADDRESS"),
        head=_head(elem),
        parent=derive_parent(name) if kind is Kind.PARTY_UNIT else "",
        location=location,
    )


def _xml_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    return [
        info
        for info in archive.infolist()
        if not info.is_dir() and info.filename.lower().endswith(".xml")
    ]


def _check_member(info: zipfile.ZipInfo, max_bytes: int, max_ratio: float, floor: int) -> None:
    if info.file_size > max_bytes:
        raise EdrFormatError(
            f"{info.filename}: declares {info.file_size} bytes unpacked, above the limit of "
            f"{max_bytes}: refused"
        )
    if info.file_size > floor and info.file_size / max(1, info.compress_size) > max_ratio:
        raise EdrFormatError(
            f"{info.filename}: compression ratio "
            f"{info.file_size / max(1, info.compress_size):.0f}:1 is absurd: refused (ZIP bomb)"
        )


def read_edr(
    path: Path,
    *,
    place_forms: Sequence[str],
    progress: ProgressCallback | None = None,
    max_xml_bytes: int = MAX_XML_BYTES,
    max_ratio: float = MAX_RATIO,
    ratio_floor: int = RATIO_FLOOR,
) -> Iterator[OrganizationRecord | RowError]:
    """Yield the city's civic organizations from an ЄДР XML file (bare or in a ZIP).

    Raises `EdrFormatError` for a file that cannot be read as a whole (see the module doc).
    """
    matcher = _PlaceMatcher.build(place_forms)
    path = Path(path)
    total = path.stat().st_size
    counter = [0]
    with path.open("rb") as raw:
        magic = raw.read(4)
        raw.seek(0)
        if magic.startswith(b"PK\x03\x04") or magic.startswith(b"PK\x05\x06"):
            try:
                archive = zipfile.ZipFile(raw)
            except zipfile.BadZipFile as error:
                raise EdrFormatError(f"{path.name}: a broken ZIP archive ({error})") from error
            with archive:
                members = _xml_members(archive)
                if not members:
                    raise EdrFormatError(f"{path.name}: the ZIP archive holds no .xml file")
                for info in members:
                    _check_member(info, max_xml_bytes, max_ratio, ratio_floor)
                for info in members:
                    try:
                        with archive.open(info) as member:
                            stream = _GuardedStream(
                                member,
                                position=raw.tell,
                                total=total,
                                progress=progress,
                                max_bytes=max_xml_bytes,
                                compressed_start=info.header_offset,
                                max_ratio=max_ratio,
                                ratio_floor=ratio_floor,
                                name=info.filename,
                            )
                            yield from _parse(stream, matcher, counter, info.filename)
                    except (zipfile.BadZipFile, EOFError, OSError) as error:
                        raise EdrFormatError(
                            f"{info.filename}: the ZIP member is damaged after record "
                            f"{counter[0]} ({error})"
                        ) from error
        else:
            stream = _GuardedStream(
                raw,
                position=raw.tell,
                total=total,
                progress=progress,
                max_bytes=max_xml_bytes,
                compressed_start=None,
                max_ratio=max_ratio,
                ratio_floor=ratio_floor,
                name=path.name,
            )
            yield from _parse(stream, matcher, counter, path.name)
    if progress is not None:
        progress(total, total)


def _parse(
    stream: _GuardedStream, matcher: _PlaceMatcher, counter: list[int], name: str
) -> Iterator[OrganizationRecord | RowError]:
    context = etree.iterparse(
        stream,
        events=("end",),
        tag=RECORD_TAGS,
        load_dtd=False,
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        dtd_validation=False,
    )
    checked_doc = False
    number = counter[0]
    try:
        for _event, elem in context:
            parent = elem.getparent()
            if parent is not None and parent.tag in RECORD_TAGS:
                continue  # a nested element with a record's tag: part of its record
            number += 1
            counter[0] = number
            if not checked_doc:
                stream.check_head()
                docinfo = elem.getroottree().docinfo
                if docinfo.doctype or docinfo.internalDTD is not None:
                    raise EdrFormatError(
                        f"{name}: the XML declares a DOCTYPE, which ЄДР files never do: refused"
                    )
                checked_doc = True
            address = elem.findtext("ADDRESS")
            if address and matcher.matches(address):
                form = _text(elem, "OPF")
                kind = classify_form(form) if form else _classify_name(_text(elem, "NAME"))
                if kind is not None:
                    yield _build(elem, number, kind, form)
            elem.clear(keep_tail=False)
            if parent is not None:
                while elem.getprevious() is not None:
                    del parent[0]
        if not checked_doc:  # no record at all: still refuse a DOCTYPE
            stream.check_head()
            root = getattr(context, "root", None)
            if root is not None:
                docinfo = root.getroottree().docinfo
                if docinfo.doctype or docinfo.internalDTD is not None:
                    raise EdrFormatError(f"{name}: the XML declares a DOCTYPE: refused")
    except etree.XMLSyntaxError as error:
        line = error.lineno if error.lineno is not None else "?"
        raise EdrFormatError(
            f"{name}: malformed or truncated XML after record {number} (line {line}, "
            f"about byte {stream.count}): {error.msg}"
        ) from error
    finally:
        del context
