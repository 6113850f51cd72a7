"""The HTTP API: enrolment, exactly-once push, the clock, health; problems as RFC 9457."""

from __future__ import annotations

import gc
import gzip
import json
import logging
import zlib
from datetime import datetime
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from central import catalogue, offices, push, rules_document
from central.api import pages, pull_routes, status_page
from central.api.agency_routes import add_agency_routes
from central.api.analytics_routes import add_analytics_routes
from central.api.dashboard_routes import add_dashboard_routes
from central.api.demand_routes import add_demand_routes
from central.api.relay_routes import add_relay_routes
from central.errors import CentralError, Forbidden, Unknown
from central.store.engine import Store
from desk_app.common.clock import Clock
from desk_app.eventlog.wire import MAX_BATCH_EVENTS, PROTOCOL_VERSION, PushAnswer, utc_iso

logger = logging.getLogger(__name__)

MAX_BODY = 8 * 1024 * 1024  # bytes on the wire
MAX_INFLATED = 64 * 1024 * 1024  # bytes after gzip: a small bomb must not fill memory
PROBLEM = "application/problem+json"


class EnrollRequest(BaseModel):
    """A desk joins its office with a one-time code."""

    office_code: str = Field(max_length=20)
    code: str = Field(max_length=40)
    device_id: str = Field(min_length=36, max_length=36)
    # Set-up numbers desks 1-99; a desk restored from a backup is 101, 201, ... (successor)
    device_no: int = Field(ge=1, le=999_999)


class EnrollAnswer(BaseModel):
    """The device's secret (shown once) and what the city already holds of its chain."""

    token: str
    acked_seq: int
    head_hash: str
    server_time: str


class SuccessorRequest(BaseModel):
    """A desk restored from a backup goes on as a new device: its desk.restored facts."""

    device_id: str = Field(min_length=36, max_length=36)
    device_no: int = Field(ge=100, le=999_999)  # successors count up by 100 (succession.py)
    predecessor_device_no: int = Field(ge=1, le=999_999)
    predecessor_last_seq: int = Field(ge=0)
    predecessor_last_hash: str = Field(min_length=64, max_length=64)


class PushAnswerModel(BaseModel):
    """What the city holds of the device's chain after this push."""

    acked_seq: int
    head_hash: str
    stored: int
    duplicates: int
    forks: int
    server_time: str


def problem(status: int, title: str, detail: str) -> JSONResponse:
    """An RFC 9457 problem document."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


async def _read_json(request: Request) -> Any:
    """The request's JSON body, gzip or not, within the size limits; CentralError if not."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
        raise push.BadBatch(f"body: larger than {MAX_BODY} bytes")
    raw = bytearray()
    try:
        async for chunk in request.stream():
            raw.extend(chunk)
            if len(raw) > MAX_BODY:
                raise push.BadBatch(f"body: larger than {MAX_BODY} bytes")
    except ClientDisconnect:  # a desk that lost its line mid-upload: nothing to store
        raise push.BadBatch("body: the desk hung up before sending all of it") from None
    if request.headers.get("content-encoding", "").lower() == "gzip":
        try:
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            data = inflater.decompress(bytes(raw), MAX_INFLATED)
            if inflater.unconsumed_tail:
                raise push.BadBatch(f"body: more than {MAX_INFLATED} bytes once inflated")
        except zlib.error:
            raise push.BadBatch("body: not valid gzip") from None
    else:
        data = bytes(raw)
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        pass  # maybe JSON all the same that orjson refuses (an integer beyond 64 bits)
    try:
        return json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise push.BadBatch("body: not valid JSON") from None


