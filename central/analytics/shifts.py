"""Flexible shifts: officers' weekly shifts that staff a need per half hour.

The shift plan staffs each open half hour with the officers needed in its hour (given, or
Erlang C for the measured arrival rate and handling time, at least one while open). Each
day's need is cut into layers (layer k: from the first to the last half hour needing k or
more officers, gaps filled), layers longer than `max_shift_hours` are split, and the pieces
are packed longest first onto officers (the one with the most hours left who has no shift
that day; a new officer when none fits) without passing the weekly hours. Every officer is
then topped up to the weekly hours with back-office time next to their shifts, and on other
weekdays if need be. Guarantee: every open half hour has at least the officers needed on a
counter shift, and each officer works the weekly hours rounded to the half hour (within
`HOURS_TOLERANCE`). The packing is greedy: the plan may use more officers than the lower
bound it reports (max(peak need, counter hours / weekly hours)), never fewer.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SLOTS = 48  # half hours in a day
MAX_SHIFT_HOURS = 9.0
HOURS_TOLERANCE = 0.25  # weekly hours are planned in half hours: at most this far off
BACK_OFFICE_EARLIEST = 6 * 2  # back-office time lies between 06:00 ...
BACK_OFFICE_LATEST = 20 * 2  # ... and 20:00
_EPS = 1e-9


class PlanError(ValueError):
    """A plan that cannot be made; the message is one line naming the parameter."""


def clock_text(slot: int) -> str:
    """A half-hour slot as HH:MM (48 -> 24:00)."""
    return f"{slot // 2:02d}:{30 * (slot % 2):02d}"


@dataclass(frozen=True)
class Shift:
    """One officer's shift on one weekday: the counter part and the whole (with back office)."""

    weekday: int
    start: int  # half-hour slots
    end: int
    counter_start: int | None
    counter_end: int | None

    @property
    def hours(self) -> float:
        """The shift's length in hours."""
        return (self.end - self.start) / 2.0

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dictionary, times as HH:MM."""
        counter = (
            None
            if self.counter_start is None or self.counter_end is None
            else {"start": clock_text(self.counter_start), "end": clock_text(self.counter_end)}
        )
        return {
            "weekday": WEEKDAYS[self.weekday],
            "start": clock_text(self.start),
            "end": clock_text(self.end),
            "hours": self.hours,
            "counter": counter,
        }


@dataclass
class Officer:
    """One officer slot of the plan: a shift on some weekdays."""

    number: int
    shifts: dict[int, Shift] = field(default_factory=dict)

    @property
    def hours(self) -> float:
        """Hours a week."""
        return math.fsum(s.hours for s in self.shifts.values())

    @property
    def counter_hours(self) -> float:
        """Hours a week at the counter."""
        return math.fsum(
            (s.counter_end - s.counter_start) / 2.0
            for s in self.shifts.values()
            if s.counter_start is not None and s.counter_end is not None
        )

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "officer": self.number,
            "weekly_hours": self.hours,
            "counter_hours": self.counter_hours,
            "back_office_hours": self.hours - self.counter_hours,
            "shifts": [self.shifts[d].to_json() for d in sorted(self.shifts)],
        }


@dataclass(frozen=True)
class ShiftPlan:
    """Officers' weekly shifts staffing the recommended window."""

    officers: list[Officer]
    needed: dict[tuple[int, int], int]  # (weekday, half-hour slot) -> officers at the counter
    weekly_hours: float
    lower_bound: int
    need_source: str

    def on_counter(self, weekday: int, slot: int) -> int:
        """Officers whose counter shift holds this half hour."""
        count = 0
        for officer in self.officers:
            shift = officer.shifts.get(weekday)
            if shift and shift.counter_start is not None and shift.counter_end is not None:
                count += shift.counter_start <= slot < shift.counter_end
        return count

    def uncovered(self) -> list[tuple[int, int]]:
        """Half hours with fewer officers at the counter than needed (empty by construction)."""
        return [key for key, need in self.needed.items() if self.on_counter(*key) < need]

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "officers_planned": len(self.officers),
            "officers_lower_bound": self.lower_bound,
            "weekly_hours": self.weekly_hours,
            "hours_tolerance": HOURS_TOLERANCE,
            "need_source": self.need_source,
            "needed": [
                {"weekday": WEEKDAYS[d], "start": clock_text(s), "officers": n}
                for (d, s), n in sorted(self.needed.items())
            ],
            "officers": [o.to_json() for o in self.officers],
            "uncovered": [
                {"weekday": WEEKDAYS[d], "start": clock_text(s)} for d, s in self.uncovered()
            ],
        }


