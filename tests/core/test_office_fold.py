"""Three desks of one office exchange their events directly, in any order: one picture."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk_app.cli import main
from desk_app.closing import dayclose
from desk_app.common.paths import database_path
from desk_app.common.workdays import local_day
from desk_app.counter import conflicts, tasks
from desk_app.eventlog import fold
from desk_app.sync import office_pull
from tests.helpers import MORNING, receive
from tests.office_desks import (
    LEAD_NIP,
    PIN,
    Desk,
    events_of,
    exchange,
    picture,
    set_up,
    settle,
    verified,
)


def _three(root: Path) -> list[Desk]:
    return [set_up(root / f"desk{n}", n) for n in (1, 2, 3)]


def _status(desk: Desk, task_id: str) -> str:
    with desk.db.read() as session:
        return tasks.get_task(session, task_id=task_id).status


def test_the_fold_knows_the_lifecycle_of_the_counter() -> None:
    said = {kind: sources for sources, _, kind in tasks.LIFECYCLE.values()}
    assert said == fold.MAY_START_FROM
    assert {kind: to for _, to, kind in tasks.LIFECYCLE.values()} == fold.STATUS_AFTER


def test_a_task_taken_at_one_desk_is_continued_at_the_others(tmp_path: Path) -> None:
    a, b, c = _three(tmp_path)
    task = receive(a.db, a.officer, now=MORNING)
    settle([a, b, c], now=MORNING + timedelta(minutes=1))
    with b.db.write() as session:
        tasks.forward_to_agency(
            session,
            actor_id=b.officer,
            task_id=task.id,
            agency_code="DUKCAPIL",
            now=MORNING + timedelta(minutes=5),
        )
    settle([a, b, c], now=MORNING + timedelta(minutes=6))
    with c.db.write() as session:
        at = MORNING + timedelta(minutes=30)
        tasks.return_from_agency(session, actor_id=c.officer, task_id=task.id, now=at)
        tasks.mark_ready(session, actor_id=c.officer, task_id=task.id, now=at)
        tasks.hand_over(session, actor_id=c.officer, task_id=task.id, now=at)
    settle([a, b, c], now=MORNING + timedelta(minutes=31))
    pictures = [picture(d) for d in (a, b, c)]
    assert pictures[0] == pictures[1] == pictures[2]
    assert [_status(d, task.id) for d in (a, b, c)] == ["completed"] * 3
    assert len(pictures[0]["stints"]) == 1
    credited = {officer for _, officer, *_ in pictures[0]["points"]}
    assert {a.officer, c.officer} <= credited
    for desk in (a, b, c):
        assert verified(desk) == [], desk.name


def test_concurrent_actions_have_one_winner_everywhere(tmp_path: Path) -> None:
    a, b, c = _three(tmp_path)
    task = receive(a.db, a.officer, now=MORNING)
    with a.db.write() as session:
        tasks.mark_ready(session, actor_id=a.officer, task_id=task.id, now=MORNING)
    settle([a, b, c], now=MORNING + timedelta(minutes=1))
    at = MORNING + timedelta(minutes=10)
    with a.db.write() as session:  # apart: A hands it over, B rejects it
        tasks.hand_over(session, actor_id=a.officer, task_id=task.id, now=at)
    with b.db.write() as session:
        tasks.reject(session, actor_id=b.officer, task_id=task.id, reason="Dokumen kurang", now=at)
    settle([a, b, c], now=at + timedelta(minutes=1))
    pictures = [picture(d) for d in (a, b, c)]
    assert pictures[0] == pictures[1] == pictures[2]
    with c.db.read() as session:
        (conflict,) = conflicts.list_conflicts(session)
    assert conflict.task_id == task.id and not conflict.settled
    assert {conflict.winner_kind, conflict.loser_kind} == {"task.completed", "task.rejected"}
    won = "completed" if conflict.winner_kind == "task.completed" else "rejected"
    assert {_status(d, task.id) for d in (a, b, c)} == {won}
    earned = {row[0] for row in pictures[0]["points"]}
    assert conflict.winner_uuid in earned or won == "rejected"
    assert conflict.loser_uuid not in earned
    for desk in (a, b, c):
        assert verified(desk) == [], desk.name
    with c.db.write() as session:  # the lead at C takes the other side
        conflicts.settle_conflict(
            session,
            lead_id=c.lead,
            loser_uuid=conflict.loser_uuid,
            decision=fold.TAKE_LOSER,
            reason="Berkas memang sudah diserahkan",
            now=at + timedelta(minutes=5),
        )
    settle([a, b, c], now=at + timedelta(minutes=6))
    other = "rejected" if won == "completed" else "completed"
    assert {_status(d, task.id) for d in (a, b, c)} == {other}
    pictures = [picture(d) for d in (a, b, c)]
    assert pictures[0] == pictures[1] == pictures[2]
    earned = {row[0] for row in pictures[0]["points"]}
    assert conflict.winner_uuid not in earned
    assert conflict.loser_uuid in earned or other == "rejected"
    for desk in (a, b, c):
        assert verified(desk) == [], desk.name
    with a.db.read() as session:
        (flipped,) = conflicts.list_conflicts(session)
    assert (flipped.winner_uuid, flipped.loser_uuid) == (conflict.loser_uuid, conflict.winner_uuid)
    assert flipped.settled == fold.TAKE_LOSER


def test_the_lead_settles_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, _ = _three(tmp_path)
    task = receive(a.db, a.officer, now=MORNING)
    exchange(a, b, now=MORNING)
    with a.db.write() as session:
        tasks.cancel(
            session, actor_id=a.officer, task_id=task.id, reason="Pemohon mundur", now=MORNING
        )
    with b.db.write() as session:
        tasks.reject(
            session, actor_id=b.officer, task_id=task.id, reason="Dokumen kurang", now=MORNING
        )
    exchange(b, a, now=MORNING)
    a.db.dispose()
    folder = str(a.folder)
    assert main(["conflicts", "--json", "--data-dir", folder]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["task_id"] == task.id and listed["settled"] == ""
    monkeypatch.setenv("DESK_APP_PIN", PIN)
    settle_args = ["conflict-settle", listed["loser_uuid"], "--keep", "--data-dir", folder]
    settle_args += ["--as", LEAD_NIP]
    assert main([*settle_args, "--reason", " "]) != 0  # no reason: refused, nothing written
    assert "reason" in capsys.readouterr().err
    assert main([*settle_args, "--reason", "Sudah dicek ketua regu"]) == 0
    capsys.readouterr()
    assert main(["conflicts", "--json", "--data-dir", folder]) == 0
    (settled,) = json.loads(capsys.readouterr().out)
    assert settled["settled"] == fold.KEEP
    assert main(["verify", "--data-dir", folder]) == 0


def test_a_chain_that_does_not_verify_is_refused_whole(tmp_path: Path) -> None:
    a, b, _ = _three(tmp_path)
    receive(a.db, a.officer, now=MORNING)
    page = events_of(a, a.device, 0)
    page[2] = {**page[2], "actor": b.officer}  # edited on the way
    before = sqlite3.connect(database_path(b.folder)).execute("SELECT COUNT(*) FROM events")
    count = before.fetchone()[0]
    result = office_pull.take_in(b.db, {a.device: page}, now=MORNING)
    assert result.applied == 0
    assert len(result.refused) == 1
    assert "does not verify at seq 3" in result.refused[0]
    after = sqlite3.connect(database_path(b.folder)).execute("SELECT COUNT(*) FROM events")
    assert after.fetchone()[0] == count


def test_a_peer_s_events_on_a_day_this_desk_closed_are_covered_by_its_own_close(
    tmp_path: Path,
) -> None:
    a, b, _ = _three(tmp_path)
    receive(a.db, a.officer, now=MORNING)
    receive(b.db, b.officer, now=MORNING + timedelta(minutes=3))
    evening = MORNING + timedelta(hours=9)  # 18:00 in Jakarta, the same day
    with a.db.write() as session:
        dayclose.close_day(
            session,
            lead_id=a.lead,
            day=local_day(MORNING),
            now=evening,
            acknowledge=True,
            reason="Tutup hari loket satu",
        )
    assert exchange(b, a, now=evening + timedelta(minutes=1)).applied > 0
    assert verified(a) == []
    later = receive(a.db, a.officer, now=MORNING + timedelta(days=1))
    conn = sqlite3.connect(database_path(a.folder))
    conn.execute(  # an own event moved back onto the day this desk sealed
        "UPDATE events SET occurred_at = '2026-11-25 03:00:00.000000' WHERE task_id = ?"
        " AND kind = 'task.received'",
        (later.id,),
    )
    conn.commit()
    conn.close()
    sealed = [p for p in verified(a) if "dated on the sealed day 2026-11-25" in p]
    assert len(sealed) == 1 and "(task.received)" in sealed[0]


# One step of the office's day: (desk, action, task pick) or an exchange (from, to, batch).
_step = st.one_of(
    st.tuples(
        st.just("act"),
        st.integers(0, 2),
        st.sampled_from([*sorted(tasks.LIFECYCLE), "new"]),
        st.integers(0, 9),
    ),
    st.tuples(st.just("pass"), st.integers(0, 2), st.integers(0, 2), st.integers(1, 6)),
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(_step, min_size=4, max_size=24))
def test_any_interleaving_ends_in_one_picture(
    tmp_path_factory: object, steps: list[tuple[str, int, object, int]]
) -> None:
    root = tmp_path_factory.mktemp("office")  # type: ignore[attr-defined]
    desks = _three(root)
    known: list[str] = []
    at = MORNING
    for kind, first, what, number in steps:
        at += timedelta(minutes=1)
        if kind == "pass":
            if first != what:
                exchange(desks[first], desks[int(str(what))], now=at, limit=number)
            continue
        desk = desks[first]
        if what == "new" or not known:
            known.append(receive(desk.db, desk.officer, now=at).id)
            continue
        task_id = known[number % len(known)]
        with desk.db.read() as session:
            visible = session.get(tasks.Task, task_id)
            status = visible.status if visible is not None else None
        sources = tasks.LIFECYCLE[str(what)][0]
        if status not in sources or what == "complete":
            continue
        with desk.db.write() as session:
            _act(session, str(what), desk, task_id, at)
    settle(desks, now=at + timedelta(minutes=1))
    pictures = [picture(d) for d in desks]
    assert pictures[0] == pictures[1] == pictures[2]
    for desk in desks:
        assert verified(desk) == [], desk.name
    for desk in desks:
        desk.db.dispose()


def _act(session: object, action: str, desk: Desk, task_id: str, at: object) -> None:
    actor = desk.officer
    common = {"actor_id": actor, "task_id": task_id, "now": at}
    if action == "start":
        tasks.start_processing(session, **common)  # type: ignore[arg-type]
    elif action == "forward":
        tasks.forward_to_agency(session, agency_code="DUKCAPIL", **common)  # type: ignore[arg-type]
    elif action == "return":
        tasks.return_from_agency(session, **common)  # type: ignore[arg-type]
    elif action == "ready":
        tasks.mark_ready(session, **common)  # type: ignore[arg-type]
    elif action == "reject":
        tasks.reject(session, reason="Dokumen kurang", **common)  # type: ignore[arg-type]
    elif action == "cancel":
        tasks.cancel(session, reason="Pemohon mundur", **common)  # type: ignore[arg-type]
