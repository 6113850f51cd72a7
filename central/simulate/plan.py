"""The synthetic city's plan: its offices, their demand and staffing, and what is planted.

Everything is drawn from one seeded generator, so a seed names one city. Demand follows a
weekday and hour profile with a morning peak and seasonal peaks (KJP Plus registration);
staffing per weekday-hour is what Erlang C says the expected demand needs for the service
target (a well-run office), except where something is planted:

- under-staffed offices: fewer officers than the work arriving in their busy hours;
- over-staffed offices: at least OVER_EXTRA officers more than needed in every open hour;
- idle offices (merge candidates): a handful of citizens a day, one officer;
- wasted hours: an office open late (16:00-18:00) or on Saturday morning with one
  officer and almost no demand;
- slow agencies: they hold forwarded files far past the service's SLA.

The truth (truth()) says which offices, hours and agencies, with the parameters and seed.
"""

from __future__ import annotations

import csv
import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from central import offices
from central.analytics import staffing
from desk_app.common.workdays import holiday_name

SERVICES_CSV = Path(__file__).resolve().parents[2] / "resources" / "services.csv"
DEFAULT_START: Final = date(2026, 6, 15)  # 90 days from here hold July's KJP window
TARGET = staffing.Target(seconds=900.0, level=0.8)  # the default service target
OPEN_HOURS: Final = tuple(range(8, 16))  # 08:00-16:00, Monday to Friday
# Share of a weekday's citizens arriving in each open hour: the morning peak, lunch, and an
# afternoon that never drops below a tenth (so the ordinary hours are all worth opening).
HOUR_SHARE: Final = {8: 0.10, 9: 0.16, 10: 0.17, 11: 0.14, 12: 0.08, 13: 0.12, 14: 0.12, 15: 0.11}
WEEKDAY_FACTOR: Final = (1.20, 1.05, 1.00, 0.95, 0.80)  # Monday busiest, Friday prayers
DAILY_RANGE: Final = (50.0, 150.0)  # citizens on an average weekday (the volumes)
IDLE_RANGE: Final = (3.0, 6.0)
HANDLE_MINUTES: Final = (5.0, 8.0)  # an office's mean counter handling time
HANDLE_SIGMA: Final = 0.5  # lognormal spread of one visit's handling time
# Wasted hours: open with one officer while almost nobody comes (arrivals per hour).
LATE_HOURS: Final = (16, 17)
SATURDAY_HOURS: Final = (8, 9, 10, 11)
WASTED_RATE: Final = 0.15
UNDER_HOURS: Final = (9, 10, 11, 13, 14)  # the busy hours an under-staffed office lacks people
OVER_EXTRA: Final = 3  # officers an over-staffed office has beyond the need, at least
UNDER_LOAD: Final = 0.75  # officers there: this share of the offered load (Erlangs), at most
# KJP Plus (Jakarta's school aid) registration: certificates of income and domicile pile up.
PEAKS: Final = (
    ("KJP Plus registration (first half)", (1, 13), (2, 7), 1.5),
    ("KJP Plus registration (school year)", (7, 1), (7, 31), 1.5),
)
SHARES: Final = {"under": 0.10, "over": 0.10, "idle": 0.06, "wasted": 0.10, "slow_agencies": 2}
SLOW_MIN_SHARE: Final = 0.03  # slow agencies are drawn from those with enough files to judge
SLOW_EXTRA_DAYS: Final = (5, 15)  # working days a slow agency holds a file beyond its SLA
LEVEL_WEIGHT: Final = {"kelurahan": 6.0, "kecamatan": 1.5, "kota": 0.5}
LOCAL_AGENCIES: Final = frozenset({"KEL", "KEC"})  # the office's own work: nothing forwarded


class PlanError(ValueError):
    """A city that cannot be planned; the message is one line."""


@dataclass(frozen=True)
class Service:
    """A catalogue service as the simulated desks take it."""

    code: str
    name: str
    sla_working_days: int
    fee_idr: int
    agency_code: str | None
    documents: tuple[str, ...]
    weight: float


@lru_cache(maxsize=1)
def services() -> tuple[Service, ...]:
    """The shipped catalogue with each service's agency (the desk's own reading of it)."""
    from desk_app.office.catalogue import agency_for

    with SERVICES_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(
        Service(
            code=row["code"],
            name=row["name_id"],
            sla_working_days=int(row["sla_working_days"]),
            fee_idr=int(row["fee_idr"] or 0),
            agency_code=agency_for(row["agency"]),
            documents=tuple(d.strip() for d in row["required_documents"].split(";") if d.strip()),
            weight=LEVEL_WEIGHT.get(row["level"], 1.0),
        )
        for row in rows
    )


