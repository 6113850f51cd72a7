"""The citizens' status page behind the receipt's QR code: status and promised date only.

GET /status/{tracking_no}?c=CODE answers with the task's status in words, the promised
date, the office and the last update, never a name, NIK, phone, fee or officer. An
unknown number, a wrong code, a task not yet synced and a task taken before check codes
existed all get the very same 404 page, so the page cannot be used to find which numbers
exist. Guesses are slowed per client address by a small token bucket (429 + Retry-After).
Behind a reverse proxy every citizen shares the proxy's address: run the city with the
proxy's forwarded-for handling (uvicorn --forwarded-allow-ips) so the address is theirs.
"""

from __future__ import annotations

import hmac
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.store.engine import Store
from central.store.models import Office, TaskStatus
from central.task_status import check_digest
from desk_app.common.clock import Clock
from desk_app.common.formatting import date_long, date_time_long

PER_MINUTE = 30  # page views per client address and minute, bursts included
MAX_CLIENTS = 10_000  # buckets kept; the least recently seen is forgotten beyond it
MAX_TRACKING_LEN = 40
MAX_CODE_LEN = 20
_NO_DIGEST = "0" * 64  # compared against when there is no row, so both paths do the same work

STATUS_WORDS = {
    "received": ("Diterima", "Berkas Anda sudah diterima di loket dan menunggu diproses."),
    "in_process": ("Diproses", "Permohonan Anda sedang diproses oleh petugas."),
    "at_agency": ("Di instansi", "Berkas Anda sedang diproses di instansi terkait."),
    "ready": ("Siap diambil", "Hasil layanan sudah siap. Silakan ambil di kantor PTSP."),
    "completed": ("Selesai", "Hasil layanan sudah diserahkan."),
    "rejected": ("Ditolak", "Permohonan tidak dapat diproses. Lihat pemberitahuan penolakan."),
    "cancelled": ("Dibatalkan", "Permohonan telah dibatalkan."),
}
_LEVEL_WORDS = {"kota": "Kota Administrasi", "kecamatan": "Kecamatan", "kelurahan": "Kelurahan"}

STYLE = """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;
background:#f0f4f8;color:#1f2933;line-height:1.45}
main{max-width:34rem;margin:0 auto;padding:1.2rem}
header{background:#0b4f8a;color:#fff;padding:1rem 1.2rem}
header p{margin:0;font-size:.8rem;letter-spacing:.04em}
header h1{margin:.2rem 0 0;font-size:1.25rem}
.card{background:#fff;border-radius:.6rem;padding:1.1rem 1.2rem;margin-top:1rem;
box-shadow:0 1px 3px rgba(0,0,0,.12)}
.label{font-size:.8rem;color:#52606d;margin:.8rem 0 .1rem}
.value{font-size:1.05rem;font-weight:600;margin:0}
.no{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:1.1rem;font-weight:700}
.badge{display:inline-block;padding:.3rem .8rem;border-radius:1rem;font-weight:700;
font-size:1.15rem;background:#e3f0ff;color:#0b4f8a}
.badge.ready,.badge.completed{background:#e3f9e5;color:#1e7b34}
.badge.rejected,.badge.cancelled{background:#ffe3e3;color:#b42318}
.note{font-size:.9rem;color:#3e4c59}
h2{font-size:1.2rem;margin:0 0 .6rem}
footer{font-size:.78rem;color:#52606d;margin-top:1.2rem;text-align:center}
"""
FOOTER = (
    "<footer>Halaman ini hanya menampilkan status permohonan, tanpa data pribadi.<br>"
    "Pengaduan: SP4N-LAPOR! — www.lapor.go.id, SMS 1708</footer>"
)
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",  # the address holds the check code
    "X-Robots-Tag": "noindex, nofollow",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
}


class RateLimiter:
    """A token bucket per client: `per_minute` requests a minute, bursts up to that many."""

    def __init__(
        self, *, clock: Clock, per_minute: int = PER_MINUTE, max_clients: int = MAX_CLIENTS
    ) -> None:
        self._clock = clock
        self._capacity = float(per_minute)
        self._rate = per_minute / 60.0  # tokens a second
        self._max_clients = max_clients
        self._buckets: OrderedDict[str, tuple[float, datetime]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, client: str) -> int:
        """0 when `client` may go on (a token is spent), else whole seconds to wait."""
        now = self._clock()
        with self._lock:
            tokens, last = self._buckets.pop(client, (self._capacity, now))
            elapsed = max((now - last).total_seconds(), 0.0)  # a clock set back refills nothing
            tokens = min(self._capacity, tokens + elapsed * self._rate)
            wait = 0 if tokens >= 1.0 else max(1, math.ceil((1.0 - tokens) / self._rate))
            self._buckets[client] = (tokens - 1.0 if not wait else tokens, now)
            while len(self._buckets) > self._max_clients:
                self._buckets.popitem(last=False)
            return wait


@dataclass(frozen=True)
class PublicStatus:
    """What the page may show of one task."""

    tracking_no: str
    status: str
    due_date: date | None
    documents_pending: bool
    office_name: str
    updated_at: datetime


