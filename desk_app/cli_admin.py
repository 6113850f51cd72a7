"""The admin subcommands of `desk-app`: officers, office settings and the catalogue.

Registered by `desk_app.cli.build_parser`; the same use cases as the GUI's admin screens.

Every way to give a PIN (the acting officer's first, then a new one):

* typed at a prompt, without echo, when the command runs in a terminal;
* $DESK_APP_PIN (the acting officer's) and $DESK_APP_NEW_PIN (a new or one-time PIN);
* --pin-stdin: one PIN per line on standard input, in that order (for scripts).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from desk_app import cli
from desk_app.common.errors import DeskError
from desk_app.common.validation import validate_name, validate_nip, validate_pin, validate_reason
from desk_app.db.engine import Database
from desk_app.office import catalogue, catalogue_admin, office_settings, officers

PIN_HELP = (
    "PINs: typed at a prompt (in a terminal), or $DESK_APP_PIN for the acting officer and "
    "$DESK_APP_NEW_PIN for a new or one-time PIN, or --pin-stdin: one PIN per line on "
    "standard input, the acting officer's first."
)
ONE_TIME_HELP = (
    "The PIN an admin sets is a one-time PIN: the officer must choose their own at the next "
    "log-in (GUI, or `desk-app officer pin --as NIP`). With --no-pin there is none and the "
    "officer chooses one at the desk: do that only with the officer there."
)


def _pin(args: argparse.Namespace, prompt: str, variable: str, what: str) -> str:
    """The next PIN: a line of standard input with --pin-stdin, else $variable or a prompt."""
    if getattr(args, "pin_stdin", False):
        line = sys.stdin.readline()
        if not line:
            raise DeskError("cli.pin_stdin_missing", what=what)
        return line.rstrip("\r\n")
    return cli._read_pin(prompt, variable)


def _acting_pin(args: argparse.Namespace) -> str:
    return _pin(args, "PIN Anda: ", cli.PIN_ENV, "the acting officer's PIN")


def _new_pin(args: argparse.Namespace, prompt: str = "PIN baru: ") -> str | None:
    if getattr(args, "no_pin", False):
        return None
    return validate_pin(_pin(args, prompt, cli.NEW_PIN_ENV, "the new PIN"))


def _target(db: Database, nip: str) -> officers.OfficerInfo:
    with db.read() as session:
        for person in officers.list_officers(session, include_inactive=True):
            if person.nip == nip.strip():
                return person
    raise DeskError("officer.nip_not_found", nip=nip.strip())


def _shown(person: officers.OfficerInfo) -> str:
    state = "aktif" if person.active else "nonaktif"
    flag = ", harus ganti PIN" if person.must_change_pin else ""
    return f"{person.name} ({person.nip}): {person.role}, {state}{flag}"


def cmd_officer_add(args: argparse.Namespace) -> int:
    """An admin adds an officer with a one-time PIN (or none)."""
    # Everything is checked before the admin's log-in writes anything.
    validate_nip(args.nip)
    validate_name(args.name)
    admin_pin = _acting_pin(args)
    new_pin = _new_pin(args, "PIN sekali pakai petugas baru: ")
    db = cli._open(args)
    admin = officers.log_in(db, nip=args.admin, pin=admin_pin, now=cli._now(args))
    with db.write() as session:
        person = officers.create_officer(
            session,
            actor_id=admin.id,
            nip=args.nip,
            name=args.name,
            role=args.role,
            pin=new_pin,
            must_change_pin=True,
            now=cli._now(args),
        )
    cli._emit(args, person.__dict__, f"Petugas ditambahkan: {_shown(person)}")
    return 0


def cmd_officer_change(args: argparse.Namespace) -> int:
    """An admin changes a role, deactivates, reactivates, unlocks or resets a PIN."""
    action = args.officer_command
    reason = getattr(args, "reason", None) or ""
    if action == "deactivate":
        validate_reason(reason)
    admin_pin = _acting_pin(args)
    new_pin = _new_pin(args, "PIN sekali pakai: ") if action == "reset-pin" else None
    db = cli._open(args)
    target = _target(db, args.nip)
    now = cli._now(args)
    admin = officers.log_in(db, nip=args.admin, pin=admin_pin, now=now)
    with db.write() as session:
        common: dict[str, Any] = {"actor_id": admin.id, "officer_id": target.id, "now": now}
        if action == "role":
            person = officers.change_role(session, role=args.role, **common)
        elif action == "deactivate":
            person = officers.deactivate_officer(session, reason=reason, **common)
        elif action == "reactivate":
            person = officers.reactivate_officer(session, reason=reason, **common)
        elif action == "unlock":
            person = officers.unlock_officer(session, **common)
        else:
            person = officers.reset_pin(session, pin=new_pin, **common)
    cli._emit(args, person.__dict__, _shown(person))
    return 0


def cmd_officer_pin(args: argparse.Namespace) -> int:
    """An officer chooses a new PIN (a one-time PIN must be replaced before working)."""
    current = _pin(args, "PIN sekarang: ", cli.PIN_ENV, "the current PIN")
    new = validate_pin(_pin(args, "PIN baru: ", cli.NEW_PIN_ENV, "the new PIN"))
    typed = not getattr(args, "pin_stdin", False) and not os.environ.get(cli.NEW_PIN_ENV)
    if typed and cli._read_pin("Ulangi PIN baru: ", cli.NEW_PIN_ENV) != new:
        raise DeskError("pin.mismatch")
    db = cli._open(args)
    now = cli._now(args)
    person = officers.log_in(db, nip=args.as_nip, pin=current, now=now, pin_change=True)
    with db.write() as session:
        person = officers.change_own_pin(
            session, officer_id=person.id, current_pin=current, new_pin=new, now=now
        )
    cli._emit(args, person.__dict__, f"PIN {person.name} diganti.")
    return 0


def cmd_setting_list(args: argparse.Namespace) -> int:
    """The office settings and their values."""
    with cli._open(args).read() as session:
        values = {key: office_settings.setting(session, key) for key in office_settings.SETTINGS}
    cli._emit(args, values, "\n".join(f"{key} = {value}" for key, value in values.items()))
    return 0


def cmd_setting_set(args: argparse.Namespace) -> int:
    """A lead or admin changes an office setting (checked before the log-in)."""
    if args.key not in office_settings.SETTINGS:
        raise DeskError("settings.unknown", key=args.key)
    office_settings.SETTINGS[args.key][1](args.value)
    pin = _acting_pin(args)
    db = cli._open(args)
    now = cli._now(args)
    person = officers.log_in(db, nip=args.as_nip, pin=pin, now=now)
    with db.write() as session:
        value = office_settings.change_setting(
            session, actor_id=person.id, key=args.key, value=args.value, now=now
        )
    cli._emit(args, {args.key: value}, f"{args.key} = {value}")
    return 0


def _service_line(row: catalogue_admin.CatalogueRow) -> str:
    s = row.service
    fee = "retribusi" if s.fee_idr is None else f"Rp {s.fee_idr}"
    state = "" if s.active else " (nonaktif)"
    return f"{s.code:24} {row.origin:7} {s.sla_working_days:>3} hk  {fee:14} {s.name_id}{state}"


def cmd_service_list(args: argparse.Namespace) -> int:
    """The catalogue with each service's origin (bawaan / kota / kantor) and source."""
    with cli._open(args).read() as session:
        rows = catalogue_admin.list_catalogue(session)
    data = [{**r.service.__dict__, "origin": r.origin} for r in rows]
    cli._emit(args, data, "\n".join(_service_line(r) for r in rows))
    return 0


