"""Exactly-once push under faults: a bad network, a desk killed mid-sync, a city killed mid-push.

Real parts only: the desk's client, a real server on loopback (in a thread, or the
`desk-central serve` command), SQLite and PostgreSQL, and a fault-injecting proxy of ours
between them (tests/central/faultkit.py). The faults come from seeded schedules and the
kills from points in the byte stream, so a run is the same every time.
"""

from __future__ import annotations

import logging
import os
import queue
import random
import signal
import socket
import subprocess
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
import requests

from central import offices
from central.store.engine import Store
from desk_app.common.paths import database_path
from desk_app.db.engine import Database
from desk_app.eventlog.verify import verify_database
from desk_app.office import installation
from desk_app.sync import client, state
from tests.central.conftest import OFFICE, City
from tests.central.faultkit import (
    DELAY,
    DUPLICATE,
    FAILING,
    KILL_POINTS,
    ROOT,
    SAFETY,
    Fault,
    FaultProxy,
    add_tasks,
    city_counts,
    city_events,
    desk_command,
    desk_events,
    desk_position,
    kill_loop,
    new_desk,
    point_at,
)
from tests.conftest import Office
from tests.helpers import MORNING, ManualClock, receive


def _assert_city_holds_exactly(store: Store, desks: list[tuple[Database, Path]]) -> None:
    """Every desk's chain is on the city once, nothing else is, no flag, positions agree."""
    events, flags, city_acked = city_counts(store)
    assert flags == 0
    assert events == sum(len(desk_events(folder)) for _, folder in desks)
    for db, folder in desks:
        held = desk_events(folder)
        with db.read() as session:
            device = installation.desk_info(session).device_id
            sync = state.load(session)
        assert city_events(store, device) == held
        head, acked = desk_position(db)
        assert acked == head == len(held) == city_acked[device]
        assert sync.acked_hash == max(held, key=lambda e: e[1])[2]
        assert sync.problem == ""


# --- 1. a bad network between desk and city ---------------------------------------------------


def _schedule(rng: random.Random, rounds: int = 3) -> dict[int, Fault]:
    """Each fault `rounds` times, shuffled, with a few clean requests between them."""
    kinds = [*FAILING, DUPLICATE] * rounds
    rng.shuffle(kinds)
    plan, index = {}, 0
    for kind in kinds:
        index += rng.randint(0, 2)
        plan[index] = Fault(kind, at=rng.random(), pick=rng.randrange(2))
        index += 1
    return plan


def test_pushes_through_dropped_doubled_reordered_cut_and_refused_exchanges_end_exact(
    desk: Office, city: City, clock: ManualClock
) -> None:
    rng = random.Random(20261125)
    plan = _schedule(rng)
    for minutes in range(5):
        receive(desk.db, desk.officer.id, now=MORNING + timedelta(minutes=minutes))
    client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    failures, duplicates, rounds = 0, 0, 0
    with FaultProxy(city.url) as proxy, requests.Session() as http:
        point_at(desk.db, proxy.url)
        proxy.arm(plan)
        while True:
            rounds += 1
            assert rounds <= 200, "the faults never stopped"
            for _ in range(rng.randint(0, 2)):  # the counter keeps working between rounds
                receive(desk.db, desk.officer.id, now=MORNING + timedelta(minutes=5 + rounds))
            try:
                result = client.push_once(desk.db, now=clock(), http=http, batch_size=3)
            except client.SyncFailed as exc:
                assert exc.retry, exc
                failures += 1
                continue
            duplicates += result.duplicates
            if proxy.requests > max(plan) and result.pending == 0:
                break
        done = Counter(kind for _, kind in proxy.log)
        held = proxy.held
    # Every fault of the schedule happened, each failing one failed its round (retryably),
    # the delayed requests reached the city after newer ones, and nothing is left held.
    assert {kind: done[kind] for kind in [*FAILING, DUPLICATE]} == Counter(
        f.kind for f in plan.values()
    )
    assert failures == sum(f.kind in FAILING for f in plan.values())
    assert done["delivered_late"] == done[DELAY] and held == 0
    assert duplicates > 0  # answers lost after the commit were repeated, not doubled
    _assert_city_holds_exactly(city.store, [(desk.db, desk.folder)])


# --- 2. the desk's sync killed at any byte ---------------------------------------------------

# Per database, so 24 in the suite. Each sync is a process forked from a warm Python
# (faultkit.ForkServer): a round costs a fork and a push, not an interpreter's start.
KILLS = 12


