"""Reading an office's chains back: what a desk restored from the city (and, later, every
desk of an office) pulls. Reads only, scoped to one office.

A chain is served as the city holds it: the events up to the device's acknowledged
sequence, in seq order, each exactly as the desk chained it (its payload is the very text
that was hashed). Events the city set apart as forks live in flags, never in this table,
so they are never served as the chain.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from central import offices
from central.errors import Unauthorized, Unknown
from central.store.models import Device, StoredEvent
from desk_app.eventlog import kinds

ENROLMENT_SCHEME = "Enrolment "  # Authorization: Enrolment CODE (the chain list only)


@dataclass(frozen=True)
class ChainView:
    """One device chain of the office as the city holds it."""

    device_id: str
    device_no: int | None
    predecessor_device_id: str | None
    head_seq: int
    head_hash: str
    revoked: bool

    def to_json(self) -> dict[str, object]:
        """The chain as the API answers it."""
        return {
            "device_id": self.device_id,
            "device_no": self.device_no,
            "predecessor_device_id": self.predecessor_device_id,
            "head_seq": self.head_seq,
            "head_hash": self.head_hash,
            "revoked": self.revoked,
        }


def authorize_read(
    session: Session,
    *,
    authorization: str | None,
    office_code: str,
    now: datetime,
    code_allowed: bool = False,
) -> None:
    """A device token of this office (not revoked); with `code_allowed` also an unspent
    enrolment code of it, which a desk restored from the city holds before it enrols."""
    if code_allowed and authorization and authorization.startswith(ENROLMENT_SCHEME):
        code = authorization.removeprefix(ENROLMENT_SCHEME).strip()
        if not code or len(code) > 40:
            raise Unauthorized("authorization: malformed enrolment code")
        offices.usable_code(session, office_code=office_code, code=code, now=now)
        return
    offices.authenticate(session, authorization=authorization, office_code=office_code, lock=False)


def chains(session: Session, *, office_code: str) -> list[ChainView]:
    """Every device chain the city holds for the office, by device number."""
    devices = list(
        session.scalars(
            select(Device)
            .where(Device.office_code == office_code)
            .order_by(Device.device_no, Device.device_id)
        )
    )
    # A chain that opens with desk.restored names its predecessor in hashed words, also
    # when the city enrolled the successor with a plain code (a restore from the city).
    opened = {
        device: json.loads(payload).get("predecessor_device_id")
        for device, payload in session.execute(
            select(StoredEvent.device_id, StoredEvent.payload).where(
                StoredEvent.office_code == office_code,
                StoredEvent.seq == 1,
                StoredEvent.kind == kinds.DESK_RESTORED,
            )
        )
    }
    return [
        ChainView(
            device_id=d.device_id,
            device_no=d.device_no,
            predecessor_device_id=d.predecessor_id or opened.get(d.device_id),
            head_seq=int(d.acked_seq),
            head_hash=d.head_hash,
            revoked=d.revoked_at is not None,
        )
        for d in devices
    ]


_COLUMNS = (
    StoredEvent.uuid,
    StoredEvent.device_id,
    StoredEvent.seq,
    StoredEvent.kind,
    StoredEvent.actor,
    StoredEvent.task_id,
    StoredEvent.occurred_at,
    StoredEvent.monotonic_ns,
    StoredEvent.payload,
    StoredEvent.prev_hash,
    StoredEvent.hash,
)


@dataclass(frozen=True)
class Page:
    """A page of one chain: its events as WireEvent JSON texts, and where it stands."""

    device_id: str
    after: int
    head: int
    head_hash: str
    next_after: int
    events: list[str]

    def to_json_text(self) -> str:
        """The answer's JSON; each event's payload is the stored (hashed) text itself."""
        meta = json.dumps(
            {
                "device_id": self.device_id,
                "after": self.after,
                "head": self.head,
                "head_hash": self.head_hash,
                "next_after": self.next_after,
            },
            separators=(",", ":"),
        )
        return f'{meta[:-1]},"events":[{",".join(self.events)}]}}'


def _event_text(row: tuple[object, ...]) -> str:
    uuid, device, seq, kind, actor, task_id, occurred_at, mono, payload, prev, digest = row
    head = json.dumps(
        {
            "uuid": uuid,
            "device_id": device,
            "seq": seq,
            "kind": kind,
            "actor": actor,
            "task_id": task_id,
            "occurred_at": occurred_at,
            "monotonic_ns": mono,
            "prev_hash": prev,
            "hash": digest,
        },
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return f'{head[:-1]},"payload":{payload}}}'


def chain_page(
    session: Session, *, office_code: str, device_id: str, after: int, limit: int
) -> Page:
    """Up to `limit` events of one device's chain after `after`, in seq order."""
    device = session.get(Device, (office_code, device_id))
    if device is None:
        raise Unknown(f"device: {device_id} is not a device of office {office_code}")
    head = int(device.acked_seq)
    rows = session.execute(
        select(*_COLUMNS)
        .where(
            StoredEvent.office_code == office_code,
            StoredEvent.device_id == device_id,
            StoredEvent.seq > after,
            StoredEvent.seq <= head,
        )
        .order_by(StoredEvent.seq)
        .limit(limit)
    ).all()
    texts = [_event_text(tuple(row)) for row in rows]
    last = int(rows[-1][2]) if rows else max(min(after, head), 0)
    return Page(device_id, after, head, device.head_hash, last, texts)
