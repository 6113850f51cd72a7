"""Pulling an office's chains over HTTP: the chain list, and one chain's events in pages."""

from __future__ import annotations

import gzip
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from central import pull
from central.store.engine import Store
from desk_app.common.clock import Clock
from desk_app.eventlog.wire import MAX_BATCH_EVENTS, utc_iso

After = Annotated[int, Query(ge=0, le=2**62, description="the last seq the caller holds")]
Limit = Annotated[int, Query(ge=1, le=MAX_BATCH_EVENTS, description="events at most")]


def router(store: Store, *, clock: Clock) -> APIRouter:
    """GET /v1/offices/{code}/chains and /v1/offices/{code}/devices/{id}/events."""
    routes = APIRouter()

    @routes.get("/v1/offices/{office_code}/chains")
    def office_chains(office_code: str, request: Request) -> dict[str, Any]:
        """Every device chain the city holds for the office (a device token of it, or an
        unspent enrolment code of it: a desk restored from the city numbers itself first)."""
        now = clock()
        with store.transaction() as session:
            pull.authorize_read(
                session,
                authorization=request.headers.get("authorization"),
                office_code=office_code,
                now=now,
                code_allowed=True,
            )
            found = pull.chains(session, office_code=office_code)
        return {
            "office_code": office_code,
            "chains": [c.to_json() for c in found],
            "server_time": utc_iso(now),
        }

    @routes.get(
        "/v1/offices/{office_code}/devices/{device_id}/events",
        responses={200: {"content": {"application/json": {}}}},
    )
    def chain_events(
        office_code: str,
        device_id: str,
        request: Request,
        after: After = 0,
        limit: Limit = MAX_BATCH_EVENTS,
    ) -> Response:
        """One chain's events after `after`, in seq order, as the desk chained them (gzip
        JSON when the caller accepts it); `next_after` and `head` say where to go on."""
        with store.transaction() as session:
            pull.authorize_read(
                session,
                authorization=request.headers.get("authorization"),
                office_code=office_code,
                now=clock(),
            )
            page = pull.chain_page(
                session, office_code=office_code, device_id=device_id, after=after, limit=limit
            )
        body = page.to_json_text().encode("utf-8")
        if "gzip" not in request.headers.get("accept-encoding", "").lower():
            return Response(body, media_type="application/json")
        return Response(
            gzip.compress(body, 5),
            media_type="application/json",
            headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"},
        )

    return routes