def forwarding_agencies(min_share: float = 0.0) -> list[str]:
    """Agencies the catalogue's services forward files to, by code: those whose services
    draw at least `min_share` of the citizens."""
    total = sum(s.weight for s in services())
    share: dict[str, float] = {}
    for s in services():
        if s.agency_code and s.agency_code not in LOCAL_AGENCIES and s.sla_working_days > 0:
            share[s.agency_code] = share.get(s.agency_code, 0.0) + s.weight / total
    return sorted(code for code, value in share.items() if value >= min_share)


def season(day: date) -> float:
    """The seasonal factor of a day's demand (1 outside the peaks)."""
    for _name, first, last, factor in PEAKS:
        if first <= (day.month, day.day) <= last:
            return factor
    return 1.0


def is_open_day(day: date, saturday: bool) -> bool:
    """Weekdays that are no holiday; Saturday too for an office open on Saturdays."""
    limit = 6 if saturday else 5
    return day.weekday() < limit and holiday_name(day) is None


Slot = tuple[int, int]  # (weekday 0-6, hour 0-23), Jakarta time


@dataclass(frozen=True)
class OfficePlan:
    """One office: its demand, its staffing per weekday-hour, and what is planted in it."""

    code: str
    name: str
    kecamatan: str
    role: str  # "normal" | "under" | "over" | "idle"
    wasted: str  # "" | "late" | "saturday"
    daily: float  # citizens on an average weekday
    handle_minutes: float
    rates: dict[Slot, float]  # expected arrivals per hour, before the season and the day
    needed: dict[Slot, int]  # Erlang C officers for the expected demand (season averaged)
    staff: dict[Slot, int]  # officers planted at the counter

    @property
    def saturday(self) -> bool:
        """Open on Saturday mornings."""
        return self.wasted == "saturday"

    @property
    def roster_size(self) -> int:
        """Officers on the roster: the most ever present, and at least two."""
        return max(2, max(self.staff.values(), default=1))

    def close_hour(self, weekday: int) -> int:
        """The hour the office closes on a weekday (after its last open hour)."""
        hours = [h for (d, h) in self.staff if d == weekday]
        return max(hours) + 1 if hours else OPEN_HOURS[-1] + 1

    def to_json(self) -> dict[str, Any]:
        """The office's plan as JSON (slots as [weekday, hour, needed, planted])."""
        return {
            "office_code": self.code,
            "name": self.name,
            "kecamatan": self.kecamatan,
            "role": self.role,
            "wasted": self.wasted or None,
            "daily_citizens": round(self.daily, 1),
            "handle_minutes": round(self.handle_minutes, 2),
            "slots": [
                [d, h, round(self.rates[(d, h)], 3), self.needed[(d, h)], self.staff[(d, h)]]
                for d, h in sorted(self.staff)
            ],
        }


@dataclass(frozen=True)
class CityPlan:
    """The whole city: parameters, offices and slow agencies."""

    offices: int
    days: int
    seed: int
    start: date
    plans: tuple[OfficePlan, ...]
    slow_agencies: tuple[str, ...]
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def last_day(self) -> date:
        """The last simulated day."""
        return self.start + timedelta(days=self.days - 1)

    def office(self, code: str) -> OfficePlan:
        """One office's plan."""
        return next(p for p in self.plans if p.code == code)


def needed_officers(rate: float, handle_minutes: float) -> int:
    """Erlang C's officers for `rate` arrivals per hour at the city's target (0 for none)."""
    if rate <= 0:
        return 0
    load = staffing.Load(arrivals_per_hour=rate, handle_minutes=handle_minutes)
    return staffing.officers_needed(load, TARGET).officers


def kelurahan_codes() -> list[str]:
    """Jakarta's kelurahan codes, in order."""
    return sorted(c for c, (level, _name) in offices.wilayah().items() if level == "kelurahan")


