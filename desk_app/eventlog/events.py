"""The hash-chained event log: every change is an immutable, ordered, signed-by-hash event."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from desk_app.common.errors import SealedDayError
from desk_app.common.workdays import JAKARTA, local_day
from desk_app.db.engine import OfficeSession
from desk_app.db.models import ChainHead, DayClose, Event, Officer, table
from desk_app.db.session_cache import forget, memo, peek
from desk_app.eventlog import kinds
from desk_app.eventlog.wire import GENESIS_HASH, canonical_json, chain_hash, utc_iso
from desk_app.office.meta import DEVICE_ID, meta_value


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


def device_id(session: Session) -> str:
    """This installation's device id (set at office set-up)."""
    return meta_value(session, DEVICE_ID)


def start_chain(session: Session, *, device: str) -> None:
    """An empty chain for a new device."""
    session.execute(insert(ChainHead).values(device_id=device, seq=0, hash=GENESIS_HASH))
    # The head memo follows meta's device id: store a moved head, then load afresh.
    _write_head(session)
    forget(session, ("chain_head",))


def chain_head(session: Session, *, device: str) -> tuple[int, str]:
    """(seq, hash) of a device's last event as the chain head records it; (0, genesis) if none."""
    row = session.execute(
        select(ChainHead.seq, ChainHead.hash).where(ChainHead.device_id == device)
    ).first()
    return (int(row[0]), str(row[1])) if row is not None else (0, GENESIS_HASH)


# The order of the office's events (sync/office_pull.py) changes no sealed day's own work.
ON_SEALED_DAYS = frozenset({kinds.DAY_CLOSED, kinds.DESK_RESTORED, kinds.OFFICE_PEERS_APPLIED})

_INSERT_EVENT = insert(table(Event))
_SEALED_DAY = select(table(DayClose).c.day).where(table(DayClose).c.day == bindparam("day"))


def day_is_sealed(session: Session, day: date) -> bool:
    """True once a lead closed this local day; looked up once per transaction and day."""
    return memo(
        session,
        ("sealed_day", day),
        lambda: session.execute(_SEALED_DAY, {"day": day}).first() is not None,
    )


def sealed_day_error(session: Session, day: date) -> SealedDayError:
    """The refusal of a change dated on a sealed day: who closed it, when, and what to do."""
    found = session.execute(
        select(Officer.name, DayClose.closed_at)
        .join(Officer, Officer.id == DayClose.closed_by)
        .where(DayClose.day == day)
    ).first()
    if found is None:  # the close's lead is not known on this desk
        return SealedDayError("day.sealed", day=f"{day:%d-%m-%Y}")
    name, closed_at = found
    return SealedDayError(
        "day.sealed_by",
        day=f"{day:%d-%m-%Y}",
        by=name,
        at=f"{closed_at.astimezone(JAKARTA):%H:%M}",
    )


def sealed_refusal(session: Session, day: date) -> SealedDayError | None:
    """What a change dated on `day` is refused with, once the day is sealed; else None."""
    return sealed_day_error(session, day) if day_is_sealed(session, day) else None


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
    # Events that may be dated on a sealed day: the close itself (see dayclose.py), and
    # the start of a successor chain (a restore late on a closed day changes no day).
    if kind not in ON_SEALED_DAYS and day_is_sealed(session, day):
        raise sealed_day_error(session, day)
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
