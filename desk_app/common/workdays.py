"""Working days in Asia/Jakarta: weekends, national holidays and cuti bersama skipped."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

if TYPE_CHECKING:
    import holidays

logger = logging.getLogger(__name__)


def _jakarta_zone() -> tzinfo:
    """Asia/Jakarta; a fixed UTC+7 when the tz database is missing (WIB has no DST)."""
    try:
        return ZoneInfo("Asia/Jakarta")
    except ZoneInfoNotFoundError:
        logger.warning("tz database lacks Asia/Jakarta; using a fixed UTC+7 offset")
        return timezone(timedelta(hours=7), "WIB")


JAKARTA = _jakarta_zone()


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> holidays.HolidayBase:
    """Indonesia's public holidays plus government joint leave (cuti bersama) of a year."""
    import holidays  # on first use: it is not needed before the login page

    return holidays.country_holidays(
        "ID", years=year, categories=(holidays.PUBLIC, holidays.GOVERNMENT)
    )


def holiday_name(day: date) -> str | None:
    """The holiday's name if `day` is a national holiday or cuti bersama."""
    name = _holidays_of(day.year).get(day)
    return str(name) if name else None


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a holiday."""
    return day.weekday() < 5 and holiday_name(day) is None


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (0 = the same day)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (negative if end is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count


def local_day(moment: datetime) -> date:
    """The calendar date in Jakarta of an aware datetime."""
    return moment.astimezone(JAKARTA).date()
