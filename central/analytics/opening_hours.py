"""Opening hours: when citizens come, the window that serves most of them, and shifts for it.

Demand is measured per weekday and Jakarta hour as arrivals per calendar day of that
weekday in the window (a day with no cell counts as zero: a closed holiday lowers the mean
a little rather than vanishing). Within an hour arrivals are taken as uniform, so an hour's
demand splits evenly between its two half hours, and windows start and end on the half hour.

The recommended week covers at least `share` of the week's mean demand:
1. Days are closed, smallest demand first, while all closed days together hold at most half
   of the uncovered allowance, (1 - share) / 2 of the week (2.5 % at 95 %): a Saturday that
   brings fewer citizens than that is not worth opening.
2. Each open day then gets the shortest run of half hours covering share x week / (week -
   closed) of its own demand (more than `share` when a day was closed), ties to the run that
   covers more, then to the earlier one. Together the open days cover `share` of the week.

An hour is "open now" when attendance shows at least half an officer on duty in it on at
least half of that weekday's days. An open hour is wasted (nearly idle) when both its mean
demand is below `idle_share` of the office's mean demand per open hour (default a quarter)
and at least `IDLE_OFFICERS` officers in it on average were not handling visits (officers on
duty less the handling time): an hour after closing in which officers finish the queue is
busy, not wasted. The demand rule is relative so that a small office's ordinary hours are
not all called wasted; an office whose mean open hour brings fewer than
`IDLE_OFFICE_DEMAND` citizens is nearly idle as a whole, and is left to the under-used
answer (no hour listed).

The shift plan that staffs the window is made in central/analytics/shifts.py.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from central.analytics import shifts, staffing
from central.analytics.cells import HourCell
from central.analytics.shifts import (
    MAX_SHIFT_HOURS,
    SLOTS,
    WEEKDAYS,
    ShiftPlan,
    clock_text,
    plan_shifts,
)
from central.analytics.shifts import PlanError as PlanError  # recommend's refusal

SATURDAY = 5
DEFAULT_SHARE = 0.95
DEFAULT_WEEKLY_HOURS = 37.5  # the desks' default required weekly hours (office settings)
DEFAULT_PERCENTILE = 0.9
DEFAULT_IDLE_SHARE = 0.25  # of the mean demand per open hour: below it an open hour is wasted
DEFAULT_HANDLE_MINUTES = 10.0  # assumed when no handling time was measured
DEFAULT_TARGET = staffing.Target(seconds=900.0, level=0.8)
OPEN_OFFICERS = 0.5  # officers on duty on average for an hour to count as open
OPEN_DAYS = 0.5  # share of the weekday's days on which it must be open
IDLE_OFFICERS = 0.5  # officers not handling visits, on average, for an hour to be wasted
IDLE_OFFICE_DEMAND = 1.0  # arrivals in the mean open hour below which the office is idle
_EPS = 1e-9

Needed = Mapping[tuple[int, int], int]  # (weekday, hour) -> officers needed


# --- the days behind the means ---------------------------------------------------------


def span(cells: Iterable[HourCell], first: date | None, last: date | None) -> tuple[date, date]:
    """The window: as given, else from the first to the last day with a cell."""
    days = [c.day for c in cells]
    if first is None or last is None:
        if not days:
            raise PlanError("from: no data in the window")
        first = min(days) if first is None else first
        last = max(days) if last is None else last
    if first > last:
        raise PlanError("from: after to")
    return first, last


def days_by_weekday(first: date, last: date) -> list[int]:
    """How many calendar days of each weekday lie in [first, last]."""
    counts = [0] * 7
    whole, rest = divmod((last - first).days + 1, 7)
    for offset in range(7):
        counts[(first.weekday() + offset) % 7] += whole + (offset < rest)
    return counts


def percentile(values: Sequence[float], fraction: float, *, zeros: int = 0) -> float:
    """The nearest-rank percentile (the smallest value with `fraction` at or below it) of
    `values` and `zeros` more zeros (the days without a cell, never built as a list)."""
    count = len(values) + zeros
    if not count:
        return 0.0
    rank = max(1, math.ceil(fraction * count - _EPS))
    ordered = sorted(values)
    below = sum(1 for v in ordered if v < 0)  # arrivals are never negative; kept general
    if rank <= below:
        return float(ordered[rank - 1])
    if rank <= below + zeros:
        return 0.0
    return float(ordered[rank - zeros - 1])


@dataclass(frozen=True)
class Grid:
    """Means per weekday x hour over the window's calendar days."""

    first: date
    last: date
    days: list[int]  # per weekday
    arrivals: list[list[float]]  # [weekday][hour], mean per day
    high: list[list[float]]  # [weekday][hour], the high percentile per day
    officers: list[list[float]]  # [weekday][hour], mean officers on duty
    open_days: list[list[int]]  # [weekday][hour], days with OPEN_OFFICERS or more on duty
    idle: list[list[float]]  # [weekday][hour], mean officers on duty not handling visits
    handle_minutes: float
    handle_measured: bool

    def day_total(self, weekday: int) -> float:
        """Mean arrivals on that weekday."""
        return math.fsum(self.arrivals[weekday])

    @property
    def week_total(self) -> float:
        """Mean arrivals a week."""
        return math.fsum(self.day_total(d) for d in range(7))

    def is_open(self, weekday: int, hour: int) -> bool:
        """Open now: enough officers on duty on at least half the weekday's days."""
        days = self.days[weekday]
        return days > 0 and self.open_days[weekday][hour] >= OPEN_DAYS * days - _EPS