def _fields(args: argparse.Namespace) -> catalogue_admin.ServiceFields:
    """The typed values, checked before the log-in (the agency is checked by the use case)."""
    fields = catalogue_admin.ServiceFields(
        name_id=args.name_id,
        name_en=args.name_en,
        level=args.level,
        agency_code=args.agency,
        sla=args.sla,
        fee=args.fee,
        documents=args.documents,
        active=None if args.active is None else args.active == "yes",
    )
    if fields.sla is not None:
        catalogue_admin.parse_sla(fields.sla)
    if fields.fee is not None:
        catalogue_admin.parse_fee(fields.fee)
    if fields.documents is not None:
        catalogue_admin.parse_documents(fields.documents)
    return fields


def cmd_service_set(args: argparse.Namespace) -> int:
    """An admin edits a service: the next intake takes the new values, old tasks keep theirs."""
    fields = _fields(args)
    pin = _acting_pin(args)
    db = cli._open(args)
    now = cli._now(args)
    admin = officers.log_in(db, nip=args.admin, pin=pin, now=now)
    with db.write() as session:
        info = catalogue_admin.change_service(
            session, actor_id=admin.id, code=args.code, fields=fields, now=now
        )
    cli._emit(args, info.__dict__, f"{info.code}: {info.name_id} — {info.source}")
    return 0


def cmd_service_add(args: argparse.Namespace) -> int:
    """An admin adds a service of the office's own (code: the office code, '-', SUFFIX)."""
    fields = _fields(args)
    pin = _acting_pin(args)
    db = cli._open(args)
    now = cli._now(args)
    admin = officers.log_in(db, nip=args.admin, pin=pin, now=now)
    with db.write() as session:
        info = catalogue_admin.add_local_service(
            session, actor_id=admin.id, suffix=args.suffix, fields=fields, now=now
        )
    cli._emit(args, info.__dict__, f"{info.code}: {info.name_id} ditambahkan.")
    return 0


