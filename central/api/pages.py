"""The administrator's status page, rendered on the server with no external asset."""

from __future__ import annotations

import hmac
import ipaddress
import os
from datetime import UTC, datetime
from html import escape

from fastapi import Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.errors import Forbidden
from central.store.models import Device, Flag, Office, StoredEvent

ADMIN_TOKEN_VARIABLE = "DESK_CENTRAL_ADMIN_TOKEN"

STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1f2933}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #d9e2ec;padding:.35rem .5rem;text-align:left}
th{background:#f0f4f8}td.num{text-align:right;font-variant-numeric:tabular-nums}
.bad{color:#b42318;font-weight:600}.ok{color:#1e7b34}
"""


def require_admin(request: Request) -> None:
    """Fail closed: the configured admin token, or (none configured) a loopback client only."""
    wanted = os.environ.get(ADMIN_TOKEN_VARIABLE, "")
    if wanted:
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        given = given or request.query_params.get("token", "")
        if not hmac.compare_digest(given.encode(), wanted.encode()):
            raise Forbidden("admin: the administrator's token is required")
        return
    host = request.client.host if request.client else ""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise Forbidden(f"admin: set {ADMIN_TOKEN_VARIABLE} to serve this page beyond loopback")


def _when(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "never"
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    minutes = int((now - moment).total_seconds() // 60)
    if minutes < 1:
        return "just now"
    if minutes < 120:
        return f"{minutes} min ago"
    return f"{minutes // 60} h ago" if minutes < 48 * 60 else f"{minutes // 1440} days ago"


def status_page(session: Session, *, now: datetime) -> str:
    """Offices, their devices (last seen, backlog, clock skew) and open flags."""
    counts = dict(
        session.execute(
            select(StoredEvent.office_code, func.count()).group_by(StoredEvent.office_code)
        ).all()
    )
    flags_by_office = dict(
        session.execute(select(Flag.office_code, func.count()).group_by(Flag.office_code)).all()
    )
    rows = []
    for office in session.scalars(select(Office).order_by(Office.office_code)):
        flags = flags_by_office.get(office.office_code, 0)
        rows.append(
            f"<tr><td>{escape(office.office_code)}</td><td>{escape(office.name)}</td>"
            f"<td>{escape(office.level)}</td>"
            f"<td class=num>{counts.get(office.office_code, 0):,}</td>"
            f"<td class='num {'bad' if flags else 'ok'}'>{flags}</td></tr>"
        )
    devices = []
    for device in session.scalars(select(Device).order_by(Device.office_code, Device.device_no)):
        backlog = max(device.reported_seq - device.acked_seq, 0)
        skew = device.clock_skew_s
        skew_text = "-" if skew is None else f"{skew:+.0f} s"
        state = "revoked" if device.revoked_at else "active"
        devices.append(
            f"<tr><td>{escape(device.office_code)}</td><td>{device.device_no:02d}</td>"
            f"<td><code>{escape(device.device_id)}</code></td><td>{state}</td>"
            f"<td>{_when(device.last_seen_at, now)}</td>"
            f"<td class=num>{device.acked_seq:,}</td>"
            f"<td class='num {'bad' if backlog else ''}'>{backlog:,}</td>"
            f"<td class='num {'bad' if skew and abs(skew) > 300 else ''}'>{skew_text}</td></tr>"
        )
    flag_rows = []
    for flag in session.scalars(select(Flag).order_by(Flag.raised_at.desc()).limit(200)):
        flag_rows.append(
            f"<tr><td>{escape(flag.office_code)}</td><td class=bad>{escape(flag.kind)}</td>"
            f"<td><code>{escape(flag.device_id[:8])}</code></td><td class=num>{flag.seq}</td>"
            f"<td>{escape(flag.detail)}</td><td>{_when(flag.raised_at, now)}</td></tr>"
        )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Loket — city status</title>
<style>{STYLE}</style></head><body>
<h1>Loket city server — status</h1>
<p>{now.astimezone(UTC):%Y-%m-%d %H:%M} UTC</p>
<h2>Offices</h2>
<table><tr><th>Code</th><th>Name</th><th>Level</th><th>Events</th><th>Flags</th></tr>
{"".join(rows) or "<tr><td colspan=5>No office registered yet.</td></tr>"}</table>
<h2>Devices</h2>
<table><tr><th>Office</th><th>No.</th><th>Device</th><th>State</th><th>Last seen</th>
<th>Held</th><th>Backlog</th><th>Clock skew</th></tr>
{"".join(devices) or "<tr><td colspan=8>No device enrolled yet.</td></tr>"}</table>
<h2>Flags</h2>
<table><tr><th>Office</th><th>Kind</th><th>Device</th><th>Seq</th><th>Detail</th><th>Raised</th></tr>
{"".join(flag_rows) or "<tr><td colspan=6>No flags.</td></tr>"}</table>
</body></html>
"""
