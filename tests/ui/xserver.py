"""A real X server (Xvfb) for the tests that open the window on a screen of a given size."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


@contextmanager
def x_server(size: str) -> Iterator[str]:
    """Xvfb with one screen of `size` ("1366x768"); yields its DISPLAY."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        if os.geteuid() == 0:
            pytest.fail("Xvfb is missing: scripts/_venv.sh installs Debian's xvfb as root")
        pytest.skip("Xvfb is not installed (Debian package xvfb)")
    read, write = os.pipe()
    # -displayfd: the server picks a free display and writes its number once it is ready.
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write), "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as numbers:
            number = numbers.readline().strip()
        assert number.isdigit(), "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(30)
