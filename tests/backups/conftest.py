"""Fixtures: a populated SQLite home and a backup of it, made once per module."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.backups.cli import ok, populate, thitsa


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory):
    """A populated SQLite home and a backup of it: (home, archive)."""
    tmp = tmp_path_factory.mktemp("backed-up")
    home = tmp / "home"
    populate(home, tmp)
    archive = tmp / "thitsa.backup"
    ok(thitsa(home, "backup", str(archive), cwd=tmp))
    return home, archive


@pytest.fixture
def copy_of(tmp_path):
    def copy(path: Path) -> Path:
        target = tmp_path / f"copy-{path.name}"
        shutil.copyfile(path, target)
        return target

    return copy
