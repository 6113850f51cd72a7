"""The `desk-app` command: the GUI by default, admin subcommands for scripts and tests."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import logging
import os
import shutil
import sqlite3
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import DBAPIError

from desk_app.cli_args import (
    MAX_FIND,
    Parser,
    UsageError,
    day_arg,
    moment_arg,
    month_arg,
    one_line,
    path_arg,
    printable,
    shown,
    whole_arg,
)
from desk_app.cli_args import text_arg as text_arg  # also for the admin commands
from desk_app.common.clock import (
    NOW_VARIABLE,
    Clock,
    clock_from_environment,
    stopped_clock,
)
from desk_app.common.errors import DeskError, NotConfigured, OutputRefused, ValidationError
from desk_app.common.files import check_output_folder, protect_data_dir, write_atomically
from desk_app.common.formatting import date_short, date_time, decimal, hours
from desk_app.common.logs import setup_logging
from desk_app.common.messages import DEFAULT_LANGUAGE, Text, render
from desk_app.common.paths import PRIVATE_UMASK, database_files, database_path
from desk_app.common.paths import data_dir as resolve_data_dir
from desk_app.common.validation import (
    validate_day,
)
from desk_app.common.workdays import local_day
from desk_app.counter import lookup, tasks
from desk_app.counter.receipt_layouts import DEFAULT_LAYOUT, KINDS, LANGUAGES, LAYOUTS
from desk_app.db.engine import Database, storage_problem
from desk_app.db.storage import open_database
from desk_app.office import attendance, installation, office_settings, officers
from desk_app.points import ledger
from desk_app.queueing import stats as queue_stats

if TYPE_CHECKING:
    from desk_app.closing.work import Unfinished

PIN_ENV = "DESK_APP_PIN"
NEW_PIN_ENV = "DESK_APP_NEW_PIN"

logger = logging.getLogger(__name__)


class CommandFailed(Exception):
    """A one-line reason for a non-zero exit."""


def _fail(text: str) -> None:
    """The one line a failing command prints."""
    print(f"desk-app: {one_line(text)}", file=sys.stderr)


def _emit(args: argparse.Namespace, data: Any, text: str) -> None:
    """Print JSON with --json, else the human text."""
    if getattr(args, "json", False):
        print(printable(json.dumps(data, indent=2, ensure_ascii=False, default=str)))
    else:
        print(printable(text))


def _read_pin(prompt: str, variable: str = PIN_ENV) -> str:
    """A PIN from the environment `variable`, else typed without echo in a terminal."""
    pin = os.environ.get(variable)
    if pin:
        return pin
    if not sys.stdin.isatty():  # getpass would read the PIN from a pipe, with a warning
        raise DeskError("cli.pin_needed", variable=variable)
    return getpass.getpass(prompt)


def _parse_day(value: date | str) -> date:
    """A day option's value (the parser already made it a date), or a failure naming it."""
    if isinstance(value, date):
        return value
    try:
        return validate_day(date.fromisoformat(value), field="--date")
    except ValueError:
        raise CommandFailed(f"--date: {value!r} is not a date (YYYY-MM-DD)") from None


def _now(args: argparse.Namespace) -> datetime:
    """The moment the command acts at: --now, else $DESK_APP_NOW, else the system clock."""
    clock: Clock = args.clock
    return clock()


def _clock_of(moment: datetime | None) -> Clock:
    """The command's clock: --now (already checked), else $DESK_APP_NOW, else the system's."""
    if moment is not None:
        return stopped_clock(moment)
    field = f"${NOW_VARIABLE}"
    try:
        clock = clock_from_environment()
        validate_day(local_day(clock()), field=field)
    except (ValueError, OverflowError):
        text = shown(os.environ.get(NOW_VARIABLE, ""))
        raise ValidationError(field, "cli.not_a_moment", value=text) from None
    return clock


def _open(args: argparse.Namespace) -> Database:
    return open_database(args.data_dir)


