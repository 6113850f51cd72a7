"""Exactly-once push: a device's chain is stored once, in order, whatever the retries.

One transaction per batch, holding the device's row lock: each event either continues the
chain the city holds (stored), repeats what it holds (a duplicate, ignored), or contradicts
it (a fork: kept apart as a flag, never merged). The device's acknowledged sequence moves
to the highest contiguous event in the same transaction as the events themselves, so an
answer lost on the way back costs only a repeat, never a gap or a double. The projections
of the events stored (central.projections) are brought up to date in the same transaction.

It is the server's hot path: each payload is serialised once (its hash and its stored text
are the same string), and the rows go in below the ORM (COPY on PostgreSQL).
"""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from hashlib import sha256
from itertools import pairwise
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from central import ledger, projections, task_status
from central.analytics import rollups
from central.errors import CentralError, Forbidden
from central.store.engine import rows_where_in
from central.store.models import Device, Flag, StoredEvent
from desk_app.eventlog import kinds
from desk_app.eventlog.wire import (
    PushAnswer,
    WireEvent,
    canonical_json,
    hash_around,
    utc_iso,
)

FLAG_NAMESPACE = uuidlib.UUID("6f0c1d1e-5b7a-4c53-9d3e-3f2a9c1b7e01")
CLOCK_TOLERANCE = timedelta(days=2)  # an event further from the city's clock is flagged
FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "uuid": (str,),
    "device_id": (str,),
    "seq": (int,),
    "kind": (str,),
    "actor": (str, type(None)),
    "task_id": (str, type(None)),
    "occurred_at": (str,),
    "monotonic_ns": (int,),
    "payload": (dict,),
    "prev_hash": (str,),
    "hash": (str,),
}


class BadBatch(CentralError):
    """A push that is not a batch of well-formed events (a protocol error, not an oddity)."""

    status = 422
    title = "Unprocessable batch"


def check_shape(events: Any) -> list[WireEvent]:
    """The batch's events if each has every field with its type; BadBatch naming the first."""
    if not isinstance(events, list):
        raise BadBatch("events: a list of events is required")
    for index, event in enumerate(events):
        # The common case in one expression (JSON gives exact types, so `type() is` holds and
        # leaves bools out); anything else takes the field-by-field walk that names the field.
        try:
            fine = (
                type(event) is dict
                and type(event["uuid"]) is str
                and type(event["device_id"]) is str
                and type(event["seq"]) is int
                and type(event["kind"]) is str
                and (event["actor"] is None or type(event["actor"]) is str)
                and (event["task_id"] is None or type(event["task_id"]) is str)
                and type(event["occurred_at"]) is str
                and type(event["monotonic_ns"]) is int
                and type(event["payload"]) is dict
                and type(event["prev_hash"]) is str
                and type(event["hash"]) is str
            )
        except (KeyError, TypeError):
            fine = False
        if not fine:
            _name_the_wrong_field(index, event)
        if event["seq"] < 1 or len(event["hash"]) != 64 or len(event["prev_hash"]) != 64:
            raise BadBatch(f"events[{index}]: seq below 1 or a hash that is not sha256 hex")
    return events


def _name_the_wrong_field(index: int, event: Any) -> None:
    """BadBatch naming the first field of `event` that is missing or of the wrong type."""
    if not isinstance(event, dict):
        raise BadBatch(f"events[{index}]: an object is required")
    for name, types in FIELD_TYPES.items():
        value = event.get(name)
        if name not in event or not isinstance(value, types) or isinstance(value, bool):
            raise BadBatch(f"events[{index}].{name}: missing or of the wrong type")


@dataclass
class _Outcome:
    stored: list[WireEvent] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)  # in EVENT_COLUMNS order
    duplicates: int = 0
    forks: int = 0
    flags: list[Flag] = field(default_factory=list)


def _flag(device: Device, kind: str, event: WireEvent, detail: str, now: datetime) -> Flag:
    """A flag whose id is fixed by what it is about, so a retried push raises it once."""
    about = (device.office_code, device.device_id, event["seq"], event["hash"], kind, detail)
    key = "|".join(map(str, about))
    return Flag(
        office_code=device.office_code,
        flag_id=str(uuidlib.uuid5(FLAG_NAMESPACE, key)),
        device_id=device.device_id,
        kind=kind,
        seq=event["seq"],
        detail=detail,
        evidence=canonical_json(event),
        raised_at=now,
    )