def create_app(store: Store, *, clock: Clock) -> FastAPI:
    """The server over `store`; `clock` is its one "now" (injected in tests)."""
    app = FastAPI(title="Loket city server", version=str(PROTOCOL_VERSION))

    @app.exception_handler(CentralError)
    async def _central_error(_request: Request, exc: CentralError) -> JSONResponse:
        return problem(exc.status, exc.title, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()) if part != "body")
        return problem(422, "Unprocessable request", f"{where or 'body'}: {first.get('msg', '')}")

    @app.exception_handler(OperationalError)
    async def _busy(_request: Request, exc: OperationalError) -> JSONResponse:
        logger.warning("database busy: %s", exc)
        response = problem(503, "Busy", "the city's database is busy; try again shortly")
        response.headers["Retry-After"] = "5"
        return response

    @app.get("/health")
    def health() -> dict[str, str]:
        """Alive, and the database answers."""
        with store.transaction() as session:
            session.execute(text("SELECT 1"))
        return {"status": "ok", "server_time": utc_iso(clock())}

    @app.get("/v1/time")
    def server_time() -> dict[str, str]:
        """The city's clock: desks show their skew; ordering never depends on it."""
        return {"server_time": utc_iso(clock())}

    @app.post("/v1/enroll", response_model=EnrollAnswer)
    def enroll(body: EnrollRequest) -> EnrollAnswer:
        """Spend a one-time enrolment code; the device's secret is in the answer, once."""
        now = clock()
        with store.transaction() as session:
            done = offices.enroll(
                session,
                office_code=body.office_code,
                code=body.code,
                device_id=body.device_id,
                device_no=body.device_no,
                now=now,
            )
        logger.info("device %s enrolled for %s", done.device_id, done.office_code)
        return EnrollAnswer(
            token=done.token,
            acked_seq=done.acked_seq,
            head_hash=done.head_hash,
            server_time=utc_iso(now),
        )

    @app.post(
        "/v1/offices/{office_code}/devices/{predecessor_id}/successor",
        response_model=EnrollAnswer,
    )
    def register_successor(
        office_code: str, predecessor_id: str, body: SuccessorRequest, request: Request
    ) -> EnrollAnswer:
        """Enrol a restored desk as its predecessor's successor (the predecessor's token)."""
        now = clock()
        claim = offices.SuccessorClaim(
            device_id=body.device_id,
            device_no=body.device_no,
            predecessor_device_no=body.predecessor_device_no,
            predecessor_last_seq=body.predecessor_last_seq,
            predecessor_last_hash=body.predecessor_last_hash,
        )
        with store.transaction() as session:
            done = offices.register_successor(
                session,
                authorization=request.headers.get("authorization"),
                office_code=office_code,
                predecessor_id=predecessor_id,
                claim=claim,
                now=now,
            )
        logger.info("device %s succeeds %s in %s", done.device_id, predecessor_id, office_code)
        return EnrollAnswer(
            token=done.token,
            acked_seq=done.acked_seq,
            head_hash=done.head_hash,
            server_time=utc_iso(now),
        )

    @app.post(
        "/v1/offices/{office_code}/push",
        response_model=PushAnswerModel,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["protocol", "device_id", "events"],
                            "properties": {
                                "protocol": {"type": "integer"},
                                "device_id": {"type": "string"},
                                "desk_seq": {"type": "integer"},
                                "events": {"type": "array", "items": {"type": "object"}},
                            },
                        }
                    }
                },
            }
        },
    )
    async def push_events(office_code: str, request: Request) -> JSONResponse:
        """Store a batch of one device's events exactly once (gzip JSON accepted)."""
        body = await _read_json(request)
        if not isinstance(body, dict) or body.get("protocol") != PROTOCOL_VERSION:
            raise push.BadBatch(f"protocol: this server speaks protocol {PROTOCOL_VERSION}")
        events = body.get("events")
        if isinstance(events, list) and len(events) > MAX_BATCH_EVENTS:
            raise push.BadBatch(f"events: at most {MAX_BATCH_EVENTS} in one push")
        desk_time = request.headers.get("x-desk-time")
        authorization = request.headers.get("authorization")
        now = clock()

        def store_push() -> PushAnswer:
            with store.transaction() as session:
                device = offices.authenticate(
                    session, authorization=authorization, office_code=office_code
                )
                if body.get("device_id") != device.device_id:
                    raise Forbidden("device_id: the token belongs to another device")
                answer = push.apply_push(session, device=device, events=events, now=now)
                desk_seq = body.get("desk_seq")
                if isinstance(desk_seq, int) and not isinstance(desk_seq, bool):
                    device.reported_seq = max(desk_seq, answer["acked_seq"])
                device.clock_skew_s = _skew(desk_time, now)
            return answer

        # On PostgreSQL (row locks) the transaction runs in a worker thread, so the event
        # loop reads other desks' pushes while this one waits on the database. On SQLite (one
        # writer) it stays on the loop: threads would only queue in SQLite's busy handler.
        answer = await run_in_threadpool(store_push) if store.is_postgres else store_push()
        return JSONResponse(dict(answer))

    @app.get("/v1/catalogue")
    def catalogue_document(request: Request) -> Response:
        """The newest city-wide catalogue; 304 when the desk already holds it (ETag)."""
        with store.transaction() as session:
            doc = catalogue.latest(session)
            if doc is None:
                raise Unknown("catalogue: nothing published yet")
            etag, body = f'"{doc.sha256}"', doc.body
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers={"ETag": etag})
        return Response(body, media_type="application/json", headers={"ETag": etag})

    @app.get("/v1/points-rules")
    def points_rules_document(request: Request) -> Response:
        """The city's points rules (the shipped file until one is published); 304 by ETag."""
        with store.transaction() as session:
            doc = rules_document.current(session)
        etag = f'"{doc.sha256}"'
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers={"ETag": etag})
        return Response(doc.body, media_type="application/json", headers={"ETag": etag})

    @app.get("/admin", response_class=HTMLResponse)
    def admin(request: Request) -> HTMLResponse:
        """The administrator's status page: offices, devices, backlog, skew, flags (?lang=en)."""
        pages.require_admin(request)
        with store.transaction() as session:
            page = pages.status_page(
                session,
                now=clock(),
                lang=request.query_params.get("lang", ""),
                token=request.query_params.get("token", ""),
            )
        return HTMLResponse(page)

    add_agency_routes(app, store, clock=clock)
    add_analytics_routes(app, store, clock=clock)  # ideal staff per office and hour
    add_dashboard_routes(app, store, clock=clock)
    add_demand_routes(app, store, clock=clock)
    # The citizens' status page behind the receipt's QR code (rate-limited per client).
    app.include_router(status_page.router(store, clock=clock))
    app.include_router(pull_routes.router(store, clock=clock))  # restore, and later every desk
    add_relay_routes(app, store, clock=clock)  # an office hub relays its desks' chains
    return app


# A push of 2,000 events parses into some 15,000 dicts and lists, none in a cycle: at
# Python's default threshold (700) the collector ran twenty times a push, and each full
# collection walked the server's long-lived objects too. Those are frozen once started;
# the young generation is collected every 10,000 allocations, a full collection still
# comes every million or so, so cyclic garbage (sessions) does not pile up.
GC_THRESHOLDS = (10_000, 10, 10)


def tune_gc() -> None:
    """Set the cyclic collector for a server that parses large acyclic JSON bodies."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def _skew(desk_time: str | None, now: datetime) -> float | None:
    """Seconds the desk's clock is ahead of the city's (None when it did not say)."""
    if not desk_time:
        return None
    try:
        moment = datetime.fromisoformat(desk_time.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return round((moment - now).total_seconds(), 1)


def gzip_json(value: Any) -> bytes:
    """A JSON body compressed as the desks send it."""
    return gzip.compress(json.dumps(value, separators=(",", ":")).encode("utf-8"), 5)