def cmd_gui(args: argparse.Namespace) -> int:
    """Start the counter GUI (a demo office with --demo)."""
    from desk_app.ui.desktop_check import desktop_problem

    problem = desktop_problem()  # Qt would abort with a page about platform plugins
    if problem is not None:
        raise CommandFailed(problem.render())
    try:
        from desk_app.ui.app import run_gui
    except ImportError as exc:  # the GUI is optional for headless admin use
        raise CommandFailed(f"the GUI cannot start here: {exc}") from exc
    return int(run_gui(args.data_dir, demo=args.demo, language=args.language, clock=args.clock))


def _screen(args: argparse.Namespace, which: str) -> int:
    """The kiosk or the display board of an office that is set up."""
    from desk_app.ui.desktop_check import desktop_problem

    problem = desktop_problem()
    if problem is not None:
        raise CommandFailed(problem.render())
    _open(args).dispose()  # refuses a missing or damaged office with its one-line reason
    from desk_app.ui.queue_app import run_screen

    return run_screen(which, args.data_dir, clock=args.clock, windowed=args.windowed)


def cmd_kiosk(args: argparse.Namespace) -> int:
    """The ticket kiosk, full screen."""
    return _screen(args, "kiosk")


def cmd_display(args: argparse.Namespace) -> int:
    """The display board, full screen (a second screen)."""
    return _screen(args, "display")


def cmd_setup(args: argparse.Namespace) -> int:
    """First run without the GUI: office and first admin."""
    pin = _read_pin("PIN admin baru: ")  # before anything is created
    folder: Path = args.data_dir
    new_folder, new_database = not folder.exists(), not database_path(folder).exists()
    db = open_database(folder, create=True)
    try:
        with db.write() as session:
            admin = installation.setup_office(
                session,
                office_code=args.office,
                admin_nip=args.admin_nip,
                admin_name=args.admin_name,
                admin_pin=pin,
                now=_now(args),
            )
            info = installation.desk_info(session)
    except BaseException:
        db.dispose()
        if new_database:  # a refused set-up leaves no half-made office behind
            _discard_new_office(folder, remove_folder=new_folder)
        raise
    db.dispose()
    setup_logging(folder, verbose=args.verbose)
    _emit(
        args,
        {"office_code": info.office_code, "office_name": info.office_name, "admin": admin.nip},
        f"Kantor {info.office_name} ({info.office_code}) siap; admin {admin.name} ({admin.nip}).",
    )
    return 0


def _discard_new_office(folder: Path, *, remove_folder: bool) -> None:
    """Remove the database files (and the folder, when this command made it) of a refused
    set-up, so that nothing blocks running it again."""
    for path in database_files(folder):
        with contextlib.suppress(OSError):
            path.unlink()
    if remove_folder:
        shutil.rmtree(folder, ignore_errors=True)


def cmd_demo(args: argparse.Namespace) -> int:
    """Create a demo office with generated history (built aside, moved in when complete)."""
    from desk_app import demo  # only this command needs the generator

    folder: Path = args.data_dir
    if database_path(folder).exists():
        raise CommandFailed(f"{folder} already holds an office; choose an empty --data-dir")
    end = _now(args)
    demo.check_demo_request(folder, days=args.days, officers_count=args.officers, end=end)
    # Progress only on a terminal: a log or a pipe gets the one result line.
    show_progress = not args.json and sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if show_progress and (done % 10 == 0 or done == total):
            print(f"\r  hari {done}/{total}", end="", file=sys.stderr, flush=True)

    summary = demo.build_demo_office(
        folder,
        days=args.days,
        officers_count=args.officers,
        seed=args.seed,
        end=end,
        progress=progress,
    )
    setup_logging(folder, verbose=args.verbose)
    if show_progress:
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
    """Check the hash chain and every table the events determine; list what they do not."""
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
        "not_derived": report.not_derived,
    }
    unchecked = "\n".join(
        ["Not derived from events (not checked):", *(f"  {n}" for n in report.not_derived)]
    )
    if report.ok:
        _emit(
            args,
            data,
            f"OK: {report.events} events, {report.points_rows} points rows, "
            f"{report.tasks} tasks verified.\n{unchecked}",
        )
        return 0
    # Every mismatch on its own line (table, row, column), then the one-line reason.
    _emit(args, data, "\n".join([*report.problems, unchecked]))
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


