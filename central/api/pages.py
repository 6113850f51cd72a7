"""The administrator's status page, rendered on the server with no external asset."""

from __future__ import annotations

import hmac
import ipaddress
import os
from datetime import UTC, datetime
from html import escape
from urllib.parse import urlencode

from fastapi import Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central import catalogue, relay, rules_document
from central.errors import Forbidden
from central.store.models import Device, Flag, Office, RulesDocument, StoredEvent

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


TEXTS: dict[str, dict[str, str]] = {
    "id": {
        "title": "Server kota Loket — status",
        "other": "English",
        "offices": "Kantor",
        "office_columns": "Kode|Nama|Tingkat|Kejadian|Tanda",
        "no_office": "Belum ada kantor terdaftar.",
        "devices": "Perangkat",
        "device_columns": (
            "Kantor|No.|Perangkat|Status|Terakhir terlihat|Diterima|Antrean|Selisih jam|Suksesi"
        ),
        "no_device": "Belum ada perangkat terdaftar.",
        "active": "aktif",
        "revoked": "dicabut",
        "replaces": "menggantikan perangkat {no} ({id}), dipulihkan dari cadangan",
        "replaced_by": "digantikan oleh perangkat {no} ({id})",
        "unknown_device": "tak dikenal",
        "flags": "Tanda",
        "flag_columns": "Kantor|Jenis|Perangkat|Seq|Rincian|Dicatat",
        "no_flag": "Tidak ada tanda.",
        "documents": "Dokumen kota",
        "catalogue": "Katalog layanan",
        "catalogue_version": "versi {version}, diterbitkan {when}",
        "catalogue_none": "belum diterbitkan: meja memakai katalog bawaan",
        "rules": "Aturan poin",
        "rules_document": "dokumen {document}, diterbitkan {when}; versi aturan {versions}",
        "rules_shipped": "dokumen 0 (berkas bawaan); versi aturan {versions}",
        "never": "belum pernah",
        "just_now": "baru saja",
        "minutes": "{n} menit lalu",
        "hours": "{n} jam lalu",
        "days": "{n} hari lalu",
        "hub": "hub kantor (meneruskan rantai meja ke kota)",
        "relayed": "lewat hub {id}",
        "mirror": "disalin dari kota",
        "upstream": "Server kota (hub ini meneruskan ke sana)",
        "upstream_rows": "Alamat|Terakhir berhasil|Terakhir dicoba|Belum diterima kota|Masalah",
        "no_problem": "tidak ada",
    },
    "en": {
        "title": "Loket city server — status",
        "other": "Bahasa Indonesia",
        "offices": "Offices",
        "office_columns": "Code|Name|Level|Events|Flags",
        "no_office": "No office registered yet.",
        "devices": "Devices",
        "device_columns": "Office|No.|Device|State|Last seen|Held|Backlog|Clock skew|Succession",
        "no_device": "No device enrolled yet.",
        "active": "active",
        "revoked": "revoked",
        "replaces": "replaces device {no} ({id}), restored from a backup",
        "replaced_by": "replaced by device {no} ({id})",
        "unknown_device": "unknown",
        "flags": "Flags",
        "flag_columns": "Office|Kind|Device|Seq|Detail|Raised",
        "no_flag": "No flags.",
        "documents": "City documents",
        "catalogue": "Service catalogue",
        "catalogue_version": "version {version}, published {when}",
        "catalogue_none": "not published yet: desks use the shipped catalogue",
        "rules": "Points rules",
        "rules_document": "document {document}, published {when}; rule versions {versions}",
        "rules_shipped": "document 0 (the shipped file); rule versions {versions}",
        "never": "never",
        "just_now": "just now",
        "minutes": "{n} min ago",
        "hours": "{n} h ago",
        "days": "{n} days ago",
        "hub": "office hub (relays its desks' chains to the city)",
        "relayed": "via hub {id}",
        "mirror": "copied from the city",
        "upstream": "City server (this hub relays to it)",
        "upstream_rows": "Address|Last success|Last attempt|Not yet held by the city|Problem",
        "no_problem": "none",
    },
}


def page_language(value: str | None) -> str:
    """The page's language: Indonesian unless English is asked for."""
    return value if value in TEXTS else "id"


