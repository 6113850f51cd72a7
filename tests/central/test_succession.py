"""A desk restored from an old backup goes on as a successor, and the city takes it."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from central import offices
from central.cli import main as central_main
from central.store.models import Device, Flag, StoredEvent
from desk_app.cli import main as desk_main
from desk_app.closing import backup
from desk_app.common.paths import database_path
from desk_app.db.engine import Database
from desk_app.db.models import Event
from desk_app.db.storage import open_database
from desk_app.eventlog import kinds, wire
from desk_app.office import installation
from desk_app.sync import catalogue_pull, client, state
from desk_app.ui import sync_worker
from tests.central.conftest import OFFICE, City
from tests.conftest import Office
from tests.helpers import MORNING, receive

Chain = dict[int, tuple[str, str]]  # seq -> (uuid, hash)


def _desk_chain(folder: Path, device: str) -> Chain:
    conn = sqlite3.connect(database_path(folder))
    try:
        rows = conn.execute("SELECT seq, uuid, hash FROM events WHERE device_id = ?", (device,))
        return {int(s): (str(u), str(h)) for s, u, h in rows}
    finally:
        conn.close()


def _city_chain(city: City, device: str) -> Chain:
    with city.store.transaction() as session:
        rows = session.execute(
            select(StoredEvent.seq, StoredEvent.uuid, StoredEvent.hash).where(
                StoredEvent.device_id == device
            )
        )
        return {int(s): (u, h) for s, u, h in rows}


def _push_empty(city: City, token: str, device: str) -> requests.Response:
    body = {"protocol": wire.PROTOCOL_VERSION, "device_id": device, "events": []}
    return requests.post(
        f"{city.url}/v1/offices/{OFFICE}/push",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )


def _restored(desk: Office, tmp_path: Path, *, push_after_backup: bool) -> tuple[Database, str]:
    """Enrol, push, take more, back up, take more (pushed or not), restore: the new database.

    Returns it with the predecessor's token.
    """
    receive(desk.db, desk.officer.id, now=MORNING)
    city_url = state_server(desk)
    token = state_token(desk)
    client.push_once(desk.db, now=MORNING)
    receive(desk.db, desk.officer.id, now=MORNING + timedelta(minutes=5))  # in the backup only
    copy = backup.backup(database_path(desk.folder), tmp_path / "usb", now=MORNING)
    receive(desk.db, desk.officer.id, now=MORNING + timedelta(minutes=10))  # lost with the disk
    if push_after_backup:
        client.push_once(desk.db, now=MORNING + timedelta(minutes=11))
    desk.db.dispose()
    backup.restore(desk.folder, copy, now=MORNING + timedelta(hours=1))
    db = open_database(desk.folder)
    with db.read() as session:
        sync = state.load(session)
    assert sync.succession_pending and sync.server == city_url and not sync.problem
    return db, token


def state_server(desk: Office) -> str:
    with desk.db.read() as session:
        return state.load(session).server


def state_token(desk: Office) -> str:
    with desk.db.read() as session:
        return state.load(session).token


@pytest.mark.parametrize("push_after_backup", [True, False])
def test_a_restored_desk_syncs_as_the_successor_and_both_chains_are_whole(
    desk: Office,
    city: City,
    store_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    push_after_backup: bool,
) -> None:
    client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    old_device = desk_device(desk.db)
    db, old_token = _restored(desk, tmp_path, push_after_backup=push_after_backup)
    before = _desk_chain(desk.folder, old_device)  # the predecessor's chain in the backup
    try:
        receive(db, desk.officer.id, now=MORNING + timedelta(hours=2))
        new_device = desk_device(db)
        done = catalogue_pull.sync_round(db, now=city.clock())
        with db.read() as session:
            sync = state.load(session)
        assert sync.enrolled and not sync.succession_pending and not sync.problem
        assert not sync.predecessor_token and sync.acked_seq == done.push.acked_seq
        assert done.push.pending == 0
    finally:
        db.dispose()

    held = _city_chain(city, old_device)
    # The predecessor's chain: all the backup had, and (when pushed) what came after it.
    assert all(held[seq] == event for seq, event in before.items())
    assert sorted(held) == list(range(1, len(held) + 1))
    assert (len(held) > len(before)) is push_after_backup
    assert _city_chain(city, new_device) == _desk_chain(desk.folder, new_device)
    with city.store.transaction() as session:
        successor = session.get(Device, (OFFICE, new_device))
        predecessor = session.get(Device, (OFFICE, old_device))
        assert successor is not None and predecessor is not None
        assert (successor.predecessor_id, successor.device_no) == (old_device, 101)
        assert predecessor.revoked_at is not None and successor.revoked_at is None
        assert session.scalar(select(func.count()).select_from(Flag)) == 0
        first = session.scalar(
            select(StoredEvent.kind).where(
                StoredEvent.device_id == new_device, StoredEvent.seq == 1
            )
        )
        assert first == kinds.DESK_RESTORED
    refused = _push_empty(city, old_token, old_device)
    assert refused.status_code in (401, 403) and "revoked" in refused.json()["detail"]

    assert central_main(["--database-url", store_url, "device", "list", "--json"]) == 0
    listed = {d["device_id"]: d for d in json.loads(capsys.readouterr().out)[OFFICE]}
    assert listed[new_device]["predecessor_id"] == old_device and listed[old_device]["revoked"]
    assert central_main(["--database-url", store_url, "device", "list"]) == 0
    assert f"succeeds {old_device}" in capsys.readouterr().out


def desk_device(db: Database) -> str:
    with db.read() as session:
        return installation.desk_info(session).device_id


def _claim(city: City, db: Database, token: str, predecessor: str) -> requests.Response:
    """The successor claim exactly as the desk would send it."""
    with db.read() as session:
        desk = installation.desk_info(session)
        payload = json.loads(
            session.scalars(
                select(Event.payload).where(Event.device_id == desk.device_id, Event.seq == 1)
            ).one()
        )
    body = {
        "device_id": desk.device_id,
        "device_no": desk.device_no,
        "predecessor_device_no": payload["predecessor_device_no"],
        "predecessor_last_seq": payload["predecessor_last_seq"],
        "predecessor_last_hash": payload["predecessor_last_hash"],
    }
    return requests.post(
        f"{city.url}/v1/offices/{OFFICE}/devices/{predecessor}/successor",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )


def test_a_claim_whose_answer_was_lost_is_answered_again_with_a_working_token(
    desk: Office, city: City, tmp_path: Path
) -> None:
    client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    old_device = desk_device(desk.db)
    db, old_token = _restored(desk, tmp_path, push_after_backup=True)
    try:
        first = _claim(city, db, old_token, old_device)
        assert first.status_code == 200, first.text
        again = _claim(city, db, old_token, old_device)  # the first answer never arrived
        assert again.status_code == 200 and again.json()["token"] != first.json()["token"]
        new_device = desk_device(db)
        assert _push_empty(city, again.json()["token"], new_device).status_code == 200
        # The desk, which saw neither answer, claims once more and goes on.
        receive(db, desk.officer.id, now=MORNING + timedelta(hours=2))
        with city.store.transaction() as session:  # not yet used by the desk itself
            successor = session.get(Device, (OFFICE, new_device))
            assert successor is not None
            successor.last_seen_at = None
        done = catalogue_pull.sync_round(db, now=city.clock())
        assert done.push.pending == 0 and done.push.acked_seq == len(
            _desk_chain(desk.folder, new_device)
        )
        # Once the successor pushed with its own token, the old one claims nothing more.
        late = _claim(city, db, old_token, old_device)
        assert late.status_code == 409 and "synced" in late.json()["detail"]
    finally:
        db.dispose()
    with city.store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Device)) == 2


def test_a_claim_with_a_wrong_or_revoked_token_is_refused_and_writes_nothing(
    desk: Office, city: City, tmp_path: Path
) -> None:
    client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    old_device = desk_device(desk.db)
    db, old_token = _restored(desk, tmp_path, push_after_backup=False)
    try:
        wrong = _claim(city, db, old_token[:-4] + "abcd", old_device)
        assert wrong.status_code == 401
        other = _claim(city, db, old_token, "3ab25846-9cd6-4e4d-9933-53e247d003b5")
        assert other.status_code == 403
        # The backup's events the city lacks must come first, under the old identity.
        early = _claim(city, db, old_token, old_device)
        assert early.status_code == 409 and "push it up to" in early.json()["detail"]
        with city.store.transaction() as session:
            offices.revoke(session, office_code=OFFICE, device_id=old_device, now=city.clock())
        revoked = _claim(city, db, old_token, old_device)
        assert revoked.status_code == 401 and "revoked" in revoked.json()["detail"]
        with pytest.raises(client.SyncFailed) as failed:
            catalogue_pull.sync_round(db, now=city.clock())
        assert failed.value.reason == state.REVOKED and not failed.value.retry
        with db.read() as session:
            assert state.load(session).problem_reason == state.REVOKED
    finally:
        db.dispose()
    with city.store.transaction() as session:
        devices = session.scalars(select(Device)).all()
        assert [d.device_id for d in devices] == [old_device]
        assert session.scalar(select(func.count()).select_from(Flag)) == 0


def test_the_gui_sync_round_registers_the_succession_too(
    desk: Office, city: City, tmp_path: Path
) -> None:
    client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    db, _ = _restored(desk, tmp_path, push_after_backup=False)
    try:  # the GUI's round, run here without any widget
        new_device = desk_device(db)
        outcome = sync_worker.run_round(db, new_device, now=city.clock())
        assert outcome.failure is None and outcome.status.enrolled
        assert outcome.status.acked_seq == outcome.status.head_seq > 0
    finally:
        db.dispose()
    assert _city_chain(city, new_device) == _desk_chain(desk.folder, new_device)


def test_desk_app_sync_registers_the_succession(
    desk: Office, city: City, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    db, _ = _restored(desk, tmp_path, push_after_backup=True)
    new_device = desk_device(db)
    db.dispose()
    assert desk_main(["sync", "--once", "--data-dir", str(desk.folder), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["pending"] == 0
    assert _city_chain(city, new_device) == _desk_chain(desk.folder, new_device)