def cmd_correct(args: argparse.Namespace) -> int:
    """Correct an open task (`correct`) or tick documents brought later (`documents`)."""
    from desk_app.counter import corrections

    db = _open(args)
    now = _now(args)
    person = _login(db, args.as_nip, "PIN: ", now=now)
    with db.write() as session:
        view = tasks.get_task(session, tracking_no=args.tracking_no)
        if args.command == "documents":
            view = corrections.receive_documents(
                session, actor_id=person.id, task_id=view.id, documents=args.received, now=now
            )
        else:
            view = corrections.correct_task(
                session,
                actor_id=person.id,
                task_id=view.id,
                reason=args.reason,
                name=args.name,
                nik=args.nik,
                phone=args.phone,
                service_code=args.service,
                description=args.description,
                documents=args.received,
                now=now,
            )
    done = "dilengkapi" if args.command == "documents" else "dikoreksi"
    missing = ", ".join(view.missing_documents)
    state = (
        f"berkas belum lengkap: {missing}"
        if missing
        else f"tenggat {date_short(view.due_date, 'id')}"
    )
    data = {
        "tracking_no": view.tracking_no,
        "service_code": view.service_code,
        "due_date": view.due_date,
        "missing_documents": list(view.missing_documents),
    }
    _emit(args, data, f"Berkas {view.tracking_no} {done}; {state}")
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
            queue = queue_stats.report_figures(session, day=day)
        if close is None:
            raise CommandFailed(f"day {day} is not closed yet; close it first")
        written = work.write_reports(close, folder, now=_now(args), queue=queue)
        _emit(args, {"day": day, "files": written}, f"Laporan {day} ditulis ke {written[0]}")
        return 0
    todo = work.unfinished(db, args.data_dir, day=day, folder=folder)
    if todo is not None and not todo.complete:
        return _finish_day(args, db, todo)
    lead = _login(db, args.as_nip or _sole_lead_nip(db), "PIN ketua regu: ", now=_now(args))
    today = _confirm_closing_today(args, db, day, lead)
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
        raise CommandFailed(f"{exc} (--acknowledge --reason TEXT closes it anyway){today}") from exc
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


def _confirm_closing_today(
    args: argparse.Namespace, db: Database, day: date, lead: officers.OfficerInfo
) -> str:
    """Closing today: warn what stops, and ask the lead in a terminal unless --confirm.

    Returns the warning (with a leading space) for a refusal to repeat, or "" when this
    close does not end today's recording (another day, too early, already sealed, or
    refused anyway: not a lead).
    """
    from desk_app.closing import dayclose

    now = _now(args)
    with db.read() as session:
        if (
            lead.role not in officers.LEAD_ROLES
            or not dayclose.closes_today(day, now=now)
            or now < dayclose.earliest_close(session, day=day)
            or dayclose.is_sealed(session, day=day)
        ):
            return ""
    warning = render("day.close_today", DEFAULT_LANGUAGE, {"day": f"{day:%d-%m-%Y}"})
    if not args.confirm:
        print(warning, file=sys.stderr)
        # A script has nobody to ask: running the command was its decision. In a terminal
        # the question goes to stderr, so --json output stays clean.
        if sys.stdin.isatty():
            print("Tutup hari ini sekarang? [y/T] ", end="", file=sys.stderr, flush=True)
            if sys.stdin.readline().strip().lower() not in ("y", "ya"):
                raise CommandFailed("hari ini tidak ditutup; --confirm menutupnya tanpa bertanya")
    return " " + warning


