"""Safe writes: every file and folder chkg writes is complete, or left as it was.

Three guarantees, for every writer in the package:

- **Atomic files.** :func:`write_bytes_atomic` writes a temporary file in the target's
  folder, flushes it to disk, then renames it over the target: a reader sees the old
  file or the complete new one, never half of one.
- **One writer at a time per folder.** Writers take an exclusive lock on the target's
  folder (:func:`folder_lock`, ``flock`` on the folder itself, so no lock file is left
  behind). :func:`update_file` reads, changes and writes a file under that lock, so two
  ``chkg new`` run at once on one data file both land: the second waits, then applies
  its change on top of the first.
- **Whole folders, and no litter.** :func:`replace_folder` builds a folder (the report)
  beside the target and swaps it in with one atomic exchange (:func:`exchange`), so the
  target always exists, old or new; where the system has no exchange, two renames, and a
  run killed between them is mended by the next (:func:`recover_folder`), which also
  removes what a killed run left. Files written into the folder being
  built go straight in (no one sees it before the rename), so a report of thousands of
  files costs one write each. Temporary files of killed writes are removed by the next
  write to the same folder.

Examples
--------
>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
>>> write_text_atomic(target, "hello\\n")
>>> update_file(target, lambda old: (old or b"") + b"world\\n")
>>> target.read_text()
'hello\\nworld\\n'
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import functools
import hashlib
import os
import shutil
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, TypeVar

from chkg.errors import OutputError

__all__ = [
    "LOCK_TIMEOUT",
    "folder_lock",
    "write_bytes_atomic",
    "write_text_atomic",
    "update_file",
    "replace_folder",
    "recover_folder",
    "exchange",
    "check_name",
]

T = TypeVar("T")

#: Seconds a writer waits for another writer of the same folder before giving up.
LOCK_TIMEOUT = 120.0
# the longest file name most file systems take (NAME_MAX)
_NAME_MAX = 255
# how often a waiting writer tries the lock again
_POLL = 0.05

# folders this process holds the lock of (path -> (fd, depth)), so that a writer holding
# a folder's lock can call another writer of the same folder without waiting for itself
_held: dict[str, tuple[int, int]] = {}
_held_guard = threading.RLock()
# the folders replace_folder is filling: no one else sees them until they are renamed into place,
# so files written inside are written in place (no lock, no temporary sibling, no scan of the folder
# for a killed writer's litter: that scan made a report of thousands of diagrams quadratic)
_private: set[Path] = set()


@contextmanager
def folder_lock(folder: Path, *, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the exclusive write lock of ``folder`` (created if missing) for the ``with`` block.

    Re-entrant within a process. Another process waits up to ``timeout`` seconds.

    Raises
    ------
    chkg.errors.OutputError
        The folder cannot be created or opened, or the lock is still held after ``timeout``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with folder_lock(folder):
    ...     with folder_lock(folder):  # the same process may take it again
    ...         pass
    """
    key = str(Path(folder).absolute())
    with _held_guard:
        if key in _held:
            fd, depth = _held[key]
            _held[key] = (fd, depth + 1)
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            with _held_guard:
                fd, depth = _held[key]
                _held[key] = (fd, depth - 1)
        return
    fd = _acquire(Path(key), timeout)
    with _held_guard:
        _held[key] = (fd, 1)
    try:
        yield
    finally:
        with _held_guard:
            del _held[key]
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    A reader sees either the old file or the complete new one, never a half-written file.
    The folder's lock is held meanwhile; temporary files a killed writer left for ``path``
    are removed. The file keeps its permissions (a new file gets ``0o644``).

    Raises
    ------
    chkg.errors.OutputError
        The folder cannot be written (read-only, full, the name too long).
    """
    path = Path(path)
    check_name(path)
    if _is_private(path):
        _write_in_place(path, data)
        return
    with folder_lock(path.parent):
        _remove_stale_temporaries(path)
        try:
            fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=_temp_prefix(path), suffix=".tmp")
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp_name, path.stat().st_mode & 0o777 if path.exists() else 0o644)
            os.replace(tmp_name, path)
        except OSError as exc:
            Path(tmp_name).unlink(missing_ok=True)
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically (see :func:`write_bytes_atomic`)."""
    write_bytes_atomic(path, text.encode("utf-8"))


