"""Time every chkg command a user runs, per graph size, against the floor and the baselines.

For each size it generates (or reuses, under ``benchmarks/work/``) a checkout of that many
triples with :mod:`benchmarks.generate` (``copies`` shape, and the ``connected`` shape for the
hard path searches), then runs each step as its own process (``chkg`` with ``CHKG_HOME`` at the
checkout, working folder the checkout) and records the child's CPU time (user + system), wall
time and peak RSS (:mod:`benchmarks.measure`), the median of ``--repeat`` runs:

- ``floor``: pyoxigraph bulk load of the same files; ``rdflib``: rdflib parse; ``pyshacl``,
  ``pyshacl-turbo``: rdflib parse + the engine with the project's shapes;
- ``validate-cold`` (the cache removed first, when chkg has one), ``validate-warm``,
  ``validate-edit`` (one data file changed first);
- ``query-NNN`` for every catalogue query (``chkg query --list``), default parameters;
- ``paths-1`` … ``paths-10``: ``chkg paths --top 10`` for ten policy → outcome pairs within a
  copy; ``paths-connected-1`` …: the same on the connected graph, between copies;
- ``whatif`` (``--remove`` the busiest intermediate entity), ``report`` (every policy),
  ``export`` (``--format nt``).

It prints a table (one row per step and size; ``--detail`` for every query and pair), the
ratio of each step's CPU time to the floor and the baselines, and each step's growth exponent,
and writes ``benchmarks/results/<timestamp>-<size>.json`` and ``benchmarks/results/latest.json``.
``--combine FILE ...`` reprints one table from per-size files of earlier runs (each size's ratios
from its own run; the exponents across them).

Usage::

    .venv/bin/python -m benchmarks.run --sizes 10k,100k,1m [--repeat 3] [--timeout 600] [--steps validate,query]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from benchmarks.generate import Shape, generate, parse_size
from benchmarks.measure import Measurement, median_of, run_measured
from benchmarks.tabulate import agreement, exponents, table

__all__ = ["Step", "plan_steps", "benchmark_size", "combine", "main"]

_HERE = Path(__file__).resolve().parent
_ROOT = _HERE.parent
#: What happens before each timed run of a step.
Before = Literal["nothing", "drop-cache", "edit"]


@dataclass(frozen=True)
class Step:
    """One timed command: its name, its argv, the graph shape it runs on, what precedes each run."""

    name: str
    argv: tuple[str, ...]
    shape: Shape = "copies"
    before: Before = "nothing"


def chkg_command() -> list[str]:
    """The ``chkg`` command of this interpreter's environment."""
    script = Path(sys.executable).parent / "chkg"
    return [str(script)] if script.exists() else [sys.executable, "-m", "chkg"]


def plan_steps(checkout: Path, manifest: dict[str, Any], connected: dict[str, Any] | None,
               scratch: Path, queries: Sequence[str]) -> list[Step]:
    """Every step for one size, in the order they run."""
    chkg = tuple(chkg_command())
    py = (sys.executable, "-m")
    steps = [Step("floor", (*py, "benchmarks.floor", str(checkout)))]
    steps += [Step(kind, (*py, "benchmarks.baselines", kind, str(checkout)))
              for kind in ("rdflib", "pyshacl", "pyshacl-turbo")]
    validate = (*chkg, "validate", "--format", "json")
    steps += [Step("validate-cold", validate, before="drop-cache"), Step("validate-warm", validate),
              Step("validate-edit", validate, before="edit")]
    steps += [Step(f"query-{q}", (*chkg, "query", q, "--format", "csv")) for q in queries]
    for i, pair in enumerate(manifest["pairs"], 1):
        steps.append(Step(f"paths-{i}", (*chkg, "paths", "--from", pair["source"], "--to", pair["target"],
                                         "--top", "10", "--format", "json")))
    for i, pair in enumerate((connected or {}).get("pairs", []), 1):
        steps.append(Step(f"paths-connected-{i}", (*chkg, "paths", "--from", pair["source"], "--to",
                                                   pair["target"], "--top", "10", "--format", "json"),
                          shape="connected"))
    if manifest.get("hub"):
        steps.append(Step("whatif", (*chkg, "whatif", "--remove", manifest["hub"], "--format", "json")))
    steps.append(Step("report", (*chkg, "report", "--out", str(scratch / "report"))))
    steps.append(Step("export", (*chkg, "export", "--format", "nt", "--out", str(scratch / "export.nt"))))
    return steps


