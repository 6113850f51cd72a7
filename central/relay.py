"""An office hub's link to its city: relay the desks' chains up, pull the others' down.

A round asks the city which chains of the office it holds and how far (GET .../chains),
relays every chain the hub holds beyond that (POST .../relay/{device}, read back from the
hub's store exactly as the desks chained it), then pulls down the chains of the office's
desks that synced straight to the city, storing them through the same exactly-once push
as a desk's (as "mirror" devices), so every desk on the LAN can pull every chain from the
hub. The city's answer is the only cursor: a round killed anywhere is simply repeated,
and the city, which stores each (device, seq) once, answers the same.

The worker is a thread of the hub's server process: timeouts, exponential backoff with
jitter, Retry-After, and a timer that retries even when no desk pushes anything.
"""

from __future__ import annotations

import gzip
import json
import logging
import random
import threading
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import orjson
import requests
from sqlalchemy import select

from central import pull, push
from central.hub import MIRROR_ROLE, NO_TOKEN, TIMEOUT, HubState
from central.store.engine import Store
from central.store.models import Device
from desk_app.common.clock import Clock
from desk_app.eventlog.wire import GENESIS_HASH, PROTOCOL_VERSION, WireEvent

logger = logging.getLogger(__name__)

DEFAULT_BATCH = 500
DEFAULT_INTERVAL = 10.0  # seconds between rounds when all is well
BACKOFF_FIRST = 2.0
BACKOFF_CAP = 300.0


