"""A demo office with realistic, reproducible history, driven through the real use cases."""

from __future__ import annotations

import errno
import heapq
import logging
import os
import random
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from desk_app.common.errors import DeskError, ValidationError
from desk_app.common.files import check_output_folder
from desk_app.common.paths import DATABASE_FILE, database_path
from desk_app.common.validation import FIRST_DAY, validate_day
from desk_app.common.workdays import JAKARTA, add_working_days, is_working_day, local_day
from desk_app.counter import printing, tasks
from desk_app.counter.receipt_layouts import DEFAULT_LAYOUT
from desk_app.db.engine import Database
from desk_app.demo_facts import DEMO_OFFICE, DEMO_PIN, MAX_DAYS, MAX_OFFICERS
from desk_app.office import attendance, catalogue, installation, officers

logger = logging.getLogger(__name__)

__all__ = [
    "ADMIN_NIP",
    "DEMO_OFFICE",
    "DEMO_PIN",
    "DemoSummary",
    "build_demo_office",
    "check_demo_request",
    "generate_demo",
]

ADMIN_NIP = "197805122003121002"

_FIRST = [
    "Budi",
    "Siti",
    "Agus",
    "Dewi",
    "Ahmad",
    "Nur",
    "Rina",
    "Joko",
    "Sri",
    "Putri",
    "Andi",
    "Wahyu",
    "Rizky",
    "Fitri",
    "Eko",
    "Indah",
    "Dian",
    "Hendra",
    "Yanti",
    "Bambang",
    "Lestari",
    "Made",
    "Ketut",
    "Nyoman",
    "Wayan",
    "Maria",
    "Yohanes",
    "Stefanus",
    "Lukas",
    "Kevin",
    "Aisyah",
    "Fauzan",
    "Hasan",
    "Intan",
    "Ratna",
    "Slamet",
    "Tuti",
    "Asep",
    "Ujang",
    "Cahya",
    "Fransiska",
    "Ni",
    "Theresia",
    "Rahmat",
]
_LAST = [
    "Santoso",
    "Wijaya",
    "Saputra",
    "Hidayat",
    "Lestari",
    "Kusuma",
    "Pratama",
    "Susanto",
    "Wibowo",
    "Siregar",
    "Nasution",
    "Simanjuntak",
    "Harahap",
    "Setiawan",
    "Gunawan",
    "Rahman",
    "Hakim",
    "Utomo",
    "Purnomo",
    "Suryani",
    "Halim",
    "Tanjung",
    "Sulistyaningsih",
    "Saraswati",
    "Daulay",
    "Panjaitan",
    "Manurung",
    "Situmorang",
    "Hutapea",
    "Lubis",
    "Effendi",
]
_REASONS_REJECT = (
    "Dokumen tidak lengkap: pengantar RT/RW belum ada",
    "Fotokopi KK tidak sesuai dengan data kependudukan",
    "Pemohon bukan warga wilayah kelurahan ini",
)
_REASONS_CANCEL = ("Pemohon membatalkan permohonan", "Pemohon mengurus di kantor lain")


@dataclass(frozen=True)
class DemoSummary:
    """What the generator made."""

    office_code: str
    officers: list[tuple[str, str, str]]  # (nip, name, role)
    pin: str
    days: int
    tasks: int


def _nip(rng: random.Random, index: int) -> str:
    born = date(1970, 1, 1) + timedelta(days=rng.randrange(0, 9000))
    appointed = f"{rng.randrange(2000, 2020)}{rng.randrange(1, 13):02d}"
    return f"{born:%Y%m%d}{appointed}{rng.choice('12')}{index:03d}"


def _nik(rng: random.Random, today: date) -> str:
    area = rng.choice(("317408", "317401", "317101", "317305", "327501", "360301", "337402"))
    born = date(1950, 1, 1) + timedelta(
        days=rng.randrange(0, (today - date(1950, 1, 1)).days - 6600)
    )
    day = born.day + (40 if rng.random() < 0.5 else 0)
    return f"{area}{day:02d}{born.month:02d}{born.year % 100:02d}{rng.randrange(1, 9999):04d}"


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def _phone(rng: random.Random) -> str:
    return f"08{rng.choice('1235789')}{rng.randrange(10**8, 10**9)}"