def _choose_offices(rng: random.Random, count: int) -> list[str]:
    """`count` kelurahan, whole kecamatan at a time (so merge candidates have neighbours)."""
    by_kecamatan: dict[str, list[str]] = {}
    for code in kelurahan_codes():
        by_kecamatan.setdefault(code.rsplit(".", 1)[0], []).append(code)
    order = sorted(by_kecamatan)
    rng.shuffle(order)
    chosen: list[str] = []
    for kecamatan in order:
        chosen += by_kecamatan[kecamatan]
        if len(chosen) >= count:
            break
    return sorted(chosen[:count])


def _share(count: int, share: float) -> int:
    """How many offices get a planted role: the share, and at least two in a city of ten."""
    return max(round(count * share), 2 if count >= 10 else 1)


def _mean_season(start: date, days: int) -> float:
    working = [start + timedelta(days=i) for i in range(days)]
    factors = [season(d) for d in working if is_open_day(d, saturday=False)]
    return sum(factors) / len(factors) if factors else 1.0


def plan_city(*, offices_count: int, days: int, seed: int, start: date = DEFAULT_START) -> CityPlan:
    """Draw the city for a seed: offices, demand, staffing and the planted facts."""
    total = len(kelurahan_codes())
    if not 1 <= offices_count <= total:
        raise PlanError(f"--offices: must be 1-{total} (Jakarta's kelurahan), not {offices_count}")
    if not 1 <= days <= 3660:
        raise PlanError(f"--days: must be 1-3660, not {days}")
    rng = random.Random(f"loket-city:{seed}")
    codes = _choose_offices(rng, offices_count)
    roles = dict.fromkeys(codes, "normal")
    wasted = dict.fromkeys(codes, "")
    pool = list(codes)
    rng.shuffle(pool)
    kecamatan_size: dict[str, int] = {}
    for code in codes:
        kecamatan_size[code.rsplit(".", 1)[0]] = kecamatan_size.get(code.rsplit(".", 1)[0], 0) + 1
    # Idle offices first, each with a busier neighbour in its kecamatan to merge into.
    for code in pool:
        if sum(r == "idle" for r in roles.values()) >= _share(len(codes), SHARES["idle"]):
            break
        kec = code.rsplit(".", 1)[0]
        idle_there = sum(1 for c in codes if c.startswith(kec + ".") and roles[c] == "idle")
        if kecamatan_size[kec] - idle_there >= 2:
            roles[code] = "idle"
    rest = [c for c in pool if roles[c] == "normal"]
    n_under, n_over = _share(len(codes), SHARES["under"]), _share(len(codes), SHARES["over"])
    for code in rest[:n_under]:
        roles[code] = "under"
    for code in rest[n_under : n_under + n_over]:
        roles[code] = "over"
    normal = [c for c in rest if roles[c] == "normal"]
    for index, code in enumerate(normal[: _share(len(codes), SHARES["wasted"])]):
        wasted[code] = "late" if index % 2 == 0 else "saturday"
    mean_season = _mean_season(start, days)
    names = offices.wilayah()
    plans = tuple(
        _office_plan(rng, code, names[code][1], roles[code], wasted[code], mean_season=mean_season)
        for code in codes
    )
    candidates = forwarding_agencies(SLOW_MIN_SHARE)
    slow = tuple(sorted(rng.sample(candidates, min(int(SHARES["slow_agencies"]), len(candidates)))))
    parameters = {
        "offices": offices_count,
        "days": days,
        "seed": seed,
        "first_day": start.isoformat(),
        "last_day": (start + timedelta(days=days - 1)).isoformat(),
        "target": {"seconds": TARGET.seconds, "level": TARGET.level},
        "open_hours": [OPEN_HOURS[0], OPEN_HOURS[-1] + 1],
        "hour_share": {str(h): s for h, s in HOUR_SHARE.items()},
        "weekday_factor": list(WEEKDAY_FACTOR),
        "daily_citizens": list(DAILY_RANGE),
        "idle_daily_citizens": list(IDLE_RANGE),
        "handle_minutes": list(HANDLE_MINUTES),
        "handle_lognormal_sigma": HANDLE_SIGMA,
        "wasted_arrivals_per_hour": WASTED_RATE,
        "under_hours": list(UNDER_HOURS),
        "under_officers_per_erlang": UNDER_LOAD,
        "over_extra_officers": OVER_EXTRA,
        "peaks": [
            {"name": name, "from": list(first), "to": list(last), "factor": factor}
            for name, first, last, factor in PEAKS
        ],
        "mean_season_factor": round(mean_season, 4),
        "shares": dict(SHARES),
        "slow_extra_working_days": list(SLOW_EXTRA_DAYS),
        "holidays": "Indonesian public holidays and cuti bersama (holidays package): closed",
    }
    return CityPlan(offices_count, days, seed, start, plans, slow, parameters)


