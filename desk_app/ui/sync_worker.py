"""Sync with the city in the background: on a timer, on demand and after a day close.

Every round runs through `ctx.ops.run` (a pool thread does the database and the network);
the GUI thread only decides when the next round is due. A round pushes, then pulls the
city's catalogue; a newly applied catalogue reaches the counter screens at the next start
(the indicator says so), and a refused one is shown without stopping the pushes.

After a failure that may pass (the server unreachable, busy, its answer cut off) the next
round waits 15 s, 30 s, 60 s ... up to 15 minutes, with ±20 % jitter from an injectable
`random.Random`, and never less than the server's Retry-After. A failure that will not
pass by itself (the device revoked, a refused certificate) stops the timer until the
settings change or the officer asks.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy.orm import Session

from desk_app.common.messages import render
from desk_app.db.engine import Database
from desk_app.db.models import ChainHead
from desk_app.sync import state
from desk_app.ui.context import DeskContext
from desk_app.ui.messages import describe_error

if TYPE_CHECKING:
    import requests

    from desk_app.sync.catalogue_pull import PullResult

logger = logging.getLogger(__name__)

INTERVAL_S = 60.0  # between rounds while the city answers
BACKOFF_BASE_S = 15.0  # after the first failure that may pass
BACKOFF_MAX_S = 15 * 60.0
JITTER = 0.2  # ±20 %
INTERNAL = "internal"  # a failure on the desk itself (the database busy, a bug): retried


@dataclass(frozen=True)
class SyncStatus:
    """What the desk knows of its sync: the city's position and this desk's head."""

    enrolled: bool
    server: str
    head_seq: int
    acked_seq: int
    last_ok: datetime | None
    skew_s: float | None
    problem: str  # the technical detail of a stored problem
    problem_reason: str  # one of state.REASONS

    @property
    def waiting(self) -> int:
        """Events of this desk the city does not hold yet."""
        return max(self.head_seq - self.acked_seq, 0)

    @property
    def stopped(self) -> bool:
        """True when the stored problem will not pass by itself (only a fork does)."""
        return bool(self.problem) and self.problem_reason != state.FORKED


@dataclass(frozen=True)
class Failure:
    """Why the last round did not finish."""

    reason: str  # one of state.REASONS, or INTERNAL
    detail: str  # technical (English) detail, or the rendered message for INTERNAL
    retry: bool
    retry_after: float | None = None


@dataclass(frozen=True)
class RoundOutcome:
    """One round as the GUI thread receives it."""

    status: SyncStatus
    failure: Failure | None
    pushed: int = 0
    catalogue: PullResult | None = None  # None when the pull did not run or failed
    catalogue_problem: str = ""  # why the city's catalogue was refused (technical detail)


def load_status(session: Session, device_id: str) -> SyncStatus:
    """The sync state and this device's head sequence, in one read."""
    sync = state.load(session)
    head = session.get(ChainHead, device_id)
    return SyncStatus(
        enrolled=sync.enrolled,
        server=sync.server,
        head_seq=head.seq if head is not None else 0,
        acked_seq=sync.acked_seq,
        last_ok=sync.last_ok,
        skew_s=sync.skew_s,
        problem=sync.problem,
        problem_reason=sync.problem_reason,
    )


def run_round(
    db: Database, device_id: str, *, now: datetime, http: requests.Session | None = None
) -> RoundOutcome:
    """Push what the city does not hold yet, then pull its catalogue (on a pool thread)."""
    import requests  # loads with the first round, not at start-up

    from desk_app.sync import catalogue_pull, client

    with db.read() as session:
        if not state.load(session).enrolled:
            return RoundOutcome(load_status(session, device_id), None)
    failure: Failure | None = None
    pushed = 0
    pulled: PullResult | None = None
    refused = ""  # a refused catalogue: the city must publish again; pushes go on
    connection = requests.Session() if http is None else http
    try:
        done = catalogue_pull.sync_round(db, now=now, http=connection)
        pushed, pulled, refused = done.push.pushed, done.catalogue, done.refused
    except client.SyncFailed as exc:
        logger.info("sync round failed (%s): %s", exc.reason, exc)
        failure = Failure(exc.reason, str(exc), exc.retry, exc.retry_after)
    finally:
        if http is None:
            connection.close()
    with db.read() as session:
        status = load_status(session, device_id)
    return RoundOutcome(status, failure, pushed, pulled, refused)