def update_file(path: Path, change: Callable[[bytes | None], bytes], *, timeout: float = LOCK_TIMEOUT) -> None:
    """Read ``path`` (``None`` if missing), apply ``change`` and write the result, all under the lock.

    This is how every curated file is changed: a second writer waits for the first, then
    reads the file as the first left it, so neither change is lost. ``change`` may raise
    (a clash it finds in the current content) to leave the file untouched.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "n.txt"
    >>> for _ in range(3):
    ...     update_file(path, lambda old: str(int(old or b"0") + 1).encode())
    >>> path.read_text()
    '3'
    """
    path = Path(path)
    check_name(path)
    with folder_lock(path.parent, timeout=timeout):
        try:
            old = path.read_bytes() if path.exists() else None
        except OSError as exc:
            raise OutputError(f"cannot read {path}: {exc.strerror or exc}") from exc
        write_bytes_atomic(path, change(old))


def replace_folder(
    out: Path,
    fill: Callable[[Path], T],
    *,
    check: Callable[[Path], None] | None = None,
) -> T:
    """Build a new folder with ``fill`` and put it in place of ``out``, whole or not at all.

    The steps, within ``out``'s parent, under the parent's lock: ``fill`` writes into
    ``.<out>.tmp-<id>``; that is renamed ``.<out>.new-<id>`` once complete; it is exchanged
    with an existing ``out`` in one atomic step (:func:`exchange`), and the old folder, now at
    ``.<out>.new-<id>``, is removed. ``out`` is never missing: a run killed anywhere leaves the
    old or the new folder in place, and litter :func:`recover_folder` (called first by every
    run) removes. Where the system cannot exchange, ``out`` is renamed ``.<out>.old-<id>`` and
    the new folder renamed ``out``; a run killed between the two leaves the pieces
    :func:`recover_folder` puts back together.

    Parameters
    ----------
    out
        The folder to replace.
    fill
        Writes the new content into the folder it is given; its result is returned.
    check
        Called with ``out`` (after recovery, before anything is written) to refuse a folder
        that must not be replaced, by raising.

    Raises
    ------
    chkg.errors.OutputError
        The folder cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "report"
    >>> replace_folder(out, lambda tmp: (tmp / "a.txt").write_text("one"))
    3
    >>> _ = replace_folder(out, lambda tmp: (tmp / "b.txt").write_text("two"))
    >>> sorted(p.name for p in out.parent.iterdir()), sorted(p.name for p in out.iterdir())
    (['report'], ['b.txt'])
    """
    out = Path(out).absolute()
    check_name(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc.strerror or exc}") from exc
    with folder_lock(out.parent):
        recover_folder(out)
        if check is not None:
            check(out)
        run = uuid.uuid4().hex[:12]
        tmp, new, old = (out.with_name(f"{_stem(out)}.{step}-{run}") for step in ("tmp", "new", "old"))
        try:
            tmp.mkdir(mode=0o755)
        except OSError as exc:
            raise OutputError(f"cannot write {out}: {exc.strerror or exc}") from exc
        _private.add(tmp)
        try:
            result = fill(tmp)
            os.replace(tmp, new)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        finally:
            _private.discard(tmp)
        try:
            if not out.exists():
                os.replace(new, out)
            elif exchange(new, out):  # one atomic swap: `out` is never missing; `new` now holds the old folder
                old = new
            else:  # no renameat2 here: two renames, with a moment without `out` that recover_folder mends
                os.replace(out, old)
                os.replace(new, out)
        except OSError as exc:
            recover_folder(out)
            raise OutputError(f"cannot write {out}: {exc.strerror or exc}") from exc
        shutil.rmtree(old, ignore_errors=True)
        return result


