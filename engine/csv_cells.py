"""CSV cells safe to open in a spreadsheet, for every CSV casemark writes (answers, codebook, ratings,
inspectors).

A text cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return) is a formula to
Excel, LibreOffice and Google Sheets: a reason written as a bullet list (`- no plan`) shows as
`#NAME?`, and a crafted one can run a command. As OWASP advises ("CSV Injection"), such a cell gets a
leading `'`, which spreadsheets show as text and hide. A plain number (`-3`, `+1.5`) is left as it is:
it is a number to a spreadsheet, not a formula. Files written to disk carry a UTF-8 byte-order mark so
Excel reads them as UTF-8 (`utf8_bom`); stdout never does.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any, Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
BOM = "\ufeff"


def neutralise(value: Any) -> Any:
    """The cell as written: text starting like a formula gets a leading `'`; numbers are kept."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_rows(rows: Iterable[Iterable[Any]], lineterminator: str = "\r\n") -> str:
    """Rows as CSV text (the csv module's RFC 4180 quoting), each cell through `neutralise`."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=lineterminator)
    for row in rows:
        writer.writerow([neutralise(value) for value in row])
    return buffer.getvalue()


def utf8_bom(text: str) -> str:
    """CSV text for a file: with the UTF-8 byte-order mark Excel needs to read UTF-8 (`childâ€™s`
    otherwise); R, pandas and Python's `encoding="utf-8-sig"` read it as well."""
    return text if text.startswith(BOM) else BOM + text