def describe_problem(reason: str, detail: str, language: str) -> str:
    """A sync or enrolment problem in plain words, in `language`."""
    if reason == state.UNREACHABLE:
        return render("sync.unreachable", language)
    if reason == state.CUT_OFF:
        return render("sync.cut_off", language)
    if reason == state.BUSY:
        return render("sync.busy", language)
    if reason == state.SERVER_ERROR:
        return render("sync.server_error", language)
    if reason == state.TLS:
        return render("sync.tls", language)
    if reason == state.REVOKED:
        return render("sync.revoked", language)
    if reason == state.BAD_CODE:
        return render("sync.bad_code", language)
    if reason == state.UNAUTHORIZED:
        return render("sync.unauthorized", language)
    if reason == state.NOT_ENROLLED:
        return render("sync.not_enrolled", language)
    if reason == state.BAD_ADDRESS:
        return render("sync.bad_address", language)
    if reason == state.FORKED:
        return render("sync.forked", language)
    if reason == state.BAD_CATALOGUE:
        return render("sync.bad_catalogue", language, {"detail": detail})
    if reason == INTERNAL:
        return detail  # rendered by describe_error already
    return render("sync.refused", language, {"detail": detail})


class SyncWorker(QObject):
    """Decides when a sync round runs; the rounds themselves run on the operations pool.

    `interval_s`, the backoff and `rng` are injectable: a test calls `tick()` or
    `sync_now()` itself and reads `next_delay_s` instead of waiting for the timer.
    """

    changed = Signal()

    def __init__(
        self,
        ctx: DeskContext,
        *,
        interval_s: float = INTERVAL_S,
        backoff_base_s: float = BACKOFF_BASE_S,
        backoff_max_s: float = BACKOFF_MAX_S,
        jitter: float = JITTER,
        rng: random.Random | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.interval_s = interval_s
        self.backoff_base_s = backoff_base_s
        self.backoff_max_s = backoff_max_s
        self.jitter = jitter
        self.rng = rng or random.Random()
        self.status: SyncStatus | None = None  # None until the first read
        self.online: bool | None = None  # None until a round has tried the city
        self.failure: Failure | None = None  # of the last round
        self.failures = 0  # failures in a row that may pass: the backoff's exponent
        self.stopped = False  # a failure that will not pass: no timer until asked
        self.running = False
        self.manual = False  # the running round was asked for by the officer
        self.rounds = 0  # rounds finished, for tests and the log
        # A city catalogue applied since start-up (its version): the screens show it after
        # a restart. And the detail of a catalogue the city served that was refused.
        self.catalogue_applied: int | None = None
        self.catalogue_problem = ""
        self.next_delay_s: float | None = None  # until the scheduled round, when one is
        self._again = False  # asked for a round while one ran: one more after it
        self._force_again = False  # ... even if the running one stops sync
        self._reading = False
        self._read_again = False
        self._closed = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.tick)

    # -- what starts a round ---------------------------------------------------------------

    def start(self) -> None:
        """Read the stored state; an enrolled desk without a stored problem syncs at once."""
        self._read_status(first=True)

    def tick(self) -> None:
        """The timer's round (also a retry after a failure); nothing while stopped."""
        if not self.stopped:
            self._start_round()

    def sync_now(self) -> None:
        """The officer asks: sync at once, even after a failure that stopped the timer."""
        self.stopped = False
        self.manual = True
        self._start_round(force=True)
        self.changed.emit()

    def request(self) -> None:
        """Something worth sending at once happened (a day was sealed): a round now."""
        if not self.stopped:
            self._start_round()

    def settings_changed(self) -> None:
        """Enrolled anew or another CA bundle: forget the old failures and sync now."""
        self.stopped = False
        self.failures = 0
        self.failure = None
        self._start_round(force=True)  # a round still running used the old secret

    def refresh(self) -> None:
        """Events were written: count what is waiting again (no round)."""
        if not self.running:
            self._read_status(first=False)

    def stop(self) -> None:
        """The window closes: no more rounds."""
        self._closed = True
        self.timer.stop()

    # -- rounds ----------------------------------------------------------------------------

    def _start_round(self, *, force: bool = False) -> None:
        if self._closed:
            return
        if self.running:
            self._again = True
            self._force_again = self._force_again or force
            return
        self.timer.stop()
        self.next_delay_s = None
        self.running = True
        db, device, now = self.ctx.db, self.ctx.desk.device_id, self.ctx.now()
        self.ctx.ops.run(
            lambda: run_round(db, device, now=now),
            done=self._round_done,
            failed=self._round_failed,
            owner=self,
        )

    def _round_done(self, outcome: RoundOutcome) -> None:
        self.running = False
        self.rounds += 1
        self.status = outcome.status
        failure = outcome.failure
        self._catalogue_seen(outcome)
        if not outcome.status.enrolled:
            self.online, self.failure = None, None
            self._unschedule()
        elif failure is None:
            self.online, self.failure, self.failures = True, None, 0
            self._schedule(self.interval_s)
        else:
            self._failed(failure)
        self._finish()

    def _catalogue_seen(self, outcome: RoundOutcome) -> None:
        pulled = outcome.catalogue
        if outcome.catalogue_problem:
            self.catalogue_problem = outcome.catalogue_problem
        elif pulled is not None:
            self.catalogue_problem = ""
            if pulled.applied:
                self.catalogue_applied = pulled.version

    def _round_failed(self, exc: BaseException) -> None:
        """Not the city's answer: the desk's own database or a bug. Logged, tried again."""
        logger.error("sync round failed on the desk", exc_info=exc)
        self.running = False
        self.rounds += 1
        self._failed(Failure(INTERNAL, describe_error(exc, self.ctx.language), retry=True))
        self._finish()

    def _failed(self, failure: Failure) -> None:
        self.failure = failure
        if failure.reason == state.UNREACHABLE:
            self.online = False
        elif failure.reason != INTERNAL:
            self.online = True  # the city answered, if only to refuse
        if failure.retry:
            self.failures += 1
            self._schedule(self.backoff(failure.retry_after))
        else:
            self.stopped = True
            self._unschedule()

    def _finish(self) -> None:
        self.manual = False
        again, force = self._again, self._force_again
        self._again = self._force_again = False
        if again and force:
            self.stopped = False
        self.changed.emit()
        if again and not self.stopped:
            self._start_round()

    def backoff(self, retry_after: float | None = None) -> float:
        """Seconds until the next try after `failures` failures in a row."""
        exponent = max(self.failures - 1, 0)
        base = min(self.backoff_base_s * 2.0**exponent, self.backoff_max_s)
        delay = base * self.rng.uniform(1.0 - self.jitter, 1.0 + self.jitter)
        return max(delay, retry_after or 0.0)

    def _schedule(self, delay_s: float) -> None:
        if self._closed:
            return
        self.next_delay_s = delay_s
        self.timer.start(max(int(delay_s * 1000), 0))

    def _unschedule(self) -> None:
        self.next_delay_s = None
        self.timer.stop()

    # -- the stored state ------------------------------------------------------------------

    def _read_status(self, *, first: bool) -> None:
        if self._closed:
            return
        if self._reading:
            self._read_again = True  # the read in flight may predate the new events
            return
        self._reading = True
        device = self.ctx.desk.device_id
        self.ctx.ops.read(
            lambda session: load_status(session, device),
            done=lambda status: self._status_read(status, first=first),
            failed=self._read_failed,
            owner=self,
        )

    def _status_read(self, status: SyncStatus, *, first: bool) -> None:
        self._reading = False
        if self._read_again:
            self._read_again = False
            self._read_status(first=first)
            return
        if self.running:
            return  # the round's own read is newer
        self.status = status
        if first and status.enrolled:
            if status.stopped:
                self.stopped = True  # a stored problem that will not pass: the officer acts
            else:
                self._start_round()
        self.changed.emit()

    def _read_failed(self, exc: BaseException) -> None:
        self._reading = False
        self.ctx.ops.report_error(exc)
