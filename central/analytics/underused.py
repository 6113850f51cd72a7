"""Under-used offices: citizens served per officer-hour and per day, and what merging costs.

Citizens served are arrivals less tickets abandoned; officer-hours come from attendance.
Both are summed over the window and divided by its calendar days (every office shares the
same days, so a closed day counts as zero everywhere).

An office is a merge candidate when it is a kelurahan office (a code of four parts) and
either rule of the threshold holds: it serves fewer than `share_of_median` of the city's
median citizens per officer-hour (over the offices with attendance), or (when set) fewer
than `min_per_day` citizens a day. The default is 25 % of the median and no daily floor.

Each candidate is merged, on paper, into its neighbour: the other office of its kecamatan
(the kecamatan office, code XX.XX.XX, included) with the most spare officer-hours a day
(attendance less the work handled: served x its mean handling time). Its citizens are
taken to come to the neighbour at the same weekday and hour. For every weekday x hour in
which the neighbour has officers on duty, Erlang C gives the neighbour's wait with its
measured handling time and its officers (the mean on duty, rounded, at least one): before,
after with the same officers, and after with the candidate's officers moved too. A merge
whose worst hour falls below the target (default 80 % within 15 minutes) is marked.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from central.analytics import staffing
from central.analytics.cells import HourCell, kecamatan_of
from central.analytics.opening_hours import DEFAULT_HANDLE_MINUTES, days_by_weekday
from central.analytics.shifts import WEEKDAYS

DEFAULT_SHARE_OF_MEDIAN = 0.25
DEFAULT_TARGET = staffing.Target(seconds=900.0, level=0.8)


class UnderusedError(ValueError):
    """A question that cannot be answered; the message is one line naming the parameter."""


@dataclass(frozen=True)
class Threshold:
    """Below either rule an office is a merge candidate."""

    share_of_median: float = DEFAULT_SHARE_OF_MEDIAN
    min_per_day: float | None = None

    def __post_init__(self) -> None:
        if not (math.isfinite(self.share_of_median) and 0 <= self.share_of_median <= 1):
            raise UnderusedError(f"threshold: must be in [0, 1], not {self.share_of_median!r}")
        if self.min_per_day is not None and not (
            math.isfinite(self.min_per_day) and self.min_per_day >= 0
        ):
            raise UnderusedError(f"min_per_day: must be zero or more, not {self.min_per_day!r}")


@dataclass(frozen=True)
class OfficeUse:
    """One office's use over the window."""

    office_code: str
    days: int
    served: int
    officer_hours: float
    handle_minutes: float
    handle_measured: bool
    # (weekday, hour) -> mean arrivals, mean officers on duty, per calendar day
    arrivals: dict[tuple[int, int], float]
    officers: dict[tuple[int, int], float]

    @property
    def per_day(self) -> float:
        """Citizens served a day."""
        return self.served / self.days if self.days else 0.0

    @property
    def per_officer_hour(self) -> float | None:
        """Citizens served per officer-hour; None without attendance."""
        return self.served / self.officer_hours if self.officer_hours > 0 else None

    @property
    def spare_hours_per_day(self) -> float:
        """Officer-hours a day not spent handling citizens (never below zero)."""
        work = self.served * self.handle_minutes / 60.0
        return max(0.0, self.officer_hours - work) / self.days if self.days else 0.0

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        rate = self.per_officer_hour
        return {
            "office_code": self.office_code,
            "kecamatan": kecamatan_of(self.office_code),
            "served": self.served,
            "served_per_day": round(self.per_day, 2),
            "officer_hours": round(self.officer_hours, 1),
            "served_per_officer_hour": None if rate is None else round(rate, 3),
            "spare_officer_hours_per_day": round(self.spare_hours_per_day, 2),
            "handle_minutes": round(self.handle_minutes, 2),
            "handle_minutes_measured": self.handle_measured,
        }


