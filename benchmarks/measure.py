"""Run one command as a child process and measure it as the operating system saw it.

CPU time is the child's user + system time and peak memory its maximum resident set size,
both from ``os.wait4`` (the child's own ``rusage``, so nothing else on a shared machine is
counted); wall time is measured around it. A child past its timeout is killed with its
process group and recorded as ``timeout``.

Examples
--------
>>> import sys
>>> m = run_measured([sys.executable, "-c", "print(sum(range(10**6)))"], timeout=60)
>>> m.status, m.stdout.strip(), m.cpu > 0, m.peak_mb > 1
('ok', '499999500000', True, True)
>>> run_measured([sys.executable, "-c", "import time; time.sleep(5)"], timeout=0.2).status
'timeout'
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

__all__ = ["Measurement", "Status", "run_measured", "median_of"]

#: How a run ended: exit 0, another exit code, or killed at the timeout.
Status = Literal["ok", "failed", "timeout"]
_POLL = 0.002


@dataclass(frozen=True)
class Measurement:
    """One run: CPU seconds (user + system), wall seconds, peak RSS in MB, how it ended, what it printed."""

    cpu: float
    wall: float
    peak_mb: float
    status: Status
    exit_code: int | None
    stdout: str = ""
    stderr: str = ""


def run_measured(argv: Sequence[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None,
                 timeout: float = 600.0) -> Measurement:
    """Run ``argv`` and measure it; never raises for a failing or hanging child."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(list(argv), cwd=cwd, env=dict(env) if env is not None else None,
                                 stdout=out, stderr=err, stdin=subprocess.DEVNULL, start_new_session=True)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                os.killpg(child.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(child.pid, 0)
                timed_out = True
                break
            time.sleep(_POLL)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        code = child.returncode
        state: Status = "timeout" if timed_out else ("ok" if code == 0 else "failed")
        return Measurement(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024, state,
                           None if timed_out else code, out.read().decode("utf-8", "replace"),
                           err.read().decode("utf-8", "replace")[-2000:])


def median_of(runs: Sequence[Measurement]) -> Measurement | None:
    """The median CPU, wall and peak of the runs that finished; ``None`` when none did.

    >>> runs = [Measurement(c, c * 2, 10.0, "ok", 0) for c in (3.0, 1.0, 2.0)]
    >>> m = median_of(runs)
    >>> (m.cpu, m.wall, m.peak_mb) if m else None
    (2.0, 4.0, 10.0)
    """
    finished = [r for r in runs if r.status != "timeout"]
    if not finished:
        return None
    last = finished[-1]
    return Measurement(statistics.median(r.cpu for r in finished), statistics.median(r.wall for r in finished),
                       statistics.median(r.peak_mb for r in finished), last.status, last.exit_code,
                       last.stdout, last.stderr)
