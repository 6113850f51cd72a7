"""Ideal staff: on offices whose arrival rate and handling time are known, the Erlang
figures; planted under- and over-staffing found; the simulation's word; API and command."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
import requests

from central.analytics import ideal_staff, staffing
from central.analytics.cells import HourCell
from central.cli import main as central_main
from central.store.engine import Store
from tests.central.conftest import City
from tests.central.rollup_office import DEVICES, FIRST_DAY, enrol, push_chain, synthetic_office

OFFICE = "31.74.08.1005"
MONDAY = date(2026, 11, 2)
RATE = 20  # arrivals an hour, every weekday hour 08-15
HANDLE = 600.0  # seconds, mean
SPREAD = 300.0  # seconds, standard deviation
UNDER_HOUR, OVER_HOUR = 9, 14


def constructed(
    *, office: str = OFFICE, needed: int, tickets: bool = False, weeks: int = 4
) -> list[HourCell]:
    """Weekdays of `weeks` weeks: RATE arrivals an hour, HANDLE +- SPREAD; `needed` officers
    present, two fewer at UNDER_HOUR and two more at OVER_HOUR."""
    out = []
    for n in range(7 * weeks):
        day = MONDAY + timedelta(days=n)
        if day.weekday() >= 5:
            continue
        for hour in range(8, 16):
            present = (
                needed - 2 if hour == UNDER_HOUR else needed + 2 if hour == OVER_HOUR else needed
            )
            out.append(
                HourCell(
                    office_code=office,
                    day=day,
                    hour=hour,
                    arrivals=RATE,
                    tickets=RATE if tickets else 0,
                    abandoned=2 if tickets else 0,
                    wait_count=RATE if tickets else 0,
                    wait_seconds=RATE * 240.0 if tickets else 0.0,
                    handle_count=RATE,
                    handle_seconds=RATE * HANDLE,
                    handle_seconds_sq=RATE * (HANDLE**2) + (RATE - 1) * SPREAD**2,
                    officer_seconds=present * 3600.0,
                )
            )
        # a Saturday with nobody: not a day observed, so it lowers no average
    return out


def test_a_known_office_gets_the_erlang_c_answer_and_the_planted_gaps() -> None:
    model = staffing.officers_needed(staffing.Load(RATE, HANDLE / 60.0), ideal_staff.DEFAULT_TARGET)
    cells = constructed(needed=model.officers)
    found = ideal_staff.plan(cells, simulate=False).office(OFFICE)
    assert found is not None
    assert len(found.slots) == 5 * 8 and found.patience_minutes is None
    for slot in found.slots:
        assert slot.days_observed == 4 and slot.arrivals_per_hour == RATE
        assert slot.handle_mean_seconds == pytest.approx(HANDLE)
        # each day's visits spread by SPREAD about the same mean: pooled, (n-days)/(n-1) of it
        assert slot.handle_sd_seconds == pytest.approx(
            SPREAD * ((4 * RATE - 4) / (4 * RATE - 1)) ** 0.5
        )
        assert slot.model == "erlang-c" and slot.figures == model
        assert slot.needed == model.officers
        expected = {UNDER_HOUR: ("under", -2.0), OVER_HOUR: ("over", 2.0)}.get(
            slot.hour, ("ok", 0.0)
        )
        assert (slot.status, slot.gap) == pytest.approx(expected)
    summary = found.summary
    assert (summary.hours_under, summary.hours_over) == (5, 5)
    assert summary.officer_hours_missing_per_week == summary.officer_hours_wasted_per_week == 10.0
    assert summary.officer_hours_missing == 4 * 10.0  # four weeks observed
    assert found.agreement == ["not checked by simulation"]


def test_measured_abandonment_gives_erlang_a_with_the_estimated_patience() -> None:
    # theta = abandoned / seconds waited = 2 / (20 x 240 s): patience 2,400 s = 40 minutes.
    load = staffing.Load(RATE, HANDLE / 60.0, patience_minutes=40.0)
    model = staffing.officers_needed(load, ideal_staff.DEFAULT_TARGET)
    found = ideal_staff.plan(constructed(needed=model.officers, tickets=True), simulate=False)
    office = found.office(OFFICE)
    assert office is not None and office.patience_minutes == pytest.approx(40.0)
    slot = office.slots[0]
    assert slot.model == "erlang-a" and slot.tickets == 4 * RATE and slot.abandoned == 8
    assert slot.figures is not None and slot.figures.officers == model.officers
    assert slot.figures.service_level == pytest.approx(model.service_level)
    assert "maximum likelihood" in found.to_json()["patience_estimator"]


def test_a_stricter_target_needs_more_officers_and_an_idle_hour_is_over_staffed() -> None:
    loose = ideal_staff.DEFAULT_TARGET
    strict = staffing.Target(seconds=60, level=0.95)
    cells = constructed(needed=4)
    cells.append(HourCell(OFFICE, MONDAY, 17, officer_seconds=4 * 3600.0))  # nobody came
    at_loose = ideal_staff.plan(cells, loose, simulate=False).offices[0]
    at_strict = ideal_staff.plan(cells, strict, simulate=False).offices[0]
    needed = staffing.officers_needed(staffing.Load(RATE, HANDLE / 60.0), strict).officers
    assert at_strict.slots[0].needed == needed > at_loose.slots[0].needed  # type: ignore[operator]
    idle = next(s for s in at_loose.slots if s.hour == 17)
    assert (idle.needed, idle.status, idle.present) == (0, "over", pytest.approx(1.0))  # 4 / 4 days


def test_the_simulation_checks_each_hour_and_says_where_it_disagrees() -> None:
    model = staffing.officers_needed(staffing.Load(RATE, HANDLE / 60.0), ideal_staff.DEFAULT_TARGET)
    found = ideal_staff.plan(constructed(needed=model.officers), seed=3).offices[0]
    checked = [s for s in found.slots if s.check is not None]
    assert len(checked) == len(found.slots)
    for slot in checked:
        assert slot.check is not None and slot.check.observed.arrivals >= 1000
        assert slot.check.officers_needed is not None
        assert abs(slot.check.officers_needed - model.officers) <= 2
    assert found.agreement and all(OFFICE in line for line in found.agreement)
    disagreeing = [s for s in checked if ideal_staff._disagrees(s)]
    assert found.summary.disagreements == len(disagreeing)
    if disagreeing:
        assert f"disagree in {len(disagreeing)} of {len(checked)}" in found.agreement[0]
        assert any(disagreeing[0].label in line for line in found.agreement[1:])
    else:
        assert "agree in all" in found.agreement[0]
    # The same sentences in Indonesian for the admin pages, line for line.
    assert len(found.agreement_id) == len(found.agreement)
    assert all(OFFICE in line for line in found.agreement_id)
    said = "berbeda pada" if disagreeing else "sesuai pada semua"
    assert said in found.agreement_id[0]
    again = ideal_staff.plan(constructed(needed=model.officers), seed=3).offices[0]
    assert again.to_json() == found.to_json()  # the same seed, the same answer
    json.dumps(found.to_json())  # plain JSON throughout


def _pushed_office(store: Store) -> None:
    enrol(store, OFFICE)
    for device, chain in synthetic_office(12).items():
        assert device in DEVICES
        push_chain(store, OFFICE, device, chain)


def test_the_staffing_api_answers_from_the_rollups(city: City) -> None:
    _pushed_office(city.store)
    window = {"from": FIRST_DAY.isoformat(), "to": (FIRST_DAY + timedelta(days=6)).isoformat()}
    answer = requests.get(
        f"{city.url}/v1/analytics/staffing",
        params={"office": OFFICE, **window, "target_seconds": 600, "target_level": 0.9},
        timeout=60,
    )
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert (data["target_seconds"], data["target_level"], data["office"]) == (600, 0.9, OFFICE)
    office = data["offices"][0]
    assert office["office_code"] == OFFICE and office["slots"]
    assert office["patience_minutes"] is not None  # the tickets' no-shows and never-called
    busy = [s for s in office["slots"] if s["arrivals"]]
    assert busy and all(s["model"] == "erlang-a" for s in busy if s["tickets"])
    assert any(s["simulation"] for s in busy) and office["agreement"]
    every = requests.get(f"{city.url}/v1/analytics/staffing", params=window, timeout=60).json()
    assert [o["office_code"] for o in every["offices"]] == [OFFICE]
    assert all(s["simulation"] is None for s in every["offices"][0]["slots"])
    calendar_edges = ({"to": "0001-01-01"}, {"from": "9999-12-31"})  # no room for a window
    for bad in ({"target_level": 2}, {"from": "2026-12-01", "to": "2026-11-01"}, *calendar_edges):
        refused = requests.get(f"{city.url}/v1/analytics/staffing", params=bad, timeout=60)
        assert refused.status_code == 422 and refused.headers["content-type"].startswith(
            "application/problem+json"
        )


def test_the_commands_rebuild_and_answer(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    _pushed_office(store)
    db = ["--database-url", store.url]
    assert central_main(["rollups", "rebuild", "--json", *db]) == 0
    assert json.loads(capsys.readouterr().out)["cells"] > 20
    span = ["--from", FIRST_DAY.isoformat(), "--to", (FIRST_DAY + timedelta(days=6)).isoformat()]
    assert central_main(["ideal-staff", "--office", OFFICE, *span, "--json", *db]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["offices"][0]["office_code"] == OFFICE
    assert central_main(["ideal-staff", "--office", OFFICE, *span, "--no-simulation", *db]) == 0
    text = capsys.readouterr().out
    assert text.startswith(f"{OFFICE}: {FIRST_DAY}") and "under-staffed" in text
    assert central_main(["ideal-staff", "--office", "31.74.99.9999", *db]) == 1
    assert capsys.readouterr().err.count("\n") == 1
    assert central_main(["ideal-staff", "--office", OFFICE, "--target-level", "0", *db]) == 1
    assert "--target-level" in capsys.readouterr().err
