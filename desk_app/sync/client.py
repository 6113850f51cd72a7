"""The desk's side of the protocol: enrol once, then push the chain after the city's position.

The acknowledged position is written only after the city's answer, from that answer: a
push whose answer is lost is simply repeated, and the city, which stores each (device,
seq) once, answers the same. Nothing here runs on the GUI thread.
"""

from __future__ import annotations

import gzip
import json
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
import requests
from sqlalchemy import select

from desk_app.db.engine import Database
from desk_app.db.models import Event
from desk_app.eventlog import wire
from desk_app.eventlog.events import record_from_row
from desk_app.office import installation
from desk_app.sync import state

logger = logging.getLogger(__name__)

TIMEOUT = (5.0, 30.0)  # connect, read (seconds)
NOT_ENROLLED = "this desk is not enrolled: desk-app enroll --server URL --code CODE"
SUCCESSION_PENDING = "this restored desk is not yet registered as its predecessor's successor"


class SyncFailed(Exception):
    """A round that did not finish; `retry` says whether trying again later can help.

    `reason` (one of state.REASONS) says why in a word the desk's screens can put into
    plain language; the message keeps the technical detail for logs and the command line.
    """

    def __init__(
        self,
        message: str,
        *,
        retry: bool,
        retry_after: float | None = None,
        reason: str = state.REFUSED,
    ) -> None:
        super().__init__(message)
        self.retry = retry
        self.retry_after = retry_after
        self.reason = reason


@dataclass(frozen=True)
class SyncResult:
    """One round: how much the city took and what it holds now."""

    pushed: int
    stored: int
    duplicates: int
    forks: int
    acked_seq: int
    pending: int
    skew_s: float | None


def _verify(ca_bundle: str) -> bool | str:
    """TLS verification: on by default, against a custom CA bundle when one is set."""
    return ca_bundle or True


def _reason(status: int, detail: str) -> str:
    """The reason of a refused request, from its HTTP status and the city's detail."""
    if status in (401, 403):
        if "revoked" in detail:
            return state.REVOKED
        if detail.startswith("code:"):
            return state.BAD_CODE
        return state.UNAUTHORIZED
    if status in (429, 503):
        return state.BUSY
    if status >= 500 or status in (408, 425):
        return state.SERVER_ERROR
    return state.REFUSED


