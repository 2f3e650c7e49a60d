from __future__ import annotations

import io
import socket

import pytest
from django.core.management import CommandError, call_command, load_command_class


def parse(*args: str):
    command = load_command_class("thitsa.publish", "up")
    command._called_from_command_line = True
    return command.create_parser("thitsa", "up").parse_args(args)


@pytest.mark.parametrize("port", ["0", "65536", "99999", "-1", "http"])
def test_a_port_outside_1_to_65535_is_refused(capsys, port):
    # The system would wrap it: 99999 listened on 34463 while "running on :99999" was said.
    with pytest.raises(SystemExit) as stopped:
        parse("--port", port)
    assert stopped.value.code == 2
    assert "is not a port: use 1-65535" in capsys.readouterr().err


def test_a_port_in_use_is_said_before_anything_runs():
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    out = io.StringIO()
    try:
        with pytest.raises(CommandError, match=f"cannot listen on 127.0.0.1:{port}: "):
            call_command("up", "--port", str(port), stdout=out)
    finally:
        taken.close()
    assert "running" not in out.getvalue()


def test_an_unsafe_server_is_warned_of(settings):
    """Found by a security review: debug pages served over plain http to the network, and
    `thitsa up` said only "running"."""
    from thitsa.publish.management.commands.up import _unsafe

    settings.DEBUG, settings.ALLOWED_HOSTS = False, ["127.0.0.1", "localhost"]
    assert _unsafe("127.0.0.1") == []
    settings.DEBUG, settings.ALLOWED_HOSTS = True, ["*"]
    said = " ".join(_unsafe("0.0.0.0"))
    assert "THITSA_DEBUG is on" in said and "plain http" in said and "'*'" in said
