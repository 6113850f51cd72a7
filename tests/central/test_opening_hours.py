"""Opening hours: demand by weekday x hour, the window covering a share of it, Saturday,
wasted hours, the shift plan that staffs the window, and the API and command over rollups."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from central import offices
from central.analytics import opening_hours as oh
from central.analytics import shifts, staffing
from central.analytics.cells import COUNTS, HourCell
from central.api.pages import ADMIN_TOKEN_VARIABLE
from central.cli import main as central_main
from central.store.engine import Store
from central.store.models import HourRollup
from desk_app.eventlog import kinds, wire
from tests.central.conftest import OFFICE, City

MONDAY = date(2026, 10, 5)  # the first of four whole weeks: 5 Oct - 1 Nov 2026
WEEKS = 4
LAST = MONDAY + timedelta(days=7 * WEEKS - 1)


def _days(weeks: int = WEEKS) -> list[date]:
    return [MONDAY + timedelta(days=i) for i in range(7 * weeks)]


def _cell(day: date, hour: int, arrivals: int, officers: float = 0.0, **more: Any) -> HourCell:
    return HourCell(
        OFFICE,
        day,
        hour,
        arrivals=arrivals,
        handle_count=arrivals,
        handle_seconds=600.0 * arrivals,  # ten minutes each
        officer_seconds=3600.0 * officers,
        **more,
    )


def _weekday_office(per_hour: int = 10) -> list[HourCell]:
    """Citizens only 08-14 Monday-Friday; two officers on duty 07-16; nobody on Saturday."""
    return [
        _cell(day, hour, per_hour if 8 <= hour < 14 else 0, officers=2.0)
        for day in _days()
        if day.weekday() < 5
        for hour in range(7, 16)
    ]


def _window(plan: oh.OpeningPlan, weekday: int) -> tuple[str | None, str | None]:
    day = plan.days[weekday]
    return (
        None if day.start is None else shifts.clock_text(day.start),
        None if day.end is None else shifts.clock_text(day.end),
    )


def _check_shift_plan(plan: shifts.ShiftPlan, weekly: float = oh.DEFAULT_WEEKLY_HOURS) -> None:
    """Every needed half hour covered; one shift a day; each officer's week within tolerance."""
    assert plan.needed, "a plan that checks nothing"
    assert plan.uncovered() == []
    for (weekday, slot), need in plan.needed.items():  # restated without the plan's helper
        on_counter = sum(
            1
            for officer in plan.officers
            if (shift := officer.shifts.get(weekday)) is not None
            and shift.counter_start is not None
            and shift.counter_end is not None
            and shift.counter_start <= slot < shift.counter_end
        )
        assert on_counter >= need, (weekday, slot)
    for officer in plan.officers:
        assert abs(officer.hours - weekly) <= shifts.HOURS_TOLERANCE
        for weekday, shift in officer.shifts.items():
            assert shift.weekday == weekday and 0 <= shift.start < shift.end <= shifts.SLOTS
            assert shift.hours <= shifts.MAX_SHIFT_HOURS
            if shift.counter_start is not None and shift.counter_end is not None:
                assert shift.start <= shift.counter_start < shift.counter_end <= shift.end
    assert plan.lower_bound <= len(plan.officers)


# --- the window ---------------------------------------------------------------------------


def test_demand_only_on_weekday_mornings_gives_08_to_14_and_a_closed_saturday() -> None:
    plan = oh.recommend(_weekday_office(), first=MONDAY, last=LAST)
    for weekday in range(5):
        assert _window(plan, weekday) == ("08:00", "14:00")
        assert plan.days[weekday].open and plan.days[weekday].covered_share == 1.0
        assert plan.days[weekday].share_of_week == pytest.approx(0.2)
        assert plan.days[weekday].open_now == (7, 16)  # attendance shows 07-16 now
    saturday = plan.saturday
    assert not saturday.open and saturday.share_of_week == 0.0
    assert "nobody came" in saturday.reason
    assert not plan.days[6].open
    assert plan.covered_share == 1.0
    assert plan.grid.days == [WEEKS] * 7
    assert plan.grid.arrivals[0][8] == 10.0 and plan.grid.arrivals[0][7] == 0.0
    # Open now but empty: 07-08 and 14-16 each weekday, all outside the recommended window.
    wasted = {(w.weekday, w.hour) for w in plan.wasted}
    assert wasted == {(d, h) for d in range(5) for h in (7, 14, 15)}
    assert not any(w.in_recommended_window for w in plan.wasted)
    _check_shift_plan(plan.shifts)
    data = plan.to_json()
    assert data["saturday"] == {"open": False, "share_of_week": 0.0, "reason": saturday.reason}
    assert data["windows"][0]["start"] == "08:00" and data["windows"][0]["hours"] == 6.0
    assert json.loads(json.dumps(data)) == data


