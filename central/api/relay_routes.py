"""The city's side of an office hub: the hub enrols, then relays its desks' chains.

A relayed batch goes through the very push of a desk (central.push.apply_push): the chain
checks, idempotence and fork flags are the same, and the hashes are the desks', so a hub
can carry a chain but never alter one. A hub relays only for its own office, and only a
device the city has never seen or has seen from this hub: a desk that synced straight to
the city with its own token is not the hub's to speak for.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from central import offices, push
from central.errors import Forbidden
from central.hub import HUB_DEVICE_NO, HUB_ROLE, NO_TOKEN
from central.store.engine import Store
from central.store.models import Device
from desk_app.common.clock import Clock
from desk_app.eventlog.wire import GENESIS_HASH, MAX_BATCH_EVENTS, PROTOCOL_VERSION, utc_iso

logger = logging.getLogger(__name__)


class HubEnrollRequest(BaseModel):
    """An office hub joins its office at the city with a one-time code."""

    code: str = Field(max_length=40)
    device_id: str = Field(min_length=36, max_length=36)


def _relayed_device(
    session: Any, *, hub: Device, device_id: str, body: dict[str, Any], now: Any
) -> Device:
    """The relayed device, locked; registered on first sight as the hub says; 403 if it is
    not this hub's to relay."""
    if device_id == hub.device_id:
        raise Forbidden("device_id: a hub relays its desks' chains, not its own")
    device = session.get(Device, (hub.office_code, device_id), with_for_update=True)
    if device is not None:
        if device.relayed_by != hub.device_id:
            raise Forbidden(f"device_id: {device_id} syncs with the city itself, not via this hub")
        return device  # type: ignore[no-any-return]
    device_no, predecessor = body.get("device_no"), body.get("predecessor_device_id")
    if type(device_no) is not int or not 1 <= device_no <= 999_999:
        raise push.BadBatch("device_no: the relayed desk's number (1-999999) is required")
    if predecessor is not None and (type(predecessor) is not str or len(predecessor) != 36):
        raise push.BadBatch("predecessor_device_id: a device id or null")
    if len(device_id) != 36:
        raise push.BadBatch("device_id: a device id of 36 characters is required")
    device = Device(
        office_code=hub.office_code,
        device_id=device_id,
        device_no=device_no,
        token_hash=NO_TOKEN,
        enrolled_at=now,
        acked_seq=0,
        reported_seq=0,
        head_hash=GENESIS_HASH,
        predecessor_id=predecessor,
        role="desk",
        relayed_by=hub.device_id,
    )
    session.add(device)
    session.flush()
    return device


def add_relay_routes(app: Any, store: Store, *, clock: Clock) -> None:
    """POST /v1/offices/{code}/hub/enroll and /v1/offices/{code}/relay/{device_id}."""
    routes = APIRouter()

    @routes.post("/v1/offices/{office_code}/hub/enroll")
    def enroll_hub(office_code: str, body: HubEnrollRequest) -> dict[str, Any]:
        """Spend a one-time code for the office's hub; its secret is in the answer, once."""
        now = clock()
        with store.transaction() as session:
            done = offices.enroll(
                session,
                office_code=office_code,
                code=body.code,
                device_id=body.device_id,
                device_no=HUB_DEVICE_NO,
                now=now,
                role=HUB_ROLE,
            )
        logger.info("hub %s enrolled for %s", done.device_id, office_code)
        return {"token": done.token, "server_time": utc_iso(now)}

    @routes.post("/v1/offices/{office_code}/relay/{device_id}")
    async def relay(office_code: str, device_id: str, request: Request) -> JSONResponse:
        """Store a batch of one desk's events that the office's hub carries (gzip JSON)."""
        from central.api.app import _read_json  # the same body limits as a desk's push

        body = await _read_json(request)
        if not isinstance(body, dict) or body.get("protocol") != PROTOCOL_VERSION:
            raise push.BadBatch(f"protocol: this server speaks protocol {PROTOCOL_VERSION}")
        events = body.get("events")
        if isinstance(events, list) and len(events) > MAX_BATCH_EVENTS:
            raise push.BadBatch(f"events: at most {MAX_BATCH_EVENTS} in one push")
        authorization = request.headers.get("authorization")
        now = clock()

        def store_relay() -> dict[str, Any]:
            with store.transaction() as session:
                hub = offices.authenticate(
                    session, authorization=authorization, office_code=office_code, lock=False
                )
                if hub.role != HUB_ROLE:
                    raise Forbidden("authorization: only an office hub relays other devices")
                hub.last_seen_at = now
                device = _relayed_device(session, hub=hub, device_id=device_id, body=body, now=now)
                answer = push.apply_push(session, device=device, events=events, now=now)
                desk_seq = body.get("desk_seq")
                if type(desk_seq) is int:
                    device.reported_seq = max(desk_seq, answer["acked_seq"])
            return dict(answer)

        answer = await run_in_threadpool(store_relay) if store.is_postgres else store_relay()
        return JSONResponse(answer)

    app.include_router(routes)
