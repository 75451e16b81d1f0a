"""The persistent, incremental cache: the store on disk beside the checkout (``.chkg-cache/``).

Layout of the cache folder::

    lock             held (flock) by the one run that uses the store
    manifest.json    chkg version, the files' content keys and what each held, the quad count,
                     the derived graphs kept (influence triples, certainty) while no file changes
    store/           the pyoxigraph (RocksDB) store: one named graph per file content key
    written/         each file's triples as N-Triples with literals as written (what SHACL reads)
    positions/       each file's subject lines, once a result needed them (chkg.graph.locate)
    reports/         finished validation reports, by a key over everything they depend on
    analysis/        the analysis graph (JSON), by a key over the files and the code that builds it

Rules, so the cache is never stale and never corrupt:

- a file is looked up by its content key (:func:`chkg.graph.reading.file_key`): a changed, added
  or removed file is always seen, and only changed or added files are parsed again;
- the manifest says ``"complete": false`` while the store is changed, so a run killed half-way
  leaves a cache the next run rebuilds; a store whose quad count disagrees with the manifest, or
  that cannot be opened or read, is rebuilt with a one-line notice;
- one run at a time holds the lock; a run that cannot get it within :data:`LOCK_WAIT` seconds
  works without the cache (and says so) rather than wait or share the store;
- a chkg of another version starts a new cache.

Delete the folder to clear the cache; ``--no-cache`` (``cache=None`` in the API) bypasses it.

Examples
--------
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> (folder / "a.ttl").write_text("<http://e/a> <http://e/b> 1 .")
29
>>> contents = [(folder / "a.ttl", (folder / "a.ttl").read_bytes())]
>>> first = open_cached(folder / ".chkg-cache", contents, progress=None, notice=print)
>>> [p.name for p in first.reread], len(first.store)
(['a.ttl'], 1)
>>> first.release()
>>> second = open_cached(folder / ".chkg-cache", contents, progress=None, notice=print)
>>> second.reread, len(second.store)
([], 1)
>>> second.release()
"""

from __future__ import annotations

import fcntl
import gc
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from chkg.errors import ChkgError
from chkg.graph.reading import FILE_GRAPH_PREFIX, Contents, FileEntry, Progress, file_key, read_all
from chkg.rdf.atomic import write_bytes_atomic, write_text_atomic
from chkg.rdf.turtle import SyntaxProblem
from chkg.version import __version__

__all__ = ["CACHE_FOLDER", "LOCK_WAIT", "Cached", "open_cached", "prune_positions", "report_key", "load_report",
           "save_report", "load_artifact", "save_artifact"]

#: The cache folder's name, beside the checkout's ``data/`` (git-ignored).
CACHE_FOLDER = ".chkg-cache"
#: Seconds a run waits for another run's lock before working without the cache.
LOCK_WAIT = 30.0
_FORMAT = 2
# reports kept besides the newest (older ones are deleted)
_KEEP_REPORTS = 8


class _Unusable(Exception):
    """The cache cannot be used as it is (the message says why)."""