def office_use(code: str, cells: Sequence[HourCell], first: date, last: date) -> OfficeUse:
    """One office's figures over [first, last] from its cells."""
    days = days_by_weekday(first, last)
    served = 0
    officer_seconds = 0.0
    handle_count = 0
    handle_seconds = 0.0
    arrivals: dict[tuple[int, int], float] = {}
    officers: dict[tuple[int, int], float] = {}
    for cell in cells:
        if not first <= cell.day <= last:
            continue
        served += max(0, cell.arrivals - cell.abandoned)
        officer_seconds += cell.officer_seconds
        handle_count += cell.handle_count
        handle_seconds += cell.handle_seconds
        key = (cell.weekday, cell.hour)
        arrivals[key] = arrivals.get(key, 0.0) + cell.arrivals / days[cell.weekday]
        officers[key] = officers.get(key, 0.0) + cell.officer_seconds / 3600.0 / days[cell.weekday]
    measured = handle_count > 0 and handle_seconds > 0
    return OfficeUse(
        office_code=code,
        days=(last - first).days + 1,
        served=served,
        officer_hours=officer_seconds / 3600.0,
        handle_minutes=handle_seconds / handle_count / 60.0 if measured else DEFAULT_HANDLE_MINUTES,
        handle_measured=measured,
        arrivals=arrivals,
        officers=officers,
    )


# --- the merge, modelled ------------------------------------------------------------------


@dataclass(frozen=True)
class Wait:
    """Erlang C at one hour: officers, average wait, service level."""

    officers: int
    arrivals_per_hour: float
    average_wait_seconds: float | None  # None: the queue grows without bound
    service_level: float

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        wait = self.average_wait_seconds
        return {
            "officers": self.officers,
            "arrivals_per_hour": round(self.arrivals_per_hour, 3),
            "average_wait_seconds": None if wait is None else round(wait, 1),
            "service_level": round(self.service_level, 4),
        }


def erlang_wait(
    arrivals_per_hour: float, handle_minutes: float, officers: int, target: staffing.Target
) -> Wait:
    """The Erlang C wait of `officers` facing the rate (no arrivals: no wait)."""
    if arrivals_per_hour <= 0:
        return Wait(officers, 0.0, 0.0, 1.0)
    load = staffing.Load(arrivals_per_hour, handle_minutes)
    found = staffing.figures(load, officers=officers, target_seconds=target.seconds)
    return Wait(officers, arrivals_per_hour, found.average_wait_seconds, found.service_level)


@dataclass(frozen=True)
class HourEffect:
    """The neighbour at one weekday x hour: before and after the merge."""

    weekday: int
    hour: int
    added_arrivals: float
    before: Wait
    after: Wait  # the neighbour's officers only
    after_moved: Wait  # with the candidate's officers moved over

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "weekday": WEEKDAYS[self.weekday],
            "hour": self.hour,
            "added_arrivals_per_hour": round(self.added_arrivals, 3),
            "before": self.before.to_json(),
            "after": self.after.to_json(),
            "after_with_moved_officers": self.after_moved.to_json(),
        }


def _weighted_wait(waits: Sequence[Wait]) -> float | None:
    """The arrival-weighted average wait over hours; None when one grows without bound (or
    no hour was modelled: the neighbour shows no attendance)."""
    if not waits:
        return None
    total = math.fsum(w.arrivals_per_hour for w in waits)
    if any(w.average_wait_seconds is None for w in waits):
        return None
    if total <= 0:
        return 0.0
    return math.fsum(w.arrivals_per_hour * (w.average_wait_seconds or 0.0) for w in waits) / total


def _worst(waits: Sequence[Wait]) -> float:
    return min((w.service_level for w in waits), default=1.0)


