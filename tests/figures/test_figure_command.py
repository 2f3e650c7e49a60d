from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command, load_command_class


def parse(*args: str):
    """The arguments as `thitsa figure ...` parses them on the command line."""
    command = load_command_class("thitsa.figures", "figure")
    command._called_from_command_line = True
    return command.create_parser("thitsa", "figure").parse_args(args)


def test_a_date_that_is_no_date_is_a_usage_error_not_a_traceback(capsys):
    with pytest.raises(SystemExit) as stopped:
        parse("killed", "--since", "2025-13-40")
    assert stopped.value.code == 2
    assert "--since: '2025-13-40' is not a date: write YYYY-MM-DD" in capsys.readouterr().err


def test_dates_are_read_as_days():
    assert str(parse("killed", "--since", "2025-01-31").since) == "2025-01-31"


def test_dates_the_wrong_way_round_are_an_error_not_a_figure_of_nothing():
    with pytest.raises(CommandError, match="since 2025-05-01 is after until 2025-01-01"):
        call_command("figure", "killed", "--since", "2025-05-01", "--until", "2025-01-01")


def test_an_empty_place_is_an_error_not_the_whole_country():
    # `--place "$TOWNSHIP"` with the variable unset printed the national figure as the place's.
    with pytest.raises(CommandError, match="the place is empty"):
        call_command("figure", "killed", "--place", " ")


@pytest.mark.parametrize("option", ["--target", "--weapon", "--event-type", "--perpetrator"])
def test_any_empty_filter_is_an_error_not_the_whole_country(option):
    # Found by a review: an empty --target counted everything, where an empty --place is refused.
    with pytest.raises(CommandError, match=f"the {option[2:]} is empty"):
        call_command("figure", "killed", option, "")
