"""A small discrete-event simulation of a counter, to check the staffing model against.

Visitors arrive as a Poisson stream whose rate may change every hour, officers serve them
first come first served, and a visitor whose patience runs out before service leaves.
Handling times are exponential, or drawn from a sample of real ones.
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from central.analytics.staffing import Figures

MAX_ARRIVALS = 5_000_000


class SimulationError(ValueError):
    """A simulation that cannot be run; the message is one line."""


@dataclass(frozen=True)
class Observed:
    """What the simulated visitors met (shares of the arrivals after the warm-up)."""

    officers: int
    arrivals: int
    p_wait: float
    service_level: float
    average_wait_seconds: float
    occupancy: float
    abandonment: float

    def to_json(self) -> dict[str, Any]:
        """The observed figures as a JSON object."""
        return dict(self.__dict__)


def simulate(
    *,
    arrivals_per_hour: Sequence[float],
    handle: float | Sequence[float],
    officers: int,
    target_seconds: float,
    patience_minutes: float | None = None,
    warmup_hours: int = 0,
    seed: int = 1,
) -> Observed:
    """Simulate one arrival rate per hour; `handle`: a mean (exponential) or a sample, minutes."""
    if officers < 1:
        raise SimulationError(f"officers: must be at least 1, not {officers}")
    if not 0 <= warmup_hours < len(arrivals_per_hour):
        raise SimulationError("warm-up: must be shorter than the simulated hours")
    if any(not (math.isfinite(r) and r >= 0) for r in arrivals_per_hour):
        raise SimulationError("arrivals per hour: must be zero or more")
    if sum(arrivals_per_hour) > MAX_ARRIVALS:
        raise SimulationError(f"arrivals per hour: more than {MAX_ARRIVALS} arrivals in all")
    rng = random.Random(seed)
    draw_handle = _handle_times(handle, rng)
    theta = 0.0 if patience_minutes is None else 1.0 / patience_minutes
    target = target_seconds / 60.0
    start = 60.0 * warmup_hours
    end = 60.0 * len(arrivals_per_hour)

    free_at = [0.0] * officers  # a heap: when each officer is next free
    counted = waited = within = left = 0
    wait_total = busy = 0.0
    for arrival in _arrivals(arrivals_per_hour, rng):
        service = draw_handle()
        patience = rng.expovariate(theta) if theta > 0 else math.inf
        offered = max(0.0, free_at[0] - arrival)  # the wait were it infinitely patient
        served = offered <= patience
        if served:
            begin = arrival + offered
            heapq.heapreplace(free_at, begin + service)
            busy += max(0.0, min(begin + service, end) - max(begin, start))
        if arrival < start:
            continue
        counted += 1
        waited += offered > 0
        within += served and offered <= target
        left += not served
        wait_total += min(offered, patience)
    if counted == 0:
        raise SimulationError("arrivals per hour: nobody arrived after the warm-up")
    return Observed(
        officers=officers,
        arrivals=counted,
        p_wait=waited / counted,
        service_level=within / counted,
        average_wait_seconds=60.0 * wait_total / counted,
        occupancy=busy / (officers * (end - start)),
        abandonment=left / counted,
    )


def disagreement_points(model: Figures, observed: Observed) -> float:
    """The largest gap, in percentage points, between the model's shares and the observed."""
    pairs = [
        (model.p_wait, observed.p_wait),
        (model.service_level, observed.service_level),
        (model.occupancy, observed.occupancy),
        (model.abandonment, observed.abandonment),
    ]
    return max(100.0 * abs(m - o) for m, o in pairs)


def agreement_sentence(model: Figures, observed: Observed) -> str:
    """One line stating how far model and simulation are apart."""
    points = disagreement_points(model, observed)
    wait = (
        "the model's queue grows without bound"
        if model.average_wait_seconds is None
        else f"average wait {model.average_wait_seconds:.0f} s against "
        f"{observed.average_wait_seconds:.0f} s"
    )
    return (
        f"model and simulation agree within {points:.1f} points "
        f"({observed.arrivals} simulated arrivals; {wait})"
    )


def _arrivals(rates_per_hour: Sequence[float], rng: random.Random) -> Iterator[float]:
    """Arrival moments (minutes) of a Poisson stream whose rate is constant within each hour."""
    for hour, per_hour in enumerate(rates_per_hour):
        if per_hour <= 0:
            continue
        moment = 60.0 * hour
        rate = per_hour / 60.0
        while True:
            # Memoryless: the stream restarts afresh at each hour boundary.
            moment += rng.expovariate(rate)
            if moment >= 60.0 * (hour + 1):
                break
            yield moment


def _handle_times(handle: float | Sequence[float], rng: random.Random) -> Callable[[], float]:
    """A function drawing one handling time (minutes)."""
    if isinstance(handle, int | float):
        if not (math.isfinite(handle) and handle > 0):
            raise SimulationError(f"handle minutes: must be positive, not {handle!r}")
        rate = 1.0 / handle
        return lambda: rng.expovariate(rate)
    sample = [float(x) for x in handle]
    if not sample or any(not (math.isfinite(x) and x >= 0) for x in sample):
        raise SimulationError("handle sample: needs at least one time, none negative")
    return lambda: rng.choice(sample)
