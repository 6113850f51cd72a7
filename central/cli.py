"""The `desk-central` command: serve the city's API, register offices and desks, figures."""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import math
import re
import sys
import threading
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy.exc import ArgumentError, DBAPIError

from central import agency_report, catalogue, hub, offices, relay, rules_document, stats
from central.analytics import simulation, staffing, warmer
from central.errors import CentralError
from central.store.engine import Store, database_url, open_store
from desk_app.common.clock import Clock, clock_from_environment, parse_moment, stopped_clock
from desk_app.common.validation import FIRST_DAY, LAST_DAY
from desk_app.eventlog.wire import MAX_BATCH_EVENTS

DEFAULT_PORT = 8470


class CommandFailed(Exception):
    """A one-line reason for a non-zero exit."""


class UsageError(Exception):
    """A command line the parser refused."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose refusal is one line (raised, printed by `main`)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message.removeprefix('argument ')} ({self.prog} --help)")


def _moment(text: str) -> datetime:
    """--now: an ISO moment (Jakarta time without an offset) in the years the desks know."""
    try:
        moment = parse_moment(text)
    except (ValueError, OverflowError):
        message = f"{text[:40]!r} is not a moment (YYYY-MM-DDTHH:MM)"
        raise argparse.ArgumentTypeError(message) from None
    if not FIRST_DAY.year <= moment.year <= LAST_DAY.year:
        raise argparse.ArgumentTypeError(
            f"{text[:40]!r} is outside the years {FIRST_DAY.year}-{LAST_DAY.year}"
        )
    return moment


def _port(text: str) -> int:
    """A TCP port, 0-65535 (0: any free port)."""
    if not re.fullmatch(r"[0-9]{1,5}", text.strip()) or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a port (0-65535)")
    return int(text)


def _text(text: str) -> str:
    """A non-empty value without NUL."""
    if not text.strip() or "\x00" in text:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is empty or not valid")
    return text


def _day(text: str) -> date:
    """A local day, YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a day (YYYY-MM-DD)") from None


def _path(text: str) -> Path:
    return Path(_text(text))


class JsonLines(logging.Formatter):
    """Structured logs: one JSON object a line."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as JSON."""
        data = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            data["error"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


def _store(args: argparse.Namespace) -> Store:
    if args.data_dir is not None and args.data_dir.exists() and not args.data_dir.is_dir():
        raise CommandFailed(f"--data-dir: {args.data_dir} is not a folder")
    return open_store(database_url(data_dir=args.data_dir, url=args.database_url))


def _print(args: argparse.Namespace, data: Any, text: str) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str) if args.json else text)


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the API with uvicorn."""
    import uvicorn

    from central.api.app import create_app, tune_gc

    handler = logging.StreamHandler()
    handler.setFormatter(JsonLines())
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    # An office hub's upstream is checked before anything is opened or written.
    hub_state = _hub_state(args) if args.upstream else None
    store = _store(args)
    stops = [_start_relay(args, store, hub_state)] if args.upstream else []
    if args.warm_interval > 0:
        stops.append(warmer.start(store, clock=args.clock, interval=args.warm_interval))
    app = create_app(store, clock=args.clock)
    tune_gc()
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_config=None, access_log=False)
    finally:
        for stop in stops:
            stop.set()
    return 0


def _hub_office(store: Store, given: str | None) -> str:
    """The one office a hub's store holds (or --office when given)."""
    with store.transaction() as session:
        held = [o.office_code for o in offices.list_offices(session)]
    if given is not None:
        if given not in held:
            raise CommandFailed(f"--office: {given} is not registered here (office add)")
        return given
    if len(held) != 1:
        raise CommandFailed("--office: a hub serves one office; register it here first")
    return held[0]


def _hub_state(args: argparse.Namespace) -> hub.HubState | None:
    """The hub's enrolment (None when --upstream-code is to make it); fails in one line."""
    hub.check_url(args.upstream)
    state = hub.load(hub.data_folder(args.data_dir))
    if state is not None and args.upstream_code:
        raise CommandFailed("--upstream-code: this hub is enrolled already")
    if state is None and not args.upstream_code:
        raise CommandFailed("--upstream: enrol the hub first (hub enroll, or --upstream-code)")
    return state


