"""The office hub: desks push to a server on the office's LAN, which relays their chains to
the city when it is reachable and pulls down the chains of desks that synced to the city.

A city and a hub run as two servers on loopback, each over its own store (the city on
SQLite and on PostgreSQL, the hub on SQLite as an office PC runs it).
"""

from __future__ import annotations

import gzip
import json
import os
import queue
import random
import signal
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
import requests
from sqlalchemy import select

from central import hub, offices, push, relay, stats
from central.store.engine import Store, open_store
from central.store.models import Device, Flag, StoredEvent
from desk_app.db.engine import Database
from desk_app.eventlog import wire
from desk_app.sync import client, state
from tests.central.conftest import OFFICE, OTHER_OFFICE
from tests.central.faultkit import (
    PAUSE_REQUEST,
    PAUSE_RESPONSE,
    SAFETY,
    Fault,
    FaultProxy,
    desk_command,
    new_desk,
    serve_city,
)
from tests.helpers import MORNING, ManualClock, receive


def _code(store: Store, clock: ManualClock, office: str = OFFICE) -> str:
    """A one-time enrolment code of `office` (registered first when needed)."""
    with store.transaction() as session:
        if office not in {o.office_code for o in offices.list_offices(session)}:
            offices.register_office(session, office_code=office, now=clock())
        return offices.issue_code(session, office_code=office, now=clock())


def _closed_port_url() -> str:
    """A loopback URL nothing listens on: the city out of reach."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def _events(store: Store, device_id: str | None = None) -> set[tuple[str, str, int, str]]:
    """(device, uuid, seq, hash) of every event a store holds for the office."""
    query = select(StoredEvent.device_id, StoredEvent.uuid, StoredEvent.seq, StoredEvent.hash)
    query = query.where(StoredEvent.office_code == OFFICE)
    if device_id is not None:
        query = query.where(StoredEvent.device_id == device_id)
    with store.transaction() as session:
        return {(d, u, s, h) for d, u, s, h in session.execute(query)}


def _figures(store: Store) -> dict[str, Any]:
    """The office's stats on the keys both servers share; the devices without the hub."""
    with store.transaction() as session:
        found = stats.office_figures(session, office_code=OFFICE).to_json()
        roles = {d.device_id: d.role for d in session.scalars(select(Device))}
    found["devices"] = sorted(
        (d["device_id"], d["device_no"], d["acked_seq"])
        for d in found["devices"]
        if roles[d["device_id"]] != hub.HUB_ROLE
    )
    return {
        key: found[key]
        for key in ("tasks_by_status", "points_by_officer", "points_total", "events", "devices")
    }


def _cli_stats(store: Store) -> dict[str, Any]:
    """`desk-central stats --json --office` over a store; the hub itself left out of the
    devices (the city lists it as a device of the office with no chain of its own)."""
    done = subprocess.run(
        [
            *(desk_command("desk-central"), "stats", "--json", "--office", OFFICE),
            "--database-url",
            store.url,
        ],
        capture_output=True,
        text=True,
        timeout=SAFETY,
        check=True,
    )
    found = json.loads(done.stdout)
    found = found[0] if isinstance(found, list) else found
    found["devices"] = [d for d in found["devices"] if d["device_no"] != hub.HUB_DEVICE_NO]
    for device in found["devices"]:
        device.pop("clock_skew_s")  # what the desk's clock said to the server it pushed to
    return dict(found)


def _local(db: Database) -> list[wire.WireEvent]:
    return client._batch(db, after=0, limit=100_000)[2]


@dataclass
class Office:
    """A city and a hub of OFFICE, both on loopback, the hub enrolled at the city."""

    city_url: str
    city: Store
    hub_url: str
    hub_store: Store
    state: hub.HubState
    clock: ManualClock
    folder: Path

    def relay(self, upstream: str | None = None, batch: int = 500) -> relay.Relay:
        """The hub's relay, to the city or to `upstream`."""
        state = replace(self.state, upstream=upstream or self.city_url)
        return relay.Relay(self.hub_store, state, clock=self.clock, batch=batch)

    def desk(self, name: str, device_no: int, *, at_city: bool = False) -> Database:
        """A desk enrolled at the hub (or straight at the city), with three intakes pushed."""
        db, actor = new_desk(self.folder / name, office_code=OFFICE, device_no=device_no)
        server, store = (self.city_url, self.city) if at_city else (self.hub_url, self.hub_store)
        client.enroll(db, server=server, code=_code(store, self.clock))
        self.work(db, actor, 3)
        return db

    def work(self, db: Database, actor: str, count: int) -> None:
        """`count` more intakes at the desk, pushed to where it syncs."""
        for n in range(count):
            receive(db, actor, now=MORNING + timedelta(minutes=n))
        client.push_once(db, now=MORNING + timedelta(hours=1))


