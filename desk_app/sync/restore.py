"""Restore from the city: a desk whose disk died comes back with its office's history.

The city lists the office's chains (an unspent enrolment code may read the list: the new
device needs a number above every one the office used before it enrols). The desk then
enrols as a NEW device (closing/succession.py's numbering), pulls its lineage's chains,
checks every hash and link on arrival, and builds the database aside from the events alone
(eventlog/rebuild.py): a hidden file, verified like `desk-app verify`, given its name by one
hard link that never replaces a file (one rename where links are not possible). A chain
that does not verify refuses the whole restore, and nothing is written. Personal data
(names, NIK, phones) and PINs never left the office: the applicants come back marked (a
surviving local backup can give them back), and every officer chooses a new PIN.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from sqlalchemy import select

from desk_app.closing.succession import become_successor, successor_device_no
from desk_app.common.paths import (
    create_private_file,
    database_files,
    database_path,
    make_private_dir,
)
from desk_app.common.workdays import local_day
from desk_app.db import migrate
from desk_app.db.engine import Database
from desk_app.db.models import Meta, Officer
from desk_app.db.storage import CATALOGUE_KEY
from desk_app.eventlog import kinds, rebuild, wire
from desk_app.eventlog.verify import verify_database
from desk_app.office import catalogue, officers
from desk_app.sync import state
from desk_app.sync.client import SyncFailed, _post, _verify, city_get, refused

logger = logging.getLogger(__name__)

PARTIAL_PREFIX = ".restore-city-"
PARTIAL_SUFFIX = ".sqlite3.partial"
# The steps, in order; `restore_from_city(on_step=...)` is called after each (a test kills
# the process at one to prove that no database is left half-made).
LISTED, ENROLLED, PULLED, BUILT, PLACED = "listed", "enrolled", "pulled", "built", "placed"
STEPS = (LISTED, ENROLLED, PULLED, BUILT, PLACED)
_TYPES: dict[str, tuple[type, ...]] = {
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


class RestoreRefused(Exception):
    """A restore from the city that wrote nothing: the one-line reason."""


@dataclass(frozen=True)
class CityRestore:
    """What came back from the city, what could not, and which device the desk now is."""

    server: str
    office_code: str
    database: Path
    chains: int
    events: int
    tasks: int
    officers: int
    applicants_unrestored: int  # personal data of these applicants stays in old backups
    applicants_from_backup: int  # --personal-from: applicants with NIK, name, phone again
    tasks_from_backup: int  # --personal-from: tasks with the details given at intake again
    placeholder_services: tuple[str, ...]
    left_at_city: int  # events of the lineage's chains after a successor took over
    predecessor_device_id: str
    predecessor_last_seq: int
    device_id: str
    device_no: int


def _no_step(step: str) -> None:
    """The default of `on_step`: nothing."""


def _get(http: requests.Session, url: str, *, headers: dict[str, str], verify: bool | str) -> Any:
    """GET and the JSON answer (gzip undone by requests); SyncFailed as a push would say it."""
    response = city_get(http, url, headers=headers, verify=verify)
    if response.status_code != 200:
        raise refused(response)
    try:
        return response.json()
    except ValueError as exc:
        raise SyncFailed(
            "the server's answer was cut off", retry=True, reason=state.CUT_OFF
        ) from exc


@dataclass(frozen=True)
class _Listed:
    device_id: str
    device_no: int
    predecessor: str | None
    head_seq: int
    head_hash: str


def _listing(answer: Any) -> dict[str, _Listed]:
    """The chain list as served, each field checked."""
    rows = answer.get("chains") if isinstance(answer, dict) else None
    if not isinstance(rows, list):
        raise RestoreRefused("the city's chain list is not readable")
    found: dict[str, _Listed] = {}
    for row in rows:
        try:
            item = _Listed(
                str(row["device_id"]),
                int(row["device_no"] or 0),
                str(row["predecessor_device_id"]) if row["predecessor_device_id"] else None,
                int(row["head_seq"]),
                str(row["head_hash"]),
            )
        except (KeyError, TypeError, ValueError):
            raise RestoreRefused("the city's chain list is not readable") from None
        found[item.device_id] = item
    return found


def _head_device(listed: dict[str, _Listed], office_code: str) -> _Listed:
    """The one chain no other chain with events succeeded: the desk that died."""
    held = [c for c in listed.values() if c.head_seq > 0]
    if not held:
        raise RestoreRefused(
            f"the city holds no events of office {office_code}: nothing to restore"
        )
    succeeded = {c.predecessor for c in held if c.predecessor}
    heads = [c for c in held if c.device_id not in succeeded]
    if len(heads) != 1:
        numbers = ", ".join(f"{c.device_no:02d}" for c in sorted(heads, key=lambda c: c.device_no))
        raise RestoreRefused(
            f"the city holds the chains of several desks of office {office_code} ({numbers}); "
            "a restore brings back one desk's lineage only"
        )
    return heads[0]


def _why_not(event: Any, device: str, seq: int, prev_hash: str) -> str | None:
    """Why a served event does not continue the chain at `seq`; None when it does."""
    if not isinstance(event, dict) or any(
        name not in event or not isinstance(event[name], t) or isinstance(event[name], bool)
        for name, t in _TYPES.items()
    ):
        return "an event is missing a field or has one of the wrong type"
    if event["device_id"] != device or event["seq"] != seq:
        return f"expected seq {seq} of device {device}"
    if event["prev_hash"] != prev_hash:
        return "its prev_hash does not link to the event before"
    try:
        moment = rebuild.parse_utc(event["occurred_at"])
    except ValueError:
        return "its occurred_at is not a moment"
    if moment.tzinfo is None or wire.utc_iso(moment) != event["occurred_at"]:
        return "its occurred_at is not in the hashed UTC spelling"
    if not wire.hash_is_right(event):  # type: ignore[arg-type]  # its fields checked above
        return "its content does not match its hash"
    return None


def _pull_chain(
    http: requests.Session,
    base: str,
    *,
    headers: dict[str, str],
    verify: bool | str,
    device: str,
    until: int,
    until_hash: str,
) -> list[wire.WireEvent]:
    """One chain from seq 1 to `until`, every hash and link checked as it arrives."""
    chain: list[wire.WireEvent] = []
    prev = wire.GENESIS_HASH
    while len(chain) < until:
        url = f"{base}/devices/{device}/events?after={len(chain)}&limit={wire.MAX_BATCH_EVENTS}"
        page = _get(http, url, headers=headers, verify=verify)
        served = page.get("events") if isinstance(page, dict) else None
        if not isinstance(served, list) or not served:
            raise RestoreRefused(
                f"the city served device {device} only up to seq {len(chain)} of {until}"
            )
        for event in served[: until - len(chain)]:
            why = _why_not(event, device, len(chain) + 1, prev)
            if why is not None:
                raise RestoreRefused(
                    f"the city's chain of device {device} does not verify at seq "
                    f"{len(chain) + 1}: {why}; nothing was written"
                )
            chain.append(event)
            prev = event["hash"]
    if prev != until_hash:
        raise RestoreRefused(
            f"the city's chain of device {device} ends at seq {until} with another hash "
            "than the city says; nothing was written"
        )
    return chain


def _opening(chain: list[wire.WireEvent], office_code: str) -> dict[str, Any]:
    """The payload of a chain's first event, which binds it to the office."""
    first = chain[0]
    payload = first["payload"]
    if (
        first["kind"] not in (kinds.OFFICE_CONFIGURED, kinds.DESK_RESTORED)
        or payload.get("office_code") != office_code
    ):
        raise RestoreRefused(
            f"the chain of device {first['device_id']} does not open with office "
            f"{office_code}'s set-up; nothing was written"
        )
    return payload


