"""Office-core benchmark: build a large office, then time intake, lookups, stats and verify.

Usage: python bench/bench_core.py [--tasks 1000000] [--data-dir DIR] [--skip-verify]
An existing office in DIR is reused, so the slow build runs once.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from sqlalchemy import func, literal_column, select
from sqlalchemy.orm import Session

from desk_app import demo
from desk_app.common.clock import system_clock
from desk_app.common.paths import database_path
from desk_app.common.workdays import local_day
from desk_app.counter import lookup, tasks
from desk_app.db.engine import Database
from desk_app.db.models import Applicant, Task
from desk_app.db.storage import open_database
from desk_app.eventlog import kinds
from desk_app.eventlog.verify import verify_database
from desk_app.insights import stats
from desk_app.office import officers

TASKS_PER_DAY = (330, 470)  # a busy kecamatan counter


def pct(samples: list[float], q: float) -> float:
    """The q-th percentile in milliseconds."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))] * 1000


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of `repeat` calls."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def build(folder: Path, target: int) -> Database:
    """Generate an office of about `target` tasks through the real use cases."""
    mean = sum(TASKS_PER_DAY) / 2 * 250 / 365  # working days are about 250 of 365
    days = max(1, round(target / mean))
    db = open_database(folder, create=True)
    start = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if done % 100 == 0 or done == total:
            rate = done / (time.perf_counter() - start)
            print(f"  built {done}/{total} days ({rate:.1f} days/s)", file=sys.stderr, flush=True)

    summary = demo.generate_demo(
        db,
        days=days,
        officers_count=8,
        seed=2014,
        per_day=TASKS_PER_DAY,
        end=demo.last_working_day_end(system_clock()),
        progress=progress,
    )
    elapsed = time.perf_counter() - start
    print(
        f"build: {summary.tasks} tasks over {days} days in {elapsed:.0f} s "
        f"({summary.tasks / elapsed:.0f} tasks/s)"
    )
    return db


def search_next(session: Session, queries: Iterator[str]) -> None:
    """One search with the next query."""
    lookup.search(session, query=next(queries), limit=50)


def intake_samples(db: Database, actor: str, count: int, rng: random.Random) -> list[float]:
    """Seconds per intake: validation + event + projections + commit, one transaction each."""
    samples = []
    for _ in range(count):
        nik = demo._nik(rng, local_day(system_clock()))
        start = time.perf_counter()
        with db.write() as session:
            tasks.receive_task(
                session,
                actor_id=actor,
                service_code="KEL-SKT-01",
                nik=nik,
                name=demo._person(rng),
                phone="081234567890",
                documents_received=["Pengantar RT/RW"],
                handling_seconds=240,
                now=system_clock(),
            )
        samples.append(time.perf_counter() - start)
    return samples


def raw_insert_samples(folder: Path, count: int) -> list[float]:
    """Seconds per task for plain sqlite3 inserts of the same rows, synchronous=FULL."""
    source = database_path(folder)
    rows = sqlite3.connect(source)
    event = rows.execute(
        "SELECT uuid, device_id, seq, kind, actor, task_id, occurred_at, monotonic_ns, payload,"
        " prev_hash, hash FROM events WHERE kind = ? ORDER BY seq DESC LIMIT 1",
        (kinds.TASK_RECEIVED,),
    ).fetchone()
    task = rows.execute("SELECT * FROM tasks WHERE id = ?", (event[5],)).fetchone()
    applicant = rows.execute("SELECT * FROM applicants WHERE ref = ?", (task[4],)).fetchone()
    point = rows.execute(
        "SELECT officer_id, task_id, day, credit, points, rule_version FROM points"
        " WHERE event_uuid = ?",
        (event[0],),
    ).fetchone()
    schema = [s for (s,) in rows.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL")]
    rows.close()
    scratch = folder / "raw-baseline.sqlite3"
    scratch.unlink(missing_ok=True)
    conn = sqlite3.connect(scratch, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=OFF")
    for statement in schema:
        conn.execute(statement)
    conn.execute("INSERT INTO chain_heads VALUES (?, 0, '')", (event[1],))
    samples = []
    for n in range(count):
        suffix = f"{n:08d}"
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO applicants VALUES (?,?,?,?,?,?)",
            (applicant[0][:24] + suffix, applicant[1][:8] + suffix, *applicant[2:]),
        )
        conn.execute(
            "INSERT INTO events (uuid, device_id, seq, kind, actor, task_id, occurred_at,"
            " monotonic_ns, payload, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                event[0][:28] + suffix,
                event[1],
                n + 1,
                *event[3:5],
                event[5][:28] + suffix,
                *event[6:],
            ),
        )
        conn.execute("UPDATE chain_heads SET seq = ?, hash = ?", (n + 1, event[10]))
        conn.execute(
            f"INSERT INTO tasks VALUES ({','.join('?' * len(task))})",
            (
                task[0][:28] + suffix,
                task[1] + suffix,
                task[2],
                task[3],
                applicant[0][:24] + suffix,
                *task[5:],
            ),
        )
        conn.execute(
            "INSERT INTO points (event_uuid, officer_id, task_id, day, credit, points,"
            " rule_version) VALUES (?,?,?,?,?,?,?)",
            (event[0][:28] + suffix, *point),
        )
        conn.execute("COMMIT")
        samples.append(time.perf_counter() - start)
    conn.close()
    scratch.unlink()
    for extra in ("-wal", "-shm"):
        Path(str(scratch) + extra).unlink(missing_ok=True)
    return samples


