"""CSV checks on upload, with frictionless: encoding, header, row shape and cell types.

A CSV resource must be UTF-8 (a BOM is tolerated), have a header of distinct non-empty
column names, and rows as long as the header; when its dataset has a Table Schema, every
cell must also match its column's type and constraints. Each problem names its row and
column, in the steward's language.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

MAX_ERRORS = 50


def _message(error_type: str, row: int | None, column: str, note: str) -> str:
    where = {"row": row, "column": column}
    messages = {
        "blank-label": _("Header, column %(column)s: the column has no name."),
        "duplicate-label": _("Header, column %(column)s: the name repeats another column's."),
        "missing-label": _("Header, column %(column)s: the header is missing this column."),
        "extra-label": _("Header, column %(column)s: this column is not in the Table Schema."),
        "incorrect-label": _(
            "Header, column %(column)s: the name does not match the Table Schema."
        ),
        "missing-cell": _("Row %(row)s, column %(column)s: the value is missing."),
        "extra-cell": _("Row %(row)s, column %(column)s: the row has more cells than the header."),
        "blank-row": _("Row %(row)s: the row is empty."),
        "type-error": _("Row %(row)s, column %(column)s: the value is not of the column's type."),
        "constraint-error": _(
            "Row %(row)s, column %(column)s: the value breaks the column's constraint."
        ),
        "primary-key": _("Row %(row)s: the primary key repeats an earlier row's."),
        "unique-error": _("Row %(row)s, column %(column)s: the value must be unique."),
    }
    template = messages.get(error_type)
    if template is None:
        return _("Row %(row)s, column %(column)s: %(note)s") % {**where, "note": note}
    return template % where


def validate_csv(file: IO[bytes], *, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    """A report `{"valid", "rows", "errors": [{"type", "row", "column", "message"}]}`."""
    from frictionless import Resource, Schema, validate

    file.seek(0)
    head = file.read(64 * 1024)
    file.seek(0)
    errors: list[dict[str, Any]] = []
    # Without the BOM, so that the error's position counts in the bytes read (the utf-8-sig
    # codec counts after the BOM); a letter cut by the end of the 64 KiB read is no error.
    text = head.removeprefix(b"\xef\xbb\xbf")
    try:
        text.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(text) - 3:
            line = text[: error.start].count(b"\n") + 1
            return {
                "valid": False,
                "rows": 0,
                "errors": [
                    {
                        "type": "encoding-error",
                        "row": line,
                        "column": "",
                        "message": _(
                            "Row %(row)s: the file is not in UTF-8; save it as “CSV UTF-8”."
                        )
                        % {"row": line},
                    }
                ],
            }
    if not head.strip(b"\xef\xbb\xbf \r\n\t"):
        return {
            "valid": False,
            "rows": 0,
            "errors": [
                {"type": "empty", "row": None, "column": "", "message": _("The CSV file is empty.")}
            ],
        }
    with tempfile.TemporaryDirectory() as folder:
        with (Path(folder) / "upload.csv").open("wb") as temporary:
            shutil.copyfileobj(file, temporary)
        file.seek(0)
        # frictionless reads only relative paths under a base path (its safety rule).
        options: dict[str, Any] = {
            "path": "upload.csv",
            "basepath": folder,
            "encoding": "utf-8-sig",
        }
        if schema:
            options["schema"] = Schema.from_descriptor(schema)
        resource = Resource(**options)
        report = validate(resource, limit_errors=MAX_ERRORS)
        rows = report.tasks[0].stats.get("rows", 0) if report.tasks else 0
        for error_type, row, field_name, field_number, note in report.flatten(
            ["type", "rowNumber", "fieldName", "fieldNumber", "note"]
        ):
            if error_type.endswith("-label") or not field_name:
                column = str(field_number or "")
            else:
                column = f"{field_number} ({field_name})"
            errors.append(
                {
                    "type": error_type,
                    "row": row,
                    "column": column,
                    "message": _message(error_type, row, column, note or ""),
                }
            )
    if rows == 0 and not errors:
        errors.append(
            {
                "type": "no-rows",
                "row": None,
                "column": "",
                "message": _("The CSV file has a header but no rows."),
            }
        )
    return {"valid": not errors, "rows": rows or 0, "errors": errors}
