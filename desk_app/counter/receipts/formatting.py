"""Indonesian/English formatting of money, dates and identity numbers for receipts."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desk_app.counter.receipts.strings import text

logger = logging.getLogger(__name__)

MONTHS: dict[str, tuple[str, ...]] = {
    "id": (
        "Januari", "Februari", "Maret", "April", "Mei", "Juni",
        "Juli", "Agustus", "September", "Oktober", "November", "Desember",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip
WEEKDAYS: dict[str, tuple[str, ...]] = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
NIK_VISIBLE_DIGITS = 4


def _jakarta_zone() -> tzinfo:
    """Asia/Jakarta; a fixed UTC+7 when the tz database is missing (WIB has no DST)."""
    try:
        return ZoneInfo("Asia/Jakarta")
    except ZoneInfoNotFoundError:
        logger.warning("tz database lacks Asia/Jakarta; using a fixed UTC+7 offset")
        return timezone(timedelta(hours=7), "WIB")


JAKARTA = _jakarta_zone()


def format_idr(amount: int, lang: str = "id") -> str:
    """Rupiah amount with thousands separators: "Rp 150.000" (id) or "Rp 150,000" (en)."""
    if amount < 0:
        raise ValueError(f"negative amount: {amount}")
    grouped = f"{amount:,}"
    return "Rp " + (grouped.replace(",", ".") if lang == "id" else grouped)


def format_fee(fee_idr: int | None, lang: str) -> str:
    """The official fee line: free, a fixed amount, or a levy computed by formula."""
    if fee_idr is None:
        return text("fee_levy", lang)
    if fee_idr == 0:
        return text("fee_free", lang)
    return format_idr(fee_idr, lang)


def mask_nik(nik: str) -> str:
    """The NIK with all but its last four characters replaced by '*'."""
    nik = nik.strip()
    if not nik:
        return "-"
    if len(nik) <= NIK_VISIBLE_DIGITS:
        return "*" * len(nik)
    hidden = len(nik) - NIK_VISIBLE_DIGITS
    return "*" * hidden + nik[hidden:]


def format_date(value: date, lang: str, *, weekday: bool = False) -> str:
    """A date such as "27 November 2026", optionally prefixed "Jumat, "."""
    day = f"{value.day} {MONTHS[lang][value.month - 1]} {value.year}"
    return f"{WEEKDAYS[lang][value.weekday()]}, {day}" if weekday else day


def to_jakarta(moment: datetime) -> datetime:
    """An aware datetime converted to Jakarta time; naive datetimes are rejected."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("issued_at must be timezone-aware")
    return moment.astimezone(JAKARTA)


def format_datetime(moment: datetime, lang: str) -> str:
    """An aware datetime in Jakarta time, e.g. "27 November 2026 14:05 WIB"."""
    local = to_jakarta(moment)
    return f"{format_date(local.date(), lang)} {local:%H:%M} WIB"
