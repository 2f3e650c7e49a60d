"""CSV for people who open it in a spreadsheet.

A cell that begins with = + - or @ is a formula to Excel, LibreOffice and Google Sheets: a
report's title imported from a Telegram post, "=HYPERLINK("http://...", "photos")", would run
on a journalist's machine when they open an export (CSV injection). Such a cell is written
with a leading apostrophe, which a spreadsheet shows as text and does not show; numbers
("-3.5") are left as they are.
"""

from __future__ import annotations

import csv
import re

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")


def as_written(value: str) -> str:
    """A cell read back from a Thitsa export: the apostrophe `cell` put before it removed, so
    that an export imports back as it was ("'@SagaingAlerts" is the source @SagaingAlerts)."""
    if value.startswith("'") and value[1:2] in _FORMULA_START and value[1:2]:
        return value[1:]
    return value


def cell(value):
    """The value as a spreadsheet should read it: text, never a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


class DictWriter(csv.DictWriter):
    """csv.DictWriter whose text cells are never formulas (`cell`)."""

    def writerow(self, rowdict):
        return super().writerow({k: cell(v) for k, v in rowdict.items()})

    def writerows(self, rowdicts):
        for row in rowdicts:
            self.writerow(row)
