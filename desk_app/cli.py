"""The `desk-app` command: the GUI by default, admin subcommands for scripts and tests."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desk_app.common.clock import (
    NOW_VARIABLE,
    Clock,
    clock_from_environment,
    parse_moment,
    stopped_clock,
)
from desk_app.common.errors import DeskError, NotConfigured, OutputRefused, ValidationError
from desk_app.common.files import check_output_folder, protect_data_dir, write_atomically
from desk_app.common.formatting import date_short, date_time, decimal, hours
from desk_app.common.logs import setup_logging
from desk_app.common.messages import Text
from desk_app.common.paths import PRIVATE_UMASK, database_path
from desk_app.common.paths import data_dir as resolve_data_dir
from desk_app.common.workdays import local_day
from desk_app.counter import lookup, tasks
from desk_app.counter.receipt_layouts import DEFAULT_LAYOUT, KINDS, LANGUAGES, LAYOUTS
from desk_app.db.engine import Database
from desk_app.db.storage import open_database
from desk_app.office import attendance, installation, office_settings, officers
from desk_app.points import ledger

PIN_ENV = "DESK_APP_PIN"


class CommandFailed(Exception):
    """A one-line reason for a non-zero exit."""


def _emit(args: argparse.Namespace, data: Any, text: str) -> None:
    """Print JSON with --json, else the human text."""
    if getattr(args, "json", False):
        print(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    else:
        print(text)


def _read_pin(prompt: str) -> str:
    """A PIN from $DESK_APP_PIN, else typed without echo."""
    pin = os.environ.get(PIN_ENV)
    if pin:
        return pin
    if not sys.stdin.isatty():
        raise CommandFailed(f"PIN required: set {PIN_ENV} or run in a terminal")
    return getpass.getpass(prompt)


def _parse_day(text: str) -> date:
    """A YYYY-MM-DD date, or a failure naming the option."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandFailed(f"--date: {text!r} is not a date (YYYY-MM-DD)") from None


def _now(args: argparse.Namespace) -> datetime:
    """The moment the command acts at: --now, else $DESK_APP_NOW, else the system clock."""
    clock: Clock = args.clock
    return clock()


def _clock_of(text: str | None) -> Clock:
    """The command's clock; --now names the option when it cannot be read."""
    if text is None:
        try:
            return clock_from_environment()
        except ValueError:
            raise CommandFailed(f"${NOW_VARIABLE}: not a moment (YYYY-MM-DDTHH:MM)") from None
    try:
        return stopped_clock(parse_moment(text))
    except ValueError:
        raise CommandFailed(f"--now: {text!r} is not a moment (YYYY-MM-DDTHH:MM)") from None


def _open(args: argparse.Namespace) -> Database:
    return open_database(args.data_dir)


def cmd_gui(args: argparse.Namespace) -> int:
    """Start the counter GUI (a demo office with --demo)."""
    try:
        from desk_app.ui.app import run_gui
    except ImportError as exc:  # the GUI is optional for headless admin use
        raise CommandFailed(f"the GUI cannot start here: {exc}") from exc
    return int(run_gui(args.data_dir, demo=args.demo, language=args.language, clock=args.clock))


