"""Closing today as a lead meets it: when it may close, the lead's own shift, the refusals."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from desk_app.cli import main
from desk_app.closing import dayclose, work
from desk_app.common.clock import NOW_VARIABLE
from desk_app.common.errors import SealedDayError, ValidationError
from desk_app.counter import tasks
from desk_app.db.models import Event
from desk_app.eventlog import events
from desk_app.office import attendance
from tests.conftest import LEAD_NIP, PIN, Office
from tests.core.day_fixture import DAY, Day, build_day
from tests.core.test_dayclose import settle
from tests.days import intake, wib
from tests.helpers import nothing_written

CLOSE_AT = wib(DAY, 17, 30)


@pytest.fixture
def day(desk: Office) -> Day:
    """The fixture day of day_fixture.py (Friday 27 November 2026), settled."""
    built = build_day(desk)
    settle(desk, built)
    return built


def test_the_day_status_says_from_when_a_day_may_be_closed(desk: Office, day: Day) -> None:
    with desk.db.read() as s:
        early = work.day_status(s, day=DAY, now=wib(DAY, 15, 59))
        on_time = work.day_status(s, day=DAY, now=wib(DAY, 16))
        next_morning = work.day_status(s, day=DAY, now=wib(DAY + timedelta(days=1), 7))
        tomorrow = work.day_status(s, day=DAY + timedelta(days=1), now=wib(DAY, 18))
    assert early.closable_from == wib(DAY, 16) and early.today
    assert on_time.closable_from is None and on_time.today
    assert next_morning.closable_from is None and not next_morning.today
    assert tomorrow.closable_from == wib(DAY + timedelta(days=1), 16)
    # The close itself keeps the same rule.
    with pytest.raises(ValidationError, match="16:00"), desk.db.write() as s:
        dayclose.close_day(s, lead_id=desk.lead.id, day=DAY, now=wib(DAY, 15, 59))


def test_a_lead_closing_today_is_clocked_out_by_the_close(desk: Office, day: Day) -> None:
    with desk.db.write() as s:  # Bambang comes back after his 17:15 clock-out
        attendance.clock_in(s, officer_id=desk.lead.id, now=wib(DAY, 17, 20))
    with desk.db.read() as s:
        checks = dayclose.preconditions(s, day=DAY, now=CLOSE_AT, lead_id=desk.lead.id)
        anyone = dayclose.preconditions(s, day=DAY, now=CLOSE_AT)
    assert checks.ready  # his own clock-in is not an item he must acknowledge
    assert [i.ref for i in anyone.clocked_in] == [desk.lead.id]  # closed by someone else: it is
    with desk.db.write() as s:
        done = dayclose.close_day(s, lead_id=desk.lead.id, day=DAY, now=CLOSE_AT)
    assert done.acknowledged == ()
    bambang = next(o for o in done.summary.officers if o.name == "Bambang Wibowo")
    assert bambang.hours == 8.92  # 8.75 h plus 17:20-17:30
    with desk.db.read() as s:
        assert attendance.open_session(s, officer_id=desk.lead.id) is None
        last = s.scalars(select(Event).order_by(Event.seq.desc()).limit(2)).all()
    assert [(e.kind, e.actor) for e in last] == [
        ("day.closed", desk.lead.id),
        ("shift.clocked_out", desk.lead.id),
    ]
    assert last[1].occurred_at == CLOSE_AT


def test_colleagues_still_clocked_in_need_acknowledging(desk: Office, day: Day) -> None:
    with desk.db.write() as s:
        attendance.clock_in(s, officer_id=desk.lead.id, now=wib(DAY, 17, 20))
        attendance.clock_in(s, officer_id=desk.officer.id, now=wib(DAY, 17))
    with pytest.raises(dayclose.DayCloseBlocked) as blocked, desk.db.write() as s:
        dayclose.close_day(s, lead_id=desk.lead.id, day=DAY, now=CLOSE_AT)
    assert [i.ref for i in blocked.value.preconditions.items] == [desk.officer.id]
    with desk.db.read() as s:  # the refusal rolled the lead's clock-out back too
        assert attendance.open_session(s, officer_id=desk.lead.id) is not None
    # The wizard's path: only what the lead saw may stay open.
    seen = frozenset({(dayclose.CLOCKED_IN, desk.officer.id)})
    outcome = work.seal_day(
        desk.db,
        desk.folder,
        lead_id=desk.lead.id,
        day=DAY,
        now=CLOSE_AT,
        reason="Dewi lembur menyusun arsip",
        acknowledged=seen,
    )
    assert [i.ref for i in outcome.close.acknowledged] == [desk.officer.id]
    with desk.db.read() as s:
        assert attendance.open_session(s, officer_id=desk.lead.id) is None
        assert attendance.open_session(s, officer_id=desk.officer.id) is not None


def test_a_lead_closing_a_past_day_still_sees_his_forgotten_shift(desk: Office, day: Day) -> None:
    with desk.db.write() as s:
        attendance.clock_in(s, officer_id=desk.lead.id, now=wib(DAY, 17, 20))
    next_morning = wib(DAY + timedelta(days=1), 8)
    with desk.db.read() as s:
        checks = dayclose.preconditions(s, day=DAY, now=next_morning, lead_id=desk.lead.id)
        loaded = work.load_checks(s, day=DAY, now=next_morning, lead_id=desk.lead.id)
    # Not closing today: when he left is a question, not "now".
    assert [i.ref for i in checks.clocked_in] == [desk.lead.id]
    assert loaded.own_shift is None


def test_a_save_on_a_sealed_day_names_who_closed_it_and_what_to_do(desk: Office, day: Day) -> None:
    with desk.db.write() as s:
        dayclose.close_day(s, lead_id=desk.lead.id, day=DAY, now=wib(DAY, 16, 5))
        t3 = tasks.get_task(s, tracking_no=day.t3).id
    with nothing_written(desk.folder):
        with pytest.raises(SealedDayError) as step, desk.db.write() as s:
            tasks.add_note(s, actor_id=desk.officer.id, task_id=t3, text="x", now=wib(DAY, 16, 30))
        with pytest.raises(SealedDayError) as taken:
            intake(desk.db, desk.officer.id, "KEC-NON-03", wib(DAY, 16, 40), 60)
    for refused in (step.value, taken.value):
        text = refused.text("id")
        assert text.startswith("Hari 27-11-2026 sudah ditutup oleh Bambang Wibowo pukul 16:05;")
        assert "besok" in text and "hubungi Bambang Wibowo" in text
        assert "coba" not in text
    assert step.value.text("en").startswith(
        "Day 27-11-2026 was closed by Bambang Wibowo at 16:05; nothing more can be recorded"
    )
    with desk.db.read() as s:
        notice = events.sealed_refusal(s, DAY)
        assert events.sealed_refusal(s, DAY + timedelta(days=1)) is None
    assert notice is not None and notice.text("id") == step.value.text("id")


def _close_today(*extra: str, folder: str) -> int:
    return main(
        ["close-day", "--date", DAY.isoformat(), "--as", LEAD_NIP, *extra, "--data-dir", folder]
    )


class _Terminal(io.StringIO):
    """Standard input as a terminal, holding what the lead types."""

    def isatty(self) -> bool:
        return True


def test_the_cli_warns_before_closing_today(
    desk: Office,
    day: Day,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DESK_APP_PIN", PIN)
    monkeypatch.setenv(NOW_VARIABLE, wib(DAY, 18).isoformat())  # the evening of the day
    folder = str(desk.folder)
    with desk.db.write() as s:  # Dewi stays on: an item the lead must settle or acknowledge
        attendance.clock_in(s, officer_id=desk.officer.id, now=wib(DAY, 17))

    # In a terminal the lead is asked; anything but yes leaves the day open.
    monkeypatch.setattr("sys.stdin", _Terminal("n\n"))
    with nothing_written(desk.folder):
        assert _close_today(folder=folder) == 1
    err = capsys.readouterr().err
    assert "Tutup hari ini sekarang?" in err
    assert "tidak ada yang dapat menerima berkas, mencatat langkah berkas" in err
    assert "--confirm" in err

    # A refusal for what is still open repeats what closing today stops.
    assert _close_today("--confirm", folder=folder) == 1
    err = capsys.readouterr().err
    assert "1 petugas masih absen masuk" in err and "--acknowledge" in err
    assert "Menutup hari ini (27-11-2026) mengakhiri pencatatan" in err

    # Said yes in the terminal: sealed.
    monkeypatch.setattr("sys.stdin", _Terminal("ya\n"))
    code = _close_today(
        "--acknowledge", "--reason", "Dewi lembur menyusun arsip", "--json", folder=folder
    )
    assert code == 0, capsys.readouterr().err
    out, err = capsys.readouterr()
    assert json.loads(out)["day"] == DAY.isoformat()
    assert "mengakhiri pencatatan hari ini" in err
    with desk.db.read() as s:
        assert dayclose.is_sealed(s, day=DAY)