def main() -> None:
    """Build or reuse an office and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--skip-verify", action="store_true")
    args = parser.parse_args()
    folder = args.data_dir or Path(tempfile.mkdtemp(prefix="loket-bench-"))
    path = database_path(folder)
    db = open_database(folder) if path.exists() else build(folder, args.tasks)
    rng = random.Random(7)
    with db.read() as session:
        total = session.scalar(select(func.count()).select_from(Task)) or 0
        actor = officers.list_officers(session)[1].id
        sample = session.execute(
            select(Task.tracking_no, Applicant.nik, Applicant.name_norm)
            .join(Applicant, Task.applicant_ref == Applicant.ref)
            .where(literal_column("tasks.rowid").in_([rng.randrange(1, total) for _ in range(300)]))
        ).all()
        busiest = session.execute(
            select(Task.received_day)
            .group_by(Task.received_day)
            .order_by(func.count().desc())
            .limit(1)
        ).scalar_one()
    size_mb = (path.stat().st_size + Path(str(path) + "-wal").stat().st_size) / 2**20
    print(f"office: {total} tasks, database {size_mb:.0f} MiB")

    ours = intake_samples(db, actor, 300, rng)
    print(
        f"intake (1 task = validation + event + projections + commit): "
        f"p50 {pct(ours, 50):.2f} ms, p95 {pct(ours, 95):.2f} ms"
    )
    small = Path(tempfile.mkdtemp(prefix="loket-bench-small-"))
    small_db = open_database(small, create=True)
    demo.generate_demo(
        small_db,
        days=1,
        officers_count=2,
        seed=1,
        per_day=(5, 5),
        end=demo.last_working_day_end(system_clock()),
    )
    with small_db.read() as session:
        small_actor = officers.list_officers(session)[1].id
    ours_fresh = intake_samples(small_db, small_actor, 300, rng)
    raw = raw_insert_samples(small, 300)
    print(
        f"intake on a fresh office: p50 {pct(ours_fresh, 50):.2f} ms; plain sqlite3 inserts of"
        f" the same rows, 1 transaction each, synchronous=FULL: p50 {pct(raw, 50):.2f} ms;"
        f" throughput ratio ours/raw = {statistics.median(raw) / statistics.median(ours_fresh):.2f}"
    )

    with db.read() as session:
        for label, queries in (
            ("tracking number", [t for t, _, _ in sample]),
            ("NIK", [n for _, n, _ in sample]),
            ("name prefix", [name[:6] for _, _, name in sample]),
        ):
            pending = iter(queries)
            found = timed(partial(search_next, session, pending), 200)
            print(f"lookup by {label}: p50 {pct(found, 50):.2f} ms, p95 {pct(found, 95):.2f} ms")
        one_day = timed(
            lambda: stats.office_stats(
                session,
                office_code=demo.DEMO_OFFICE,
                day=busiest,
                today=local_day(system_clock()),
                now=system_clock(),
            ),
            20,
        )
        print(
            f"stats for one day ({busiest}): median {pct(one_day, 50):.1f} ms, "
            f"max {pct(one_day, 100):.1f} ms"
        )
        all_time = timed(
            lambda: stats.office_stats(
                session,
                office_code=demo.DEMO_OFFICE,
                day=None,
                today=local_day(system_clock()),
                now=system_clock(),
            ),
            3,
        )
        print(f"stats all time: median {pct(all_time, 50):.0f} ms")
    if not args.skip_verify:
        start = time.perf_counter()
        report = verify_database(path)
        print(
            f"verify: {report.events} events, {report.points_rows} points rows, {report.tasks} "
            f"tasks in {time.perf_counter() - start:.1f} s -> {'ok' if report.ok else 'FAILED'}"
        )
        if not report.ok:
            print(json.dumps(report.problems[:5], indent=1))


if __name__ == "__main__":
    main()
