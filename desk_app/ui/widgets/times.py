"""Jakarta wall-clock times in Qt date-time editors, and back to aware datetimes."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QDateTimeEdit, QWidget

from desk_app.common.formatting import DATE_TIME_PATTERN, jakarta
from desk_app.common.workdays import JAKARTA


def to_qdatetime(moment: datetime) -> QDateTime:
    """An aware datetime as the Jakarta wall-clock time an editor shows."""
    local = jakarta(moment)
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))


def from_qdatetime(value: QDateTime) -> datetime:
    """An editor's wall-clock value as an aware Jakarta datetime (to the minute)."""
    day, clock = value.date(), value.time()
    return datetime(
        day.year(), day.month(), day.day(), clock.hour(), clock.minute(), tzinfo=JAKARTA
    )


def time_edit(
    moment: datetime, parent: QWidget, *, latest: datetime | None = None
) -> QDateTimeEdit:
    """A date-time editor on `moment` with a calendar popup, never later than `latest`."""
    edit = QDateTimeEdit(to_qdatetime(moment), parent)
    edit.setDisplayFormat(DATE_TIME_PATTERN)
    edit.setCalendarPopup(True)
    if latest is not None:
        edit.setMaximumDateTime(to_qdatetime(latest))
    return edit