def _finish_day(args: argparse.Namespace, db: Database, todo: Unfinished) -> int:
    """A sealed day whose close stopped half-way: say what is missing, then complete it."""
    from desk_app.closing import work

    day = todo.close.day
    missing = [p.name for p in todo.missing_reports]
    if todo.backup_missing:
        missing.append("cadangan")
    if not args.json:
        print(f"Hari {day} sudah ditutup, tetapi belum lengkap; dilengkapi: {', '.join(missing)}")
    outcome = work.finish_day(db, args.data_dir, todo, now=_now(args))
    if outcome.report_error is not None:
        error = outcome.report_error
        raise CommandFailed(
            f"day {day} is closed but its report could not be written "
            f"({getattr(error, 'strerror', None) or error}); run close-day again"
        )
    if outcome.backup_error is not None:
        raise CommandFailed(
            f"day {day} is closed and reported, but the backup failed ({outcome.backup_error}); "
            "run close-day again"
        )
    _emit(
        args,
        {
            "day": day,
            "completed": missing,
            "event_uuid": todo.close.event_uuid,
            "files": list(outcome.files),
            "backup": outcome.backup,
        },
        f"Laporan: {outcome.files[0]}\nCadangan: {outcome.backup}",
    )
    return 0


def cmd_month_report(args: argparse.Namespace) -> int:
    """The month report: a PDF and a CSV of the month's work, SLA, points, queue and IKM."""
    from desk_app.closing import month
    from desk_app.closing.reports import month_report  # reportlab loads with it
    from desk_app.common.paths import REPORTS_DIR

    now = _now(args)
    start = month.check_month(args.month, today=local_day(now), field="--month")
    folder: Path = args.out or args.data_dir / REPORTS_DIR
    db = _open(args)
    try:
        month_report.check_month_folder(folder, month=start)
        with db.read() as session:
            summary = month.summarize_month(session, month=start, today=local_day(now))
    finally:
        db.dispose()
    pdf, table = month_report.write_month_report(summary, folder, generated_at=now)
    ikm = summary.ikm
    data = {
        "month": f"{start:%Y-%m}",
        "office_code": summary.office_code,
        "received": summary.received,
        "completed": summary.completed,
        "rejected": summary.rejected,
        "cancelled": summary.cancelled,
        "sla_closed": summary.sla_closed,
        "sla_on_time": summary.sla_on_time,
        "ikm": None if ikm is None else str(ikm.ikm),
        "ikm_grade": None if ikm is None else ikm.grade,
        "ikm_responses": 0 if ikm is None else ikm.responses,
        "files": [pdf, table],
    }
    score = month_report.NO_SURVEY if ikm is None else f"IKM {ikm.ikm} ({ikm.grade})"
    _emit(
        args,
        data,
        f"Laporan bulan {start:%Y-%m}: {summary.received} diterima, {summary.completed} "
        f"selesai; {score}.\nLaporan: {pdf}\nCSV: {table}",
    )
    return 0