def office_code_of(tracking_no: str) -> str | None:
    """The Kemendagri office code a tracking number starts with ("3174081005-..." ->
    "31.74.08.1005"); None when it does not start with one."""
    digits = tracking_no.split("-", 1)[0]
    if not digits.isascii() or not digits.isdigit() or len(digits) not in (4, 6, 10):
        return None
    return ".".join(part for part in (digits[:2], digits[2:4], digits[4:6], digits[6:]) if part)


def find_status(session: Session, *, tracking_no: str, code: str) -> PublicStatus | None:
    """The task's public status when the number exists and `code` is its check code."""
    office_code = office_code_of(tracking_no)
    row = None
    if office_code is not None:
        row = session.scalars(
            select(TaskStatus)
            .where(TaskStatus.office_code == office_code, TaskStatus.tracking_no == tracking_no)
            .order_by(TaskStatus.task_id)
            .limit(1)
        ).first()
    stored = row.check_digest if row is not None and row.check_digest else _NO_DIGEST
    matches = hmac.compare_digest(check_digest(code), stored)
    if row is None or not matches or stored == _NO_DIGEST:
        return None
    office = session.get(Office, row.office_code)
    updated = row.updated_at if row.updated_at.tzinfo else row.updated_at.replace(tzinfo=UTC)
    return PublicStatus(
        tracking_no=row.tracking_no,
        status=row.status,
        due_date=row.due_date,
        documents_pending=row.documents_pending,
        office_name=_office_title(office) if office is not None else "PTSP",
        updated_at=updated,
    )


def _office_title(office: Office) -> str:
    word = _LEVEL_WORDS.get(office.level, office.level.title())
    if office.name.casefold().startswith(word.casefold()):
        return f"PTSP {office.name}"
    return f"PTSP {word} {office.name}"


def _page(title: str, body: str) -> str:
    return f"""<!doctype html>
<html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{escape(title)} — PTSP DKI Jakarta</title><style>{STYLE}</style></head><body>
<header><p>PEMERINTAH PROVINSI DKI JAKARTA</p><h1>Status Permohonan PTSP</h1></header>
<main>{body}{FOOTER}</main></body></html>
"""


def status_html(status: PublicStatus) -> str:
    """The page of one found task."""
    word, note = STATUS_WORDS.get(status.status, (status.status, ""))
    if status.documents_pending and status.status in ("received", "in_process", "at_agency"):
        due = "Ditetapkan setelah berkas lengkap"
    elif status.due_date is not None:
        due = date_long(status.due_date, "id", weekday=True)
    else:
        due = "Akan diinformasikan"
    body = f"""<section class="card">
<p class="label">No. Registrasi</p><p class="value no">{escape(status.tracking_no)}</p>
<p class="label">Status</p><p class="value"><span class="badge {escape(status.status)}">{
        escape(word)
    }</span></p>
<p class="note">{escape(note)}</p>
<p class="label">Perkiraan selesai</p><p class="value">{escape(due)}</p>
<p class="label">Kantor</p><p class="value">{escape(status.office_name)}</p>
<p class="label">Pembaruan terakhir</p><p class="value">{
        escape(date_time_long(status.updated_at, "id"))
    }</p>
</section>"""
    return _page(f"Status {word}", body)


# The same words for every miss: an unknown number, a wrong code, a task not yet synced.
NOT_FOUND_HTML = _page(
    "Tidak ditemukan",
    """<section class="card"><h2>Permohonan tidak ditemukan</h2>
<p>Nomor registrasi tidak ditemukan atau kode cek salah. Periksa kembali nomor registrasi
dan kode cek yang tercetak pada tanda terima Anda.</p>
<p class="note">Jika permohonan Anda baru saja diajukan, kantor PTSP mungkin belum
mengirimkan datanya (misalnya karena sedang tidak terhubung ke internet). Status akan
tampil di sini setelah kantor mengirimkannya. Silakan coba lagi nanti.</p></section>""",
)
TOO_MANY_HTML = _page(
    "Terlalu banyak permintaan",
    """<section class="card"><h2>Terlalu banyak permintaan</h2>
<p>Anda membuka halaman ini terlalu sering. Silakan tunggu sebentar lalu coba lagi.</p>
</section>""",
)


def router(store: Store, *, clock: Clock, limiter: RateLimiter | None = None) -> APIRouter:
    """The public status route over `store`, limited per client by `limiter`."""
    limits = limiter or RateLimiter(clock=clock)
    routes = APIRouter()

    @routes.get("/status/{tracking_no}", response_class=HTMLResponse, include_in_schema=False)
    def status(tracking_no: str, request: Request, c: str = "") -> HTMLResponse:
        """The citizen's view of one request, opened from the receipt's QR code."""
        client = request.client.host if request.client else ""
        wait = limits.take(client)
        if wait:
            headers = {**HEADERS, "Retry-After": str(wait)}
            return HTMLResponse(TOO_MANY_HTML, status_code=429, headers=headers)
        found = None
        if len(tracking_no) <= MAX_TRACKING_LEN and 0 < len(c) <= MAX_CODE_LEN:
            with store.transaction() as session:
                found = find_status(session, tracking_no=tracking_no, code=c)
        if found is None:
            return HTMLResponse(NOT_FOUND_HTML, status_code=404, headers=HEADERS)
        return HTMLResponse(status_html(found), headers=HEADERS)

    return routes
