"""The unit every city answer is built from: one office's figures for one Jakarta hour.

The rollups keep one HourCell per (office, Jakarta date, hour) that saw any activity;
staffing, opening hours and under-used offices read lists of them, never raw events.
Sums (not means) are kept so that cells add up across days, hours and offices.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date


@dataclass(frozen=True)
class HourCell:
    """What one office saw in one Jakarta hour of one day."""

    office_code: str
    day: date  # Jakarta calendar date
    hour: int  # 0..23, Jakarta time
    arrivals: int = 0  # citizens arriving: tickets issued, or intakes where no ticket was
    tickets: int = 0  # queue tickets issued
    abandoned: int = 0  # tickets that ended without being served (no-show, never called)
    wait_count: int = 0  # tickets whose wait (issue -> first call) is known
    wait_seconds: float = 0.0
    handle_count: int = 0  # counter visits whose handling time is known
    handle_seconds: float = 0.0
    handle_seconds_sq: float = 0.0  # sum of squares, for the spread of handling times
    completed: int = 0  # tasks completed (handed over) in the hour
    points: int = 0  # points earned in the hour
    officer_seconds: float = 0.0  # attendance: officer-seconds clocked in within the hour

    @property
    def weekday(self) -> int:
        """Monday 0 .. Sunday 6, of the Jakarta date."""
        return self.day.weekday()

    @property
    def officers_present(self) -> float:
        """Officers on duty on average over the hour (attendance)."""
        return self.officer_seconds / 3600.0

    @property
    def mean_handle_seconds(self) -> float | None:
        """Average handling time of the hour's known visits; None when none is known."""
        return self.handle_seconds / self.handle_count if self.handle_count else None


COUNTS = tuple(f.name for f in fields(HourCell) if f.name not in {"office_code", "day", "hour"})


def kecamatan_of(office_code: str) -> str:
    """The kecamatan code an office's Kemendagri code lies in (31.74.06.1002 -> 31.74.06)."""
    return ".".join(office_code.split(".")[:3])