def cmd_enroll(args: argparse.Namespace) -> int:
    """Join the city server with a one-time enrolment code."""
    from desk_app.sync import client

    db = _open(args)
    try:
        sync = client.enroll(
            db, server=args.server, code=args.code, ca_bundle=str(args.ca_bundle or "")
        )
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
    """One sync round: push every event the city does not hold yet, then pull the catalogue."""
    from desk_app.sync import catalogue_pull, client

    db = _open(args)
    try:
        done = catalogue_pull.sync_round(db, now=_now(args))
    except client.SyncFailed as exc:
        again = " (will work once the server is reachable)" if exc.retry else ""
        raise CommandFailed(f"sync: {exc}{again}") from exc
    finally:
        db.dispose()
    result, pulled = done.push, done.catalogue
    if pulled is None or done.refused:
        raise CommandFailed(f"sync: {done.refused} (events sent; the city must publish again)")
    rules = done.rules
    news = {
        catalogue_pull.APPLIED: f" Katalog kota versi {pulled.version} diterapkan: "
        f"{pulled.added} baru, {pulled.changed} berubah, {pulled.deactivated} dinonaktifkan.",
        catalogue_pull.DEFERRED: " Katalog kota diterapkan setelah hari ini (hari sudah ditutup).",
    }
    _emit(
        args,
        {
            **result.__dict__,
            "catalogue": pulled.__dict__,
            "rules": rules and rules.__dict__,
            "office": done.office and done.office.__dict__,
        },
        f"Sinkron: {result.stored} kejadian baru diterima kota, {result.duplicates} sudah ada, "
        f"{result.pending} menunggu."
        + (f" {result.forks} kejadian bercabang ditandai untuk admin." if result.forks else "")
        + news.get(pulled.outcome, "")
        + (f" Aturan poin dokumen {rules.document} diterapkan." if rules and rules.applied else "")
        + (
            f" {done.office.applied} kejadian loket lain diterapkan."
            if done.office and done.office.applied
            else ""
        )
        + "".join(
            f" Rantai loket lain ditolak: {line}."
            for line in (done.office.refused if done.office else ())
        ),
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
    lines = [
        f"Dipulihkan dari {result.restored_from} ({result.events} kejadian, "
        f"{result.tasks} berkas){aside}",
        f"Meja ini kini perangkat {result.device_no:02d} ({result.device_id}), penerus "
        f"{result.predecessor_device_id} sampai kejadian #{result.predecessor_last_seq}; "
        "daftarkan lagi ke kota sebelum sinkron.",
    ]
    if result.kept_aside is not None:
        count = "tidak terbaca" if result.set_aside is None else str(result.set_aside)
        lines.append(f"Kejadian disisihkan (tidak ada di cadangan): {count}")
        lines.append(f"Kejadian disisihkan disimpan di: {result.kept_aside}")
    _emit(args, result.__dict__, "\n".join(lines))
    return 0


def cmd_restore_from_city(args: argparse.Namespace) -> int:
    """A desk whose disk died comes back from the city as a new device (nothing overwritten)."""
    from desk_app.sync import client, restore

    try:
        done = restore.restore_from_city(
            args.data_dir,
            server=args.server,
            office_code=args.office,
            code=args.code,
            ca_bundle=str(args.ca_bundle or ""),
            now=_now(args),
            personal_from=args.personal_from,
        )
    except (client.SyncFailed, restore.RestoreRefused) as exc:
        raise CommandFailed(f"restore-from-city: {exc}") from exc
    setup_logging(args.data_dir, verbose=args.verbose)
    lines = [
        f"Meja ini kini perangkat {done.device_no:02d} ({done.device_id}), penerus "
        f"{done.predecessor_device_id} sampai kejadian #{done.predecessor_last_seq}.",
        "Tidak dipulihkan (tidak pernah keluar dari kantor): NIK, nama dan telepon "
        f"{done.applicants_unrestored} pemohon (ditandai), dan PIN petugas: setiap petugas "
        "memilih PIN baru saat masuk berikutnya. Cadangan lokal yang masih ada menyimpan data "
        "pribadi itu.",
    ]
    if done.applicants_from_backup:
        lines.append(
            f"Dari cadangan lokal: data pribadi {done.applicants_from_backup} pemohon dan "
            f"{done.tasks_from_backup} berkas dipulihkan."
        )
    if done.placeholder_services:
        lines.append(
            "Layanan yang belum dikenal meja ini (katalog kota datang saat sinkron): "
            + ", ".join(done.placeholder_services)
        )
    if done.left_at_city:
        lines.append(
            f"{done.left_at_city} kejadian pendahulu sesudah pengambilalihan tetap di kota saja."
        )
    lines.append(
        f"Dipulihkan dari {done.server}: {done.chains} rantai, {done.events} kejadian, "
        f"{done.tasks} berkas, {done.officers} petugas; verifikasi lulus."
    )
    data = {**done.__dict__, "database": str(done.database), "verified": True}
    _emit(args, data, "\n".join(lines))
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
    from desk_app import demo_facts  # the demo's limits (without loading the generator)

    # SUPPRESS: an option given before the subcommand is not reset by the subcommand's copy.
    common = Parser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument(
        "--data-dir",
        type=path_arg,
        help="data folder (default: $DESK_APP_DATA_DIR or the user data folder)",
    )
    common.add_argument("--json", action="store_true", help="print JSON")
    common.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    common.add_argument(
        "--now",
        type=moment_arg,
        metavar="MOMENT",
        help=f"act as if it were this moment, YYYY-MM-DDTHH:MM in Jakarta time "
        f"(default: ${NOW_VARIABLE}, else the system clock)",
    )
    parser = Parser(
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
    p.add_argument(
        "--office", type=text_arg, required=True, help="Kemendagri code, e.g. 31.74.08.1005"
    )
    p.add_argument("--admin-nip", type=text_arg, required=True)
    p.add_argument("--admin-name", type=text_arg, required=True)
    p.set_defaults(func=cmd_setup)

    p = sub.add_parser("demo", parents=[common], help="create a demo office with history")
    p.add_argument("--days", type=whole_arg(1, demo_facts.MAX_DAYS), default=30)
    p.add_argument("--officers", type=whole_arg(1, demo_facts.MAX_OFFICERS), default=6)
    p.add_argument("--seed", type=whole_arg(0, 2**63 - 1), default=1)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("stats", parents=[common], help="tasks, points and totals")
    p.add_argument("--date", type=day_arg, help="one day, YYYY-MM-DD (default: all time)")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser(
        "verify", parents=[common], help="check the chain and every table the events determine"
    )
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("find", parents=[common], help="search by tracking no, NIK or name")
    p.add_argument("query", type=text_arg)
    p.add_argument("--limit", type=whole_arg(1, MAX_FIND), default=20)
    p.set_defaults(func=cmd_find)

    p = sub.add_parser("receipt", parents=[common], help="(re)print a receipt to a PDF file")
    p.add_argument("tracking_no", type=text_arg, metavar="TRACKING_NO")
    p.add_argument("--out", type=path_arg, required=True, metavar="FILE.pdf")
    p.add_argument("--layout", choices=LAYOUTS, default=DEFAULT_LAYOUT)
    p.add_argument("--kind", choices=KINDS, default=None, help="default: by the task's status")
    p.add_argument("--language", choices=LANGUAGES, default="id")
    p.add_argument(
        "--as", dest="as_nip", type=text_arg, metavar="NIP", help="who prints (default: intake)"
    )
    p.set_defaults(func=cmd_receipt)

    from desk_app import cli_admin  # the admin commands: officers, settings, catalogue

    p = sub.add_parser(
        "officer", parents=[common], help="list, add and manage officers", epilog=cli_admin.PIN_HELP
    )
    officer_sub = p.add_subparsers(dest="officer_command", required=True)
    q = officer_sub.add_parser("list", parents=[common])
    q.set_defaults(func=cmd_officer_list)
    cli_admin.add_officer_commands(officer_sub, common)
    cli_admin.add_commands(sub, common)
    from desk_app import cli_conflicts  # conflicts between the office's desks

    cli_conflicts.add_commands(sub, common)

    p = sub.add_parser("close-day", parents=[common], help="a lead closes a day; report PDF")
    p.add_argument("--date", type=day_arg, required=True, help="the day, YYYY-MM-DD")
    p.add_argument(
        "--as", dest="as_nip", type=text_arg, metavar="NIP", help="the lead (default: the only one)"
    )
    p.add_argument(
        "--out", type=path_arg, metavar="DIR", help="report folder (default: DATA/reports)"
    )
    p.add_argument("--acknowledge", action="store_true", help="close despite outstanding items")
    p.add_argument(
        "--reason", type=text_arg, help="why outstanding items are left (with --acknowledge)"
    )
    p.add_argument("--clock-out-open", action="store_true", help="clock out who is still in")
    p.add_argument(
        "--confirm",
        action="store_true",
        help="close today without asking (nothing more can be recorded today on this desk)",
    )
    p.add_argument("--report-only", action="store_true", help="rewrite a closed day's report")
    p.set_defaults(func=cmd_close_day)

    p = sub.add_parser("month-report", parents=[common], help="a month's report: PDF and CSV")
    p.add_argument("--month", type=month_arg, required=True, help="the month, YYYY-MM")
    p.add_argument(
        "--out", type=path_arg, metavar="DIR", help="report folder (default: DATA/reports)"
    )
    p.set_defaults(func=cmd_month_report)

    p = sub.add_parser("enroll", parents=[common], help="join the city server with a code")
    p.add_argument(
        "--server",
        type=text_arg,
        required=True,
        metavar="URL",
        help="e.g. https://loket.jakarta.go.id",
    )
    p.add_argument(
        "--code", type=text_arg, required=True, help="one-time code from desk-central office code"
    )
    p.add_argument(
        "--ca-bundle", type=path_arg, metavar="FILE", help="trust this CA (TLS stays on)"
    )
    p.set_defaults(func=cmd_enroll)

    p = sub.add_parser(
        "sync", parents=[common], help="push this desk's events, pull the city's catalogue"
    )
    p.add_argument("--once", action="store_true", help="one round, then exit (the default)")
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser("backup", parents=[common], help="consistent copy of the database")
    p.add_argument("--to", type=path_arg, metavar="DIR", help="folder (default: DATA/backups)")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", parents=[common], help="restore a checked backup")
    p.add_argument("file", type=path_arg, metavar="FILE")
    p.add_argument(
        "--other-desk",
        action="store_true",
        help="replace this desk's database with another desk's backup",
    )
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser(
        "restore-from-city",
        parents=[common],
        help="a desk whose disk died: its office's history back from the city, as a new device",
    )
    p.add_argument("--server", type=text_arg, required=True, metavar="URL")
    p.add_argument(
        "--office", type=text_arg, required=True, help="Kemendagri code, e.g. 31.74.08.1005"
    )
    p.add_argument(
        "--code", type=text_arg, required=True, help="one-time code from desk-central office code"
    )
    p.add_argument(
        "--ca-bundle", type=path_arg, metavar="FILE", help="trust this CA (TLS stays on)"
    )
    p.add_argument(
        "--personal-from",
        type=path_arg,
        metavar="BACKUP.sqlite3",
        help="a surviving local backup: its applicants' personal data is merged back",
    )
    p.set_defaults(func=cmd_restore_from_city)

    p = sub.add_parser("correct", parents=[common], help="correct an open task (reason needed)")
    p.add_argument("tracking_no", type=text_arg, metavar="TRACKING_NO")
    p.add_argument("--as", dest="as_nip", type=text_arg, metavar="NIP", required=True)
    p.add_argument("--reason", required=True, help="why (at least a few letters)")
    p.add_argument("--name", type=text_arg, default=None)
    p.add_argument("--nik", type=text_arg, default=None)
    p.add_argument("--phone", default=None, help='the phone ("" to clear it)')
    p.add_argument("--service", type=text_arg, default=None, metavar="CODE")
    p.add_argument("--description", default=None)
    p.add_argument(
        "--received",
        action="append",
        type=text_arg,
        metavar="DOC",
        default=None,
        help="a document received (repeat: the whole checklist as it should be)",
    )
    p.set_defaults(func=cmd_correct)

    p = sub.add_parser("documents", parents=[common], help="tick documents brought later")
    p.add_argument("tracking_no", type=text_arg, metavar="TRACKING_NO")
    p.add_argument("--as", dest="as_nip", type=text_arg, metavar="NIP", required=True)
    p.add_argument(
        "--received",
        action="append",
        type=text_arg,
        metavar="DOC",
        required=True,
        help="a document brought now (repeat for several)",
    )
    p.set_defaults(func=cmd_correct)

    for name, func, text in (
        ("kiosk", cmd_kiosk, "the ticket kiosk (full screen, touch)"),
        ("display", cmd_display, "the queue display board (second screen)"),
    ):
        p = sub.add_parser(name, parents=[common], help=text)
        p.add_argument("--windowed", action="store_true", help="a window, not full screen")
        p.set_defaults(func=func)

    p = sub.add_parser("clock", parents=[common], help="clock in/out, or the week's hours")
    clock_sub = p.add_subparsers(dest="clock_command", required=True)
    for action in ("in", "out"):
        q = clock_sub.add_parser(action, parents=[common])
        q.add_argument("--as", dest="as_nip", type=text_arg, metavar="NIP", required=True)
        q.set_defaults(func=cmd_clock)
    q = clock_sub.add_parser("week", parents=[common])
    q.add_argument("--date", type=day_arg, help="a day of the week (default: today)")
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
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:  # status 1 like every failure (argparse would exit 2)
        _fail(str(exc))
        return 1
    _fill_defaults(args)
    args.data_dir = resolve_data_dir(args.data_dir)
    protect_data_dir(args.data_dir)
    func: Callable[[argparse.Namespace], int] = args.func
    # A command creates the data folder only with the office it makes (setup and demo log
    # once it exists); the GUI makes it for its set-up wizard.
    if args.data_dir.is_dir() or func is cmd_gui:
        setup_logging(args.data_dir, verbose=args.verbose)
    else:
        _quiet_logging()
    try:
        args.clock = _clock_of(args.now)
        return func(args)
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
    except ValidationError as exc:
        _fail(f"{exc.field}: {exc.message}")
    except (DeskError, CommandFailed) as exc:
        _fail(str(exc))
    except (KeyboardInterrupt, EOFError):  # Ctrl-C, or Ctrl-D at a PIN prompt
        _fail(render("cli.interrupted", DEFAULT_LANGUAGE))
        return 130
    except (DBAPIError, sqlite3.Error, OSError) as exc:
        _fail(_storage_failure(exc, args.data_dir))
    except ValueError as exc:
        _fail(str(exc))
    except Exception as exc:  # a bug: one line here, the traceback in the log
        logger.exception("desk-app %s failed", getattr(args, "command", None) or "gui")
        _fail(f"{render('error.unexpected', DEFAULT_LANGUAGE)} ({type(exc).__name__}: {exc})")
    return 1


def _storage_failure(exc: DBAPIError | sqlite3.Error | OSError, folder: Path) -> str:
    """The one line for a failure of the disk or of SQLite: read-only, full, locked, damaged."""
    in_folder = not isinstance(exc, OSError) or _inside(exc.filename, folder)
    problem = storage_problem(exc, database_path(folder)) if in_folder else None
    if problem is not None:
        return str(problem)
    if isinstance(exc, OSError):
        where = f"{os.fsdecode(exc.filename)}: " if exc.filename is not None else ""
        detail = f"{where}{exc.strerror or exc}"
        return render("error.file_io", DEFAULT_LANGUAGE, {"detail": detail})
    # Not the disk, not damage (a constraint, a bug): no advice that would mislead.
    logger.error("desk-app: database error", exc_info=exc)
    cause = getattr(exc, "orig", None) or exc
    detail = f"{type(cause).__name__}: {cause}"
    return f"{render('error.unexpected', DEFAULT_LANGUAGE)} ({detail})"


def _inside(filename: object, folder: Path) -> bool:
    """True when an OSError's file lies in the data folder (or names none)."""
    if filename is None:
        return True
    if not isinstance(filename, (str, bytes, os.PathLike)):
        return False
    real, base = os.path.realpath(os.fsdecode(filename)), os.path.realpath(folder)
    return real == base or real.startswith(base + os.sep)


def _quiet_logging() -> None:
    """No log file yet: keep records off stderr, where only the one result line belongs."""
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.NullHandler())


if __name__ == "__main__":
    sys.exit(main())
