"""Ideal staff per office and hour of the week, against the staffing attendance shows.

From the hour cells of a window (rollups.cells), for each office and each weekday x hour:

- arrival rate: the slot's arrivals divided by the days observed for that weekday, a day
  being observed when the office shows any arrival or attendance on it (a closed day, a
  holiday, is not averaged in);
- handling time: the slot's measured mean and spread (from the sums and sums of squares);
  a slot with fewer than MIN_HANDLE_SAMPLES measured visits takes the office's mean and
  spread over the whole window;
- abandonment, where the office issues queue tickets: tickets never served / tickets. The
  patience is then estimated per office over the window as an exponential patience by its
  maximum-likelihood estimator with censoring, theta = abandonments / total time waited
  (every ticket whose wait is known contributes its wait, issue -> first call; a no-show's
  wait until the call that found it gone stands for its time to leave), patience = 1/theta.
  With measured abandonment the slot is modelled by Erlang A (M/M/n+M), otherwise Erlang C;
- officers needed: the fewest officers meeting the administrator's target (staffing.
  officers_needed; default 80% served within 15 minutes);
- officers present: the slot's attendance officer-seconds / 3600 / days observed;
- gap: present - needed, in officers: under-staffed below -tolerance, over-staffed above
  +tolerance (default half an officer).

Each modelled slot is checked by the discrete-event simulation (analytics.simulation): the
slot's hour after WARMUP_HOURS of the weekday's own arrival rates before it (time-varying:
the queue the previous hour leaves is carried in, that hour served by the slot's officers
too; an office opening at the slot starts empty), Poisson within each hour, handling times
drawn from a log-normal with the measured mean and spread (exponential when no spread is
measured), exponential patience when Erlang A applies, replicated until about SIM_ARRIVALS
arrivals fall in the slot. It is run at the model's officers, then with fewer (or more, up
to MAX_EXTRA) to find the fewest officers whose simulated service level meets the target.
Where that count differs from the model's, or the service levels differ by more than
DISAGREE_POINTS percentage points, the office's answer says so in a plain sentence (the
model assumes exponential handling times; real ones, less variable, usually need fewer
officers than Erlang says at the margin).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from statistics import NormalDist
from typing import Any

from central.analytics import simulation, staffing
from central.analytics.cells import HourCell

DEFAULT_TARGET = staffing.Target(seconds=15 * 60.0, level=0.80)
MIN_HANDLE_SAMPLES = 10
DEFAULT_TOLERANCE = 0.5  # officers: a gap within it is neither under- nor over-staffed
DISAGREE_POINTS = 5.0  # percentage points of service level
SIM_ARRIVALS = 1500  # simulated arrivals in the slot per staffing level tried (about)
WARMUP_HOURS = 1  # hours of the day's own arrival rates simulated before the slot
MAX_EXTRA = 3  # officers beyond the model's the simulation tries
SIM_MAX_REPLICATIONS = 200
HANDLE_SAMPLE_SIZE = 200  # quantiles of the fitted log-normal the simulation draws from
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# The model-against-simulation sentences, in the two languages the admin pages speak.
AGREEMENT_WORDS: dict[str, dict[str, Any]] = {
    "en": {
        "days": WEEKDAYS,
        "unchecked": "not checked by simulation",
        "nothing": "no hour to simulate (no arrivals with a measured handling time)",
        "slot": "{office} {label}: the model ({model}) needs {needed} officers ({model_sl} "
        "served within {seconds} s), the simulation gives {sim_sl} with them",
        "misses": " and misses the target even with {extra}",
        "needs": " and needs {n}",
        "disagree": "{office}: model and simulation disagree in {n} of {of} hours checked; "
        "the simulation needs fewer officers in {fewer}, more in {more}",
        "agree": "{office}: model and simulation agree in all {of} hours checked (largest "
        "gap {gap} points of service level, at {label})",
    },
    "id": {
        "days": ("Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"),
        "unchecked": "tidak diperiksa dengan simulasi",
        "nothing": "tidak ada jam untuk disimulasikan (tidak ada kedatangan dengan waktu "
        "layanan terukur)",
        "slot": "{office} {label}: model ({model}) membutuhkan {needed} petugas ({model_sl} "
        "dilayani dalam {seconds} detik), simulasi memberi {sim_sl} dengan jumlah itu",
        "misses": " dan tidak mencapai target bahkan dengan {extra}",
        "needs": " dan membutuhkan {n}",
        "disagree": "{office}: model dan simulasi berbeda pada {n} dari {of} jam yang "
        "diperiksa; simulasi membutuhkan lebih sedikit petugas pada {fewer}, lebih banyak "
        "pada {more}",
        "agree": "{office}: model dan simulasi sesuai pada semua {of} jam yang diperiksa "
        "(selisih terbesar {gap} poin tingkat layanan, pada {label})",
    },
}


@dataclass(frozen=True)
class SimCheck:
    """The simulation of one slot at the recommended staffing (pooled replications)."""

    observed: simulation.Observed  # at the model's officers
    replications: int
    disagreement_points: float  # service level, model against simulation, in points
    meets_target: bool
    sentence: str
    officers_needed: int | None  # the fewest simulated officers meeting the target

    def to_json(self) -> dict[str, Any]:
        """As JSON."""
        return {
            **self.observed.to_json(),
            "officers_needed": self.officers_needed,
            "replications": self.replications,
            "disagreement_points": round(self.disagreement_points, 2),
            "meets_target": self.meets_target,
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class Slot:
    """One weekday x hour of one office: demand, the model's answer, attendance, the gap."""

    weekday: int
    hour: int
    days_observed: int
    arrivals: int
    arrivals_per_hour: float
    handle_count: int  # measured visits in the slot itself
    handle_mean_seconds: float | None  # what the model used (the slot's, or the office's)
    handle_sd_seconds: float | None
    handle_source: str  # "slot" | "office" | "none"
    tickets: int
    abandoned: int
    model: str | None  # "erlang-c" | "erlang-a"; None without arrivals or handling time
    needed: int | None  # officers; 0 for an hour without arrivals
    figures: staffing.Figures | None
    present: float  # officers on duty on average (attendance)
    gap: float | None  # present - needed
    status: str  # "under" | "over" | "ok" | "unknown"
    check: SimCheck | None = None
    note: str = ""

    @property
    def label(self) -> str:
        """e.g. 'Mon 09:00'."""
        return f"{WEEKDAYS[self.weekday]} {self.hour:02d}:00"

    def to_json(self) -> dict[str, Any]:
        """As JSON."""
        return {
            "weekday": self.weekday,
            "hour": self.hour,
            "label": self.label,
            "days_observed": self.days_observed,
            "arrivals": self.arrivals,
            "arrivals_per_hour": round(self.arrivals_per_hour, 3),
            "handle_count": self.handle_count,
            "handle_mean_seconds": _round(self.handle_mean_seconds, 1),
            "handle_sd_seconds": _round(self.handle_sd_seconds, 1),
            "handle_source": self.handle_source,
            "tickets": self.tickets,
            "abandoned": self.abandoned,
            "abandonment": round(self.abandoned / self.tickets, 4) if self.tickets else None,
            "model": self.model,
            "officers_needed": self.needed,
            "figures": self.figures.to_json() if self.figures else None,
            "officers_present": round(self.present, 3),
            "gap_officers": _round(self.gap, 3),
            "status": self.status,
            "simulation": self.check.to_json() if self.check else None,
            "note": self.note,
        }


