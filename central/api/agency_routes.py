"""The agencies report over HTTP: JSON for scripts, pages for the administrator."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse

from central import agency_report
from central.api import agency_pages, pages
from central.store.engine import Store
from desk_app.common.clock import Clock

OfficeParam = Annotated[str | None, Query(max_length=20, description="office code; all without it")]
First = Annotated[date | None, Query(alias="from", description="first forward day (Jakarta)")]
Last = Annotated[date | None, Query(alias="to", description="last forward day (Jakarta)")]


def add_agency_routes(app: FastAPI, store: Store, *, clock: Clock) -> None:
    """GET /v1/analytics/agencies, /admin/agencies and /admin/agencies/{code} (admin only)."""

    @app.get("/v1/analytics/agencies")
    def agencies_json(
        request: Request, office: OfficeParam = None, first: First = None, last: Last = None
    ) -> dict[str, Any]:
        """Agencies ranked by the Kaplan-Meier median time they hold files (admin only)."""
        pages.require_admin(request)
        window = agency_report.Window(first, last)
        with store.transaction() as session:
            found = agency_report.agency_report(
                session, now=clock(), office_code=office, window=window
            )
        return {
            **found.to_json(),
            "office": office,
            "from": first.isoformat() if first else None,
            "to": last.isoformat() if last else None,
        }

    @app.get("/admin/agencies", response_class=HTMLResponse)
    def agencies_page(
        request: Request, office: OfficeParam = None, first: First = None, last: Last = None
    ) -> HTMLResponse:
        """The ranking page; each line links to the files behind it."""
        pages.require_admin(request)
        window = agency_report.Window(first, last)
        with store.transaction() as session:
            found = agency_report.agency_report(
                session, now=clock(), office_code=office, window=window
            )
        return HTMLResponse(agency_pages.ranking_page(found, params=request.query_params))

    @app.get("/admin/agencies/{agency_code}", response_class=HTMLResponse)
    def agency_page(
        request: Request,
        agency_code: str,
        office: OfficeParam = None,
        first: First = None,
        last: Last = None,
    ) -> HTMLResponse:
        """The files one agency held: tracking numbers, office, days held, open or not."""
        pages.require_admin(request)
        window = agency_report.Window(first, last)
        now = clock()
        with store.transaction() as session:
            tasks = agency_report.agency_tasks(
                session, agency_code=agency_code, now=now, office_code=office, window=window
            )
        return HTMLResponse(
            agency_pages.tasks_page(agency_code, tasks, now=now, params=request.query_params)
        )
