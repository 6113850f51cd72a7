"""Uncooperative agencies: how long each agency (dinas) holds the files it is sent.

Time held is measured in calendar days (fractional), from the forward to the moment the
file came back: the citizen waits on the calendar, and the due date already turns the SLA's
working days into a day on it. A stay still open at `now` is censored there, and so is one
ended by the office withdrawing the file (rejected or cancelled while out): the agency had
not answered yet, so all we know is that it held the file at least that long. The
Kaplan-Meier estimator uses those stays for what they say instead of dropping them, which
would make the slowest agency (the one still sitting on its files) look quick.

A stay is late when the task's due date (the end of that day in Jakarta) passed while the
agency held the file. The share late counts only the stays that arrived before their due
date (the ones the agency could still keep on time); an open stay counts as not late until
its due date passes.

A stay is "sent back with a problem" when the agency returned it with outcome "problem",
or when the office rejected the task at the stay's end or afterwards with no other forward
in between (the agency's answer was a refusal).

Agencies with fewer than MIN_STAYS stays in the window are not ranked: they are listed as
"too few to judge". The others are ranked by the Kaplan-Meier median time held, longest
first; a median the curve never reaches counts as the longest time observed (a lower bound,
shown as "more than"); ties go to the larger share late, then to more stays.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

MIN_STAYS = 5
DAY_SECONDS = 86_400.0
PROBLEM = "problem"
RETURNED_OUTCOMES = frozenset({"complete", PROBLEM})


# --- Kaplan-Meier -------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """The survival curve after an event time: S(time), at risk just before, events at it."""

    time: float
    survival: float
    at_risk: int
    events: int


def kaplan_meier(observations: Iterable[tuple[float, bool]]) -> list[Step]:
    """The Kaplan-Meier curve of (duration, ended) pairs; ended False means censored.

    A stay censored at the same time as an event is taken to be still at risk then (the
    usual convention); the curve has one step per distinct event time.
    """
    ordered = sorted(observations)
    at_risk = len(ordered)
    survival = 1.0
    steps: list[Step] = []
    i = 0
    while i < len(ordered):
        time = ordered[i][0]
        events = leaving = 0
        while i < len(ordered) and ordered[i][0] == time:
            events += ordered[i][1]
            leaving += 1
            i += 1
        if events:
            survival *= 1.0 - events / at_risk
            steps.append(Step(time, survival, at_risk, events))
        at_risk -= leaving
    return steps


def quantile(curve: Sequence[Step], fraction: float) -> float | None:
    """The time by which `fraction` of the files had come back: the first t with
    S(t) <= 1 - fraction; None when the curve never drops that far."""
    for step in curve:
        if step.survival <= 1.0 - fraction + 1e-12:
            return step.time
    return None


# --- the stays and the report ----------------------------------------------------------------


@dataclass(frozen=True)
class StayFact:
    """One stay of a task at an agency with what the report needs of its task."""

    office_code: str
    stay_id: str
    task_id: str
    tracking_no: str | None
    agency_code: str
    forwarded_at: datetime
    ended_at: datetime | None  # None: still at the agency
    outcome: str | None  # "complete" | "problem" | "withdrawn" | None while open
    due_at: datetime | None  # the end of the due day (Jakarta); None when unknown
    rejected_after: bool  # the office rejected the task after this stay, none in between

    def held_days(self, now: datetime) -> float:
        """Calendar days held, up to `now` while open (never below zero)."""
        end = self.ended_at if self.ended_at is not None else now
        return max((end - self.forwarded_at).total_seconds(), 0.0) / DAY_SECONDS

    @property
    def returned(self) -> bool:
        """The agency answered (the event of the estimator; anything else is censored)."""
        return self.outcome in RETURNED_OUTCOMES

    @property
    def open(self) -> bool:
        """Still at the agency."""
        return self.ended_at is None

    def could_be_late(self) -> bool:
        """The file arrived before its due date passed."""
        return self.due_at is not None and self.forwarded_at < self.due_at

    def late(self, now: datetime) -> bool:
        """The due date passed while the agency held the file."""
        end = self.ended_at if self.ended_at is not None else now
        return self.due_at is not None and self.forwarded_at < self.due_at <= end

    @property
    def problem(self) -> bool:
        """Sent back with a problem, or refused by the office after it."""
        return self.outcome == PROBLEM or self.rejected_after


@dataclass(frozen=True)
class AgencyLine:
    """One agency's figures in the window."""

    agency_code: str
    stays: int
    open: int
    returned: int
    median_days: float | None  # None: fewer than half came back within what was observed
    p90_days: float | None  # None: the curve never dropped to 10 %
    longest_observed_days: float
    late: int
    could_be_late: int
    problems: int
    offices: tuple[str, ...]
    rank: int | None = None  # None: too few stays to judge

    @property
    def late_share(self) -> float | None:
        """Late stays among those that arrived before their due date."""
        return self.late / self.could_be_late if self.could_be_late else None

    @property
    def ranking_days(self) -> float:
        """The median, or (not reached) the longest time observed: a lower bound of it."""
        return self.median_days if self.median_days is not None else self.longest_observed_days

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dictionary (days rounded to 0.01)."""
        share = self.late_share
        return {
            "agency_code": self.agency_code,
            "rank": self.rank,
            "stays": self.stays,
            "open": self.open,
            "returned": self.returned,
            "median_days": _days(self.median_days),
            "median_reached": self.median_days is not None,
            "p90_days": _days(self.p90_days),
            "p90_reached": self.p90_days is not None,
            "longest_observed_days": _days(self.longest_observed_days),
            "late": self.late,
            "could_be_late": self.could_be_late,
            "late_share": None if share is None else round(share, 4),
            "returned_with_problem": self.problems,
            "offices": list(self.offices),
        }


@dataclass(frozen=True)
class Report:
    """The ranking of agencies, and those with too few stays to judge."""

    now: datetime
    ranked: list[AgencyLine]
    too_few: list[AgencyLine]
    min_stays: int = MIN_STAYS

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dictionary that states its own definitions."""
        return {
            "now": self.now.isoformat(),
            "unit": "calendar_days",
            "min_stays": self.min_stays,
            "estimator": "kaplan-meier; open and withdrawn stays censored",
            "ranked_by": "median days held (not reached: longest observed), then share late",
            "ranked": [line.to_json() for line in self.ranked],
            "too_few_to_judge": [line.to_json() for line in self.too_few],
        }