def _when(moment: datetime | None, now: datetime, t: dict[str, str]) -> str:
    if moment is None:
        return t["never"]
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    minutes = int((now - moment).total_seconds() // 60)
    if minutes < 1:
        return t["just_now"]
    if minutes < 120:
        return t["minutes"].format(n=minutes)
    if minutes < 48 * 60:
        return t["hours"].format(n=minutes // 60)
    return t["days"].format(n=minutes // 1440)


def _head(columns: str) -> str:
    return "<tr>" + "".join(f"<th>{escape(c)}</th>" for c in columns.split("|")) + "</tr>"


def _succession(device: Device, devices: dict[str, Device], t: dict[str, str]) -> str:
    """The device's place in a restore: whom it replaced, who replaced it (plain words)."""

    def named(device_id: str) -> dict[str, str]:
        other = devices.get(device_id)
        number = f"{other.device_no:02d}" if other is not None else t["unknown_device"]
        return {"no": number, "id": device_id[:8]}

    lines = []
    if device.predecessor_id:
        lines.append(t["replaces"].format(**named(device.predecessor_id)))
    lines += [
        t["replaced_by"].format(**named(other.device_id))
        for other in devices.values()
        if other.predecessor_id == device.device_id
    ]
    return "<br>".join(escape(line) for line in lines) or "-"


def _hub_role(device: Device, t: dict[str, str]) -> str:
    """An office hub, a desk relayed by one (which), or a chain a hub copied from the city."""
    if device.role == "hub":
        return escape(t["hub"])
    if device.relayed_by:
        return escape(t["relayed"].format(id=device.relayed_by[:8]))
    return escape(t["mirror"]) if device.role == "mirror" else ""


def _upstream(now: datetime, t: dict[str, str]) -> str:
    """On an office hub: where it stands with its city (nothing on the city itself)."""
    status = relay.current_status()
    if status is None:
        return ""
    labels = t["upstream_rows"].split("|")
    backlog = "-" if status.backlog is None else f"{status.backlog:,}"
    values = (
        escape(status.upstream),
        _when(status.last_success, now, t),
        _when(status.last_attempt, now, t),
        f"<span class='{'bad' if status.backlog else 'ok'}'>{backlog}</span>",
        f"<span class=bad>{escape(status.last_error)}</span>"
        if status.last_error
        else escape(t["no_problem"]),
    )
    pairs = zip(labels, values, strict=True)
    rows = "".join(f"<tr><th>{escape(label)}</th><td>{v}</td></tr>" for label, v in pairs)
    return f"<h2>{escape(t['upstream'])}</h2>\n<table>{rows}</table>\n"


def _documents(session: Session, now: datetime, t: dict[str, str]) -> str:
    """The catalogue and points rules the city serves the desks."""
    published = catalogue.latest(session)
    catalogue_text = (
        t["catalogue_version"].format(
            version=published.version, when=_when(published.published_at, now, t)
        )
        if published is not None
        else t["catalogue_none"]
    )
    rules = rules_document.current(session)
    versions = ", ".join(f"{v.version} ({v.effective_from.isoformat()})" for v in rules.versions)
    if rules.document:
        row = session.get(RulesDocument, rules.document)
        when = _when(row.published_at if row is not None else None, now, t)
        rules_text = t["rules_document"].format(
            document=rules.document, when=when, versions=versions
        )
    else:
        rules_text = t["rules_shipped"].format(versions=versions)
    return (
        f"<table><tr><th>{t['catalogue']}</th><td>{escape(catalogue_text)}</td></tr>"
        f"<tr><th>{t['rules']}</th><td>{escape(rules_text)}</td></tr></table>"
    )


def status_page(session: Session, *, now: datetime, lang: str = "id", token: str = "") -> str:
    """Offices, their devices (last seen, backlog, clock skew, succession), documents, flags."""
    t = TEXTS[page_language(lang)]
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
    all_devices = {
        d.device_id: d
        for d in session.scalars(select(Device).order_by(Device.office_code, Device.device_no))
    }
    devices = []
    for device in all_devices.values():
        backlog = max(device.reported_seq - device.acked_seq, 0)
        skew = device.clock_skew_s
        skew_text = "-" if skew is None else f"{skew:+.0f} s"
        state = t["revoked"] if device.revoked_at else t["active"]
        devices.append(
            f"<tr><td>{escape(device.office_code)}</td><td>{device.device_no:02d}</td>"
            f"<td><code>{escape(device.device_id)}</code></td><td>{state}</td>"
            f"<td>{_when(device.last_seen_at, now, t)}</td>"
            f"<td class=num>{device.acked_seq:,}</td>"
            f"<td class='num {'bad' if backlog else ''}'>{backlog:,}</td>"
            f"<td class='num {'bad' if skew and abs(skew) > 300 else ''}'>{skew_text}</td>"
            f"<td>{_succession(device, all_devices, t)}{_hub_role(device, t)}</td></tr>"
        )
    flag_rows = []
    for flag in session.scalars(select(Flag).order_by(Flag.raised_at.desc()).limit(200)):
        flag_rows.append(
            f"<tr><td>{escape(flag.office_code)}</td><td class=bad>{escape(flag.kind)}</td>"
            f"<td><code>{escape(flag.device_id[:8])}</code></td><td class=num>{flag.seq}</td>"
            f"<td>{escape(flag.detail)}</td><td>{_when(flag.raised_at, now, t)}</td></tr>"
        )
    lang = page_language(lang)
    other = {"lang": "id" if lang == "en" else "en"} | ({"token": token} if token else {})
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{escape(t["title"])}</title>
<style>{STYLE}</style></head><body>
<h1>{escape(t["title"])}</h1>
<p>{now.astimezone(UTC):%Y-%m-%d %H:%M} UTC ·
<a href="{escape("/admin?" + urlencode(other))}">{t["other"]}</a></p>
<h2>{t["offices"]}</h2>
<table>{_head(t["office_columns"])}
{"".join(rows) or f"<tr><td colspan=5>{t['no_office']}</td></tr>"}</table>
<h2>{t["devices"]}</h2>
<table>{_head(t["device_columns"])}
{"".join(devices) or f"<tr><td colspan=9>{t['no_device']}</td></tr>"}</table>
{_upstream(now, t)}<h2>{t["documents"]}</h2>
{_documents(session, now, t)}
<h2>{t["flags"]}</h2>
<table>{_head(t["flag_columns"])}
{"".join(flag_rows) or f"<tr><td colspan=6>{t['no_flag']}</td></tr>"}</table>
</body></html>
"""
