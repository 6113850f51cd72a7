"""Shared fixtures: every test gets its own data folder and a fresh office database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

# Qt runs headless in tests; set before anything imports PySide6.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desk_app.common.clock import NOW_VARIABLE
from desk_app.db.engine import Database
from desk_app.db.storage import open_database
from desk_app.office import installation, officers
from tests.helpers import MORNING, ManualClock

OFFICE_CODE = "31.74.08.1005"
ADMIN_NIP = "198001012005011001"
LEAD_NIP = "198502142010012003"
OFFICER_NIP = "199003032015031002"
PIN = "482915"


@dataclass(frozen=True)
class Office:
    """A ready office: database, folder and three officers."""

    db: Database
    folder: Path
    admin: officers.OfficerInfo
    lead: officers.OfficerInfo
    officer: officers.OfficerInfo


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's data folder, nor the wall clock."""
    monkeypatch.setenv("DESK_APP_DATA_DIR", str(tmp_path / "default-data"))
    # The desk-app command, in-process or as a subprocess, acts at the tests' fixed moment.
    monkeypatch.setenv(NOW_VARIABLE, MORNING.isoformat())


@pytest.fixture
def clock() -> ManualClock:
    """The test's clock: MORNING until the test moves it."""
    return ManualClock(MORNING)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data folder."""
    return tmp_path / "data"


@pytest.fixture
def desk(data_dir: Path) -> Iterator[Office]:
    """A set-up office with an admin, a lead and an officer, all with PIN 482915."""
    db = open_database(data_dir, create=True)
    with db.write() as session:
        admin = installation.setup_office(
            session,
            office_code=OFFICE_CODE,
            admin_nip=ADMIN_NIP,
            admin_name="Siti Aminah",
            admin_pin=PIN,
            now=MORNING,
        )
        lead = officers.create_officer(
            session,
            actor_id=admin.id,
            nip=LEAD_NIP,
            name="Bambang Wibowo",
            role="lead",
            pin=PIN,
            now=MORNING,
        )
        officer = officers.create_officer(
            session,
            actor_id=admin.id,
            nip=OFFICER_NIP,
            name="Dewi Lestari",
            role="officer",
            pin=PIN,
            now=MORNING,
        )
    yield Office(db=db, folder=data_dir, admin=admin, lead=lead, officer=officer)
    db.dispose()