def cmd_setup(args: argparse.Namespace) -> int:
    """First run without the GUI: office and first admin."""
    db = open_database(args.data_dir, create=True)
    with db.write() as session:
        admin = installation.setup_office(
            session,
            office_code=args.office,
            admin_nip=args.admin_nip,
            admin_name=args.admin_name,
            admin_pin=_read_pin("PIN admin baru: "),
            now=_now(args),
        )
        info = installation.desk_info(session)
    _emit(
        args,
        {"office_code": info.office_code, "office_name": info.office_name, "admin": admin.nip},
        f"Kantor {info.office_name} ({info.office_code}) siap; admin {admin.name} ({admin.nip}).",
    )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Create a demo office with generated history."""
    from desk_app import demo  # only this command needs the generator

    if database_path(args.data_dir).exists():
        raise CommandFailed(f"{args.data_dir} already holds an office; choose an empty --data-dir")
    db = open_database(args.data_dir, create=True)

    def progress(done: int, total: int) -> None:
        if not args.json and (done % 10 == 0 or done == total):
            print(f"\r  hari {done}/{total}", end="", file=sys.stderr, flush=True)

    summary = demo.generate_demo(
        db,
        days=args.days,
        officers_count=args.officers,
        seed=args.seed,
        end=_now(args),
        progress=progress,
    )
    if not args.json:
        print(file=sys.stderr)
    roster = "\n".join(f"  {nip}  {role:8} {name}" for nip, name, role in summary.officers)
    _emit(
        args,
        summary.__dict__,
        f"Kantor demo {summary.office_code}: {summary.tasks} berkas dalam {summary.days} hari.\n"
        f"Petugas (PIN {summary.pin}):\n{roster}",
    )
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    """Tasks by status, points per officer, totals."""
    from desk_app.insights import stats

    day = _parse_day(args.date) if args.date else None
    db = _open(args)
    with db.read() as session:
        info = installation.desk_info(session)
        now = _now(args)
        result = stats.office_stats(
            session, office_code=info.office_code, day=day, today=local_day(now), now=now
        )
    data = result.to_json()
    lines = [f"{info.office_name} ({info.office_code}) — {args.date or 'semua waktu'}"]
    lines += [f"  {status:11} {count:>9}" for status, count in result.tasks_by_status.items()]
    lines.append(f"  terbuka {result.open_now}, terlambat {result.overdue_now}")
    lines += [f"  {p.points:>7} poin  {p.name} ({p.nip})" for p in result.points_by_officer]
    lines += [
        f"  {decimal(h.hours, 'id', 2):>7} jam   {h.name} ({h.nip})"
        for h in result.hours_by_officer
    ]
    _emit(args, data, "\n".join(lines))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Check the hash chain, the points ledger and the task table."""
    from desk_app.eventlog.verify import verify_database

    path = database_path(args.data_dir)
    if not path.exists():
        raise NotConfigured("db.missing", folder=str(args.data_dir))
    report = verify_database(path)
    data = {
        "ok": report.ok,
        "events": report.events,
        "tasks": report.tasks,
        "points_rows": report.points_rows,
        "problems": report.problems,
    }
    if report.ok:
        _emit(
            args,
            data,
            f"OK: {report.events} events, {report.points_rows} points rows, "
            f"{report.tasks} tasks verified.",
        )
        return 0
    if args.json:
        _emit(args, data, "")
    raise CommandFailed(
        f"verify failed: {report.problems[0]}"
        + (f" (+{len(report.problems) - 1} more)" if len(report.problems) > 1 else "")
    )


def cmd_find(args: argparse.Namespace) -> int:
    """Search tasks by tracking number, NIK or name prefix."""
    db = _open(args)
    with db.read() as session:
        rows = lookup.search(session, query=args.query, limit=args.limit)
    _emit(
        args,
        [r.__dict__ for r in rows],
        "\n".join(
            f"{r.tracking_no}  {r.status:10} {r.due_date}  {r.applicant_name} — {r.service_name}"
            for r in rows
        )
        or "Tidak ditemukan.",
    )
    return 0


def cmd_officer_add(args: argparse.Namespace) -> int:
    """An admin adds an officer (the admin's PIN is asked first)."""
    db = _open(args)
    admin = _login(db, args.admin, "PIN admin: ", now=_now(args))
    new_pin = os.environ.get("DESK_APP_NEW_PIN") or getpass.getpass("PIN petugas baru: ")
    with db.write() as session:
        person = officers.create_officer(
            session,
            actor_id=admin.id,
            nip=args.nip,
            name=args.name,
            role=args.role,
            pin=new_pin,
            now=_now(args),
        )
    _emit(
        args, person.__dict__, f"Petugas {person.name} ({person.nip}, {person.role}) ditambahkan."
    )
    return 0


def cmd_officer_list(args: argparse.Namespace) -> int:
    """Officers and their points this month."""
    db = _open(args)
    today = local_day(_now(args))
    with db.read() as session:
        people = officers.list_officers(session)
        month = {
            p.officer_id: p.points
            for p in ledger.points_between(session, start=today.replace(day=1), end=today)
        }
    _emit(
        args,
        [{**p.__dict__, "points_this_month": month.get(p.id, 0)} for p in people],
        "\n".join(f"{p.nip}  {p.role:8} {month.get(p.id, 0):>6} poin  {p.name}" for p in people),
    )
    return 0