@dataclass
class Cached:
    """A store opened from the cache and brought up to date with the files.

    Attributes
    ----------
    store
        The on-disk store (file graphs only; the caller adds derived triples).
    entries
        One entry per file, in load order.
    reread
        The files parsed by this run (changed or added since the last one).
    lock
        The open lock file (held).
    written
        The N-Triples (literals as written) of the files parsed by this run, by key.
    written_dir
        Where the N-Triples of every cached file are kept (``written/<key>.nt``).
    """

    store: ox.Store
    entries: list[FileEntry]
    reread: list[Path]
    lock: int
    written: dict[str, bytes]
    written_dir: Path
    folder: Path | None = None
    derived: tuple[str, ...] = ()

    def add_derived(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
        """Add a derived graph and record it in the manifest, so later runs on unchanged files reuse it.

        The manifest says ``"complete": false`` while the graph is added, so a run killed half-way
        leaves a cache the next run rebuilds rather than one with a partial derived graph.
        """
        assert self.folder is not None, "a Cached made by open_cached knows its folder"
        _write_manifest(self.folder, self.entries, complete=False, quads=-1, derived=self.derived)
        self.store.extend(quads)
        self.store.flush()  # a later open then need not replay the write-ahead log (1.7 s at 1M triples)
        self.derived = (*self.derived, graph.value)
        _write_manifest(self.folder, self.entries, complete=True, quads=len(self.store), derived=self.derived)

    def drop_derived(self) -> None:
        """Remove every derived graph (and its record in the manifest); a later run adds them again."""
        assert self.folder is not None, "a Cached made by open_cached knows its folder"
        _write_manifest(self.folder, self.entries, complete=False, quads=-1, derived=self.derived)
        for graph in self.derived:
            self.store.remove_graph(ox.NamedNode(graph))
        self.store.flush()
        self.derived = ()
        _write_manifest(self.folder, self.entries, complete=True, quads=len(self.store), derived=self.derived)

    def release(self) -> None:
        """Drop the store, then the lock; call once, when done with the store (and drop other references first)."""
        _release(self.lock, self)


def open_cached(
    folder: Path, contents: Contents, *, progress: Progress | None, notice: Callable[[str], None]
) -> Cached | None:
    """Open the cache in ``folder`` and bring it up to date with ``contents``; ``None`` means work without it.

    Parameters
    ----------
    folder
        The cache folder (created if missing).
    contents
        ``(path, bytes or the read problem)`` per file, in load order.
    progress
        Called with ``(bytes read, bytes to read)`` while changed files are parsed.
    notice
        Called with one line when the cache is rebuilt or skipped.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = os.open(folder / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        notice(f"chkg: cannot use the cache {folder} ({exc.strerror or exc}); working without it")
        return None
    if not _acquire(lock, LOCK_WAIT):
        os.close(lock)
        notice(f"chkg: the cache {folder} is in use by another run; working without it")
        return None
    try:
        store, known, derived = _open(folder, notice)
        wanted = {entry.key for entry in known.values()} & {_key_of(p, d) for p, d in contents}
        _write_manifest(folder, known.values(), complete=False, quads=-1, derived=derived)
        gone = [graph for graph in store.named_graphs() if isinstance(graph, ox.NamedNode)
                and graph.value.startswith(FILE_GRAPH_PREFIX)
                and graph.value.removeprefix(FILE_GRAPH_PREFIX) not in wanted]
        for graph in gone:
            store.remove_graph(graph)
        known = {key: entry for key, entry in known.items() if key in wanted}
        written: dict[str, bytes] = {}
        entries = read_all(store, contents, progress, known, written)
        written_dir = folder / "written"
        written_dir.mkdir(exist_ok=True)
        for key, text in written.items():
            write_bytes_atomic(written_dir / f"{key}.nt", text)
        current = {e.key for e in entries}
        for old in [*written_dir.glob("*.nt"), *(folder / "positions").glob("*.json")]:
            if old.stem not in current:
                old.unlink(missing_ok=True)
        reread = [e.path for e in entries if e.key not in known and not e.key.startswith("unreadable-")]
        if gone or reread:
            # derived graphs are functions of every file: any change makes them stale
            for name in store.named_graphs():
                if isinstance(name, ox.NamedNode) and not name.value.startswith(FILE_GRAPH_PREFIX):
                    store.remove_graph(name)
            derived = ()
            store.flush()  # a later open then need not replay the write-ahead log
        _write_manifest(folder, entries, complete=True, quads=len(store), derived=derived)
    except (OSError, RuntimeError, ChkgError, _Unusable) as exc:
        _release(lock, None)
        notice(f"chkg: cannot use the cache {folder} ({exc}); working without it")
        return None
    return Cached(store, entries, reread, lock, written, written_dir, folder, derived)


def prune_positions(folder: Path, keys: set[str]) -> Path | None:
    """The cache's ``positions/`` folder, with the files of other contents removed; ``None`` if it cannot be made."""
    positions = folder / "positions"
    try:
        positions.mkdir(parents=True, exist_ok=True)
        for old in positions.glob("*.json"):
            if old.stem not in keys:
                old.unlink(missing_ok=True)
    except OSError:
        return None
    return positions


def report_key(parts: Iterable[str]) -> str:
    """A key over everything a report depends on (file keys, shapes, source texts, engine, version).

    Examples
    --------
    >>> report_key(["a", "b"]) != report_key(["ab"])
    True
    """
    digest = hashlib.sha256(f"chkg {__version__} report {_FORMAT}".encode())
    for part in parts:
        digest.update(b"\0" + part.encode("utf-8"))
    return digest.hexdigest()


def load_report(folder: Path, key: str) -> dict[str, Any] | None:
    """The report saved under ``key``, or ``None`` (missing or unreadable: it is simply recomputed)."""
    data = load_artifact(folder, "reports", key, ".json")
    try:
        document = json.loads(data) if data is not None else None
    except ValueError:
        return None
    return document if isinstance(document, dict) else None


def save_report(folder: Path, key: str, data: dict[str, Any]) -> None:
    """Save a report under ``key`` atomically, keeping the few newest; failures to write are ignored."""
    save_artifact(folder, "reports", key, json.dumps(data, ensure_ascii=False).encode("utf-8"), ".json")


def load_artifact(folder: Path, kind: str, key: str, suffix: str) -> bytes | None:
    """The bytes saved under ``kind/key``, or ``None`` when missing or unreadable (the caller recomputes).

    Artifacts are derived results (validation reports, the analysis graph) keyed by everything
    they depend on, so a stale one is never found: a changed input makes another key.
    """
    try:
        return (folder / kind / f"{key}{suffix}").read_bytes()
    except OSError:
        return None


def save_artifact(folder: Path, kind: str, key: str, data: bytes, suffix: str) -> None:
    """Save ``data`` under ``kind/key`` atomically, keeping the few newest of that kind; write failures are ignored.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> save_artifact(folder, "analysis", "k1", b"{}", ".json")
    >>> load_artifact(folder, "analysis", "k1", ".json"), load_artifact(folder, "analysis", "k2", ".json")
    (b'{}', None)
    """
    kept = folder / kind
    try:
        write_bytes_atomic(kept / f"{key}{suffix}", data)
        old = sorted(kept.glob(f"*{suffix}"), key=lambda p: p.stat().st_mtime, reverse=True)[_KEEP_REPORTS:]
        for path in old:
            path.unlink(missing_ok=True)
    except (OSError, ChkgError):  # a cache that cannot be written only makes the next run slower
        return


# -- Private helpers -----------------------------------------------------------


def _key_of(path: Path, data: bytes | SyntaxProblem) -> str:
    return file_key(path, data) if isinstance(data, bytes) else ""


def _release(lock: int, cached: Cached | None) -> None:
    if cached is not None:
        cached.store = ox.Store()
    gc.collect()  # the store's files are released when its last reference goes
    fcntl.flock(lock, fcntl.LOCK_UN)
    os.close(lock)


def _acquire(lock: int, wait: float) -> bool:
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.1)


