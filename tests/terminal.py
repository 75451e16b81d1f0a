"""Run chkg with its standard error on a pseudo-terminal, as a user at a terminal sees it."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import threading
from pathlib import Path


def on_a_terminal(args: list[str], cwd: Path) -> tuple[int, bytes, bytes]:
    """``python -m chkg ARGS`` with stderr on a pseudo-terminal: (exit code, what the terminal got, stdout)."""
    primary, secondary = pty.openpty()
    shown = bytearray()

    def drain() -> None:
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        done = subprocess.run([sys.executable, "-m", "chkg", *args], stdout=subprocess.PIPE, stderr=secondary,
                              cwd=cwd, timeout=300)
    finally:
        os.close(secondary)
        reader.join(10)
        os.close(primary)
    return done.returncode, bytes(shown), done.stdout
