"""The kiosk's ticket on the 80 mm thermal roll, drawn straight onto a reportlab canvas."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import time
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from desk_app.common.formatting import date_time
from desk_app.counter.receipts.fonts import BOLD, REGULAR, ensure_fonts, prime_document
from desk_app.queueing.tickets import PRIORITY_NAMES, IssuedTicket, category

PAGE_WIDTH = 80 * mm
MARGIN = 4 * mm
LINE = 1.25  # leading as a multiple of the font size

_STRINGS: dict[str, tuple[str, str]] = {
    "gov": ("PEMERINTAH PROVINSI DKI JAKARTA", "PROVINCIAL GOVERNMENT OF DKI JAKARTA"),
    "title": ("NOMOR ANTREAN", "QUEUE NUMBER"),
    "priority": ("Prioritas: {name}", "Priority: {name}"),
    "taken": ("Diambil {moment}", "Taken {moment}"),
    "ahead": ("Menunggu di depan Anda: {n} orang", "Waiting before you: {n}"),
    "hours": ("Jam layanan {opens}–{closes} WIB", "Service hours {opens}–{closes} WIB"),
    "keep": (
        "Simpan karcis ini; nomor Anda dipanggil di layar dan pengeras suara.",
        "Keep this ticket; your number is called on the screen and aloud.",
    ),
    "free": (
        "Layanan tanpa pungutan di luar biaya resmi.",
        "No charge beyond the official fee.",
    ),
}


def _text(key: str, language: str, **params: object) -> str:
    id_text, en_text = _STRINGS[key]
    return (en_text if language == "en" else id_text).format(**params)


def _hhmm(value: time) -> str:
    return f"{value:%H.%M}"


@dataclass(frozen=True)
class _Line:
    text: str
    font: str
    size: float


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap to `width` points."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and stringWidth(candidate, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines


def ticket_lines(issued: IssuedTicket, *, language: str = "id") -> list[_Line]:
    """What the ticket says, top to bottom, with fonts and sizes (also read by tests)."""
    ensure_fonts()  # the wrapping measures text in the receipt font
    ticket = issued.ticket
    width = PAGE_WIDTH - 2 * MARGIN
    out = [_Line(_text("gov", language), REGULAR, 7), _Line(issued.office_name, BOLD, 10)]
    out.append(_Line(_text("title", language), REGULAR, 9))
    out.append(_Line(ticket.label, BOLD, 44))
    out.append(_Line(category(ticket.category).name(language), BOLD, 10))
    if ticket.priority:
        name = PRIORITY_NAMES[ticket.priority][1 if language == "en" else 0]
        out.append(_Line(_text("priority", language, name=name), BOLD, 10))
    taken = _text("taken", language, moment=date_time(ticket.issued_at, language))
    out.append(_Line(taken, REGULAR, 9))
    out.append(_Line(_text("ahead", language, n=issued.ahead), BOLD, 10))
    hours = _text("hours", language, opens=_hhmm(issued.opens_at), closes=_hhmm(issued.closes_at))
    out.append(_Line(hours, REGULAR, 8))
    for key in ("keep", "free"):
        out += [_Line(t, REGULAR, 7) for t in _wrap(_text(key, language), REGULAR, 7, width)]
    return out


def render_ticket(issued: IssuedTicket, *, language: str = "id") -> bytes:
    """The ticket as a one-page PDF exactly as tall as its lines, 80 mm wide."""
    ensure_fonts()
    lines = ticket_lines(issued, language=language)
    height = sum(line.size * LINE for line in lines) + 2 * MARGIN
    buffer = io.BytesIO()
    canv: Any = Canvas(buffer, pagesize=(PAGE_WIDTH, height), invariant=1, pageCompression=0)
    canv.setTitle(f"Antrean {issued.ticket.label}")
    canv.setAuthor(issued.office_name)
    canv.setCreator("Loket")
    prime_document(canv)
    y = height - MARGIN
    for line in lines:
        y -= line.size * LINE
        canv.setFont(line.font, line.size)
        canv.drawCentredString(PAGE_WIDTH / 2, y + line.size * (LINE - 1), line.text)
    canv.showPage()
    canv.save()
    return buffer.getvalue()