def _arrival(rng: random.Random, day: date) -> datetime:
    """A counter arrival between 07:30 and 16:00, busiest mid-morning."""
    minutes = min(max(rng.gauss(10.25 * 60, 100), 7.5 * 60), 15.9 * 60)
    local = datetime.combine(day, time(0, 0), tzinfo=JAKARTA) + timedelta(minutes=minutes)
    return local.astimezone(JAKARTA)


def _at_local(day: date, hour: float) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=JAKARTA) + timedelta(hours=hour)


def last_working_day_end(now: datetime) -> datetime:
    """The late evening of the last working day before `now`'s Jakarta day: a history
    generated up to it has a finished day of work at its end, whatever the day and hour
    (just after midnight, a weekend, a long holiday)."""
    day = local_day(now) - timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return _at_local(day, 23.5)


class _Simulator:
    """Replays a busy office in time order through the real use cases."""

    def __init__(
        self,
        rng: random.Random,
        staff: list[str],
        services: list[catalogue.ServiceInfo],
        stop_at: datetime,
    ) -> None:
        self.rng = rng
        self.staff = staff
        self.services = services
        self.weights = [self._weight(s) for s in services]
        self.stop_at = stop_at
        self.queue: list[tuple[datetime, int, str, str, str]] = []
        self.counter = 0
        self.made = 0

    @staticmethod
    def _weight(service: catalogue.ServiceInfo) -> float:
        base = {"kelurahan": 6.0, "kecamatan": 1.5, "kota": 0.5}.get(service.level, 1.0)
        return 2.0 if service.is_other else base

    def schedule(self, when: datetime, action: str, task_id: str, extra: str = "") -> None:
        if when < self.stop_at:
            self.counter += 1
            heapq.heappush(self.queue, (when, self.counter, action, task_id, extra))

    def officer(self) -> str:
        return self.rng.choice(self.staff)

    def later_working(self, moment: datetime, days: int, hour: float | None = None) -> datetime:
        day = add_working_days(local_day(moment), days)
        if hour is None:
            hour = self.rng.uniform(8.0, 15.5)
        candidate = _at_local(day, hour)
        return candidate if candidate > moment else moment + timedelta(minutes=20)

    def intake(self, session: Session, when: datetime) -> None:
        rng = self.rng
        service = rng.choices(self.services, weights=self.weights)[0]
        documents = list(service.required_documents)
        if documents and rng.random() < 0.15:
            documents.remove(rng.choice(documents))
        view = tasks.receive_task(
            session,
            actor_id=self.officer(),
            service_code=service.code,
            nik=_nik(rng, local_day(when)),
            name=_person(rng),
            phone=_phone(rng) if rng.random() < 0.8 else "",
            description="Permohonan surat keterangan usaha mikro" if service.is_other else "",
            documents_received=documents,
            handling_seconds=int(rng.lognormvariate(5.6, 0.5)),
            now=when,
        )
        self.made += 1
        # The receipt printer: now and then out of paper, reprinted a few minutes later.
        jammed = rng.random() < 0.02
        printing.record_print(
            session,
            actor_id=view.taken_by,
            task_id=view.id,
            kind="intake",
            layout=DEFAULT_LAYOUT,
            target="printer",
            ok=not jammed,
            error="Kertas printer habis" if jammed else "",
            now=when + timedelta(seconds=20),
        )
        if jammed and rng.random() < 0.7:
            self.schedule(when + timedelta(minutes=rng.uniform(3, 30)), "reprint", view.id)
        roll = rng.random()
        if roll < 0.04:
            self.schedule(when + timedelta(minutes=rng.uniform(5, 90)), "reject", view.id)
        elif roll < 0.06:
            self.schedule(self.later_working(when, rng.randint(1, 3)), "cancel", view.id)
        elif service.sla_working_days == 0:
            self.schedule(when + timedelta(minutes=rng.uniform(5, 45)), "complete", view.id)
        else:
            self.schedule(
                when + timedelta(minutes=rng.uniform(10, 180)),
                "start",
                view.id,
                f"{service.sla_working_days}:{service.agency_code or ''}",
            )

    def step(self, session: Session, when: datetime, action: str, task_id: str, extra: str) -> None:
        rng, actor = self.rng, self.officer()
        if action == "start":
            tasks.start_processing(session, actor_id=actor, task_id=task_id, now=when)
            sla_text, agency = extra.split(":")
            sla = int(sla_text)
            if agency and agency not in ("KEL", "KEC") and rng.random() < 0.8:
                self.schedule(
                    when + timedelta(minutes=rng.uniform(20, 240)),
                    "forward",
                    task_id,
                    f"{sla}:{agency}",
                )
            else:
                self.schedule(
                    self.later_working(when, rng.randint(0, max(sla - 1, 0))), "ready", task_id
                )
        elif action == "forward":
            sla_text, agency = extra.split(":")
            tasks.forward_to_agency(
                session, actor_id=actor, task_id=task_id, agency_code=agency, now=when
            )
            slow = rng.random() < 0.15
            days = int(sla_text) + rng.randint(1, 6) if slow else rng.randint(0, int(sla_text))
            self.schedule(self.later_working(when, max(days - 1, 0)), "return", task_id)
        elif action == "return":
            problem = rng.random() < 0.08
            tasks.return_from_agency(
                session,
                actor_id=actor,
                task_id=task_id,
                outcome="problem" if problem else "complete",
                note="Data pemohon perlu dilengkapi" if problem else "",
                now=when,
            )
            self.schedule(when + timedelta(minutes=rng.uniform(15, 120)), "ready", task_id)
        elif action == "ready":
            tasks.mark_ready(session, actor_id=actor, task_id=task_id, now=when)
            if rng.random() > 0.03:
                self.schedule(
                    self.later_working(when, rng.choice((0, 1, 1, 2, 3, 5))), "complete", task_id
                )
        elif action == "complete":
            tasks.hand_over(session, actor_id=actor, task_id=task_id, now=when)
        elif action == "reject":
            tasks.reject(
                session,
                actor_id=actor,
                task_id=task_id,
                reason=rng.choice(_REASONS_REJECT),
                missing_documents=["Pengantar RT/RW"],
                now=when,
            )
        elif action == "reprint":
            printing.record_print(
                session,
                actor_id=actor,
                task_id=task_id,
                kind="intake",
                layout=DEFAULT_LAYOUT,
                target="printer",
                ok=True,
                now=when,
            )
        elif action == "cancel":
            tasks.cancel(
                session,
                actor_id=actor,
                task_id=task_id,
                reason=rng.choice(_REASONS_CANCEL),
                now=when,
            )

    def run_until(self, session: Session, moment: datetime) -> None:
        while self.queue and self.queue[0][0] <= moment:
            when, _, action, task_id, extra = heapq.heappop(self.queue)
            try:
                self.step(session, when, action, task_id, extra)
            except DeskError as exc:  # e.g. a task cancelled before its next planned step
                logger.debug("demo step %s skipped: %s", action, exc)


