"""Make the repository's ``benchmarks`` package importable, and snapshot the bundled checkout.

The snapshot (ontology, data, queries copied once per session) keeps the generator's input
fixed while the tests run, even if the bundled files are being edited meanwhile.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled ``ontology/``, ``data/`` and ``queries/``."""
    folder = tmp_path_factory.mktemp("bundled")
    for name in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / name, folder / name)
    return folder
