"""`thitsa backup FILE` where FILE cannot be written: one line, before the passphrase is asked."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command


@pytest.mark.parametrize(
    "where, message",
    [("nowhere/b.backup", "cannot write .*nowhere/b.backup: no folder"), (".", "is a folder")],
)
def test_a_destination_that_cannot_be_written_is_a_one_line_error(
    tmp_path, monkeypatch, where, message
):
    monkeypatch.setenv("THITSA_BACKUP_PASSPHRASE", "ကျောင်း school 2025")
    with pytest.raises(CommandError, match=message):
        call_command("backup", str(tmp_path / where))
    assert list(tmp_path.iterdir()) == []
