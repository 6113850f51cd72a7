"""The day close as one use case: what is open, the summary, sealing, reports and backup."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.closing import backup, dayclose, reports
from desk_app.closing.dayclose import DayClose, DaySummary, Preconditions
from desk_app.common.files import check_output_folder, check_output_path
from desk_app.common.paths import REPORTS_DIR as REPORTS_DIR
from desk_app.common.paths import make_private_dir
from desk_app.counter import lookup
from desk_app.counter.lookup import QueueFilter, TaskRow
from desk_app.db.engine import Database
from desk_app.db.models import Task
from desk_app.office import attendance, office_settings, officers
from desk_app.queueing import stats as queue_stats
from desk_app.queueing.stats import QueueFigures

logger = logging.getLogger(__name__)

_CHUNK = 500  # tracking numbers per IN (...) list


@dataclass(frozen=True)
class DayStatus:
    """Whether a day can still be closed, and how busy it was."""

    day: date
    close: DayClose | None  # set once the day is sealed
    received: int
    closable_from: datetime | None = None  # set while it is too early to close the day
    today: bool = False  # the day is today: sealing it ends today's recording on this desk


@dataclass(frozen=True)
class OpenShift:
    """An officer still clocked in."""

    officer_id: str
    name: str
    started_at: datetime


@dataclass(frozen=True)
class DayChecks:
    """What is still open on a day, with the task and officer details the page shows."""

    day: date
    preconditions: Preconditions
    tasks: dict[str, TaskRow]  # tracking number -> row, for receipts and tasks not started
    shifts: dict[str, OpenShift]  # officer id -> open session
    closes_at: time  # the office's closing time: the default clock-out on a past day
    carried: tuple[TaskRow, ...]  # open at the end of the day, carried to the next
    own_shift: OpenShift | None = None  # the closing lead's, which the close ends (today)


@dataclass(frozen=True)
class SealOutcome:
    """A sealed day and what followed: report files and the backup (each may have failed)."""

    close: DayClose
    folder: Path
    files: tuple[Path, ...]
    backup: Path | None
    report_error: BaseException | None = None
    backup_error: BaseException | None = None

    @property
    def pdf(self) -> Path | None:
        """The report PDF, when written."""
        return next((p for p in self.files if p.suffix == ".pdf"), None)


def default_day(session: Session, *, today: date) -> date:
    """The day the wizard offers: the latest open day with tasks, else today."""
    return dayclose.last_open_day(session, today=today) or today


def day_status(session: Session, *, day: date, now: datetime) -> DayStatus:
    """Sealed or not, how many tasks were received, and whether it may be closed yet."""
    received = lookup.queue_count(session, flt=QueueFilter(received_from=day, received_to=day))
    earliest = dayclose.earliest_close(session, day=day)
    return DayStatus(
        day=day,
        close=dayclose.get_close(session, day=day),
        received=received,
        closable_from=earliest if now < earliest else None,
        today=dayclose.closes_today(day, now=now),
    )


def _rows(session: Session, numbers: list[str]) -> list[TaskRow]:
    """Queue rows by tracking number; one IN (...) per chunk, as a day carries thousands."""
    ids: list[str] = []
    for start in range(0, len(numbers), _CHUNK):
        chunk = numbers[start : start + _CHUNK]
        found = dict(
            session.execute(
                select(Task.tracking_no, Task.id).where(Task.tracking_no.in_(chunk))
            ).all()
        )
        ids.extend(found[n] for n in chunk if n in found)
    rows: list[TaskRow] = []
    for start in range(0, len(ids), _CHUNK):
        rows.extend(lookup.task_rows(session, ids=ids[start : start + _CHUNK]))
    return rows


def load_checks(
    session: Session, *, day: date, now: datetime, lead_id: str | None = None
) -> DayChecks:
    """The day's outstanding items and the tasks it carries over (worker thread)."""
    checks = dayclose.preconditions(session, day=day, now=now, lead_id=lead_id)
    own: OpenShift | None = None
    if lead_id is not None:
        mine = dayclose.own_shift(session, lead_id=lead_id, day=day, now=now)
        if mine is not None:
            lead = officers.get_officer(session, officer_id=lead_id)
            own = OpenShift(lead_id, lead.name, mine.started_at)
    numbers = [i.ref for i in (*checks.unprinted_receipts, *checks.not_started)]
    shifts = {}
    for item in checks.clocked_in:
        shift = attendance.open_session(session, officer_id=item.ref)
        if shift is not None:
            person = officers.get_officer(session, officer_id=item.ref)
            shifts[item.ref] = OpenShift(item.ref, person.name, shift.started_at)
    summary = dayclose.summarize_day(session, day=day, now=now)
    return DayChecks(
        day=day,
        preconditions=checks,
        tasks={row.tracking_no: row for row in _rows(session, numbers)},
        shifts=shifts,
        closes_at=office_settings.office_closes_at(session),
        carried=tuple(_rows(session, list(summary.carried_over))),
        own_shift=own,
    )


