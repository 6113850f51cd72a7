"""City server fixtures: a store on SQLite and on PostgreSQL, a real server on loopback."""

from __future__ import annotations

import os
import socket
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import uvicorn
from sqlalchemy.engine import make_url

from central import offices
from central.api.app import create_app
from central.store.engine import Store, open_store
from tests.helpers import ManualClock

# Every development and CI machine runs PostgreSQL here (scripts/test makes sure of it).
POSTGRES_URL = os.environ.get(
    "LOKET_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
OFFICE = "31.74.08.1005"
OTHER_OFFICE = "31.74.06.1002"


def _admin_dsn() -> str:
    url = make_url(POSTGRES_URL)
    return f"host={url.host} port={url.port or 5432} user={url.username} dbname={url.database}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a new PostgreSQL database dropped after."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'central.sqlite3'}"
        return
    name = f"loket_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(_admin_dsn(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(_admin_dsn(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """The city's store, migrated."""
    opened = open_store(store_url)
    yield opened
    opened.dispose()


@dataclass
class City:
    """A running city server on loopback."""

    url: str
    store: Store
    clock: ManualClock

    def enrolment_code(self, office_code: str = OFFICE) -> str:
        """Register the office if needed and issue a one-time code."""
        with self.store.transaction() as session:
            known = {o.office_code for o in offices.list_offices(session)}
            if office_code not in known:
                offices.register_office(session, office_code=office_code, now=self.clock())
            return offices.issue_code(session, office_code=office_code, now=self.clock())


@pytest.fixture
def city(store: Store, clock: ManualClock) -> Iterator[City]:
    """The API served by uvicorn in a thread, on a socket bound before it starts."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)  # connections queue here until the server accepts them: no waiting
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(store, clock=clock), log_config=None, access_log=False, lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    yield City(f"http://127.0.0.1:{port}", store, clock)
    server.should_exit = True
    thread.join(timeout=30)
    sock.close()
