"""Three desks of one office through a real city on loopback: every desk sees every task."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from central import stats as city_stats
from desk_app.common.workdays import local_day
from desk_app.counter import conflicts, tasks
from desk_app.eventlog import fold
from desk_app.insights import stats as desk_stats
from desk_app.office import installation
from desk_app.sync import catalogue_pull, client
from tests.central.conftest import OFFICE, City
from tests.helpers import MORNING, receive
from tests.office_desks import Desk, picture, set_up, verified

# The keys the city and a desk both compute, by the same fold.
SHARED = ("tasks_by_status", "points_total", "points_by_officer")


def _enrolled(city: City, root: Path) -> list[Desk]:
    desks = [set_up(root / f"desk{n}", n, office=OFFICE) for n in (1, 2, 3)]
    for desk in desks:
        client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    return desks


def _round(desks: list[Desk], now: datetime) -> None:
    """A sync round at every desk, twice: what one pushes the next pulls."""
    for _ in range(2):
        for desk in desks:
            done = catalogue_pull.sync_round(desk.db, now=now)
            assert done.office is not None and not done.office.refused


def _desk_figures(desk: Desk, now: datetime) -> dict[str, Any]:
    with desk.db.read() as session:
        office = installation.desk_info(session).office_code
        found = desk_stats.office_stats(
            session, office_code=office, day=None, today=local_day(now), now=now
        )
    return dict(found.to_json())


def _city_figures(city: City) -> dict[str, Any]:
    with city.store.transaction() as session:
        return dict(
            city_stats.office_figures(session, office_code=OFFICE, now=city.clock()).to_json()
        )


def _status(desk: Desk, task_id: str) -> str:
    with desk.db.read() as session:
        return tasks.get_task(session, task_id=task_id).status


def test_taken_at_a_forwarded_at_b_handed_over_at_c(city: City, tmp_path: Path) -> None:
    a, b, c = desks = _enrolled(city, tmp_path)
    task = receive(a.db, a.officer, now=MORNING)
    _round(desks, MORNING + timedelta(minutes=1))
    with b.db.write() as session:
        tasks.forward_to_agency(
            session,
            actor_id=b.officer,
            task_id=task.id,
            agency_code="DUKCAPIL",
            now=MORNING + timedelta(minutes=5),
        )
    _round(desks, MORNING + timedelta(minutes=6))
    at = MORNING + timedelta(minutes=40)
    with c.db.write() as session:
        tasks.return_from_agency(session, actor_id=c.officer, task_id=task.id, now=at)
        tasks.mark_ready(session, actor_id=c.officer, task_id=task.id, now=at)
        tasks.hand_over(session, actor_id=c.officer, task_id=task.id, now=at)
    _round(desks, at + timedelta(minutes=1))
    pictures = [picture(d) for d in desks]
    assert pictures[0] == pictures[1] == pictures[2]
    assert [_status(d, task.id) for d in desks] == ["completed"] * 3
    assert [s[1] for s in pictures[0]["stints"]] == ["DUKCAPIL"]
    earners = {row[1] for row in pictures[0]["points"]}
    assert {a.officer, c.officer} <= earners
    for desk in desks:
        assert verified(desk) == [], desk.name
    _same_statuses_as_the_city(city, desks, at)


def _same_statuses_as_the_city(city: City, desks: list[Desk], now: datetime) -> None:
    seen = _city_figures(city)
    for desk in desks:
        mine = _desk_figures(desk, now)
        assert {k: mine[k] for k in SHARED} == {k: seen[k] for k in SHARED}, desk.name


def test_concurrent_actions_apart_have_one_winner_and_the_lead_settles(
    city: City, tmp_path: Path
) -> None:
    a, b, c = desks = _enrolled(city, tmp_path)
    task = receive(a.db, a.officer, now=MORNING)
    with a.db.write() as session:
        tasks.mark_ready(session, actor_id=a.officer, task_id=task.id, now=MORNING)
    _round(desks, MORNING + timedelta(minutes=1))
    at = MORNING + timedelta(minutes=30)
    with a.db.write() as session:  # no sync between: A hands it over, B rejects it
        tasks.hand_over(session, actor_id=a.officer, task_id=task.id, now=at)
    with b.db.write() as session:
        tasks.reject(session, actor_id=b.officer, task_id=task.id, reason="Dokumen kurang", now=at)
    _round(desks, at + timedelta(minutes=1))
    pictures = [picture(d) for d in desks]
    assert pictures[0] == pictures[1] == pictures[2]
    with c.db.read() as session:
        (conflict,) = conflicts.list_conflicts(session)
    won = {_status(d, task.id) for d in desks}
    assert won == {"completed" if conflict.winner_kind == kinds_completed() else "rejected"}
    assert conflict.loser_uuid not in {row[0] for row in pictures[0]["points"]}
    for desk in desks:
        assert verified(desk) == [], desk.name
    _same_statuses_as_the_city(city, desks, at)
    with c.db.write() as session:
        conflicts.settle_conflict(
            session,
            lead_id=c.lead,
            loser_uuid=conflict.loser_uuid,
            decision=fold.TAKE_LOSER,
            reason="Berkas memang sudah diserahkan",
            now=at + timedelta(minutes=5),
        )
    _round(desks, at + timedelta(minutes=6))
    flipped = {_status(d, task.id) for d in desks}
    assert len(flipped) == 1 and flipped != won
    pictures = [picture(d) for d in desks]
    assert pictures[0] == pictures[1] == pictures[2]
    assert conflict.winner_uuid not in {row[0] for row in pictures[0]["points"]}
    for desk in desks:
        assert verified(desk) == [], desk.name
    _same_statuses_as_the_city(city, desks, at)


def kinds_completed() -> str:
    """The hand-over's event kind."""
    return tasks.LIFECYCLE["complete"][2]
