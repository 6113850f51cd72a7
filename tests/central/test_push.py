"""Exactly-once push against a real server on loopback, on SQLite and on PostgreSQL."""

from __future__ import annotations

import gzip
import json
import shutil
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import func, select

from central.store.models import Device, Flag, StoredEvent
from desk_app.common.paths import database_path
from desk_app.db.models import Event
from desk_app.db.storage import open_database
from desk_app.eventlog import kinds, wire
from desk_app.insights import stats as desk_stats
from desk_app.sync import client, state
from tests.central.conftest import OFFICE, City
from tests.conftest import Office
from tests.helpers import MORNING, ManualClock, receive


def _desk_events(folder: Path) -> set[tuple[str, int, str]]:
    conn = sqlite3.connect(database_path(folder))
    try:
        return set(conn.execute("SELECT uuid, seq, hash FROM events").fetchall())
    finally:
        conn.close()


def _city_events(city: City) -> set[tuple[str, int, str]]:
    with city.store.transaction() as session:
        rows = session.execute(select(StoredEvent.uuid, StoredEvent.seq, StoredEvent.hash))
        return {(u, s, h) for u, s, h in rows}


def _enrolled(desk: Office, city: City) -> str:
    """Enrol the desk; its bearer token."""
    sync = client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    return sync.token


def _wire(desk: Office, after: int = 0) -> list[wire.WireEvent]:
    with desk.db.read() as session:
        rows = session.scalars(select(Event).where(Event.seq > after).order_by(Event.seq)).all()
        return [client.wire_event(row) for row in rows]


def _push(
    city: City, token: str, events: list[Any], device: str, **extra: Any
) -> requests.Response:
    body = {"protocol": wire.PROTOCOL_VERSION, "device_id": device, "events": events, **extra}
    return requests.post(
        f"{city.url}/v1/offices/{OFFICE}/push",
        data=gzip.compress(json.dumps(body).encode()),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Encoding": "gzip",
            "Content-Type": "application/json",
        },
        timeout=30,
    )


def _device(desk: Office) -> str:
    with desk.db.read() as session:
        return str(session.scalar(select(Event.device_id).limit(1)))


def test_a_desk_enrolls_and_its_whole_chain_reaches_the_city_once(
    desk: Office, city: City, clock: ManualClock
) -> None:
    for minutes in range(5):
        receive(desk.db, desk.officer.id, now=MORNING + timedelta(minutes=minutes))
    _enrolled(desk, city)
    first = client.push_once(desk.db, now=clock())
    assert first.stored == len(_desk_events(desk.folder)) and first.pending == 0
    assert _city_events(city) == _desk_events(desk.folder)
    again = client.push_once(desk.db, now=clock())
    assert (again.stored, again.pending) == (0, 0)
    assert _city_events(city) == _desk_events(desk.folder)
    with desk.db.read() as session:
        local = desk_stats.office_stats(
            session, office_code=OFFICE, day=None, today=MORNING.date(), now=clock()
        )
        assert state.load(session).acked_seq == first.acked_seq
    from central import stats as city_stats

    with city.store.transaction() as session:
        remote = city_stats.office_figures(session, office_code=OFFICE)
    assert remote.tasks_by_status == local.tasks_by_status
    assert remote.events == len(_desk_events(desk.folder))


def test_a_backlog_drains_in_batches_and_a_retry_after_a_lost_answer_doubles_nothing(
    desk: Office, city: City, clock: ManualClock
) -> None:
    for minutes in range(12):
        receive(desk.db, desk.officer.id, now=MORNING + timedelta(minutes=minutes))
    token = _enrolled(desk, city)
    events = _wire(desk)
    # The city commits a batch whose answer never reaches the desk ...
    assert _push(city, token, events[:10], _device(desk)).status_code == 200
    # ... so the desk, which still stands at 0, sends again in small batches: the city's
    # answer to the first (all duplicates) moves it on to where the city stands.
    result = client.push_once(desk.db, now=clock(), batch_size=4)
    assert result.duplicates == 4 and result.stored == len(events) - 10
    assert _city_events(city) == _desk_events(desk.folder)