def _start_relay(
    args: argparse.Namespace, store: Store, state: hub.HubState | None
) -> threading.Event:
    """Enrol the hub when --upstream-code is given, then start its relay thread."""
    upstream = hub.check_url(args.upstream)
    if state is None:
        office = _hub_office(store, None)
        folder = hub.data_folder(args.data_dir)
        state = hub.enroll(folder, upstream=upstream, office_code=office, code=args.upstream_code)
    state = dataclasses.replace(state, upstream=upstream)  # the city may move; the token not
    return relay.start(
        store, state, clock=args.clock, batch=args.relay_batch, interval=args.relay_interval
    )


def cmd_hub_enroll(args: argparse.Namespace) -> int:
    """Enrol this server as its office's hub at the city; the token goes to upstream.json."""
    store = _store(args)
    office = _hub_office(store, args.office)
    folder = hub.data_folder(args.data_dir)
    state = hub.enroll(
        folder,
        upstream=args.upstream,
        office_code=office,
        code=args.code,
        ca_bundle=str(args.ca_bundle or ""),
    )
    _print(
        args,
        {"office_code": office, "device_id": state.device_id, "upstream": state.upstream},
        f"hub of {office} enrolled at {state.upstream} as {state.device_id}",
    )
    return 0


def cmd_office_add(args: argparse.Namespace) -> int:
    """Register an office; the last word printed is its first one-time enrolment code."""
    store = _store(args)
    now = args.clock()
    with store.transaction() as session:
        office = offices.register_office(session, office_code=args.code, now=now)
        code = offices.issue_code(session, office_code=args.code, now=now)
    _print(
        args,
        {"office_code": office.office_code, "name": office.name, "enrolment_code": code},
        f"{office.name} ({office.office_code}) registered; enrolment code: {code}",
    )
    return 0


def cmd_office_code(args: argparse.Namespace) -> int:
    """A fresh one-time enrolment code for another desk of the office (last word)."""
    store = _store(args)
    with store.transaction() as session:
        code = offices.issue_code(session, office_code=args.code, now=args.clock())
    _print(args, {"office_code": args.code, "enrolment_code": code}, f"enrolment code: {code}")
    return 0


def cmd_office_list(args: argparse.Namespace) -> int:
    """Registered offices."""
    store = _store(args)
    with store.transaction() as session:
        rows = offices.list_offices(session)
    _print(
        args,
        [r.__dict__ for r in rows],
        "\n".join(f"{r.office_code}  {r.level:10} {r.name}" for r in rows) or "no office",
    )
    return 0


def cmd_device_list(args: argparse.Namespace) -> int:
    """Enrolled devices, per office."""
    store = _store(args)
    with store.transaction() as session:
        codes = (
            [args.office] if args.office else [o.office_code for o in offices.list_offices(session)]
        )
        data = {code: stats.office_figures(session, office_code=code).devices for code in codes}
    lines = [
        f"{code}  {d['device_no']:02d}  {d['device_id']}  held {d['acked_seq']}"
        + ("  REVOKED" if d["revoked"] else "")
        + (f"  succeeds {d['predecessor_id']}" if d["predecessor_id"] else "")
        for code, devices in data.items()
        for d in devices
    ]
    _print(args, data, "\n".join(lines) or "no device")
    return 0


def cmd_device_revoke(args: argparse.Namespace) -> int:
    """Revoke a device: its pushes are refused until it enrols again."""
    store = _store(args)
    with store.transaction() as session:
        offices.revoke(session, office_code=args.office, device_id=args.device_id, now=args.clock())
    _print(args, {"revoked": args.device_id}, f"device {args.device_id} revoked")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    """Per office: tasks by status, events, devices and flags, as the city computed them."""
    store = _store(args)
    with store.transaction() as session:
        if args.office:
            offices.get_office(session, office_code=args.office)
            codes = [args.office]
        else:
            codes = [o.office_code for o in offices.list_offices(session)]
        figures = [
            stats.office_figures(session, office_code=c, now=args.clock()).to_json() for c in codes
        ]
    data: Any = figures[0] if args.office else figures
    text = "\n".join(
        f"{f['office_code']}: {f['events']} events, tasks {f['tasks_by_status']}, "
        f"flags {f['flags'] or 'none'}"
        for f in figures
    )
    _print(args, data, text or "no office")
    return 0


