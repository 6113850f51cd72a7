"""Ideal staff over HTTP: the Erlang answer per office and hour against attendance (admin)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

import orjson
from fastapi import FastAPI, Query, Request
from fastapi.responses import Response

from central.analytics import ideal_staff, rollups, staffing
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
    last = last or (
        first + timedelta(days=DEFAULT_WINDOW_DAYS - 1) if first else today - timedelta(days=1)
    )
    first = first or last - timedelta(days=DEFAULT_WINDOW_DAYS - 1)
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
            cells = rollups.cells(session, office_code=office, first=start, last=end)
        found = ideal_staff.plan(
            cells,
            target,
            tolerance=tolerance,
            simulate=office is not None if simulate is None else simulate,
            first=start,
            last=end,
        )
        # Serialised here in one go: a whole city's answer is thousands of hours.
        body = orjson.dumps({**found.to_json(), "office": office})
        return Response(body, media_type="application/json")