def test_the_same_batch_pushed_twice_at_once_from_two_processes_is_stored_once(
    desk: Office, city: City, tmp_path: Path
) -> None:
    for minutes in range(20):
        receive(desk.db, desk.officer.id, now=MORNING + timedelta(minutes=minutes))
    token = _enrolled(desk, city)
    events = _wire(desk)
    body = tmp_path / "batch.json.gz"
    body.write_bytes(
        gzip.compress(
            json.dumps(
                {"protocol": wire.PROTOCOL_VERSION, "device_id": _device(desk), "events": events}
            ).encode()
        )
    )
    script = (
        "import requests, sys\n"
        "r = requests.post(sys.argv[1], data=open(sys.argv[2], 'rb').read(), timeout=60,\n"
        "    headers={'Authorization': 'Bearer ' + sys.argv[3], 'Content-Encoding': 'gzip',\n"
        "             'Content-Type': 'application/json'})\n"
        "print(r.status_code, r.text)\n"
    )
    url = f"{city.url}/v1/offices/{OFFICE}/push"
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, url, str(body), token],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    answers = []
    for output in outputs:
        status, text = output.split(" ", 1)
        assert status == "200", output
        answers.append(json.loads(text))
    assert sorted(a["stored"] for a in answers) == [0, len(events)]
    assert sorted(a["duplicates"] for a in answers) == [0, len(events)]
    assert {a["acked_seq"] for a in answers} == {events[-1]["seq"]}
    assert _city_events(city) == _desk_events(desk.folder)


def test_a_gap_is_answered_with_the_position_to_resume_from(desk: Office, city: City) -> None:
    for minutes in range(3):
        receive(desk.db, desk.officer.id, now=MORNING + timedelta(minutes=minutes))
    token = _enrolled(desk, city)
    events = _wire(desk)
    answer = _push(city, token, events[2:], _device(desk)).json()
    assert (answer["acked_seq"], answer["stored"], answer["head_hash"]) == (0, 0, wire.GENESIS_HASH)
    assert _city_events(city) == set()


def test_an_edited_event_is_flagged_and_nothing_after_it_is_placed(
    desk: Office, city: City
) -> None:
    for minutes in range(3):
        receive(desk.db, desk.officer.id, now=MORNING + timedelta(minutes=minutes))
    token = _enrolled(desk, city)
    events = _wire(desk)
    events[3]["payload"] = {**events[3]["payload"], "fee": 999_000}  # edited, not re-hashed
    answer = _push(city, token, events, _device(desk)).json()
    assert answer["acked_seq"] == 3 and answer["stored"] == 3
    with city.store.transaction() as session:
        flags = session.scalars(select(Flag)).all()
    assert [(f.kind, f.seq) for f in flags] == [("chain", 4)]
    assert "hash" in flags[0].detail


def test_an_old_backup_that_kept_working_is_a_fork_set_apart_for_an_administrator(
    desk: Office, city: City, clock: ManualClock, tmp_path: Path
) -> None:
    receive(desk.db, desk.officer.id, now=MORNING)
    _enrolled(desk, city)
    client.push_once(desk.db, now=clock())
    old = tmp_path / "old"
    old.mkdir()
    desk.db.dispose()
    shutil.copy(database_path(desk.folder), database_path(old))  # the backup, synced
    receive(desk.db, desk.officer.id, now=MORNING + timedelta(minutes=5))
    client.push_once(desk.db, now=clock())
    held = _city_events(city)
    restored = open_database(old)  # the old copy keeps working: new events, same numbers
    receive(restored, desk.officer.id, now=MORNING + timedelta(minutes=9), name="Siti Rahma")
    result = client.push_once(restored, now=clock())
    assert result.forks > 0 and result.stored == 0
    assert _city_events(city) == held  # nothing merged
    with city.store.transaction() as session:
        raised = {f.kind for f in session.scalars(select(Flag))}
    # Numbers the city holds come back as forks; a divergent tail longer than the city's
    # chain cannot be placed either (its first link does not continue what the city holds).
    assert "fork" in raised and raised <= {"fork", "chain"}
    with restored.read() as session:
        assert "old backup" in state.load(session).problem
    restored.dispose()


def test_business_oddities_are_stored_and_flagged_never_refused(
    desk: Office, city: City, clock: ManualClock
) -> None:
    receive(desk.db, desk.officer.id, now=MORNING)
    token = _enrolled(desk, city)
    events = _wire(desk)
    last = events[-1]
    odd: dict[str, Any] = {
        **last,
        "uuid": "00000000-0000-4000-8000-000000000001",
        "seq": last["seq"] + 1,
        "kind": "task.teleported",
        "occurred_at": wire.utc_iso(MORNING + timedelta(days=3)),
        "prev_hash": last["hash"],
    }
    odd["hash"] = wire.chain_hash(odd["prev_hash"], wire.hashed_body(odd))  # type: ignore[arg-type]
    after: dict[str, Any] = {**odd, "uuid": "00000000-0000-4000-8000-000000000002"}
    after.update(seq=odd["seq"] + 1, kind=kinds.TASK_NOTED, prev_hash=odd["hash"])
    after["occurred_at"] = wire.utc_iso(MORNING)
    after["hash"] = wire.chain_hash(after["prev_hash"], wire.hashed_body(after))  # type: ignore[arg-type]
    answer = _push(city, token, [*events, odd, after], _device(desk)).json()
    assert answer["acked_seq"] == after["seq"] and answer["stored"] == len(events) + 2
    with city.store.transaction() as session:
        flags = sorted(f.detail for f in session.scalars(select(Flag)))
    assert flags == [
        "event dated 3 days away from the city's clock",
        "unknown event kind 'task.teleported'",
    ]