def exchange(a: Path, b: Path) -> bool:
    """Swap the paths ``a`` and ``b`` in one atomic step (Linux ``renameat2(RENAME_EXCHANGE)``).

    Returns ``False``, having changed nothing, where the system or the file system cannot
    (another kernel, an old glibc, a file system without it); other errors raise ``OSError``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a").write_text("A"); _ = (folder / "b").write_text("B")
    >>> swapped = exchange(folder / "a", folder / "b")
    >>> (folder / "a").read_text() == ("B" if swapped else "A")
    True
    """
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def recover_folder(out: Path) -> None:
    """Finish or undo a :func:`replace_folder` of ``out`` that was killed, and remove its litter.

    If ``out`` is missing, a finished new folder is put in place, else the old one is put
    back. Every other leftover (unfinished, superseded) is removed. Call it under the lock
    of ``out``'s parent (:func:`replace_folder` does).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> parent = pathlib.Path(tempfile.mkdtemp())
    >>> out = parent / "report"
    >>> (parent / ".report.old-1").mkdir(); (parent / ".report.tmp-2").mkdir()
    >>> recover_folder(out)
    >>> sorted(p.name for p in parent.iterdir())
    ['report']
    """
    out = Path(out).absolute()
    stem = _stem(out)
    try:
        leftovers = sorted(out.parent.glob(f"{glob_escape(stem)}.*-*"), key=lambda p: p.stat().st_mtime)
    except OSError:
        return
    by_step: dict[str, list[Path]] = {"tmp": [], "new": [], "old": []}
    for path in leftovers:
        step = path.name[len(stem) + 1 :].split("-", 1)[0]
        if step in by_step and path.is_dir():
            by_step[step].append(path)
    try:
        if not out.exists():
            for candidate in (*reversed(by_step["new"]), *reversed(by_step["old"])):
                os.replace(candidate, out)
                break
    except OSError as exc:
        raise OutputError(f"cannot restore {out}: {exc.strerror or exc}") from exc
    for path in (*by_step["tmp"], *by_step["new"], *by_step["old"]):
        if path.exists():
            shutil.rmtree(path, ignore_errors=True)


def glob_escape(text: str) -> str:
    """``text`` with the glob metacharacters ``*?[`` made literal.

    Examples
    --------
    >>> glob_escape("a*b[1]")
    'a[*]b[[]1]'
    """
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


# -- Private helpers -----------------------------------------------------------


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@functools.cache
def _renameat2() -> Any:
    """glibc's ``renameat2`` (2.28 and later), or ``None``."""
    if sys.platform != "linux":
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _acquire(folder: Path, timeout: float) -> int:
    """Open ``folder`` (creating it) and take its exclusive ``flock``, waiting up to ``timeout``."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise OutputError(f"cannot write {folder}: {exc.strerror or exc}") from exc
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                os.close(fd)
                raise OutputError(f"cannot lock {folder}: {exc.strerror or exc}") from exc
        if time.monotonic() >= deadline:
            os.close(fd)
            raise OutputError(f"another chkg is still writing in {folder} after {timeout:g} s; try again")
        time.sleep(_POLL)


def check_name(path: Path) -> None:
    """Refuse a file name longer than file systems take, in one line, before touching anything.

    Examples
    --------
    >>> check_name(Path("r" * 260))
    Traceback (most recent call last):
    ...
    chkg.errors.OutputError: cannot write rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr…: the name is 260 characters long, more than the 255 a file system takes
    """
    if len(os.fsencode(path.name)) > _NAME_MAX:
        raise OutputError(
            f"cannot write {path.name[:40]}…: the name is {len(path.name)} characters long, "
            f"more than the {_NAME_MAX} a file system takes"
        )


def _stem(path: Path) -> str:
    """The hidden name prefix of ``path``'s temporary siblings, short whatever ``path``'s length."""
    name = path.name
    if len(os.fsencode(name)) > 120:
        name = name[:40] + "~" + hashlib.sha256(os.fsencode(name)).hexdigest()[:16]
    return f".{name}"


def _temp_prefix(path: Path) -> str:
    return f"{_stem(path)}.write-"


def _is_private(path: Path) -> bool:
    """True when ``path`` lies inside a folder :func:`replace_folder` is filling."""
    if not _private:
        return False
    absolute = path.absolute()
    return any(absolute.is_relative_to(folder) for folder in _private)


def _write_in_place(path: Path, data: bytes) -> None:
    """Write a file of a folder no one sees yet: directly, flushed to disk before the folder is renamed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc


def _remove_stale_temporaries(path: Path) -> None:
    """Remove temporary files a killed write of ``path`` left (the caller holds the folder's lock)."""
    try:
        stale = list(path.parent.glob(f"{glob_escape(_temp_prefix(path))}*.tmp"))
    except OSError:
        return
    for file in stale:
        with suppress(OSError):  # another cleaner got there first, or the folder is read-only
            file.unlink()
