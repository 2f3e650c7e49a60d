"""Docs that cannot drift: every command and setting is in the README and `thitsa` usage."""

import re
from pathlib import Path

import pytest

from thitsa.cli import COMMANDS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
OWN_COMMANDS = sorted(
    p.stem
    for p in (ROOT / "thitsa").glob("*/management/commands/*.py")
    if not p.stem.startswith("_")
)


@pytest.mark.parametrize("command", OWN_COMMANDS)
def test_every_command_is_listed_in_the_usage_and_the_readme(command):
    assert command in COMMANDS
    assert re.search(rf"thitsa {command}\b", README), f"README's tour lacks `thitsa {command}`"


@pytest.mark.parametrize(
    "variable",
    sorted(
        set(
            re.findall(
                r"THITSA_[A-Z0-9_]+",
                "".join(p.read_text() for p in (ROOT / "thitsa").rglob("*.py")),
            )
        )
    ),
)
def test_every_setting_is_documented(variable):
    assert f"`{variable}`" in README


def test_the_quickstart_has_exactly_two_commands_and_ci_runs_the_second():
    section = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    commands = [
        line.strip()
        for block in re.findall(r"```[a-z]*\n(.*?)```", section, re.S)
        for line in block.splitlines()
        if line.strip()
    ]
    assert len(commands) == 2
    assert commands[1] in (ROOT / ".ci/run").read_text()