def _open(folder: Path, notice: Callable[[str], None]) -> tuple[ox.Store, dict[str, FileEntry], tuple[str, ...]]:
    """The store, the entries it holds and its derived graphs, rebuilt empty (with a notice) when anything is wrong."""
    store_dir = folder / "store"
    manifest_file = folder / "manifest.json"
    if not manifest_file.exists() and not store_dir.exists():
        return ox.Store(str(store_dir)), {}, ()
    try:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
        if manifest.get("format") != _FORMAT or manifest.get("chkg") != __version__:
            shutil.rmtree(store_dir, ignore_errors=True)  # another chkg: start afresh, quietly
            return ox.Store(str(store_dir)), {}, ()
        if manifest.get("complete") is not True:
            raise _Unusable("a run stopped while updating it")
        known = {str(k): FileEntry.from_dict(Path(v["path"]), v) for k, v in dict(manifest["files"]).items()}
        store = ox.Store(str(store_dir))
        quads = len(store)
        if quads != manifest["quads"]:
            raise _Unusable(f"it holds {quads} triples where {manifest['quads']} were written")
        return store, known, tuple(str(graph) for graph in manifest.get("derived", ()))
    except (OSError, RuntimeError, ValueError, KeyError, TypeError, AttributeError, _Unusable) as exc:
        if "lock" in str(exc).lower() and "LOCK" in str(exc):
            raise _Unusable(f"its store is locked: {exc}") from exc
        reason = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        notice(f"chkg: the cache {folder} was unreadable ({reason}); rebuilding it")
        gc.collect()
        shutil.rmtree(store_dir, ignore_errors=True)
        return ox.Store(str(store_dir)), {}, ()


def _write_manifest(folder: Path, entries: Iterable[FileEntry], *, complete: bool, quads: int,
                    derived: Iterable[str] = ()) -> None:
    files = {entry.key: {**entry.to_dict(), "path": str(entry.path)}
             for entry in entries if not entry.key.startswith("unreadable-")}
    document = {"format": _FORMAT, "chkg": __version__, "complete": complete, "quads": quads,
                "derived": list(derived), "files": files}
    write_text_atomic(folder / "manifest.json", json.dumps(document, ensure_ascii=False))
