"""After a restore the desk goes on as a successor device, on a fresh chain.

A backup knows the desk as it was when the copy was taken; the desk went on working after
that (events, tracking numbers on citizens' receipts). Continuing the old chain from the
backup would hand out those sequence and tracking numbers a second time. So the restored
database gets a new device id and a new device number, and the new chain opens with a
`desk.restored` event naming the predecessor and its last event in the backup.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from desk_app.db.models import Meta, TrackingCounter
from desk_app.db.session_cache import forget
from desk_app.eventlog import events, kinds
from desk_app.office.meta import DEVICE_ID, DEVICE_NO, OFFICE_CODE, all_meta
from desk_app.sync import state

# Set-up gives desks the numbers 1-99; a successor takes the same last two digits plus
# 100 per restore (desk 01 -> 101 -> 201): never the number of another desk of the office,
# nor of any earlier incarnation of itself.
GENERATION = 100


@dataclass(frozen=True)
class Succession:
    """The device a restore retired and the one that goes on."""

    predecessor_device_id: str
    predecessor_device_no: int
    predecessor_last_seq: int
    device_id: str
    device_no: int


def successor_device_no(previous: int, known: Iterable[int] = ()) -> int:
    """The device number after `previous`, above every known number of the same desk."""
    base = previous % GENERATION
    generations = [n // GENERATION for n in (previous, *known) if n % GENERATION == base]
    return base + GENERATION * (max(generations) + 1)


def become_successor(
    session: Session,
    *,
    known_device_nos: Iterable[int] = (),
    backup_name: str,
    now: datetime,
    device_id: str | None = None,
) -> Succession:
    """Retire this database's device and start the successor's chain; the caller commits.

    `device_id`: the successor's id when it was chosen before (a restore from the city
    enrols it first); a fresh one otherwise.
    """
    meta = all_meta(session)
    old_id, old_no = meta[DEVICE_ID], int(meta[DEVICE_NO])
    last_seq, last_hash = events.chain_head(session, device=old_id)
    new_id, new_no = device_id or str(uuid.uuid4()), successor_device_no(old_no, known_device_nos)
    for key, value in ((DEVICE_ID, new_id), (DEVICE_NO, str(new_no))):
        session.execute(update(Meta).where(Meta.key == key).values(value=value))
    forget(session, ("meta",))
    # The tracking-number counters were the predecessor's: the new number starts at 0001.
    session.execute(delete(TrackingCounter))
    state.reset_for_successor(session, predecessor=old_id, predecessor_last_seq=last_seq)
    events.start_chain(session, device=new_id)
    payload: kinds.DeskRestoredPayload = {
        "office_code": meta[OFFICE_CODE],
        "device_no": new_no,
        "predecessor_device_id": old_id,
        "predecessor_device_no": old_no,
        "predecessor_last_seq": last_seq,
        "predecessor_last_hash": last_hash,
        "backup_name": backup_name,
    }
    events.append(session, kind=kinds.DESK_RESTORED, actor=None, payload=dict(payload), now=now)
    return Succession(old_id, old_no, last_seq, new_id, new_no)
