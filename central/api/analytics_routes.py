"""Ideal staff over HTTP: the Erlang answer per office and hour against attendance (admin)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import partial
from typing import Annotated, Any

import orjson
from fastapi import FastAPI, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from central.analytics import answers, ideal_staff, rollups, staffing
from central.api import pages
from central.errors import CentralError
from central.store.engine import Store
from desk_app.common.clock import Clock
from desk_app.common.workdays import local_day

DEFAULT_WINDOW_DAYS = 56  # eight weeks up to yesterday (Jakarta) when no window is given
MAX_WINDOW_DAYS = 400

OfficeParam = Annotated[str | None, Query(max_length=20, description="office code; all without it")]
First = Annotated[date | None, Query(alias="from", description="first day (Jakarta)")]
Last = Annotated[date | None, Query(alias="to", description="last day (Jakarta)")]
Seconds = Annotated[
    float, Query(ge=0, le=86_400, description="target: served within this many seconds")
]
Level = Annotated[float, Query(gt=0, le=1, description="target: this share of arrivals")]
Tolerance = Annotated[float, Query(ge=0, le=50, description="officers of gap still 'ok'")]
Simulate = Annotated[
    bool | None, Query(description="check by simulation (default: with one office only)")
]


class BadWindow(CentralError):
    """A window the staffing answer cannot take."""

    status = 422
    title = "Unprocessable request"


def window(first: date | None, last: date | None, *, today: date) -> tuple[date, date]:
    """The Jakarta days asked for: DEFAULT_WINDOW_DAYS up to yesterday by default."""
    try:
        last = last or (
            first + timedelta(days=DEFAULT_WINDOW_DAYS - 1) if first else today - timedelta(days=1)
        )
        first = first or last - timedelta(days=DEFAULT_WINDOW_DAYS - 1)
    except OverflowError:  # a window reaching past the calendar's first or last day
        raise BadWindow("from, to: the window falls outside the calendar") from None
    if first > last:
        raise BadWindow("from: must not be after to")
    if (last - first).days >= MAX_WINDOW_DAYS:
        raise BadWindow(f"from, to: at most {MAX_WINDOW_DAYS} days")
    return first, last


def add_analytics_routes(app: FastAPI, store: Store, *, clock: Clock) -> None:
    """GET /v1/analytics/staffing (admin only)."""

    @app.get("/v1/analytics/staffing")
    def staffing_json(
        request: Request,
        office: OfficeParam = None,
        first: First = None,
        last: Last = None,
        target_seconds: Seconds = ideal_staff.DEFAULT_TARGET.seconds,
        target_level: Level = ideal_staff.DEFAULT_TARGET.level,
        tolerance: Tolerance = ideal_staff.DEFAULT_TOLERANCE,
        simulate: Simulate = None,
    ) -> Response:
        """Officers needed per weekday x hour (Erlang C, or A where abandonment is measured)
        for the target, against the officers attendance shows; under- and over-staffed hours,
        checked by simulation."""
        pages.require_admin(request)
        start, end = window(first, last, today=local_day(clock()))
        try:
            target = staffing.Target(seconds=target_seconds, level=target_level)
        except staffing.StaffingError as exc:
            raise BadWindow(str(exc)) from None
        with store.transaction() as session:
            found = staffing_answer(
                session,
                office=office,
                now=clock(),
                first=start,
                last=end,
                target=target,
                tolerance=tolerance,
                simulate=simulate,
            )
        # Serialised here in one go: a whole city's answer is thousands of hours.
        return Response(orjson.dumps(found), media_type="application/json")


def staffing_answer(
    session: Session,
    *,
    office: str | None,
    now: datetime,
    first: date | None = None,
    last: date | None = None,
    target: staffing.Target = ideal_staff.DEFAULT_TARGET,
    tolerance: float = ideal_staff.DEFAULT_TOLERANCE,
    simulate: bool | None = None,
) -> dict[str, Any]:
    """The staffing answer as JSON: each office's plan remembered until its cells change."""
    start, end = window(first, last, today=local_day(now))
    check = office is not None if simulate is None else simulate
    found = answers.fingerprints(session, first=start, last=end, office_code=office)
    codes = [office] if office is not None else rollups.office_codes(session)
    plans = []
    for code in codes:
        key = ("staff", code, start, end, target, tolerance, check)
        plan = answers.remember(
            key, found.get(code), partial(_office_plan, session, code, start, end, key)
        )
        if plan is not None:
            plans.append(plan)
    shell = ideal_staff.StaffPlan(target=target, tolerance=tolerance, first=start, last=end)
    return {**shell.to_json(), "offices": plans, "office": office}


def _office_plan(
    session: Session, code: str, start: date, end: date, key: tuple[Any, ...]
) -> dict[str, Any] | None:
    """One office's plan as JSON; None without cells in the window."""
    cells = rollups.cells(session, office_code=code, first=start, last=end)
    if not cells:
        return None
    _, _, _, _, target, tolerance, check = key
    found = ideal_staff.plan(
        cells, target, tolerance=tolerance, simulate=check, first=start, last=end
    ).offices
    return found[0].to_json() if found else None
