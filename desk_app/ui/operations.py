"""The one background-operation helper: work runs on a QThreadPool, results come back by signal."""

from __future__ import annotations

import contextlib
import itertools
import logging
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from desk_app.common.errors import DeskError
from desk_app.ui.i18n import interface_language

# The ORM loads on a worker while the login page is already up (ui/app.py).
if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desk_app.db.engine import Database

logger = logging.getLogger(__name__)

T = TypeVar("T")
# A worker holding the GIL delays every C++ -> Python call of a painting view (data(),
# flags(), ...) by up to the switch interval; 5 ms default made scrolling stutter.
SWITCH_INTERVAL = 0.0005
Report = Callable[[int, int], None]
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


@dataclass
class _Pending:
    """Callbacks of one operation in flight, run on the GUI thread."""

    done: Done | None
    failed: Failed | None
    progress: Report | None
    owner: QObject | None


class _Job(QRunnable):
    """Runs one unit of work on a pool thread and announces the outcome by signal."""

    def __init__(
        self,
        job_id: int,
        work: Callable[[Report], Any],
        settle: Callable[[int, bool, object], None],
        report: Callable[[int, int, int], None],
    ) -> None:
        super().__init__()
        self._job_id = job_id
        self._work = work
        self._settle = settle
        self._report = report

    def run(self) -> None:
        """Do the work; never touches a widget."""
        try:
            outcome: tuple[bool, object] = (True, self._work(self._progress))
        except BaseException as exc:
            outcome = (False, exc)
        try:
            self._settle(self._job_id, *outcome)
        except RuntimeError:  # the Operations object was deleted while we worked
            logger.info("operation %d finished after its owner was gone", self._job_id)

    def _progress(self, done: int, total: int) -> None:
        with contextlib.suppress(RuntimeError):  # the Operations object is gone
            self._report(self._job_id, done, total)


class Operations(QObject):
    """Runs database and disk work off the GUI thread; callbacks run on the GUI thread."""

    errorReported = Signal(str)
    drained = Signal()
    _settled = Signal(int, bool, object)
    _progressed = Signal(int, int, int)

    def __init__(
        self, db: Database | None = None, *, max_threads: int = 2, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._settled.connect(self._deliver)
        self._progressed.connect(self._forward_progress)

    @property
    def db(self) -> Database:
        """The office database the read/write helpers use."""
        if self._db is None:
            raise RuntimeError("this Operations object has no database")
        return self._db

    @property
    def pending(self) -> int:
        """How many operations are in flight."""
        return len(self._pending)

    def run(
        self,
        work: Callable[[], T],
        *,
        done: Callable[[T], None] | None = None,
        failed: Failed | None = None,
        owner: QObject | None = None,
    ) -> int:
        """Run `work()` in the pool; `done(result)` or `failed(exc)` follow on the GUI thread."""
        return self._submit(lambda _report: work(), done, failed, None, owner)

    def run_reporting(
        self,
        work: Callable[[Report], T],
        *,
        progress: Report,
        done: Callable[[T], None] | None = None,
        failed: Failed | None = None,
        owner: QObject | None = None,
    ) -> int:
        """Like run(), but `work(report)` may call report(done, total) to move a progress bar."""
        return self._submit(work, done, failed, progress, owner)

    def read(
        self,
        query: Callable[[Session], T],
        *,
        done: Callable[[T], None] | None = None,
        failed: Failed | None = None,
        owner: QObject | None = None,
    ) -> int:
        """Run `query(session)` in a read transaction of its own."""
        return self._in_transaction(self.db.read, query, done, failed, owner)

    def write(
        self,
        change: Callable[[Session], T],
        *,
        done: Callable[[T], None] | None = None,
        failed: Failed | None = None,
        owner: QObject | None = None,
    ) -> int:
        """Run `change(session)` as one use case: BEGIN IMMEDIATE ... COMMIT."""
        return self._in_transaction(self.db.write, change, done, failed, owner)

    def _in_transaction(
        self,
        opener: Callable[[], AbstractContextManager[Session]],
        use: Callable[[Session], T],
        done: Callable[[T], None] | None,
        failed: Failed | None,
        owner: QObject | None,
    ) -> int:
        """Run `use(session)` on the pool inside the transaction `opener` starts."""

        def work() -> T:
            with opener() as session:
                return use(session)

        return self.run(work, done=done, failed=failed, owner=owner)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the pool is idle (only at shut-down and in tests)."""
        return bool(self._pool.waitForDone(msecs))

    def _submit(
        self,
        work: Callable[[Report], Any],
        done: Any,
        failed: Failed | None,
        progress: Report | None,
        owner: QObject | None,
    ) -> int:
        job_id = next(self._ids)
        self._pending[job_id] = _Pending(done, failed, progress, owner)
        self._pool.start(_Job(job_id, work, self._settled.emit, self._progressed.emit))
        return job_id

    @Slot(int, int, int)
    def _forward_progress(self, job_id: int, done: int, total: int) -> None:
        entry = self._pending.get(job_id)
        if entry is not None and entry.progress is not None and _alive(entry.owner):
            entry.progress(done, total)

    @Slot(int, bool, object)
    def _deliver(self, job_id: int, ok: bool, value: object) -> None:
        entry = self._pending.pop(job_id, None)
        try:
            if entry is None or not _alive(entry.owner):
                if not ok:
                    logger.info("error of an abandoned operation: %r", value)
                return
            if ok:
                if entry.done is not None:
                    entry.done(value)
            elif not isinstance(value, BaseException):
                raise TypeError(f"operation failed with a non-exception {value!r}")
            elif entry.failed is not None:
                entry.failed(value)
            else:
                self.report_error(value)
        finally:
            if not self._pending:
                self.drained.emit()

    def report_error(self, exc: BaseException) -> None:
        """Log an error nobody handled and announce it for the status bar or a message box."""
        if not _is_expected(exc):
            logger.error("background operation failed", exc_info=exc)
        from desk_app.ui.messages import describe_error

        self.errorReported.emit(describe_error(exc, interface_language()))


def tune_interpreter() -> None:
    """Let the GUI thread win the GIL back quickly from workers (call once at start-up)."""
    sys.setswitchinterval(SWITCH_INTERVAL)


def _alive(owner: QObject | None) -> bool:
    return owner is None or shiboken6.isValid(owner)


def _is_expected(exc: BaseException) -> bool:
    return isinstance(exc, DeskError)
