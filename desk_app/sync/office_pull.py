"""Every desk sees every task: pull the office's other chains and fold them in.

One cursor per peer device (peer_cursors). Each event is checked on arrival (its hash and
its link to the one before); a chain that does not verify is refused whole and nothing of
it is stored. An event whose seen-vector names peer events this desk does not hold yet
waits, with the rest of its chain, for a later round. What arrives is stored exactly as it
was chained; then this desk appends one `office.peers_applied` event naming how far it
holds each peer (its vector clock: what it writes next happened after those events), and
every table the events determine is written again from verify's own replay, which folds
all the office's events in one causal order (eventlog/fold.py). One transaction.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import requests
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from desk_app.db.engine import Database
from desk_app.db.models import ChainHead, Event, PeerCursor, table
from desk_app.eventlog import events, kinds, rebuild, refold, wire
from desk_app.office import installation
from desk_app.sync import state
from desk_app.sync.client import SyncFailed, _verify
from desk_app.sync.restore import RestoreRefused, _get, _listing, _why_not

Chain = Sequence[wire.WireEvent]


@dataclass(frozen=True)
class PullResult:
    """What a pull of the office's chains brought."""

    applied: int = 0  # peer events stored and folded in
    waiting: int = 0  # events held back until what they happened after is here
    refused: tuple[str, ...] = ()  # one line per chain that did not verify
    heard: dict[str, int] = field(default_factory=dict)  # peer device -> highest seq held


def own_lineage(session: Session) -> set[str]:
    """This desk's device and the devices a restore retired for it."""
    device = events.device_id(session)
    chain = {device}
    while True:
        row = session.execute(
            select(Event.payload).where(
                Event.device_id == device, Event.seq == 1, Event.kind == kinds.DESK_RESTORED
            )
        ).first()
        if row is None:
            return chain
        device = str(json.loads(row[0])["predecessor_device_id"])
        if device in chain:
            return chain
        chain.add(device)


def held(session: Session) -> dict[str, tuple[int, str]]:
    """(seq, hash) this desk holds of each device's chain."""
    return {
        d: (int(s), str(h))
        for d, s, h in session.execute(select(ChainHead.device_id, ChainHead.seq, ChainHead.hash))
    }


def _checked(device: str, chain: Chain, start: tuple[int, str]) -> str | None:
    """Why a served run of a chain does not continue what this desk holds; None if it does."""
    seq, prev = start
    for event in chain:
        why = _why_not(event, device, seq + 1, prev)
        if why is not None:
            return (
                f"the chain of device {device} does not verify at seq {seq + 1}: {why}; "
                "nothing of it was stored"
            )
        seq, prev = event["seq"], event["hash"]
    return None


def _desk_numbers(session: Session) -> dict[int, str]:
    """The desk number each held chain opened with (office.configured / desk.restored)."""
    rows = session.execute(
        select(Event.device_id, Event.payload).where(
            Event.seq == 1, Event.kind.in_((kinds.OFFICE_CONFIGURED, kinds.DESK_RESTORED))
        )
    )
    return {int(json.loads(payload)["device_no"]): device for device, payload in rows}


def _opening_problem(
    session: Session, device: str, first: wire.WireEvent, numbers: dict[int, str]
) -> str | None:
    """Why a new peer chain cannot join this desk's office; None when it can."""
    office = installation.desk_info(session).office_code
    payload = first["payload"]
    if first["kind"] not in (kinds.OFFICE_CONFIGURED, kinds.DESK_RESTORED) or (
        payload.get("office_code") != office
    ):
        return f"the chain of device {device} is not a desk of office {office}; nothing was stored"
    number = payload.get("device_no")
    taken = numbers.get(number) if isinstance(number, int) else None
    if taken is not None and taken != device:
        return (
            f"the chain of device {device} uses desk number {number}, which another desk of "
            "the office already uses (tracking numbers would collide); give one of them "
            "another number; nothing was stored"
        )
    if isinstance(number, int):
        numbers[number] = device
    return None


def _ready(
    pages: dict[str, list[wire.WireEvent]], have: dict[str, int]
) -> tuple[list[wire.WireEvent], int]:
    """The events whose causes are all held (or come with them), oldest of each chain
    first; and how many wait."""
    taken: list[wire.WireEvent] = []
    place = {d: 0 for d in pages}
    progress = True
    while progress:
        progress = False
        for device, page in sorted(pages.items()):
            while place[device] < len(page):
                event = page[place[device]]
                needs = []
                if event["kind"] == kinds.OFFICE_PEERS_APPLIED:
                    needs = [(str(d), int(n)) for d, n in event["payload"].get("seen", {}).items()]
                if any(have.get(d, 0) < n for d, n in needs):
                    break
                taken.append(event)
                have[device] = event["seq"]
                place[device] += 1
                progress = True
    waiting = sum(len(page) - place[d] for d, page in pages.items())
    return taken, waiting


