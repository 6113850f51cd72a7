"""The hash-chained event log: every change is an immutable, ordered, signed-by-hash event."""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from desk_app.db.models import ChainHead, Event
from desk_app.meta import DEVICE_ID, meta_value
from desk_app.session_cache import memo
from desk_app.workdays import utc_now

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
    session.add(ChainHead(device_id=device, seq=0, hash=GENESIS_HASH))
    session.flush()


def append(
    session: Session,
    *,
    kind: str,
    actor: str | None,
    payload: dict[str, Any],
    task_id: str | None = None,
    now: datetime | None = None,
) -> EventRecord:
    """Append one event to this device's chain, in the caller's transaction."""
    device = device_id(session)
    # Memoised so the ORM keeps the row in its identity map between appends.
    head = memo(session, ("chain_head", device), lambda: session.get(ChainHead, device))
    if head is None:
        raise LookupError("no chain head: the office is not set up")
    seq, prev_hash = head.seq + 1, head.hash
    occurred_at = now or utc_now()
    # Round-trip through JSON so the stored payload and the hashed payload are identical.
    payload = json.loads(canonical_json(payload))
    record = EventRecord(
        uuid=str(uuid.uuid4()),
        device_id=device,
        seq=seq,
        kind=kind,
        actor=actor,
        task_id=task_id,
        occurred_at=occurred_at,
        monotonic_ns=time.monotonic_ns(),
        payload=payload,
        prev_hash=prev_hash,
        hash="",
    )
    digest = chain_hash(prev_hash, record.hashed_body())
    session.add(
        Event(
            uuid=record.uuid,
            device_id=device,
            seq=seq,
            kind=kind,
            actor=actor,
            task_id=task_id,
            occurred_at=occurred_at,
            monotonic_ns=record.monotonic_ns,
            payload=canonical_json(payload),
            prev_hash=prev_hash,
            hash=digest,
        )
    )
    # The head lets verify notice a deleted last event.
    head.seq, head.hash = seq, digest
    return EventRecord(**{**record.__dict__, "hash": digest})


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