def _problem(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return f"HTTP {response.status_code}"
    detail = body.get("detail") if isinstance(body, dict) else None
    return str(detail or f"HTTP {response.status_code}")


def _unreachable(exc: requests.RequestException) -> SyncFailed:
    """A request that got no answer: a refused certificate is not worth retrying."""
    if isinstance(exc, requests.exceptions.SSLError):
        return SyncFailed(
            f"TLS: the server's certificate was refused ({exc})", retry=False, reason=state.TLS
        )
    return SyncFailed(
        f"server unreachable: {exc.__class__.__name__}", retry=True, reason=state.UNREACHABLE
    )


def refused(response: requests.Response, what: str = "") -> SyncFailed:
    """The failure a non-200 answer means: retryable when the city is busy or broken."""
    detail = _problem(response)
    retry = response.status_code >= 500 or response.status_code in (408, 425, 429)
    said = f"{what}: {detail}" if what else detail
    return SyncFailed(said, retry=retry, reason=_reason(response.status_code, detail))


def city_get(
    http: requests.Session | None,
    url: str,
    *,
    headers: dict[str, str],
    verify: bool | str,
    params: dict[str, str] | None = None,
) -> requests.Response:
    """GET from the city with the sync timeouts; no answer at all raises SyncFailed."""
    connection = http or requests.Session()
    try:
        return connection.get(url, headers=headers, params=params, timeout=TIMEOUT, verify=verify)
    except requests.RequestException as exc:
        raise _unreachable(exc) from exc
    finally:
        if http is None:
            connection.close()


def _post(
    http: requests.Session, url: str, *, body: bytes, headers: dict[str, str], verify: bool | str
) -> dict[str, Any]:
    """POST and the JSON answer; SyncFailed split into retryable and not."""
    try:
        response = http.post(url, data=body, headers=headers, timeout=TIMEOUT, verify=verify)
    except requests.RequestException as exc:
        raise _unreachable(exc) from exc
    if response.status_code == 200:
        try:
            answer: dict[str, Any] = response.json()
        except ValueError as exc:  # a truncated answer: the push may have landed; ask again
            raise SyncFailed(
                "the server's answer was cut off", retry=True, reason=state.CUT_OFF
            ) from exc
        return answer
    retry_after = response.headers.get("Retry-After")
    wait = float(retry_after) if retry_after and retry_after.isdigit() else None
    retry = response.status_code >= 500 or response.status_code in (408, 425, 429)
    detail = _problem(response)
    raise SyncFailed(
        detail,
        retry=retry,
        retry_after=wait,
        reason=_reason(response.status_code, detail),
    )


def enroll(
    db: Database,
    *,
    server: str,
    code: str,
    ca_bundle: str = "",
    http: requests.Session | None = None,
) -> state.SyncState:
    """Join the city with a one-time code; the device secret is kept in the desk database."""
    server = server.rstrip("/")
    if not server.startswith(("https://", "http://")):
        raise SyncFailed(
            "server: an http(s):// address is required", retry=False, reason=state.BAD_ADDRESS
        )
    with db.read() as session:
        desk = installation.desk_info(session)
    body = json.dumps(
        {
            "office_code": desk.office_code,
            "code": code,
            "device_id": desk.device_id,
            "device_no": desk.device_no,
        }
    ).encode()
    answer = _post(
        http or requests.Session(),
        f"{server}/v1/enroll",
        body=body,
        headers={"Content-Type": "application/json"},
        verify=_verify(ca_bundle),
    )
    with db.write() as session:
        state.save(
            session,
            **{
                state.SERVER: server,
                state.TOKEN: str(answer["token"]),
                state.CA_BUNDLE: ca_bundle,
                state.ACKED_SEQ: str(int(answer["acked_seq"])),
                state.ACKED_HASH: str(answer["head_hash"]),
                state.PROBLEM: "",
                state.PROBLEM_REASON: "",
                state.PREDECESSOR_TOKEN: "",  # enrolled with a code: no succession to claim
            },
        )
        return state.load(session)


def wire_event(row: Event) -> wire.WireEvent:
    """A stored event as it travels."""
    record = record_from_row(row)
    return wire.WireEvent(
        uuid=record.uuid,
        device_id=record.device_id,
        seq=record.seq,
        kind=record.kind,
        actor=record.actor,
        task_id=record.task_id,
        occurred_at=wire.utc_iso(record.occurred_at),
        monotonic_ns=record.monotonic_ns,
        payload=record.payload,
        prev_hash=record.prev_hash,
        hash=record.hash,
    )


def _batch(
    db: Database, *, after: int, limit: int, device: str = "", until: int | None = None
) -> tuple[str, int, list[wire.WireEvent]]:
    """A device's id, its head sequence and up to `limit` events after `after`.

    The device is this desk's own unless `device` names another chain it holds (the
    predecessor's, after a restore), whose head is then `until`.
    """
    with db.read() as session:
        device = device or installation.desk_info(session).device_id
        mine = Event.device_id == device
        if until is None:
            head = session.scalar(select(Event.seq).where(mine).order_by(Event.seq.desc()).limit(1))
        else:
            head, mine = until, mine & (Event.seq <= until)
        # Plain rows, not ORM objects: a batch is thousands of events read only to be sent.
        rows = session.execute(
            select(
                Event.uuid,
                Event.device_id,
                Event.seq,
                Event.kind,
                Event.actor,
                Event.task_id,
                Event.occurred_at,
                Event.monotonic_ns,
                Event.payload,
                Event.prev_hash,
                Event.hash,
            )
            .where(mine, Event.seq > after)
            .order_by(Event.seq)
            .limit(limit)
        ).all()
        events = [
            wire.WireEvent(
                uuid=uuid,
                device_id=device_id,
                seq=seq,
                kind=kind,
                actor=actor,
                task_id=task_id,
                occurred_at=wire.utc_iso(occurred_at),
                monotonic_ns=monotonic_ns,
                payload=json.loads(payload),
                prev_hash=prev_hash,
                hash=hash_,
            )
            for (
                uuid,
                device_id,
                seq,
                kind,
                actor,
                task_id,
                occurred_at,
                monotonic_ns,
                payload,
                prev_hash,
                hash_,
            ) in rows
        ]
        return device, int(head or 0), events


def push_once(
    db: Database,
    *,
    now: datetime,
    http: requests.Session | None = None,
    batch_size: int = wire.MAX_BATCH_EVENTS,
) -> SyncResult:
    """Push everything after the city's position, batch by batch, until the city holds it all.

    While one batch is on its way, the next is read and encoded from where the city will
    stand if it takes that batch whole (its usual answer); when it answers otherwise, the
    prepared batch is dropped and made again from the city's word. Requests stay one at a
    time, in order, on one worker thread; the desk's database is read on the caller's.
    """
    http = http or requests.Session()
    with db.read() as session:
        sync = state.load(session)
        office = installation.desk_info(session).office_code
    if not sync.enrolled:
        raise SyncFailed(NOT_ENROLLED, retry=False, reason=state.NOT_ENROLLED)
    if sync.succession_pending:  # sync_round registers it first (sync/succession.py)
        raise SyncFailed(SUCCESSION_PENDING, retry=True, reason=state.NOT_ENROLLED)
    url = f"{sync.server}/v1/offices/{office}/push"
    headers = {
        "Authorization": f"Bearer {sync.token}",
        "Content-Type": "application/json",
        "Content-Encoding": "gzip",
        "X-Desk-Time": wire.utc_iso(now),
    }
    verify = _verify(sync.ca_bundle)

    def prepare(after: int) -> tuple[int, list[wire.WireEvent], bytes]:
        device, head, events = _batch(db, after=after, limit=batch_size)
        body = {
            "protocol": wire.PROTOCOL_VERSION,
            "device_id": device,
            "desk_seq": head,
            "events": events,
        }
        try:  # orjson spells the same JSON several times faster; any JSON will do here
            text = orjson.dumps(body)
        except TypeError:  # a value orjson refuses (an integer beyond 64 bits)
            text = json.dumps(body, separators=(",", ":")).encode()
        return head, events, gzip.compress(text, 5)

    acked, pushed, stored, duplicates, forks = sync.acked_seq, 0, 0, 0, 0
    skew: float | None = None
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="loket-push") as sender:
        head, events, body = prepare(acked)
        while True:
            if not events and pushed:
                break
            sending = sender.submit(_post, http, url, body=body, headers=headers, verify=verify)
            expected = events[-1]["seq"] if events else acked
            upcoming = prepare(expected) if expected < head else None
            try:
                answer = sending.result()
            except SyncFailed as exc:
                if not exc.retry:
                    with db.write() as session:
                        state.save(
                            session, **{state.PROBLEM: str(exc), state.PROBLEM_REASON: exc.reason}
                        )
                raise
            pushed += len(events)
            stored += int(answer["stored"])
            duplicates += int(answer["duplicates"])
            forks += int(answer["forks"])
            skew = _skew(now, str(answer["server_time"]))
            new_acked = int(answer["acked_seq"])
            problem = ""
            if forks:
                problem = (
                    "the city holds other events under this desk's numbers (restored from an "
                    "old backup?); they were set aside for an administrator"
                )
            with db.write() as session:  # only now, from the city's answer
                state.save(
                    session,
                    **{
                        state.ACKED_SEQ: str(new_acked),
                        state.ACKED_HASH: str(answer["head_hash"]),
                        state.LAST_OK: now.isoformat(),
                        state.SKEW: "" if skew is None else str(skew),
                        state.PROBLEM: problem,
                        state.PROBLEM_REASON: state.FORKED if forks else "",
                    },
                )
            progressed = new_acked > acked
            acked = new_acked
            if not events or not progressed or acked >= head:
                break
            if upcoming is not None and acked == expected:
                head, events, body = upcoming
            else:
                head, events, body = prepare(acked)
    return SyncResult(pushed, stored, duplicates, forks, acked, max(head - acked, 0), skew)


def _skew(now: datetime, server_time: str) -> float | None:
    """Seconds this desk's clock is ahead of the city's."""
    try:
        city = datetime.fromisoformat(server_time.replace("Z", "+00:00"))
    except ValueError:
        return None
    return round((now - city).total_seconds(), 1)