def benchmark_size(size: str, *, repeat: int, timeout: float, seed: int, work: Path, wanted: Sequence[str],
                   cache_dir: str | None, source: Path = _ROOT, save: Path | None = None,
                   meta: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Generate (or reuse) the checkouts for ``size`` and time every wanted step; return the records.

    ``source`` is the checkout benchmarked: its data is copied and its ``src/`` runs. After
    each step the records so far are written to ``save`` (with ``meta``), so a long run stopped
    early keeps what it measured.
    """
    target = parse_size(size)
    checkouts: dict[Shape, tuple[Path, dict[str, Any]]] = {"copies": _checkout(work, target, "copies", seed, source)}
    if _wants_group("paths-connected", wanted):
        checkouts["connected"] = _checkout(work, target, "connected", seed, source)
    checkout, manifest = checkouts["copies"]
    scratch = work / f"scratch-{size}"
    scratch.mkdir(parents=True, exist_ok=True)
    queries = _catalogue(checkout, source) if _wants_group("query", wanted) else []
    connected = checkouts["connected"][1] if "connected" in checkouts else None
    records = []
    for step in plan_steps(checkout, manifest, connected, scratch, queries):
        if not _wants(step.name, wanted):
            continue
        folder, info = checkouts[step.shape]
        env = {**os.environ, "CHKG_HOME": str(folder), "PYTHONPATH": f"{source / 'src'}{os.pathsep}{_ROOT}"}
        runs: list[Measurement] = []
        edited = _edit_target(folder) if step.before == "edit" else None
        original = edited.read_bytes() if edited is not None else b""
        try:
            for n in range(repeat):
                if step.before == "drop-cache":
                    _drop_cache(folder, cache_dir)
                if edited is not None:
                    edited.write_bytes(original + f"\n# benchmark edit {n}\n".encode())
                runs.append(run_measured(step.argv, cwd=folder, env=env, timeout=timeout))
                if runs[-1].status == "timeout":
                    break
        finally:
            if edited is not None:
                edited.write_bytes(original)
        records.append(_record(step, size, info, runs, timeout))
        if save is not None:
            _write(save, {**(meta or {}), "records": records})
        r = records[-1]
        print(f"  {size:>5} {step.name:<22} {r['status']:<7} cpu {r['cpu'] or 0:8.2f}s  wall {r['wall'] or 0:8.2f}s"
              f"  peak {r['peak_mb'] or 0:7.0f} MB", flush=True)
    return records


def main(argv: Sequence[str] | None = None) -> None:
    """The command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated: 10k,100k,1m")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step; the median is kept")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per run before it is killed")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--steps", default="",
                        help="comma-separated steps or groups: floor,validate,query-011,paths (default: all)")
    parser.add_argument("--cache-dir", default=None,
                        help="chkg's cache folder, relative to the checkout (default: ProjectPaths.cache if chkg has one)")
    parser.add_argument("--source", type=Path, default=_ROOT,
                        help="the checkout to benchmark (its data is copied, its src/ runs); default this one")
    parser.add_argument("--work", type=Path, default=_HERE / "work", help="where checkouts are generated")
    parser.add_argument("--results", type=Path, default=_HERE / "results", help="where JSON results go")
    parser.add_argument("--detail", action="store_true", help="one table row per query and path pair")
    parser.add_argument("--combine", type=Path, nargs="+", default=None, metavar="RESULT",
                        help="run nothing: print the table and exponents of earlier per-size result files, "
                        "and write them together to latest.json")
    args = parser.parse_args(argv)
    if args.combine:
        combine(args.combine, args.results, detail=args.detail)
        return
    wanted = [s.strip() for s in args.steps.split(",") if s.strip()]
    started = dt.datetime.now(dt.UTC)
    meta = _meta(args.repeat, args.timeout, args.seed, started, args.source.resolve())
    args.results.mkdir(parents=True, exist_ok=True)
    records: list[dict[str, Any]] = []
    for size in [s.strip() for s in args.sizes.split(",") if s.strip()]:
        print(f"size {size}:", flush=True)
        stamp = started.strftime("%Y%m%dT%H%M%SZ")
        records += benchmark_size(size, repeat=args.repeat, timeout=args.timeout, seed=args.seed, work=args.work,
                                  wanted=wanted, cache_dir=args.cache_dir, source=args.source.resolve(),
                                  save=args.results / f"{stamp}-{size}.json", meta=meta)
    slopes = exponents(records)
    _write(args.results / "latest.json", {**meta, "records": records, "exponents": slopes})
    print()
    print(table(records, detail=args.detail))
    print("\n" + "\n".join(agreement(records)))
    if slopes:
        print("\ngrowth exponents (log CPU / log triples): "
              + ", ".join(f"{step} {slope:.2f}" for step, slope in sorted(slopes.items())))
    print(f"\nresults: {args.results / 'latest.json'}")