@pytest.fixture
def office(store: Store, clock: ManualClock, tmp_path: Path) -> Iterator[Office]:
    """The city over the test's store, the hub over a SQLite file of its own."""
    hub_store = open_store(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    _code(hub_store, clock)  # the hub's store holds the office
    with serve_city(store, clock) as city_url, serve_city(hub_store, clock) as hub_url:
        state = hub.enroll(
            tmp_path / "hub", upstream=city_url, office_code=OFFICE, code=_code(store, clock)
        )
        yield Office(city_url, store, hub_url, hub_store, state, clock, tmp_path)
    hub_store.dispose()


def _actor(db: Database) -> str:
    return str(_local(db)[-1]["actor"])


def test_the_hub_relays_what_desks_pushed_while_the_city_was_away(office: Office) -> None:
    a, b = office.desk("a", 1), office.desk("b", 2)
    office.work(a, _actor(a), 2)
    away = office.relay(_closed_port_url())
    with pytest.raises(relay.RelayFailed, match="cannot be reached"):
        away.run_once()
    assert "cannot be reached" in away.status.last_error and away.status.last_success is None
    assert _events(office.city) == set()

    link = office.relay()
    done = link.run_once()
    held = _events(office.hub_store)
    assert done.relayed == len(held) == len(_local(a)) + len(_local(b)) and done.backlog == 0
    assert _events(office.city) == held  # uuid and hash of every event of every device
    assert _figures(office.city) == _figures(office.hub_store)
    assert link.status.backlog == 0 and link.status.last_error == ""
    assert link.run_once().relayed == 0  # nothing doubled by a repeat
    assert _cli_stats(office.city) == _cli_stats(office.hub_store)
    with office.city.transaction() as session:
        rows = {d.device_id: d for d in session.scalars(select(Device))}
        assert session.scalars(select(Flag)).all() == []
    for db in (a, b):
        device = rows[_local(db)[0]["device_id"]]
        assert (device.relayed_by, device.role) == (office.state.device_id, "desk")
        assert device.token_hash == hub.NO_TOKEN  # no token of its own at the city
    assert rows[office.state.device_id].role == hub.HUB_ROLE

    # A desk that syncs straight to the city: the hub pulls its chain down for the LAN.
    c = office.desk("c", 3, at_city=True)
    c_id = _local(c)[0]["device_id"]
    assert link.run_once().pulled == len(_local(c))
    assert _events(office.hub_store, c_id) == _events(office.city, c_id)
    assert _figures(office.city) == _figures(office.hub_store)
    with a.read() as session:
        token = state.load(session).token
    page = requests.get(
        f"{office.hub_url}/v1/offices/{OFFICE}/devices/{c_id}/events",
        headers={"Authorization": f"Bearer {token}"},
        timeout=SAFETY,
    ).json()
    assert page["events"] == _local(c)  # desk a reads desk c's chain from the hub as chained
    office.work(c, _actor(c), 1)
    office.work(a, _actor(a), 1)
    again = link.run_once()
    assert (again.relayed, again.pulled, again.backlog) == (1, 1, 0)
    assert _events(office.city) == _events(office.hub_store)
    assert _figures(office.city) == _figures(office.hub_store)


def _relay_post(office: Office, token: str, device_id: str, body: dict[str, Any]) -> Any:
    return requests.post(
        f"{office.city_url}/v1/offices/{OFFICE}/relay/{device_id}",
        data=gzip.compress(orjson.dumps({"protocol": wire.PROTOCOL_VERSION, **body})),
        headers={"Authorization": f"Bearer {token}", "Content-Encoding": "gzip"},
        timeout=SAFETY,
    )


def test_a_hub_relays_only_its_own_office_and_its_own_desks(office: Office) -> None:
    a = office.desk("a", 1)
    office.relay().run_once()
    a_id, events = _local(a)[0]["device_id"], _local(a)
    other = hub.enroll(
        office.folder / "other-hub",
        upstream=office.city_url,
        office_code=OTHER_OFFICE,
        code=_code(office.city, office.clock, OTHER_OFFICE),
    )
    body = {"device_no": 1, "events": events}
    refused = _relay_post(office, other.token, a_id, body)
    assert refused.status_code == 403 and OTHER_OFFICE in refused.json()["detail"]
    # A desk's own token relays nothing; a desk that syncs to the city is not the hub's.
    c = office.desk("c", 3, at_city=True)
    with c.read() as session:
        c_token = state.load(session).token
    c_id = _local(c)[0]["device_id"]
    assert _relay_post(office, c_token, a_id, body).status_code == 403
    taken = _relay_post(office, office.state.token, c_id, {"device_no": 3, "events": _local(c)})
    assert taken.status_code == 403 and "not via this hub" in taken.json()["detail"]
    for token in ("", "Bearer nope", f"Bearer {office.state.token[:-2]}xx"):
        answer = requests.post(
            f"{office.city_url}/v1/offices/{OFFICE}/relay/{a_id}",
            json={"protocol": wire.PROTOCOL_VERSION, "device_no": 1, "events": events},
            headers={"Authorization": token} if token else {},
            timeout=SAFETY,
        )
        assert answer.status_code == 401
    bad = _relay_post(office, office.state.token, "f" * 36, {"device_no": "x", "events": []})
    assert bad.status_code == 422 and bad.json()["detail"].startswith("device_no:")
    assert _events(office.city) == _events(office.hub_store, a_id) | _events(office.city, c_id)


def test_a_tampered_relayed_event_is_flagged_as_a_direct_push_would_be(office: Office) -> None:
    a = office.desk("a", 1)
    link = office.relay()
    link.run_once()
    before = _events(office.city)
    events = _local(a)
    a_id = events[0]["device_id"]
    # An event the city holds, told otherwise (its hash made to fit): a fork, kept apart.
    forged = dict(events[0], payload={**events[0]["payload"], "forged": True})
    forged["hash"] = wire.chain_hash(forged["prev_hash"], wire.hashed_body(forged))  # type: ignore[arg-type]
    answer = _relay_post(office, office.state.token, a_id, {"device_no": 1, "events": [forged]})
    assert answer.status_code == 200 and answer.json()["forks"] == 1
    # A new event whose payload no longer matches its hash: refused, the chain held stops.
    office.work(a, _actor(a), 1)
    fresh: dict[str, Any] = dict(_local(a)[-1])
    fresh["payload"] = {**fresh["payload"], "forged": True}
    answer = _relay_post(office, office.state.token, a_id, {"device_no": 1, "events": [fresh]})
    assert answer.json()["stored"] == 0 and answer.json()["acked_seq"] == len(events)
    with office.city.transaction() as session:
        kinds = sorted(f.kind for f in session.scalars(select(Flag)))
    assert kinds == ["chain", "fork"]
    assert _events(office.city) == before
    # The same tampering pushed by a desk straight through apply_push answers the same.
    with office.hub_store.transaction() as session:
        device = session.get(Device, (OFFICE, a_id), with_for_update=True)
        assert device is not None
        direct = push.apply_push(session, device=device, events=[forged], now=office.clock())
    assert direct["forks"] == 1
    done = link.run_once()  # the hub's true chain goes on past the refused copy
    assert done.backlog == 0 and _events(office.city) == _events(office.hub_store)


def _hub_serve(folder: Path, upstream: str, log: Path) -> subprocess.Popen[bytes]:
    """`desk-central serve --upstream` over the hub's data folder, as its own process."""
    with log.open("ab") as sink:
        return subprocess.Popen(
            [
                desk_command("desk-central"),
                "serve",
                "--data-dir",
                str(folder),
                "--port",
                "0",
                "--upstream",
                upstream,
                "--relay-batch",
                "3",
                "--relay-interval",
                "3600",
            ],
            stdout=sink,
            stderr=sink,
            env=dict(os.environ),
        )


def test_killing_the_hub_mid_relay_loses_and_doubles_nothing(
    store: Store, clock: ManualClock, tmp_path: Path
) -> None:
    folder = tmp_path / "hub"
    folder.mkdir()
    hub_store = open_store(f"sqlite:///{folder / 'central.sqlite3'}")
    _code(hub_store, clock)
    db, actor = new_desk(tmp_path / "a", office_code=OFFICE, device_no=1)
    with serve_city(hub_store, clock) as hub_url:
        client.enroll(db, server=hub_url, code=_code(hub_store, clock))
    rng = random.Random(13)
    kills, rounds = 0, 0
    log = tmp_path / "hub.log"
    with serve_city(store, clock) as city_url, FaultProxy(city_url) as proxy:
        hub_state = hub.enroll(
            folder, upstream=city_url, office_code=OFFICE, code=_code(store, clock)
        )
        while kills < 6:
            rounds += 1
            assert rounds <= 20, log.read_text(errors="replace")[-2000:]
            # The desk works on and pushes to the hub (served here while the hub process is
            # down): the city lags at least two relay batches behind.
            for n in range(6):
                receive(db, actor, now=MORNING + timedelta(minutes=rounds * 10 + n))
            with serve_city(hub_store, clock) as hub_url:
                with db.write() as session:
                    state.save(session, **{state.SERVER: hub_url})
                client.push_once(db, now=MORNING)
            kind = (PAUSE_REQUEST, PAUSE_RESPONSE)[kills % 2]
            proxy.arm({rng.randint(1, 2): Fault(kind, at=rng.random())})  # 0 is the chain list
            proxy.notices = queue.Queue()
            process = _hub_serve(folder, proxy.url, log)
            try:
                notice = proxy.notices.get(timeout=SAFETY)
                assert notice.kind == kind
                process.send_signal(signal.SIGKILL)
                assert process.wait(timeout=SAFETY) == -signal.SIGKILL
                kills += 1
            finally:
                proxy.resume()
                if process.poll() is None:
                    process.kill()
                    process.wait(timeout=SAFETY)
        link = relay.Relay(hub_store, hub_state, clock=clock)
        done = link.run_once()
    assert done.backlog == 0
    assert _events(store) == _events(hub_store)  # nothing lost, nothing doubled
    assert {e["uuid"] for e in _local(db)} == {u for _, u, _, _ in _events(store)}
    with store.transaction() as session:
        assert session.scalars(select(Flag).where(Flag.kind.in_(("fork", "chain")))).all() == []
    hub_store.dispose()


def test_serve_refuses_a_bad_upstream_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "hub"
    for argv, word in (
        (["--upstream", "ftp://x"], "--upstream"),
        (["--upstream", "http://127.0.0.1:9"], "enrol the hub first"),
    ):
        done = subprocess.run(
            [desk_command("desk-central"), "serve", "--data-dir", str(folder), *argv],
            capture_output=True,
            text=True,
            timeout=SAFETY,
        )
        assert done.returncode == 1 and word in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert not folder.exists()  # nothing opened, nothing written
    # A hub enrolment the city does not answer: one line, no token file.
    command = [desk_command("desk-central"), "office", "add", OFFICE, "--data-dir", str(folder)]
    subprocess.run(command, capture_output=True, check=True, timeout=SAFETY)
    done = subprocess.run(
        [
            *(desk_command("desk-central"), "hub", "enroll", "--upstream", _closed_port_url()),
            *("--code", "ABCD-EFGH-JKMN", "--data-dir", str(folder)),
        ],
        capture_output=True,
        text=True,
        timeout=SAFETY,
    )
    assert done.returncode == 1 and "the city did not answer" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (folder / hub.STATE_FILE).exists()


def test_the_hub_keeps_its_token_for_its_owner_only(office: Office) -> None:
    path = office.folder / "hub" / hub.STATE_FILE
    assert path.stat().st_mode & 0o777 == 0o600
    loaded = hub.load(office.folder / "hub")
    assert loaded is not None and loaded == office.state and loaded.token.startswith(f"{OFFICE}/")
    with office.city.transaction() as session:
        held = session.get(Device, (OFFICE, office.state.device_id))
        assert held is not None and held.token_hash != loaded.token  # only a hash at the city


def test_backoff_doubles_with_jitter_and_honours_retry_after() -> None:
    rng = random.Random(1)
    waits = [relay.backoff(n, rng) for n in range(1, 12)]
    assert all(
        relay.BACKOFF_FIRST * 2 ** (n - 1) / 2 <= w <= relay.BACKOFF_FIRST * 2 ** (n - 1)
        for n, w in zip(range(1, 8), waits, strict=False)
    )
    assert max(waits) <= relay.BACKOFF_CAP
    assert relay.backoff(1, rng, retry_after=120) == 120


def test_the_status_pages_show_the_hub_and_its_relayed_desks(office: Office) -> None:
    a = office.desk("a", 1)
    a_id = _local(a)[0]["device_id"]
    away = relay.Relay(
        office.hub_store,
        replace(office.state, upstream=_closed_port_url()),
        clock=office.clock,
        publish=True,
    )
    try:
        with pytest.raises(relay.RelayFailed):
            away.run_once()
        page = requests.get(f"{office.hub_url}/admin?lang=en", timeout=SAFETY).text
        assert "City server (this hub relays to it)" in page
        assert "the city cannot be reached" in page and "never" in page
        relay.publish_status(None)
        office.relay().run_once()
        city = requests.get(f"{office.city_url}/admin?lang=en", timeout=SAFETY).text
        assert f"via hub {office.state.device_id[:8]}" in city and "office hub" in city
        assert a_id in city and "City server (this hub" not in city
    finally:
        relay.publish_status(None)