def _office_plan(
    rng: random.Random, code: str, name: str, role: str, wasted: str, *, mean_season: float
) -> OfficePlan:
    """One office's demand and staffing, with its planted role."""
    low, high = IDLE_RANGE if role == "idle" else DAILY_RANGE
    daily = rng.uniform(low, high)
    handle = rng.uniform(*HANDLE_MINUTES)
    rates: dict[Slot, float] = {}
    for weekday, factor in enumerate(WEEKDAY_FACTOR):
        for hour, share in HOUR_SHARE.items():
            rates[(weekday, hour)] = daily * factor * share
    extra: list[Slot] = []
    if wasted == "late":
        extra = [(d, h) for d in range(5) for h in LATE_HOURS]
    elif wasted == "saturday":
        extra = [(5, h) for h in SATURDAY_HOURS]
    for slot in extra:
        rates[slot] = WASTED_RATE
    needed = {
        slot: max(1, needed_officers(rate * mean_season, handle)) for slot, rate in rates.items()
    }
    staff = dict(needed)
    for slot in extra:
        staff[slot] = 1
    if role == "under":
        for slot in rates:
            if slot[1] in UNDER_HOURS:
                # Fewer officers than the work arriving (UNDER_LOAD of the offered load), so
                # the hour is short whether or not citizens who give up are modelled.
                offered = rates[slot] * mean_season * handle / 60.0
                fewer = math.floor(UNDER_LOAD * offered)
                staff[slot] = max(1, min(needed[slot] - 1, fewer))
    elif role == "over":
        for slot in rates:
            if slot not in extra:
                staff[slot] = needed[slot] + max(OVER_EXTRA, needed[slot])
    return OfficePlan(
        code=code,
        name=name,
        kecamatan=code.rsplit(".", 1)[0],
        role=role,
        wasted=wasted,
        daily=daily,
        handle_minutes=handle,
        rates=rates,
        needed=needed,
        staff=staff,
    )


def truth(plan: CityPlan, counts: dict[str, Any] | None = None) -> dict[str, Any]:
    """The planted truth as JSON: which offices, hours and agencies, and how it was drawn."""
    under = [
        {
            "office_code": p.code,
            "slots": [
                [d, h, p.needed[(d, h)], p.staff[(d, h)]]
                for d, h in sorted(p.staff)
                if p.staff[(d, h)] < p.needed[(d, h)]
            ],
        }
        for p in plan.plans
        if p.role == "under"
    ]
    over = [
        {
            "office_code": p.code,
            "slots": [
                [d, h, p.needed[(d, h)], p.staff[(d, h)]]
                for d, h in sorted(p.staff)
                if p.staff[(d, h)] >= p.needed[(d, h)] + 2
            ],
        }
        for p in plan.plans
        if p.role == "over"
    ]
    wasted = [
        {
            "office_code": p.code,
            "kind": p.wasted,
            "slots": [[d, h] for d, h in sorted(p.staff) if _is_wasted(p, (d, h))],
        }
        for p in plan.plans
        if p.wasted
    ]
    idle = [
        {
            "office_code": p.code,
            "daily_citizens": round(p.daily, 1),
            "neighbours": [
                q.code for q in plan.plans if q.kecamatan == p.kecamatan and q.code != p.code
            ],
        }
        for p in plan.plans
        if p.role == "idle"
    ]
    return {
        "generator": "desk-central simulate",
        "truth_version": 1,
        "parameters": plan.parameters,
        "slots": "[weekday (Monday 0), Jakarta hour, officers needed, officers planted]",
        "understaffed": under,
        "overstaffed": over,
        "wasted_hours": wasted,
        "slow_agencies": [
            {"agency_code": code, "extra_working_days": list(SLOW_EXTRA_DAYS)}
            for code in plan.slow_agencies
        ],
        "idle_offices": idle,
        "offices": [p.to_json() for p in plan.plans],
        "counts": counts or {},
    }


def _is_wasted(plan: OfficePlan, slot: Slot) -> bool:
    weekday, hour = slot
    if plan.wasted == "late":
        return weekday < 5 and hour in LATE_HOURS
    return plan.wasted == "saturday" and weekday == 5