def combine(files: Sequence[Path], results: Path, *, detail: bool = False) -> None:
    """Print one table and the exponents over per-size result files of earlier runs; write latest.json.

    Each size's ratios still come from one run (its own file); only the exponents span runs.
    """
    records: list[dict[str, Any]] = []
    runs = []
    for file in files:
        document = json.loads(file.read_text(encoding="utf-8"))
        records += document["records"]
        runs.append({key: value for key, value in document.items() if key != "records"} | {"file": file.name})
    slopes = exponents(records)
    results.mkdir(parents=True, exist_ok=True)
    _write(results / "latest.json", {"combined_from": runs, "records": records, "exponents": slopes})
    print(table(records, detail=detail))
    print("\n" + "\n".join(agreement(records)))
    print("\ngrowth exponents (log CPU / log triples): "
          + ", ".join(f"{step} {slope:.2f}" for step, slope in sorted(slopes.items())))


# -- Private helpers -----------------------------------------------------------


def _wants(name: str, wanted: Sequence[str]) -> bool:
    """Whether step ``name`` is wanted: named, or a group of it named (``query`` for ``query-001``).

    >>> _wants("paths-10", ["paths-1"]), _wants("paths-10", ["paths"]), _wants("query-001", [])
    (False, True, True)
    """
    return not wanted or any(name == w or name.startswith(w + "-") for w in wanted)


def _wants_group(prefix: str, wanted: Sequence[str]) -> bool:
    """Whether any step of the group ``prefix`` is wanted (``query-011`` or ``query`` for ``query``)."""
    return not wanted or any(w == prefix or w.startswith(prefix + "-") or prefix.startswith(w + "-")
                             for w in wanted)


