"""The city's figures for this desk's own office (staffing, opening hours, agencies), read
with the desk's device secret: GET /v1/offices/{code}/analytics. Nothing is written."""

from __future__ import annotations

from datetime import date
from typing import Any

import requests

from desk_app.db.engine import Database
from desk_app.office import installation
from desk_app.sync import state
from desk_app.sync.client import NOT_ENROLLED, SyncFailed, _verify, city_get, refused


def fetch(
    db: Database,
    *,
    first: date | None = None,
    last: date | None = None,
    http: requests.Session | None = None,
) -> dict[str, Any]:
    """This office's figures as the city computed them (its JSON answer); SyncFailed when
    the desk is not enrolled, the city cannot be reached or refuses."""
    with db.read() as session:
        sync = state.load(session)
        office = installation.desk_info(session).office_code
    if not sync.server or not sync.token:
        raise SyncFailed(NOT_ENROLLED, retry=False, reason=state.NOT_ENROLLED)
    params = {k: v.isoformat() for k, v in (("from", first), ("to", last)) if v is not None}
    response = city_get(
        http,
        f"{sync.server}/v1/offices/{office}/analytics",
        params=params,
        headers={"Authorization": f"Bearer {sync.token}", "Accept": "application/json"},
        verify=_verify(sync.ca_bundle),
    )
    if response.status_code != 200:
        raise refused(response, "analytics")
    try:
        body = response.json()
    except ValueError:
        raise SyncFailed("analytics: not JSON", retry=True, reason=state.SERVER_ERROR) from None
    if not isinstance(body, dict):
        raise SyncFailed("analytics: not an object", retry=True, reason=state.SERVER_ERROR)
    return body