# On one Monday: 2 citizens at 07, 30 an hour 08-14, 8 at 14 and 10 at 15: 200 in all. In
# half hours: 1 1 | 15 x 12 | 4 4 5 5. 95 % is 190: the twelve core half hours hold 180,
# thirteen at most 184, fourteen at most 188 (core + 14:00-15:00), fifteen reach 193 with
# 14:00-15:30 (07:30 + core + 14:00-15:00 only 189): the window is 08:00-15:30, 96.5 %.
# At 90 % (180) the core alone is enough; at 100 % it is 07:00-16:00.
WORKED = {7: 2, **dict.fromkeys(range(8, 14), 30), 14: 8, 15: 10}


@pytest.mark.parametrize(
    ("share", "window", "covered"),
    [
        (0.95, ("08:00", "15:30"), 0.965),
        (0.90, ("08:00", "14:00"), 0.90),
        (1.0, ("07:00", "16:00"), 1.0),
    ],
)
def test_the_share_cut_on_a_worked_example(
    share: float, window: tuple[str, str], covered: float
) -> None:
    cells = [_cell(MONDAY, hour, count) for hour, count in WORKED.items()]
    plan = oh.recommend(cells, share=share, first=MONDAY, last=MONDAY + timedelta(days=6))
    assert plan.grid.week_total == 200
    assert _window(plan, 0) == window
    assert plan.days[0].covered_share == pytest.approx(covered)
    assert all(not plan.days[d].open for d in range(1, 7))
    assert plan.covered_share >= share - 1e-12


def test_a_tiny_share_still_opens_the_busiest_half_hour() -> None:
    cells = [_cell(MONDAY, hour, count) for hour, count in WORKED.items()]
    plan = oh.recommend(cells, share=1e-12, first=MONDAY, last=MONDAY + timedelta(days=6))
    assert _window(plan, 0) == ("08:00", "08:30")


def test_the_shortest_window_prefers_more_demand_then_the_earlier_start() -> None:
    assert oh.shortest_window([1, 3, 1, 3], 4) == (0, 2)  # 1+3 and 3+1 tie at 4... earliest
    assert oh.shortest_window([1, 3, 2, 0], 4) == (1, 3)  # 3+2 = 5 beats 1+3 = 4
    assert oh.shortest_window([0, 0], 0) is None
    assert oh.shortest_window([1, 1], 3) is None


@pytest.mark.parametrize(("saturday", "opens"), [(10, False), (20, True)])
def test_saturday_opens_only_when_its_share_is_worth_it(saturday: int, opens: bool) -> None:
    """100 citizens each weekday 08-13; Saturday 10 (1.96 % of the week) or 20 (3.8 %)."""
    cells = [_cell(day, hour, 20) for day in _days() if day.weekday() < 5 for hour in range(8, 13)]
    cells += [_cell(day, 9, saturday) for day in _days() if day.weekday() == 5]
    plan = oh.recommend(cells)
    week = 500 + saturday
    assert plan.saturday.open is opens
    assert plan.saturday.share_of_week == pytest.approx(saturday / week)
    assert f"{saturday / week:.1%}" in plan.saturday.reason
    assert plan.covered_share >= 0.95 - 1e-12
    if opens:
        assert _window(plan, 5) == ("09:00", "10:00")
    else:  # the weekdays make up for the closed Saturday: 95 % x 510 / 500 of each
        assert all(d.covered_share >= 0.95 * 510 / 500 - 1e-12 for d in plan.days[:5])


