"""The one source of "now": every write takes its time from an injected clock.

Only the edges of the program (the `desk-app` command and the GUI's start) read the
system clock, through `system_clock`; everything below them is handed a moment.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime

from desk_app.common.workdays import JAKARTA

Clock = Callable[[], datetime]

# Points the desk at another moment: `DESK_APP_NOW=2026-12-01T16:30` (Jakarta time when no
# offset is given). Used by tests and to re-run a missed day close at the moment it was due.
NOW_VARIABLE = "DESK_APP_NOW"


def system_clock() -> datetime:
    """The machine's current time, aware, in UTC."""
    return datetime.now(UTC)


def parse_moment(text: str) -> datetime:
    """An ISO 8601 moment; without an offset it is Jakarta time. ValueError when unreadable."""
    moment = datetime.fromisoformat(text.strip())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=JAKARTA)
    return moment.astimezone(UTC)


def stopped_clock(moment: datetime) -> Clock:
    """A clock that always reads `moment`."""
    return lambda: moment


def clock_from_environment(default: Clock = system_clock) -> Clock:
    """The system clock, or one stopped at `$DESK_APP_NOW` when that is set."""
    text = os.environ.get(NOW_VARIABLE, "").strip()
    return stopped_clock(parse_moment(text)) if text else default