def agency_line(code: str, stays: Sequence[StayFact], *, now: datetime) -> AgencyLine:
    """One agency's figures from its stays, open ones censored at `now`."""
    curve = kaplan_meier((s.held_days(now), s.returned) for s in stays)
    return AgencyLine(
        agency_code=code,
        stays=len(stays),
        open=sum(s.open for s in stays),
        returned=sum(s.returned for s in stays),
        median_days=quantile(curve, 0.5),
        p90_days=quantile(curve, 0.9),
        longest_observed_days=max((s.held_days(now) for s in stays), default=0.0),
        late=sum(s.late(now) for s in stays if s.could_be_late()),
        could_be_late=sum(s.could_be_late() for s in stays),
        problems=sum(s.problem for s in stays),
        offices=tuple(sorted({s.office_code for s in stays})),
    )


def report(stays: Iterable[StayFact], *, now: datetime, min_stays: int = MIN_STAYS) -> Report:
    """Rank the agencies of `stays` (slowest first); small samples apart, by code."""
    by_agency: dict[str, list[StayFact]] = {}
    for stay in stays:
        by_agency.setdefault(stay.agency_code, []).append(stay)
    lines = [agency_line(code, group, now=now) for code, group in by_agency.items()]
    judged = sorted(
        (line for line in lines if line.stays >= min_stays),
        key=lambda line: (
            -line.ranking_days,
            -(line.late_share or 0.0),
            -line.stays,
            line.agency_code,
        ),
    )
    ranked = [replace(line, rank=number) for number, line in enumerate(judged, start=1)]
    too_few = sorted(
        (line for line in lines if line.stays < min_stays), key=lambda line: line.agency_code
    )
    return Report(now, ranked, too_few, min_stays)


def _days(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
