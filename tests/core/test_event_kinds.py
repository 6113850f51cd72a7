"""The event kinds module is the one spelling of every kind, and the payloads match it."""

from __future__ import annotations

import ast
import json
import sqlite3
import types
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints, is_typeddict

from sqlalchemy import select

from desk_app.closing import backup, dayclose
from desk_app.common.paths import database_path
from desk_app.common.workdays import local_day
from desk_app.counter import conflicts, corrections, printing, tasks
from desk_app.db.models import Event
from desk_app.eventlog import events, kinds
from desk_app.office import attendance, office_settings
from desk_app.points import ledger, point_rules
from desk_app.sync import catalogue_pull, rules_pull
from tests import office_desks
from tests.conftest import Office
from tests.core.officer_changes import change_the_catalogue, change_the_roster
from tests.core.queue_day import run_the_queue
from tests.helpers import MORNING, later, receive

ROOT = Path(__file__).resolve().parents[2]
# Where kinds may be spelled out: the schema itself, and migrations, which are frozen history.
EXEMPT = (ROOT / "desk_app" / "eventlog" / "kinds.py", ROOT / "desk_app" / "db" / "migrations")


def _sources() -> list[Path]:
    files = [
        path
        for folder in ("desk_app", "scripts", "bench")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if not any(path == e or e in path.parents for e in EXEMPT)
    ]
    assert len(files) > 20
    return files


def test_no_module_spells_an_event_kind() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}"
        for path in _sources()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        if isinstance(node, ast.Constant) and node.value in kinds.ALL_KINDS
    ]
    assert not found, "use the constants of desk_app.eventlog.kinds:\n" + "\n".join(found)


def test_every_kind_has_a_payload_shape() -> None:
    assert frozenset(kinds.PAYLOADS) == kinds.ALL_KINDS
    assert all(is_typeddict(shape) for shape in kinds.PAYLOADS.values())
    assert kinds.TASK_KINDS | kinds.SHIFT_KINDS <= kinds.ALL_KINDS


def _problems(value: Any, hint: Any, where: str) -> list[str]:
    """How a JSON value differs from its declared type (keys of objects, scalar types)."""
    if is_typeddict(hint):
        if not isinstance(value, dict):
            return [f"{where}: expected an object, got {value!r}"]
        allowed = hint.__required_keys__ | hint.__optional_keys__
        problems = [
            f"{where}: missing key {k!r}" for k in sorted(hint.__required_keys__ - set(value))
        ]
        problems += [f"{where}: unknown key {k!r}" for k in sorted(set(value) - allowed)]
        hints = get_type_hints(hint)
        for key in sorted(set(value) & allowed):
            problems += _problems(value[key], hints[key], f"{where}.{key}")
        return problems
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        arms = [_problems(value, arm, where) for arm in get_args(hint)]
        return [] if any(not a for a in arms) else [f"{where}: {value!r} is not {hint}"]
    if origin is list:
        if not isinstance(value, list):
            return [f"{where}: expected a list, got {value!r}"]
        (item,) = get_args(hint)
        return [p for i, v in enumerate(value) for p in _problems(v, item, f"{where}[{i}]")]
    if origin is dict:  # a mapping: keys and values each of their declared type
        if not isinstance(value, dict):
            return [f"{where}: expected an object, got {value!r}"]
        key_hint, value_hint = get_args(hint)
        return [
            p
            for k, v in value.items()
            for p in _problems(k, key_hint, f"{where} key")
            + _problems(v, value_hint, f"{where}.{k}")
        ]
    if hint is type(None):
        ok = value is None
    elif hint is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    elif hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, hint)
    return [] if ok else [f"{where}: {value!r} is not {hint.__name__}"]


