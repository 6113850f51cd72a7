"""How well the city analytics find what `desk-central simulate` planted: precision, recall.

Each question compares a set the analytics found with the planted set (truth.json):

- understaffed / overstaffed (offices): ideal_staff.plan over the window; an office is
  found under-staffed when at least OFFICE_UNDER_SHARE of its modelled weekday-hours are
  under-staffed, over-staffed when at least OFFICE_OVER_SHARE are over-staffed.
- understaffed_hours / overstaffed_hours: the same plan per (office, weekday, hour): an
  hour under-staffed by its status, over-staffed when OVER_HOURS_GAP officers or more are
  present beyond those needed; the planted ones are the hours given fewer officers than
  needed, or two or more too many (one too many is within what Erlang A and C differ by).
- wasted_hours: opening_hours.recommend per office, its wasted hours (open by attendance,
  under one arrival an hour). Idle offices are left out of this question: every hour of a
  nearly idle office is nearly empty, and that is the merge question.
- slow_agencies: the agencies report (Kaplan-Meier, open stays censored); an agency is
  found slow when at least SLOW_LATE_SHARE of its files that could be on time were late.
- idle_offices: underused.candidates, the merge candidates.

Precision is the share of what was found that was planted (1 when nothing was found);
recall the share of what was planted that was found (1 when nothing was planted).
"""

from __future__ import annotations

import importlib
import importlib.util
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from central.analytics.cells import HourCell
from central.ledger import JAKARTA

OFFICE_UNDER_SHARE = 0.2
OFFICE_OVER_SHARE = 0.5
SLOW_LATE_SHARE = 0.5
OVER_HOURS_GAP = 1.5  # officers beyond those needed for an hour to count as over-staffed
QUESTIONS = (
    "understaffed",
    "overstaffed",
    "understaffed_hours",
    "overstaffed_hours",
    "wasted_hours",
    "slow_agencies",
    "idle_offices",
)
# The analytics each question needs (module names under central/ and central/analytics/).
NEEDS = {
    "understaffed": ("analytics.rollups", "analytics.ideal_staff"),
    "overstaffed": ("analytics.rollups", "analytics.ideal_staff"),
    "understaffed_hours": ("analytics.rollups", "analytics.ideal_staff"),
    "overstaffed_hours": ("analytics.rollups", "analytics.ideal_staff"),
    "wasted_hours": ("analytics.rollups", "analytics.opening_hours"),
    "slow_agencies": ("agency_report",),
    "idle_offices": ("analytics.rollups", "analytics.underused"),
}


@dataclass(frozen=True)
class Score:
    """One question: what was planted, what was found, and how the two compare."""

    question: str
    planted: frozenset[Any]
    found: frozenset[Any]

    @property
    def hits(self) -> int:
        """Found and planted."""
        return len(self.planted & self.found)

    @property
    def precision(self) -> float:
        """Share of the found that was planted (1 when nothing was found)."""
        return self.hits / len(self.found) if self.found else 1.0

    @property
    def recall(self) -> float:
        """Share of the planted that was found (1 when nothing was planted)."""
        return self.hits / len(self.planted) if self.planted else 1.0

    def to_json(self) -> dict[str, Any]:
        """As JSON (the misses and false alarms listed)."""
        return {
            "question": self.question,
            "planted": len(self.planted),
            "found": len(self.found),
            "hits": self.hits,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "missed": sorted(map(_label, self.planted - self.found)),
            "false_alarms": sorted(map(_label, self.found - self.planted)),
        }


@dataclass(frozen=True)
class Evaluation:
    """Every question's score, and the questions whose analytics are missing."""

    scores: list[Score]
    missing: dict[str, list[str]]  # question -> modules not there

    def score(self, question: str) -> Score | None:
        """One question's score (None when its analytics are missing)."""
        return next((s for s in self.scores if s.question == question), None)

    def to_json(self) -> dict[str, Any]:
        """As JSON."""
        return {
            "scores": [s.to_json() for s in self.scores],
            "missing_analytics": self.missing,
            "rules": __doc__.strip() if __doc__ else "",
        }

    def lines(self) -> list[str]:
        """The table a person reads."""
        out = [f"{'question':20} {'planted':>7} {'found':>6} {'precision':>9} {'recall':>7}"]
        for s in self.scores:
            out.append(
                f"{s.question:20} {len(s.planted):7} {len(s.found):6} "
                f"{s.precision:9.2f} {s.recall:7.2f}"
            )
        for question, modules in self.missing.items():
            out.append(f"{question:20} not evaluated: {', '.join(modules)} missing")
        return out


def _label(item: Any) -> str:
    if isinstance(item, tuple):
        return " ".join(str(x) for x in item)
    return str(item)


def _present(name: str) -> bool:
    """True when the analytics module `central.<name>` is there."""
    return importlib.util.find_spec(f"central.{name}") is not None


def _module(name: str) -> Any:
    """The analytics module `central.<name>` (present: see _present)."""
    return importlib.import_module(f"central.{name}")