def summarize(session: Session, *, day: date, now: datetime) -> DaySummary:
    """The day's summary as the close will record it (worker thread)."""
    return dayclose.summarize_day(session, day=day, now=now)


def _report_stem(day: date) -> str:
    return f"day-report-{day.isoformat()}"


def check_report_folder(folder: Path, *, day: date) -> None:
    """Raise OutputRefused unless the day's reports can be written in `folder`."""
    check_output_folder(folder)
    stem = _report_stem(day)
    for name in (f"{stem}.pdf", f"{stem}.xlsx"):
        check_output_path(folder / name)


def report_files(close: DayClose, folder: Path) -> list[Path]:
    """The files `write_reports` writes for a sealed day, in the order it writes them."""
    stem = _report_stem(close.day)
    tables = reports.report_tables(close.summary, close=close)
    return [
        folder / f"{stem}.pdf",
        folder / f"{stem}.xlsx",
        *(folder / f"{stem}-{table.key}.csv" for table in tables),
    ]


def write_reports(
    close: DayClose, folder: Path, *, now: datetime, queue: QueueFigures | None = None
) -> list[Path]:
    """The report PDF, the XLSX workbook and the CSV tables in `folder` (as the CLI writes).

    `queue`: the day's queue and IKM figures, printed in the PDF when given.
    """
    check_report_folder(folder, day=close.day)
    make_private_dir(folder)
    stem = _report_stem(close.day)
    pdf = reports.write_day_report(
        close.summary, folder / f"{stem}.pdf", close=close, generated_at=now, queue=queue
    )
    xlsx = reports.export_xlsx(close.summary, folder / f"{stem}.xlsx", close=close)
    return [pdf, xlsx, *reports.export_csv(close.summary, folder, close=close)]


# The steps of a day close after which `seal_day(on_step=...)` is called; a stop after any
# of them leaves a sealed day that `unfinished` describes and `finish_day` completes.
SEALED = "sealed"  # the day.closed event and the day_closes row are committed
REPORTED = "reported"  # every report file is written (each one atomically)
BACKED_UP = "backed_up"  # the close backup is on disk


def _no_step(step: str) -> None:
    """The default of `on_step`: nothing."""


@dataclass(frozen=True)
class Unfinished:
    """A sealed day and what its close still lacks: report files, the backup."""

    close: DayClose
    folder: Path
    missing_reports: tuple[Path, ...]
    backup_missing: bool

    @property
    def complete(self) -> bool:
        """True when the reports and a backup holding the close are all there."""
        return not self.missing_reports and not self.backup_missing


def unfinished(
    db: Database, data_dir: Path, *, day: date, folder: Path | None = None
) -> Unfinished | None:
    """What the close of a sealed day still lacks (a stop after sealing); None while open."""
    with db.read() as session:
        close = dayclose.get_close(session, day=day)
    if close is None:
        return None
    folder = folder or data_dir / REPORTS_DIR
    missing = tuple(p for p in report_files(close, folder) if not p.is_file())
    held = backup.close_backup(data_dir, day=day, closed_at=close.closed_at)
    return Unfinished(close, folder, missing, held is None)