def _fingerprint(target: int, shape: Shape, seed: int, source: Path) -> str:
    """Changes when the bundled files or the generator change: then the checkout is made again."""
    digest = hashlib.sha256(f"{target} {shape} {seed} {source}".encode())
    folders = [source / "ontology", source / "data", source / "queries"]
    files = [p for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()]
    files += [_HERE / f"{name}.py" for name in ("generate", "template", "turtle_out", "plant", "pairs")]
    for path in files:
        digest.update(path.as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _checkout(work: Path, target: int, shape: Shape, seed: int, source: Path) -> tuple[Path, dict[str, Any]]:
    out = work / f"{shape}-{target}-s{seed}"
    stamp = work / f"{out.name}.fingerprint"
    fingerprint = _fingerprint(target, shape, seed, source)
    manifest_path = work / f"{out.name}.manifest.json"
    if not (stamp.is_file() and stamp.read_text() == fingerprint and manifest_path.is_file() and out.is_dir()):
        work.mkdir(parents=True, exist_ok=True)
        made = generate(out, target, shape=shape, seed=seed, source=source)
        stamp.write_text(fingerprint)
        print(f"  generated {out}: {made.triples} triples, {made.copies} copies", flush=True)
    manifest: dict[str, Any] = json.loads(manifest_path.read_text(encoding="utf-8"))
    return out, manifest


def _catalogue(checkout: Path, source: Path) -> list[str]:
    """The catalogue's query numbers, as ``chkg query --list`` prints them."""
    env = {**os.environ, "CHKG_HOME": str(checkout), "PYTHONPATH": f"{source / 'src'}{os.pathsep}{_ROOT}"}
    listed = subprocess.run([*chkg_command(), "query", "--list"], cwd=checkout, capture_output=True, text=True,
                            env=env, check=False)
    return [line.split()[0] for line in listed.stdout.splitlines() if line[:1].isdigit()]


def _drop_cache(checkout: Path, cache_dir: str | None) -> None:
    """Remove chkg's cache for ``checkout`` (``--cache-dir``, else ``ProjectPaths.cache`` when chkg has one)."""
    folder = cache_folder(checkout, cache_dir)
    if folder is not None and folder.is_dir():
        shutil.rmtree(folder)
    elif folder is not None and folder.exists():
        folder.unlink()


def cache_folder(checkout: Path, cache_dir: str | None) -> Path | None:
    """Where chkg keeps its cache for ``checkout`` (``--cache-dir``, else chkg's ``CACHE_FOLDER``).

    ``None`` for a chkg without a cache (a commit from before it: cold = warm then).

    >>> cache_folder(Path("/kg"), None)
    PosixPath('/kg/.chkg-cache')
    """
    if cache_dir:
        return checkout / cache_dir
    try:
        from chkg.graph.cache import CACHE_FOLDER
    except ImportError:
        return None
    return checkout / CACHE_FOLDER


def _edit_target(checkout: Path) -> Path:
    """The data file a curator edits: copy 0's largest Turtle file."""
    return max(sorted((checkout / "data").glob("*.ttl")), key=lambda p: p.stat().st_size)


def _record(step: Step, size: str, info: dict[str, Any], runs: list[Measurement], timeout: float) -> dict[str, Any]:
    best = median_of(runs)
    record: dict[str, Any] = {"step": step.name, "size": size, "triples": info["triples"], "shape": step.shape,
                              "argv": list(step.argv), "repeats": len(runs), "timeout": timeout}
    if best is None:  # every run was stopped: say how much CPU it had used when it was
        return {**record, "status": "timeout", "cpu": None, "wall": None, "peak_mb": None,
                "cpu_at_timeout": round(max(r.cpu for r in runs), 2) if runs else None}
    # validate exits 1 when it finds violations: that is a finished run
    finished = best.exit_code == 0 or (best.exit_code == 1 and step.name.startswith("validate"))
    record.update(status="ok" if finished else best.status, cpu=round(best.cpu, 4), wall=round(best.wall, 4), peak_mb=round(best.peak_mb, 1),
                  exit_code=best.exit_code, runs=[[round(r.cpu, 4), round(r.wall, 4), round(r.peak_mb, 1)] for r in runs])
    if not finished:
        record["error"] = best.stderr.strip().splitlines()[-1:] if best.stderr.strip() else []
    summary = _summary(step.name, best.stdout)
    if summary:
        record["found"] = summary
    return record


def _summary(name: str, stdout: str) -> dict[str, Any]:
    """What the step found, to compare chkg with the baselines: triples and result counts."""
    try:
        if name in ("floor", "rdflib", "pyshacl", "pyshacl-turbo"):
            found: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
            return found
        if name.startswith("validate"):
            report = json.loads(stdout)
            shacl: dict[str, int] = {}
            for r in report.get("results", []):
                if not str(r.get("source_shape", "")).startswith("check:"):
                    shacl[r["severity"]] = shacl.get(r["severity"], 0) + 1
            return {"triples": report.get("triples"), "counts": report.get("counts"), "shacl_results": shacl}
        if name.startswith("paths"):
            return {"paths": len(json.loads(stdout).get("paths", []))}
    except (ValueError, IndexError, AttributeError):
        return {}
    return {}


def _meta(repeat: int, timeout: float, seed: int, started: dt.datetime, source: Path) -> dict[str, Any]:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=source, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    commit = git("rev-parse", "HEAD")
    stamp = source / ".benchmark-commit"  # a `git archive` export says which commit it is
    if stamp.is_file():
        commit, changed = stamp.read_text(encoding="utf-8").strip(), False
    else:
        changed = bool(git("status", "--porcelain", "--untracked-files=no"))
    return {"started": started.isoformat(timespec="seconds"), "source": str(source), "commit": commit,
            "uncommitted_changes": changed,
            "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
            "repeat": repeat, "timeout": timeout, "seed": seed}


def _write(path: Path, document: dict[str, Any]) -> None:
    path.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
