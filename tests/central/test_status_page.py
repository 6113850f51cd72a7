"""The citizens' status page: a desk's receipt QR opens it on a real city on loopback, it
shows status and promised date and nothing personal, misses are indistinguishable, and
guesses are rate-limited."""

from __future__ import annotations

import io
import os
import re
import subprocess
import uuid
from datetime import UTC, date, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from alembic import command
from alembic.config import Config
from pypdf import PdfReader
from sqlalchemy import select

from central import task_status
from central.api.status_page import RateLimiter, office_code_of
from central.store.engine import MIGRATIONS_DIR, Store, open_store
from central.store.models import StoredEvent, TaskStatus
from central.task_status import check_digest
from desk_app.counter import printing, tasks
from desk_app.db.models import Task
from desk_app.db.storage import open_database
from desk_app.demo import DEMO_OFFICE, generate_demo
from desk_app.eventlog import kinds
from desk_app.eventlog.wire import WireEvent, canonical_json, utc_iso
from desk_app.sync import client
from tests.central.conftest import City
from tests.conftest import OFFICE_CODE, Office
from tests.helpers import GOOD_NIK, MORNING, ManualClock, later, receive

NAME = "Rahmawati Sulistyaningrum"
PHONE = "081234567890"  # what tests.helpers.receive gives


