"""What the pages and the PDF read from the analytics' JSON, in one place.

The analytics modules document their `to_json()` shapes; these small views pick the
figures the dashboard and the report show, so a renamed key is fixed here once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Grid = dict[tuple[int, int], float]  # (weekday 0=Monday, hour) -> value


def _get(data: Mapping[str, Any] | None, *names: str, default: Any = None) -> Any:
    """The first of `names` present in `data` (dotted names go into nested objects)."""
    if not data:
        return default
    for name in names:
        value: Any = data
        for part in name.split("."):
            if not isinstance(value, Mapping) or part not in value:
                value = None
                break
            value = value[part]
        if value is not None:
            return value
    return default


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _grid(rows: Any, *names: str) -> Grid:
    out: Grid = {}
    if not isinstance(rows, list):
        return out
    for row in rows:
        if not isinstance(row, Mapping):
            continue
        weekday, hour = _get(row, "weekday"), _get(row, "hour")
        value = _num(_get(row, *names))
        if isinstance(weekday, int) and isinstance(hour, int) and value is not None:
            out[(weekday, hour)] = value
    return out


@dataclass(frozen=True)
class StaffView:
    """One office's staffing against the target."""

    needed: Grid
    present: Grid
    gap: Grid  # present - needed: negative short, positive over
    arrivals: Grid
    under_hours: float  # officer-hours a week short of the target
    over_hours: float  # officer-hours a week beyond what the target needs
    sentences: list[str]  # the model against the simulation, in plain words
    target_seconds: float | None
    target_level: float | None

    @property
    def balance(self) -> float:
        """Over minus under (officer-hours a week): below zero the office is short."""
        return self.over_hours - self.under_hours


def staff_view(plan: Mapping[str, Any], lang: str = "id") -> StaffView:
    """The view of one office's ideal_staff plan JSON (its target merged in), its sentences
    in `lang` (Indonesian unless "en")."""
    rows = _get(plan, "slots", default=[])
    needed = _grid(rows, "officers_needed")
    present = _grid(rows, "officers_present")
    gap = _grid(rows, "gap_officers")
    summary = _get(plan, "summary", default={})
    under = _num(_get(summary, "officer_hours_missing_per_week"))
    over = _num(_get(summary, "officer_hours_wasted_per_week"))
    agreement = _get(plan, "agreement" if lang == "en" else "agreement_id", default=None)
    if agreement is None:  # a plan computed before the Indonesian sentences existed
        agreement = _get(plan, "agreement", default=[])
    sentences = [a for a in agreement if isinstance(a, str)] if isinstance(agreement, list) else []
    return StaffView(
        needed=needed,
        present=present,
        gap=gap,
        arrivals=_grid(rows, "arrivals_per_hour"),
        under_hours=under if under is not None else -sum(v for v in gap.values() if v < 0),
        over_hours=over if over is not None else sum(v for v in gap.values() if v > 0),
        sentences=sentences,
        target_seconds=_num(_get(plan, "target_seconds")),
        target_level=_num(_get(plan, "target_level")),
    )


WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday(value: Any) -> int | None:
    if isinstance(value, int) and 0 <= value <= 6:
        return value
    if isinstance(value, str) and value.lower() in WEEKDAY_KEYS:
        return WEEKDAY_KEYS.index(value.lower())
    return None


def _clock(value: Any) -> float | None:
    """ "07:30" -> 7.5."""
    if not isinstance(value, str) or ":" not in value:
        return None
    hours, _, minutes = value.partition(":")
    try:
        return int(hours) + int(minutes) / 60
    except ValueError:
        return None


@dataclass(frozen=True)
class Window:
    """An opening window of one weekday, as HH:MM text and as hours."""

    start: str
    end: str

    @property
    def start_hours(self) -> float:
        return _clock(self.start) or 0.0

    @property
    def end_hours(self) -> float:
        return _clock(self.end) or 0.0

    @property
    def text(self) -> str:
        return f"{self.start}–{self.end}"


@dataclass(frozen=True)
class OfficerShifts:
    """One officer of the shift plan: weekly hours and a shift per working weekday."""

    number: int
    weekly_hours: float
    counter_hours: float
    shifts: list[tuple[int, str, str]]  # (weekday, start, end)


@dataclass(frozen=True)
class OpeningView:
    """One office's demand and the recommended opening window."""

    demand: Grid  # mean arrivals in the hour on a day of that weekday
    windows: dict[int, Window]  # open weekdays only
    open_now: dict[int, Window]  # the hours attendance shows open today
    saturday: bool | None
    wasted_hours: float | None  # hours a week now open with (almost) no demand
    share: float | None  # the share of demand the windows are to cover
    covered_share: float | None
    officers: list[OfficerShifts] = field(default_factory=list)
    officers_lower_bound: int | None = None