def take_in(db: Database, pages: Mapping[str, Chain], *, now: datetime) -> PullResult:
    """Check, store and fold in runs of peer chains, each continuing what this desk holds."""
    with db.write() as session:
        mine = own_lineage(session)
        heads = held(session)
        refused: list[str] = []
        fine: dict[str, list[wire.WireEvent]] = {}
        numbers = _desk_numbers(session)
        for device, page in sorted(pages.items()):
            if device in mine or not page:
                continue
            why = _checked(device, page, heads.get(device, (0, wire.GENESIS_HASH)))
            if why is None and page[0]["seq"] == 1:
                why = _opening_problem(session, device, page[0], numbers)
            if why is None:
                fine[device] = list(page)
            else:
                refused.append(why)
        have = {d: s for d, (s, _) in heads.items()}
        taken, waiting = _ready(fine, have)
        if taken:
            _store(session, taken, now=now)
        # Peer events that only record an order change nothing here: no event of ours
        # answers them, or two desks would answer each other's answers for ever.
        if any(e["kind"] != kinds.OFFICE_PEERS_APPLIED for e in taken):
            seen = {d: s for d, (s, _) in held(session).items() if d not in mine}
            events.append(
                session,
                kind=kinds.OFFICE_PEERS_APPLIED,
                actor=None,
                payload={"seen": seen},
                now=now,
            )
            session.flush()
        if taken:
            session.flush()
            refold.rederive(session)
        heard = {d: s for d, (s, _) in held(session).items() if d not in mine}
    return PullResult(len(taken), waiting, tuple(refused), heard)


def _store(session: Session, taken: list[wire.WireEvent], *, now: datetime) -> None:
    """The events exactly as chained; each peer's chain head and cursor."""
    session.execute(
        insert(table(Event)),
        [
            {
                "uuid": e["uuid"],
                "device_id": e["device_id"],
                "seq": e["seq"],
                "kind": e["kind"],
                "actor": e["actor"],
                "task_id": e["task_id"],
                "occurred_at": rebuild.parse_utc(e["occurred_at"]),
                "monotonic_ns": e["monotonic_ns"],
                "payload": wire.canonical_json(e["payload"]),
                "prev_hash": e["prev_hash"],
                "hash": e["hash"],
            }
            for e in taken
        ],
    )
    last: dict[str, wire.WireEvent] = {}
    for e in taken:
        last[e["device_id"]] = e
    for device, e in last.items():
        session.execute(delete(ChainHead).where(ChainHead.device_id == device))
        session.execute(insert(ChainHead).values(device_id=device, seq=e["seq"], hash=e["hash"]))
        session.execute(delete(PeerCursor).where(PeerCursor.device_id == device))
        session.execute(
            insert(PeerCursor).values(device_id=device, seq=e["seq"], hash=e["hash"], heard_at=now)
        )


def pull_office(db: Database, *, now: datetime, http: requests.Session | None = None) -> PullResult:
    """Pull every chain of the office but this desk's own, and fold in what came."""
    http = http or requests.Session()
    with db.read() as session:
        sync = state.load(session)
        office = installation.desk_info(session).office_code
        mine = own_lineage(session)
        heads = held(session)
    if not sync.enrolled:
        return PullResult()
    base = f"{sync.server}/v1/offices/{office}"
    headers = {"Authorization": f"Bearer {sync.token}", "Accept-Encoding": "gzip"}
    verify = _verify(sync.ca_bundle)
    try:
        listed = _listing(_get(http, f"{base}/chains", headers=headers, verify=verify))
    except RestoreRefused as exc:
        raise SyncFailed(f"office chains: {exc}", retry=True, reason=state.CUT_OFF) from None
    pages: dict[str, list[wire.WireEvent]] = {}
    for device, chain in sorted(listed.items()):
        after = heads.get(device, (0, ""))[0]
        if device in mine or chain.head_seq <= after:
            continue
        page: list[wire.WireEvent] = []
        while after + len(page) < chain.head_seq:
            url = (
                f"{base}/devices/{device}/events?after={after + len(page)}"
                f"&limit={wire.MAX_BATCH_EVENTS}"
            )
            answer = _get(http, url, headers=headers, verify=verify)
            served = answer.get("events") if isinstance(answer, dict) else None
            if not isinstance(served, list) or not served:
                break
            page += served
        pages[device] = page
    return take_in(db, pages, now=now)