def test_means_count_every_calendar_day_and_the_high_percentile_is_nearest_rank() -> None:
    # Ten Mondays; at 09 1, 2, ..., 9 citizens on nine of them and none on the tenth.
    mondays = [MONDAY + timedelta(weeks=i) for i in range(10)]
    cells = [_cell(day, 9, i + 1) for i, day in enumerate(mondays[:9])]
    found = oh.grid(cells, first=MONDAY, last=mondays[-1] + timedelta(days=6))
    assert found.days[0] == 10 and found.days[1] == 10
    assert found.arrivals[0][9] == pytest.approx(45 / 10)
    assert found.high[0][9] == 8.0  # nearest rank: the 9th of 0,1,...,9
    assert oh.percentile([1, 2, 3, 4], 0.5) == 2 and oh.percentile([], 0.9) == 0.0
    assert oh.days_by_weekday(date(2026, 10, 1), date(2026, 10, 1)) == [0, 0, 0, 1, 0, 0, 0]
    assert sum(oh.days_by_weekday(date(2026, 1, 1), date(2026, 12, 31))) == 365


def test_an_open_hour_needs_attendance_on_half_the_days() -> None:
    cells = [_cell(day, 8, 5, officers=1.0) for day in _days() if day.weekday() == 0]
    cells += [_cell(day, 17, 0, officers=1.0) for day in _days()[:7] if day.weekday() == 0]
    plan = oh.recommend(cells)
    assert plan.grid.is_open(0, 8) and not plan.grid.is_open(0, 17)  # 17: one Monday of four
    assert plan.wasted == []


def test_officers_finishing_the_queue_are_busy_and_a_nearly_idle_office_lists_no_hour() -> None:
    cells = _weekday_office()
    # At 16 nobody arrives, but two officers spend 50 of their 60 minutes on the last visits.
    cells += [
        HourCell(OFFICE, day, 16, handle_count=5, handle_seconds=3000.0, officer_seconds=3600.0)
        for day in _days()
        if day.weekday() < 5
    ]
    plan = oh.recommend(cells, first=MONDAY, last=LAST)
    assert plan.grid.is_open(0, 16) and plan.grid.idle[0][16] == pytest.approx(1 / 6)
    assert {w.hour for w in plan.wasted} == {7, 14, 15}
    # One citizen every other hour: the whole office is idle, a question for the under-used
    # answer; listing each of its hours would say nothing more.
    quiet = [_cell(day, h, h % 2, officers=1.0) for day in _days() for h in range(8, 16)]
    answer = oh.recommend(quiet, first=MONDAY, last=LAST)
    assert answer.office_nearly_idle and answer.wasted == []
    assert answer.to_json()["wasted_hours"]["office_nearly_idle"] is True
    assert not plan.office_nearly_idle


# --- the shift plan -----------------------------------------------------------------------


def test_the_default_need_is_erlang_c_at_the_measured_rate_and_handling_time() -> None:
    plan = oh.recommend(_weekday_office(per_hour=10))
    load = staffing.Load(10.0, 10.0)
    expected = staffing.officers_needed(load, staffing.Target(900, 0.8)).officers
    assert expected == 3
    assert plan.shifts.needed[(0, 16)] == expected  # 08:00 on Monday
    assert set(plan.shifts.needed.values()) == {expected}
    assert plan.grid.handle_minutes == 10.0 and plan.grid.handle_measured
    # 5 days x 6 h x 3 officers = 90 counter hours: three officers of 37.5 h cover it.
    assert plan.shifts.lower_bound == 3 and len(plan.shifts.officers) == 3
    for officer in plan.shifts.officers:
        assert officer.counter_hours == 30.0 and officer.hours == 37.5
    assert "erlang-c" in plan.shifts.need_source


def test_a_given_need_is_staffed_with_peaks_and_a_long_day_split() -> None:
    """One officer 07:00-18:00 (11 h, longer than a shift), three at 10-12, two on Saturday."""
    cells = [_cell(day, h, 5) for day in _days() for h in range(7, 18) if day.weekday() < 5]
    cells += [_cell(day, h, 5) for day in _days() for h in range(8, 12) if day.weekday() == 5]
    needed = {(d, h): 3 if 10 <= h < 12 else 1 for d in range(5) for h in range(7, 18)}
    needed |= {(5, h): 2 for h in range(8, 12)}
    plan = oh.recommend(cells, share=1.0, needed=needed)
    assert [_window(plan, d) for d in range(6)] == [("07:00", "18:00")] * 5 + [("08:00", "12:00")]
    assert plan.shifts.need_source == "given"
    _check_shift_plan(plan.shifts)
    assert plan.shifts.on_counter(0, 2 * 10) >= 3 and plan.shifts.on_counter(5, 2 * 8) >= 2


