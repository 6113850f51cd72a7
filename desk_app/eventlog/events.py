"""The hash-chained event log: every change is an immutable, ordered, signed-by-hash event."""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from desk_app.common.errors import SealedDayError
from desk_app.common.workdays import local_day
from desk_app.db.engine import OfficeSession
from desk_app.db.models import ChainHead, DayClose, Event, table
from desk_app.db.session_cache import memo, peek
from desk_app.eventlog import kinds
from desk_app.office.meta import DEVICE_ID, meta_value

GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> str:
    """The one JSON spelling of a value that is hashed (sorted keys, no spaces, UTF-8)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def utc_iso(moment: datetime) -> str:
    """An aware datetime as ISO 8601 in UTC with microseconds."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class EventRecord:
    """An event as stored and as it travels to the server."""

    uuid: str
    device_id: str
    seq: int
    kind: str
    actor: str | None
    task_id: str | None
    occurred_at: datetime
    monotonic_ns: int
    payload: dict[str, Any]
    prev_hash: str
    hash: str

    def hashed_body(self) -> dict[str, Any]:
        """The fields covered by the hash, in canonical form."""
        return event_body(
            uuid=self.uuid,
            device_id=self.device_id,
            seq=self.seq,
            kind=self.kind,
            actor=self.actor,
            task_id=self.task_id,
            occurred_at=self.occurred_at,
            monotonic_ns=self.monotonic_ns,
            payload=self.payload,
        )


def event_body(
    *,
    uuid: str,
    device_id: str,
    seq: int,
    kind: str,
    actor: str | None,
    task_id: str | None,
    occurred_at: datetime,
    monotonic_ns: int,
    payload: dict[str, Any],
) -> dict[str, Any]:
    """The dictionary whose canonical JSON is chained into the hash."""
    return {
        "uuid": uuid,
        "device_id": device_id,
        "seq": seq,
        "kind": kind,
        "actor": actor,
        "task_id": task_id,
        "occurred_at": utc_iso(occurred_at),
        "monotonic_ns": monotonic_ns,
        "payload": payload,
    }


def chain_hash(prev_hash: str, body: dict[str, Any]) -> str:
    """sha256 over the previous hash and the canonical JSON of the event."""
    return hashlib.sha256((prev_hash + canonical_json(body)).encode("utf-8")).hexdigest()


def device_id(session: Session) -> str:
    """This installation's device id (set at office set-up)."""
    return meta_value(session, DEVICE_ID)


def start_chain(session: Session, *, device: str) -> None:
    """An empty chain for a new device."""
    session.execute(insert(ChainHead).values(device_id=device, seq=0, hash=GENESIS_HASH))


_INSERT_EVENT = insert(table(Event))
_SEALED_DAY = select(table(DayClose).c.day).where(table(DayClose).c.day == bindparam("day"))


def day_is_sealed(session: Session, day: date) -> bool:
    """True once a lead closed this local day; looked up once per transaction and day."""
    return memo(
        session,
        ("sealed_day", day),
        lambda: session.execute(_SEALED_DAY, {"day": day}).first() is not None,
    )


@dataclass
class _Head:
    """This transaction's view of the chain head; written back once, before commit."""

    device_id: str
    seq: int
    hash: str
    dirty: bool = False


def _head(session: Session) -> _Head:
    device = device_id(session)

    def load() -> _Head:
        row = session.execute(
            select(ChainHead.seq, ChainHead.hash).where(ChainHead.device_id == device)
        ).first()
        if row is None:
            raise LookupError("no chain head: the office is not set up")
        return _Head(device, row[0], row[1])

    return memo(session, ("chain_head",), load)


@sa_event.listens_for(OfficeSession, "before_commit")
def _write_head(session: Session) -> None:
    # One UPDATE per transaction, however many events it appended.
    head = peek(session, ("chain_head",))
    if isinstance(head, _Head) and head.dirty:
        session.execute(
            update(ChainHead)
            .where(ChainHead.device_id == head.device_id)
            .values(seq=head.seq, hash=head.hash)
        )
        head.dirty = False


def append(
    session: Session,
    *,
    kind: str,
    actor: str | None,
    payload: dict[str, Any],
    task_id: str | None = None,
    now: datetime,
) -> EventRecord:
    """Append one event to this device's chain, in the caller's transaction."""
    occurred_at = now
    day = local_day(occurred_at)
    # The one event that may be dated on a sealed day: the close itself (see dayclose.py).
    if kind != kinds.DAY_CLOSED and day_is_sealed(session, day):
        raise SealedDayError(
            f"Hari {day:%d-%m-%Y} sudah ditutup; perubahan dicatat pada hari berikutnya."
        )
    head = _head(session)
    # Round-trip through JSON so the stored payload and the hashed payload are identical.
    text = canonical_json(payload)
    record = EventRecord(
        uuid=str(uuid.uuid4()),
        device_id=head.device_id,
        seq=head.seq + 1,
        kind=kind,
        actor=actor,
        task_id=task_id,
        occurred_at=occurred_at,
        monotonic_ns=time.monotonic_ns(),
        payload=json.loads(text),
        prev_hash=head.hash,
        hash="",
    )
    digest = chain_hash(head.hash, record.hashed_body())
    session.execute(
        _INSERT_EVENT,
        {
            "uuid": record.uuid,
            "device_id": record.device_id,
            "seq": record.seq,
            "kind": kind,
            "actor": actor,
            "task_id": task_id,
            "occurred_at": occurred_at,
            "monotonic_ns": record.monotonic_ns,
            "payload": text,
            "prev_hash": head.hash,
            "hash": digest,
        },
    )
    head.seq, head.hash, head.dirty = record.seq, digest, True
    return replace(record, hash=digest)


def record_from_row(row: Event) -> EventRecord:
    """An EventRecord from a stored row."""
    return EventRecord(
        uuid=row.uuid,
        device_id=row.device_id,
        seq=row.seq,
        kind=row.kind,
        actor=row.actor,
        task_id=row.task_id,
        occurred_at=row.occurred_at,
        monotonic_ns=row.monotonic_ns,
        payload=json.loads(row.payload),
        prev_hash=row.prev_hash,
        hash=row.hash,
    )