@dataclass(frozen=True)
class Merge:
    """The modelled effect on the neighbour of taking in the candidate's citizens."""

    neighbour: OfficeUse
    hours: list[HourEffect]
    target: staffing.Target

    @property
    def added_per_hour(self) -> float:
        """Mean added arrivals per modelled hour."""
        if not self.hours:
            return 0.0
        return math.fsum(h.added_arrivals for h in self.hours) / len(self.hours)

    @property
    def peak_added_per_hour(self) -> float:
        """The most arrivals added in one hour."""
        return max((h.added_arrivals for h in self.hours), default=0.0)

    def wait(self, which: str) -> float | None:
        """Arrival-weighted average wait in seconds: 'before', 'after' or 'after_moved'."""
        return _weighted_wait([getattr(h, which) for h in self.hours])

    def worst_level(self, which: str) -> float:
        """The lowest hourly service level: 'before', 'after' or 'after_moved'."""
        return _worst([getattr(h, which) for h in self.hours])

    def past_target(self, which: str) -> bool:
        """Some hour misses the target."""
        return self.worst_level(which) < self.target.level - 1e-12

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        worst = min(self.hours, key=lambda h: h.after.service_level, default=None)

        def summary(which: str) -> dict[str, Any]:
            wait = self.wait(which)
            return {
                "average_wait_seconds": None if wait is None else round(wait, 1),
                "worst_service_level": round(self.worst_level(which), 4),
                "past_target": self.past_target(which),
            }

        before, after, moved = self.wait("before"), self.wait("after"), self.wait("after_moved")
        return {
            "neighbour": self.neighbour.office_code,
            "neighbour_spare_officer_hours_per_day": round(self.neighbour.spare_hours_per_day, 2),
            "neighbour_handle_minutes": round(self.neighbour.handle_minutes, 2),
            "modelled_hours": len(self.hours),
            "added_arrivals_per_hour": round(self.added_per_hour, 3),
            "peak_added_arrivals_per_hour": round(self.peak_added_per_hour, 3),
            "before": summary("before"),
            "after": summary("after"),
            "after_with_moved_officers": summary("after_moved"),
            "added_wait_seconds": None
            if before is None or after is None
            else round(after - before, 1),
            "added_wait_seconds_with_moved_officers": None
            if before is None or moved is None
            else round(moved - before, 1),
            "pushes_past_target": self.past_target("after") and not self.past_target("before"),
            "pushes_past_target_with_moved_officers": self.past_target("after_moved")
            and not self.past_target("before"),
            "worst_hour": None if worst is None else worst.to_json(),
            "hours": [h.to_json() for h in self.hours],
        }


def model_merge(candidate: OfficeUse, neighbour: OfficeUse, *, target: staffing.Target) -> Merge:
    """Erlang C at each hour the neighbour has officers: before and after the merge."""
    hours = []
    for key in sorted(neighbour.officers):
        on_duty = neighbour.officers[key]
        if on_duty <= 0:
            continue
        officers = max(1, round(on_duty))
        moved = round(candidate.officers.get(key, 0.0))
        base = neighbour.arrivals.get(key, 0.0)
        added = candidate.arrivals.get(key, 0.0)
        handle = neighbour.handle_minutes
        hours.append(
            HourEffect(
                weekday=key[0],
                hour=key[1],
                added_arrivals=added,
                before=erlang_wait(base, handle, officers, target),
                after=erlang_wait(base + added, handle, officers, target),
                after_moved=erlang_wait(base + added, handle, officers + moved, target),
            )
        )
    return Merge(neighbour, hours, target)


# --- the answer -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MergeCandidate:
    """An office below the threshold, and what merging it into its neighbour would do."""

    office: OfficeUse
    reasons: tuple[str, ...]
    merge: Merge | None  # None: no other office in its kecamatan

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            **self.office.to_json(),
            "reasons": list(self.reasons),
            "merge": None if self.merge is None else self.merge.to_json(),
        }


