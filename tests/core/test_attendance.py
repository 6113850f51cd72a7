"""Attendance: clock-in/out, hours per local day (over midnight too), corrections, the week."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from desk_app.cli import main
from desk_app.common.errors import PermissionDenied, TransitionError, ValidationError
from desk_app.common.paths import database_path
from desk_app.db.models import AttendanceSession, Event
from desk_app.eventlog.verify import verify_database
from desk_app.insights import stats
from desk_app.office import attendance, office_settings
from tests.conftest import OFFICER_NIP, PIN, Office
from tests.days import wib
from tests.helpers import MORNING, nothing_written

MON = date(2026, 11, 30)


def shift(desk: Office, officer_id: str, start: datetime, end: datetime) -> attendance.ShiftSession:
    """One clock-in and clock-out, each in its own transaction."""
    with desk.db.write() as s:
        attendance.clock_in(s, officer_id=officer_id, now=start)
    with desk.db.write() as s:
        return attendance.clock_out(s, officer_id=officer_id, now=end)


def test_clock_in_and_out_are_events_with_a_projection(desk: Office) -> None:
    done = shift(desk, desk.officer.id, wib(MON, 8), wib(MON, 16, 30))
    with desk.db.read() as s:
        kinds = [e.kind for e in s.scalars(select(Event).order_by(Event.seq.desc()).limit(2))]
        row = s.get(AttendanceSession, done.id)
        hours = attendance.hours(
            s, officer_id=desk.officer.id, start=MON, end=MON, now=wib(MON, 20)
        )
    assert kinds == ["shift.clocked_out", "shift.clocked_in"]
    assert row is not None and row.ended_at == wib(MON, 16, 30) and not row.corrected
    assert hours.on(MON) == 8.5 and hours.total == 8.5
    assert verify_database(database_path(desk.folder)).ok


def test_double_clock_in_is_refused_naming_the_officer(desk: Office) -> None:
    with desk.db.write() as s:
        attendance.clock_in(s, officer_id=desk.officer.id, now=wib(MON, 8))
    with (
        nothing_written(desk.folder),
        pytest.raises(TransitionError, match=rf"Dewi Lestari \(NIP {OFFICER_NIP}\).*08:00"),
        desk.db.write() as s,
    ):
        attendance.clock_in(s, officer_id=desk.officer.id, now=wib(MON, 9))
    with (
        pytest.raises(TransitionError, match=r"Bambang Wibowo.*belum absen masuk"),
        desk.db.write() as s,
    ):
        attendance.clock_out(s, officer_id=desk.lead.id, now=wib(MON, 9))


def test_clock_out_before_clock_in_time_is_refused(desk: Office) -> None:
    with desk.db.write() as s:
        attendance.clock_in(s, officer_id=desk.officer.id, now=wib(MON, 8))
    with pytest.raises(ValidationError) as bad, desk.db.write() as s:
        attendance.clock_out(s, officer_id=desk.officer.id, now=wib(MON, 7))
    assert bad.value.field == "now"


def test_only_a_lead_clocks_out_someone_else(desk: Office) -> None:
    with desk.db.write() as s:
        attendance.clock_in(s, officer_id=desk.lead.id, now=wib(MON, 8))
        attendance.clock_in(s, officer_id=desk.officer.id, now=wib(MON, 8))
    with pytest.raises(PermissionDenied), desk.db.write() as s:
        attendance.clock_out(s, officer_id=desk.lead.id, actor_id=desk.officer.id, now=wib(MON, 17))
    with desk.db.write() as s:
        done = attendance.clock_out(
            s, officer_id=desk.officer.id, actor_id=desk.lead.id, now=wib(MON, 17)
        )
    assert done.ended_at == wib(MON, 17)
    with desk.db.read() as s:
        actor = s.scalar(select(Event.actor).where(Event.kind == "shift.clocked_out"))
    assert actor == desk.lead.id


def test_a_session_over_midnight_splits_across_local_days(desk: Office) -> None:
    tue = MON + timedelta(days=1)
    shift(desk, desk.officer.id, wib(MON, 22), wib(tue, 2, 30))
    with desk.db.read() as s:
        hours = attendance.hours(
            s, officer_id=desk.officer.id, start=MON, end=tue + timedelta(days=1), now=wib(tue, 12)
        )
        monday_only = attendance.hours(
            s, officer_id=desk.officer.id, start=MON, end=MON, now=wib(tue, 12)
        )
    assert [(d.day, d.hours) for d in hours.days] == [
        (MON, 2.0),
        (tue, 2.5),
        (tue + timedelta(days=1), 0.0),
    ]
    assert monday_only.total == 2.0


def test_an_open_session_counts_up_to_now(desk: Office) -> None:
    with desk.db.write() as s:
        attendance.clock_in(s, officer_id=desk.officer.id, now=wib(MON, 8))
    with desk.db.read() as s:
        hours = attendance.hours(
            s, officer_id=desk.officer.id, start=MON, end=MON, now=wib(MON, 12)
        )
        assert attendance.open_session(s, officer_id=desk.officer.id) is not None
        day_stats = stats.office_stats(
            s, office_code="31.74.08.1005", day=MON, today=MON, now=wib(MON, 12)
        )
    assert hours.on(MON) == 4.0
    assert [(h.name, h.hours) for h in day_stats.hours_by_officer] == [("Dewi Lestari", 4.0)]
    assert day_stats.to_json()["hours_by_officer"][0]["hours"] == 4.0


def test_a_correction_needs_a_lead_and_a_reason(desk: Office) -> None:
    # Dewi forgot to clock out on Monday; she clocked out on Tuesday morning instead.
    tue = MON + timedelta(days=1)
    wrong = shift(desk, desk.officer.id, wib(MON, 8), wib(tue, 8))
    fix = {
        "session_id": wrong.id,
        "started_at": wib(MON, 8),
        "ended_at": wib(MON, 16),
        "now": wib(tue, 9),
    }
    with nothing_written(desk.folder):
        with pytest.raises(PermissionDenied), desk.db.write() as s:
            attendance.correct_session(s, lead_id=desk.officer.id, reason="lupa absen", **fix)
        for reason in ("", "   ", "lupa"):
            with pytest.raises(ValidationError) as bad, desk.db.write() as s:
                attendance.correct_session(s, lead_id=desk.lead.id, reason=reason, **fix)
            assert bad.value.field == "reason"
        with pytest.raises(ValidationError) as bad, desk.db.write() as s:
            attendance.correct_session(
                s,
                lead_id=desk.lead.id,
                session_id=wrong.id,
                started_at=wib(MON, 16),
                ended_at=wib(MON, 8),
                reason="lupa absen pulang",
                now=wib(tue, 9),
            )
        assert bad.value.field == "ended_at"
    with desk.db.write() as s:
        fixed = attendance.correct_session(
            s,
            lead_id=desk.lead.id,
            reason="Lupa absen pulang Senin",
            **fix,
        )
    assert fixed.corrected and fixed.ended_at == wib(MON, 16)
    with desk.db.read() as s:
        hours = attendance.hours(s, officer_id=desk.officer.id, start=MON, end=tue, now=wib(tue, 9))
        event = s.scalar(select(Event).where(Event.kind == "shift.corrected"))
    assert (hours.on(MON), hours.on(tue)) == (8.0, 0.0)
    assert event is not None and event.actor == desk.lead.id
    payload = json.loads(event.payload)
    assert payload["reason"] == "Lupa absen pulang Senin"
    assert payload["before"]["ended_at"].startswith("2026-12-01T01:00:00")
    assert verify_database(database_path(desk.folder)).ok


def test_corrections_may_not_overlap_another_session(desk: Office) -> None:
    first = shift(desk, desk.officer.id, wib(MON, 8), wib(MON, 12))
    shift(desk, desk.officer.id, wib(MON, 13), wib(MON, 17))
    with pytest.raises(ValidationError, match="tumpang tindih"), desk.db.write() as s:
        attendance.correct_session(
            s,
            lead_id=desk.lead.id,
            session_id=first.id,
            started_at=wib(MON, 8),
            ended_at=wib(MON, 14),
            reason="jam pulang salah",
            now=wib(MON, 18),
        )


def test_verify_catches_an_edited_attendance_row(desk: Office) -> None:
    shift(desk, desk.officer.id, wib(MON, 8), wib(MON, 12))
    desk.db.dispose()
    conn = sqlite3.connect(database_path(desk.folder))
    conn.execute("UPDATE attendance_sessions SET ended_at = '2026-11-30 10:00:00.000000'")
    conn.commit()
    conn.close()
    problems = verify_database(database_path(desk.folder)).problems
    assert any("does not match its shift events" in p for p in problems)


def test_week_summary_against_the_required_hours(desk: Office) -> None:
    for offset in range(5):  # Dewi: five 8-hour days, whatever the hours
        day = MON + timedelta(days=offset)
        shift(desk, desk.officer.id, wib(day, 6 + offset), wib(day, 14 + offset))
    for offset in range(3):  # Bambang: three 8-hour days
        day = MON + timedelta(days=offset)
        shift(desk, desk.lead.id, wib(day, 8), wib(day, 16))
    sunday = MON + timedelta(days=6)
    with desk.db.read() as s:
        week = attendance.week_summary(s, week_of=MON + timedelta(days=3), now=wib(sunday, 20))
    assert (week.week_start, week.week_end, week.required_hours) == (MON, sunday, 37.5)
    rows = {o.name: o for o in week.officers}
    assert set(rows) == {"Dewi Lestari", "Bambang Wibowo", "Siti Aminah"}
    dewi, bambang = rows["Dewi Lestari"], rows["Bambang Wibowo"]
    assert (dewi.hours, dewi.short_by, dewi.enough) == (40.0, 0.0, True)
    assert (bambang.hours, bambang.short_by, bambang.enough) == (24.0, 13.5, False)
    assert [d.hours for d in bambang.by_day] == [8.0, 8.0, 8.0, 0.0, 0.0, 0.0, 0.0]
    assert rows["Siti Aminah"].short_by == 37.5

    with pytest.raises(PermissionDenied), desk.db.write() as s:
        office_settings.change_setting(
            s,
            actor_id=desk.officer.id,
            key=office_settings.REQUIRED_WEEKLY_HOURS,
            value="20",
            now=MORNING,
        )
    with pytest.raises(ValidationError), desk.db.write() as s:
        office_settings.change_setting(
            s,
            actor_id=desk.admin.id,
            key=office_settings.REQUIRED_WEEKLY_HOURS,
            value="-1",
            now=MORNING,
        )
    with desk.db.write() as s:
        office_settings.change_setting(
            s,
            actor_id=desk.admin.id,
            key=office_settings.REQUIRED_WEEKLY_HOURS,
            value="24",
            now=wib(sunday, 21),
        )
    with desk.db.read() as s:
        week = attendance.week_summary(s, week_of=MON, now=wib(sunday, 22))
    bambang = next(o for o in week.officers if o.name == "Bambang Wibowo")
    assert (week.required_hours, bambang.short_by, bambang.enough) == (24.0, 0.0, True)


def test_clock_from_the_cli(
    desk: Office, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DESK_APP_PIN", PIN)
    folder = str(desk.folder)
    assert main(["clock", "in", "--as", OFFICER_NIP, "--data-dir", folder]) == 0
    assert "Dewi Lestari absen masuk 25/11/2026 09:00" in capsys.readouterr().out
    assert main(["clock", "in", "--as", OFFICER_NIP, "--data-dir", folder]) == 1
    assert "sudah absen masuk" in capsys.readouterr().err
    assert main(["clock", "week", "--data-dir", folder, "--json"]) == 0
    week = json.loads(capsys.readouterr().out)
    dewi = next(o for o in week["officers"] if o["nip"] == OFFICER_NIP)
    assert dewi["clocked_in"] is True and week["required_hours"] == 37.5
    # --now acts at another moment (Jakarta time): eight hours later.
    out = ["clock", "out", "--as", OFFICER_NIP, "--now", "2026-11-25T17:00", "--data-dir", folder]
    assert main(out) == 0
    assert "absen pulang 25/11/2026 17:00" in capsys.readouterr().out
    assert main(["clock", "week", "--data-dir", folder, "--json"]) == 0
    dewi = next(
        o for o in json.loads(capsys.readouterr().out)["officers"] if o["nip"] == OFFICER_NIP
    )
    assert dewi["hours"] == 8.0 and dewi["clocked_in"] is False
    assert main(["clock", "week", "--now", "2026-11-25 25:00", "--data-dir", folder]) == 1
    assert capsys.readouterr().err.startswith("desk-app: --now: ")
    monkeypatch.setenv("DESK_APP_PIN", "000000")
    assert main(["clock", "in", "--as", OFFICER_NIP, "--data-dir", folder]) == 1
    assert "PIN salah" in capsys.readouterr().err


def test_the_weeks_pace_spreads_its_hours_over_its_working_days() -> None:
    # Monday 30 Nov 2026: a plain week of five working days.
    assert attendance.week_pace(MON, 37.5, today=MON) == (0.0, False)
    assert attendance.week_pace(MON, 37.5, today=MON + timedelta(days=1)) == (7.5, False)
    assert attendance.week_pace(MON, 37.5, today=MON + timedelta(days=5)) == (37.5, False)
    assert attendance.week_pace(MON, 37.5, today=MON + timedelta(days=7)) == (37.5, True)
    # Christmas week: Thursday 24 Dec is cuti bersama and Friday 25 Dec a holiday, so the
    # week's hours spread over three days and Wednesday evening is the whole week.
    christmas = date(2026, 12, 21)
    assert attendance.week_pace(christmas, 37.5, today=christmas + timedelta(days=1)) == (
        12.5,
        False,
    )
    assert attendance.week_pace(christmas, 37.5, today=christmas + timedelta(days=3)) == (
        37.5,
        False,
    )


def test_only_a_finished_week_makes_a_shortfall_final(desk: Office) -> None:
    shift(desk, desk.officer.id, wib(MON, 8), wib(MON, 12))  # 4 hours on Monday
    tuesday_afternoon = wib(MON + timedelta(days=1), 15)
    with desk.db.read() as s:
        week = attendance.week_summary(s, week_of=MON, now=tuesday_afternoon)
    dewi = next(o for o in week.officers if o.officer_id == desk.officer.id)
    assert (dewi.expected_so_far, dewi.behind_by, dewi.short_for_good) == (7.5, 3.5, False)
    next_monday = wib(MON + timedelta(days=7), 9)
    with desk.db.read() as s:
        week = attendance.week_summary(s, week_of=MON, now=next_monday)
    dewi = next(o for o in week.officers if o.officer_id == desk.officer.id)
    assert (dewi.short_by, dewi.short_for_good) == (33.5, True)