def _oddities(device: Device, event: WireEvent, now: datetime) -> list[Flag]:
    """Business oddities: stored all the same, and shown to an administrator."""
    found = []
    if event["kind"] not in kinds.ALL_KINDS:
        found.append(_flag(device, "oddity", event, f"unknown event kind {event['kind']!r}", now))
    try:
        moment = datetime.fromisoformat(event["occurred_at"].replace("Z", "+00:00"))
        off = abs(moment - now)
        if off > CLOCK_TOLERANCE:
            text = f"event dated {off.days} days away from the city's clock"
            found.append(_flag(device, "oddity", event, text, now))
    except ValueError:
        found.append(_flag(device, "oddity", event, "unreadable occurred_at", now))
    return found


def apply_push(session: Session, *, device: Device, events: Any, now: datetime) -> PushAnswer:
    """Store a batch of the device's events exactly once; the caller commits."""
    office, acked, head = device.office_code, device.acked_seq, device.head_hash
    device_id = device.device_id
    batch = check_shape(events)
    if any(e["device_id"] != device_id for e in batch):
        raise Forbidden("events: a device pushes only its own events")
    seqs = [e["seq"] for e in batch]
    if any(a >= b for a, b in pairwise(seqs)):
        batch = sorted(batch, key=lambda e: e["seq"])  # a desk sends them in order
    held: dict[int, str] = {}
    if batch and batch[0]["seq"] <= acked:
        held = dict(
            session.execute(
                select(StoredEvent.seq, StoredEvent.hash).where(
                    StoredEvent.office_code == office,
                    StoredEvent.device_id == device_id,
                    StoredEvent.seq.between(batch[0]["seq"], min(batch[-1]["seq"], acked)),
                )
            ).all()
        )
    taken = _held_uuids(session, office, [e["uuid"] for e in batch if e["seq"] > acked])
    stamp = _stamp(session, now)
    out = _Outcome()
    for event in batch:
        seq = event["seq"]
        if seq <= acked:
            if held.get(seq) == event["hash"]:
                out.duplicates += 1
            else:
                out.forks += 1
                text = f"seq {seq} is held with hash {held.get(seq, '?')[:12]}; this one differs"
                out.flags.append(_flag(device, "fork", event, text, now))
            continue
        if seq != acked + 1:
            break  # a gap: the answer tells the desk where to resume
        payload = _checked_payload(event) if event["prev_hash"] == head else None
        if payload is None:
            text = "does not continue the chain held" if event["prev_hash"] != head else ""
            out.flags.append(_flag(device, "chain", event, text or "hash does not match", now))
            break  # nothing after a broken link can be placed
        if event["uuid"] in taken:
            out.flags.append(_flag(device, "chain", event, "uuid already held elsewhere", now))
            break
        out.flags.extend(_oddities(device, event, now))
        out.stored.append(event)
        out.rows.append(
            (
                office,
                event["device_id"],
                seq,
                event["uuid"],
                event["kind"],
                event["actor"],
                event["task_id"],
                event["occurred_at"],
                event["monotonic_ns"],
                payload,
                event["prev_hash"],
                event["hash"],
                stamp,
            )
        )
        acked, head = seq, event["hash"]
    if out.rows:
        _insert_events(session, out.rows)
        projections.apply(session, office_code=office, events=out.stored)
        rollups.note_events(session, office_code=office, events=out.stored)
        task_status.apply(session, office_code=office, events=out.stored)
    if any(event["kind"] == kinds.DAY_CLOSED for event in out.stored):
        out.flags.extend(_close_flags(session, device, now))
    _add_flags(session, out.flags)
    device.acked_seq, device.head_hash, device.last_seen_at = acked, head, now
    return PushAnswer(
        acked_seq=acked,
        head_hash=head,
        stored=len(out.stored),
        duplicates=out.duplicates,
        forks=out.forks,
        server_time=utc_iso(now),
    )


def _held_uuids(session: Session, office: str, fresh: list[str]) -> set[str]:
    """Which of the batch's new uuids the office already holds (under other places)."""
    return {
        uuid for (uuid,) in rows_where_in(session, "SELECT uuid FROM events", office, "uuid", fresh)
    }


