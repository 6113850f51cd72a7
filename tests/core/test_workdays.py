"""SLA due dates count working days on the Indonesian calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime

from desk_app.common.workdays import (
    JAKARTA,
    add_working_days,
    is_working_day,
    local_day,
    working_days_between,
)
from desk_app.demo import last_working_day_end


def test_same_day_service_is_due_today() -> None:
    assert add_working_days(date(2026, 11, 25), 0) == date(2026, 11, 25)


def test_weekend_is_skipped() -> None:
    friday = date(2026, 11, 27)
    assert add_working_days(friday, 1) == date(2026, 11, 30)
    assert add_working_days(friday, 5) == date(2026, 12, 4)


def test_national_holiday_and_cuti_bersama_are_skipped() -> None:
    # 2026: 18 March cuti bersama, 19 March Nyepi, 20-24 March Idul Fitri and cuti bersama.
    assert not is_working_day(date(2026, 3, 18))
    assert not is_working_day(date(2026, 3, 19))
    assert add_working_days(date(2026, 3, 17), 1) == date(2026, 3, 25)
    # Christmas 25 Dec and cuti bersama 24 Dec 2026.
    assert add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 28)


def test_working_days_between() -> None:
    assert working_days_between(date(2026, 11, 27), date(2026, 12, 4)) == 5
    assert working_days_between(date(2026, 12, 4), date(2026, 11, 27)) == -5


def test_local_day_is_jakarta() -> None:
    # 18:00 UTC is already 01:00 the next day in Jakarta (UTC+7).
    assert local_day(datetime(2026, 11, 27, 18, 0, tzinfo=UTC)) == date(2026, 11, 28)


def test_a_generated_history_ends_on_a_finished_working_day() -> None:
    def end(moment: str) -> datetime:
        return last_working_day_end(datetime.fromisoformat(moment)).astimezone(JAKARTA)

    # Just after Jakarta midnight on a Wednesday: Tuesday's evening, not the new day.
    assert end("2026-12-01T17:09:00+00:00") == datetime(2026, 12, 1, 23, 30, tzinfo=JAKARTA)
    # A Monday morning: the Friday before the weekend.
    assert end("2026-11-30T02:00:00+00:00").date() == date(2026, 11, 27)
    # The first working day after New Year's Day: the last working day of the old year.
    found = end("2027-01-04T02:00:00+00:00").date()
    assert found < date(2027, 1, 1) and is_working_day(found)