def test_a_sync_killed_at_any_byte_of_its_exchanges_loses_and_doubles_nothing(
    desk: Office, city: City, caplog: pytest.LogCaptureFixture
) -> None:
    client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    with FaultProxy(city.url) as proxy:
        point_at(desk.db, proxy.url)
        figures = kill_loop(
            db=desk.db,
            folder=desk.folder,
            actor=desk.officer.id,
            proxy=proxy,
            rng=random.Random(4242),
            kills=KILLS,
        )
        proxy.arm({})
        sync = subprocess.run(
            [desk_command("desk-app"), "sync", "--once", "--data-dir", str(desk.folder)],
            capture_output=True,
            text=True,
            timeout=SAFETY,
            cwd=ROOT,
        )
    assert sync.returncode == 0, sync.stderr
    assert figures.kills == KILLS
    # a desk that died mid-upload is an ordinary event for the city, not a crash
    crashes = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert crashes == []
    assert figures.points == Counter({point: KILLS // len(KILL_POINTS) for point in KILL_POINTS})
    assert 0 < figures.cli_kills < KILLS  # both `desk-app sync --once` and small batches
    check = subprocess.run(
        [desk_command("desk-app"), "verify", "--data-dir", str(desk.folder)],
        capture_output=True,
        text=True,
        timeout=SAFETY,
        cwd=ROOT,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert verify_database(database_path(desk.folder)).ok
    _assert_city_holds_exactly(city.store, [(desk.db, desk.folder)])


# --- 3. the city server killed mid-push --------------------------------------------------------

DESKS = 3
BACKLOG = 1000  # events per desk
BATCH = 500  # events per push: two big pushes per desk


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Central:
    """A `desk-central serve` process."""

    process: subprocess.Popen[str]
    url: str


@contextmanager
def _central(database_url: str) -> Iterator[Central]:
    """Start `desk-central serve` on a free port; ready once uvicorn says it is running."""
    port = _free_port()
    process = subprocess.Popen(
        [
            desk_command("desk-central"),
            "serve",
            "--port",
            str(port),
            "--database-url",
            database_url,
            "--now",
            MORNING.isoformat(),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def drain() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=drain, daemon=True).start()
    seen: list[str] = []
    while True:
        line = lines.get(timeout=SAFETY)
        assert line is not None, "desk-central serve stopped:\n" + "".join(seen)
        seen.append(line)
        if "Uvicorn running on" in line:
            break
    try:
        yield Central(process, f"http://127.0.0.1:{port}")
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=SAFETY)


def test_a_city_server_killed_while_big_pushes_are_in_flight_loses_and_doubles_nothing(
    desk: Office, store: Store, tmp_path: Path, clock: ManualClock
) -> None:
    desks = [(desk.db, desk.folder, desk.officer.id)]
    for no in range(2, DESKS + 1):
        db, actor = new_desk(tmp_path / f"desk-{no}", office_code=OFFICE, device_no=no)
        desks.append((db, tmp_path / f"desk-{no}", actor))
    for db, _, actor in desks:
        add_tasks(db, actor, BACKLOG)
    with store.transaction() as session:
        offices.register_office(session, office_code=OFFICE, now=clock())
        codes = [offices.issue_code(session, office_code=OFFICE, now=clock()) for _ in desks]
    outcomes: list[BaseException | client.SyncResult] = []

    def push(db: Database) -> None:
        try:
            outcomes.append(client.push_once(db, now=clock(), batch_size=BATCH))
        except client.SyncFailed as exc:
            outcomes.append(exc)

    try:
        with FaultProxy("http://127.0.0.1:1") as proxy:
            with _central(store.url) as first:
                for (db, _, _), code in zip(desks, codes, strict=True):
                    client.enroll(db, server=first.url, code=code)
                    point_at(db, proxy.url)
                proxy.set_upstream(first.url)
                proxy.hold_answers(after=DESKS)  # every desk's first big push is out ...
                pushers = [threading.Thread(target=push, args=(db,)) for db, _, _ in desks]
                for pusher in pushers:
                    pusher.start()
                delivered = proxy.notices.get(timeout=SAFETY)  # ... a first answer is back,
                lost = proxy.notices.get(timeout=SAFETY)  # and a second: kill the city now
                in_flight = proxy.in_flight()
                os.kill(first.process.pid, signal.SIGKILL)
                first.process.wait(timeout=SAFETY)
                proxy.open_answers(deliver={delivered.index})  # the second answer is lost
                for pusher in pushers:
                    pusher.join(SAFETY)
            assert (delivered.kind, lost.kind) == ("answered", "answered")
            assert first.process.returncode == -signal.SIGKILL
            assert in_flight >= 1, "no push was in flight when the city died"
            assert len(outcomes) == DESKS
            assert all(isinstance(o, client.SyncFailed) and o.retry for o in outcomes), outcomes
            # After the crash each device's position is all of a push or none of it, and
            # the answer that got out before the kill was stored by its desk.
            held, _, city_acked = city_counts(store)
            assert held == sum(city_acked.values()) and held in (2 * BATCH, 3 * BATCH)
            assert sorted(city_acked.values())[1:] == [BATCH] * (DESKS - 1)
            desk_acked = [desk_position(db)[1] for db, _, _ in desks]
            assert sorted(desk_acked) == [0] * (DESKS - 1) + [BATCH]
            behind = held - sum(desk_acked)  # committed, answer lost: to be repeated
            with _central(store.url) as second:  # the same database, after the crash
                proxy.set_upstream(second.url)
                results = [
                    client.push_once(db, now=clock(), batch_size=BATCH) for db, _, _ in desks
                ]
        assert [r.pending for r in results] == [0] * DESKS
        assert sum(r.duplicates for r in results) == behind >= BATCH
        _assert_city_holds_exactly(store, [(db, folder) for db, folder, _ in desks])
    finally:
        for db, _, _ in desks[1:]:
            db.dispose()