def _lineage(
    pull: Callable[[str, int, str], list[wire.WireEvent]],
    listed: dict[str, _Listed],
    head: _Listed,
    office_code: str,
) -> tuple[list[list[wire.WireEvent]], int, list[int]]:
    """The head's chain and the chains it succeeded, oldest first; the events the city holds
    of them after a successor took over; the device numbers their openings name."""
    try:
        return _walk(pull, listed, head, office_code)
    except (KeyError, TypeError, ValueError) as exc:  # hashed, yet not what a desk writes
        raise RestoreRefused(f"a chain's opening event lacks {exc}; nothing was written") from None


def _walk(
    pull: Callable[[str, int, str], list[wire.WireEvent]],
    listed: dict[str, _Listed],
    head: _Listed,
    office_code: str,
) -> tuple[list[list[wire.WireEvent]], int, list[int]]:
    chains = [pull(head.device_id, head.head_seq, head.head_hash)]
    numbers: list[int] = []
    left = 0
    while True:
        opening = _opening(chains[0], office_code)
        numbers.append(int(opening["device_no"]))
        if chains[0][0]["kind"] != kinds.DESK_RESTORED:
            break
        before = str(opening["predecessor_device_id"])
        last, last_hash = (
            int(opening["predecessor_last_seq"]),
            str(opening["predecessor_last_hash"]),
        )
        numbers.append(int(opening["predecessor_device_no"]))
        known = listed.get(before)
        if (
            known is None
            or known.head_seq < last
            or any(c[0]["device_id"] == before for c in chains)
        ):
            raise RestoreRefused(
                f"the city does not hold predecessor {before} up to seq {last}; nothing was written"
            )
        left += known.head_seq - last
        if last == 0:
            break
        chains.insert(0, pull(before, last, last_hash))
    uuids = [e["uuid"] for chain in chains for e in chain]
    if len(set(uuids)) != len(uuids):
        raise RestoreRefused("the city's chains repeat an event uuid; nothing was written")
    return chains, left, numbers