def _clock_in_all(
    session: Session, rng: random.Random, staff: list[str], day: date, end: datetime
) -> None:
    """Everyone comes in between 07:00 and 08:00 (flexible hours)."""
    for person in staff:
        at = _at_local(day, rng.uniform(7.0, 8.0))
        if at < end:
            attendance.clock_in(session, officer_id=person, now=at)


def _clock_out_all(
    session: Session, rng: random.Random, staff: list[str], day: date, end: datetime
) -> None:
    """Everyone still in leaves between 15:45 and 16:45."""
    for person in staff:
        at = _at_local(day, rng.uniform(15.75, 16.75))
        if at < end and attendance.open_session(session, officer_id=person) is not None:
            attendance.clock_out(session, officer_id=person, now=at)


def generate_demo(
    db: Database,
    *,
    days: int,
    officers_count: int,
    seed: int,
    per_day: tuple[int, int] = (50, 150),
    end: datetime,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Set up the demo office and fill `days` calendar days of history up to `end`."""
    if days < 1 or officers_count < 1:
        raise ValueError("days and officers must be at least 1")
    rng = random.Random(seed)
    first_day = local_day(end) - timedelta(days=days - 1)
    setup_at = _at_local(first_day, 7.0)
    roster: list[tuple[str, str, str]] = []
    with db.write() as session:
        admin = installation.setup_office(
            session,
            office_code=DEMO_OFFICE,
            admin_nip=ADMIN_NIP,
            admin_name="Rudi Hartono",
            admin_pin=DEMO_PIN,
            now=setup_at,
        )
        roster.append((admin.nip, admin.name, admin.role))
        staff = []
        for index in range(officers_count):
            role = "lead" if index == 0 else "officer"
            person = officers.create_officer(
                session,
                actor_id=admin.id,
                nip=_nip(rng, index + 1),
                name=_person(rng),
                role=role,
                pin=DEMO_PIN,
                now=setup_at,
            )
            staff.append(person.id)
            roster.append((person.nip, person.name, role))
        services = catalogue.list_services(session)
    sim = _Simulator(rng, staff, services, stop_at=end)
    # Attendance draws from its own generator so the counter history stays the same.
    shifts = random.Random(seed * 7919 + 1)
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        with db.write() as session:
            if is_working_day(day):
                _clock_in_all(session, shifts, staff, day, end)
                peak = 1.6 if day.month == 7 else 1.0  # school-aid paperwork season
                count = int(rng.randint(*per_day) * peak)
                for when in sorted(_arrival(rng, day) for _ in range(count)):
                    sim.run_until(session, when)
                    if when < end:
                        sim.intake(session, when)
                sim.run_until(session, min(_at_local(day, 15.75), end))
                _clock_out_all(session, shifts, staff, day, end)
            sim.run_until(session, min(_at_local(day, 23.9), end))
        if progress:
            progress(offset + 1, days)
    return DemoSummary(DEMO_OFFICE, roster, DEMO_PIN, days, sim.made)


def check_demo_request(folder: Path, *, days: int, officers_count: int, end: datetime) -> None:
    """Refuse a demo that cannot be made, before anything is created: its numbers, its
    dates, and a data folder (and the parent the office is built in) that can be written."""
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError("--days", "cli.number_out_of_range", value=days, low=1, high=MAX_DAYS)
    if not 1 <= officers_count <= MAX_OFFICERS:
        raise ValidationError(
            "--officers", "cli.number_out_of_range", value=officers_count, low=1, high=MAX_OFFICERS
        )
    last = validate_day(local_day(end), field="--now")
    most = (last - FIRST_DAY).days + 1
    if days > most:  # the history would start before the first day the desk knows
        raise ValidationError("--days", "cli.number_out_of_range", value=days, low=1, high=most)
    check_output_folder(folder)


def build_demo_office(
    folder: Path,
    *,
    days: int,
    officers_count: int,
    seed: int,
    end: datetime,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Make a demo office in `folder` all at once: it is built in a temporary folder beside
    `folder` and moved in only when complete, so a failed or killed run leaves no half-made
    office (at most a hidden temporary folder, which blocks nothing)."""
    from desk_app.db.storage import open_database  # storage loads the catalogue with it

    check_demo_request(folder, days=days, officers_count=officers_count, end=end)
    workshop = _workshop(folder)
    try:
        db = open_database(workshop, create=True)
        try:
            summary = generate_demo(
                db, days=days, officers_count=officers_count, seed=seed, end=end, progress=progress
            )
        finally:
            db.dispose()  # the last connection checkpoints the WAL into the database file
        _move_in(workshop, folder)
    finally:
        shutil.rmtree(workshop, ignore_errors=True)
    return summary


def _workshop(folder: Path) -> Path:
    """A fresh hidden folder to build in: beside `folder` (same disk, so the move is one
    rename), or inside it when its parent cannot be written."""
    parent = folder.parent
    if not folder.exists():
        parent.mkdir(parents=True, exist_ok=True)
    home = parent if os.access(parent, os.W_OK | os.X_OK) or not folder.is_dir() else folder
    return Path(tempfile.mkdtemp(prefix=f".{folder.name or 'loket'}.demo-", dir=home))


def _move_in(workshop: Path, folder: Path) -> None:
    """Put the finished database in place: the whole folder when there is none yet, else
    the database file; neither step overwrites an office made meanwhile."""
    built = workshop / DATABASE_FILE
    conn = sqlite3.connect(built)  # the only connection: closing it folds the WAL in
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    if not folder.exists():
        os.rename(workshop, folder)
        return
    target = database_path(folder)
    try:
        os.link(built, target)  # fails when a database is already there: no overwrite
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        # The data folder is on another disk: copy beside the target, then one rename.
        partial = target.with_name(f".{target.name}.demo-partial")
        shutil.copyfile(built, partial)
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        if target.exists():
            partial.unlink()
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target)) from exc
        os.replace(partial, target)
