"""Remembered answers: a late push that changes an office's cells brings its pages and JSON
up to date; one office's answers never stand in for another's."""

from __future__ import annotations

from typing import Any

import requests

from central.analytics import answers
from tests.central.conftest import City
from tests.central.rollup_office import DEVICES, NOW, enrol, push_chain, synthetic_office

FIRST = "31.74.08.1001"
SECOND = "31.74.08.1002"


def _views(city: City, office: str) -> dict[str, Any]:
    """Every page and analytics answer that reads the office's cells, over HTTP."""

    def get(path: str) -> Any:
        answer = requests.get(f"{city.url}{path}", timeout=300)
        assert answer.status_code == 200, (path, answer.text[:500])
        is_json = answer.headers["content-type"].startswith("application/json")
        return answer.json() if is_json else answer.text

    return {
        "city page": get("/admin/dashboard"),
        "office page": get(f"/admin/dashboard/office/{office}"),
        "staffing": get(f"/v1/analytics/staffing?office={office}&simulate=false"),
        "city staffing": get("/v1/analytics/staffing"),
        "opening hours": get(f"/v1/analytics/opening-hours?office={office}"),
        "underused": get("/v1/analytics/underused"),
    }


def _fresh(city: City, office: str) -> dict[str, Any]:
    """The same views computed from nothing remembered."""
    answers.forget()
    return _views(city, office)


def _plan(found: dict[str, Any], office: str) -> dict[str, Any]:
    (plan,) = [p for p in found["offices"] if p["office_code"] == office]
    return plan


def test_a_late_push_brings_the_remembered_answers_up_to_date(city: City) -> None:
    city.clock.set(NOW)
    chains = synthetic_office(11)
    enrol(city.store, FIRST)
    for device in DEVICES[:2]:
        push_chain(city.store, FIRST, device, chains[device])
    before = _views(city, FIRST)
    assert _views(city, FIRST) == before  # asked again: the same answers
    push_chain(city.store, FIRST, DEVICES[2], chains[DEVICES[2]])  # a desk back after days away
    after = _views(city, FIRST)
    for name in before:
        assert after[name] != before[name], name
    assert after == _fresh(city, FIRST)
    plan = _plan(after["staffing"], FIRST)
    assert plan["tickets"] > _plan(before["staffing"], FIRST)["tickets"]


def test_two_offices_answers_do_not_mix(city: City) -> None:
    city.clock.set(NOW)
    for office, seed in ((FIRST, 21), (SECOND, 22)):
        enrol(city.store, office)
        for device, chain in synthetic_office(seed).items():
            push_chain(city.store, office, device, chain[: len(chain) // 2])
    first, second = _views(city, FIRST), _views(city, SECOND)
    assert _plan(first["staffing"], FIRST) != _plan(second["staffing"], SECOND)
    assert first["staffing"]["offices"] == [_plan(first["staffing"], FIRST)]
    assert [p["office_code"] for p in first["city staffing"]["offices"]] == [FIRST, SECOND]
    # More of the second office's events: its answers move, the first office's stay.
    for device, chain in synthetic_office(22).items():
        push_chain(city.store, SECOND, device, chain[len(chain) // 2 :])
    first_again, second_again = _views(city, FIRST), _views(city, SECOND)
    assert first_again["staffing"] == first["staffing"]
    assert first_again["opening hours"] == first["opening hours"]
    assert second_again["staffing"] != second["staffing"]
    assert second_again["opening hours"] != second["opening hours"]
    assert _plan(first_again["city staffing"], FIRST) == _plan(first["staffing"], FIRST)
    assert _plan(first_again["city staffing"], SECOND) == _plan(second_again["staffing"], SECOND)
    assert first_again == _fresh(city, FIRST)
    assert second_again == _fresh(city, SECOND)
