"""Officers: argon2id PINs, lock-out after 5 wrong PINs, roles."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from desk_app.common.errors import AuthError, LockedOut, PermissionDenied, ValidationError
from desk_app.common.paths import database_path
from desk_app.office import officers
from tests.conftest import OFFICER_NIP, PIN, Office
from tests.helpers import MORNING


def login(desk: Office, pin: str, minutes: int = 0) -> officers.LoginResult:
    """One PIN check in its own committed transaction."""
    with desk.db.write() as session:
        return officers.authenticate(
            session, nip=OFFICER_NIP, pin=pin, now=MORNING + timedelta(minutes=minutes)
        )


def test_pin_is_stored_as_argon2id_at_owasp_parameters(desk: Office) -> None:
    conn = sqlite3.connect(database_path(desk.folder))
    (stored,) = conn.execute(
        "SELECT pin_hash FROM officers WHERE nip = ?", (OFFICER_NIP,)
    ).fetchone()
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert PIN not in stored


def test_right_pin_logs_in(desk: Office) -> None:
    result = login(desk, PIN)
    assert result.ok and result.raise_for_failure().id == desk.officer.id


def test_wrong_pins_count_across_transactions_and_lock_for_15_minutes(desk: Office) -> None:
    for attempt in range(1, 5):
        result = login(desk, "000111")
        assert not result.ok and result.wrong_pins == attempt
        with pytest.raises(AuthError, match=f"Sisa percobaan: {5 - attempt}"):
            result.raise_for_failure()
    fifth = login(desk, "000111")
    assert fifth.locked_until == MORNING + timedelta(minutes=15)
    # Locked: even the right PIN is refused until the 15 minutes are over.
    with pytest.raises(LockedOut, match="terkunci"):
        login(desk, PIN, minutes=14).raise_for_failure()
    assert login(desk, PIN, minutes=16).ok


def test_unknown_nip_fails_like_a_wrong_pin(desk: Office) -> None:
    with desk.db.write() as session:
        result = officers.authenticate(session, nip="199999999999999999", pin=PIN, now=MORNING)
    with pytest.raises(AuthError):
        result.raise_for_failure()


def test_only_an_admin_adds_officers(desk: Office) -> None:
    for actor in (desk.officer.id, desk.lead.id):
        with pytest.raises(PermissionDenied), desk.db.write() as session:
            officers.create_officer(
                session,
                actor_id=actor,
                nip="199501012020121001",
                name="Eko Saputra",
                role="officer",
                pin="739164",
                now=MORNING,
            )
    with desk.db.write() as session:
        added = officers.create_officer(
            session,
            actor_id=desk.admin.id,
            nip="199501012020121001",
            name="Eko Saputra",
            role="officer",
            pin="739164",
            now=MORNING,
        )
    assert added.role == "officer"


@pytest.mark.parametrize(
    ("nip", "name", "role", "pin", "field"),
    [
        ("123", "Eko", "officer", "739164", "nip"),
        ("199501012020121001", "", "officer", "739164", "name"),
        ("199501012020121001", "Eko", "boss", "739164", "role"),
        ("199501012020121001", "Eko", "officer", "1234", "pin"),
        (OFFICER_NIP, "Eko", "officer", "739164", "nip"),  # already registered
    ],
)
def test_bad_officer_input_names_the_field(
    desk: Office, nip: str, name: str, role: str, pin: str, field: str
) -> None:
    with pytest.raises(ValidationError) as caught, desk.db.write() as session:
        officers.create_officer(
            session, actor_id=desk.admin.id, nip=nip, name=name, role=role, pin=pin, now=MORNING
        )
    assert caught.value.field == field