def _scan(pdf: bytes, folder: Path) -> str:
    """The receipt's QR as a phone reads it (pdftoppm render, zbarimg decode)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "r.pdf").write_bytes(pdf)
    cmd = ["pdftoppm", "-r", "300", "-f", "1", "-l", "1", "-png"]
    subprocess.run([*cmd, str(folder / "r.pdf"), str(folder / "p")], check=True)
    pages = sorted(str(p) for p in folder.glob("p*.png"))
    env = {**os.environ, "LC_ALL": "C"}
    out = subprocess.run(
        ["zbarimg", "--raw", "-q", *pages], capture_output=True, text=True, env=env
    )
    return out.stdout.strip()


def _get(url: str) -> requests.Response:
    return requests.get(url, timeout=30)


def test_the_receipt_qr_opens_the_status_and_nothing_personal(
    desk: Office, city: City, tmp_path: Path
) -> None:
    task = receive(desk.db, desk.officer.id, name=NAME)
    client.enroll(desk.db, server=city.url, code=city.enrolment_code(OFFICE_CODE))
    with desk.db.read() as session:
        intake = printing.receipt_data(session, task_id=task.id)
        pdf, _ = printing.render_for_task(session, task_id=task.id, layout="thermal80")
    code, url = intake.check_code, intake.status_url
    assert url == f"{city.url}/status/{task.tracking_no}?c={code}"
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert f"Kodecek:{code}" in text
    assert _scan(pdf, tmp_path) == url

    # Before the office synced, the page cannot check the code: the generic miss.
    unknown = _get(f"{city.url}/status/3174081005-261125-01-9999?c={code}")
    assert unknown.status_code == 404
    before = _get(url)
    assert before.status_code == 404 and before.text == unknown.text
    assert "belum" in unknown.text and "mengirimkan" in unknown.text

    client.push_once(desk.db, now=later(MORNING, 5))
    page = _get(url)
    assert page.status_code == 200, page.text
    html = page.text
    assert "Diterima" in html and task.tracking_no in html
    assert "Ditetapkan setelah berkas lengkap" in html  # a document is still missing
    assert "Kelurahan" in html and "WIB" in html
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "http://" not in html.replace(city.url, "") and "https://" not in html
    with desk.db.read() as session:
        officer = printing.receipt_data(session, task_id=task.id)
    personal = [NAME, NAME.split()[0], GOOD_NIK, GOOD_NIK[-4:], PHONE, PHONE[-6:]]
    personal += [officer.officer_name, officer.officer_nip, "Rp", "GRATIS", code]
    for secret in personal:
        assert secret not in html, secret

    # The code is read off paper: case and spaces do not matter.
    assert _get(f"{city.url}/status/{task.tracking_no}?c=%20{code.lower()}").status_code == 200

    # Wrong code, missing code, unknown number: the same 404 page, byte for byte.
    wrong_code = "".join("A" if ch != "A" else "C" for ch in code)
    wrong = _get(f"{city.url}/status/{task.tracking_no}?c={wrong_code}")
    missing = _get(f"{city.url}/status/{task.tracking_no}")
    garbage = _get(f"{city.url}/status/not-a-number?c={code}")
    for miss in (wrong, missing, garbage):
        assert miss.status_code == 404 and miss.text == unknown.text
    assert task.tracking_no not in unknown.text

    # The task moves on at the desk; the page follows once it is pushed again.
    with desk.db.write() as session:
        tasks.start_processing(
            session, actor_id=desk.officer.id, task_id=task.id, now=later(MORNING, 30)
        )
        tasks.mark_ready(session, actor_id=desk.officer.id, task_id=task.id, now=later(MORNING, 60))
    assert "Diterima" in _get(url).text  # not synced yet
    client.push_once(desk.db, now=later(MORNING, 61))
    ready = _get(url).text
    assert "Siap diambil" in ready and "25 November 2026 10:00 WIB" in ready
    with city.store.transaction() as session:
        row = session.scalars(select(TaskStatus)).one()
        assert row.check_digest == check_digest(code) and code not in row.check_digest


def test_guesses_are_rate_limited_per_client(city: City) -> None:
    url = f"{city.url}/status/3174081005-261125-01-0001?c=ACD349"
    answers = [_get(url).status_code for _ in range(30)]
    assert answers == [404] * 30
    limited = _get(url)
    assert limited.status_code == 429 and limited.headers["retry-after"] == "2"
    assert "Terlalu banyak permintaan" in limited.text
    city.clock.advance(seconds=2)  # one token back (30 a minute)
    assert _get(url).status_code == 404
    assert _get(url).status_code == 429


def test_the_bucket_refills_per_client_and_forgets_the_oldest() -> None:
    clock = ManualClock()
    limiter = RateLimiter(clock=clock, per_minute=3, max_clients=2)
    assert [limiter.take("a") for _ in range(4)] == [0, 0, 0, 20]
    assert limiter.take("b") == 0  # another client has its own bucket
    clock.advance(seconds=20)
    assert limiter.take("a") == 0 and limiter.take("a") == 20
    clock.set(clock() - timedelta(hours=1))  # a clock set back refills nothing
    assert limiter.take("a") == 20
    limiter.take("c")  # a third client: "b", the least recently seen, is forgotten
    assert [limiter.take("b") for _ in range(3)] == [0, 0, 0]


def test_tracking_numbers_name_their_office() -> None:
    assert office_code_of("3174081005-261125-01-0042") == "31.74.08.1005"
    assert office_code_of("317406-261125-01-0042") == "31.74.06"
    assert office_code_of("31.74-x") is None and office_code_of("") is None


def _city_rows(store: Store) -> dict[str, tuple[str, object, bool, str | None]]:
    with store.transaction() as session:
        return {
            r.tracking_no: (r.status, r.due_date, r.documents_pending, r.check_digest)
            for r in session.scalars(select(TaskStatus))
        }


def test_the_city_agrees_with_the_desk_and_an_upgrade_backfills(
    tmp_path: Path, city: City, store_url: str
) -> None:
    db = open_database(tmp_path / "demo", create=True)
    try:
        end = MORNING + timedelta(days=3, hours=7)
        generate_demo(db, days=3, officers_count=2, seed=5, per_day=(8, 12), end=end)
        client.enroll(db, server=city.url, code=city.enrolment_code(DEMO_OFFICE))
        client.push_once(db, now=end + timedelta(minutes=5), batch_size=97)
        with db.read() as session:
            desk_rows = {
                t.tracking_no: (t.status, t.due_date) for t in session.scalars(select(Task))
            }
    finally:
        db.dispose()
    held = _city_rows(city.store)
    # Guards: a demo with every kind of ending, each task with its code.
    assert len(held) == len(desk_rows) >= 15
    assert {s for s, *_ in held.values()} >= {"completed", "rejected", "at_agency"}
    assert all(digest is not None for *_, digest in held.values())
    assert {no: (s, due) for no, (s, due, *_) in held.items()} == desk_rows

    # A city that upgrades from before the page back-fills it from the events it holds.
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = city.store.engine
    command.downgrade(config, "0004")
    upgraded = open_store(store_url)
    try:
        assert _city_rows(upgraded) == held
    finally:
        upgraded.dispose()


def _event(device: str, seq: int, kind: str, minute: int, payload: dict[str, Any]) -> WireEvent:
    return {
        "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{device}/{seq}")),
        "device_id": device,
        "seq": seq,
        "kind": kind,
        "actor": "officer-1",
        "task_id": "task-1",
        "occurred_at": utc_iso(later(MORNING, minute)),
        "monotonic_ns": minute,
        "payload": payload,
        "prev_hash": "0" * 64,
        "hash": f"{seq:064d}",
    }


@pytest.mark.parametrize("order", [(0, 1, 2, 3), (3, 2, 1, 0), (1, 3, 0, 2)])
def test_the_row_is_the_same_whatever_order_the_pushes_arrive(
    store: Store, order: tuple[int, ...]
) -> None:
    a, b = str(uuid.UUID(int=1)), str(uuid.UUID(int=2))
    documents: list[list[str | bool]] = [["KTP", True], ["KK", False]]
    received = {"tracking_no": "3174081005-261125-01-0001", "due_date": "2026-11-26"}
    received |= {"documents": documents, "check_code": "ACD349"}
    brought = {"complete": True, "due_date": "2026-11-30", "documents": [["KTP", True]]}
    events = [
        _event(a, 1, kinds.TASK_RECEIVED, 0, received),
        _event(b, 1, kinds.TASK_DOCUMENTS_RECEIVED, 10, brought),
        _event(b, 2, kinds.TASK_STARTED, 20, {}),
        _event(a, 2, kinds.TASK_READY, 30, {}),
    ]
    with store.transaction() as session:
        for index in order:
            event = events[index]
            session.add(
                StoredEvent(
                    office_code=OFFICE_CODE,
                    **{k: v for k, v in event.items() if k != "payload"},
                    payload=canonical_json(event["payload"]),
                    received_at=MORNING,
                )
            )
            session.flush()
            task_status.apply(session, office_code=OFFICE_CODE, events=[event])
    with store.transaction() as session:
        row = session.scalars(select(TaskStatus)).one()
        got = (row.status, row.due_date, row.documents_pending, row.check_digest)
        moment = row.updated_at if row.updated_at.tzinfo else row.updated_at.replace(tzinfo=UTC)
    assert got == ("ready", date(2026, 11, 30), False, check_digest("ACD349"))
    assert moment == later(MORNING, 30)