def cmd_receipt(args: argparse.Namespace) -> int:
    """(Re)print a task's receipt to a PDF file and journal the print."""
    from desk_app.counter import printing  # reportlab loads with it

    out: Path = args.out
    db = _open(args)
    with db.read() as session:
        view = tasks.get_task(session, tracking_no=args.tracking_no)
        kind = printing.receipt_kind(session, task_id=view.id, kind=args.kind)
        actor_id = printing.print_actor(session, task_id=view.id, nip=args.as_nip)
        pdf, copy_no = printing.render_for_task(
            session, task_id=view.id, layout=args.layout, kind=kind, language=args.language
        )
    journal = {
        "actor_id": actor_id,
        "task_id": view.id,
        "kind": kind,
        "layout": args.layout,
        "target": "pdf",
        "copy_no": copy_no,
    }
    try:
        write_atomically(out, pdf)
    except (OSError, OutputRefused) as exc:
        reason = _why_not_written(exc)
        with db.write() as session:
            printing.record_print(
                session, **journal, ok=False, error=f"{out}: {reason}", now=_now(args)
            )
        raise CommandFailed(f"cannot write {out}: {reason}") from exc
    with db.write() as session:
        record = printing.record_print(session, **journal, ok=True, now=_now(args))
    copy = f" (salinan ke-{copy_no})" if copy_no > 0 else ""
    _emit(
        args,
        {**record.__dict__, "tracking_no": view.tracking_no, "out": str(out)},
        f"Tanda terima {view.tracking_no} ditulis ke {out}{copy}",
    )
    return 0


def _why_not_written(exc: OSError | OutputRefused) -> str:
    """Why a file was not written, without its path (the caller names it)."""
    if isinstance(exc, OutputRefused):
        why = exc.params["why"]
        return why.render() if isinstance(why, Text) else str(why)
    return exc.strerror or str(exc)


def _login(db: Database, nip: str, prompt: str, *, now: datetime) -> officers.OfficerInfo:
    """The officer behind a NIP, after their PIN ($DESK_APP_PIN or typed)."""
    return officers.log_in(db, nip=nip, pin=_read_pin(prompt), now=now)


def _sole_lead_nip(db: Database) -> str:
    """The NIP of the office's only active lead; --as is needed when there are more."""
    with db.read() as session:
        leads = [p for p in officers.list_officers(session) if p.role == "lead"]
    if len(leads) != 1:
        raise CommandFailed("name the lead who closes the day with --as NIP")
    return leads[0].nip


def cmd_close_day(args: argparse.Namespace) -> int:
    """A lead closes (seals) a day, writes its report and takes a backup."""
    day = _parse_day(args.date)
    db = _open(args)
    try:
        return _close_day(args, db, day)
    finally:
        db.dispose()


def _close_day(args: argparse.Namespace, db: Database, day: date) -> int:
    from desk_app.closing import dayclose, work  # reports and openpyxl load with these

    folder: Path = args.out or args.data_dir / work.REPORTS_DIR
    work.check_report_folder(folder, day=day)
    if args.report_only:
        with db.read() as session:
            close = dayclose.get_close(session, day=day)
        if close is None:
            raise CommandFailed(f"day {day} is not closed yet; close it first")
        written = work.write_reports(close, folder, now=_now(args))
        _emit(args, {"day": day, "files": written}, f"Laporan {day} ditulis ke {written[0]}")
        return 0
    lead = _login(db, args.as_nip or _sole_lead_nip(db), "PIN ketua regu: ", now=_now(args))
    try:
        outcome = work.seal_day(
            db,
            args.data_dir,
            lead_id=lead.id,
            day=day,
            now=_now(args),
            reason=args.reason or "",
            acknowledge_all=args.acknowledge,
            clock_out_open=args.clock_out_open,
            folder=folder,
        )
    except dayclose.DayCloseBlocked as exc:
        raise CommandFailed(f"{exc} (--acknowledge --reason TEXT closes it anyway)") from exc
    if outcome.report_error is not None:
        error = outcome.report_error
        raise CommandFailed(
            f"day {day} is closed but its report could not be written "
            f"({getattr(error, 'strerror', None) or error}); run again with --report-only"
        )
    if outcome.backup_error is not None:
        raise CommandFailed(
            f"day {day} is closed and reported, but the backup failed ({outcome.backup_error}); "
            "run desk-app backup"
        )
    close, written, copy = outcome.close, list(outcome.files), outcome.backup
    totals = close.summary.totals
    _emit(
        args,
        {
            "day": day,
            "closed_by": lead.nip,
            "event_uuid": close.event_uuid,
            "last_event_hash": close.last_event_hash,
            "summary": close.summary.to_json(),
            "files": written,
            "backup": copy,
        },
        f"Hari {day} ditutup oleh {lead.name}: {totals.received} diterima, "
        f"{totals.completed} selesai, {totals.open_end_of_day} dibawa ke hari berikutnya.\n"
        f"Laporan: {written[0]}\nCadangan: {copy}",
    )
    return 0