class RelayFailed(Exception):
    """A round that did not finish; the next one tries again (after `retry_after`)."""

    def __init__(
        self, message: str, *, retry_after: float | None = None, status: int | None = None
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.status = status  # the city's HTTP status, None when it did not answer


@dataclass(frozen=True)
class RelayStatus:
    """Where the hub stands with its city, for the admin page and the logs."""

    upstream: str
    last_attempt: datetime | None = None
    last_success: datetime | None = None
    relayed: int = 0  # events the city newly stored from this hub since the start
    pulled: int = 0  # events pulled down from the city since the start
    backlog: int | None = None  # events the hub holds that the city has not acknowledged
    last_error: str = ""  # plain words; empty after a clean round


@dataclass(frozen=True)
class RoundResult:
    """One round: events the city took, events pulled down, what is still waiting."""

    relayed: int
    pulled: int
    backlog: int
    refused: tuple[str, ...]  # chains the city would not take (forks, not the hub's)


_status_lock = threading.Lock()
_status: RelayStatus | None = None


def current_status() -> RelayStatus | None:
    """This process's relay status (None when it is not a hub)."""
    with _status_lock:
        return _status


def publish_status(status: RelayStatus | None) -> None:
    """Publish (or, with None, withdraw) this process's relay status."""
    global _status
    with _status_lock:
        _status = status


def backoff(failures: int, rng: random.Random, retry_after: float | None = None) -> float:
    """Seconds before the next try: doubling from BACKOFF_FIRST, capped, jittered down by up
    to half (hubs that lost the city together do not return together); never less than
    the city's Retry-After."""
    delay = min(BACKOFF_CAP, BACKOFF_FIRST * float(2 ** min(max(failures - 1, 0), 30)))
    delay *= rng.uniform(0.5, 1.0)
    return max(delay, retry_after or 0.0)


class Relay:
    """The hub's upstream client over its store and its state."""

    def __init__(
        self,
        store: Store,
        state: HubState,
        *,
        clock: Clock,
        batch: int = DEFAULT_BATCH,
        http: requests.Session | None = None,
        publish: bool = False,
    ) -> None:
        self.store, self.state, self.clock, self.batch = store, state, clock, batch
        self.publish = publish  # the process's status (the admin page) follows this relay
        self.http = http or requests.Session()
        self.base = f"{state.upstream}/v1/offices/{state.office_code}"
        self.status = RelayStatus(upstream=state.upstream)

    # --- HTTP -------------------------------------------------------------------------

    def _request(self, method: str, url: str, **kwargs: Any) -> Any:
        """The city's JSON answer; RelayFailed (retryable) on anything else."""
        headers = {"Authorization": f"Bearer {self.state.token}", **kwargs.pop("headers", {})}
        try:
            answer = self.http.request(
                method,
                url,
                headers=headers,
                timeout=TIMEOUT,
                verify=self.state.ca_bundle or True,
                **kwargs,
            )
        except requests.RequestException as exc:
            raise RelayFailed(f"the city cannot be reached ({type(exc).__name__})") from None
        if answer.status_code == 200:
            try:
                return orjson.loads(answer.content)
            except orjson.JSONDecodeError:
                try:
                    return json.loads(answer.content)
                except ValueError:
                    raise RelayFailed("the city's answer was cut short") from None
        wait = answer.headers.get("Retry-After", "")
        raise RelayFailed(
            f"the city answered {answer.status_code}: {_detail(answer)}",
            retry_after=float(wait) if wait.isdigit() else None,
            status=answer.status_code,
        )

    # --- one round --------------------------------------------------------------------

    def run_once(self) -> RoundResult:
        """Relay up, pull down; RelayFailed when the city cannot be worked with now."""
        try:
            return self._round()
        finally:
            if self.publish:
                publish_status(self.status)

    def _round(self) -> RoundResult:
        """One round, its outcome kept in `status`."""
        self.status = replace(self.status, last_attempt=self.clock())
        try:
            heads = {
                c["device_id"]: c for c in self._request("GET", f"{self.base}/chains")["chains"]
            }
            with self.store.transaction() as session:
                local = {
                    d.device_id: (d.role, int(d.acked_seq))
                    for d in session.scalars(
                        select(Device).where(Device.office_code == self.state.office_code)
                    )
                }
            relayed, refused = 0, []
            backlog = 0
            for device_id, (role, acked) in sorted(local.items()):
                if role != "desk":
                    continue
                held, problem = self._relay_chain(device_id, acked, heads.get(device_id))
                relayed += held[1]
                backlog += max(acked - held[0], 0)
                if problem:
                    refused.append(problem)
            pulled = 0
            for device_id, chain in sorted(heads.items()):
                role, acked = local.get(device_id, (MIRROR_ROLE, 0))
                if role != MIRROR_ROLE or device_id == self.state.device_id:
                    continue
                if int(chain["head_seq"]) > acked:
                    count, problem = self._pull_chain(chain, acked)
                    pulled += count
                    if problem:
                        refused.append(problem)
        except RelayFailed as exc:
            self.status = replace(self.status, last_error=str(exc))
            raise
        result = RoundResult(relayed, pulled, backlog, tuple(refused))
        self.status = replace(
            self.status,
            last_success=self.clock(),
            relayed=self.status.relayed + relayed,
            pulled=self.status.pulled + pulled,
            backlog=backlog,
            last_error="; ".join(refused),
        )
        return result

    def _relay_chain(
        self, device_id: str, acked: int, chain: dict[str, Any] | None
    ) -> tuple[tuple[int, int], str]:
        """Push one desk's chain beyond the city's head: ((city head, stored), problem)."""
        head = int(chain["head_seq"]) if chain else 0
        stored = 0
        while head < acked:
            with self.store.transaction() as session:
                device = session.get(Device, (self.state.office_code, device_id))
                assert device is not None
                page = pull.chain_page(
                    session,
                    office_code=self.state.office_code,
                    device_id=device_id,
                    after=head,
                    limit=self.batch,
                )
                body = {
                    "protocol": PROTOCOL_VERSION,
                    "device_id": device_id,
                    "device_no": device.device_no,
                    "predecessor_device_id": device.predecessor_id,
                    "desk_seq": int(device.reported_seq),
                    "events": [_event(text) for text in page.events],
                }
            try:
                answer = self._request(
                    "POST",
                    f"{self.base}/relay/{device_id}",
                    data=gzip.compress(orjson.dumps(body), 5),
                    headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
                )
            except RelayFailed as exc:
                if exc.status in (403, 409, 422):  # this chain only: the others go on
                    return (head, stored), f"device {device_id[:8]}: {exc}"
                raise
            stored += int(answer["stored"])
            if int(answer["acked_seq"]) <= head:  # a fork or a broken link: flagged there
                text = f"device {device_id[:8]}: the city holds its chain only up to seq {head}"
                return (head, stored), text
            head = int(answer["acked_seq"])
        return (head, stored), ""

    def _pull_chain(self, chain: dict[str, Any], acked: int) -> tuple[int, str]:
        """Pull one chain the city holds beyond the hub's copy: (events stored, problem)."""
        device_id, pulled = str(chain["device_id"]), 0
        while acked < int(chain["head_seq"]):
            page = self._request(
                "GET",
                f"{self.base}/devices/{device_id}/events",
                params={"after": acked, "limit": self.batch},
            )
            events: list[WireEvent] = page["events"]
            if not events:
                break
            with self.store.transaction() as session:
                device = self._mirror(session, chain)
                answer = push.apply_push(session, device=device, events=events, now=self.clock())
            pulled += answer["stored"]
            if answer["acked_seq"] <= acked:  # the city's copy does not verify here
                return pulled, f"device {device_id[:8]}: the city's chain does not verify"
            acked = answer["acked_seq"]
        return pulled, ""

    def _mirror(self, session: Any, chain: dict[str, Any]) -> Device:
        """The hub's row of a chain pulled from the city, locked; made on first sight."""
        key = (self.state.office_code, str(chain["device_id"]))
        device = session.get(Device, key, with_for_update=True)
        if device is None:
            device = Device(
                office_code=key[0],
                device_id=key[1],
                device_no=int(chain.get("device_no") or 0),
                token_hash=NO_TOKEN,
                enrolled_at=self.clock(),
                acked_seq=0,
                reported_seq=0,
                head_hash=GENESIS_HASH,
                predecessor_id=chain.get("predecessor_device_id"),
                role=MIRROR_ROLE,
            )
            session.add(device)
            session.flush()
        return device  # type: ignore[no-any-return]

    # --- the worker -------------------------------------------------------------------

    def run_forever(
        self,
        stop: threading.Event,
        *,
        interval: float = DEFAULT_INTERVAL,
        rng: random.Random | None = None,
    ) -> None:
        """Rounds until `stop` is set: every `interval` when all is well, backing off while
        the city is out of reach; never raises (a bug is logged and retried)."""
        rng = rng or random.Random()
        failures = 0
        if self.publish:
            publish_status(self.status)
        while not stop.is_set():
            wait = interval
            try:
                done = self.run_once()
                failures = 0
                if done.relayed or done.pulled:
                    logger.info(
                        "relayed %s, pulled %s, backlog %s", done.relayed, done.pulled, done.backlog
                    )
            except RelayFailed as exc:
                failures += 1
                wait = backoff(failures, rng, exc.retry_after)
                logger.warning("relay: %s; next try in %.0f s", exc, wait)
            except Exception as exc:  # a bug must not end the relay for good
                failures += 1
                wait = backoff(failures, rng)
                self.status = replace(self.status, last_error=f"{type(exc).__name__}: {exc}")
                logger.exception("relay round failed")
                if self.publish:
                    publish_status(self.status)
            stop.wait(wait)


def start(
    store: Store, state: HubState, *, clock: Clock, batch: int, interval: float
) -> threading.Event:
    """The relay thread of a hub's server, started; set the returned event to stop it."""
    stop = threading.Event()
    relay = Relay(store, state, clock=clock, batch=batch, publish=True)
    thread = threading.Thread(
        target=relay.run_forever,
        args=(stop,),
        kwargs={"interval": interval},
        name="hub-relay",
        daemon=True,
    )
    thread.start()
    return stop


def _event(text: str) -> Any:
    """One stored event's JSON (orjson, the standard parser for what orjson refuses)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def _detail(answer: requests.Response) -> str:
    """The problem's detail, or the start of the body, on one line."""
    try:
        text = str(answer.json().get("detail", ""))
    except (ValueError, AttributeError):
        text = answer.text
    return text[:200].replace("\n", " ")
