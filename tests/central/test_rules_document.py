"""The city publishes points rules as versioned documents; desks pull them; earned points stay."""

from __future__ import annotations

import copy
import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import func, select

from central import rules_document
from central import stats as city_stats
from central.cli import main as central_main
from central.store.models import RulesDocument, StoredEvent
from desk_app.cli import main as desk_main
from desk_app.common.paths import database_path, resource
from desk_app.common.workdays import local_day
from desk_app.counter import corrections
from desk_app.db.models import Event, Meta, PointsEntry
from desk_app.eventlog import kinds
from desk_app.eventlog.verify import verify_database
from desk_app.insights.stats import office_stats
from desk_app.office import catalogue
from desk_app.points import point_rules
from desk_app.sync import catalogue_pull, client, rules_pull, state
from tests.central.conftest import OFFICE, City
from tests.conftest import Office
from tests.helpers import MORNING, later, nothing_written, receive

TOMORROW = MORNING + timedelta(days=1)  # Thursday 26 November 2026, a working day


def _shipped() -> list[dict[str, Any]]:
    data = json.loads(resource("points_rules.json").read_text(encoding="utf-8"))
    return list(data["versions"])


def _next_version(effective: date) -> dict[str, Any]:
    """Version 2: more for an intake and for being on time, heavier bands."""
    return {
        "version": 2,
        "effective_from": effective.isoformat(),
        "intake": 3,
        "handover": 2,
        "on_time_bonus": 4,
        "weight_by_sla": [[0, 5], [3, 6], [None, 7]],
        "weight_overrides": {"LAINNYA": 1},
    }


def _publish(city: City, versions: list[dict[str, Any]]) -> rules_document.Current:
    text = json.dumps({"versions": versions})
    with city.store.transaction() as session:
        done, _ = rules_document.publish(
            session, versions=rules_document.parse_file(text), now=city.clock()
        )
    return done


def _calls(http: requests.Session) -> list[tuple[str, int]]:
    """(path, status) of every answer `http` receives."""
    seen: list[tuple[str, int]] = []

    def hook(response: requests.Response, *args: object, **kwargs: object) -> None:
        seen.append((response.request.path_url, response.status_code))

    http.hooks["response"].append(hook)
    return seen


def _rules_events(desk: Office) -> list[dict[str, Any]]:
    with desk.db.read() as session:
        rows = session.scalars(
            select(Event.payload).where(Event.kind == kinds.POINTS_RULES_APPLIED)
        )
        return [json.loads(payload) for payload in rows]


def _credits(desk: Office, task_id: str) -> dict[str, tuple[int, int]]:
    """credit -> (points, rule version) of one task's ledger rows."""
    with desk.db.read() as session:
        rows = session.execute(
            select(PointsEntry.credit, PointsEntry.points, PointsEntry.rule_version).where(
                PointsEntry.task_id == task_id
            )
        )
        return {credit: (points, version) for credit, points, version in rows}


def _finish(desk: Office, task_id: str, *, now: Any) -> None:
    from desk_app.counter import tasks

    with desk.db.write() as session:
        tasks.start_processing(session, actor_id=desk.officer.id, task_id=task_id, now=now)
        tasks.mark_ready(session, actor_id=desk.officer.id, task_id=task_id, now=later(now, 1))
        tasks.hand_over(session, actor_id=desk.officer.id, task_id=task_id, now=later(now, 2))


def test_the_city_serves_its_shipped_rules_as_document_zero_with_an_etag(city: City) -> None:
    answer = requests.get(f"{city.url}/v1/points-rules", timeout=30)
    assert answer.status_code == 200
    body = answer.json()
    assert body["document"] == 0 and body["versions"] == _shipped()
    assert answer.headers["ETag"] == f'"{hashlib.sha256(answer.content).hexdigest()}"'
    again = requests.get(
        f"{city.url}/v1/points-rules",
        headers={"If-None-Match": answer.headers["ETag"]},
        timeout=30,
    )
    assert again.status_code == 304 and not again.content