@settings(max_examples=60, deadline=None)
@given(
    needs=st.dictionaries(
        st.tuples(st.integers(0, 5), st.integers(12, 40)), st.integers(0, 6), max_size=120
    ),
    weekly=st.sampled_from([37.5, 40.0, 30.0, 20.25, 4.0]),
)
def test_any_need_is_covered_within_the_weekly_hours(
    needs: dict[tuple[int, int], int], weekly: float
) -> None:
    needs = {k: v for k, v in needs.items() if v > 0}
    plan = shifts.plan_shifts(needs, weekly_hours=weekly)
    if needs:
        _check_shift_plan(plan, weekly)
    else:
        assert plan.officers == []


def test_refusals_name_their_parameter() -> None:
    cells = _weekday_office()
    with pytest.raises(shifts.PlanError, match=r"^share:"):
        oh.recommend(cells, share=1.5)
    with pytest.raises(shifts.PlanError, match=r"^weekly_hours:"):
        oh.recommend(cells, weekly_hours=0)
    with pytest.raises(shifts.PlanError, match=r"^weekly_hours:"):
        oh.recommend(cells, weekly_hours=80)
    with pytest.raises(shifts.PlanError, match=r"^from:"):
        oh.recommend([])
    with pytest.raises(shifts.PlanError, match=r"^from:"):
        oh.recommend(cells, first=LAST, last=MONDAY)


# --- the API and the command, over the rollups -------------------------------------------

NOW = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)  # Monday 2 Nov, 10:00 in Jakarta


def fill_rollups(store: Store, cells: Iterable[HourCell]) -> None:
    """Write cells into the rollups' table as the refresh would."""
    with store.transaction() as session:
        for cell in cells:
            session.add(
                HourRollup(
                    office_code=cell.office_code,
                    day=cell.day,
                    hour=cell.hour,
                    **{name: getattr(cell, name) for name in COUNTS},
                )
            )


def test_the_api_answers_from_the_rollups(city: City) -> None:
    city.clock.set(NOW)
    city.enrolment_code(OFFICE)  # registers the office
    fill_rollups(city.store, _weekday_office())
    answer = requests.get(
        f"{city.url}/v1/analytics/opening-hours", params={"office": OFFICE}, timeout=30
    )
    assert answer.status_code == 200, answer.text
    data = answer.json()
    # No window given: 13 weeks up to yesterday, narrowed to the four weeks with data.
    assert (data["from"], data["to"]) == (
        MONDAY.isoformat(),
        (LAST - timedelta(days=2)).isoformat(),
    )
    assert data["office"] == OFFICE
    assert [(w["start"], w["end"]) for w in data["windows"][:5]] == [("08:00", "14:00")] * 5
    assert data["saturday"]["open"] is False
    assert data["shift_plan"]["uncovered"] == []
    given_window = requests.get(
        f"{city.url}/v1/analytics/opening-hours",
        params={"office": OFFICE, "from": MONDAY.isoformat(), "to": LAST.isoformat(), "share": 0.9},
        timeout=30,
    ).json()
    assert given_window["days_observed"]["sunday"] == WEEKS and given_window["share"] == 0.9
    widest = requests.get(
        f"{city.url}/v1/analytics/opening-hours",
        params={"office": OFFICE, "from": "0001-01-01", "to": "9999-12-31"},
        timeout=30,
    )
    assert widest.status_code == 200, widest.text  # zeros counted, never built as a list
    assert widest.json()["days_observed"]["monday"] == 521_723


@pytest.mark.parametrize(
    ("params", "status", "names"),
    [
        ({"office": OFFICE, "share": "2"}, 422, "share"),
        ({"office": OFFICE, "share": "lots"}, 422, "share"),
        ({"office": OFFICE, "from": "2026-13-01"}, 422, "from"),
        ({"office": OFFICE, "from": "2026-11-01", "to": "2026-10-01"}, 422, "from"),
        ({}, 422, "office"),
        ({"office": "31.71.01.1001"}, 404, "office"),
    ],
)
def test_a_bad_query_is_one_problem_naming_the_parameter(
    city: City, params: dict[str, str], status: int, names: str
) -> None:
    city.clock.set(NOW)
    city.enrolment_code(OFFICE)
    answer = requests.get(f"{city.url}/v1/analytics/opening-hours", params=params, timeout=30)
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    problem = answer.json()
    assert problem["status"] == status and names in problem["detail"]


