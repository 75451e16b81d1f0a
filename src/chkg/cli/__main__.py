"""Run the command line as ``python -m chkg.cli``."""

from chkg.cli import main

raise SystemExit(main())
