"""Benchmark: print the full report of the bundled data to PDF in headless Chromium.

Writes the report (``chkg report``) into a temporary folder, opens ``index.html`` from disk in
Debian's headless Chromium over the DevTools protocol, and times ``Page.printToPDF`` (the
analyst's "Save as PDF"), a few times. Prints the report build time, each print time, the median,
the number of PDF pages (with ``pdfinfo`` when poppler-utils is installed) and the PDF size.

Issue 13 measured over three minutes for this print before the gap map's hatched cells became
flat colours and the gap map was rolled up by outcome family.

Run: ``python benchmarks/bench_print.py [--repeat 3] [--keep DIR]`` (``--keep`` saves the PDF).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from chkg.analysis import analysis_graph
from chkg.graph.loader import load
from chkg.project import bundled_project
from chkg.report.writers import write_report

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "report"))
from devtools import CHROMIUM, chromium


def main(argv: list[str] | None = None) -> int:
    """Build the bundled report, print it ``--repeat`` times, and report the timings."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="save the PDF here")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"no browser at {CHROMIUM}: nothing to measure")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        project = bundled_project()
        rdf = load(project=project)
        files = write_report(analysis_graph(rdf), folder / "report", rdf=rdf, sources_dir=project.sources)
        built = time.perf_counter() - started
        print(f"report written in {built:.1f}s ({files.index_html.stat().st_size // 1024} KiB index.html)")
        times: list[float] = []
        with chromium(folder / "profile") as page:
            page.open(files.index_html.as_uri())
            for i in range(args.repeat):
                started = time.perf_counter()
                pdf = page.print_pdf()
                times.append(time.perf_counter() - started)
                print(f"print {i + 1}: {times[-1]:.2f}s, {len(pdf) // 1024} KiB")
        out = folder / "report.pdf"
        out.write_bytes(pdf)
        pages = "?"
        if shutil.which("pdfinfo"):
            info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=False).stdout
            pages = next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")
        print(f"median print {statistics.median(times):.2f}s over {len(times)} runs; {pages} pages")
        if args.keep:
            shutil.copy(out, args.keep)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
