"""Day-close benchmark: close a busy day (~2,000 tasks), render its report, time the dashboard.

Usage:
  python bench/bench_dayclose.py [--days 10] [--per-day 2000]      # builds a demo office
  python bench/bench_dayclose.py --data-dir DIR [--date YYYY-MM-DD]  # reuses an office
An office given with --data-dir is copied first (online backup) and the copy is closed, so
the original is only read; --in-place closes the day in DIR itself. Prints figures only.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import func, select

from desk_app import demo
from desk_app.closing import backup, dayclose, reports
from desk_app.common.clock import system_clock
from desk_app.common.paths import database_path
from desk_app.common.workdays import JAKARTA, is_working_day, local_day
from desk_app.counter import tasks
from desk_app.db.engine import Database
from desk_app.db.models import AttendanceSession, Task
from desk_app.db.storage import open_database
from desk_app.eventlog import wire
from desk_app.insights import dashboard
from desk_app.office import attendance, office_settings, officers

T = TypeVar("T")


def clock(label: str, fn: Callable[[], T]) -> T:
    """Run once and print the wall-clock time."""
    start = time.perf_counter()
    value = fn()
    print(f"  {label:<38} {1000 * (time.perf_counter() - start):9.1f} ms")
    return value


def repeat(label: str, fn: Callable[[], object], times: int = 20) -> None:
    """Median and worst wall-clock time of `times` calls."""
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    print(
        f"  {label:<38} {1000 * statistics.median(samples):9.1f} ms median, "
        f"{1000 * max(samples):.1f} ms worst ({times} runs)"
    )


def build(folder: Path, days: int, per_day: int, officers_count: int, seed: int) -> Database:
    """A demo office with `per_day` tasks on each working day."""
    db = open_database(folder, create=True)
    start = time.perf_counter()
    summary = demo.generate_demo(
        db,
        days=days,
        officers_count=officers_count,
        seed=seed,
        per_day=(per_day, per_day),
        end=demo.last_working_day_end(system_clock()),
    )
    elapsed = time.perf_counter() - start
    print(f"build: {summary.tasks} tasks over {days} days in {elapsed:.0f} s")
    return db


def copy_office(source: Path) -> Path:
    """An online-backup copy of an office in a fresh temporary folder."""
    folder = Path(tempfile.mkdtemp(prefix="loket-dayclose-"))
    start = time.perf_counter()
    copy = backup.backup(database_path(source), folder, now=system_clock())
    copy.rename(database_path(folder))
    print(f"copied {source} in {time.perf_counter() - start:.1f} s")
    return folder


def last_full_day(db: Database) -> date:
    """The latest working day before today that has tasks."""
    today = local_day(system_clock())
    with db.read() as s:
        latest = s.scalar(select(func.max(Task.received_day)).where(Task.received_day < today))
    if latest is None:
        raise SystemExit("no finished day with tasks in this office")
    day: date = latest
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def add_attendance(db: Database, day: date, seed: int) -> int:
    """Give every officer one session on `day` (demo offices have none); how many added."""
    start = datetime.combine(day, dtime(0), tzinfo=JAKARTA)
    with db.read() as s:
        have = s.scalar(
            select(func.count())
            .select_from(AttendanceSession)
            .where(
                AttendanceSession.started_at >= start,
                AttendanceSession.started_at < start + timedelta(days=1),
            )
        )
        staff = [p.id for p in officers.list_officers(s)]
    if have:
        return 0
    rng = random.Random(seed)
    with db.write() as s:
        for officer_id in staff:
            begin = start + timedelta(hours=7, minutes=rng.randrange(0, 90))
            attendance.clock_in(s, officer_id=officer_id, now=begin)
            attendance.clock_out(
                s, officer_id=officer_id, now=begin + timedelta(hours=8, minutes=rng.randrange(60))
            )
    return len(staff)


def intake_p50(db: Database, count: int = 200) -> float:
    """Median intake latency (ms) today, with the sealed-day check in events.append."""
    rng = random.Random(11)
    with db.read() as s:
        actor = officers.list_officers(s)[1].id
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        with db.write() as s:
            tasks.receive_task(
                s,
                actor_id=actor,
                service_code="KEL-SKT-01",
                nik=demo._nik(rng, local_day(system_clock())),
                name=demo._person(rng),
                documents_received=["Pengantar RT/RW"],
                handling_seconds=240,
                now=system_clock(),
            )
        samples.append(time.perf_counter() - start)
    return 1000 * statistics.median(samples)


def main() -> None:
    """Build or reuse an office, close one day and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--in-place", action="store_true", help="close the day in DIR itself")
    parser.add_argument("--date", type=date.fromisoformat, default=None)
    parser.add_argument("--days", type=int, default=10)
    parser.add_argument("--per-day", type=int, default=2000)
    parser.add_argument("--officers", type=int, default=12)
    parser.add_argument("--seed", type=int, default=2014)
    args = parser.parse_args()

    scratch: Path | None = None
    if args.data_dir is not None and database_path(args.data_dir).exists():
        folder = args.data_dir if args.in_place else copy_office(args.data_dir)
        scratch = None if args.in_place else folder
        start = time.perf_counter()
        db = open_database(folder)
        print(f"open (integrity check + migrations): {time.perf_counter() - start:.1f} s")
    else:
        folder = args.data_dir or Path(tempfile.mkdtemp(prefix="loket-dayclose-"))
        db = build(folder, args.days, args.per_day, args.officers, args.seed)
    try:
        run(db, folder, args)
    finally:
        db.dispose()
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def run(db: Database, folder: Path, args: argparse.Namespace) -> None:
    """The measurements."""
    day: date = args.date or last_full_day(db)
    added = add_attendance(db, day, args.seed)
    with db.read() as s:
        total = s.scalar(select(func.count()).select_from(Task)) or 0
        that_day = s.scalar(select(func.count()).select_from(Task).where(Task.received_day == day))
        lead = next(p for p in officers.list_officers(s) if p.role in ("lead", "admin"))
    size = database_path(folder).stat().st_size / 2**20
    print(f"office: {total} tasks, {size:.0f} MiB; closing {day}: {that_day} tasks received")
    if added:
        print(f"  (added {added} attendance sessions on {day})")

    print("day close")
    now = datetime.combine(day + timedelta(days=1), dtime(7), tzinfo=JAKARTA)
    now = min(now, system_clock())
    with db.read() as s:
        checks = clock("preconditions", lambda: dayclose.preconditions(s, day=day, now=now))
        clock("summarize_day", lambda: dayclose.summarize_day(s, day=day, now=now))
    print(f"  outstanding: {checks.describe()}")

    def close() -> dayclose.DayClose:
        with db.write() as s:
            return dayclose.close_day(
                s, lead_id=lead.id, day=day, now=now, acknowledge=True, reason="benchmark run"
            )

    done = clock("close_day (one transaction, committed)", close)
    summary = done.summary
    print(
        f"  summary: {summary.totals.received} received, {summary.totals.completed} completed, "
        f"{len(summary.services)} services, {len(summary.agencies)} agencies, "
        f"{len(summary.carried_over)} carried over, SLA "
        f"{'-' if summary.sla_rate is None else f'{100 * summary.sla_rate:.1f} %'}"
    )
    payload = len(wire.canonical_json(summary.to_json()).encode())
    print(f"  day.closed summary payload: {payload / 1024:.0f} KiB")
    out = Path(tempfile.mkdtemp(prefix="loket-report-"))
    try:
        pdf = clock(
            "day report PDF",
            lambda: reports.render_day_report(summary, close=done, generated_at=now),
        )
        clock("CSV export", lambda: reports.export_csv(summary, out))
        clock("XLSX export", lambda: reports.export_xlsx(summary, out / "report.xlsx"))
        print(f"  PDF {len(pdf) / 1024:.0f} KiB, {pdf.count(b'/Type /Page') - 1} pages")
        with db.read() as s:
            keep = office_settings.backup_keep_days(s)
        copy = clock(
            "backup after close",
            lambda: backup.backup_after_close(folder, day=day, keep_days=keep, now=now),
        )
        print(f"  backup {copy.stat().st_size / 2**20:.0f} MiB")
        copy.unlink()
    finally:
        shutil.rmtree(out, ignore_errors=True)

    print("dashboard (today)")
    today = local_day(system_clock())
    with db.read() as s:
        repeat("arrivals_by_hour (4 weeks)", lambda: dashboard.arrivals_by_hour(s, day=day))
        repeat("open_by_agency", lambda: dashboard.open_by_agency(s, today=today))
        repeat("sla_trend (30 days)", lambda: dashboard.sla_trend(s, end=today, days=30))
        repeat(
            "leaderboard (this month)",
            lambda: dashboard.leaderboard(s, start=today.replace(day=1), end=today),
        )
        repeat("dashboard (all four)", lambda: dashboard.dashboard(s, now=system_clock()))
        repeat(
            "week_summary",
            lambda: attendance.week_summary(s, week_of=day, now=system_clock()),
            times=5,
        )
    print(f"intake after sealing: {intake_p50(db):.1f} ms median (events.append checks the seal)")


if __name__ == "__main__":
    main()