def _pin_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pin-stdin", action="store_true", help="read the PINs from standard input, one a line"
    )


def add_officer_commands(officer_sub: Any, common: argparse.ArgumentParser) -> None:
    """`officer add|role|deactivate|reactivate|unlock|reset-pin|pin`."""
    admin_help = "NIP of the admin doing it"
    q = officer_sub.add_parser(
        "add", parents=[common], help="add an officer", epilog=f"{ONE_TIME_HELP} {PIN_HELP}"
    )
    q.add_argument("--admin", type=cli.text_arg, required=True, help=admin_help)
    q.add_argument("--nip", type=cli.text_arg, required=True)
    q.add_argument("--name", type=cli.text_arg, required=True)
    q.add_argument("--role", choices=officers.ROLES, default="officer")
    q.add_argument("--no-pin", action="store_true", help="no PIN: chosen at the first log-in")
    _pin_options(q)
    q.set_defaults(func=cmd_officer_add)
    for action, text in (
        ("role", "give an officer another role"),
        ("deactivate", "stop an officer from logging in (history stays)"),
        ("reactivate", "let a deactivated officer log in again"),
        ("unlock", "lift a lock-out after wrong PINs"),
        ("reset-pin", "set a one-time PIN (or none) the officer must replace"),
    ):
        epilog = f"{ONE_TIME_HELP} {PIN_HELP}" if action == "reset-pin" else PIN_HELP
        q = officer_sub.add_parser(action, parents=[common], help=text, epilog=epilog)
        q.add_argument("nip", type=cli.text_arg, metavar="NIP", help="the officer")
        if action == "role":
            q.add_argument("role", choices=officers.ROLES)
        q.add_argument("--admin", type=cli.text_arg, required=True, help=admin_help)
        if action in ("deactivate", "reactivate"):
            q.add_argument(
                "--reason", type=cli.text_arg, required=action == "deactivate", help="why"
            )
        if action == "reset-pin":
            q.add_argument("--no-pin", action="store_true", help="no PIN: chosen at next log-in")
        _pin_options(q)
        q.set_defaults(func=cmd_officer_change)
    q = officer_sub.add_parser(
        "pin",
        parents=[common],
        help="choose a new PIN for yourself",
        epilog="The current PIN first, then the new one. " + PIN_HELP,
    )
    q.add_argument("--as", dest="as_nip", type=cli.text_arg, metavar="NIP", required=True)
    _pin_options(q)
    q.set_defaults(func=cmd_officer_pin)


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """`setting list|set` and `service list|set|add`."""
    p = sub.add_parser("setting", parents=[common], help="office settings (leads and admins)")
    setting_sub = p.add_subparsers(dest="setting_command", required=True)
    q = setting_sub.add_parser("list", parents=[common])
    q.set_defaults(func=cmd_setting_list)
    q = setting_sub.add_parser(
        "set",
        parents=[common],
        epilog=f"Keys: {', '.join(office_settings.SETTINGS)}. {PIN_HELP}",
    )
    q.add_argument("key", type=cli.text_arg, metavar="KEY")
    q.add_argument("value", type=cli.text_arg, metavar="VALUE")
    q.add_argument("--as", dest="as_nip", type=cli.text_arg, metavar="NIP", required=True)
    _pin_options(q)
    q.set_defaults(func=cmd_setting_set)

    p = sub.add_parser("service", parents=[common], help="the service catalogue (admins)")
    service_sub = p.add_subparsers(dest="service_command", required=True)
    q = service_sub.add_parser("list", parents=[common])
    q.set_defaults(func=cmd_service_list)
    epilog = (
        "An edited service shows the source 'KANTOR'; the city's next publish of its code "
        f"wins. {PIN_HELP}"
    )
    for action in ("set", "add"):
        q = service_sub.add_parser(action, parents=[common], epilog=epilog)
        if action == "set":
            q.add_argument("code", type=cli.text_arg, metavar="CODE")
        else:
            q.add_argument(
                "suffix", type=cli.text_arg, metavar="SUFFIX", help="after the office code"
            )
        q.add_argument("--admin", type=cli.text_arg, required=True, help="NIP of the admin")
        q.add_argument("--name-id", type=cli.text_arg, required=action == "add")
        q.add_argument("--name-en", type=cli.text_arg)
        q.add_argument("--level", choices=catalogue.LEVELS)
        q.add_argument("--agency", type=cli.text_arg, required=action == "add", help="agency code")
        q.add_argument("--sla", help="working days, 0 = the same day")
        q.add_argument("--fee", help="whole rupiah, 0 = free, empty = a levy by formula")
        q.add_argument("--documents", help="required documents separated by ';'")
        q.add_argument("--active", choices=("yes", "no"))
        _pin_options(q)
        q.set_defaults(func=cmd_service_set if action == "set" else cmd_service_add)