def opening_view(plan: Mapping[str, Any]) -> OpeningView:
    """The view of an opening_hours plan's JSON."""
    demand: Grid = {}
    by_weekday = _get(plan, "demand.by_weekday", default={})
    if isinstance(by_weekday, Mapping):
        for key, hours in by_weekday.items():
            weekday = _weekday(key)
            if weekday is None or not isinstance(hours, list):
                continue
            for row in hours:
                hour, mean = _get(row, "hour"), _num(_get(row, "mean", "arrivals"))
                if isinstance(hour, int) and mean is not None:
                    demand[(weekday, hour)] = mean
    windows: dict[int, Window] = {}
    open_now: dict[int, Window] = {}
    for day in _get(plan, "windows", default=[]) or []:
        weekday = _weekday(_get(day, "weekday"))
        if weekday is None:
            continue
        start, end = _get(day, "start"), _get(day, "end")
        if _get(day, "open") and isinstance(start, str) and isinstance(end, str):
            windows[weekday] = Window(start, end)
        now = _get(day, "open_now")
        if isinstance(now, Mapping) and isinstance(now.get("start"), str):
            open_now[weekday] = Window(str(now["start"]), str(now.get("end", "")))
    saturday = _get(plan, "saturday.open", "saturday")
    wasted_raw = _get(plan, "wasted_hours.hours", "wasted_hours")
    wasted = float(len(wasted_raw)) if isinstance(wasted_raw, list) else _num(wasted_raw)
    officers: list[OfficerShifts] = []
    for officer in _get(plan, "shift_plan.officers", default=[]) or []:
        shifts = [
            (wd, str(_get(s, "start")), str(_get(s, "end")))
            for s in _get(officer, "shifts", default=[]) or []
            if (wd := _weekday(_get(s, "weekday"))) is not None
        ]
        officers.append(
            OfficerShifts(
                number=int(_get(officer, "officer", default=len(officers) + 1)),
                weekly_hours=_num(_get(officer, "weekly_hours")) or 0.0,
                counter_hours=_num(_get(officer, "counter_hours")) or 0.0,
                shifts=shifts,
            )
        )
    bound = _get(plan, "shift_plan.officers_lower_bound")
    return OpeningView(
        demand=demand,
        windows=windows,
        open_now=open_now,
        saturday=saturday if isinstance(saturday, bool) else None,
        wasted_hours=wasted,
        share=_num(_get(plan, "share")),
        covered_share=_num(_get(plan, "covered_share")),
        officers=officers,
        officers_lower_bound=bound if isinstance(bound, int) else None,
    )


@dataclass(frozen=True)
class MergeView:
    """An under-used office and what merging it into its neighbour would do."""

    office: str
    served_per_officer_hour: float | None
    served_per_day: float | None
    neighbour: str | None
    wait_before_seconds: float | None
    wait_after_seconds: float | None
    wait_after_moved_seconds: float | None
    pushes_past_target: bool


def merge_view(candidate: Mapping[str, Any]) -> MergeView:
    """The view of an underused candidate's JSON."""
    merge = _get(candidate, "merge", default={}) or {}
    return MergeView(
        office=str(_get(candidate, "office_code", "office", default="?")),
        served_per_officer_hour=_num(_get(candidate, "served_per_officer_hour")),
        served_per_day=_num(_get(candidate, "served_per_day")),
        neighbour=_get(merge, "neighbour"),
        wait_before_seconds=_num(_get(merge, "before.average_wait_seconds")),
        wait_after_seconds=_num(_get(merge, "after.average_wait_seconds")),
        wait_after_moved_seconds=_num(
            _get(merge, "after_with_moved_officers.average_wait_seconds")
        ),
        pushes_past_target=bool(_get(merge, "pushes_past_target", default=False)),
    )


@dataclass(frozen=True)
class AgencyView:
    """One ranked agency."""

    agency_code: str
    rank: int | None
    stays: int
    median_days: float | None
    median_reached: bool
    late_share: float | None
    problems: int


def agency_views(report: Mapping[str, Any]) -> list[AgencyView]:
    """The ranked agencies of an agencies report's JSON, slowest first."""
    out = []
    for line in _get(report, "ranked", default=[]):
        median = _num(_get(line, "median_days"))
        if median is None:
            median = _num(_get(line, "longest_observed_days"))
        out.append(
            AgencyView(
                agency_code=str(_get(line, "agency_code", default="?")),
                rank=_get(line, "rank"),
                stays=int(_get(line, "stays", default=0)),
                median_days=median,
                median_reached=bool(_get(line, "median_reached", default=True)),
                late_share=_num(_get(line, "late_share")),
                problems=int(_get(line, "returned_with_problem", default=0)),
            )
        )
    return out


def weekday_windows(view: OpeningView, day_names: Sequence[str], closed: str) -> str:
    """Monday-Friday's windows, days sharing one grouped: "08:00–15:30" when all agree,
    else "08:00–15:30 (Sen, Sel, Rab), 08:30–16:00 (Kam, Jum)"."""
    groups: dict[str, list[str]] = {}
    for d in range(5):
        text = view.windows[d].text if d in view.windows else closed
        groups.setdefault(text, []).append(day_names[d][:3])
    if len(groups) == 1:
        return next(iter(groups))
    return ", ".join(f"{text} ({', '.join(days)})" for text, days in groups.items())
