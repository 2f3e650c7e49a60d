"""The peak memory of a process and every process it forked, held at the same moment.

A forked child's resident size counts the pages it still shares with its parent, so adding the
two processes' peak RSS overstates what the machine held. The proportional set size (PSS, Linux)
divides each shared page among the processes that map it: the sum over a process tree is what
the tree holds. A watcher in a separate process samples that sum, because a thread in the
measured process would stop `thitsa.forked` from forking (it forks only when no other thread
runs).

    watcher = memwatch.start()        # watches this process and its descendants
    ...
    peak_mib = memwatch.stop(watcher)  # None where /proc has no smaps_rollup (not Linux)
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

INTERVAL_S = 0.5
# Reading smaps_rollup walks every page of a process: at 1.4 GB that is tens of milliseconds of
# kernel time, which at a fixed 0.5 s took an eighth of a core from the measured processes on a
# 2-core machine. The watcher waits this many times as long as its last sample took.
SAMPLE_SHARE = 40


def start(pid: int | None = None) -> subprocess.Popen | None:
    if not Path(f"/proc/{os.getpid()}/smaps_rollup").exists():
        return None
    return subprocess.Popen(
        [sys.executable, __file__, str(pid or os.getpid())],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def stop(watcher: subprocess.Popen | None) -> float | None:
    """The peak summed PSS in MiB since start."""
    if watcher is None:
        return None
    out, _ = watcher.communicate()  # closing its stdin tells it to answer
    return float(out) / 1024 if out.strip() else None


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass  # the process ended between the listing and the read
    return 0


def _tree(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        # the command name, in brackets, may hold spaces: the parent's pid follows its end
        ppid = int(text[text.rindex(")") + 2 :].split()[1])
        parents.setdefault(ppid, []).append(int(stat.parent.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(parents.get(pid, []))
    return tree


def _watch(root: int) -> None:
    me, peak = os.getpid(), 0
    while True:
        began = time.process_time()
        peak = max(peak, sum(_pss_kib(pid) for pid in _tree(root) if pid != me))
        took = time.process_time() - began
        ready, _, _ = select.select([sys.stdin], [], [], max(INTERVAL_S, SAMPLE_SHARE * took))
        if ready and not sys.stdin.read(1):
            break
    print(peak)


if __name__ == "__main__":
    _watch(int(sys.argv[1]))