def grid(
    cells: Sequence[HourCell],
    *,
    first: date | None = None,
    last: date | None = None,
    percentile_of: float = DEFAULT_PERCENTILE,
) -> Grid:
    """Demand and attendance by weekday x hour from the cells of the window."""
    first, last = span(cells, first, last)
    days = days_by_weekday(first, last)
    per_day: dict[tuple[date, int], float] = {}
    officer_seconds: dict[tuple[date, int], float] = {}
    busy = [[0.0] * 24 for _ in range(7)]
    handle_count = 0
    handle_seconds = 0.0
    for cell in cells:
        if not first <= cell.day <= last:
            continue
        key = (cell.day, cell.hour)
        per_day[key] = per_day.get(key, 0.0) + cell.arrivals
        officer_seconds[key] = officer_seconds.get(key, 0.0) + cell.officer_seconds
        busy[cell.weekday][cell.hour] += cell.handle_seconds
        handle_count += cell.handle_count
        handle_seconds += cell.handle_seconds
    values: list[list[list[float]]] = [[[] for _ in range(24)] for _ in range(7)]
    officers = [[0.0] * 24 for _ in range(7)]
    open_days = [[0] * 24 for _ in range(7)]
    for (day, hour), count in per_day.items():
        values[day.weekday()][hour].append(count)
    for (day, hour), seconds in officer_seconds.items():
        officers[day.weekday()][hour] += seconds / 3600.0
        open_days[day.weekday()][hour] += seconds / 3600.0 >= OPEN_OFFICERS - _EPS
    arrivals = [[0.0] * 24 for _ in range(7)]
    high = [[0.0] * 24 for _ in range(7)]
    idle = [[0.0] * 24 for _ in range(7)]
    for weekday in range(7):
        n = days[weekday]
        for hour in range(24):
            seen = values[weekday][hour]
            if n:
                arrivals[weekday][hour] = math.fsum(seen) / n
                officers[weekday][hour] /= n
                idle[weekday][hour] = max(
                    0.0, officers[weekday][hour] - busy[weekday][hour] / 3600.0 / n
                )
                high[weekday][hour] = percentile(seen, percentile_of, zeros=n - len(seen))
    measured = handle_count > 0 and handle_seconds > 0
    return Grid(
        first=first,
        last=last,
        days=days,
        arrivals=arrivals,
        high=high,
        officers=officers,
        open_days=open_days,
        idle=idle,
        handle_minutes=handle_seconds / handle_count / 60.0 if measured else DEFAULT_HANDLE_MINUTES,
        handle_measured=measured,
    )


# --- the window ---------------------------------------------------------------------------


