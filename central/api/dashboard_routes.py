"""The city dashboard over HTTP: pages and the monthly PDF for the administrator, and one
office's own figures for its desks (a shift lead's panel), by device token."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any

import orjson
from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from central import agency_report, offices
from central.analytics import answers
from central.api import dashboard_pages, pages
from central.errors import CentralError
from central.reports import figures, month_report
from central.store.engine import Store
from desk_app.common.clock import Clock

First = Annotated[date | None, Query(alias="from", description="first day (Jakarta)")]
Last = Annotated[date | None, Query(alias="to", description="last day (Jakarta)")]
OfficeParam = Annotated[str | None, Query(max_length=20, description="office code; city without")]


class BadMonth(CentralError):
    """A month that is not YYYY-MM within the years the desks know."""

    status = 422
    title = "Unprocessable request"


def parse_month(text: str) -> date:
    """YYYY-MM -> its first day; BadMonth otherwise."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}", text):
        raise BadMonth(f"month: {text[:20]!r} is not YYYY-MM")
    try:
        first = date(int(text[:4]), int(text[5:]), 1)
    except ValueError:
        raise BadMonth(f"month: {text[:20]!r} is not YYYY-MM") from None
    try:
        agency_report.Window(*figures.month_window(first))
    except CentralError as exc:
        raise BadMonth(f"month: {exc}") from None
    return first


def rendered(
    found: dict[str, Any], now: datetime, params: dict[str, str], render: Callable[[], str]
) -> str:
    """A page rendered from `found`, remembered for the same figures, parameters and minute
    (the page prints the time to the minute): rendering a city's charts costs more than
    gathering its remembered answers."""
    shown = {k: v for k, v in found.items() if k != "now"}  # the pages print `now` below
    digest = hashlib.blake2b(
        orjson.dumps(shown, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS),
        digest_size=16,
    ).digest()
    minute = now.replace(second=0, microsecond=0)
    key = ("page", digest, minute, tuple(sorted(params.items())))
    return answers.pages.remember(key, None, render)


def add_dashboard_routes(app: FastAPI, store: Store, *, clock: Clock) -> None:
    """/admin/dashboard, /admin/dashboard/office/{code}, /admin/reports/{YYYY-MM}.pdf and
    GET /v1/offices/{code}/analytics (that office's desks)."""

    def gather(first: date | None, last: date | None, office: str | None) -> dict[str, Any]:
        now = clock()
        start, end = figures.default_window(now, first, last)
        with store.transaction() as session:
            return figures.gather(session, now=now, first=start, last=end, office_code=office)

    @app.get("/admin/dashboard", response_class=HTMLResponse)
    async def dashboard(request: Request, first: First = None, last: Last = None) -> HTMLResponse:
        """The city overview: the four answers at a glance, each linking to its detail."""
        pages.require_admin(request)
        found = await run_in_threadpool(gather, first, last, None)
        params = {**request.query_params, "_path": "/admin/dashboard"}
        now = clock()

        def page() -> str:
            return dashboard_pages.city_page(found, now=now, params=params)

        return HTMLResponse(await run_in_threadpool(rendered, found, now, params, page))

    @app.get("/admin/dashboard/office/{office_code}", response_class=HTMLResponse)
    async def dashboard_office(
        request: Request, office_code: str, first: First = None, last: Last = None
    ) -> HTMLResponse:
        """One office: demand, officers needed and present, the window, its agencies."""
        pages.require_admin(request)
        found = await run_in_threadpool(gather, first, last, office_code)
        params = {**request.query_params, "_path": request.url.path}
        now = clock()

        def page() -> str:
            return dashboard_pages.office_page(
                found, office_code=office_code, now=now, params=params
            )

        return HTMLResponse(await run_in_threadpool(rendered, found, now, params, page))

    @app.get("/admin/reports/{month}.pdf")
    async def month_pdf(request: Request, month: str, office: OfficeParam = None) -> Response:
        """The monthly report of the city, or of one office, as PDF."""
        pages.require_admin(request)
        first = parse_month(month)
        start, end = figures.month_window(first)
        now = clock()

        def render() -> bytes:
            with store.transaction() as session:
                found = figures.gather(session, now=now, first=start, last=end, office_code=office)
            return month_report.render(found, month=first, generated_at=now)

        data = await run_in_threadpool(render)
        name = month_report.file_name(first, office)
        return Response(
            data,
            media_type="application/pdf",
            headers={"Content-Disposition": f'inline; filename="{name}"'},
        )

    @app.get("/v1/offices/{office_code}/analytics")
    async def office_analytics(
        request: Request, office_code: str, first: First = None, last: Last = None
    ) -> dict[str, Any]:
        """This office's figures for its own desks (device token): totals, staffing,
        opening hours, its agencies; nothing of other offices."""
        authorization = request.headers.get("authorization")

        def answer() -> dict[str, Any]:
            with store.transaction() as session:
                offices.authenticate(session, authorization=authorization, office_code=office_code)
            return figures.own_office(gather(first, last, office_code), office_code)

        return await run_in_threadpool(answer)