def test_a_desk_clock_days_off_is_shown_and_orders_nothing(
    desk: Office, city: City, clock: ManualClock
) -> None:
    receive(desk.db, desk.officer.id, now=MORNING)
    _enrolled(desk, city)
    result = client.push_once(desk.db, now=clock() + timedelta(days=3))
    assert result.skew_s == 3 * 86400
    with city.store.transaction() as session:
        device = session.scalars(select(Device)).one()
        assert device.clock_skew_s == 3 * 86400
        seqs = session.scalars(select(StoredEvent.seq).order_by(StoredEvent.seq)).all()
    assert seqs == list(range(1, len(seqs) + 1))
    result = client.push_once(desk.db, now=clock() - timedelta(days=3))
    assert result.skew_s == -3 * 86400


def test_counts_on_the_city_match_the_desk(desk: Office, city: City, clock: ManualClock) -> None:
    receive(desk.db, desk.officer.id, now=MORNING)
    _enrolled(desk, city)
    client.push_once(desk.db, now=clock())
    with city.store.transaction() as session:
        count = session.scalar(select(func.count()).select_from(StoredEvent))
    assert count == len(_desk_events(desk.folder))


def _close(desk: Office) -> None:
    """A lead seals MORNING's day (leaving whatever is open) that evening."""
    from desk_app.closing import dayclose

    with desk.db.write() as session:
        dayclose.close_day(
            session,
            lead_id=desk.lead.id,
            day=MORNING.date(),
            now=MORNING + timedelta(hours=9),
            acknowledge=True,
            reason="Tutup hari untuk uji",
            clock_out_open=True,
        )


def _rechain(events: list[wire.WireEvent], start: int) -> None:
    """Re-hash from `start` on, as a desk rewriting its own history would."""
    for index in range(start, len(events)):
        if index:
            events[index]["prev_hash"] = events[index - 1]["hash"]
        events[index]["hash"] = wire.chain_hash(
            events[index]["prev_hash"], wire.hashed_body(events[index])
        )


def test_a_sealed_day_whose_points_the_city_cannot_reproduce_is_flagged(
    desk: Office, city: City
) -> None:
    for minutes in range(3):
        receive(desk.db, desk.officer.id, now=MORNING + timedelta(minutes=minutes))
    _close(desk)
    token = _enrolled(desk, city)
    honest = _wire(desk)
    lying = [dict(e) for e in honest]  # type: ignore[misc]
    close_at = next(i for i, e in enumerate(lying) if e["kind"] == kinds.DAY_CLOSED)
    summary = json.loads(json.dumps(lying[close_at]["payload"]["summary"]))
    officer = next(o for o in summary["officers"] if o["officer_id"] == desk.officer.id)
    assert officer["points"] == 3  # one intake point for each of the three requests
    officer["points"] += 5
    lying[close_at]["payload"] = {**lying[close_at]["payload"], "summary": summary}
    _rechain(lying, close_at)  # type: ignore[arg-type]
    answer = _push(city, token, lying, _device(desk)).json()
    assert answer["stored"] == len(lying)  # stored: the city keeps what the desk said
    with city.store.transaction() as session:
        flags = session.scalars(select(Flag)).all()
    assert [f.kind for f in flags] == ["points"]
    assert "desk 8, city 3" in flags[0].detail


def test_an_honest_sealed_day_raises_no_flag(desk: Office, city: City, clock: ManualClock) -> None:
    for minutes in range(3):
        receive(desk.db, desk.officer.id, now=MORNING + timedelta(minutes=minutes))
    _close(desk)
    _enrolled(desk, city)
    assert client.push_once(desk.db, now=clock()).stored > 0
    with city.store.transaction() as session:
        assert session.scalars(select(Flag)).all() == []


def test_a_flag_is_raised_once_however_often_its_event_comes_back(desk: Office, city: City) -> None:
    for minutes in range(3):
        receive(desk.db, desk.officer.id, now=MORNING + timedelta(minutes=minutes))
    token = _enrolled(desk, city)
    events = _wire(desk)
    events[3]["payload"] = {**events[3]["payload"], "fee": 999_000}  # edited, not re-hashed
    for _ in range(3):
        assert _push(city, token, events, _device(desk)).json()["acked_seq"] == 3
    with city.store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Flag)) == 1
