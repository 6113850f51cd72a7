"""Dates, times and numbers as people read them: one spelling per language, everywhere.

Every screen, receipt, day report and command-line line spells a date, a time or a number
through this module, so Indonesian reads the same on all of them and English reads as
English. Local times are always Jakarta time (WIB), whatever zone the computer is set to.

=============  ==============================  ================================
what           Indonesian ("id")               English ("en")
=============  ==============================  ================================
date           26/11/2026                      26/11/2026
day and month  26/11                           26/11
long date      Kamis, 26 November 2026         Thursday, 26 November 2026
time           14:30                           14:30
date and time  26/11/2026 14:30                26/11/2026 14:30
on paper       26 November 2026 14:30 WIB      26 November 2026 14:30 WIB
count          12.345                          12,345
decimal        5,2                             5.2
hours          31,6 jam (31 jam, 1 jam)        31.6 hours (31 hours, 1 hour)
rupiah         Rp 150.000                      Rp 150,000
percent        80% / 75,5%                     80% / 75.5%
duration       3:40 (minutes:seconds)          3:40
=============  ==============================  ================================

Any other language code is written the Indonesian way. Decimals round half away from
zero on the exact binary value (as Qt's QLocale does), never to even.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from desk_app.common.workdays import JAKARTA

ID = "id"
EN = "en"
LANGUAGES: tuple[str, ...] = (ID, EN)
UNKNOWN = "–"  # a value that is not known (yet)
ZONE = "WIB"  # Jakarta time, as printed after a time on paper

# The same spellings as Qt display patterns, for date and date-time editors and chart axes.
DATE_PATTERN = "dd/MM/yyyy"
DAY_MONTH_PATTERN = "dd/MM"
DATE_TIME_PATTERN = "dd/MM/yyyy HH:mm"

MONTHS: dict[str, tuple[str, ...]] = {
    ID: (
        "Januari", "Februari", "Maret", "April", "Mei", "Juni",
        "Juli", "Agustus", "September", "Oktober", "November", "Desember",
    ),
    EN: (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip
WEEKDAYS: dict[str, tuple[str, ...]] = {
    ID: ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    EN: ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
# (thousands separator, decimal mark)
_MARKS: dict[str, tuple[str, str]] = {ID: (".", ","), EN: (",", ".")}
_HOURS_UNIT: dict[str, tuple[str, str]] = {ID: ("jam", "jam"), EN: ("hour", "hours")}


def _lang(language: str) -> str:
    return language if language in LANGUAGES else ID


# -- dates and times ----------------------------------------------------------------------


def jakarta(moment: datetime) -> datetime:
    """An aware datetime as Jakarta wall-clock time; a naive one is refused (ValueError)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a timezone-aware datetime is required")
    return moment.astimezone(JAKARTA)


def weekday_name(day: date, language: str) -> str:
    """The day of the week: "Kamis" / "Thursday"."""
    return WEEKDAYS[_lang(language)][day.weekday()]


def month_name(month: int, language: str) -> str:
    """A month (1-12): "November" / "November", "Agustus" / "August"."""
    return MONTHS[_lang(language)][month - 1]


def date_short(day: date, language: str) -> str:
    """A date in figures: "26/11/2026" (both languages)."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def day_month(day: date, language: str) -> str:
    """Day and month in figures: "26/11" (both languages)."""
    return f"{day.day:02d}/{day.month:02d}"


def date_long(day: date, language: str, *, weekday: bool = False) -> str:
    """A date spelled out: "26 November 2026", with `weekday` "Kamis, 26 November 2026"."""
    text = f"{day.day} {month_name(day.month, language)} {day.year}"
    return f"{weekday_name(day, language)}, {text}" if weekday else text


def hour_of_day(hour: int, language: str) -> str:
    """A whole hour on the clock: "09:00"."""
    return f"{hour:02d}:00"


def time_of_day(moment: datetime, language: str) -> str:
    """An aware moment as Jakarta wall-clock time: "14:30"."""
    local = jakarta(moment)
    return f"{local.hour:02d}:{local.minute:02d}"


def date_time(moment: datetime, language: str) -> str:
    """An aware moment as Jakarta date and time: "26/11/2026 14:30"."""
    local = jakarta(moment)
    return f"{date_short(local.date(), language)} {time_of_day(local, language)}"


def date_time_long(moment: datetime, language: str) -> str:
    """An aware moment in Jakarta time as printed: "26 November 2026 14:30 WIB"."""
    local = jakarta(moment)
    return f"{date_long(local.date(), language)} {time_of_day(local, language)} {ZONE}"


# -- numbers ------------------------------------------------------------------------------


def _grouped(digits: str, separator: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head], *(digits[i : i + 3] for i in range(head, len(digits), 3))]
    return separator.join(groups)


def number(value: int, language: str) -> str:
    """A whole number with thousands separators: "12.345" / "12,345"."""
    separator, _ = _MARKS[_lang(language)]
    sign = "-" if value < 0 else ""
    return sign + _grouped(str(abs(int(value))), separator)


def decimal(value: float, language: str, places: int = 1) -> str:
    """A number with `places` decimals: "1.234,5" / "1,234.5"."""
    separator, mark = _MARKS[_lang(language)]
    exact = Decimal(float(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if exact.is_zero():
        exact = abs(exact)  # no "-0,0"
    whole, _, fraction = f"{abs(exact):f}".partition(".")
    sign = "-" if exact < 0 else ""
    return sign + _grouped(whole, separator) + (mark + fraction if fraction else "")


def trimmed(value: float, language: str, places: int = 1) -> str:
    """Like `decimal`, without trailing zero decimals: "5,2", "37,5", "40", "8,75"."""
    text = decimal(value, language, places)
    _, mark = _MARKS[_lang(language)]
    return text.rstrip("0").rstrip(mark) if mark in text else text


def hours(value: float, language: str) -> str:
    """Hours to one decimal, no ",0": "31,6" / "31.6", "40"."""
    return trimmed(value, language, 1)


def hours_text(value: float, language: str) -> str:
    """Hours with their unit: "31,6 jam" / "31.6 hours", "1 hour"."""
    amount = hours(value, language)
    one, many = _HOURS_UNIT[_lang(language)]
    return f"{amount} {one if amount == '1' else many}"


def rupiah(amount: int, language: str) -> str:
    """A rupiah amount: "Rp 150.000" / "Rp 150,000"."""
    return f"Rp {number(amount, language)}"


def percent(share: float | None, language: str, places: int = 0) -> str:
    """A share (0.8 = 80 %) as a percentage: "80%", with places=1 "75,5%" / "75.5%"."""
    if share is None:
        return UNKNOWN
    return decimal(share * 100, language, places) + "%"


def minutes_seconds(seconds: float | None) -> str:
    """A duration as minutes:seconds, "3:40" (both languages; "–" when unknown)."""
    if seconds is None:
        return UNKNOWN
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"
