"""Under-used offices: served per officer-hour and a day, the candidates below the threshold,
the neighbour each would merge into and the wait there (checked against Erlang C worked out
here independently), and the API and command over the rollups."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime, timedelta

import pytest
import requests

from central import offices
from central.analytics import underused
from central.analytics.cells import HourCell
from central.cli import main as central_main
from central.store.engine import Store
from tests.central.conftest import City
from tests.central.test_opening_hours import fill_rollups

MONDAY = date(2026, 10, 5)
LAST = MONDAY + timedelta(days=27)  # four whole weeks
NOW = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)  # Monday 2 Nov, 10:00 in Jakarta
HOURS = range(8, 16)

KECAMATAN = "31.74.06"
IDLE = "31.74.06.1001"  # 1 citizen an hour, 2 officers
EMPTY = "31.74.06.1003"  # 1 citizen an hour, 10 officers: the most spare, but a candidate
BUSY = "31.74.06.1002"  # 8 an hour, 2 officers
LONELY = "31.74.09.1001"  # idle, and alone in its kecamatan


def office(code: str, per_hour: int, officers: int, handle_minutes: float = 10.0) -> list[HourCell]:
    """Citizens and officers every weekday hour 08-16 over the four weeks."""
    return [
        HourCell(
            code,
            MONDAY + timedelta(days=i),
            hour,
            arrivals=per_hour,
            handle_count=per_hour,
            handle_seconds=60.0 * handle_minutes * per_hour,
            officer_seconds=3600.0 * officers,
        )
        for i in range(28)
        if (MONDAY + timedelta(days=i)).weekday() < 5
        for hour in HOURS
    ]


def city_cells() -> dict[str, list[HourCell]]:
    """Two kecamatan of ordinary offices (3-4 served per officer-hour), three idle ones."""
    return {
        KECAMATAN: office(KECAMATAN, 12, 4),  # 3 an officer-hour; 16 spare officer-hours a day
        IDLE: office(IDLE, 1, 2),
        BUSY: office(BUSY, 8, 2),
        EMPTY: office(EMPTY, 1, 10),
        "31.74.07.1001": office("31.74.07.1001", 9, 3),
        "31.74.07.1002": office("31.74.07.1002", 7, 2),
        "31.74.07.1003": office("31.74.07.1003", 12, 3),
        LONELY: office(LONELY, 1, 2),
    }


def erlang_c_wait(arrivals_per_hour: float, handle_minutes: float, officers: int) -> float:
    """The Erlang C mean wait in seconds, from the textbook formula (no staffing module):
    P(wait) = (A^n / n!) (n / (n - A)) / (sum_{k<n} A^k / k! + (A^n / n!) (n / (n - A))),
    W = P(wait) / (n mu - lambda)."""
    a = arrivals_per_hour * handle_minutes / 60.0
    top = a**officers / math.factorial(officers) * officers / (officers - a)
    p_wait = top / (sum(a**k / math.factorial(k) for k in range(officers)) + top)
    return 3600.0 * p_wait / (officers * 60.0 / handle_minutes - arrivals_per_hour)


def test_the_idle_office_merges_into_the_neighbour_with_most_spare_and_the_wait_is_erlang_c() -> (
    None
):
    found = underused.analyse(city_cells(), first=MONDAY, last=LAST)
    # Rates: 0.1, 0.5, 0.5, 3, 3, 3.5, 4, 4 -> median 3; the threshold is 25 % of it.
    assert found.median_per_officer_hour == pytest.approx(3.0)
    listed = {c.office.office_code: c for c in found.candidates}
    assert set(listed) == {IDLE, EMPTY, LONELY}  # nobody at or near the median
    assert found.candidates[0].office.office_code == EMPTY  # least used first
    idle = listed[IDLE]
    assert idle.office.per_officer_hour == pytest.approx(0.5)
    assert idle.office.per_day == pytest.approx(1 * 8 * 20 / 28)
    assert "below 25% of the city median" in idle.reasons[0]
    merge = idle.merge
    assert merge is not None
    # EMPTY has more spare hours, but it is a candidate itself; BUSY has fewer than the
    # kecamatan office (16 a weekday: 32 on duty, 16 handling).
    assert merge.neighbour.office_code == KECAMATAN
    assert merge.neighbour.spare_hours_per_day == pytest.approx(16 * 20 / 28)
    assert len(merge.hours) == 5 * len(HOURS)
    assert merge.added_per_hour == pytest.approx(1.0)
    before, after = erlang_c_wait(12, 10, 4), erlang_c_wait(13, 10, 4)
    moved = erlang_c_wait(13, 10, 6)
    assert merge.wait("before") == pytest.approx(before, rel=1e-9)
    assert merge.wait("after") == pytest.approx(after, rel=1e-9)
    assert merge.wait("after_moved") == pytest.approx(moved, rel=1e-9)
    data = idle.to_json()["merge"]
    assert data["added_wait_seconds"] == pytest.approx(round(after - before, 1))
    assert data["added_wait_seconds_with_moved_officers"] == pytest.approx(round(moved - before, 1))
    assert data["pushes_past_target"] is False
    assert data["after"]["worst_service_level"] > 0.8
    assert listed[LONELY].merge is None  # no other office in its kecamatan
    assert json.loads(json.dumps(found.to_json())) == found.to_json()


def test_a_merge_that_pushes_the_neighbour_past_the_target_is_marked() -> None:
    """The neighbour serves 15 an hour with 4 officers (fine); adding 6 an hour is not."""
    cells = {
        KECAMATAN: office(KECAMATAN, 15, 4),
        "31.74.06.1004": office("31.74.06.1004", 6, 10),  # 0.6 an officer-hour
        **{f"31.74.07.100{i}": office(f"31.74.07.100{i}", 9, 3) for i in range(1, 4)},
    }
    (candidate,) = underused.candidates(cells, first=MONDAY, last=LAST)
    assert candidate.office.office_code == "31.74.06.1004"
    merge = candidate.merge
    assert merge is not None and merge.neighbour.office_code == KECAMATAN
    assert not merge.past_target("before")
    assert merge.past_target("after")  # 21 an hour on 4 officers: below 80 % in 15 min
    assert not merge.past_target("after_moved")  # its ten officers come along
    data = merge.to_json()
    assert data["pushes_past_target"] is True
    assert data["pushes_past_target_with_moved_officers"] is False
    assert data["worst_hour"]["after"]["officers"] == 4
    assert data["worst_hour"]["after_with_moved_officers"]["officers"] == 14
    assert data["after"]["average_wait_seconds"] == pytest.approx(erlang_c_wait(21, 10, 4), abs=0.1)


def test_offices_at_the_median_are_never_candidates() -> None:
    cells = {
        f"31.74.0{k}.100{i}": office(f"31.74.0{k}.100{i}", 9, 3) for k in (6, 7) for i in (1, 2, 3)
    }
    found = underused.analyse(cells, first=MONDAY, last=LAST)
    assert found.median_per_officer_hour == pytest.approx(3.0)
    assert found.candidates == []
    assert len(found.offices) == 6


def test_the_daily_floor_and_the_share_are_the_administrators() -> None:
    cells = city_cells()
    # 45 a day is 45 x 28 / 20 / 8 = 7.875 an hour on the weekday hours (BUSY serves 8).
    rule = underused.Threshold(share_of_median=0.0, min_per_day=45)
    listed = {c.office.office_code for c in underused.candidates(cells, threshold=rule)}
    assert listed == {IDLE, EMPTY, LONELY, "31.74.07.1002"}  # the kecamatan office is never
    assert underused.candidates(cells, threshold=0.0) == []
    wide = {c.office.office_code for c in underused.candidates(cells, threshold=1.0)}
    assert wide == {IDLE, EMPTY, LONELY}  # below the median itself (3): no kelurahan at 3-4
    with pytest.raises(underused.UnderusedError, match=r"^threshold:"):
        underused.Threshold(share_of_median=1.5)
    with pytest.raises(underused.UnderusedError, match=r"^from:"):
        underused.analyse({})


def test_an_office_without_attendance_is_judged_by_the_daily_floor_only() -> None:
    cells = city_cells()
    cells["31.74.07.1009"] = [
        HourCell("31.74.07.1009", MONDAY, 9, arrivals=2, handle_count=2, handle_seconds=1200.0)
    ]
    found = underused.analyse(cells, first=MONDAY, last=LAST)
    line = next(o for o in found.offices if o.office_code == "31.74.07.1009")
    assert line.per_officer_hour is None and line.served == 2
    assert "31.74.07.1009" not in {c.office.office_code for c in found.candidates}
    floor = underused.Threshold(min_per_day=1.0)
    found = underused.analyse(cells, threshold=floor, first=MONDAY, last=LAST)
    assert "31.74.07.1009" in {c.office.office_code for c in found.candidates}


# --- the API and the command ----------------------------------------------------------------


def _fill(store: Store) -> None:
    with store.transaction() as session:
        for code in city_cells():
            offices.register_office(session, office_code=code, now=NOW)
    fill_rollups(store, [cell for cells in city_cells().values() for cell in cells])


def test_the_api_lists_the_candidates_from_the_rollups(city: City) -> None:
    city.clock.set(NOW)
    _fill(city.store)
    answer = requests.get(
        f"{city.url}/v1/analytics/underused",
        params={"from": MONDAY.isoformat(), "to": LAST.isoformat()},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert data["median_served_per_officer_hour"] == 3.0
    assert [c["office_code"] for c in data["candidates"]] == [EMPTY, IDLE, LONELY]
    idle = data["candidates"][1]["merge"]
    assert idle["neighbour"] == KECAMATAN
    before = erlang_c_wait(12, 10, 4)
    assert idle["before"]["average_wait_seconds"] == pytest.approx(before, abs=0.05)
    assert len(data["offices"]) == len(city_cells())
    floor = requests.get(
        f"{city.url}/v1/analytics/underused",
        params={
            "from": MONDAY.isoformat(),
            "to": LAST.isoformat(),
            "threshold": "0",
            "min_per_day": "45",
        },
        timeout=30,
    ).json()
    assert len(floor["candidates"]) == 4
    # No window: 13 weeks to yesterday, narrowed to the days holding data.
    default = requests.get(f"{city.url}/v1/analytics/underused", timeout=30).json()
    assert default["from"] == MONDAY.isoformat()


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"threshold": "2"}, "threshold"),
        ({"threshold": "x"}, "threshold"),
        ({"min_per_day": "-1"}, "min_per_day"),
        ({"to": "someday"}, "to"),
        ({"from": "2026-11-01", "to": "2026-10-01"}, "from"),
        ({"to": "0001-01-01"}, "to"),
    ],
)
def test_a_bad_query_is_one_problem_naming_the_parameter(
    city: City, params: dict[str, str], names: str
) -> None:
    city.clock.set(NOW)
    answer = requests.get(f"{city.url}/v1/analytics/underused", params=params, timeout=30)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert names in answer.json()["detail"]


def test_the_command_lists_the_candidates(
    store_url: str, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    _fill(store)
    window = ["--from", MONDAY.isoformat(), "--to", LAST.isoformat()]
    args = ["--database-url", store_url, "--now", "2026-11-02T10:00", *window]
    assert central_main(["underused", *args]) == 0
    out = capsys.readouterr().out
    assert f"{IDLE}  0.5/officer-hour" in out and f"-> {KECAMATAN}: wait" in out
    assert f"{LONELY}" in out and "no other office in its kecamatan" in out
    assert central_main(["underused", "--json", "--threshold", "0", *args]) == 0
    assert json.loads(capsys.readouterr().out)["candidates"] == []
    assert central_main(["underused", "--threshold", "7", *args]) == 1
    err = capsys.readouterr().err
    assert err.startswith("desk-central: ") and "--threshold" in err and err.count("\n") == 1