def _sweep(folder: Path) -> None:
    """Remove what a restore killed earlier left: hidden partial files only."""
    for path in folder.glob(f"{PARTIAL_PREFIX}*"):
        with contextlib.suppress(OSError):
            path.unlink()


def _discard(candidate: Path) -> None:
    for path in (candidate, *(Path(f"{candidate}{s}") for s in ("-wal", "-shm", "-journal"))):
        with contextlib.suppress(OSError):
            path.unlink()


def _fsync(path: Path) -> None:
    """Flush a file or a folder to disk (where the platform can)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _place(candidate: Path, target: Path) -> None:
    """Give the built file its name in one step, never over a database that appeared."""
    try:  # a link never replaces a file
        os.link(candidate, target)
    except FileExistsError:
        raise RestoreRefused(
            f"{target.parent} already holds an office database; it is never overwritten"
        ) from None
    except OSError:  # a file system without hard links: one rename, after one more look
        if target.exists():
            raise RestoreRefused(
                f"{target.parent} already holds an office database; it is never overwritten"
            ) from None
        os.rename(candidate, target)


def _build(
    candidate: Path,
    *,
    office_code: str,
    chains: list[list[wire.WireEvent]],
    known: list[int],
    device_id: str,
    device_no: int,
    sync: dict[str, str],
    backup_name: str,
    now: datetime,
    personal_from: Path | None,
) -> tuple[rebuild.Rebuilt, rebuild.Personal, str, int]:
    """The database from the chains, as the successor of the last one."""
    head = chains[-1]
    opened = int(head[0]["payload"]["device_no"])
    db = Database(candidate)
    try:
        migrate.upgrade(db.writer)
        with db.write() as session:
            catalogue.load_reference_data(session)
            session.merge(Meta(key=CATALOGUE_KEY, value=str(catalogue.CATALOGUE_VERSION)))
        rebuild.store_chains(
            db,
            office_code=office_code,
            device_id=head[0]["device_id"],
            device_no=opened,
            chains=chains,
        )
        rebuilt = rebuild.rebuild_projections(db)
        personal = rebuild.Personal(0, 0)
        if personal_from is not None:
            try:
                personal = rebuild.merge_personal(db, backup=personal_from, office_code=office_code)
            except rebuild.PersonalRefused as exc:
                raise RestoreRefused(f"--personal-from: {exc}; nothing was written") from None
        with db.write() as session:
            done = become_successor(
                session,
                known_device_nos=known,
                backup_name=backup_name,
                now=now,
                device_id=device_id,
            )
            if done.device_no != device_no:  # the same rule on the same numbers: never
                raise RestoreRefused(
                    f"device number {done.device_no} is not the enrolled {device_no}"
                )
            admin = session.scalar(
                select(Officer.id)
                .where(Officer.role == "admin", Officer.active.is_(True))
                .order_by(Officer.created_at)
            )
            if admin is None:
                raise RestoreRefused("the events name no active admin; nothing was written")
            # PINs never left the desk: each officer chooses one at the next log-in.
            for officer in officers.list_officers(session, include_inactive=True):
                officers.reset_pin(
                    session, actor_id=admin, officer_id=officer.id, pin=None, now=now
                )
            state.save(
                session, **sync, **{state.PREDECESSOR_ACKED_SEQ: str(done.predecessor_last_seq)}
            )
    finally:
        db.dispose()
    conn = sqlite3.connect(candidate)
    try:  # one self-contained file before it is moved in
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()
    return rebuilt, personal, done.predecessor_device_id, done.predecessor_last_seq


def restore_from_city(
    folder: Path,
    *,
    server: str,
    office_code: str,
    code: str,
    now: datetime,
    ca_bundle: str = "",
    http: requests.Session | None = None,
    on_step: Callable[[str], None] = _no_step,
    personal_from: Path | None = None,
) -> CityRestore:
    """Bring an office desk back from the city into `folder`, which holds no database yet.

    `personal_from`: a surviving local backup whose applicants' personal data (and the
    office's applicant secret) is merged where the events still vouch for it.
    """
    server = server.rstrip("/")
    if not server.startswith(("https://", "http://")):
        raise SyncFailed(
            "server: an http(s):// address is required", retry=False, reason=state.BAD_ADDRESS
        )
    target = database_path(folder)
    if any(p.exists() for p in database_files(folder)):
        raise RestoreRefused(f"{folder} already holds an office database; it is never overwritten")
    if personal_from is not None and not personal_from.is_file():
        raise RestoreRefused(f"--personal-from: {personal_from} is not a file")
    http = http or requests.Session()
    verify = _verify(ca_bundle)
    base = f"{server}/v1/offices/{office_code}"
    answer = _get(
        http, f"{base}/chains", headers={"Authorization": f"Enrolment {code}"}, verify=verify
    )
    listed = _listing(answer)
    head = _head_device(listed, office_code)
    known = [c.device_no for c in listed.values()]
    device_id, device_no = str(uuid.uuid4()), successor_device_no(head.device_no, known)
    on_step(LISTED)
    enrol = {
        "office_code": office_code,
        "code": code,
        "device_id": device_id,
        "device_no": device_no,
    }
    enrolled = _post(
        http,
        f"{server}/v1/enroll",
        body=wire.canonical_json(enrol).encode(),
        headers={"Content-Type": "application/json"},
        verify=verify,
    )
    token = str(enrolled["token"])
    on_step(ENROLLED)
    headers = {"Authorization": f"Bearer {token}", "Accept-Encoding": "gzip"}

    def pull(device: str, until: int, until_hash: str) -> list[wire.WireEvent]:
        return _pull_chain(
            http,
            base,
            headers=headers,
            verify=verify,
            device=device,
            until=until,
            until_hash=until_hash,
        )

    chains, left, numbers = _lineage(pull, listed, head, office_code)
    if numbers[0] != head.device_no:
        raise RestoreRefused(
            f"the city numbers device {head.device_id} {head.device_no:02d}, its chain "
            f"{numbers[0]:02d}; nothing was written"
        )
    today = local_day(now).isoformat()
    if any(
        e["kind"] == kinds.DAY_CLOSED and e["payload"].get("day") == today
        for c in chains
        for e in c
    ):
        raise RestoreRefused(
            f"today ({today}) is closed on this office's chain: nothing can be recorded on it; "
            "restore from the city tomorrow with a fresh code"
        )
    on_step(PULLED)
    made = not folder.exists()
    make_private_dir(folder)
    _sweep(folder)
    candidate = folder / f"{PARTIAL_PREFIX}{uuid.uuid4().hex}{PARTIAL_SUFFIX}"
    create_private_file(candidate)
    sync = {
        state.SERVER: server,
        state.TOKEN: token,
        state.CA_BUNDLE: ca_bundle,
        state.ACKED_SEQ: "0",
        state.ACKED_HASH: wire.GENESIS_HASH,
    }
    try:
        rebuilt, personal, predecessor, last_seq = _build(
            candidate,
            office_code=office_code,
            chains=chains,
            known=known + numbers,
            device_id=device_id,
            device_no=device_no,
            sync=sync,
            backup_name=f"kota {urlsplit(server).netloc}",
            now=now,
            personal_from=personal_from,
        )
        report = verify_database(candidate)
        if not report.ok:
            raise RestoreRefused(f"the rebuilt database does not verify: {report.problems[0]}")
        on_step(BUILT)
        _fsync(candidate)
        _place(candidate, target)
        _fsync(folder)
    except BaseException:
        _discard(candidate)
        if made:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty
        raise
    _discard(candidate)
    on_step(PLACED)
    logger.info("restored office %s from %s as device %s", office_code, server, device_id)
    return CityRestore(
        server=server,
        office_code=office_code,
        database=target,
        chains=len(chains),
        events=rebuilt.events,
        tasks=rebuilt.tasks,
        officers=rebuilt.officers,
        applicants_unrestored=rebuilt.applicants - personal.applicants,
        applicants_from_backup=personal.applicants,
        tasks_from_backup=personal.tasks,
        placeholder_services=rebuilt.placeholder_services,
        left_at_city=left,
        predecessor_device_id=predecessor,
        predecessor_last_seq=last_seq,
        device_id=device_id,
        device_no=device_no,
    )