@dataclass(frozen=True)
class Underused:
    """Every office's use, the city median, and the merge candidates."""

    first: date
    last: date
    offices: list[OfficeUse]
    median_per_officer_hour: float | None
    threshold: Threshold
    target: staffing.Target
    candidates: list[MergeCandidate]

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dictionary that states its own rule."""
        median = self.median_per_officer_hour
        return {
            "from": self.first.isoformat(),
            "to": self.last.isoformat(),
            "median_served_per_officer_hour": None if median is None else round(median, 3),
            "threshold": {
                "share_of_median": self.threshold.share_of_median,
                "min_per_day": self.threshold.min_per_day,
            },
            "target": {"seconds": self.target.seconds, "level": self.target.level},
            "candidates": [c.to_json() for c in self.candidates],
            "offices": [o.to_json() for o in self.offices],
            "method": __doc__.strip() if __doc__ else "",
        }


def _window(
    cells_by_office: Mapping[str, Sequence[HourCell]], first: date | None, last: date | None
) -> tuple[date, date]:
    days = [c.day for cells in cells_by_office.values() for c in cells]
    if (first is None or last is None) and not days:
        raise UnderusedError("from: no data in the window")
    first = min(days) if first is None else first
    last = max(days) if last is None else last
    if first > last:
        raise UnderusedError("from: after to")
    return first, last


def is_kelurahan(office_code: str) -> bool:
    """A kelurahan office (four-part code), not a kecamatan office."""
    return len(office_code.split(".")) == 4


def _reasons(use: OfficeUse, median: float | None, threshold: Threshold) -> tuple[str, ...]:
    """Why an office is below the threshold (empty: it is not)."""
    reasons = []
    rate = use.per_officer_hour
    if median is not None and rate is not None and rate < threshold.share_of_median * median:
        reasons.append(
            f"{rate:.2f} served per officer-hour, below {threshold.share_of_median:.0%} "
            f"of the city median {median:.2f}"
        )
    if threshold.min_per_day is not None and use.per_day < threshold.min_per_day:
        reasons.append(f"{use.per_day:.1f} served a day, below {threshold.min_per_day:g} a day")
    return tuple(reasons)


def analyse(
    cells_by_office: Mapping[str, Sequence[HourCell]],
    *,
    threshold: Threshold | float | None = None,
    target: staffing.Target = DEFAULT_TARGET,
    first: date | None = None,
    last: date | None = None,
) -> Underused:
    """Every office's use, and the candidates below the threshold with their merge modelled.

    `threshold`: the rule, or a share of the median alone; None: the default rule.
    """
    if not isinstance(threshold, Threshold):
        threshold = Threshold() if threshold is None else Threshold(threshold)
    first, last = _window(cells_by_office, first, last)
    uses = [office_use(code, cells, first, last) for code, cells in sorted(cells_by_office.items())]
    rates = [r for u in uses if (r := u.per_officer_hour) is not None]
    median = statistics.median(rates) if rates else None
    below: dict[str, tuple[str, ...]] = {}
    for use in uses:
        if is_kelurahan(use.office_code):
            reasons = _reasons(use, median, threshold)
            if reasons:
                below[use.office_code] = reasons
    found = []
    for use in uses:
        if use.office_code not in below:
            continue
        kecamatan = kecamatan_of(use.office_code)
        others = [u for u in uses if u is not use and kecamatan_of(u.office_code) == kecamatan]
        # A neighbour that is itself a candidate only when the kecamatan has no other.
        others = [u for u in others if u.office_code not in below] or others
        merge = None
        if others:
            neighbour = max(others, key=lambda u: (u.spare_hours_per_day, u.office_code))
            merge = model_merge(use, neighbour, target=target)
        found.append(MergeCandidate(use, below[use.office_code], merge))
    found.sort(key=lambda c: (c.office.per_officer_hour or 0.0, c.office.office_code))
    return Underused(first, last, uses, median, threshold, target, found)


def candidates(
    cells_by_office: Mapping[str, Sequence[HourCell]],
    *,
    threshold: Threshold | float | None = None,
    target: staffing.Target = DEFAULT_TARGET,
    first: date | None = None,
    last: date | None = None,
) -> list[MergeCandidate]:
    """The merge candidates alone (least used first)."""
    found = analyse(cells_by_office, threshold=threshold, target=target, first=first, last=last)
    return found.candidates
