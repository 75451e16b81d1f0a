"""Run the command line as ``python -m chkg``."""

from chkg.cli import main

raise SystemExit(main())