def shortest_window(slots: Sequence[float], need: float) -> tuple[int, int] | None:
    """The shortest run [start, end) of slots whose sum reaches `need`; ties to the larger
    sum, then the earlier start. None when nothing is needed (or it cannot be reached)."""
    if need <= _EPS:
        return None
    best: tuple[int, float, int] | None = None  # (length, -sum, start)
    for start in range(len(slots)):
        total = 0.0
        for end in range(start + 1, len(slots) + 1):
            total += slots[end - 1]
            if total >= need - _EPS * max(1.0, need):
                key = (end - start, -total, start)
                if best is None or key < best:
                    best = key
                break
    if best is None:
        return None
    return best[2], best[2] + best[0]


@dataclass(frozen=True)
class DayPlan:
    """One weekday: its demand, whether to open, and when."""

    weekday: int
    demand: float  # mean arrivals that day
    share_of_week: float
    open: bool
    start: int | None  # half-hour slot
    end: int | None
    covered_share: float  # of that day's demand
    open_now: tuple[int, int] | None  # first and last+1 hour open by attendance
    reason: str

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dictionary, times as HH:MM."""
        return {
            "weekday": WEEKDAYS[self.weekday],
            "demand_per_day": round(self.demand, 2),
            "share_of_week": round(self.share_of_week, 4),
            "open": self.open,
            "start": None if self.start is None else clock_text(self.start),
            "end": None if self.end is None else clock_text(self.end),
            "hours": 0.0 if self.start is None or self.end is None else (self.end - self.start) / 2,
            "covered_share": round(self.covered_share, 4),
            "open_now": None
            if self.open_now is None
            else {"start": f"{self.open_now[0]:02d}:00", "end": f"{self.open_now[1]:02d}:00"},
            "reason": self.reason,
        }


@dataclass(frozen=True)
class WastedHour:
    """An hour open now (by attendance) with almost nobody coming."""

    weekday: int
    hour: int
    arrivals: float
    officers: float
    idle_officers: float
    in_recommended_window: bool

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "weekday": WEEKDAYS[self.weekday],
            "hour": self.hour,
            "arrivals_per_day": round(self.arrivals, 3),
            "officers_on_duty": round(self.officers, 2),
            "idle_officers": round(self.idle_officers, 2),
            "in_recommended_window": self.in_recommended_window,
        }


def half_hours(g: Grid, weekday: int) -> list[float]:
    """A weekday's mean demand per half-hour slot (each hour split evenly)."""
    return [g.arrivals[weekday][slot // 2] / 2.0 for slot in range(SLOTS)]


def plan_days(g: Grid, share: float) -> list[DayPlan]:
    """Which days to open and each open day's window (see the module's rule)."""
    week = g.week_total
    allowance = (1.0 - share) / 2.0 * week
    closed: set[int] = set()
    closed_total = 0.0
    for weekday in sorted(range(7), key=lambda d: (g.day_total(d), -d)):
        demand = g.day_total(weekday)
        if closed_total + demand <= allowance + _EPS:
            closed.add(weekday)
            closed_total += demand
    open_total = week - closed_total
    day_share = min(1.0, share * week / open_total) if open_total > _EPS else 1.0
    plans = []
    for weekday in range(7):
        demand = g.day_total(weekday)
        of_week = demand / week if week > _EPS else 0.0
        hours_open = [h for h in range(24) if g.is_open(weekday, h)]
        open_now = (hours_open[0], hours_open[-1] + 1) if hours_open else None
        if weekday in closed:
            reason = (
                f"closed: {of_week:.1%} of the week's demand, within the "
                f"{(1.0 - share) / 2.0:.1%} a closed day may cost at {share:.0%} coverage"
            )
            if demand <= _EPS:
                reason = "closed: nobody came on this day"
            plans.append(
                DayPlan(weekday, demand, of_week, False, None, None, 0.0, open_now, reason)
            )
            continue
        slots = half_hours(g, weekday)
        window = shortest_window(slots, day_share * demand)
        if window is None:  # a share so small that nothing need be covered: the busiest slot
            busiest = max(range(SLOTS), key=lambda slot: (slots[slot], -slot))
            window = (busiest, busiest + 1)
        start, end = window
        covered = math.fsum(slots[start:end]) / demand
        reason = (
            f"open: {of_week:.1%} of the week's demand; the window covers {covered:.1%} "
            f"of the day (needed {day_share:.1%})"
        )
        plans.append(DayPlan(weekday, demand, of_week, True, start, end, covered, open_now, reason))
    return plans


def mean_open_hour(g: Grid) -> float | None:
    """Mean arrivals in the hours open now (None when none is)."""
    open_hours = [(d, h) for d in range(7) for h in range(24) if g.is_open(d, h)]
    if not open_hours:
        return None
    return math.fsum(g.arrivals[d][h] for d, h in open_hours) / len(open_hours)


def wasted_hours(g: Grid, days: Sequence[DayPlan], idle_below: float) -> list[WastedHour]:
    """Hours open now with demand below `idle_below` an hour and officers mostly idle."""
    found = []
    for day in days:
        for hour in range(24):
            if (
                not g.is_open(day.weekday, hour)
                or g.arrivals[day.weekday][hour] >= idle_below
                or g.idle[day.weekday][hour] < IDLE_OFFICERS - _EPS
            ):
                continue
            inside = (
                day.start is not None
                and day.end is not None
                and day.start < 2 * hour + 2
                and 2 * hour < day.end
            )
            found.append(
                WastedHour(
                    day.weekday,
                    hour,
                    g.arrivals[day.weekday][hour],
                    g.officers[day.weekday][hour],
                    g.idle[day.weekday][hour],
                    inside,
                )
            )
    return found


# --- the need to staff ------------------------------------------------------------------


def erlang_needed(
    g: Grid, days: Sequence[DayPlan], target: staffing.Target
) -> dict[tuple[int, int], int]:
    """Officers needed per (weekday, hour) of the open windows: Erlang C at the mean rate."""
    needed = {}
    for day in days:
        if day.start is None or day.end is None:
            continue
        for hour in range(day.start // 2, (day.end + 1) // 2):
            rate = g.arrivals[day.weekday][hour]
            if rate <= 0:
                needed[(day.weekday, hour)] = 1
                continue
            load = staffing.Load(rate, g.handle_minutes)
            needed[(day.weekday, hour)] = staffing.officers_needed(load, target).officers
    return needed


def slot_needs(days: Sequence[DayPlan], needed: Needed) -> dict[tuple[int, int], int]:
    """Officers needed per open half hour: its hour's need, at least one while open."""
    result = {}
    for day in days:
        if day.start is None or day.end is None:
            continue
        for slot in range(day.start, day.end):
            result[(day.weekday, slot)] = max(1, int(needed.get((day.weekday, slot // 2), 1)))
    return result


# --- the answer -----------------------------------------------------------------------------


@dataclass(frozen=True)
class OpeningPlan:
    """The opening-hours answer for one office (or several taken together)."""

    offices: tuple[str, ...]
    grid: Grid
    share: float
    percentile: float
    idle_share: float
    idle_below: float
    office_nearly_idle: bool
    target: staffing.Target
    days: list[DayPlan]
    wasted: list[WastedHour]
    shifts: ShiftPlan

    @property
    def saturday(self) -> DayPlan:
        """Saturday's plan: open or not, and why."""
        return self.days[SATURDAY]

    @property
    def covered_share(self) -> float:
        """The share of the week's demand inside the recommended windows."""
        week = self.grid.week_total
        inside = math.fsum(d.covered_share * d.demand for d in self.days if d.open)
        return inside / week if week > _EPS else 0.0

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dictionary that states its own definitions."""
        g = self.grid
        return {
            "offices": list(self.offices),
            "from": g.first.isoformat(),
            "to": g.last.isoformat(),
            "share": self.share,
            "covered_share": round(self.covered_share, 4),
            "days_observed": {WEEKDAYS[d]: g.days[d] for d in range(7)},
            "demand": {
                "unit": "arrivals per calendar day of the weekday",
                "percentile": self.percentile,
                "week_total": round(g.week_total, 2),
                "by_weekday": {
                    WEEKDAYS[d]: [
                        {
                            "hour": h,
                            "mean": round(g.arrivals[d][h], 3),
                            "high": g.high[d][h],
                            "officers_on_duty": round(g.officers[d][h], 2),
                            "open_now": g.is_open(d, h),
                        }
                        for h in range(24)
                        if g.arrivals[d][h] > 0 or g.officers[d][h] > 0
                    ]
                    for d in range(7)
                },
            },
            "windows": [d.to_json() for d in self.days],
            "saturday": {
                "open": self.saturday.open,
                "share_of_week": round(self.saturday.share_of_week, 4),
                "reason": self.saturday.reason,
            },
            "wasted_hours": {
                "rule": (
                    f"open now (at least {OPEN_OFFICERS:g} officer on duty on at least "
                    f"{OPEN_DAYS:.0%} of the weekday's days), fewer arrivals than "
                    f"{self.idle_share:.0%} of the mean open hour's "
                    f"({self.idle_below:.2f} an hour), and {IDLE_OFFICERS:g} officer or more "
                    f"not handling visits; none listed when the mean open hour "
                    f"brings fewer than {IDLE_OFFICE_DEMAND:g} (the office is nearly idle)"
                ),
                "office_nearly_idle": self.office_nearly_idle,
                "below_arrivals_per_hour": round(self.idle_below, 3),
                "hours": [w.to_json() for w in self.wasted],
            },
            "handle_minutes": round(g.handle_minutes, 2),
            "handle_minutes_measured": g.handle_measured,
            "target": {"seconds": self.target.seconds, "level": self.target.level},
            "shift_plan": self.shifts.to_json(),
            "method": METHOD,
        }


def recommend(
    cells: Sequence[HourCell],
    *,
    share: float = DEFAULT_SHARE,
    weekly_hours: float = DEFAULT_WEEKLY_HOURS,
    needed: Needed | None = None,
    first: date | None = None,
    last: date | None = None,
    percentile_of: float = DEFAULT_PERCENTILE,
    idle_share: float = DEFAULT_IDLE_SHARE,
    target: staffing.Target = DEFAULT_TARGET,
    max_shift_hours: float = MAX_SHIFT_HOURS,
) -> OpeningPlan:
    """Demand by weekday x hour, the window covering `share` of it, wasted hours, shifts."""
    if not (math.isfinite(share) and 0 < share <= 1):
        raise PlanError(f"share: must be in (0, 1], not {share!r}")
    if not (math.isfinite(weekly_hours) and weekly_hours > 0):
        raise PlanError(f"weekly_hours: must be a positive number, not {weekly_hours!r}")
    if not 0 < percentile_of <= 1:
        raise PlanError(f"percentile: must be in (0, 1], not {percentile_of!r}")
    if not (math.isfinite(idle_share) and 0 <= idle_share <= 1):
        raise PlanError(f"idle_share: must be in [0, 1], not {idle_share!r}")
    g = grid(cells, first=first, last=last, percentile_of=percentile_of)
    days = plan_days(g, share)
    open_hour = mean_open_hour(g)
    office_idle = open_hour is not None and open_hour < IDLE_OFFICE_DEMAND
    below = idle_share * (open_hour or 0.0)
    if needed is None:
        try:
            needed = erlang_needed(g, days, target)
        except staffing.StaffingError as exc:
            raise PlanError(str(exc)) from exc
        how = "measured" if g.handle_measured else "assumed"
        source = (
            f"erlang-c: {target.level:.0%} within {target.seconds:g} s, mean arrivals an hour, "
            f"handling {g.handle_minutes:.1f} min ({how})"
        )
    else:
        source = "given"
    shifts = plan_shifts(
        slot_needs(days, needed),
        weekly_hours=weekly_hours,
        max_shift_hours=max_shift_hours,
        need_source=source,
    )
    return OpeningPlan(
        offices=tuple(sorted({c.office_code for c in cells})),
        grid=g,
        share=share,
        percentile=percentile_of,
        idle_share=idle_share,
        idle_below=below,
        target=target,
        days=days,
        wasted=[] if office_idle else wasted_hours(g, days, below),
        office_nearly_idle=office_idle,
        shifts=shifts,
    )


METHOD = " ".join(f"{__doc__ or ''}\n{shifts.__doc__ or ''}".split())