def _checked_payload(event: WireEvent) -> str | None:
    """The payload's canonical JSON when the event's hash is right, else None.

    orjson spells sorted, compact JSON as canonical_json does, many times faster; where it
    could differ (a float's spelling, an integer beyond 64 bits) the hash tells, and the
    standard spelling is tried: a text that hashes right is the very one the desk hashed.

    The whole hashed body is spelled in one orjson call around the payload's text (a
    Fragment, written as it is), its keys given in canonical_json's sorted order.
    """
    try:
        fast = orjson.dumps(event["payload"], option=orjson.OPT_SORT_KEYS)
        body = orjson.dumps(
            {
                "actor": event["actor"],
                "device_id": event["device_id"],
                "kind": event["kind"],
                "monotonic_ns": event["monotonic_ns"],
                "occurred_at": event["occurred_at"],
                "payload": orjson.Fragment(fast),
                "seq": event["seq"],
                "task_id": event["task_id"],
                "uuid": event["uuid"],
            }
        )
    except (TypeError, orjson.JSONEncodeError):
        pass
    else:
        if sha256(event["prev_hash"].encode() + body).hexdigest() == event["hash"]:
            return fast.decode()
    text = canonical_json(event["payload"])  # the standard spelling, field by field
    if hash_around(event, text) == event["hash"]:
        return text
    return None


def _row(office: str, event: WireEvent, now: datetime) -> dict[str, Any]:
    """One event as a row of the events table (the raw-insert benchmark builds its rows so)."""
    return {
        "office_code": office,
        "device_id": event["device_id"],
        "seq": event["seq"],
        "uuid": event["uuid"],
        "kind": event["kind"],
        "actor": event["actor"],
        "task_id": event["task_id"],
        "occurred_at": event["occurred_at"],
        "monotonic_ns": event["monotonic_ns"],
        "payload": canonical_json(event["payload"]),
        "prev_hash": event["prev_hash"],
        "hash": event["hash"],
        "received_at": now,
    }


EVENT_COLUMNS: tuple[str, ...] = (
    "office_code",
    "device_id",
    "seq",
    "uuid",
    "kind",
    "actor",
    "task_id",
    "occurred_at",
    "monotonic_ns",
    "payload",
    "prev_hash",
    "hash",
    "received_at",
)
_NAMES = ", ".join(EVENT_COLUMNS)
_COPY_EVENTS = f"COPY events ({_NAMES}) FROM STDIN"
_INSERT_EVENTS = f"INSERT INTO events ({_NAMES}) VALUES ({', '.join('?' * len(EVENT_COLUMNS))})"


def _stamp(session: Session, now: datetime) -> Any:
    """`now` as the driver takes it for events.received_at (text on SQLite), made once."""
    dialect = session.get_bind().dialect
    process = StoredEvent.__table__.c.received_at.type.dialect_impl(dialect).bind_processor(dialect)
    return process(now) if process else now


def _insert_events(session: Session, rows: list[tuple[Any, ...]]) -> None:
    """The batch's rows in one go below the ORM: COPY on PostgreSQL, executemany on SQLite.

    The rows were checked above under the device's row lock (each seq after the acked one,
    no uuid already held), so a plain insert is right; a unique violation, which only a
    concurrent push of another device reusing a uuid can cause, rolls the push back whole.
    """
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        driver = conn.connection.driver_connection
        assert driver is not None
        with driver.cursor() as cursor, cursor.copy(_COPY_EVENTS) as copy:
            for row in rows:
                copy.write_row(row)
    else:
        conn.exec_driver_sql(_INSERT_EVENTS, rows)


def _close_flags(session: Session, device: Device, now: datetime) -> list[Flag]:
    """A sealed day whose points the city's own replay does not reproduce."""
    session.flush()
    done = ledger.replay(session, office_code=device.office_code)
    return [
        Flag(
            office_code=device.office_code,
            flag_id=str(uuidlib.uuid5(FLAG_NAMESPACE, f"{device.office_code}|{uuid}|points")),
            device_id=device.device_id,
            kind="points",
            seq=None,
            detail=detail,
            evidence=canonical_json({"close_uuid": uuid, "day": day.isoformat()}),
            raised_at=now,
        )
        for uuid, day, detail in ledger.close_disagreements(done)
    ]


def _add_flags(session: Session, flags: list[Flag]) -> None:
    """Add flags not raised before: their ids are deterministic, and the insert skips an id
    already held — also one that a concurrent push of the same office has just added."""
    rows = {
        (f.office_code, f.flag_id): {c.key: getattr(f, c.key) for c in Flag.__table__.columns}
        for f in flags
    }
    if not rows:
        return
    on_postgres = session.get_bind().dialect.name == "postgresql"
    make = postgresql_insert if on_postgres else sqlite_insert
    session.execute(make(Flag).on_conflict_do_nothing(), list(rows.values()))
