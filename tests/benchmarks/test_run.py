"""The benchmark runner at the smallest size, one repeat, a few steps; and the package's own checks.

The smoke test runs ``python -m benchmarks.run`` as the README documents it, on a snapshot of
the bundled files, and reads back the JSON it writes: every step measured (CPU, wall, peak
memory), ratios computable, the table printed.
"""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from benchmarks.tabulate import exponents, table

ROOT = Path(__file__).resolve().parents[2]
MODULES = ["floor", "baselines", "generate", "measure", "pairs", "plant", "run", "tabulate", "template", "turtle_out"]


def _run_benchmarks(snapshot: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m benchmarks.run`` at 3k triples on ``snapshot`` as the README documents it, into ``tmp_path``."""
    return subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--sizes", "3k", "--timeout", "60", *args, "--source", str(snapshot),
         "--work", str(tmp_path / "work"), "--results", str(tmp_path / "results")],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=120,
        check=False)


def test_run_smoke(snapshot: Path, tmp_path: Path) -> None:
    started = time.monotonic()
    done = _run_benchmarks(snapshot, tmp_path, "--repeat", "1", "--steps", "floor,rdflib,validate-warm,query-011,paths-1")
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 60
    latest = json.loads((tmp_path / "results" / "latest.json").read_text(encoding="utf-8"))
    records = {r["step"]: r for r in latest["records"]}
    assert set(records) == {"floor", "rdflib", "validate-warm", "query-011", "paths-1"}
    for step, record in records.items():
        # a chkg command that fails is recorded as failed, with its last error line, not fatal to the run
        # (paths may fail while the analysis is being rebuilt; the loaders and validate must work)
        if step == "paths-1" and record["status"] == "failed":
            assert record["error"], record
        else:
            assert record["status"] == "ok", (step, record.get("error"))
        assert record["cpu"] > 0 and record["wall"] > 0 and record["peak_mb"] > 1, record
        # 3k is less than one copy of the bundled data (5.6k triples): a partial copy, which takes whole
        # closures (every entity with its claims), so it may overshoot more than the 10 % of larger sizes
        assert abs(record["triples"] - 3000) <= 900
    # the floor and rdflib read the same files: the same triples
    assert records["floor"]["found"]["triples"] == records["rdflib"]["found"]["triples"]
    # chkg validate does more than load the files with the floor's store
    assert records["validate-warm"]["cpu"] > records["floor"]["cpu"]
    assert len(list((tmp_path / "results").glob("*-3k.json"))) == 1
    assert "| validate-warm | 3k |" in done.stdout and "x floor" in done.stdout


def test_validate_cold_runs_without_the_cache(snapshot: Path, tmp_path: Path) -> None:
    """Each repeat of validate-cold starts with chkg's cache removed (it once looked for a cache
    attribute chkg never had, so every repeat after the first was warm)."""
    done = _run_benchmarks(snapshot, tmp_path, "--repeat", "2", "--steps", "validate-cold")
    assert done.returncode == 0, done.stderr
    (checkout,) = [p for p in (tmp_path / "work").iterdir() if p.is_dir() and p.name.startswith("copies-")]
    cache = checkout / ".chkg-cache"
    assert cache.is_dir()  # the last validate made it again
    marker = cache / "planted-by-the-test"
    marker.write_text("x")
    from benchmarks.run import _drop_cache

    _drop_cache(checkout, None)
    assert not cache.exists()


def test_exponent_and_ratio_arithmetic() -> None:
    # worked out by hand: 8x the CPU for 4x the triples is an exponent of 1.5
    rows = [{"step": s, "size": size, "triples": n, "status": "ok", "cpu": cpu, "wall": cpu, "peak_mb": 10.0}
            for s, size, n, cpu in [("floor", "a", 1000, 0.5), ("floor", "b", 4000, 2.0),
                                    ("validate", "a", 1000, 1.0), ("validate", "b", 4000, 8.0)]]
    assert exponents(rows) == {"floor": 1.0, "validate": 1.5}
    text = table(rows)
    assert "| validate | b | 8.00 | 8.00 | 10 | 4.00 |" in text
    timed_out = [*rows, {"step": "report", "size": "b", "triples": 4000, "status": "timeout", "cpu": None,
                         "wall": None, "peak_mb": None}]
    assert "| report | b | timeout | timeout | timeout |" in table(timed_out)


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(f"benchmarks.{name}")
    failed, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failed == 0


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed")
def test_benchmarks_type_check() -> None:
    files = [f"benchmarks/{name}.py" for name in MODULES]  # the scale benchmarks, not the older bench_*.py
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--ignore-missing-imports", *files],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