def cmd_agencies(args: argparse.Namespace) -> int:
    """Agencies ranked by the Kaplan-Meier median time they hold files."""
    store = _store(args)
    window = agency_report.Window(args.first, args.last)
    with store.transaction() as session:
        found = agency_report.agency_report(
            session, now=args.clock(), office_code=args.office, window=window
        )
    lines = [
        f"{line.rank:>3}  {line.agency_code:12} {line.stays:5} stays, median "
        + (f"{line.median_days:.1f}" if line.median_days is not None else "not reached")
        + f" days, {line.late} late, {line.problems} with a problem"
        for line in found.ranked
    ]
    lines += [
        f"  -  {line.agency_code:12} {line.stays:5} stays (too few)" for line in found.too_few
    ]
    _print(args, found.to_json(), "\n".join(lines) or "no agency stays")
    return 0


def cmd_opening_hours(args: argparse.Namespace) -> int:
    """The recommended opening window per weekday, wasted hours and a shift plan."""
    from central.api import demand_routes

    store = _store(args)
    with store.transaction() as session:
        data = demand_routes.opening_hours_report(
            session,
            office_code=args.office,
            now=args.clock(),
            first=args.first,
            last=args.last,
            share=args.share,
        )
    lines = [f"{args.office}: {data['from']} to {data['to']}, covers {data['covered_share']:.1%}"]
    lines += [
        f"{w['weekday']:10} "
        + (f"{w['start']}-{w['end']}" if w["open"] else "closed     ")
        + f"  {w['share_of_week']:6.1%} of the week"
        for w in data["windows"]
    ]
    lines.append(f"saturday: {data['saturday']['reason']}")
    lines.append(f"wasted open hours: {len(data['wasted_hours']['hours'])}")
    plan = data["shift_plan"]
    lines.append(
        f"shift plan: {plan['officers_planned']} officers"
        f" (at least {plan['officers_lower_bound']}), {plan['weekly_hours']:g} h a week each"
    )
    _print(args, data, "\n".join(lines))
    return 0


def cmd_underused(args: argparse.Namespace) -> int:
    """Offices below the threshold, each with the modelled effect of merging it."""
    from central.api import demand_routes

    store = _store(args)
    with store.transaction() as session:
        data = demand_routes.underused_report(
            session,
            now=args.clock(),
            first=args.first,
            last=args.last,
            threshold=args.threshold,
            min_per_day=args.min_per_day,
        )
    median = data["median_served_per_officer_hour"]
    lines = [f"{data['from']} to {data['to']}: city median {median} served per officer-hour"]
    for c in data["candidates"]:
        line = f"{c['office_code']}  {c['served_per_officer_hour']}/officer-hour"
        line += f", {c['served_per_day']} a day"
        merge = c["merge"]
        if merge is None:
            line += ", no other office in its kecamatan"
        else:
            before = merge["before"]["average_wait_seconds"]
            after = merge["after"]["average_wait_seconds"]
            moved = merge["after_with_moved_officers"]["average_wait_seconds"]
            line += (
                f" -> {merge['neighbour']}: wait {before} s -> {after} s"
                f" ({moved} s with its officers moved)"
            )
            if merge["pushes_past_target"]:
                line += "  PAST TARGET"
        lines.append(line)
    if not data["candidates"]:
        lines.append("no office below the threshold")
    _print(args, data, "\n".join(lines))
    return 0


