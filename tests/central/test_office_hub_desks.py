"""Three desks of one office sync with their office hub while the city is away; the hub
relays when the city comes back, and is killed mid-relay and mid-pull along the way.

The city runs on loopback over the test's store; the hub over a SQLite file of its own,
served in a thread while it is up for good and as a `desk-central serve --upstream`
process where it is killed.
"""

from __future__ import annotations

import json
import os
import queue
import random
import signal
import socket
import sqlite3
import subprocess
import threading
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select

from central import hub, relay, stats
from central.store.engine import Store, open_store
from central.store.models import Flag, StoredEvent
from desk_app.common.paths import database_path
from desk_app.counter import tasks
from desk_app.sync import catalogue_pull, client, office_pull, state
from tests.central.conftest import OFFICE
from tests.central.faultkit import (
    PAUSE_REQUEST,
    PAUSE_RESPONSE,
    SAFETY,
    Fault,
    FaultProxy,
    desk_command,
    serve_city,
)
from tests.central.test_hub import _closed_port_url, _code
from tests.helpers import MORNING, ManualClock, receive
from tests.office_desks import Desk, picture, set_up, verified

# The keys the city and a desk both compute, by the same fold.
SHARED = ("tasks_by_status", "points_by_officer", "points_total")


def _events(store: Store) -> set[tuple[str, str, int, str]]:
    """(device, uuid, seq, hash) of every event a store holds for the office."""
    query = select(StoredEvent.device_id, StoredEvent.uuid, StoredEvent.seq, StoredEvent.hash)
    with store.transaction() as session:
        return {
            (d, u, s, h)
            for d, u, s, h in session.execute(query.where(StoredEvent.office_code == OFFICE))
        }


def _desks(root: Path, hub_store: Store, hub_url: str, clock: ManualClock) -> list[Desk]:
    desks = [set_up(root / f"desk{n}", n, office=OFFICE) for n in (1, 2, 3)]
    for desk in desks:
        client.enroll(desk.db, server=hub_url, code=_code(hub_store, clock))
    return desks


def _point_at(desk: Desk, url: str) -> None:
    with desk.db.write() as session:
        state.save(session, **{state.SERVER: url})


def _round(desks: list[Desk], now: datetime) -> None:
    """A sync round at every desk, twice: what one pushes the next pulls."""
    for _ in range(2):
        for desk in desks:
            done = catalogue_pull.sync_round(desk.db, now=now)
            assert done.office is not None and not done.office.refused


def _desk_stats(desk: Desk) -> dict[str, Any]:
    """`desk-app stats --json` on the desk, on the keys the city shares."""
    done = subprocess.run(
        [desk_command("desk-app"), "stats", "--json", "--data-dir", str(desk.folder)],
        capture_output=True,
        text=True,
        timeout=SAFETY,
        check=True,
    )
    found = json.loads(done.stdout)
    return {key: found[key] for key in SHARED}


def _city_stats(store: Store) -> dict[str, Any]:
    with store.transaction() as session:
        found = stats.office_figures(session, office_code=OFFICE).to_json()
    return {key: found[key] for key in SHARED}


def _applied_once(desk: Desk) -> None:
    """Each (device, seq) once in the desk's events table, and verify passes."""
    conn = sqlite3.connect(database_path(desk.folder))
    try:
        twice = conn.execute(
            "SELECT device_id, seq, COUNT(*) FROM events GROUP BY device_id, seq"
            " HAVING COUNT(*) > 1"
        ).fetchall()
        uuids = conn.execute("SELECT COUNT(*), COUNT(DISTINCT uuid) FROM events").fetchone()
    finally:
        conn.close()
    assert twice == [], desk.name
    assert uuids[0] == uuids[1], desk.name
    assert verified(desk) == [], desk.name


def _hub_store(folder: Path, clock: ManualClock) -> Store:
    folder.mkdir()
    hub_store = open_store(f"sqlite:///{folder / 'central.sqlite3'}")
    _code(hub_store, clock)  # the hub's store holds the office
    return hub_store


