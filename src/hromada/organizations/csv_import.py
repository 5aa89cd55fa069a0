"""Read the organizations CSV of the CLI contract (docs/architecture.md):
`kind,name,edrpou,registered_on,terminated_on,address,head,parent`.

UTF-8 (a BOM tolerated) or windows-1251 (detected when the bytes are not UTF-8); dates as
`YYYY-MM-DD` or `DD.MM.YYYY`. Yields an `OrganizationRecord` per good row and a `RowError`
per problem, naming the line and the column. Touches no database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.dates import validate_not_future
from hromada.core.imports import CsvFormatError, decode, line_count, parse_date, read_rows
from hromada.core.validators import validate_edrpou
from hromada.organizations.records import Kind, OrganizationRecord, RowError

COLUMNS = ("kind", "name", "edrpou", "registered_on", "terminated_on", "address", "head", "parent")
REQUIRED = ("kind", "name")
# Both are days that have come: a registration or termination in the future is a typo.
DATE_NAMES = {
    "registered_on": gettext_lazy("the registration date"),
    "terminated_on": gettext_lazy("the termination date"),
}

__all__ = ["COLUMNS", "decode", "parse_date", "read_csv"]


def read_csv(
    path: Path | str, *, progress: Callable[[int, int], None] | None = None
) -> Iterator[OrganizationRecord | RowError]:
    """Records, or errors naming the line and column. A problem with the file as a whole
    (encoding, header, a row with more values than columns) ends the reading with an error.

    `progress(line, lines)` is called once each row has been handed on (and written by the
    importer consuming this generator): a `core.progress.ProgressBar`."""
    path = Path(path)
    total = line_count(path) if progress is not None else 0
    rows = read_rows(path, required=REQUIRED, optional=[c for c in COLUMNS if c not in REQUIRED])
    try:
        for row in rows:
            yield from _record(row.values, f"line {row.line}")
            if progress is not None:
                progress(row.line, total)
    except CsvFormatError as error:
        message = str(error)
        location = "line 1"
        if message.lower().startswith("line ") or message.lower().startswith("рядок "):
            head, _, message = message.partition(":")
            location = "line " + head.split()[-1]
        yield RowError(location=location, field="", message=message.strip())


def _record(values: dict[str, str], location: str) -> Iterator[OrganizationRecord | RowError]:
    errors: list[RowError] = []

    def error(field: str, message: str) -> None:
        errors.append(RowError(location=location, field=field, message=message))

    kind_value = values.get("kind", "")
    kind: Kind | None = None
    try:
        kind = Kind(kind_value)
    except ValueError:
        error(
            "kind",
            _("unknown kind “%(kind)s”; one of %(kinds)s")
            % {"kind": kind_value, "kinds": ", ".join(k.value for k in Kind)},
        )
    name = " ".join(values.get("name", "").split())
    if not name:
        error("name", _("the name is empty"))
    edrpou = values.get("edrpou", "")
    if edrpou:
        try:
            validate_edrpou(edrpou)
        except ValidationError:
            if len(edrpou) == 8 and edrpou.isdigit():
                error("edrpou", _("EDRPOU code %(code)s fails its check digit") % {"code": edrpou})
            else:
                error("edrpou", _("“%(code)s” is not an EDRPOU code (8 digits)") % {"code": edrpou})
    dates: dict[str, dt.date | None] = {}
    for field in ("registered_on", "terminated_on"):
        raw = values.get(field, "")
        dates[field] = None
        if raw:
            try:
                day = parse_date(raw)
                validate_not_future(day, what=DATE_NAMES[field])
                dates[field] = day
            except ValueError as problem:
                error(field, str(problem))
            except ValidationError as problem:
                error(field, " ".join(problem.messages))
    registered_on, terminated_on = dates["registered_on"], dates["terminated_on"]
    if registered_on and terminated_on and terminated_on < registered_on:
        error(
            "terminated_on",
            _("terminated (%(terminated)s) before registered (%(registered)s)")
            % {
                "terminated": f"{terminated_on:%d.%m.%Y}",
                "registered": f"{registered_on:%d.%m.%Y}",
            },
        )
    if errors or kind is None:
        yield from errors
        return
    yield OrganizationRecord(
        kind=kind,
        name=name,
        edrpou=edrpou,
        registered_on=registered_on,
        terminated_on=terminated_on,
        status="припинено" if terminated_on else "",
        address=values.get("address", ""),
        head=values.get("head", ""),
        parent=values.get("parent", ""),
        location=location,
    )