def cmd_catalogue_publish(args: argparse.Namespace) -> int:
    """Publish a catalogue CSV (the shipped format) as the next city-wide version."""
    try:
        text = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandFailed(f"{args.file}: {getattr(exc, 'strerror', None) or exc}") from exc
    services = catalogue.parse_csv(text)
    store = _store(args)
    with store.transaction() as session:
        done = catalogue.publish(session, services=services, now=args.clock())
    _print(
        args,
        done.__dict__,
        f"catalogue version {done.version} published: {done.services} services",
    )
    return 0


def cmd_rules_publish(args: argparse.Namespace) -> int:
    """Publish a points rules file (the shipped JSON format) as the next city-wide document."""
    try:
        text = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandFailed(f"{args.file}: {getattr(exc, 'strerror', None) or exc}") from exc
    versions = rules_document.parse_file(text)
    store = _store(args)
    with store.transaction() as session:
        done, added = rules_document.publish(session, versions=versions, now=args.clock())
    data = {"document": done.document, "sha256": done.sha256, "added": list(added)}
    start = {r.version: r.effective_from for r in done.versions}
    words = ", ".join(f"{v} from {start[v]}" for v in added)
    _print(args, data, f"points rules document {done.document} published: new versions {words}")
    return 0


def _number(*, low: float, high: float, low_included: bool = False) -> Callable[[str], float]:
    """A finite number above `low` (or at it, when included) and at most `high`."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a number") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a finite number")
        if value < low or (value == low and not low_included):
            word = "at least" if low_included else "above"
            raise argparse.ArgumentTypeError(f"{text[:40]!r}: must be {word} {low:g}")
        if value > high:
            raise argparse.ArgumentTypeError(f"{text[:40]!r}: must be at most {high:g}")
        return value

    return parse


def _count(*, low: int, high: int) -> Callable[[str], int]:
    """A whole number from `low` to `high`."""

    def parse(text: str) -> int:
        if not re.fullmatch(r"[0-9]{1,9}", text.strip()) or not low <= int(text) <= high:
            raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a whole number {low}-{high}")
        return int(text)

    return parse


def cmd_staffing(args: argparse.Namespace) -> int:
    """What-if staffing: Erlang C, or Erlang A with --patience-minutes; optionally simulated."""
    try:
        load = staffing.Load(args.arrivals_per_hour, args.handle_minutes, args.patience_minutes)
        target = staffing.Target(args.target_seconds, args.target_level)
        needed: staffing.Figures | None
        if args.officers is None:
            result = needed = staffing.officers_needed(load, target)
        else:
            result = staffing.figures(load, officers=args.officers, target_seconds=target.seconds)
            try:
                needed = staffing.officers_needed(load, target)
            except staffing.StaffingError:
                needed = None  # more than anyone could staff; the figures still stand
        observed = None
        if args.simulate is not None:
            observed = simulation.simulate(
                arrivals_per_hour=[load.arrivals_per_hour] * args.simulate,
                handle=load.handle_minutes,
                officers=result.officers,
                target_seconds=target.seconds,
                patience_minutes=load.patience_minutes,
                warmup_hours=1 if args.simulate > 1 else 0,
                seed=args.seed,
            )
    except (staffing.StaffingError, simulation.SimulationError) as exc:
        raise CommandFailed(str(exc)) from exc
    data = {
        **result.to_json(),
        "arrivals_per_hour": load.arrivals_per_hour,
        "handle_minutes": load.handle_minutes,
        "patience_minutes": load.patience_minutes,
        "target_seconds": target.seconds,
        "target_level": target.level,
        "meets_target": result.meets(target),
        "officers_needed": None if needed is None else needed.officers,
    }
    wait = result.average_wait_seconds
    lines = [
        f"{'Erlang C' if load.patience_minutes is None else 'Erlang A'}: "
        f"{result.offered_erlangs:.2f} Erlangs offered, {result.officers} officers",
        f"probability of waiting  {result.p_wait:.1%}",
        f"service level           {result.service_level:.1%} within {target.seconds:g} s "
        f"(target {target.level:.0%}: {'met' if data['meets_target'] else 'not met'})",
        "average wait            " + ("grows without bound" if wait is None else f"{wait:.0f} s"),
        f"occupancy               {result.occupancy:.1%}",
        f"abandonment             {result.abandonment:.1%}",
        "officers needed         "
        + (f"more than {staffing.MAX_OFFICERS}" if needed is None else str(needed.officers)),
    ]
    if observed is not None:
        data["simulation"] = {
            **observed.to_json(),
            "hours": args.simulate,
            "seed": args.seed,
            "disagreement_points": simulation.disagreement_points(result, observed),
        }
        lines.append(simulation.agreement_sentence(result, observed))
    _print(args, data, "\n".join(lines))
    return 0


def _month(text: str) -> date:
    """--month: YYYY-MM, its first day."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}", text.strip()):
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a month (YYYY-MM)")
    try:
        month = date(int(text[:4]), int(text[5:7]), 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a month (YYYY-MM)") from None
    if not FIRST_DAY.year <= month.year <= LAST_DAY.year:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is outside the years the desks know")
    return month


def cmd_month_report(args: argparse.Namespace) -> int:
    """The monthly PDF report of the city, or of one office, written into --out (0600)."""
    from central.reports import figures, month_report
    from desk_app.common.errors import DeskError

    first, last = figures.month_window(args.month)
    store = _store(args)
    now = args.clock()
    with store.transaction() as session:
        found = figures.gather(session, now=now, first=first, last=last, office_code=args.office)
    try:
        path = month_report.write(found, args.out, month=args.month, generated_at=now)
    except DeskError as exc:  # an output folder or file Loket refuses to write into
        raise CommandFailed(str(exc)) from exc
    _print(args, {"path": str(path), "month": f"{args.month:%Y-%m}"}, f"written: {path}")
    return 0


def cmd_simulate(args: argparse.Namespace) -> int:
    """A synthetic city with planted facts: into the store (or --out files), truth beside it."""
    import os

    from central.analytics import evaluate
    from central.simulate import load
    from central.simulate import plan as city_plan
    from central.store.engine import URL_VARIABLE

    try:
        city = city_plan.plan_city(
            offices_count=args.offices, days=args.days, seed=args.seed, start=args.start
        )
    except city_plan.PlanError as exc:
        raise CommandFailed(str(exc)) from exc
    url_given = args.database_url is not None or bool(os.environ.get(URL_VARIABLE))
    into_store = args.data_dir is not None or url_given or args.out is None
    if args.evaluate and not into_store:
        raise CommandFailed("--evaluate: needs a store (--data-dir or --database-url)")
    if into_store and args.out is None and url_given and args.data_dir is None:
        raise CommandFailed("--out: a folder for truth.json is required with --database-url")
    data: dict[str, Any] = {}
    if into_store:
        store = _store(args)
        folder = args.out or (args.data_dir if url_given else None)
        folder = folder or Path(store.url.removeprefix("sqlite:///")).parent
        done = load.generate_into(store, city, mode=args.mode)
        truth = load.write_truth(folder, done)
        if args.evaluate:
            with store.transaction() as session:
                found = evaluate.evaluate(session, done.truth())
            data["evaluation"] = found.to_json()
    else:
        done = load.generate_files(city, args.out)
        truth = args.out / load.TRUTH_FILE
    data = {
        "offices": args.offices,
        "days": args.days,
        "seed": args.seed,
        "events": done.events,
        "seconds": round(done.seconds, 1),
        "mode": args.mode if into_store else "files",
        "truth": str(truth),
        **data,
    }
    lines = [
        f"{args.offices} offices x {args.days} days (seed {args.seed}): {done.events} events "
        f"in {done.seconds:.1f} s ({data['mode']}); planted truth: {truth}"
    ]
    if args.evaluate:
        lines += found.lines()
    _print(args, data, "\n".join(lines))
    return 0


def cmd_rollups_rebuild(args: argparse.Namespace) -> int:
    """Recompute the hour rollups of one office, or of every office, from the events."""
    from central.analytics import rollups

    store = _store(args)
    with store.transaction() as session:
        if args.office is not None and args.office not in rollups.office_codes(session):
            raise CommandFailed(f"--office: {args.office} is not an office the city knows")
        written = rollups.rebuild(session, office_code=args.office)
    where = args.office or "every office"
    _print(args, {"office": args.office, "cells": written}, f"{where}: {written} hour cells")
    return 0


def cmd_ideal_staff(args: argparse.Namespace) -> int:
    """Officers needed per weekday x hour against attendance, checked by simulation."""
    from central.analytics import ideal_staff, rollups
    from central.api import analytics_routes
    from desk_app.common.workdays import local_day

    first, last = analytics_routes.window(args.first, args.last, today=local_day(args.clock()))
    target = staffing.Target(seconds=args.target_seconds, level=args.target_level)
    store = _store(args)
    with store.transaction() as session:
        if args.office not in rollups.office_codes(session):
            raise CommandFailed(f"--office: {args.office} is not an office the city knows")
        cells = rollups.cells(session, office_code=args.office, first=first, last=last)
    found = ideal_staff.plan(cells, target, simulate=not args.no_simulation, first=first, last=last)
    office = found.office(args.office)
    head = (
        f"{args.office}: {first} to {last}, target {target.level:.0%} within {target.seconds:g} s"
    )
    if office is None:
        _print(args, {**found.to_json(), "office": args.office}, f"{head}\nno activity")
        return 0
    s = office.summary
    lines = [
        head,
        f"under-staffed {s.hours_under} h a week ({s.officer_hours_missing_per_week:.1f} "
        f"officer-hours missing), over-staffed {s.hours_over} h a week "
        f"({s.officer_hours_wasted_per_week:.1f} officer-hours wasted)",
    ]
    for slot in office.slots:
        if slot.status in ("under", "over"):
            lines.append(
                f"  {slot.label}  {slot.arrivals_per_hour:5.1f}/h  needs {slot.needed}"
                f" ({slot.model or '-'}), present {slot.present:.1f}: {slot.status}-staffed"
            )
    lines += office.agreement
    _print(args, {**found.to_json(), "office": args.office}, "\n".join(lines))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `desk-central`."""
    common = _Parser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument("--data-dir", type=_path, help="folder of the embedded SQLite store")
    common.add_argument(
        "--database-url",
        type=_text,
        help="e.g. postgresql+psycopg://user@host/db (default: $DESK_CENTRAL_DATABASE_URL)",
    )
    common.add_argument("--json", action="store_true", help="print JSON")
    common.add_argument("--now", type=_moment, metavar="MOMENT", help="act at this moment (tests)")
    parser = _Parser(prog="desk-central", parents=[common])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", parents=[common], help="run the city's API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=_port, default=DEFAULT_PORT)
    p.add_argument("--upstream", metavar="URL", type=_text, help="office hub: the city's URL")
    p.add_argument("--upstream-code", metavar="CODE", type=_text, help="enrol the hub first")
    p.add_argument("--relay-interval", type=_number(low=0, high=3600), default=10.0)
    p.add_argument("--relay-batch", type=_count(low=1, high=MAX_BATCH_EVENTS), default=500)
    p.add_argument(
        "--warm-interval",
        type=_number(low=0, high=86400, low_included=True),
        default=warmer.DEFAULT_INTERVAL,
        help="seconds between background refreshes of the analytics answers (0: none)",
    )
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("hub", parents=[common], help="run this server as an office's hub")
    hub_sub = p.add_subparsers(dest="hub_command", required=True)
    q = hub_sub.add_parser("enroll", parents=[common])
    q.add_argument("--upstream", metavar="URL", type=_text, required=True)
    q.add_argument("--code", metavar="CODE", type=_text, required=True)
    q.add_argument("--office", metavar="CODE", type=_text)
    q.add_argument("--ca-bundle", metavar="FILE", type=_path)
    q.set_defaults(func=cmd_hub_enroll)

    p = sub.add_parser("office", parents=[common], help="register offices, enrolment codes")
    office_sub = p.add_subparsers(dest="office_command", required=True)
    q = office_sub.add_parser("add", parents=[common])
    q.add_argument("code", metavar="CODE", help="Kemendagri code, e.g. 31.74.08.1005")
    q.set_defaults(func=cmd_office_add)
    q = office_sub.add_parser("code", parents=[common])
    q.add_argument("code", metavar="CODE")
    q.set_defaults(func=cmd_office_code)
    q = office_sub.add_parser("list", parents=[common])
    q.set_defaults(func=cmd_office_list)

    p = sub.add_parser("device", parents=[common], help="list or revoke devices")
    device_sub = p.add_subparsers(dest="device_command", required=True)
    q = device_sub.add_parser("list", parents=[common])
    q.add_argument("--office", metavar="CODE")
    q.set_defaults(func=cmd_device_list)
    q = device_sub.add_parser("revoke", parents=[common])
    q.add_argument("office", metavar="CODE")
    q.add_argument("device_id", metavar="DEVICE_ID")
    q.set_defaults(func=cmd_device_revoke)

    p = sub.add_parser("catalogue", parents=[common], help="publish the city-wide catalogue")
    catalogue_sub = p.add_subparsers(dest="catalogue_command", required=True)
    q = catalogue_sub.add_parser("publish", parents=[common])
    q.add_argument("file", type=_path, metavar="FILE.csv")
    q.set_defaults(func=cmd_catalogue_publish)

    p = sub.add_parser("rules", parents=[common], help="publish the city-wide points rules")
    rules_sub = p.add_subparsers(dest="rules_command", required=True)
    q = rules_sub.add_parser("publish", parents=[common])
    q.add_argument("file", type=_path, metavar="FILE.json")
    q.set_defaults(func=cmd_rules_publish)

    p = sub.add_parser("stats", parents=[common], help="per office figures")
    p.add_argument("--office", metavar="CODE")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("agencies", parents=[common], help="agencies ranked by time held")
    p.add_argument("--office", metavar="CODE")
    p.add_argument("--from", dest="first", type=_day, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="last", type=_day, metavar="YYYY-MM-DD")
    p.set_defaults(func=cmd_agencies)

    p = sub.add_parser("rollups", parents=[common], help="the hour rollups of the analytics")
    rollups_sub = p.add_subparsers(dest="rollups_command", required=True)
    q = rollups_sub.add_parser("rebuild", parents=[common])
    q.add_argument("--office", metavar="CODE", type=_text)
    q.set_defaults(func=cmd_rollups_rebuild, office=None)

    p = sub.add_parser("ideal-staff", parents=[common], help="officers needed per hour")
    p.add_argument("--office", metavar="CODE", type=_text, required=True)
    p.add_argument("--from", dest="first", type=_day, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="last", type=_day, metavar="YYYY-MM-DD")
    p.add_argument(
        "--target-seconds", type=_number(low=0, high=86_400, low_included=True), default=900.0
    )
    p.add_argument("--target-level", type=_number(low=0, high=1), default=0.8)
    p.add_argument("--no-simulation", action="store_true", help="skip the simulation check")
    p.set_defaults(func=cmd_ideal_staff)

    p = sub.add_parser("opening-hours", parents=[common], help="recommended opening hours")
    p.add_argument("--office", metavar="CODE", type=_text, required=True)
    p.add_argument("--from", dest="first", type=_day, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="last", type=_day, metavar="YYYY-MM-DD")
    p.add_argument(
        "--share", type=_number(low=0, high=1), default=0.95, help="share of demand covered"
    )
    p.set_defaults(func=cmd_opening_hours)

    p = sub.add_parser("underused", parents=[common], help="under-used offices, merge candidates")
    p.add_argument("--from", dest="first", type=_day, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="last", type=_day, metavar="YYYY-MM-DD")
    p.add_argument(
        "--threshold",
        type=_number(low=0, high=1, low_included=True),
        default=0.25,
        help="below this share of the city median served per officer-hour",
    )
    p.add_argument(
        "--min-per-day", type=_number(low=0, high=100_000, low_included=True), default=None
    )
    p.set_defaults(func=cmd_underused)

    p = sub.add_parser("staffing", parents=[common], help="officers needed for a target (Erlang)")
    p.add_argument("--arrivals-per-hour", type=_number(low=0, high=10_000), required=True)
    p.add_argument("--handle-minutes", type=_number(low=0, high=480), required=True)
    p.add_argument(
        "--patience-minutes",
        type=_number(low=0, high=480),
        help="mean patience; given, visitors may leave (Erlang A), else none does (Erlang C)",
    )
    p.add_argument(
        "--target-seconds", type=_number(low=0, high=3600, low_included=True), required=True
    )
    p.add_argument(
        "--target-level",
        type=_number(low=0, high=1),
        required=True,
        help="share of arrivals served within the target seconds, e.g. 0.8",
    )
    p.add_argument(
        "--officers",
        type=_count(low=1, high=staffing.MAX_OFFICERS),
        help="figures for this many officers (default: the fewest meeting the target)",
    )
    p.add_argument(
        "--simulate",
        type=_count(low=1, high=1000),
        metavar="HOURS",
        help="check the model against a simulation of this many hours",
    )
    p.add_argument("--seed", type=_count(low=0, high=2**31), default=1)
    p.set_defaults(func=cmd_staffing)

    p = sub.add_parser("month-report", parents=[common], help="the monthly PDF report")
    p.add_argument("--month", type=_month, required=True, metavar="YYYY-MM")
    p.add_argument("--office", metavar="CODE", help="one office (default: the whole city)")
    p.add_argument("--out", type=_path, required=True, metavar="DIR")
    p.set_defaults(func=cmd_month_report)

    p = sub.add_parser("simulate", parents=[common], help="a synthetic city with planted facts")
    p.add_argument("--offices", type=_count(low=1, high=267), default=267)
    p.add_argument("--days", type=_count(low=1, high=3660), default=90)
    p.add_argument("--seed", type=_count(low=0, high=2**31), default=1)
    p.add_argument("--start", type=_day, default=date(2026, 6, 15), metavar="YYYY-MM-DD")
    p.add_argument("--out", type=_path, metavar="DIR", help="event files and truth.json here")
    p.add_argument("--mode", choices=("bulk", "push"), default="bulk")
    p.add_argument("--evaluate", action="store_true", help="print the analytics' precision")
    p.set_defaults(func=cmd_simulate)
    return parser


def _clock(moment: datetime | None) -> Clock:
    if moment is not None:
        return stopped_clock(moment)
    try:
        clock = clock_from_environment()
        _moment(clock().isoformat())
    except (ValueError, OverflowError, argparse.ArgumentTypeError):
        raise CommandFailed("$DESK_APP_NOW: not a moment (YYYY-MM-DDTHH:MM)") from None
    return clock


# The shared options are SUPPRESSed in every (sub)parser, so that one given before the
# subcommand survives it; their defaults are filled in after parsing. (set_defaults would
# change the shared option objects themselves, and a subcommand would reset the value.)
OPTION_DEFAULTS = dict(data_dir=None, database_url=None, json=False, now=None)


def _fill_defaults(args: argparse.Namespace) -> None:
    """Default every shared option not given anywhere on the command line."""
    for name, value in OPTION_DEFAULTS.items():
        if not hasattr(args, name):
            setattr(args, name, value)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: exit 0 on success, else one line on stderr and exit 1."""
    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        _fail(str(exc))
        return 1
    _fill_defaults(args)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        args.clock = _clock(args.now)
        return func(args)
    except (CentralError, CommandFailed) as exc:
        _fail(str(exc))
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename is not None else ""
        _fail(f"{where}{exc.strerror or exc}")
    except ArgumentError as exc:  # an unusable --database-url
        _fail(f"--database-url: {exc}")
    except DBAPIError as exc:
        _fail(f"database: {exc.orig}")
    except Exception as exc:  # a bug: one line, not a traceback
        logging.getLogger(__name__).exception("desk-central failed")
        _fail(f"unexpected error ({type(exc).__name__}: {exc})")
    return 1


def _fail(text: str) -> None:
    """The one line a failing command prints (line breaks in it shown as escapes)."""
    line = text.strip().replace("\r", "\\r").replace("\n", "\\n")
    print(f"desk-central: {line}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
