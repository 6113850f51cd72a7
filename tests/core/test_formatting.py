"""One spelling per language for dates, times and numbers, on every surface; Jakarta time."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from desk_app.common import formatting as f

THURSDAY = date(2026, 11, 26)
# 07:30 UTC = 14:30 in Jakarta (WIB, UTC+7)
AFTERNOON = datetime(2026, 11, 26, 7, 30, tzinfo=UTC)
# 20:05 in New York on 31 December = 08:05 on 1 January in Jakarta
NEW_YEAR = datetime(2026, 12, 31, 20, 5, tzinfo=timezone(timedelta(hours=-5)))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "id",
            {
                "short": "26/11/2026",
                "day_month": "26/11",
                "long": "26 November 2026",
                "weekday": "Kamis, 26 November 2026",
                "time": "14:30",
                "date_time": "26/11/2026 14:30",
                "paper": "26 November 2026 14:30 WIB",
                "new_year": "1 Januari 2027 08:05 WIB",
                "hour": "09:00",
            },
        ),
        (
            "en",
            {
                "short": "26/11/2026",
                "day_month": "26/11",
                "long": "26 November 2026",
                "weekday": "Thursday, 26 November 2026",
                "time": "14:30",
                "date_time": "26/11/2026 14:30",
                "paper": "26 November 2026 14:30 WIB",
                "new_year": "1 January 2027 08:05 WIB",
                "hour": "09:00",
            },
        ),
    ],
)
def test_dates_and_times(language: str, expected: dict[str, str]) -> None:
    assert f.date_short(THURSDAY, language) == expected["short"]
    assert f.day_month(THURSDAY, language) == expected["day_month"]
    assert f.date_long(THURSDAY, language) == expected["long"]
    assert f.date_long(THURSDAY, language, weekday=True) == expected["weekday"]
    assert f.time_of_day(AFTERNOON, language) == expected["time"]
    assert f.date_time(AFTERNOON, language) == expected["date_time"]
    assert f.date_time_long(AFTERNOON, language) == expected["paper"]
    assert f.date_time_long(NEW_YEAR, language) == expected["new_year"]
    assert f.hour_of_day(9, language) == expected["hour"]


def test_single_digit_days_and_every_month_name() -> None:
    assert f.date_short(date(2027, 3, 5), "id") == "05/03/2027"
    assert f.date_long(date(2027, 3, 5), "id", weekday=True) == "Jumat, 5 Maret 2027"
    assert f.date_long(date(2027, 3, 7), "en", weekday=True) == "Sunday, 7 March 2027"
    assert [f.month_name(m, "id") for m in (1, 2, 5, 6, 7, 8, 12)] == [
        "Januari",
        "Februari",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "Desember",
    ]
    assert f.weekday_name(date(2026, 11, 29), "id") == "Minggu"
    assert f.weekday_name(date(2026, 11, 29), "en") == "Sunday"


def test_an_unknown_language_is_written_the_indonesian_way() -> None:
    assert f.date_long(THURSDAY, "fr", weekday=True) == "Kamis, 26 November 2026"
    assert f.rupiah(150_000, "fr") == "Rp 150.000"


def test_a_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError):
        f.time_of_day(datetime(2026, 11, 26, 14, 30), "id")


def test_local_time_is_jakarta_whatever_the_host_zone() -> None:
    code = (
        "from datetime import UTC, datetime\n"
        "from desk_app.common import formatting as f\n"
        "print(f.date_time(datetime(2026, 11, 26, 7, 30, tzinfo=UTC), 'id'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "TZ": "America/New_York"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "26/11/2026 14:30"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "id",
            {
                "count": "12.345",
                "big": "1.234.567",
                "small": "999",
                "negative": "-1.500",
                "decimal": "5,2",
                "decimal2": "1.234,50",
                "hours": "31,6",
                "whole_hours": "40",
                "hours_text": "31,6 jam",
                "one_hour": "1 jam",
                "rupiah": "Rp 150.000",
                "free": "Rp 0",
                "percent": "80%",
                "percent1": "75,5%",
            },
        ),
        (
            "en",
            {
                "count": "12,345",
                "big": "1,234,567",
                "small": "999",
                "negative": "-1,500",
                "decimal": "5.2",
                "decimal2": "1,234.50",
                "hours": "31.6",
                "whole_hours": "40",
                "hours_text": "31.6 hours",
                "one_hour": "1 hour",
                "rupiah": "Rp 150,000",
                "free": "Rp 0",
                "percent": "80%",
                "percent1": "75.5%",
            },
        ),
    ],
)
def test_numbers(language: str, expected: dict[str, str]) -> None:
    assert f.number(12_345, language) == expected["count"]
    assert f.number(1_234_567, language) == expected["big"]
    assert f.number(999, language) == expected["small"]
    assert f.number(-1500, language) == expected["negative"]
    assert f.decimal(5.2, language) == expected["decimal"]
    assert f.decimal(1234.5, language, 2) == expected["decimal2"]
    assert f.hours(31.55, language) == expected["hours"]
    assert f.hours(40.0, language) == expected["whole_hours"]
    assert f.hours_text(31.55, language) == expected["hours_text"]
    assert f.hours_text(1.0, language) == expected["one_hour"]
    assert f.rupiah(150_000, language) == expected["rupiah"]
    assert f.rupiah(0, language) == expected["free"]
    assert f.percent(0.8, language) == expected["percent"]
    assert f.percent(0.755, language, 1) == expected["percent1"]


def test_decimals_round_half_up_on_the_exact_value_as_qt_does() -> None:
    assert f.decimal(17.25, "id") == "17,3"  # an exact half: up, not to even
    assert f.decimal(0.25, "en") == "0.3"
    assert f.decimal(2.675, "id", 2) == "2,67"  # 2.675 is 2.67499999... in binary
    assert f.decimal(-0.04, "id") == "0,0"  # no "-0,0"
    assert f.trimmed(8.5, "id", 2) == "8,5"
    assert f.trimmed(220.0, "id") == "220"
    assert f.trimmed(1000.0, "en") == "1,000"


def test_unknown_values_and_durations() -> None:
    assert f.percent(None, "id") == f.UNKNOWN == "–"
    assert f.minutes_seconds(None) == "–"
    assert f.minutes_seconds(220) == "3:40"
    assert f.minutes_seconds(600.4) == "10:00"
    assert f.minutes_seconds(59.6) == "1:00"
