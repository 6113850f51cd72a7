"""Staffing a counter as a queue: Erlang C (nobody leaves) and Erlang A (M/M/n+M).

Arrivals are Poisson, handling times exponential, officers serve first come first served.
Erlang A adds exponential patience: a visitor still waiting when it runs out leaves.
Times are in minutes inside this module; the figures report the average wait in seconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

MAX_OFFICERS = 2000
# Work allowed for one Erlang A service level (queue states x uniformization steps);
# beyond it the question is refused rather than left running for minutes.
WORK_BUDGET = 20_000_000
MAX_QUEUE_STATES = 2_000_000
# The truncated chain keeps states down to e^-40 (about 4e-18) of the most likely one.
_LOG_TAIL = 40.0
# Remaining probability below which the uniformization stops early.
_NEGLIGIBLE = 1e-16


class StaffingError(ValueError):
    """A question the model cannot answer; the message is one line."""


def _check_positive(name: str, value: float) -> None:
    if not (math.isfinite(value) and value > 0):
        raise StaffingError(f"{name}: must be a positive number, not {value!r}")


@dataclass(frozen=True)
class Load:
    """What the counter faces: arrivals per hour, minutes per visit, patience (optional)."""

    arrivals_per_hour: float
    handle_minutes: float
    patience_minutes: float | None = None

    def __post_init__(self) -> None:
        _check_positive("arrivals_per_hour", self.arrivals_per_hour)
        _check_positive("handle_minutes", self.handle_minutes)
        if self.patience_minutes is not None:
            _check_positive("patience_minutes", self.patience_minutes)

    @property
    def erlangs(self) -> float:
        """Offered load: the officers' worth of work arriving (arrival rate x handling time)."""
        return self.arrivals_per_hour * self.handle_minutes / 60.0

    @property
    def model(self) -> str:
        """`erlang-c` without patience, `erlang-a` with it."""
        return "erlang-c" if self.patience_minutes is None else "erlang-a"


@dataclass(frozen=True)
class Target:
    """A service level target: a share `level` of arrivals served within `seconds`."""

    seconds: float
    level: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.seconds) and self.seconds >= 0):
            raise StaffingError(f"target seconds: must be zero or more, not {self.seconds!r}")
        if not (math.isfinite(self.level) and 0 < self.level <= 1):
            raise StaffingError(f"target level: must be in (0, 1], not {self.level!r}")


@dataclass(frozen=True)
class Figures:
    """The steady state of a counter with `officers` officers."""

    model: str
    officers: int
    offered_erlangs: float
    p_wait: float
    service_level: float
    # Over all arrivals, time spent queueing (also by those who leave); None: it grows forever.
    average_wait_seconds: float | None
    occupancy: float
    abandonment: float
    stable: bool

    def meets(self, target: Target) -> bool:
        """Whether the service level reaches the target (within rounding)."""
        return self.service_level >= target.level - 1e-12

    def to_json(self) -> dict[str, Any]:
        """The figures as a JSON object."""
        return {
            "model": self.model,
            "officers": self.officers,
            "offered_erlangs": self.offered_erlangs,
            "p_wait": self.p_wait,
            "service_level": self.service_level,
            "average_wait_seconds": self.average_wait_seconds,
            "occupancy": self.occupancy,
            "abandonment": self.abandonment,
            "stable": self.stable,
        }


def erlang_b(officers: int, erlangs: float) -> float:
    """Erlang B blocking probability, by the stable recursion B(k) = A B(k-1) / (k + A B(k-1))."""
    b = 1.0
    for k in range(1, officers + 1):
        b = erlangs * b / (k + erlangs * b)
    return b


def erlang_c(officers: int, erlangs: float) -> float:
    """Erlang C probability of waiting, from Erlang B; 1 when the load is not below `officers`."""
    if officers <= erlangs:
        return 1.0
    b = erlang_b(officers, erlangs)
    return officers * b / (officers - erlangs * (1.0 - b))


def figures(load: Load, *, officers: int, target_seconds: float) -> Figures:
    """The figures of `officers` officers facing `load`, the service level within the target."""
    if not 1 <= officers <= MAX_OFFICERS:
        raise StaffingError(f"officers: must be 1-{MAX_OFFICERS}, not {officers}")
    if not (math.isfinite(target_seconds) and target_seconds >= 0):
        raise StaffingError(f"target seconds: must be zero or more, not {target_seconds!r}")
    if load.patience_minutes is None:
        return _erlang_c_figures(load, officers, target_seconds / 60.0)
    return _erlang_a_figures(load, officers, target_seconds / 60.0)


def officers_needed(load: Load, target: Target) -> Figures:
    """The figures of the smallest number of officers whose service level meets `target`."""
    a = load.erlangs
    if load.patience_minutes is None:
        first = math.floor(a) + 1  # fewer cannot keep up at all
    else:
        # Served within the target <= served at all <= n/A of arrivals: n >= level x A.
        first = math.ceil(target.level * a - 1e-9)
    low = max(1, first)  # every count below `low` fails the target
    if low > MAX_OFFICERS:
        raise _too_many(a)

    def at(n: int) -> Figures:
        return figures(load, officers=n, target_seconds=target.seconds)

    # The service level grows with the officers: gallop up from the bound, then bisect.
    step = 1
    high, best = low, at(low)
    while not best.meets(target):
        if high == MAX_OFFICERS:
            raise _too_many(a)
        low, high = high + 1, min(MAX_OFFICERS, high + step)
        step *= 2
        best = at(high)
    while low < high:
        middle = (low + high) // 2
        result = at(middle)
        if result.meets(target):
            high, best = middle, result
        else:
            low = middle + 1
    return best


