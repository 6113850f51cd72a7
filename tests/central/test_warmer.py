"""The analytics warmer: after a background round a page view computes nothing; after a
late push it computes again, and only what changed."""

from __future__ import annotations

import threading
from typing import Any

import pytest
import requests

from central.analytics import answers, ideal_staff, warmer
from tests.central.conftest import City
from tests.central.rollup_office import DEVICES, NOW, enrol, push_chain, synthetic_office

OFFICE = "31.74.08.1001"


def _get(city: City, path: str) -> Any:
    answer = requests.get(f"{city.url}{path}", timeout=300)
    assert answer.status_code == 200, (path, answer.text[:500])
    return answer.text


def test_after_a_warm_round_the_pages_compute_no_plan(
    city: City, monkeypatch: pytest.MonkeyPatch
) -> None:
    city.clock.set(NOW)
    answers.forget()
    chains = synthetic_office(5)
    enrol(city.store, OFFICE)
    for device in DEVICES[:2]:
        push_chain(city.store, OFFICE, device, chains[device])
    warmer.warm_once(city.store, clock=city.clock)
    planned: list[str] = []
    real_plan = ideal_staff.plan

    def counted(*args: Any, **kwargs: Any) -> Any:
        planned.append("plan")
        return real_plan(*args, **kwargs)

    monkeypatch.setattr(ideal_staff, "plan", counted)
    _get(city, "/v1/analytics/staffing")
    _get(city, "/admin/dashboard")
    _get(city, f"/admin/dashboard/office/{OFFICE}")
    _get(city, f"/v1/analytics/staffing?office={OFFICE}")
    assert planned == []  # every view answered from what the warm round computed
    push_chain(city.store, OFFICE, DEVICES[2], chains[DEVICES[2]])  # a desk back after days away
    _get(city, "/v1/analytics/staffing")
    assert planned  # the office's cells changed: its plan is computed again
    warmer.warm_once(city.store, clock=city.clock)
    planned.clear()
    _get(city, "/v1/analytics/staffing")
    _get(city, "/admin/dashboard")
    _get(city, f"/admin/dashboard/office/{OFFICE}")
    assert planned == []  # warm again after the late push


def test_a_failed_round_does_not_end_the_warmer(
    city: City, monkeypatch: pytest.MonkeyPatch
) -> None:
    rounds: list[int] = []
    stop = threading.Event()

    def failing(store: Any, *, clock: Any) -> None:
        rounds.append(1)
        if len(rounds) >= 3:
            stop.set()
        raise RuntimeError("a broken round")

    monkeypatch.setattr(warmer, "warm_once", failing)
    warmer.run_forever(city.store, clock=city.clock, interval=0, stop=stop)
    assert len(rounds) == 3  # the thread survived two failures and stopped when told
