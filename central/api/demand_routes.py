"""Opening hours and under-used offices over HTTP (JSON, admin only), read from the rollups.

Without `from`/`to` the window is the 13 weeks (91 days) up to yesterday in Jakarta,
narrowed to the days that hold data; given, it is taken as it stands.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from sqlalchemy.orm import Session

from central.analytics import answers, opening_hours, rollups, staffing, underused
from central.analytics.cells import HourCell
from central.api import pages
from central.errors import CentralError, Unknown
from central.store.engine import Store
from desk_app.common.clock import Clock
from desk_app.common.workdays import local_day

DEFAULT_DAYS = 91


class BadQuery(CentralError):
    """A query the analytics cannot answer; the message names the parameter."""

    status = 422
    title = "Unprocessable request"


OfficeParam = Annotated[str, Query(max_length=20, description="office code")]
First = Annotated[date | None, Query(alias="from", description="first Jakarta day")]
Last = Annotated[date | None, Query(alias="to", description="last Jakarta day")]
Share = Annotated[float, Query(gt=0, le=1, description="share of demand the window covers")]
Threshold = Annotated[
    float,
    Query(ge=0, le=1, description="a candidate serves below this share of the city median"),
]
MinPerDay = Annotated[
    float | None, Query(ge=0, le=100_000, description="or fewer citizens a day than this")
]


def window(*, today: date, first: date | None, last: date | None) -> tuple[date, date, bool, bool]:
    """The days to read, and whether each end was given (else the data narrows it)."""
    end = last if last is not None else today - timedelta(days=1)
    try:
        start = first if first is not None else end - timedelta(days=DEFAULT_DAYS - 1)
    except OverflowError:
        raise BadQuery(f"to: {end.isoformat()} leaves no room for the default window") from None
    if start > end:
        raise BadQuery(f"from: {start.isoformat()} is after to {end.isoformat()}")
    return start, end, first is not None, last is not None


def opening_hours_report(
    session: Session,
    *,
    office_code: str,
    now: datetime,
    first: date | None = None,
    last: date | None = None,
    share: float = opening_hours.DEFAULT_SHARE,
) -> dict[str, Any]:
    """The opening-hours answer of one office, as JSON."""
    if office_code not in rollups.office_codes(session):
        raise Unknown(f"office: {office_code} is not known to the city")
    start, end, has_first, has_last = window(today=local_day(now), first=first, last=last)
    found = answers.fingerprints(session, first=start, last=end, office_code=office_code)

    def compute() -> dict[str, Any]:
        cells = rollups.cells(session, office_code=office_code, first=start, last=end)
        if not cells and not (has_first and has_last):
            raise BadQuery(f"from: office {office_code} has no data from {start} to {end}")
        try:
            plan = opening_hours.recommend(
                cells,
                share=share,
                first=start if has_first else None,
                last=end if has_last else None,
            )
        except opening_hours.PlanError as exc:
            raise BadQuery(str(exc)) from exc
        return {**plan.to_json(), "office": office_code}

    key = ("opening", office_code, start, end, has_first, has_last, share)
    return answers.remember(key, found.get(office_code), compute)


def underused_report(
    session: Session,
    *,
    now: datetime,
    first: date | None = None,
    last: date | None = None,
    threshold: float = underused.DEFAULT_SHARE_OF_MEDIAN,
    min_per_day: float | None = None,
) -> dict[str, Any]:
    """Every office's use and the merge candidates, as JSON."""
    start, end, has_first, has_last = window(today=local_day(now), first=first, last=last)
    codes = rollups.office_codes(session)
    found = answers.fingerprints(session, first=start, last=end)

    def compute() -> dict[str, Any]:
        by_office: dict[str, list[HourCell]] = {code: [] for code in codes}
        for cell in rollups.cells(session, office_code=None, first=start, last=end):
            by_office.setdefault(cell.office_code, []).append(cell)
        if not any(by_office.values()) and not (has_first and has_last):
            raise BadQuery(f"from: no office has data from {start} to {end}")
        try:
            use = underused.analyse(
                by_office,
                threshold=underused.Threshold(threshold, min_per_day),
                first=start if has_first else None,
                last=end if has_last else None,
            )
        except (underused.UnderusedError, staffing.StaffingError) as exc:
            raise BadQuery(str(exc)) from exc
        return use.to_json()

    key = ("underused", start, end, has_first, has_last, threshold, min_per_day)
    return answers.remember(key, answers.of_city(found, set(codes) | set(found)), compute)


def add_demand_routes(app: FastAPI, store: Store, *, clock: Clock) -> None:
    """GET /v1/analytics/opening-hours and /v1/analytics/underused (admin only)."""

    @app.get("/v1/analytics/opening-hours")
    def opening_hours_json(
        request: Request,
        office: OfficeParam,
        first: First = None,
        last: Last = None,
        share: Share = opening_hours.DEFAULT_SHARE,
    ) -> dict[str, Any]:
        """Demand by weekday x hour, the recommended window, wasted hours, a shift plan."""
        pages.require_admin(request)
        with store.transaction() as session:
            return opening_hours_report(
                session, office_code=office, now=clock(), first=first, last=last, share=share
            )

    @app.get("/v1/analytics/underused")
    def underused_json(
        request: Request,
        first: First = None,
        last: Last = None,
        threshold: Threshold = underused.DEFAULT_SHARE_OF_MEDIAN,
        min_per_day: MinPerDay = None,
    ) -> dict[str, Any]:
        """Citizens served per officer-hour and a day; merge candidates with the modelled wait."""
        pages.require_admin(request)
        with store.transaction() as session:
            return underused_report(
                session,
                now=clock(),
                first=first,
                last=last,
                threshold=threshold,
                min_per_day=min_per_day,
            )
