"""Make the helpers beside these tests (``owl_tools``, ``inferences``) importable in any pytest import mode."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
