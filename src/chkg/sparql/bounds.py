"""The bounds chkg puts on queries and requests, with defaults a user can raise.

:func:`call_within` is the one deadline for work that cannot be interrupted in
this process: Oxigraph preparing (parsing and planning) and evaluating a query.
The work runs in a forked child that is killed at the deadline; its answer, or
its chkg error, comes back pickled through a pipe.

Examples
--------
>>> QueryBounds().max_rows, QueryBounds().timeout, QueryBounds().max_depth
(100000, 30.0, 64)
>>> call_within(5, lambda: 6 * 7, name="q", stopped="q: stopped")
42
"""

from __future__ import annotations

import contextlib
import math
import os
import pickle
import select
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar, cast

from chkg.errors import ChkgError, QueryLimitError, UsageError
from chkg.sparql.lexer import DEFAULT_MAX_DEPTH, MAX_DEPTH

__all__ = [
    "DEFAULT_MAX_DEPTH",
    "DEFAULT_MAX_ROWS",
    "DEFAULT_QUERY_SECONDS",
    "MAX_DEPTH",
    "MAX_SECONDS",
    "QueryBounds",
    "call_within",
    "check_seconds",
    "one_line",
]

_T = TypeVar("_T")

#: Rows an embedded query may return before it is stopped (``--max-rows``).
DEFAULT_MAX_ROWS = 100_000
#: Seconds an embedded query may run before it is stopped (``--timeout``).
DEFAULT_QUERY_SECONDS = 30.0
#: The most seconds any chkg time limit takes (a day): past it a limit is a typo.
MAX_SECONDS = 86_400.0


def check_seconds(value: float, *, option: str = "--timeout") -> float:
    """Return ``value`` if it is a usable time limit (> 0, finite, at most a day).

    Examples
    --------
    >>> check_seconds(2.5)
    2.5
    >>> check_seconds(float("nan"))
    Traceback (most recent call last):
    ...
    chkg.errors.UsageError: --timeout must be a number of seconds above 0 and at most 86400, not nan
    """
    if not (isinstance(value, (int, float)) and math.isfinite(value) and 0 < value <= MAX_SECONDS):
        raise UsageError(
            f"{option} must be a number of seconds above 0 and at most {MAX_SECONDS:g}, not {value!r}"
        )
    return float(value)


@dataclass(frozen=True)
class QueryBounds:
    """The bounds of one embedded query: rows, seconds, nesting depth.

    Examples
    --------
    >>> QueryBounds(timeout=0)
    Traceback (most recent call last):
    ...
    chkg.errors.UsageError: --timeout must be a number of seconds above 0 and at most 86400, not 0
    """

    max_rows: int = DEFAULT_MAX_ROWS
    timeout: float = DEFAULT_QUERY_SECONDS
    max_depth: int = DEFAULT_MAX_DEPTH

    def __post_init__(self) -> None:
        check_seconds(self.timeout)
        if self.max_rows < 1:
            raise UsageError(f"--max-rows must be 1 or more, not {self.max_rows}")
        if not 1 <= self.max_depth <= MAX_DEPTH:
            raise UsageError(f"--max-depth must be between 1 and {MAX_DEPTH}, not {self.max_depth}")


def call_within(seconds: float, work: Callable[[], _T], *, name: str, stopped: str) -> _T:
    """Return ``work()``, run in a forked child that is killed after ``seconds``.

    Parameters
    ----------
    seconds
        The deadline, from now.
    work
        What to run; it sees this process as it is at the fork, and its result must pickle.
    name
        How to name the work in an error line (a query's file name).
    stopped
        The line of the :class:`~chkg.errors.QueryLimitError` raised at the deadline.

    Raises
    ------
    QueryLimitError
        ``work`` did not finish within ``seconds``.
    ChkgError
        The chkg error ``work`` raised, as it was raised; any other exception, or a child that
        died (a segfault), as one line naming ``name``.

    Examples
    --------
    >>> call_within(0.5, lambda: time.sleep(5), name="q", stopped="q: stopped after 0.5 s")
    Traceback (most recent call last):
    ...
    chkg.errors.QueryLimitError: q: stopped after 0.5 s
    """
    if not hasattr(os, "fork"):  # pragma: no cover - no fork (Windows): run here, unbounded
        return work()
    deadline = time.monotonic() + seconds
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # no memory or process left for a child: run here, unbounded, rather than fail
        os.close(read_end)
        os.close(write_end)
        return work()
    if pid == 0:  # pragma: no cover - the child (coverage does not follow forks)
        # whatever happens here, the child ends here: it must never return into the caller's code
        try:
            os.close(read_end)
            _child(work, name, write_end)
        finally:
            os._exit(0)
    os.close(write_end)
    try:
        data = _read_until(read_end, pid, deadline)
    except BaseException:
        # Ctrl-C or any failure while waiting: the child must not outlive the wait
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        raise
    if data is None:
        raise QueryLimitError(stopped)
    _, status = os.waitpid(pid, 0)
    if not data:
        how = f"signal {-os.waitstatus_to_exitcode(status)}" if os.WIFSIGNALED(status) else "no answer"
        raise ChkgError(f"{name}: the query engine failed ({how})")
    outcome, value = pickle.loads(data)  # our own child's pickle, read from our own pipe
    if outcome == "raise":
        raise cast(ChkgError, value)
    return cast(_T, value)


# -- Private helpers -----------------------------------------------------------


def _child(work: Callable[[], object], name: str, write_end: int) -> None:
    """In the child: run ``work`` and send ``("ok", result)`` or ``("raise", chkg error)`` back pickled."""
    message: tuple[str, object]
    try:
        message = ("ok", work())
    except ChkgError as exc:
        message = ("raise", exc)
    except BaseException as exc:  # reported by the parent as one line
        message = ("raise", ChkgError(f"{name}: {type(exc).__name__}: {one_line(exc)}"))
    with os.fdopen(write_end, "wb") as pipe:
        try:
            data = pickle.dumps(message)
        except Exception as exc:  # an answer that cannot travel: say so rather than nothing
            data = pickle.dumps(("raise", ChkgError(f"{name}: cannot pass the answer back: {one_line(exc)}")))
        pipe.write(data)


def _read_until(fd: int, pid: int, deadline: float) -> bytes | None:
    """Read a child's pipe to its end; at the deadline kill the child and return None."""
    chunks: list[bytes] = []
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return None
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
    finally:
        os.close(fd)


def one_line(exc: BaseException) -> str:
    r"""An exception's message on one line (its class name when it has none): for error lines.

    >>> one_line(OSError("no\n  route"))
    'no route'
    """
    return " ".join(str(exc).split()) or type(exc).__name__