def test_a_task_goes_round_three_desks_through_the_hub_while_the_city_is_away(
    store: Store, clock: ManualClock, tmp_path: Path
) -> None:
    hub_store = _hub_store(tmp_path / "hub", clock)
    with serve_city(store, clock) as city_url, serve_city(hub_store, clock) as hub_url:
        hub_state = hub.enroll(
            tmp_path / "hub", upstream=city_url, office_code=OFFICE, code=_code(store, clock)
        )
        a, b, c = desks = _desks(tmp_path, hub_store, hub_url, clock)
        away = relay.Relay(hub_store, replace(hub_state, upstream=_closed_port_url()), clock=clock)
        task = receive(a.db, a.officer, now=MORNING)
        _round(desks, MORNING + timedelta(minutes=1))
        with b.db.write() as session:
            tasks.forward_to_agency(
                session,
                actor_id=b.officer,
                task_id=task.id,
                agency_code="DUKCAPIL",
                now=MORNING + timedelta(minutes=5),
            )
        _round(desks, MORNING + timedelta(minutes=6))
        at = MORNING + timedelta(minutes=40)
        with c.db.write() as session:
            tasks.return_from_agency(session, actor_id=c.officer, task_id=task.id, now=at)
            tasks.mark_ready(session, actor_id=c.officer, task_id=task.id, now=at)
            tasks.hand_over(session, actor_id=c.officer, task_id=task.id, now=at)
        _round(desks, at + timedelta(minutes=1))
        try:
            away.run_once()
        except relay.RelayFailed as exc:
            assert "cannot be reached" in str(exc)
        else:
            raise AssertionError("the relay reached a city that is away")
        assert _events(store) == set()
        pictures = [picture(d) for d in desks]
        assert pictures[0] == pictures[1] == pictures[2]
        with a.db.read() as session:
            assert tasks.get_task(session, task_id=task.id).status == "completed"

        done = relay.Relay(hub_store, hub_state, clock=clock).run_once()
        assert done.backlog == 0
        assert _events(store) == _events(hub_store)
        seen = _city_stats(store)
        assert seen["points_total"] > 0
        for desk in desks:
            assert _desk_stats(desk) == seen, desk.name
            _applied_once(desk)
    for desk in desks:
        desk.db.dispose()
    hub_store.dispose()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Hub:
    """`desk-central serve --upstream` over the hub's folder, as its own process."""

    def __init__(self, folder: Path, upstream: str, log: Path) -> None:
        self.port = _free_port()
        self.log = log
        self.process = subprocess.Popen(
            [
                desk_command("desk-central"),
                "serve",
                *("--data-dir", str(folder), "--port", str(self.port)),
                *("--upstream", upstream, "--relay-batch", "3", "--relay-interval", "3600"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=dict(os.environ),
        )
        assert self.process.stderr is not None
        self._up = threading.Event()
        threading.Thread(target=self._drain, args=(self.process.stderr,), daemon=True).start()

    def _drain(self, stream: IO[bytes]) -> None:
        with self.log.open("ab") as sink:
            for line in stream:
                sink.write(line)
                sink.flush()
                if b"running on" in line.lower():
                    self._up.set()
        self._up.set()  # ended: whoever waits finds it dead

    def wait_up(self) -> None:
        """Until the server listens (or the process ends)."""
        assert self._up.wait(timeout=SAFETY), self.tail()
        assert self.process.poll() is None, self.tail()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        assert self.process.wait(timeout=SAFETY) == -signal.SIGKILL

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-2000:]


def test_killing_the_hub_mid_relay_and_mid_pull_loses_and_doubles_nothing(
    store: Store, clock: ManualClock, tmp_path: Path
) -> None:
    folder = tmp_path / "hub"
    hub_store = _hub_store(folder, clock)
    with serve_city(hub_store, clock) as hub_url:
        desks = _desks(tmp_path, hub_store, hub_url, clock)
        _round(desks, MORNING)
    rng = random.Random(13)
    log = tmp_path / "hub.log"
    mid_relay = mid_pull = 0
    with (
        serve_city(store, clock) as city_url,
        FaultProxy(city_url) as city_proxy,
        FaultProxy(hub_url) as hub_proxy,
    ):
        hub_state = hub.enroll(
            folder, upstream=city_url, office_code=OFFICE, code=_code(store, clock)
        )
        for rounds in range(1, 7):
            at = MORNING + timedelta(minutes=rounds * 10)
            worker, puller = desks[rounds % 3], desks[(rounds + 1) % 3]
            for n in range(6):  # the city lags at least two relay batches behind
                receive(worker.db, worker.officer, now=at + timedelta(seconds=n))
            with serve_city(hub_store, clock) as served:  # the hub process is down
                _point_at(worker, served)
                client.push_once(worker.db, now=at)
            kinds = (PAUSE_REQUEST, PAUSE_RESPONSE)
            city_proxy.arm({rng.randint(1, 2): Fault(kinds[rounds % 2], at=rng.random())})
            city_proxy.notices = queue.Queue()
            process = _Hub(folder, city_proxy.url, log)
            try:
                process.wait_up()
                hub_proxy.set_upstream(process.url)
                hub_proxy.arm({1: Fault(kinds[(rounds + 1) % 2], at=rng.random())})
                hub_proxy.notices = queue.Queue()
                _point_at(puller, hub_proxy.url)
                outcome: queue.Queue[BaseException | office_pull.PullResult] = queue.Queue()

                def pull(desk: Desk = puller, now: datetime = at, into: Any = outcome) -> None:
                    try:
                        into.put(office_pull.pull_office(desk.db, now=now))
                    except Exception as exc:  # handed to the test
                        into.put(exc)

                threading.Thread(target=pull, daemon=True).start()
                relay_paused = city_proxy.notices.get(timeout=SAFETY)
                pull_paused = hub_proxy.notices.get(timeout=SAFETY)
                assert relay_paused.kind == kinds[rounds % 2]
                assert pull_paused.kind == kinds[(rounds + 1) % 2]
                process.kill()
                mid_relay += 1
                mid_pull += 1
            finally:
                city_proxy.resume()
                hub_proxy.resume()
                if process.process.poll() is None:
                    process.process.kill()
                    process.process.wait(timeout=SAFETY)
            ended = outcome.get(timeout=SAFETY)
            assert isinstance(ended, (client.SyncFailed, office_pull.PullResult)), repr(ended)
            _applied_once(puller)
            with serve_city(hub_store, clock) as served:  # the next pull takes up what was cut
                _point_at(puller, served)
                again = office_pull.pull_office(puller.db, now=at + timedelta(minutes=1))
            assert again.applied > 0 and not again.waiting and not again.refused
            _applied_once(puller)
        assert mid_relay >= 3 and mid_pull >= 3
        done = relay.Relay(hub_store, hub_state, clock=clock).run_once()
        assert done.backlog == 0
        assert _events(store) == _events(hub_store)  # nothing lost, nothing doubled
        with serve_city(hub_store, clock) as served:
            for desk in desks:
                _point_at(desk, served)
            _round(desks, MORNING + timedelta(hours=3))
        assert relay.Relay(hub_store, hub_state, clock=clock).run_once().backlog == 0
        assert _events(store) == _events(hub_store)
    held = {(d, s) for d, _, s, _ in _events(hub_store)}
    pictures = [picture(d) for d in desks]
    assert pictures[0] == pictures[1] == pictures[2]
    for desk in desks:
        _applied_once(desk)
        conn = sqlite3.connect(database_path(desk.folder))
        mine = set(conn.execute("SELECT device_id, seq FROM events").fetchall())
        conn.close()
        assert mine == held, desk.name  # every desk holds every chain, each event once
    assert _desk_stats(desks[0]) == _city_stats(store)
    with store.transaction() as session:
        assert session.scalars(select(Flag).where(Flag.kind.in_(("fork", "chain")))).all() == []
    for desk in desks:
        desk.db.dispose()
    hub_store.dispose()