def _write_a_day(desk: Office) -> None:
    """One working day through the real use cases, touching every kind of event."""
    db, officer, lead = desk.db, desk.officer.id, desk.lead.id
    with db.write() as s:
        office_settings.change_setting(
            s, actor_id=lead, key=office_settings.REQUIRED_WEEKLY_HOURS, value="40", now=MORNING
        )
        change_the_roster(s, desk, now=MORNING)  # the officer.* kinds
        change_the_catalogue(s, desk, now=MORNING)  # the service.* kinds
        attendance.clock_in(s, officer_id=officer, now=MORNING - timedelta(hours=1))
    city = {"code": "KEL-TST-01", "name_id": "Uji", "name_en": "Test", "level": "kelurahan"}
    city |= {"agency": "Kelurahan", "sla_working_days": 1, "fee_idr": 0, "source": ""}
    body = json.dumps({"version": 1, "services": [city | {"required_documents": []}]})
    catalogue_pull.apply_document(db, body=body.encode(), etag="", now=MORNING)
    later_rules = {**point_rules.record(point_rules.shipped_rules()[-1]), "version": 99}
    later_rules["effective_from"] = "2040-01-01"  # the city's next rules, far ahead
    versions = [*map(point_rules.record, point_rules.shipped_rules()), later_rules]
    rules = json.dumps({"document": 1, "versions": versions}).encode()
    assert rules_pull.apply_rules(db, body=rules, etag="", now=MORNING).applied
    handed = receive(db, officer, now=MORNING)
    refused = receive(db, officer, now=later(MORNING, 10), name="Sri Wahyuni")
    withdrawn = receive(db, officer, now=later(MORNING, 20), name="Agus Salim")
    waiting = receive(db, officer, now=later(MORNING, 30), name="Rina Marlina")
    with db.write() as s:
        printing.record_print(
            s,
            actor_id=officer,
            task_id=handed.id,
            kind=printing.INTAKE,
            layout="thermal80",
            target="printer",
            ok=True,
            now=later(MORNING, 1),
        )
        tasks.start_processing(s, actor_id=officer, task_id=handed.id, now=later(MORNING, 40))
        tasks.forward_to_agency(
            s,
            actor_id=officer,
            task_id=handed.id,
            agency_code="DUKCAPIL",
            note="Perlu verifikasi KK",
            now=later(MORNING, 45),
        )
        tasks.return_from_agency(
            s,
            actor_id=officer,
            task_id=handed.id,
            outcome="problem",
            note="Nama di KK berbeda",
            now=later(MORNING, 120),
        )
        tasks.mark_ready(s, actor_id=officer, task_id=handed.id, now=later(MORNING, 150))
        tasks.hand_over(
            s,
            actor_id=officer,
            task_id=handed.id,
            recipient_name="Siti Rahma",
            now=later(MORNING, 180),
        )
        printing.record_print(
            s,
            actor_id=officer,
            task_id=handed.id,
            kind=printing.HANDOVER,
            layout="thermal80",
            target="printer",
            ok=False,
            error="Printer tidak menjawab",
            now=later(MORNING, 181),
        )
        tasks.reject(
            s,
            actor_id=officer,
            task_id=refused.id,
            reason="Dokumen belum lengkap",
            missing_documents=["Surat pengantar RT/RW"],
            now=later(MORNING, 60),
        )
        tasks.cancel(
            s,
            actor_id=officer,
            task_id=withdrawn.id,
            reason="Pemohon membatalkan permohonan",
            now=later(MORNING, 70),
        )
        tasks.add_note(
            s,
            actor_id=officer,
            task_id=waiting.id,
            text="Pemohon kembali besok",
            now=later(MORNING, 80),
        )
        corrections.correct_task(
            s,
            actor_id=officer,
            task_id=waiting.id,
            name="Rina Marlena",
            reason="Salah ketik nama",
            now=later(MORNING, 82),
        )
        corrections.receive_documents(
            s,
            actor_id=officer,
            task_id=waiting.id,
            documents=[waiting.documents[1][0]],
            now=later(MORNING, 85),
        )
        ready = s.scalar(
            select(Event.uuid).where(Event.task_id == handed.id, Event.kind == kinds.TASK_READY)
        )
        assert ready is not None
        ledger.reverse_points(
            s,
            actor_id=lead,
            event_uuid=ready,
            reason="Ditandai siap oleh orang lain",
            now=later(MORNING, 200),
        )
        run_the_queue(
            s,
            officer=officer,
            lead=lead,
            task_id=waiting.id,
            completed_task=handed.id,
            start=later(MORNING, 182),
        )
        shift = attendance.clock_out(s, officer_id=officer, now=later(MORNING, 240))
        attendance.correct_session(
            s,
            lead_id=lead,
            session_id=shift.id,
            started_at=MORNING - timedelta(hours=1, minutes=15),
            ended_at=later(MORNING, 240),
            reason="Lupa absen masuk tepat waktu",
            now=later(MORNING, 250),
        )
    _work_with_a_peer(desk, at=later(MORNING, 260))  # office.peers_applied, conflicts
    with db.write() as s:
        dayclose.close_day(
            s,
            lead_id=lead,
            day=local_day(MORNING),
            now=MORNING + timedelta(hours=8, minutes=30),
            acknowledge=True,
            reason="Berkas menunggu pemohon besok",
        )


def _work_with_a_peer(desk: Office, *, at: datetime) -> None:
    """A second desk of the office takes a task; both act on it apart; the lead settles."""
    peer = office_desks.set_up(desk.folder.parent / "peer", 2)
    with desk.db.read() as s:
        device = events.device_id(s)
    mine = office_desks.Desk("desk 1", desk.db, desk.folder, device, desk.officer.id, desk.lead.id)
    task = receive(peer.db, peer.officer, now=at)
    office_desks.exchange(peer, mine, now=later(at, 1))
    with desk.db.write() as s:
        tasks.cancel(
            s, actor_id=desk.officer.id, task_id=task.id, reason="Pemohon mundur", now=later(at, 2)
        )
    with peer.db.write() as s:
        tasks.reject(
            s, actor_id=peer.officer, task_id=task.id, reason="Dokumen kurang", now=later(at, 2)
        )
    office_desks.exchange(peer, mine, now=later(at, 3))
    with desk.db.write() as s:
        (conflict,) = conflicts.list_conflicts(s)
        conflicts.settle_conflict(
            s,
            lead_id=desk.lead.id,
            loser_uuid=conflict.loser_uuid,
            decision="take_loser",
            reason="Pemohon memang sudah datang",
            now=later(at, 4),
        )
    peer.db.dispose()


def test_stored_payloads_match_their_declared_shapes(desk: Office, tmp_path: Path) -> None:
    _write_a_day(desk)
    # A restore opens a successor's fresh chain with desk.restored (closing/succession.py).
    desk.db.dispose()
    copy = backup.backup(database_path(desk.folder), tmp_path / "copies", now=MORNING)
    backup.restore(desk.folder, copy, now=MORNING + timedelta(hours=9))
    conn = sqlite3.connect(database_path(desk.folder))
    try:
        rows = conn.execute("SELECT seq, kind, payload FROM events ORDER BY seq").fetchall()
    finally:
        conn.close()
    seen = {kind for _, kind, _ in rows}
    assert seen <= kinds.ALL_KINDS, f"undeclared kinds: {sorted(seen - kinds.ALL_KINDS)}"
    # The day above writes every kind, so every declared shape is checked against real data.
    assert seen == kinds.ALL_KINDS, f"kinds not written: {sorted(kinds.ALL_KINDS - seen)}"
    problems = [
        problem
        for seq, kind, payload in rows
        for problem in _problems(json.loads(payload), kinds.PAYLOADS[kind], f"#{seq} {kind}")
    ]
    assert not problems, "\n".join(problems)