def test_a_published_version_reaches_the_desk_once_and_moves_only_later_points(
    desk: Office, city: City
) -> None:
    client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    today_task = receive(desk.db, desk.officer.id, now=MORNING)
    before = _credits(desk, today_task.id)
    new = _next_version(local_day(TOMORROW))
    published = _publish(city, [*_shipped(), new])
    assert published.document == 1

    http = requests.Session()
    calls = _calls(http)
    done = catalogue_pull.sync_round(desk.db, now=later(MORNING, 10), http=http)
    assert done.rules is not None and done.rules.applied and not done.refused
    assert (done.rules.document, done.rules.added) == (1, (2,))
    (applied,) = _rules_events(desk)
    assert applied["body"] == published.body and applied["sha256"] == published.sha256
    assert applied["etag"] == f'"{published.sha256}"' and applied["document"] == 1
    with city.store.transaction() as session:  # pushed in the same round
        held = session.scalar(
            select(func.count())
            .select_from(StoredEvent)
            .where(StoredEvent.kind == kinds.POINTS_RULES_APPLIED)
        )
    assert held == 1

    # The next round: 304, nothing applied, nothing written.
    with nothing_written(desk.folder):
        again = catalogue_pull.sync_round(desk.db, now=later(MORNING, 20), http=http)
    assert again.rules is not None and again.rules.outcome == rules_pull.UNCHANGED
    assert [s for p, s in calls if p == "/v1/points-rules"] == [200, 304]
    assert len(_rules_events(desk)) == 1

    # Today's intake keeps version 1; tomorrow's earns version 2, on every credit.
    assert _credits(desk, today_task.id) == before
    assert {v for _, v in before.values()} == {1}
    tomorrow_task = receive(desk.db, desk.officer.id, now=TOMORROW, name="Sri Wahyuni")
    _finish(desk, tomorrow_task.id, now=later(TOMORROW, 5))
    _finish(desk, today_task.id, now=later(TOMORROW, 10))
    earned = _credits(desk, tomorrow_task.id)
    with desk.db.read() as session:
        sla = catalogue.get_service(session, code=tomorrow_task.service_code).sla_working_days
    weight = point_rules.rules_for(local_day(TOMORROW)).weight_for(tomorrow_task.service_code, sla)
    old_weight = point_rules.shipped_rules()[0].weight_for(tomorrow_task.service_code, sla)
    assert weight != old_weight and tomorrow_task.point_weight == weight
    assert earned == {
        point_rules.INTAKE: (new["intake"], 2),
        point_rules.PROCESSING: (weight, 2),
        point_rules.ON_TIME: (new["on_time_bonus"], 2),
        point_rules.HANDOVER: (new["handover"], 2),
    }
    # Today's task keeps the weight of its intake when it is finished under version 2.
    assert today_task.service_code == tomorrow_task.service_code
    assert _credits(desk, today_task.id)[point_rules.PROCESSING] == (old_weight, 2)

    # A task of today corrected tomorrow is re-weighed by version 2, on both sides.
    corrected = receive(desk.db, desk.officer.id, now=later(MORNING, 30), name="Agus Salim")
    with desk.db.write() as session:
        corrections.correct_task(
            session,
            actor_id=desk.officer.id,
            task_id=corrected.id,
            reason="Keterangan terlewat",
            description="Untuk keperluan sekolah",
            now=later(TOMORROW, 20),
        )
    _finish(desk, corrected.id, now=later(TOMORROW, 25))
    assert _credits(desk, corrected.id)[point_rules.PROCESSING] == (weight, 2)

    # The city replays the same points with the rules it published.
    city.clock.set(TOMORROW + timedelta(hours=1))
    catalogue_pull.sync_round(desk.db, now=later(TOMORROW, 30), http=http)
    with desk.db.read() as session:
        mine = office_stats(
            session, office_code=OFFICE, day=None, today=local_day(TOMORROW), now=TOMORROW
        )
    with city.store.transaction() as session:
        theirs = city_stats.office_figures(session, office_code=OFFICE).to_json()
    assert {p.nip: p.points for p in mine.points_by_officer} == {
        p["nip"]: p["points"] for p in theirs["points_by_officer"]
    }
    assert theirs["points_total"] == mine.points_total > 0
    assert not {kind: n for kind, n in theirs["flags"].items() if n and "point" in kind}

    # verify re-derives the stored document from its event, and sees it tampered.
    assert desk_main(["verify", "--data-dir", str(desk.folder)]) == 0
    assert verify_database(database_path(desk.folder)).ok
    conn = sqlite3.connect(database_path(desk.folder))
    stored = conn.execute(
        "SELECT value FROM meta WHERE key = ?", (point_rules.RULES_KEY,)
    ).fetchone()[0]
    forged = stored.replace('"intake":3', '"intake":9')
    assert forged != stored
    conn.execute("UPDATE meta SET value = ? WHERE key = ?", (forged, point_rules.RULES_KEY))
    conn.commit()
    conn.close()
    report = verify_database(database_path(desk.folder))
    assert not report.ok
    assert any(f"meta.{point_rules.RULES_KEY}" in p for p in report.problems)


