"""The command line: ``python -m geo validate | export | map | projects | db | build-coverage``."""

from __future__ import annotations

import sys

from geo.cli import main

if __name__ == "__main__":
    sys.exit(main())