def test_only_the_administrator_sees_it(city: City, monkeypatch: pytest.MonkeyPatch) -> None:
    city.clock.set(NOW)
    city.enrolment_code(OFFICE)
    fill_rollups(city.store, _weekday_office())
    monkeypatch.setenv(ADMIN_TOKEN_VARIABLE, "s3cret")
    url = f"{city.url}/v1/analytics/opening-hours"
    refused = requests.get(url, params={"office": OFFICE}, timeout=30)
    assert refused.status_code == 403
    allowed = requests.get(
        url, params={"office": OFFICE}, headers={"Authorization": "Bearer s3cret"}, timeout=30
    )
    assert allowed.status_code == 200, allowed.text


def _intake_chain(device: str, moments: list[datetime]) -> list[dict[str, Any]]:
    """task.received events at the given moments, as a valid hash chain of `device`."""
    prev, out = wire.GENESIS_HASH, []
    for seq, at in enumerate(sorted(moments), start=1):
        payload = {
            "tracking_no": f"{OFFICE}-{seq:05d}",
            "service_code": "KTP",
            "due_date": (at + timedelta(days=10)).date().isoformat(),
            "handling_seconds": 600,
        }
        event = wire.WireEvent(
            uuid=str(uuid.uuid4()),
            device_id=device,
            seq=seq,
            kind=kinds.TASK_RECEIVED,
            actor="officer-1",
            task_id=str(uuid.uuid4()),
            occurred_at=wire.utc_iso(at),
            monotonic_ns=seq,
            payload=payload,
            prev_hash=prev,
            hash="",
        )
        event["hash"] = prev = wire.chain_hash(prev, wire.hashed_body(event))
        out.append(dict(event))
    return out


def test_pushed_intakes_reach_the_opening_hours_through_the_rollups(city: City) -> None:
    """Intakes pushed by a desk (09:xx and 10:xx Jakarta, weekdays) show up as demand."""
    city.clock.set(NOW)
    device = "e" * 36
    enrolled = requests.post(
        f"{city.url}/v1/enroll",
        json={
            "office_code": OFFICE,
            "code": city.enrolment_code(OFFICE),
            "device_id": device,
            "device_no": 1,
        },
        timeout=30,
    )
    assert enrolled.status_code == 200, enrolled.text
    moments = [
        datetime(day.year, day.month, day.day, hour - 7, minute, tzinfo=UTC)
        for day in _days(2)
        if day.weekday() < 5
        for hour in (9, 10)
        for minute in (5, 25, 45)
    ]
    pushed = requests.post(
        f"{city.url}/v1/offices/{OFFICE}/push",
        json={
            "protocol": wire.PROTOCOL_VERSION,
            "device_id": device,
            "events": _intake_chain(device, moments),
        },
        headers={"Authorization": f"Bearer {enrolled.json()['token']}"},
        timeout=60,
    )
    assert pushed.status_code == 200, pushed.text
    first, last = MONDAY, MONDAY + timedelta(days=13)
    data = requests.get(
        f"{city.url}/v1/analytics/opening-hours",
        params={"office": OFFICE, "from": first.isoformat(), "to": last.isoformat()},
        timeout=30,
    ).json()
    monday = {row["hour"]: row["mean"] for row in data["demand"]["by_weekday"]["monday"]}
    assert monday == {9: 3.0, 10: 3.0}
    assert [(w["start"], w["end"]) for w in data["windows"][:5]] == [("09:00", "11:00")] * 5
    assert data["handle_minutes"] == 10.0 and data["handle_minutes_measured"] is True


def test_the_command_prints_the_window_or_json(
    store_url: str, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    fill_rollups(store, _weekday_office())
    with store.transaction() as session:
        offices.register_office(session, office_code=OFFICE, now=NOW)
    args = ["--database-url", store_url, "--now", "2026-11-02T10:00"]
    assert central_main(["opening-hours", "--office", OFFICE, *args]) == 0
    out = capsys.readouterr().out
    assert "monday     08:00-14:00" in out and "saturday: closed" in out
    assert (
        central_main(["opening-hours", "--office", OFFICE, "--share", "0.9", "--json", *args]) == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["share"] == 0.9 and data["windows"][0]["start"] == "08:00"
    assert central_main(["opening-hours", "--office", OFFICE, "--share", "1.5", *args]) == 1
    err = capsys.readouterr().err
    assert err.startswith("desk-central: ") and "--share" in err and err.count("\n") == 1
    assert central_main(["opening-hours", "--office", "31.71.01.1001", *args]) == 1
    err = capsys.readouterr().err
    assert "31.71.01.1001" in err and err.count("\n") == 1