def _too_many(erlangs: float) -> StaffingError:
    return StaffingError(
        f"arrivals-per-hour: {erlangs:.0f} Erlangs offered need more than {MAX_OFFICERS} officers"
    )


def _erlang_c_figures(load: Load, n: int, t: float) -> Figures:
    a = load.erlangs
    lam = load.arrivals_per_hour / 60.0
    mu = 1.0 / load.handle_minutes
    if n <= a:
        return Figures(load.model, n, a, 1.0, 0.0, None, 1.0, 0.0, stable=False)
    c = erlang_c(n, a)
    drain = n * mu - lam  # rate at which the queue empties while all officers are busy
    return Figures(
        model=load.model,
        officers=n,
        offered_erlangs=a,
        p_wait=c,
        service_level=1.0 - c * math.exp(-drain * t),
        average_wait_seconds=60.0 * c / drain,
        occupancy=a / n,
        abandonment=0.0,
        stable=True,
    )


def _erlang_a_figures(load: Load, n: int, t: float) -> Figures:
    assert load.patience_minutes is not None
    lam = load.arrivals_per_hour / 60.0
    mu = 1.0 / load.handle_minutes
    theta = 1.0 / load.patience_minutes
    weights = _erlang_a_weights(load.erlangs, n, lam, mu, theta)
    total = math.fsum(weights)
    pi = [w / total for w in weights]
    queue = pi[n:]  # queue[q]: all officers busy and q visitors waiting
    p_wait = math.fsum(queue)
    mean_queue = math.fsum(q * p for q, p in enumerate(queue))
    busy = math.fsum(j * p for j, p in enumerate(pi[:n])) + n * p_wait
    served_waiting = _served_within(queue, n * mu, theta, t)
    return Figures(
        model=load.model,
        officers=n,
        offered_erlangs=load.erlangs,
        p_wait=min(1.0, p_wait),
        service_level=min(1.0, (1.0 - p_wait) + served_waiting),
        average_wait_seconds=60.0 * mean_queue / lam,
        occupancy=min(1.0, busy / n),
        abandonment=min(1.0, theta * mean_queue / lam),
        stable=True,
    )


def _erlang_a_weights(a: float, n: int, lam: float, mu: float, theta: float) -> list[float]:
    """Unnormalised stationary probabilities of the birth-death chain, computed in logs.

    pi_j ~ A^j / j! up to n busy officers, then pi_j = pi_(j-1) lam / (n mu + (j - n) theta):
    the queue is cut where its states fall e^-40 below the most likely state.
    """
    logs = [0.0]
    for j in range(1, n + 1):
        logs.append(logs[-1] + math.log(a) - math.log(j))
    peak_queue = max(0.0, (lam - n * mu) / theta)  # the terms grow until here
    top = max(logs)
    q = 0
    while True:
        q += 1
        logs.append(logs[-1] + math.log(lam) - math.log(n * mu + q * theta))
        top = max(top, logs[-1])
        if q > peak_queue and logs[-1] < top - _LOG_TAIL:
            break
        if q > MAX_QUEUE_STATES:
            raise StaffingError("patience-minutes: the queue is too long to compute")
    return [math.exp(x - top) for x in logs]


def _served_within(queue: list[float], service_rate: float, theta: float, t: float) -> float:
    """Probability that an arrival waits, yet is served within t (minutes).

    An arrival finding q visitors waiting is served after q + 1 departures ahead of it,
    each at rate n mu + k theta while k are ahead; its own patience runs out at rate theta.
    This pure-death chain with two absorbing ends (served, left) is solved by
    uniformization, starting from the distribution `queue` that arrivals see (PASTA).
    """
    if t <= 0:
        return 0.0
    size = len(queue)
    rate = service_rate + size * theta  # the fastest state: n mu + (size-1) theta, plus theta
    x = rate * t
    steps = math.ceil(x + 10.0 * math.sqrt(x) + 30.0)
    if steps * size > WORK_BUDGET:
        raise StaffingError(
            "target-seconds: the service level is too large to compute "
            f"({size} queue states x {steps} steps)"
        )
    down = [(service_rate + k * theta) / rate for k in range(size)]
    down_from_above = [*down[1:], 0.0]
    stay = [1.0 - (service_rate + (k + 1) * theta) / rate for k in range(size)]
    vector = list(queue)
    served = 0.0
    result = 0.0
    weight_sum = 0.0
    log_x = math.log(x)
    for k in range(steps + 1):
        weight = math.exp(-x + k * log_x - math.lgamma(k + 1))
        result += weight * served
        weight_sum += weight
        if k % 16 == 0 and math.fsum(vector) < _NEGLIGIBLE:
            return result + (1.0 - weight_sum) * served  # nothing left to move
        served += vector[0] * down[0]
        above = [*vector[1:], 0.0]
        vector = [
            v * s + w * d for v, s, w, d in zip(vector, stay, above, down_from_above, strict=True)
        ]
    return result