def cmd_enroll(args: argparse.Namespace) -> int:
    """Join the city server with a one-time enrolment code."""
    from desk_app.sync import client

    db = _open(args)
    try:
        sync = client.enroll(db, server=args.server, code=args.code, ca_bundle=args.ca_bundle)
    except client.SyncFailed as exc:
        raise CommandFailed(f"enroll: {exc}") from exc
    finally:
        db.dispose()
    _emit(
        args,
        {"server": sync.server, "acked_seq": sync.acked_seq},
        f"Terdaftar di {sync.server}; kota menyimpan {sync.acked_seq} kejadian dari meja ini.",
    )
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    """One sync round: push every event the city does not hold yet."""
    from desk_app.sync import client

    db = _open(args)
    try:
        result = client.push_once(db, now=_now(args))
    except client.SyncFailed as exc:
        again = " (will work once the server is reachable)" if exc.retry else ""
        raise CommandFailed(f"sync: {exc}{again}") from exc
    finally:
        db.dispose()
    _emit(
        args,
        result.__dict__,
        f"Sinkron: {result.stored} kejadian baru diterima kota, {result.duplicates} sudah ada, "
        f"{result.pending} menunggu."
        + (f" {result.forks} kejadian bercabang ditandai untuk admin." if result.forks else ""),
    )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """A consistent copy of the office database (old copies pruned by backup_keep_days)."""
    from desk_app.closing import backup

    db = _open(args)
    try:
        with db.read() as session:
            keep_days = office_settings.backup_keep_days(session)
    finally:
        db.dispose()
    folder: Path = args.to or backup.backup_folder(args.data_dir)
    now = _now(args)
    check_output_folder(folder, backups=True)
    try:
        copy = backup.backup(database_path(args.data_dir), folder, now=now)
        removed = backup.prune(folder, keep_days, now=now)
    except (OSError, sqlite3.Error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise CommandFailed(f"backup to {folder} failed: {reason}") from exc
    _emit(
        args,
        {"backup": copy, "bytes": copy.stat().st_size, "pruned": removed},
        f"Cadangan ditulis ke {copy} ({copy.stat().st_size // 1024} KiB)"
        + (f"; {len(removed)} cadangan lama dihapus" if removed else ""),
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Replace the office database with a checked backup; the old one is kept aside."""
    from desk_app.closing import backup

    result = backup.restore(args.data_dir, args.file, other_desk=args.other_desk, now=_now(args))
    aside = f"; database lama disimpan sebagai {result.kept_aside}" if result.kept_aside else ""
    _emit(
        args,
        result.__dict__,
        f"Dipulihkan dari {result.restored_from} ({result.events} kejadian, "
        f"{result.tasks} berkas){aside}",
    )
    return 0


def cmd_clock(args: argparse.Namespace) -> int:
    """Clock in or out (PIN asked), or print the week's hours against the requirement."""
    db = _open(args)
    try:
        return _clock(args, db)
    finally:
        db.dispose()


def _clock(args: argparse.Namespace, db: Database) -> int:
    if args.clock_command == "week":
        now = _now(args)
        week_of = _parse_day(args.date) if args.date else local_day(now)
        with db.read() as session:
            week = attendance.week_summary(session, week_of=week_of, now=now)
        lines = [
            f"Minggu {date_short(week.week_start, 'id')} s.d. {date_short(week.week_end, 'id')}, "
            f"wajib {hours(week.required_hours, 'id')} jam"
        ]
        lines += [
            f"  {o.nip}  {decimal(o.hours, 'id', 2):>6} jam  "
            + ("cukup" if o.enough else f"kurang {decimal(o.short_by, 'id', 2)} jam")
            + ("  (masuk)" if o.clocked_in else "")
            + f"  {o.name}"
            for o in week.officers
        ]
        data = {
            "week_start": week.week_start,
            "week_end": week.week_end,
            "required_hours": week.required_hours,
            "officers": [
                {**o.__dict__, "short_by": o.short_by, "by_day": [d.__dict__ for d in o.by_day]}
                for o in week.officers
            ],
        }
        _emit(args, data, "\n".join(lines))
        return 0
    now = _now(args)
    person = _login(db, args.as_nip, "PIN: ", now=now)
    with db.write() as session:
        if args.clock_command == "in":
            shift = attendance.clock_in(session, officer_id=person.id, now=now)
        else:
            shift = attendance.clock_out(session, officer_id=person.id, now=now)
    moment = shift.started_at if args.clock_command == "in" else shift.ended_at
    assert moment is not None
    verb = "masuk" if args.clock_command == "in" else "pulang"
    _emit(
        args,
        shift.__dict__,
        f"{person.name} absen {verb} {date_time(moment, 'id')}",
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `desk-app`."""
    # SUPPRESS: an option given before the subcommand is not reset by the subcommand's copy.
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument(
        "--data-dir",
        type=Path,
        help="data folder (default: $DESK_APP_DATA_DIR or the user data folder)",
    )
    common.add_argument("--json", action="store_true", help="print JSON")
    common.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    common.add_argument(
        "--now",
        metavar="MOMENT",
        help=f"act as if it were this moment, YYYY-MM-DDTHH:MM in Jakarta time "
        f"(default: ${NOW_VARIABLE}, else the system clock)",
    )
    parser = argparse.ArgumentParser(
        prog="desk-app",
        parents=[common],
        description="Loket — the PTSP counter desk. Without a command the GUI starts.",
    )
    parser.add_argument("--demo", action="store_true", help="open (or create) a demo office")
    parser.add_argument(
        "--language",
        choices=("id", "en"),
        default=None,
        help="interface language (default: the saved setting, else id)",
    )
    parser.set_defaults(func=cmd_gui)
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("setup", parents=[common], help="set up the office and first admin")
    p.add_argument("--office", required=True, help="Kemendagri code, e.g. 31.74.08.1005")
    p.add_argument("--admin-nip", required=True)
    p.add_argument("--admin-name", required=True)
    p.set_defaults(func=cmd_setup)

    p = sub.add_parser("demo", parents=[common], help="create a demo office with history")
    p.add_argument("--days", type=int, default=30)
    p.add_argument("--officers", type=int, default=6)
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("stats", parents=[common], help="tasks, points and totals")
    p.add_argument("--date", help="one day, YYYY-MM-DD (default: all time)")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("verify", parents=[common], help="check chain, ledger and tasks")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("find", parents=[common], help="search by tracking no, NIK or name")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)
    p.set_defaults(func=cmd_find)

    p = sub.add_parser("receipt", parents=[common], help="(re)print a receipt to a PDF file")
    p.add_argument("tracking_no", metavar="TRACKING_NO")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    p.add_argument("--layout", choices=LAYOUTS, default=DEFAULT_LAYOUT)
    p.add_argument("--kind", choices=KINDS, default=None, help="default: by the task's status")
    p.add_argument("--language", choices=LANGUAGES, default="id")
    p.add_argument("--as", dest="as_nip", metavar="NIP", help="who prints (default: intake)")
    p.set_defaults(func=cmd_receipt)

    p = sub.add_parser("officer", parents=[common], help="list or add officers")
    officer_sub = p.add_subparsers(dest="officer_command", required=True)
    q = officer_sub.add_parser("list", parents=[common])
    q.set_defaults(func=cmd_officer_list)
    q = officer_sub.add_parser("add", parents=[common])
    q.add_argument("--admin", required=True, help="NIP of the admin doing it")
    q.add_argument("--nip", required=True)
    q.add_argument("--name", required=True)
    q.add_argument("--role", choices=officers.ROLES, default="officer")
    q.set_defaults(func=cmd_officer_add)

    p = sub.add_parser("close-day", parents=[common], help="a lead closes a day; report PDF")
    p.add_argument("--date", required=True, help="the day, YYYY-MM-DD")
    p.add_argument("--as", dest="as_nip", metavar="NIP", help="the lead (default: the only one)")
    p.add_argument("--out", type=Path, metavar="DIR", help="report folder (default: DATA/reports)")
    p.add_argument("--acknowledge", action="store_true", help="close despite outstanding items")
    p.add_argument("--reason", help="why outstanding items are left (with --acknowledge)")
    p.add_argument("--clock-out-open", action="store_true", help="clock out who is still in")
    p.add_argument("--report-only", action="store_true", help="rewrite a closed day's report")
    p.set_defaults(func=cmd_close_day)

    p = sub.add_parser("enroll", parents=[common], help="join the city server with a code")
    p.add_argument(
        "--server", required=True, metavar="URL", help="e.g. https://loket.jakarta.go.id"
    )
    p.add_argument("--code", required=True, help="one-time code from desk-central office code")
    p.add_argument("--ca-bundle", default="", metavar="FILE", help="trust this CA (TLS stays on)")
    p.set_defaults(func=cmd_enroll)

    p = sub.add_parser("sync", parents=[common], help="push this desk's events to the city")
    p.add_argument("--once", action="store_true", help="one round, then exit (the default)")
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser("backup", parents=[common], help="consistent copy of the database")
    p.add_argument("--to", type=Path, metavar="DIR", help="folder (default: DATA/backups)")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", parents=[common], help="restore a checked backup")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument(
        "--other-desk",
        action="store_true",
        help="replace this desk's database with another desk's backup",
    )
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("clock", parents=[common], help="clock in/out, or the week's hours")
    clock_sub = p.add_subparsers(dest="clock_command", required=True)
    for action in ("in", "out"):
        q = clock_sub.add_parser(action, parents=[common])
        q.add_argument("--as", dest="as_nip", metavar="NIP", required=True)
        q.set_defaults(func=cmd_clock)
    q = clock_sub.add_parser("week", parents=[common])
    q.add_argument("--date", help="a day of the week (default: today)")
    q.set_defaults(func=cmd_clock)
    return parser


# The shared options are SUPPRESSed in every (sub)parser, so that one given before the
# subcommand survives it; their defaults are filled in after parsing. (set_defaults would
# change the shared option objects themselves, and a subcommand would reset the value.)
OPTION_DEFAULTS = dict(data_dir=None, json=False, verbose=False, now=None)


def _fill_defaults(args: argparse.Namespace) -> None:
    """Default every shared option not given anywhere on the command line."""
    for name, value in OPTION_DEFAULTS.items():
        if not hasattr(args, name):
            setattr(args, name, value)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: exit 0 on success, else a one-line reason on stderr."""
    # Whatever the desk creates (database, backups, reports, logs) is its user's alone.
    previous_umask = os.umask(PRIVATE_UMASK)
    try:
        return _main(argv)
    finally:
        os.umask(previous_umask)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _fill_defaults(args)
    args.data_dir = resolve_data_dir(args.data_dir)
    protect_data_dir(args.data_dir)
    func: Callable[[argparse.Namespace], int] = args.func
    # Only commands that create an office may create its folder (for the log file).
    if args.data_dir.exists() or func in (cmd_gui, cmd_setup, cmd_demo):
        setup_logging(args.data_dir, verbose=args.verbose)
    try:
        args.clock = _clock_of(args.now)
        return func(args)
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
    except ValidationError as exc:
        print(f"desk-app: {exc.field}: {exc.message}", file=sys.stderr)
    except (DeskError, CommandFailed, ValueError) as exc:
        print(f"desk-app: {exc}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
