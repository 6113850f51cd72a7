"""A real CUPS print queue for tests: cups-pdf writes what the printer got, a test reads it.

Needs root (CUPS is installed if missing, cupsd started, queues added); the fixtures in
tests/ui/conftest.py skip without root and fail loudly when root cannot set CUPS up.
"""

from __future__ import annotations

import os
import pwd
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGES = ("cups", "cups-client", "cups-pdf", "poppler-utils", "zbar-tools")
TOOLS = ("cupsd", "lpadmin", "lpstat", "cupsdisable", "cupsreject", "pdftoppm", "zbarimg")
CUPS_PDF_CONF = Path("/etc/cups/cups-pdf.conf")
PPD_FOLDER = Path("/usr/share/ppd/cups-pdf")
JOB_TIMEOUT_MS = 60_000


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=120, check=False)


def must(*args: str) -> str:
    done = run(*args)
    if done.returncode:
        pytest.fail(f"CUPS set-up failed: {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


def scheduler_running() -> bool:
    return run("lpstat", "-r").stdout.strip() == "scheduler is running"


def cups_pdf_folder() -> Path:
    """Where cups-pdf writes root's jobs: its `Out` setting (default ${HOME}/PDF)."""
    out = "${HOME}/PDF"
    if CUPS_PDF_CONF.exists():
        for line in CUPS_PDF_CONF.read_text(encoding="utf-8").splitlines():
            words = line.split(None, 1)
            if len(words) == 2 and words[0] == "Out":
                out = words[1].strip()
    user = pwd.getpwuid(os.geteuid())
    return Path(out.replace("${HOME}", user.pw_dir).replace("${USER}", user.pw_name))


@dataclass
class Queue:
    """A cups-pdf print queue of this test."""

    name: str

    def jobs(self) -> list[str]:
        """Ids of every job of this queue, finished or not."""
        return [
            line.split()[0]
            for line in run("lpstat", "-W", "all", "-o", self.name).stdout.splitlines()
            if line and not line[0].isspace()
        ]

    def pending(self) -> list[str]:
        """Ids of its jobs not finished yet."""
        lines = run("lpstat", "-W", "not-completed", "-o", self.name).stdout.splitlines()
        return [line.split()[0] for line in lines if line and not line[0].isspace()]

    def output(self, job: str) -> Path | None:
        """The PDF cups-pdf wrote for `job` ("Queue-12" -> "...job_12.pdf"), once written."""
        if job in self.pending():
            return None  # cups-pdf is still writing it
        number = job.rpartition("-")[2]
        found = sorted(cups_pdf_folder().glob(f"*-job_{number}.pdf"))
        return found[0] if found and found[0].stat().st_size > 0 else None


def ppd_options() -> list[str]:
    found = sorted(PPD_FOLDER.glob("*.ppd"))
    if found:
        return ["-P", str(found[-1])]
    models = [line.split()[0] for line in run("lpinfo", "-m").stdout.splitlines()]
    wanted = [m for m in models if "cups-pdf" in m.casefold()]
    if not wanted:
        pytest.fail("CUPS set-up failed: no cups-pdf driver")
    return ["-m", wanted[0]]


def qr_text(pdf: Path, folder: Path) -> str:
    """What the QR codes on the PDF's pages say (the receipt reaches the printer as an image)."""
    must("pdftoppm", "-r", "300", "-png", str(pdf), str(folder / "page"))
    pages = sorted(str(p) for p in folder.glob("page*.png"))
    return run("zbarimg", "--raw", "-q", *pages).stdout