def _after_seal(
    db: Database,
    data_dir: Path,
    todo: Unfinished,
    *,
    now: datetime,
    on_step: Callable[[str], None],
) -> SealOutcome:
    """Write what the close lacks; the reports are dated at the close, so a rerun matches."""
    close, folder, day = todo.close, todo.folder, todo.close.day
    with db.read() as session:
        keep_days = office_settings.backup_keep_days(session)
        queue = queue_stats.report_figures(session, day=day)
    files: list[Path] = []
    report_error: BaseException | None = None
    try:
        if todo.missing_reports:
            files = write_reports(close, folder, now=close.closed_at, queue=queue)
        else:
            files = report_files(close, folder)
        on_step(REPORTED)
    except Exception as exc:  # the day is sealed: say what failed, do not lose the close
        logger.error("day %s sealed but its report failed", day, exc_info=exc)
        report_error = exc
    copy: Path | None = None
    backup_error: BaseException | None = None
    try:
        if todo.backup_missing:
            copy = backup.backup_after_close(data_dir, day=day, keep_days=keep_days, now=now)
        else:
            copy = backup.close_backup(data_dir, day=day, closed_at=close.closed_at)
        on_step(BACKED_UP)
    except Exception as exc:
        logger.error("day %s sealed but the backup failed", day, exc_info=exc)
        backup_error = exc
    return SealOutcome(close, folder, tuple(files), copy, report_error, backup_error)


def finish_day(
    db: Database,
    data_dir: Path,
    todo: Unfinished,
    *,
    now: datetime,
    on_step: Callable[[str], None] = _no_step,
) -> SealOutcome:
    """Complete a sealed day's close that stopped half-way: its reports, then its backup.

    The reports come from the summary the close sealed (the day_closes row), dated at the
    close, so they match what an uninterrupted close would have written.
    """
    return _after_seal(db, data_dir, todo, now=now, on_step=on_step)


def seal_day(
    db: Database,
    data_dir: Path,
    *,
    lead_id: str,
    day: date,
    now: datetime,
    reason: str,
    acknowledged: frozenset[tuple[str, str]] | None = None,
    acknowledge_all: bool = False,
    clock_out_open: bool = False,
    folder: Path | None = None,
    on_step: Callable[[str], None] = _no_step,
) -> SealOutcome:
    """Close the day, write its reports, back up: the GUI wizard and the CLI both call this.

    With `acknowledged` (the wizard) only the items the lead saw may stay open: anything
    that appeared since blocks the close (DayCloseBlocked), so nothing is acknowledged
    unseen. `acknowledge_all` leaves whatever is open (the CLI's --acknowledge, after its
    refusal listed the items). Reports go to `folder` (default: DATA/reports); a folder
    where they cannot go is refused (OutputRefused) before the day is sealed. A stop after
    sealing is completed later by `finish_day` (see `unfinished`).
    """
    folder = folder or data_dir / REPORTS_DIR
    check_report_folder(folder, day=day)
    with db.write() as session:
        acknowledge = acknowledge_all
        if acknowledged is not None:
            checks = dayclose.preconditions(session, day=day, now=now, lead_id=lead_id)
            if any((item.kind, item.ref) not in acknowledged for item in checks.items):
                raise dayclose.DayCloseBlocked("day.close_blocked", checks)
            acknowledge = bool(checks.items)
        close = dayclose.close_day(
            session,
            lead_id=lead_id,
            day=day,
            now=now,
            acknowledge=acknowledge,
            reason=reason,
            clock_out_open=clock_out_open,
        )
    on_step(SEALED)
    todo = Unfinished(close, folder, tuple(report_files(close, folder)), backup_missing=True)
    return _after_seal(db, data_dir, todo, now=now, on_step=on_step)
