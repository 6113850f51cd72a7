"""The print spooler's word on a job: did the system's print queue (CUPS) take it?

Qt cannot say. `QPainter.end()` returning True on a QPrinter only means Qt handed the file
to CUPS (`cupsPrintFile`, whose answer Qt ignores): a queue that rejects jobs drops it, and
a stopped queue keeps it without printing. So a receipt counts as printed only when the
spooler ACCEPTED it, which here means all of:

1. before printing, the queue exists, accepts jobs and is not stopped (`lpstat -p -a`);
2. after printing, CUPS holds a new job for that queue (`lpstat -W all -o`, before/after);
3. the queue is still not stopped, so the job is on its way to the device.

Paper jams and empty rolls after that are the printer's business, as for any office app.
A job left in a stopped queue is cancelled: if it printed hours later, the citizen would
hold a second "original" next to the reprint the officer made meanwhile.

Qt-free and blocking (subprocesses): call it from the background helper, never the GUI thread.
Where there is no CUPS client (`lpstat`), `TrustingSpooler` takes Qt's word for it.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from dataclasses import dataclass
from typing import Protocol

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 15.0


@dataclass(frozen=True)
class QueueState:
    """A queue just before a job is sent: is it ready, and which jobs it already holds."""

    queue: str
    refusal: str  # "" when the queue is ready; else why it will not print (English)
    jobs: frozenset[str] = frozenset()  # CUPS job ids ("Queue-12") of every queue


@dataclass(frozen=True)
class Handover:
    """The spooler's answer after a job was sent."""

    accepted: bool
    job: str  # the CUPS job id, or "" when none was created / nobody can tell
    detail: str  # why not accepted (English, for the journal); "" when accepted


class Spooler(Protocol):
    """Asks the system's print queue about a queue and the job just sent to it."""

    def check(self, queue: str) -> QueueState:
        """The queue's state and its jobs before sending (background thread)."""
        ...

    def confirm(self, before: QueueState) -> Handover:
        """Whether the queue accepted the job sent since `before` (background thread)."""
        ...


class TrustingSpooler:
    """No spooler to ask (no CUPS client): a job Qt handed over counts as accepted."""

    def check(self, queue: str) -> QueueState:
        """Nothing to check."""
        return QueueState(queue, "")

    def confirm(self, before: QueueState) -> Handover:
        """Qt's word is all there is."""
        return Handover(True, "", "")


class CupsSpooler:
    """Asks CUPS through its command-line client (`lpstat`, `cancel`); no pycups needed."""

    def __init__(self, *, lpstat: str = "lpstat", cancel: str = "cancel") -> None:
        self._lpstat = lpstat
        self._cancel = cancel

    def check(self, queue: str) -> QueueState:
        """Refuse early when the queue is unknown, stopped or rejecting jobs."""
        refusal = self._refusal(queue)
        return QueueState(queue, refusal, frozenset(self._jobs()))

    def confirm(self, before: QueueState) -> Handover:
        """Accepted: a new job on the queue, and the queue still running (else cancel it)."""
        new = [job for job in self._jobs() - before.jobs if _queue_of(job) == before.queue]
        if not new:
            return Handover(False, "", self._refusal(before.queue) or "CUPS made no job of it")
        job = max(new, key=_job_number)
        refusal = self._refusal(before.queue)
        if refusal:
            self._run(self._cancel, job)
            return Handover(False, job, f"{refusal}; job {job} cancelled")
        logger.info("CUPS accepted job %s", job)
        return Handover(True, job, "")

    def _refusal(self, queue: str) -> str:
        ok, text = self._run(self._lpstat, "-p", queue, "-a", queue)
        if not ok and not text.strip():
            return f"CUPS does not know the printer {queue!r}"
        enabled = accepting = None
        for line in text.splitlines():
            words = line.split()
            if line.startswith("printer ") and words[1:2] == [queue]:
                enabled = " disabled since " not in line
            elif words[:1] == [queue]:
                accepting = "not accepting" not in line
        if enabled is None or accepting is None:
            return f"CUPS does not know the printer {queue!r}"
        if not enabled:
            return f"the printer {queue!r} is stopped (paused) in CUPS"
        if not accepting:
            return f"the printer {queue!r} is not accepting jobs"
        return ""

    def _jobs(self) -> set[str]:
        _ok, text = self._run(self._lpstat, "-W", "all", "-o")
        return {line.split()[0] for line in text.splitlines() if line and not line[0].isspace()}

    def _run(self, *args: str) -> tuple[bool, str]:
        """Run a CUPS client in the C locale (its output is parsed); (succeeded, stdout)."""
        env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
        try:
            done = subprocess.run(
                args, capture_output=True, text=True, env=env, timeout=TIMEOUT_SECONDS, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            logger.warning("%s failed: %s", args[0], exc)
            return False, ""
        if done.returncode:
            logger.info("%s: %s", " ".join(args), done.stderr.strip())
        return done.returncode == 0, done.stdout


class SystemSpooler:
    """CUPS where its client is installed, else trust Qt (decided at each call)."""

    def _spooler(self) -> Spooler:
        return CupsSpooler() if shutil.which("lpstat") else TrustingSpooler()

    def check(self, queue: str) -> QueueState:
        """See `Spooler.check`."""
        return self._spooler().check(queue)

    def confirm(self, before: QueueState) -> Handover:
        """See `Spooler.confirm`."""
        return self._spooler().confirm(before)


def _queue_of(job: str) -> str:
    return job.rpartition("-")[0]


def _job_number(job: str) -> int:
    tail = job.rpartition("-")[2]
    return int(tail) if tail.isdigit() else -1
