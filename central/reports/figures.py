"""The figures the dashboard and the monthly report show, as one JSON-ready dictionary.

Everything is read from the hourly rollups (never raw events) and handed to the analytics
modules; the pages and the PDF render the dictionaries those modules' `to_json()` give, so
they depend on the documented shapes only.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from central import agency_report, offices
from central.analytics.cells import HourCell
from central.ledger import JAKARTA
from desk_app.common.validation import FIRST_DAY

logger = logging.getLogger(__name__)

DEFAULT_DAYS = 28  # the dashboard's window without from/to: the last four weeks


def default_window(now: datetime, first: date | None, last: date | None) -> tuple[date, date]:
    """The window asked for, or the four weeks up to today (Jakarta); checked."""
    agency_report.Window(first, last)  # BadWindow (422): out of order or beyond the years
    today = now.astimezone(JAKARTA).date()
    span = timedelta(DEFAULT_DAYS - 1)
    if last is None:
        last = today if first is None else max(first, min(today, first + span))
    if first is None:
        first = max(last - span, FIRST_DAY)
    agency_report.Window(first, last)
    return first, last


def month_window(month: date) -> tuple[date, date]:
    """The first and last day of `month`."""
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def totals(cells: Sequence[HourCell]) -> dict[str, Any]:
    """Sums over `cells` and the means that follow from them."""
    arrivals = sum(c.arrivals for c in cells)
    completed = sum(c.completed for c in cells)
    wait_count = sum(c.wait_count for c in cells)
    handle_count = sum(c.handle_count for c in cells)
    officer_hours = sum(c.officer_seconds for c in cells) / 3600.0
    tickets = sum(c.tickets for c in cells)
    abandoned = sum(c.abandoned for c in cells)
    days = len({c.day for c in cells if c.arrivals or c.officer_seconds})
    return {
        "arrivals": arrivals,
        "completed": completed,
        "tickets": tickets,
        "abandoned": abandoned,
        "abandoned_share": round(abandoned / tickets, 4) if tickets else None,
        "wait_mean_seconds": (
            round(sum(c.wait_seconds for c in cells) / wait_count, 1) if wait_count else None
        ),
        "handle_mean_seconds": (
            round(sum(c.handle_seconds for c in cells) / handle_count, 1) if handle_count else None
        ),
        "points": sum(c.points for c in cells),
        "officer_hours": round(officer_hours, 2),
        "served_per_officer_hour": (
            round(completed / officer_hours, 3) if officer_hours > 0 else None
        ),
        "open_days": days,
    }


def _city_cells(
    session: Session, codes: Sequence[str], first: date, last: date
) -> dict[str, list[HourCell]]:
    """Every office's cells of the window, in one read."""
    from central.analytics import rollups

    found: dict[str, list[HourCell]] = {code: [] for code in codes}
    for cell in rollups.cells(session, office_code=None, first=first, last=last):
        if cell.office_code in found:
            found[cell.office_code].append(cell)
    return found


def _office_answers(
    session: Session, code: str, first: date, last: date, target: Any | None, *, simulate: bool
) -> dict[str, Any]:
    """One office's totals, staff plan and opening hours for the window."""
    from central.analytics import rollups

    cells = rollups.cells(session, office_code=code, first=first, last=last)
    return {
        "totals": totals(cells),
        "plan": _plan(cells, target, first, last, simulate=simulate),
        "opening": _opening(cells),
    }


def _city_answers(
    session: Session, codes: Sequence[str], first: date, last: date
) -> dict[str, Any]:
    """The city's totals and the under-used offices (over every office) for the window."""
    cells_by_office = _city_cells(session, codes, first, last)
    return {
        "totals": totals([c for cells in cells_by_office.values() for c in cells]),
        "use": _underused(cells_by_office, first, last),
    }


def _plan(
    cells: list[HourCell], target: Any | None, first: date, last: date, *, simulate: bool
) -> dict[str, Any] | None:
    """One office's ideal staff (its slots, summary, model-vs-simulation sentences), with
    the target it was planned for."""
    if not cells:
        return None
    from central.analytics import ideal_staff

    try:
        plan = ideal_staff.plan(
            cells,
            target if target is not None else ideal_staff.DEFAULT_TARGET,
            first=first,
            last=last,
            simulate=simulate,
        ).to_json()
    except ValueError as exc:  # the model's refusal (one line): shown as no answer
        logger.warning("staff plan of %s: %s", cells[0].office_code, exc)
        return None
    found: list[dict[str, Any]] = plan.get("offices", [])
    if not found:
        return None
    return {
        **found[0],
        "target_seconds": plan.get("target_seconds"),
        "target_level": plan.get("target_level"),
        "tolerance_officers": plan.get("tolerance_officers"),
    }