def test_the_rules_in_use_follow_the_database_opened(
    desk: Office, city: City, tmp_path: Path
) -> None:
    from desk_app.db.storage import open_database

    client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    _publish(city, [*_shipped(), _next_version(local_day(TOMORROW))])
    rules_pull.pull_rules(desk.db, now=later(MORNING, 5))
    assert point_rules.document_in_use() == 1 and len(point_rules.all_rules()) == 2
    other = open_database(tmp_path / "other", create=True)  # an office without a document
    try:
        assert point_rules.document_in_use() == 0
        assert point_rules.all_rules() == point_rules.shipped_rules()
    finally:
        other.dispose()
    reopened = open_database(desk.folder)
    try:
        assert point_rules.document_in_use() == 1 and len(point_rules.all_rules()) == 2
    finally:
        reopened.dispose()


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda vs: vs[0].update(intake=2), "version 1 must stay as it is"),
        (lambda vs: vs.pop(0), "version 1 must stay as it is"),
        (lambda vs: vs[1].update(effective_from="2026-11-25"), "effective_from: 2026-11-25"),
        (lambda vs: vs[1].update(weight_by_sla=[[0, 1], [3, 2]]), "weight_by_sla"),
        (lambda vs: vs[1].update(handover=-1), "versions[1].handover"),
        (lambda vs: vs[1].pop("on_time_bonus"), "versions[1].on_time_bonus: missing"),
    ],
)
def test_a_publication_that_would_move_earned_points_is_refused_in_one_line(
    city: City,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: Any,
    named: str,
) -> None:
    versions = [*_shipped(), _next_version(local_day(TOMORROW))]
    change(versions)
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"versions": versions}), encoding="utf-8")
    now = "2026-11-25T09:00"  # the city's today is MORNING's
    code = central_main(
        ["rules", "publish", str(path), "--database-url", city.store.url, "--now", now]
    )
    err = capsys.readouterr().err
    assert code == 1 and named in err and err.count("\n") == 1, err
    with city.store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(RulesDocument)) == 0
    # The good document goes through, once; the same again adds nothing and is refused.
    path.write_text(
        json.dumps({"versions": [*_shipped(), _next_version(local_day(TOMORROW))]}),
        encoding="utf-8",
    )
    args = ["rules", "publish", str(path), "--database-url", city.store.url, "--now", now]
    assert central_main(args) == 0
    assert "document 1" in capsys.readouterr().out
    assert central_main(args) == 1
    assert "no new version" in capsys.readouterr().err


class _FaultyCity:
    """A hand-made server answering GET /v1/points-rules with a fixed body (a faulty city)."""

    def __init__(self, body: bytes) -> None:
        served = body

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("ETag", f'"{hashlib.sha256(served).hexdigest()}"')
                self.send_header("Content-Length", str(len(served)))
                self.end_headers()
                self.wfile.write(served)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=30)


@pytest.fixture
def faulty(request: pytest.FixtureRequest) -> Iterator[_FaultyCity]:
    versions = copy.deepcopy(request.param)
    body = json.dumps({"document": 7, "versions": versions}).encode()
    server = _FaultyCity(body)
    yield server
    server.close()


_ALTERED = [{**_shipped()[0], "handover": 5}, _next_version(date(2026, 11, 26))]
_TOO_EARLY = [*_shipped(), _next_version(date(2026, 11, 25))]  # the desk credited that day


