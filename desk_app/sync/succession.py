"""A restored desk registers with the city as its predecessor's successor.

After a restore (closing/succession.py) the desk is a new device that still holds its
predecessor's secret. Before its own chain goes anywhere, the sync round pushes what the
city lacks of the predecessor's chain (after the city's position, up to where the backup
ends) under the predecessor's identity and secret, then claims the succession: the city
enrols the new device, linked to the old one, and retires the old secret. Each step's
progress is written only from the city's answer, so a lost answer costs only a repeat (the
city answers a repeated claim with a fresh secret). Nothing here runs on the GUI thread.
"""

from __future__ import annotations

import gzip
import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import requests
from sqlalchemy import select

from desk_app.db.engine import Database
from desk_app.db.models import Event
from desk_app.eventlog import kinds, wire
from desk_app.office import installation
from desk_app.sync import state
from desk_app.sync.client import SyncFailed, _batch, _post, _verify

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settled:
    """What settling a succession sent: the predecessor's events, and whether it registered."""

    pushed: int = 0
    stored: int = 0
    duplicates: int = 0
    registered: bool = False


def _restored_facts(db: Database) -> tuple[installation.DeskInfo, dict[str, Any]]:
    """This desk and the payload of the desk.restored event that opens its chain."""
    with db.read() as session:
        desk = installation.desk_info(session)
        row = session.execute(
            select(Event.kind, Event.payload).where(
                Event.device_id == desk.device_id, Event.seq == 1
            )
        ).first()
    if row is None or row[0] != kinds.DESK_RESTORED:
        raise SyncFailed(
            "this desk's chain does not open with desk.restored: enrol it with a fresh code",
            retry=False,
            reason=state.NOT_ENROLLED,
        )
    payload: dict[str, Any] = json.loads(row[1])
    return desk, payload


def _record(db: Database, exc: SyncFailed) -> None:
    """Keep a refusal for the screens (a retryable failure leaves no problem behind)."""
    if not exc.retry:
        with db.write() as session:
            state.save(session, **{state.PROBLEM: str(exc), state.PROBLEM_REASON: exc.reason})


def _push_predecessor(
    db: Database, sync: state.SyncState, *, office: str, now: datetime, http: requests.Session
) -> Settled:
    """Push the predecessor's events the city lacks, up to its last one in the backup."""
    url = f"{sync.server}/v1/offices/{office}/push"
    headers = {
        "Authorization": f"Bearer {sync.predecessor_token}",
        "Content-Type": "application/json",
        "Content-Encoding": "gzip",
        "X-Desk-Time": wire.utc_iso(now),
    }
    acked, last = sync.predecessor_acked_seq, sync.predecessor_last_seq
    pushed = stored = duplicates = 0
    while acked < last:
        device, head, events = _batch(
            db,
            after=acked,
            limit=wire.MAX_BATCH_EVENTS,
            device=sync.predecessor,
            until=last,
        )
        body = {
            "protocol": wire.PROTOCOL_VERSION,
            "device_id": device,
            "desk_seq": head,
            "events": events,
        }
        data = gzip.compress(json.dumps(body, separators=(",", ":")).encode(), 5)
        answer = _post(http, url, body=data, headers=headers, verify=_verify(sync.ca_bundle))
        new_acked = int(answer["acked_seq"])
        with db.write() as session:
            state.save(session, **{state.PREDECESSOR_ACKED_SEQ: str(new_acked)})
        pushed += len(events)
        stored += int(answer["stored"])
        duplicates += int(answer["duplicates"])
        if new_acked <= acked or not events:
            raise SyncFailed(
                f"the city holds the predecessor's chain only up to seq {new_acked} and "
                "takes no more of it",
                retry=False,
                reason=state.FORKED,
            )
        acked = new_acked
    return Settled(pushed, stored, duplicates)


def settle(db: Database, *, now: datetime, http: requests.Session | None = None) -> Settled:
    """Register a pending succession with the city; nothing to do when none is pending."""
    with db.read() as session:
        sync = state.load(session)
    if not sync.succession_pending:
        return Settled()
    desk, restored = _restored_facts(db)
    http = http or requests.Session()
    try:
        sent = _push_predecessor(db, sync, office=desk.office_code, now=now, http=http)
    except SyncFailed as exc:
        # Retired already: the city registered the claim, whose answer was lost. The claim
        # again says so (and gives a fresh secret), or says why not.
        if exc.reason != state.REVOKED:
            _record(db, exc)
            raise
        sent = Settled()
    claim = {
        "device_id": desk.device_id,
        "device_no": desk.device_no,
        "predecessor_device_no": int(restored["predecessor_device_no"]),
        "predecessor_last_seq": int(restored["predecessor_last_seq"]),
        "predecessor_last_hash": str(restored["predecessor_last_hash"]),
    }
    url = f"{sync.server}/v1/offices/{desk.office_code}/devices/{sync.predecessor}/successor"
    try:
        answer = _post(
            http,
            url,
            body=json.dumps(claim).encode(),
            headers={
                "Authorization": f"Bearer {sync.predecessor_token}",
                "Content-Type": "application/json",
            },
            verify=_verify(sync.ca_bundle),
        )
    except SyncFailed as exc:
        _record(db, exc)
        raise
    with db.write() as session:  # the successor's secret replaces the predecessor's, at once
        state.save(
            session,
            **{
                state.TOKEN: str(answer["token"]),
                state.ACKED_SEQ: str(int(answer["acked_seq"])),
                state.ACKED_HASH: str(answer["head_hash"]),
                state.PREDECESSOR_TOKEN: "",
                state.PROBLEM: "",
                state.PROBLEM_REASON: "",
            },
        )
    logger.info("registered as the successor of device %s", sync.predecessor)
    return Settled(sent.pushed, sent.stored, sent.duplicates, registered=True)
