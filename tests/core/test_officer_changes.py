"""An admin's changes to officers are events; verify replays them (issue 9)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from desk_app.closing import dayclose
from desk_app.common.errors import AuthError, PermissionDenied, ValidationError
from desk_app.common.paths import database_path
from desk_app.common.workdays import local_day
from desk_app.eventlog import kinds
from desk_app.eventlog.verify import verify_database
from desk_app.office import officers
from tests.conftest import LEAD_NIP, PIN, Office
from tests.core.officer_changes import NEW_PIN, TEMP_NIP, change_the_roster
from tests.helpers import MORNING


def logged(folder: Path, *kinds_: str) -> list[dict[str, object]]:
    conn = sqlite3.connect(database_path(folder))
    try:
        marks = ", ".join("?" * len(kinds_))
        rows = conn.execute(
            f"SELECT payload FROM events WHERE kind IN ({marks}) ORDER BY seq", kinds_
        ).fetchall()
    finally:
        conn.close()
    return [json.loads(p) for (p,) in rows]


def stored_hash(folder: Path, nip: str) -> str:
    conn = sqlite3.connect(database_path(folder))
    try:
        return str(
            conn.execute("SELECT pin_hash FROM officers WHERE nip = ?", (nip,)).fetchone()[0]
        )
    finally:
        conn.close()


def test_each_change_is_an_event_and_the_city_gets_only_a_digest(desk: Office) -> None:
    with desk.db.write() as s:
        temp = change_the_roster(s, desk, now=MORNING)
    assert (temp.role, temp.active) == ("lead", True)
    created = logged(desk.folder, kinds.OFFICER_CREATED)
    assert all(len(str(p["pin_digest"])) == 64 for p in created)
    changes = logged(
        desk.folder,
        kinds.OFFICER_ROLE_CHANGED,
        kinds.OFFICER_DEACTIVATED,
        kinds.OFFICER_REACTIVATED,
        kinds.OFFICER_PIN_SET,
        kinds.OFFICER_UNLOCKED,
    )
    pin_hash = stored_hash(desk.folder, TEMP_NIP)
    one_time = changes[3]
    assert changes == [
        {"officer_id": temp.id, "role": "lead", "before": "officer"},
        {"officer_id": temp.id, "reason": "Cuti panjang"},
        {"officer_id": temp.id, "reason": "Kembali bertugas"},
        {
            "officer_id": temp.id,
            "pin_digest": one_time["pin_digest"],
            "reason": officers.PIN_RESET,
            "must_change": True,
        },
        {"officer_id": temp.id},
        {
            "officer_id": temp.id,
            "pin_digest": hashlib.sha256(pin_hash.encode()).hexdigest(),
            "reason": officers.PIN_CHANGED,
            "must_change": False,
        },
    ]
    # The argon2 hash (with its salt) never enters the log that is pushed to the city.
    conn = sqlite3.connect(database_path(desk.folder))
    text = " ".join(p for (p,) in conn.execute("SELECT payload FROM events"))
    conn.close()
    assert "$argon2" not in text and pin_hash not in text
    assert officers.log_in(desk.db, nip=TEMP_NIP, pin=NEW_PIN, now=MORNING).role == "lead"
    assert verify_database(database_path(desk.folder)).ok


def test_only_an_admin_changes_officers(desk: Office) -> None:
    with desk.db.write() as s, pytest.raises(PermissionDenied):
        officers.change_role(
            s, actor_id=desk.lead.id, officer_id=desk.officer.id, role="lead", now=MORNING
        )
    with desk.db.write() as s, pytest.raises(PermissionDenied):
        officers.reset_pin(
            s, actor_id=desk.lead.id, officer_id=desk.officer.id, pin=NEW_PIN, now=MORNING
        )
    with desk.db.write() as s, pytest.raises(ValidationError) as caught:
        officers.change_role(
            s, actor_id=desk.admin.id, officer_id=desk.officer.id, role="boss", now=MORNING
        )
    assert caught.value.field == "role"


def test_the_last_admin_stays(desk: Office) -> None:
    with desk.db.write() as s, pytest.raises(ValidationError) as demoted:
        officers.change_role(
            s, actor_id=desk.admin.id, officer_id=desk.admin.id, role="lead", now=MORNING
        )
    assert demoted.value.key == "officer.last_admin"
    with desk.db.write() as s, pytest.raises(ValidationError) as left:
        officers.deactivate_officer(
            s, actor_id=desk.admin.id, officer_id=desk.admin.id, reason="Pensiun dini", now=MORNING
        )
    assert left.value.key == "officer.last_admin"
    with desk.db.write() as s:
        officers.change_role(
            s, actor_id=desk.admin.id, officer_id=desk.lead.id, role="admin", now=MORNING
        )
        officers.change_role(
            s, actor_id=desk.lead.id, officer_id=desk.admin.id, role="officer", now=MORNING
        )
    assert verify_database(database_path(desk.folder)).ok


def test_a_deactivated_officer_cannot_log_in_and_a_reset_lifts_a_lock_out(desk: Office) -> None:
    with desk.db.write() as s:
        officers.deactivate_officer(
            s, actor_id=desk.admin.id, officer_id=desk.lead.id, reason="Mutasi", now=MORNING
        )
    with pytest.raises(AuthError):
        officers.log_in(desk.db, nip=LEAD_NIP, pin=PIN, now=MORNING)
    with desk.db.write() as s:
        officers.reactivate_officer(s, actor_id=desk.admin.id, officer_id=desk.lead.id, now=MORNING)
    for _ in range(officers.MAX_WRONG_PINS):
        with pytest.raises(AuthError):
            officers.log_in(desk.db, nip=LEAD_NIP, pin="000111", now=MORNING)
    with desk.db.write() as s:
        info = officers.reset_pin(
            s, actor_id=desk.admin.id, officer_id=desk.lead.id, pin=NEW_PIN, now=MORNING
        )
    assert info.locked_until is None and info.must_change_pin  # a one-time PIN
    lead = officers.log_in(desk.db, nip=LEAD_NIP, pin=NEW_PIN, now=MORNING, pin_change=True)
    assert lead.id == desk.lead.id
    # The lock-out counters moved without events; verify lists them and stays clean.
    report = verify_database(database_path(desk.folder))
    assert report.ok, report.problems


def test_a_stronger_hash_at_log_in_is_an_event(
    desk: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = stored_hash(desk.folder, LEAD_NIP)
    stronger = PasswordHasher(time_cost=3, memory_cost=19 * 1024, parallelism=1)
    monkeypatch.setattr(officers, "_hasher", stronger)
    officers.log_in(desk.db, nip=LEAD_NIP, pin=PIN, now=MORNING)
    after = stored_hash(desk.folder, LEAD_NIP)
    assert after != before and "t=3" in after
    (event,) = logged(desk.folder, kinds.OFFICER_PIN_SET)
    assert event == {
        "officer_id": desk.lead.id,
        "pin_digest": hashlib.sha256(after.encode()).hexdigest(),
        "reason": officers.PIN_REHASHED,
        "must_change": False,
    }
    assert verify_database(database_path(desk.folder)).ok


def test_no_rehash_on_a_sealed_day(desk: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    evening = MORNING + timedelta(hours=9)
    with desk.db.write() as s:
        dayclose.close_day(s, lead_id=desk.lead.id, day=local_day(MORNING), now=evening)
    before = stored_hash(desk.folder, LEAD_NIP)
    stronger = PasswordHasher(time_cost=3, memory_cost=19 * 1024, parallelism=1)
    monkeypatch.setattr(officers, "_hasher", stronger)
    # The log-in still works; the stronger hash waits for a day that is not sealed.
    officers.log_in(desk.db, nip=LEAD_NIP, pin=PIN, now=evening + timedelta(minutes=5))
    assert stored_hash(desk.folder, LEAD_NIP) == before
    assert logged(desk.folder, kinds.OFFICER_PIN_SET) == []
    officers.log_in(desk.db, nip=LEAD_NIP, pin=PIN, now=evening + timedelta(days=1))
    assert stored_hash(desk.folder, LEAD_NIP) != before
    assert verify_database(database_path(desk.folder)).ok