@pytest.mark.parametrize(
    ("faulty", "named"),
    [(_ALTERED, "version 1 must stay as it is"), (_TOO_EARLY, "must be after 2026-11-25")],
    indirect=["faulty"],
)
def test_a_served_document_that_moves_earned_points_is_refused_whole_at_the_desk(
    desk: Office, city: City, faulty: _FaultyCity, named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    receive(desk.db, desk.officer.id, now=MORNING)
    with desk.db.write() as session:  # the desk now asks the faulty city
        session.merge(Meta(key=state.SERVER, value=faulty.url))
    with desk.db.read() as session:
        meta_before = dict(session.execute(select(Meta.key, Meta.value)).all())
    with nothing_written(desk.folder), pytest.raises(client.SyncFailed) as failed:
        rules_pull.pull_rules(desk.db, now=later(MORNING, 5))
    assert failed.value.reason == state.BAD_CATALOGUE and not failed.value.retry
    assert named in str(failed.value) and str(failed.value).startswith("points rules: ")
    with desk.db.read() as session:
        assert dict(session.execute(select(Meta.key, Meta.value)).all()) == meta_before
    assert _rules_events(desk) == [] and point_rules.document_in_use() == 0


def test_a_desk_restored_from_the_city_keeps_the_rules_its_points_were_made_by(
    desk: Office, city: City, tmp_path: Path
) -> None:
    from desk_app.sync import restore

    client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    _publish(city, [*_shipped(), _next_version(local_day(TOMORROW))])
    catalogue_pull.sync_round(desk.db, now=later(MORNING, 5))
    task = receive(desk.db, desk.officer.id, now=TOMORROW)
    catalogue_pull.sync_round(desk.db, now=later(TOMORROW, 5))
    with desk.db.read() as session:
        document = session.get(Meta, point_rules.RULES_KEY)
        assert document is not None
        applied = document.value
    earned = _credits(desk, task.id)
    assert {version for _, version in earned.values()} == {2}
    desk.db.dispose()

    city.clock.set(TOMORROW + timedelta(hours=2))
    folder = tmp_path / "restored"
    restore.restore_from_city(
        folder,
        server=city.url,
        office_code=OFFICE,
        code=city.enrolment_code(),
        now=TOMORROW + timedelta(hours=2),
    )
    conn = sqlite3.connect(database_path(folder))
    try:
        stored = conn.execute(
            "SELECT value FROM meta WHERE key = ?", (point_rules.RULES_KEY,)
        ).fetchone()
        rows = conn.execute(
            "SELECT credit, points, rule_version FROM points WHERE task_id = ?", (task.id,)
        ).fetchall()
    finally:
        conn.close()
    assert stored == (applied,)
    assert {credit: (points, version) for credit, points, version in rows} == earned
    assert verify_database(database_path(folder)).ok


def test_a_refused_document_fails_the_command_in_one_line_while_the_events_go_through(
    desk: Office, city: City, capsys: pytest.CaptureFixture[str]
) -> None:
    client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    receive(desk.db, desk.officer.id, now=MORNING)
    altered = [{**_shipped()[0], "intake": 7}, _next_version(local_day(TOMORROW))]
    body = json.dumps({"document": 1, "versions": altered}, sort_keys=True)
    with city.store.transaction() as session:  # stored past publish's checks: a faulty city
        session.add(
            RulesDocument(
                document=1,
                published_at=city.clock(),
                sha256=hashlib.sha256(body.encode()).hexdigest(),
                body=body,
            )
        )
    folder = str(desk.folder)
    assert desk_main(["sync", "--once", "--data-dir", folder, "--now", "2026-11-25T09:10"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("desk-app: sync: points rules: versions: version 1 must stay")
    assert err.count("\n") == 1
    assert _rules_events(desk) == []
    with desk.db.read() as session:
        assert session.get(Meta, point_rules.RULES_KEY) is None
        pushed = state.load(session).acked_seq
    with city.store.transaction() as session:
        held = session.scalar(select(func.count()).select_from(StoredEvent))
    assert held == pushed > 0
