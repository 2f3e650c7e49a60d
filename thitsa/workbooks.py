"""The first sheet of an Excel workbook, a row at a time (Kobo exports, MIMU's P-code files)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path


class NotAWorkbook(ValueError):
    """Not an XLSX file, or one cut short; the caller says what to do about it."""


def is_workbook(path: Path) -> bool:
    """By its name or its bytes: a workbook saved as "export.csv" is still a workbook."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return True
    with open(path, "rb") as fh:
        return fh.read(4) == b"PK\x03\x04"


def first_sheet(path: Path) -> Iterator[tuple]:
    """The cells of the first sheet's rows (openpyxl's values). The others hold what the first
    refers to (a Kobo form's repeat groups)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    # An open file, not its name: openpyxl refuses a name that does not end in .xlsx.
    with open(path, "rb") as fh:
        try:
            workbook = load_workbook(fh, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, InvalidFileException) as exc:
            raise NotAWorkbook(f"{path}: not an Excel workbook, or one cut short ({exc})") from None
        try:
            yield from workbook.worksheets[0].iter_rows(values_only=True)
        finally:
            workbook.close()