def planted(truth: dict[str, Any]) -> dict[str, frozenset[Any]]:
    """The planted sets of every question, from truth.json's content."""
    idle = {i["office_code"] for i in truth["idle_offices"]}
    return {
        "understaffed": frozenset(u["office_code"] for u in truth["understaffed"]),
        "overstaffed": frozenset(o["office_code"] for o in truth["overstaffed"]),
        "understaffed_hours": frozenset(
            (u["office_code"], s[0], s[1]) for u in truth["understaffed"] for s in u["slots"]
        ),
        "overstaffed_hours": frozenset(
            (o["office_code"], s[0], s[1]) for o in truth["overstaffed"] for s in o["slots"]
        ),
        "wasted_hours": frozenset(
            (w["office_code"], s[0], s[1])
            for w in truth["wasted_hours"]
            if w["office_code"] not in idle
            for s in w["slots"]
        ),
        "slow_agencies": frozenset(a["agency_code"] for a in truth["slow_agencies"]),
        "idle_offices": frozenset(idle),
    }


def evaluate(session: Session, truth: dict[str, Any], *, now: datetime | None = None) -> Evaluation:
    """Run the analytics present over the simulated window and score them on `truth`."""
    parameters = truth["parameters"]
    first = date.fromisoformat(parameters["first_day"])
    last = date.fromisoformat(parameters["last_day"])
    if now is None:  # the evening after the last simulated day
        now = datetime.combine(last + timedelta(days=1), time(0, 0), tzinfo=JAKARTA)
    now = now.astimezone(UTC)
    offices = [o["office_code"] for o in truth["offices"]]
    idle = {i["office_code"] for i in truth["idle_offices"]}
    target = parameters["target"]
    wanted = planted(truth)
    missing: dict[str, list[str]] = {}
    for question in QUESTIONS:
        absent = [m for m in NEEDS[question] if not _present(m)]
        if absent:
            missing[question] = absent
    found: dict[str, frozenset[Any]] = {}
    cells_by_office: dict[str, list[HourCell]] = {}
    if "analytics.rollups" not in {m for ms in missing.values() for m in ms}:
        rollups = _module("analytics.rollups")
        all_cells = rollups.cells(session, office_code=None, first=first, last=last)
        cells_by_office = {code: [] for code in offices}
        for cell in all_cells:
            cells_by_office.setdefault(cell.office_code, []).append(cell)
    if "understaffed" not in missing:
        found.update(_staffing(cells_by_office, target, first, last))
    if "wasted_hours" not in missing:
        found["wasted_hours"] = _wasted(cells_by_office, idle, first, last)
    if "slow_agencies" not in missing:
        found["slow_agencies"] = _slow(session, now, first, last)
    if "idle_offices" not in missing:
        underused = _module("analytics.underused")
        found["idle_offices"] = frozenset(
            c.office.office_code
            for c in underused.candidates(cells_by_office, first=first, last=last)
        )
    scores = [Score(q, wanted[q], found[q]) for q in QUESTIONS if q in found]
    return Evaluation(scores, missing)


def _staffing(
    cells_by_office: dict[str, list[HourCell]],
    target: dict[str, float],
    first: date,
    last: date,
) -> dict[str, frozenset[Any]]:
    """Offices and hours the ideal-staff plan finds under- and over-staffed."""
    ideal_staff = _module("analytics.ideal_staff")
    staffing = _module("analytics.staffing")
    goal = staffing.Target(seconds=float(target["seconds"]), level=float(target["level"]))
    cells = [c for group in cells_by_office.values() for c in group]
    result = ideal_staff.plan(cells, goal, simulate=False, first=first, last=last)
    statuses: dict[str, dict[str, set[tuple[str, int, int]]]] = defaultdict(
        lambda: defaultdict(set)
    )
    modelled: dict[str, int] = defaultdict(int)
    for office in result.offices:
        for slot in office.slots:
            if slot.status in ("under", "over", "ok"):
                modelled[office.office_code] += 1
            where = (office.office_code, slot.weekday, slot.hour)
            statuses[slot.status][office.office_code].add(where)
            if slot.gap is not None and slot.gap >= OVER_HOURS_GAP:
                statuses["over_by_two"][office.office_code].add(where)

    def offices_with(status: str, share: float) -> frozenset[str]:
        return frozenset(
            code
            for code, slots in statuses[status].items()
            if modelled[code] and len(slots) >= share * modelled[code]
        )

    def hours(status: str) -> frozenset[tuple[str, int, int]]:
        return frozenset(s for slots in statuses[status].values() for s in slots)

    return {
        "understaffed": offices_with("under", OFFICE_UNDER_SHARE),
        "overstaffed": offices_with("over", OFFICE_OVER_SHARE),
        "understaffed_hours": hours("under"),
        "overstaffed_hours": hours("over_by_two"),
    }


def _wasted(
    cells_by_office: dict[str, list[HourCell]], idle: set[str], first: date, last: date
) -> frozenset[tuple[str, int, int]]:
    """(office, weekday, hour) the opening-hours answer calls wasted (idle offices aside)."""
    opening_hours = _module("analytics.opening_hours")
    found: set[tuple[str, int, int]] = set()
    for code, cells in sorted(cells_by_office.items()):
        if code in idle or not cells:
            continue
        answer = opening_hours.recommend(cells, first=first, last=last)
        found |= {(code, w.weekday, w.hour) for w in answer.wasted}
    return frozenset(found)


def _slow(session: Session, now: datetime, first: date, last: date) -> frozenset[str]:
    """Agencies of the report whose share late reaches SLOW_LATE_SHARE."""
    agency_report = _module("agency_report")
    report = agency_report.agency_report(session, now=now, window=agency_report.Window(first, last))
    return frozenset(
        line.agency_code
        for line in report.ranked
        if line.late_share is not None and line.late_share >= SLOW_LATE_SHARE
    )
