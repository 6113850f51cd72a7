"""Day close: the hand-computed summary, preconditions, sealing, roles and the CLI."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desk_app.cli import main
from desk_app.closing import dayclose
from desk_app.common.clock import NOW_VARIABLE
from desk_app.common.errors import PermissionDenied, SealedDayError, ValidationError
from desk_app.common.paths import database_path
from desk_app.counter import tasks
from desk_app.db.models import DayClose, Event
from desk_app.eventlog.verify import verify_database
from desk_app.insights import dashboard
from desk_app.office import attendance, office_settings
from desk_app.points import ledger
from tests.conftest import LEAD_NIP, OFFICER_NIP, PIN, Office
from tests.core.day_fixture import DAY, Day, build_day
from tests.days import BEFORE, intake, wib
from tests.helpers import counts, nothing_written

CLOSE_AT = wib(DAY, 17, 30)


@pytest.fixture
def day(desk: Office) -> Day:
    """The fixture day of day_fixture.py, written through the services."""
    return build_day(desk)


def test_summary_matches_the_hand_computed_day(desk: Office, day: Day) -> None:
    with desk.db.read() as s:
        summary = dayclose.summarize_day(s, day=DAY, now=CLOSE_AT)
    officers = {o.name: o for o in summary.officers}
    assert set(officers) == {"Dewi Lestari", "Bambang Wibowo"}
    dewi, bambang = officers["Dewi Lestari"], officers["Bambang Wibowo"]
    assert (dewi.taken, dewi.completed, dewi.points, dewi.hours) == (3, 2, 11, 8.5)
    assert (bambang.taken, bambang.completed, bambang.points, bambang.hours) == (3, 2, 7, 8.75)
    assert dewi.nip == OFFICER_NIP and bambang.nip == LEAD_NIP

    services = {s.code: (s.received, s.completed) for s in summary.services}
    assert services == {"KEC-NON-03": (2, 3), "KEL-SKT-01": (3, 1), "KEL-DKP-05": (1, 0)}

    agencies = [(a.code, a.forwarded, a.returned, a.still_out, a.overdue) for a in summary.agencies]
    # The agency holding work up (overdue) comes first.
    assert agencies == [("POLRI", 0, 0, 1, 1), ("DUKCAPIL", 2, 1, 1, 0)]

    assert (summary.sla_closed, summary.sla_on_time, summary.sla_rate) == (
        4,
        3,
        0.75,
    )  # delivered: T1, T0b (late), T2, T5
    # 90, 120, 200, 240, 300, 600 s: median (200 + 240) / 2; p90 nearest rank = 6th of 6.
    assert summary.handling_count == 6
    assert summary.handling_median_s == 220.0
    assert summary.handling_p90_s == 600.0
    assert summary.carried_over == (day.t0, day.t3, day.t6)
    arrivals = {h: n for h, n in enumerate(summary.arrivals_by_hour) if n}
    assert arrivals == {9: 2, 10: 1, 11: 1, 13: 1, 15: 1}

    t = summary.totals
    assert (t.received, t.completed, t.rejected, t.cancelled) == (6, 4, 1, 0)
    assert (t.open_end_of_day, t.overdue_end_of_day) == (3, 1)
    assert (t.points, t.hours) == (18, 17.25)
    # The ledger agrees with the per-officer points.
    with desk.db.read() as s:
        assert sum(p.points for p in ledger.points_between(s, start=DAY, end=DAY)) == 18
    assert dayclose.DaySummary.from_json(json.loads(json.dumps(summary.to_json()))) == summary


def test_the_day_before_is_summarised_as_of_its_end(desk: Office, day: Day) -> None:
    with desk.db.read() as s:
        summary = dayclose.summarize_day(s, day=BEFORE, now=CLOSE_AT)
    # T0b was completed two days later: still open at the end of the 25th.
    assert summary.carried_over == (day.t0, day.t0b)
    assert [(a.code, a.forwarded, a.still_out, a.overdue) for a in summary.agencies] == [
        ("POLRI", 1, 1, 0)
    ]
    assert summary.totals.completed == 0 and summary.totals.received == 2


def test_preconditions_list_what_is_still_open(desk: Office, day: Day) -> None:
    with desk.db.write() as s:
        attendance.clock_in(s, officer_id=desk.officer.id, now=wib(DAY, 17))
    with desk.db.read() as s:
        checks = dayclose.preconditions(s, day=DAY, now=CLOSE_AT)
    assert [i.ref for i in checks.unprinted_receipts] == [day.t4, day.t6]
    assert [i.ref for i in checks.not_started] == [day.t6]
    assert [i.ref for i in checks.clocked_in] == [desk.officer.id]
    assert "Dewi Lestari" in checks.clocked_in[0].label
    assert not checks.ready
    assert "2 tanda terima" in checks.describe()


def test_close_needs_settling_or_a_reason(desk: Office, day: Day) -> None:
    before = counts(desk.folder)
    with pytest.raises(dayclose.DayCloseBlocked) as blocked, desk.db.write() as s:
        dayclose.close_day(s, lead_id=desk.lead.id, day=DAY, now=CLOSE_AT)
    assert len(blocked.value.preconditions.items) == 3
    with pytest.raises(ValidationError) as missing, desk.db.write() as s:
        dayclose.close_day(s, lead_id=desk.lead.id, day=DAY, now=CLOSE_AT, acknowledge=True)
    assert missing.value.field == "reason"
    assert counts(desk.folder) == before

    with desk.db.write() as s:
        closed = dayclose.close_day(
            s,
            lead_id=desk.lead.id,
            day=DAY,
            now=CLOSE_AT,
            acknowledge=True,
            reason="Printer rusak; T6 diproses Senin",
        )
    assert [i.kind for i in closed.acknowledged] == [
        dayclose.UNPRINTED,
        dayclose.UNPRINTED,
        dayclose.NOT_STARTED,
    ]
    with desk.db.read() as s:
        row = s.get(DayClose, DAY)
        event = s.scalar(select(Event).where(Event.uuid == closed.event_uuid))
        stored = dayclose.get_close(s, day=DAY)
    assert row is not None and event is not None and stored is not None
    assert event.kind == "day.closed" and event.actor == desk.lead.id
    payload = json.loads(event.payload)
    assert payload["summary"] == closed.summary.to_json() == json.loads(row.summary)
    assert payload["reason"] == "Printer rusak; T6 diproses Senin"
    assert len(payload["acknowledged"]) == 3
    # The seal names the chain head at close time: the event right before day.closed.
    assert row.last_event_hash == event.prev_hash == payload["last_event_hash"]
    assert payload["last_event_seq"] == event.seq - 1
    assert stored == closed
    assert verify_database(database_path(desk.folder)).ok


def settle(desk: Office, day: Day) -> None:
    """Print the two missing receipts and start T6, so the day can close cleanly."""
    from desk_app.counter import printing

    with desk.db.write() as s:
        for number in (day.t4, day.t6):
            view = tasks.get_task(s, tracking_no=number)
            printing.record_print(
                s,
                actor_id=desk.lead.id,
                task_id=view.id,
                kind=printing.INTAKE,
                layout="thermal80",
                target="printer",
                ok=True,
                now=wib(DAY, 17),
            )
        tasks.start_processing(
            s,
            actor_id=desk.lead.id,
            task_id=tasks.get_task(s, tracking_no=day.t6).id,
            now=wib(DAY, 17, 5),
        )


def close(desk: Office) -> dayclose.DayClose:
    with desk.db.write() as s:
        return dayclose.close_day(s, lead_id=desk.lead.id, day=DAY, now=CLOSE_AT)


def test_a_sealed_day_refuses_edits_through_the_services(desk: Office, day: Day) -> None:
    settle(desk, day)
    sealed = close(desk)
    assert sealed.acknowledged == ()
    t6 = day.t6
    with desk.db.read() as s:
        t6_id = tasks.get_task(s, tracking_no=t6).id
        t3_id = tasks.get_task(s, tracking_no=day.t3).id
        t1_id = tasks.get_task(s, tracking_no=day.t1).id
        t1_intake = s.scalar(
            select(Event.uuid).where(Event.task_id == t1_id, Event.kind == "task.received")
        )
    assert t1_intake is not None
    on_the_day = wib(DAY, 18)
    with nothing_written(desk.folder):
        with pytest.raises(SealedDayError, match="27-11-2026"), desk.db.write() as s:
            tasks.mark_ready(s, actor_id=desk.officer.id, task_id=t6_id, now=on_the_day)
        with pytest.raises(SealedDayError), desk.db.write() as s:
            tasks.return_from_agency(s, actor_id=desk.lead.id, task_id=t3_id, now=on_the_day)
        with pytest.raises(SealedDayError), desk.db.write() as s:
            tasks.add_note(s, actor_id=desk.lead.id, task_id=t3_id, text="x", now=on_the_day)
        with pytest.raises(SealedDayError):
            intake(desk.db, desk.officer.id, "KEC-NON-03", wib(DAY, 23, 59), 60)
        with pytest.raises(SealedDayError), desk.db.write() as s:
            attendance.clock_in(s, officer_id=desk.officer.id, now=on_the_day)
        with pytest.raises(SealedDayError), desk.db.write() as s:
            ledger.reverse_points(
                s,
                actor_id=desk.lead.id,
                event_uuid=t1_intake,
                reason="koreksi poin",
                now=on_the_day,
            )
    # A correction is an event on a later day.
    next_day = wib(DAY + timedelta(days=1), 0, 1)
    with desk.db.write() as s:
        view = tasks.mark_ready(s, actor_id=desk.officer.id, task_id=t6_id, now=next_day)
    assert view.status == tasks.READY
    # The sealed summary did not move.
    with desk.db.read() as s:
        stored = dayclose.get_close(s, day=DAY)
    assert stored is not None and stored.summary == sealed.summary
    assert verify_database(database_path(desk.folder)).ok


def test_verify_notices_an_event_slipped_into_a_sealed_day(desk: Office, day: Day) -> None:
    settle(desk, day)
    close(desk)
    # Someone deletes the seal outside Loket, then records something on the sealed day.
    conn = sqlite3.connect(database_path(desk.folder))
    conn.execute("DELETE FROM day_closes")
    conn.commit()
    conn.close()
    intake(desk.db, desk.officer.id, "KEC-NON-03", wib(DAY, 18), 60)
    problems = verify_database(database_path(desk.folder)).problems
    assert any("sealed day 2026-11-27" in p for p in problems), problems
    assert any("day close of 2026-11-27" in p for p in problems), problems


def test_only_a_lead_or_admin_closes(desk: Office, day: Day) -> None:
    settle(desk, day)
    with (
        nothing_written(desk.folder),
        pytest.raises(PermissionDenied, match="Dewi Lestari"),
        desk.db.write() as s,
    ):
        dayclose.close_day(s, lead_id=desk.officer.id, day=DAY, now=CLOSE_AT)
    with desk.db.write() as s:
        done = dayclose.close_day(s, lead_id=desk.admin.id, day=DAY, now=CLOSE_AT)
    assert done.closed_by_name == "Siti Aminah"


def test_a_day_closes_once(desk: Office, day: Day) -> None:
    settle(desk, day)
    close(desk)
    with (
        nothing_written(desk.folder),
        pytest.raises(SealedDayError, match="sudah ditutup oleh Bambang Wibowo"),
    ):
        close(desk)


def test_future_days_and_today_before_closing_time_are_refused(desk: Office, day: Day) -> None:
    settle(desk, day)
    with nothing_written(desk.folder):
        with pytest.raises(ValidationError, match="belum terjadi"), desk.db.write() as s:
            dayclose.close_day(s, lead_id=desk.lead.id, day=DAY + timedelta(days=1), now=CLOSE_AT)
        with pytest.raises(ValidationError, match="16:00"), desk.db.write() as s:
            dayclose.close_day(s, lead_id=desk.lead.id, day=DAY, now=wib(DAY, 15, 59))
    # The next morning the day closes without any closing-time question.
    with desk.db.write() as s:
        done = dayclose.close_day(
            s, lead_id=desk.lead.id, day=DAY, now=wib(DAY + timedelta(days=1), 7)
        )
    assert done.summary.totals.received == 6


def test_clock_out_open_clocks_out_who_is_still_in(desk: Office, day: Day) -> None:
    settle(desk, day)
    with desk.db.write() as s:
        attendance.clock_in(s, officer_id=desk.officer.id, now=wib(DAY, 17))
    with desk.db.write() as s:
        done = dayclose.close_day(
            s, lead_id=desk.lead.id, day=DAY, now=CLOSE_AT, clock_out_open=True
        )
    dewi = next(o for o in done.summary.officers if o.name == "Dewi Lestari")
    assert dewi.hours == 9.0  # 8.5 h plus 17:00-17:30
    with desk.db.read() as s:
        assert attendance.open_session(s, officer_id=desk.officer.id) is None
        kinds = [e.kind for e in s.scalars(select(Event).order_by(Event.seq.desc()).limit(2))]
    assert kinds == ["day.closed", "shift.clocked_out"]


def test_dashboard_numbers(desk: Office, day: Day) -> None:
    with desk.db.read() as s:
        board = dashboard.dashboard(s, now=CLOSE_AT, leaders_from=DAY)
        trend = dashboard.sla_trend(s, end=DAY, days=3)
    assert {h: n for h, n in enumerate(board.arrivals.today) if n} == {
        9: 2,
        10: 1,
        11: 1,
        13: 1,
        15: 1,
    }
    # The four earlier Fridays had no arrivals (the office opened this week).
    assert board.arrivals.weeks_averaged == 4 and sum(board.arrivals.average) == 0
    loads = {(a.code, a.open, a.overdue) for a in board.agencies}
    assert loads == {("POLRI", 1, 1), ("DUKCAPIL", 1, 0), (None, 1, 0)}
    assert (board.open_total, board.overdue_total) == (3, 1)
    assert [(d.day, d.closed, d.on_time) for d in trend] == [
        (BEFORE, 0, 0),
        (BEFORE + timedelta(days=1), 0, 0),
        (DAY, 4, 3),  # delivered: T1, T0b (late), T2, T5
    ]
    assert [(r.rank, r.name, r.points) for r in board.leaders] == [
        (1, "Dewi Lestari", 11),
        (2, "Bambang Wibowo", 7),
    ]


def test_close_day_from_the_cli(
    desk: Office,
    day: Day,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settle(desk, day)
    monkeypatch.setenv("DESK_APP_PIN", PIN)
    monkeypatch.setenv(NOW_VARIABLE, wib(DAY, 18).isoformat())  # the evening of the day
    out = tmp_path / "out"
    folder = str(desk.folder)
    # An officer cannot close: exit 1 with a one-line reason.
    assert (
        main(["close-day", "--date", "2026-11-27", "--as", OFFICER_NIP, "--data-dir", folder]) == 1
    )
    err = capsys.readouterr().err.strip()
    assert err.startswith("desk-app: ") and "\n" not in err and "lead/admin" in err
    assert main(["close-day", "--date", "2026-13-01", "--data-dir", folder]) == 1
    assert "--date" in capsys.readouterr().err

    code = main(
        [
            "close-day",
            "--date",
            "2026-11-27",
            "--as",
            LEAD_NIP,
            "--out",
            str(out),
            "--data-dir",
            folder,
        ]
    )
    assert code == 0, capsys.readouterr().err
    text = capsys.readouterr().out
    assert "6 diterima" in text and "3 dibawa" in text
    assert (out / "day-report-2026-11-27.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "day-report-2026-11-27.xlsx").is_file()
    assert (out / "day-report-2026-11-27-officers.csv").is_file()
    backups = list((desk.folder / "backups").glob("loket-*-close-2026-11-27.sqlite3"))
    assert len(backups) == 1 and verify_database(backups[0]).ok

    # A second close is refused; the report can be rewritten from the sealed summary.
    # (Same report folder: with another one, close-day would complete the close there.)
    again = ["close-day", "--date", "2026-11-27", "--as", LEAD_NIP, "--out", str(out)]
    assert main([*again, "--data-dir", folder]) == 1
    assert "sudah ditutup" in capsys.readouterr().err
    (out / "day-report-2026-11-27.pdf").unlink()
    code = main(
        [
            "close-day",
            "--date",
            "2026-11-27",
            "--report-only",
            "--out",
            str(out),
            "--data-dir",
            folder,
        ]
    )
    assert code == 0
    assert (out / "day-report-2026-11-27.pdf").is_file()


def test_cli_close_blocked_names_the_outstanding_items(
    desk: Office, day: Day, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DESK_APP_PIN", PIN)
    monkeypatch.setenv(NOW_VARIABLE, wib(DAY, 18).isoformat())  # the evening of the day
    folder = str(desk.folder)
    assert main(["close-day", "--date", "2026-11-27", "--as", LEAD_NIP, "--data-dir", folder]) == 1
    err = capsys.readouterr().err
    assert "2 tanda terima belum dicetak" in err and "--acknowledge" in err
    code = main(
        [
            "close-day", "--date", "2026-11-27", "--as", LEAD_NIP, "--data-dir", folder,
            "--acknowledge", "--reason", "Printer rusak sejak siang", "--json",
        ]
    )  # fmt: skip
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["totals"]["points"] == 18
    assert (desk.folder / "reports" / "day-report-2026-11-27.pdf").is_file()


def test_closing_time_is_a_setting_and_open_days_are_listed(desk: Office, day: Day) -> None:
    settle(desk, day)
    with desk.db.write() as s:
        office_settings.change_setting(
            s,
            actor_id=desk.admin.id,
            key=office_settings.OFFICE_CLOSES_AT,
            value="18:00",
            now=wib(DAY, 17),
        )
    with pytest.raises(ValidationError, match="18:00"), desk.db.write() as s:
        dayclose.close_day(s, lead_id=desk.lead.id, day=DAY, now=CLOSE_AT)
    with desk.db.read() as s:
        assert dayclose.last_open_day(s, today=DAY + timedelta(days=1)) == DAY
    with desk.db.write() as s:
        dayclose.close_day(s, lead_id=desk.lead.id, day=DAY, now=wib(DAY, 18, 5))
    with desk.db.read() as s:
        assert dayclose.last_open_day(s, today=DAY + timedelta(days=1)) == BEFORE
        assert dayclose.closed_days(s, start=BEFORE, end=DAY) == [DAY]
        assert dayclose.is_sealed(s, day=DAY) and not dayclose.is_sealed(s, day=BEFORE)


def test_a_ready_result_waiting_for_pick_up_is_not_overdue(desk: Office) -> None:
    # Three KEL-SKT-01 files from Wednesday, due Thursday 26th; on Friday 27th:
    early = intake(desk.db, desk.officer.id, "KEL-SKT-01", wib(BEFORE, 9), 60)
    owed = intake(desk.db, desk.officer.id, "KEL-SKT-01", wib(BEFORE, 10), 60)
    late_ready = intake(desk.db, desk.officer.id, "KEL-SKT-01", wib(BEFORE, 11), 60)
    with desk.db.write() as s:
        # ready on Friday: waits on the citizen at the end of Friday, not late
        tasks.mark_ready(s, actor_id=desk.lead.id, task_id=early.id, now=wib(DAY, 10))
        # ready only on Saturday: still owed, so late, at the end of Friday
        tasks.mark_ready(
            s, actor_id=desk.lead.id, task_id=late_ready.id, now=wib(DAY + timedelta(days=1), 9)
        )
    with desk.db.read() as s:
        friday = dayclose.summarize_day(s, day=DAY, now=CLOSE_AT)
        board = dashboard.open_by_agency(s, today=DAY + timedelta(days=2))
    assert friday.carried_over == (early.tracking_no, owed.tracking_no, late_ready.tracking_no)
    assert friday.totals.overdue_end_of_day == 2  # owed + late_ready
    # Today only `owed` is late: the two ready results wait on their citizens.
    assert [(a.code, a.open, a.overdue) for a in board] == [(None, 3, 1)]
