"""thitsa.forked: half of a piece of work done in a forked process, with its own database
connection. Real processes, a real database (PostgreSQL in-process; SQLite, whose test
database lives in memory where no child can see it, through a file in a subprocess)."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from thitsa.forked import CHUNK, can_fork, forked, usable_cpus

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs fork (Linux, macOS)"
)
two_cores = pytest.mark.skipif(usable_cpus() < 2, reason="it forks only with two cores or more")
ROOT = Path(__file__).resolve().parents[1]


def test_the_childs_items_come_back_in_order_while_this_process_works():
    count = 2 * CHUNK + 7  # three messages, the last one short
    with forked(lambda: (i * i for i in range(count))) as theirs:
        mine = sum(range(100_000))
        found = list(theirs)
    assert mine == 4_999_950_000
    assert found == [i * i for i in range(count)]


def test_an_error_in_the_child_is_raised_here_with_the_childs_traceback():
    def work():
        yield from range(CHUNK + 1)
        raise ValueError("row 12: no event date")

    with pytest.raises(ValueError, match="row 12: no event date") as raised:
        with forked(work) as theirs:
            list(theirs)
    assert "raised in the forked process" in "".join(raised.value.__notes__)
    assert "in work" in "".join(raised.value.__notes__)


def test_an_error_that_cannot_cross_a_pipe_is_named():
    class Local(Exception):  # defined here: pickle cannot find it by name
        pass

    def work():
        raise Local("a reason")
        yield

    with pytest.raises(RuntimeError, match="Local: a reason"):
        with forked(work) as theirs:
            list(theirs)


def test_a_child_that_dies_says_so():
    def work():
        yield 1
        os._exit(3)

    with pytest.raises(RuntimeError, match="stopped unexpectedly.*exit code 3"):
        with forked(work) as theirs:
            list(theirs)


def test_leaving_the_block_early_ends_the_child():
    def work():
        while True:
            time.sleep(0.05)
            yield 1

    with pytest.raises(KeyError):
        with forked(work):
            raise KeyError("this process failed first")
    assert multiprocessing.active_children() == []


def test_it_refuses_to_fork_inside_a_transaction(db):
    # The test's own transaction: a child would not see what it wrote.
    assert connection.in_atomic_block
    assert not can_fork()


def test_it_refuses_to_fork_while_other_threads_run():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not can_fork()
    finally:
        stop.set()
        other.join()


@two_cores
@pytest.mark.django_db(transaction=True)
def test_the_child_reads_committed_rows_through_its_own_connection():
    from thitsa.reports.models import Source

    if connection.vendor == "sqlite":
        assert not can_fork()  # an in-memory database: see the subprocess test below
        pytest.skip("the SQLite test database is in memory; the file case runs in a subprocess")
    Source.objects.create(name="Myanmar Now", kind="media")
    Source.objects.create(name="RFA Burmese", kind="media")
    # can_fork() is not asked: in a full run a live server's thread may be running (idle).
    with forked(lambda: Source.objects.order_by("name").values_list("name", flat=True)) as theirs:
        names = list(theirs)
    assert names == ["Myanmar Now", "RFA Burmese"]
    # This process's connection lives on, for reading and writing.
    Source.objects.create(name="DVB", kind="media")
    assert Source.objects.count() == 3


@two_cores
def test_the_child_reads_a_sqlite_file_and_leaves_this_process_its_connection(tmp_path):
    script = textwrap.dedent(
        """
        import os
        os.environ["DJANGO_SETTINGS_MODULE"] = "thitsa.settings"
        import django
        django.setup()
        from django.core.management import call_command
        from thitsa.forked import can_fork, forked
        from thitsa.reports.models import Source

        call_command("migrate", verbosity=0)
        Source.objects.create(name="Myanmar Now", kind="media")
        assert can_fork(), "a file database, no transaction: it may fork"
        with forked(lambda: Source.objects.values_list("name", flat=True)) as theirs:
            names = list(theirs)
        Source.objects.create(name="DVB", kind="media")
        print(names, Source.objects.count())
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["THITSA_HOME"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['Myanmar Now'] 2"


def test_a_child_ahead_of_this_process_is_held_back_and_ended_cleanly():
    # Two messages may wait; the child would send forever. Leaving the block after reading a
    # few ends it, with the reading thread blocked on a full queue at that moment.
    def work():
        while True:
            yield b"x" * 200_000

    before = threading.enumerate()  # a live server's, in a full run
    with forked(work, chunk=1, ahead=2) as theirs:
        assert [len(next(theirs)) for _ in range(5)] == [200_000] * 5
    assert multiprocessing.active_children() == []
    assert threading.enumerate() == before