@dataclass(frozen=True)
class Summary:
    """One office's staffing at a glance, per week and over the window."""

    hours_under: int  # weekday x hour slots under-staffed (hours per week)
    hours_over: int
    officer_hours_missing_per_week: float
    officer_hours_wasted_per_week: float
    officer_hours_missing: float  # over the window's observed days
    officer_hours_wasted: float
    disagreements: int  # slots where model and simulation disagree

    def to_json(self) -> dict[str, Any]:
        """As JSON."""
        return {k: round(v, 2) if isinstance(v, float) else v for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class OfficePlan:
    """One office's slots, its pooled handling time and patience, and its summary."""

    office_code: str
    slots: list[Slot]
    handle_mean_seconds: float | None
    handle_sd_seconds: float | None
    handle_count: int
    tickets: int
    abandoned: int
    patience_minutes: float | None
    summary: Summary
    agreement: list[str]  # plain sentences: where model and simulation disagree (or not)
    agreement_id: list[str]  # the same in Indonesian

    def to_json(self) -> dict[str, Any]:
        """As JSON."""
        return {
            "office_code": self.office_code,
            "summary": self.summary.to_json(),
            "handle_mean_seconds": _round(self.handle_mean_seconds, 1),
            "handle_sd_seconds": _round(self.handle_sd_seconds, 1),
            "handle_count": self.handle_count,
            "tickets": self.tickets,
            "abandoned": self.abandoned,
            "patience_minutes": _round(self.patience_minutes, 2),
            "agreement": self.agreement,
            "agreement_id": self.agreement_id,
            "slots": [s.to_json() for s in self.slots],
        }


@dataclass(frozen=True)
class StaffPlan:
    """The ideal staff of every office in the cells, for one target."""

    target: staffing.Target
    tolerance: float
    first: date | None
    last: date | None
    offices: list[OfficePlan] = field(default_factory=list)

    def office(self, code: str) -> OfficePlan | None:
        """One office's plan, if it had cells."""
        return next((o for o in self.offices if o.office_code == code), None)

    def to_json(self) -> dict[str, Any]:
        """As JSON."""
        return {
            "target_seconds": self.target.seconds,
            "target_level": self.target.level,
            "tolerance_officers": self.tolerance,
            "from": self.first.isoformat() if self.first else None,
            "to": self.last.isoformat() if self.last else None,
            "patience_estimator": (
                "exponential patience, maximum likelihood with censoring: theta = tickets "
                "abandoned / total seconds waited (issue to first call), per office"
            ),
            "offices": [o.to_json() for o in self.offices],
        }


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _spread(count: int, total: float, squares: float) -> float | None:
    """Sample standard deviation from a count, sum and sum of squares."""
    if count < 2:
        return None
    mean = total / count
    return math.sqrt(max(0.0, (squares - count * mean * mean) / (count - 1)))


def plan(
    cells: Iterable[HourCell],
    target: staffing.Target = DEFAULT_TARGET,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    simulate: bool = True,
    first: date | None = None,
    last: date | None = None,
    seed: int = 1,
) -> StaffPlan:
    """The ideal staff per office and weekday x hour of `cells`, against attendance."""
    by_office: dict[str, list[HourCell]] = defaultdict(list)
    for cell in cells:
        by_office[cell.office_code].append(cell)
    return StaffPlan(
        target=target,
        tolerance=tolerance,
        first=first,
        last=last,
        offices=[
            _office_plan(code, tuple(by_office[code]), target, tolerance, simulate, seed)
            for code in sorted(by_office)
        ],
    )


@lru_cache(maxsize=1024)
def _office_plan(
    office_code: str,
    cells: tuple[HourCell, ...],
    target: staffing.Target,
    tolerance: float,
    simulate: bool,
    seed: int,
) -> OfficePlan:
    """office_plan, remembered for the same cells (a page asked again, the city's offices
    whose figures did not change)."""
    return office_plan(
        office_code, cells, target, tolerance=tolerance, simulate=simulate, seed=seed
    )


def office_plan(
    office_code: str,
    cells: Sequence[HourCell],
    target: staffing.Target = DEFAULT_TARGET,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    simulate: bool = True,
    seed: int = 1,
) -> OfficePlan:
    """One office's plan from its cells."""
    open_days: dict[int, set[date]] = defaultdict(set)
    sums: dict[tuple[int, int], list[float]] = defaultdict(lambda: [0.0] * 7)
    total_handle = [0, 0.0, 0.0]
    tickets = abandoned = 0
    wait_seconds = 0.0
    for c in cells:
        if c.arrivals or c.officer_seconds > 0:
            open_days[c.weekday].add(c.day)
        s = sums[(c.weekday, c.hour)]
        s[0] += c.arrivals
        s[1] += c.handle_count
        s[2] += c.handle_seconds
        s[3] += c.handle_seconds_sq
        s[4] += c.officer_seconds
        s[5] += c.tickets
        s[6] += c.abandoned
        total_handle[0] += c.handle_count
        total_handle[1] += c.handle_seconds
        total_handle[2] += c.handle_seconds_sq
        tickets += c.tickets
        abandoned += c.abandoned
        wait_seconds += c.wait_seconds
    office_count = int(total_handle[0])
    office_mean = total_handle[1] / office_count if office_count else None
    office_sd = _spread(office_count, total_handle[1], total_handle[2])
    patience = None
    if abandoned and wait_seconds > 0:
        patience = (wait_seconds / abandoned) / 60.0  # 1 / theta, in minutes
    rates = {key: s[0] / len(open_days[key[0]]) for key, s in sums.items() if open_days.get(key[0])}
    slots: list[Slot] = []
    for (weekday, hour), s in sorted(sums.items()):
        days = len(open_days.get(weekday, ()))
        if not days or not (s[0] or s[4] > 0):
            continue
        rate = s[0] / days
        present = s[4] / 3600.0 / days
        count = int(s[1])
        if count >= MIN_HANDLE_SAMPLES:
            mean, sd, source = s[2] / count, _spread(count, s[2], s[3]), "slot"
        elif office_mean is not None:
            mean, sd, source = office_mean, office_sd, "office"
        else:
            mean, sd, source = None, None, "none"
        slot_tickets, slot_abandoned = int(s[5]), int(s[6])
        slot_patience = patience if slot_tickets and patience is not None else None
        slot = _slot(
            weekday,
            hour,
            days,
            int(s[0]),
            rate,
            count,
            mean,
            sd,
            source,
            slot_tickets,
            slot_abandoned,
            slot_patience,
            present,
            target,
            tolerance,
        )
        if simulate and slot.figures is not None and slot.needed and mean:
            profile = _profile(rates, weekday, hour)
            check = _check(profile, slot, mean, sd, slot_patience, target, seed)
            slot = Slot(**{**slot.__dict__, "check": check})
        slots.append(slot)
    return OfficePlan(
        office_code=office_code,
        slots=slots,
        handle_mean_seconds=office_mean,
        handle_sd_seconds=office_sd,
        handle_count=office_count,
        tickets=tickets,
        abandoned=abandoned,
        patience_minutes=patience,
        summary=_summary(slots),
        agreement=_agreement(office_code, slots, target, simulate),
        agreement_id=_agreement(office_code, slots, target, simulate, lang="id"),
    )


def _slot(
    weekday: int,
    hour: int,
    days: int,
    arrivals: int,
    rate: float,
    count: int,
    mean: float | None,
    sd: float | None,
    source: str,
    tickets: int,
    abandoned: int,
    patience: float | None,
    present: float,
    target: staffing.Target,
    tolerance: float,
) -> Slot:
    common: dict[str, Any] = {
        "weekday": weekday,
        "hour": hour,
        "days_observed": days,
        "arrivals": arrivals,
        "arrivals_per_hour": rate,
        "handle_count": count,
        "handle_mean_seconds": mean,
        "handle_sd_seconds": sd,
        "handle_source": source,
        "tickets": tickets,
        "abandoned": abandoned,
        "present": present,
    }
    if rate <= 0:
        gap = present
        status = "over" if gap > tolerance else "ok"
        return Slot(
            **common,
            model=None,
            needed=0,
            figures=None,
            gap=gap,
            status=status,
            note="no arrivals in this hour",
        )
    if mean is None or mean <= 0:
        return Slot(
            **common,
            model=None,
            needed=None,
            figures=None,
            gap=None,
            status="unknown",
            note="no handling time measured at this office",
        )
    load = staffing.Load(rate, mean / 60.0, patience)
    try:
        figures = _needed(load, target)
    except staffing.StaffingError as exc:
        return Slot(
            **common,
            model=load.model,
            needed=None,
            figures=None,
            gap=None,
            status="unknown",
            note=str(exc),
        )
    gap = present - figures.officers
    status = "under" if gap < -tolerance else "over" if gap > tolerance else "ok"
    return Slot(
        **common, model=load.model, needed=figures.officers, figures=figures, gap=gap, status=status
    )


@lru_cache(maxsize=65536)
def _needed(load: staffing.Load, target: staffing.Target) -> staffing.Figures:
    """staffing.officers_needed, remembered (an Erlang A service level costs milliseconds)."""
    return staffing.officers_needed(load, target)


def _profile(rates: dict[tuple[int, int], float], weekday: int, hour: int) -> tuple[float, ...]:
    """The slot's rate after WARMUP_HOURS of the weekday's own rates before it (if open)."""
    before = [rates.get((weekday, h), 0.0) for h in range(max(0, hour - WARMUP_HOURS), hour)]
    while before and before[0] <= 0:
        before.pop(0)  # the office opens in the slot or after a closed hour: it starts empty
    return (*before, rates.get((weekday, hour), 0.0))


@lru_cache(maxsize=4096)
def _handle_sample(mean_minutes: float, sd_minutes: float) -> tuple[float, ...]:
    """A log-normal with the measured mean and spread (minutes), as evenly spaced quantiles."""
    sigma2 = math.log(1.0 + (sd_minutes / mean_minutes) ** 2)
    mu = math.log(mean_minutes) - sigma2 / 2.0
    normal = NormalDist(mu, math.sqrt(sigma2))
    n = HANDLE_SAMPLE_SIZE
    return tuple(math.exp(normal.inv_cdf((i + 0.5) / n)) for i in range(n))


@lru_cache(maxsize=8192)
def _simulated(
    profile: tuple[float, ...],
    handle: float | tuple[float, ...],
    officers: int,
    target_seconds: float,
    patience: float | None,
    seed: int,
) -> tuple[simulation.Observed, int]:
    """The slot (the profile's last hour) simulated, replications pooled."""
    last = profile[-1]
    replications = max(1, min(SIM_MAX_REPLICATIONS, math.ceil(SIM_ARRIVALS / max(last, 1e-9))))
    pooled: list[simulation.Observed] = []
    for r in range(replications):
        try:
            pooled.append(
                simulation.simulate(
                    arrivals_per_hour=profile,
                    handle=handle,
                    officers=officers,
                    target_seconds=target_seconds,
                    patience_minutes=patience,
                    warmup_hours=len(profile) - 1,
                    seed=seed * 1_000_003 + r,
                )
            )
        except simulation.SimulationError:
            continue  # nobody arrived in the slot in this replication
    arrivals = sum(o.arrivals for o in pooled)
    if not arrivals:
        raise simulation.SimulationError("nobody arrived in the simulated hour")

    def mean(name: str) -> float:
        return float(sum(getattr(o, name) * o.arrivals for o in pooled)) / arrivals

    occupancy = sum(o.occupancy for o in pooled) / len(pooled)
    observed = simulation.Observed(
        officers=officers,
        arrivals=arrivals,
        p_wait=mean("p_wait"),
        service_level=mean("service_level"),
        average_wait_seconds=mean("average_wait_seconds"),
        occupancy=occupancy,
        abandonment=mean("abandonment"),
    )
    return observed, replications


def _check(
    profile: tuple[float, ...],
    slot: Slot,
    mean_seconds: float,
    sd_seconds: float | None,
    patience: float | None,
    target: staffing.Target,
    seed: int,
) -> SimCheck | None:
    assert slot.figures is not None and slot.needed
    mean_minutes = mean_seconds / 60.0
    handle: float | tuple[float, ...] = mean_minutes  # exponential when no spread is known
    if sd_seconds is not None and sd_seconds > 0:
        handle = _handle_sample(round(mean_minutes, 4), round(sd_seconds / 60.0, 4))
    rounded = tuple(round(r, 3) for r in profile)

    def run(officers: int) -> tuple[simulation.Observed, int]:
        return _simulated(rounded, handle, officers, target.seconds, patience, seed)

    def meets(observed: simulation.Observed) -> bool:
        return observed.service_level >= target.level - 1e-12

    try:
        observed, replications = run(slot.needed)
        needed: int | None = slot.needed
        if meets(observed):
            while needed is not None and needed > 1 and meets(run(needed - 1)[0]):
                needed -= 1
                if needed <= slot.needed - MAX_EXTRA:
                    break
        else:
            needed = next(
                (
                    n
                    for n in range(slot.needed + 1, slot.needed + MAX_EXTRA + 1)
                    if meets(run(n)[0])
                ),
                None,
            )
    except simulation.SimulationError:
        return None
    points = 100.0 * abs(slot.figures.service_level - observed.service_level)
    return SimCheck(
        observed=observed,
        replications=replications,
        disagreement_points=points,
        meets_target=meets(observed),
        sentence=simulation.agreement_sentence(slot.figures, observed),
        officers_needed=needed,
    )


def _summary(slots: list[Slot]) -> Summary:
    missing = wasted = missing_all = wasted_all = 0.0
    for s in slots:
        if s.gap is None:
            continue
        if s.status == "under":
            missing += -s.gap
            missing_all += -s.gap * s.days_observed
        elif s.status == "over":
            wasted += s.gap
            wasted_all += s.gap * s.days_observed
    return Summary(
        hours_under=sum(s.status == "under" for s in slots),
        hours_over=sum(s.status == "over" for s in slots),
        officer_hours_missing_per_week=missing,
        officer_hours_wasted_per_week=wasted,
        officer_hours_missing=missing_all,
        officer_hours_wasted=wasted_all,
        disagreements=sum(_disagrees(s) for s in slots),
    )


def _disagrees(slot: Slot) -> bool:
    check = slot.check
    if check is None or slot.figures is None:
        return False
    return check.disagreement_points > DISAGREE_POINTS or check.officers_needed != slot.needed


def _agreement(
    office_code: str, slots: list[Slot], target: staffing.Target, simulate: bool, lang: str = "en"
) -> list[str]:
    """Plain sentences (English, or Indonesian with lang="id"): where the model and the
    simulation disagree, or that they agree."""
    w = AGREEMENT_WORDS[lang]
    checked = [s for s in slots if s.check is not None]
    if not simulate:
        return [w["unchecked"]]
    if not checked:
        return [w["nothing"]]
    out = []
    for s in checked:
        assert s.check is not None and s.figures is not None
        if not _disagrees(s):
            continue
        model_sl, sim_sl = s.figures.service_level, s.check.observed.service_level
        label = f"{w['days'][s.weekday]} {s.hour:02d}:00"
        text = w["slot"].format(
            office=office_code,
            label=label,
            model=s.model,
            needed=s.needed,
            model_sl=f"{model_sl:.0%}",
            seconds=f"{target.seconds:g}",
            sim_sl=f"{sim_sl:.0%}",
        )
        sim_needed = s.check.officers_needed
        if sim_needed is None:
            text += w["misses"].format(extra=(s.needed or 0) + MAX_EXTRA)
        elif sim_needed != s.needed:
            text += w["needs"].format(n=sim_needed)
        out.append(text)
    if out:
        fewer = sum(
            1
            for s in checked
            if s.check
            and s.check.officers_needed is not None
            and s.needed
            and s.check.officers_needed < s.needed
        )
        more = sum(
            1
            for s in checked
            if s.check and s.needed and (s.check.officers_needed or 10**9) > s.needed
        )
        out.insert(
            0,
            w["disagree"].format(
                office=office_code, n=len(out), of=len(checked), fewer=fewer, more=more
            ),
        )
    worst = max(checked, key=lambda s: s.check.disagreement_points if s.check else 0.0)
    assert worst.check is not None
    if not out:
        out.append(
            w["agree"].format(
                office=office_code,
                of=len(checked),
                gap=f"{worst.check.disagreement_points:.1f}",
                label=f"{w['days'][worst.weekday]} {worst.hour:02d}:00",
            )
        )
    return out