def _opening(cells: list[HourCell]) -> dict[str, Any] | None:
    from central.analytics import opening_hours

    if not cells:
        return None
    try:
        found: dict[str, Any] = opening_hours.recommend(cells).to_json()
    except ValueError as exc:
        logger.warning("opening hours of %s: %s", cells[0].office_code, exc)
        return None
    return found


def _underused(
    cells_by_office: dict[str, list[HourCell]], first: date, last: date
) -> dict[str, Any]:
    from central.analytics import underused

    if not any(cells_by_office.values()):
        return {"candidates": [], "median_served_per_officer_hour": None}
    try:
        found: dict[str, Any] = underused.analyse(cells_by_office, first=first, last=last).to_json()
    except ValueError as exc:
        logger.warning("under-used offices: %s", exc)
        return {"candidates": [], "median_served_per_officer_hour": None}
    return found


def gather(
    session: Session,
    *,
    now: datetime,
    first: date,
    last: date,
    office_code: str | None = None,
    target: Any | None = None,
) -> dict[str, Any]:
    """The four answers for the window: the whole city, or one office (the merge question
    always looks at every office: its threshold is a share of the city's median)."""
    names = {o.office_code: o.name for o in offices.list_offices(session)}
    if office_code is not None:
        offices.get_office(session, office_code=office_code)  # Unknown (404) when not there
    from central.analytics import answers

    wanted = list(names)
    # Each answer is remembered until the cells it read change (analytics.answers).
    found = answers.fingerprints(session, first=first, last=last)
    city = answers.remember(
        ("dashboard-city", first, last, tuple(wanted)),
        answers.of_city(found, wanted),
        partial(_city_answers, session, wanted, first, last),
    )
    shown = [office_code] if office_code is not None else wanted
    simulate = office_code is not None
    office_rows = []
    staff: dict[str, Any] = {}
    opening: dict[str, Any] = {}
    for code in shown:
        own = answers.remember(
            ("dashboard", code, first, last, target, simulate),
            found.get(code),
            partial(_office_answers, session, code, first, last, target, simulate=simulate),
        )
        office_rows.append({"office_code": code, "name": names.get(code, code), **own["totals"]})
        if own["plan"] is not None:
            staff[code] = own["plan"]
        if own["opening"] is not None:
            opening[code] = own["opening"]
    use = city["use"]
    candidates: list[dict[str, Any]] = use.get("candidates", [])
    if office_code is not None:
        candidates = [c for c in candidates if office_code in _offices_of(c)]
    window = agency_report.Window(first, last)
    agencies = agency_report.agency_report(
        session, now=now, office_code=office_code, window=window
    ).to_json()
    return {
        "now": now.isoformat(),
        "from": first.isoformat(),
        "to": last.isoformat(),
        "office": office_code,
        "names": names,
        "offices": office_rows,
        "city": city["totals"] if office_code is None else own["totals"],
        "staff": staff,
        "opening": opening,
        "merge": candidates,
        "median_served_per_officer_hour": use.get("median_served_per_officer_hour"),
        "agencies": agencies,
    }


def _offices_of(candidate: dict[str, Any]) -> set[str]:
    merge = candidate.get("merge") or {}
    return {str(candidate.get("office_code")), str(merge.get("neighbour"))}


def own_office(found: dict[str, Any], office_code: str) -> dict[str, Any]:
    """Only `office_code`'s own figures out of `gather`'s answer for it (what its desks see)."""
    return {
        "now": found["now"],
        "from": found["from"],
        "to": found["to"],
        "office": office_code,
        "name": found["names"].get(office_code, office_code),
        "totals": next((o for o in found["offices"] if o["office_code"] == office_code), None),
        "staff": found["staff"].get(office_code),
        "opening": found["opening"].get(office_code),
        "merge": [c for c in found["merge"] if c.get("office_code") == office_code],
        "agencies": found["agencies"],
    }