def _layers(need: Mapping[int, int], max_slots: int) -> list[tuple[int, int]]:
    """One day's need as contiguous counter pieces [start, end), none over `max_slots`."""
    if not need:
        return []
    pieces = []
    for level in range(1, max(need.values()) + 1):
        slots = [s for s, n in need.items() if n >= level]
        start, end = min(slots), max(slots) + 1
        count = math.ceil((end - start) / max_slots)
        edges = [start + round(i * (end - start) / count) for i in range(count + 1)]
        pieces += list(itertools.pairwise(edges))
    return pieces


def plan_shifts(
    needs: Mapping[tuple[int, int], int],
    *,
    weekly_hours: float,
    max_shift_hours: float = MAX_SHIFT_HOURS,
    need_source: str = "given",
) -> ShiftPlan:
    """Pack the counter need into weekly shifts of `weekly_hours` (see the module's rule)."""
    weekly = round(weekly_hours * 2)
    max_slots = int(max_shift_hours * 2 + _EPS)
    if weekly < 1:
        raise PlanError("weekly_hours: must be at least half an hour")
    if max_slots < 1:
        raise PlanError("max_shift_hours: must be at least half an hour")
    if weekly > 6 * max_slots:
        raise PlanError(f"weekly_hours: more than six shifts of {max_shift_hours:g} h")
    max_slots = min(max_slots, weekly)  # no piece longer than a week's hours
    pieces: list[tuple[int, int, int]] = []  # (weekday, start, end)
    for weekday in range(7):
        day = {s: n for (d, s), n in needs.items() if d == weekday and n > 0}
        pieces += [(weekday, a, b) for a, b in _layers(day, max_slots)]
    pieces.sort(key=lambda p: (-(p[2] - p[1]), p[0], p[1]))
    officers: list[Officer] = []
    used: list[int] = []
    for weekday, start, end in pieces:
        length = end - start
        fits = [
            i
            for i, officer in enumerate(officers)
            if weekday not in officer.shifts and used[i] + length <= weekly
        ]
        if fits:
            chosen = min(fits, key=lambda i: (used[i], i))  # the most hours left
        else:
            officers.append(Officer(len(officers) + 1))
            used.append(0)
            chosen = len(officers) - 1
        officers[chosen].shifts[weekday] = Shift(weekday, start, end, start, end)
        used[chosen] += length
    for officer, counter in zip(officers, used, strict=True):
        _top_up(officer, weekly - counter, max_slots)
    counter_slots = sum(needs.values())
    peak = max((n for n in needs.values()), default=0)
    lower = max(peak, math.ceil(counter_slots / weekly)) if counter_slots else 0
    return ShiftPlan(
        officers=officers,
        needed=dict(needs),
        weekly_hours=weekly / 2.0,
        lower_bound=lower,
        need_source=need_source,
    )


def _top_up(officer: Officer, missing: int, max_slots: int) -> None:
    """Add back-office half hours round the working days in turn (after the shift, else
    before it), then whole shifts on free weekdays, until the week is full."""
    grown = True
    while missing > 0 and grown:
        grown = False
        for weekday in sorted(officer.shifts):
            if missing <= 0:
                break
            shift = officer.shifts[weekday]
            start, end = shift.start, shift.end
            if end - start >= max_slots:
                continue
            if end < BACK_OFFICE_LATEST:
                end += 1
            elif start > BACK_OFFICE_EARLIEST:
                start -= 1
            else:
                continue
            officer.shifts[weekday] = Shift(
                weekday, start, end, shift.counter_start, shift.counter_end
            )
            missing -= 1
            grown = True
    for weekday in range(6):  # Monday to Saturday
        if missing <= 0:
            return
        if weekday in officer.shifts:
            continue
        length = min(missing, max_slots)
        start = 8 * 2
        officer.shifts[weekday] = Shift(weekday, start, start + length, None, None)
        missing -= length
    if missing > 0:  # cannot happen: weekly <= 6 x max_slots was checked
        raise PlanError("weekly_hours: cannot be placed in six days")
