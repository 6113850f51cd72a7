"""`desk-app conflicts` and `desk-app conflict-settle`: two desks' concurrent actions."""

from __future__ import annotations

import argparse
from typing import Any

from desk_app import cli
from desk_app.counter import conflicts
from desk_app.eventlog import fold


def cmd_conflicts(args: argparse.Namespace) -> int:
    """The office's conflicts between desks, both sides of each."""
    db = cli._open(args)
    try:
        with db.read() as session:
            found = conflicts.list_conflicts(session)
    finally:
        db.dispose()
    lines = [
        f"{c.loser_uuid}  {c.tracking_no}  menang: {c.winner_kind} ({c.winner_at:%d-%m %H:%M})"
        f"  kalah: {c.loser_kind} ({c.loser_at:%d-%m %H:%M})"
        f"  {c.settled or 'belum diselesaikan'}"
        for c in found
    ]
    cli._emit(
        args,
        [c.__dict__ for c in found],
        "\n".join(lines) if lines else "Tidak ada konflik antar-loket.",
    )
    return 0


def cmd_conflict_settle(args: argparse.Namespace) -> int:
    """A lead keeps the outcome or takes the other side of a conflict."""
    db = cli._open(args)
    now = cli._now(args)
    try:
        lead = cli._login(db, args.as_nip, "PIN ketua regu: ", now=now)
        decision = fold.TAKE_LOSER if args.take_other else fold.KEEP
        with db.write() as session:
            conflicts.settle_conflict(
                session,
                lead_id=lead.id,
                loser_uuid=args.uuid,
                decision=decision,
                reason=args.reason,
                now=now,
            )
    finally:
        db.dispose()
    cli._emit(
        args, {"loser_uuid": args.uuid, "decision": decision}, f"Konflik {args.uuid}: {decision}"
    )
    return 0


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """`conflicts` and `conflict-settle`."""
    p = sub.add_parser("conflicts", parents=[common], help="conflicts between the office's desks")
    p.set_defaults(func=cmd_conflicts)
    p = sub.add_parser(
        "conflict-settle", parents=[common], help="a lead settles a conflict between desks"
    )
    p.add_argument("uuid", type=cli.text_arg, metavar="UUID", help="the losing event's uuid")
    side = p.add_mutually_exclusive_group(required=True)
    side.add_argument("--keep", action="store_true", help="keep the outcome")
    side.add_argument("--take-other", action="store_true", help="the losing side stands")
    p.add_argument("--reason", type=cli.text_arg, required=True, help="why")
    p.add_argument(
        "--as",
        dest="as_nip",
        type=cli.text_arg,
        metavar="NIP",
        help="the lead (default: the only one)",
    )
    p.set_defaults(func=cmd_conflict_settle)
