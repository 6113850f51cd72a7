"""Thin launcher: the Loket GUI, same as the `desk-app` command."""

from __future__ import annotations

import sys

from desk_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
