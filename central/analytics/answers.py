"""Answers computed from the rollups, remembered until the cells they read change.

Each answer is kept under its kind, office, window and parameters, with the fingerprint of
the cells it read: the stamps of the office's days in the window (each a fresh random value
whenever a refresh or a rebuild rewrites that day, rollups._restamp), added up, together
with SQL sums of its cells in the window (so rows written by other means are noticed too).
A day rewritten outside a window leaves that window's answers standing. A city-wide answer
(the under-used offices: a share of the city's median) carries every office's
fingerprint. A late push marks its days; the next reader refreshes them, the stamp moves,
and the office's answers are computed again; other offices' answers stay.

`warm` computes the default windows' answers (what the dashboard shows) after ingestion,
so a page view finds them ready; unchanged offices cost a lookup only. Remembered values
are shared between readers: they are read, never changed.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from datetime import date, datetime
from typing import Any, TypeVar, cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from central.analytics import rollups
from central.analytics.cells import COUNTS
from central.errors import CentralError
from central.store.models import HourRollup, RollupStamp

T = TypeVar("T")
MAX_ENTRIES = 8192  # about 267 offices x a few windows and parameter sets, and some room


class Memo:
    """Values kept under a key with the fingerprint they were computed from, the least
    recently used dropped past `size`; safe across threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, tuple[Hashable, Any]] = OrderedDict()

    def remember(self, key: Hashable, fingerprint: Hashable, compute: Callable[[], T]) -> T:
        """The value kept under `key` if computed from the same fingerprint; else computed
        now and kept (an error is not kept)."""
        with self._lock:
            kept = self._entries.get(key)
            if kept is not None and kept[0] == fingerprint:
                self._entries.move_to_end(key)
                return cast(T, kept[1])
        value = compute()
        with self._lock:
            self._entries[key] = (fingerprint, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def forget(self) -> None:
        """Drop every kept value."""
        with self._lock:
            self._entries.clear()


_answers = Memo(MAX_ENTRIES)
pages = Memo(16)  # rendered dashboard pages: large, and keyed by the minute they print


def fingerprints(
    session: Session, *, first: date, last: date, office_code: str | None = None
) -> dict[str, Hashable]:
    """Each office's (or one office's) fingerprint of its cells of Jakarta days first..last
    (marked days refreshed first): its days' stamps and its cells' sums. An office with
    neither in the window is left out."""
    rollups.refresh(session, office_code=office_code)
    table = cast(Table, HourRollup.__table__)
    sums = [func.count(), *(func.sum(table.c[name]) for name in COUNTS)]
    query = select(table.c.office_code, *sums).where(table.c.day >= first, table.c.day <= last)
    if office_code is not None:
        query = query.where(table.c.office_code == office_code)
    query = query.group_by(table.c.office_code)
    stamps = cast(Table, RollupStamp.__table__)
    stamped = select(stamps.c.office_code, func.count(), func.sum(stamps.c.stamp)).where(
        stamps.c.day >= first, stamps.c.day <= last
    )
    if office_code is not None:
        stamped = stamped.where(stamps.c.office_code == office_code)
    conn = session.connection()
    found: dict[str, Hashable] = {}
    for code, count, total in conn.execute(stamped.group_by(stamps.c.office_code)):
        found[code] = (count, int(total or 0))
    for code, *values in conn.execute(query):
        found[code] = (found.get(code), tuple(values))
    return found


def of_city(found: dict[str, Hashable], codes: Iterable[str]) -> Hashable:
    """The fingerprint of several offices' cells together."""
    return tuple((code, found.get(code, (None, None))) for code in sorted(codes))


def remember(key: Hashable, fingerprint: Hashable, compute: Callable[[], T]) -> T:
    """The answer kept under `key` if computed from the same cells; else computed now."""
    return _answers.remember(key, fingerprint, compute)


def forget() -> None:
    """Drop every remembered answer and page."""
    _answers.forget()
    pages.forget()


def warm(session: Session, *, now: datetime, simulated: bool = False) -> None:
    """Compute the answers of the default windows (the dashboard's pages and the analytics
    JSON without from/to) for every office whose cells changed, and the city's; with
    `simulated`, each office's own page and JSON too (its plan checked by simulation)."""
    # The readers live above this module; imported here so the layers stay one-way.
    from central.api import analytics_routes, demand_routes
    from central.reports import figures

    first, last = figures.default_window(now, None, None)
    figures.gather(session, now=now, first=first, last=last)
    analytics_routes.staffing_answer(session, office=None, now=now)
    if simulated:  # each office's page and JSON check the model by simulation: seconds each
        for office in rollups.office_codes(session):
            try:  # an office without data in the window has no page to keep
                figures.gather(session, now=now, first=first, last=last, office_code=office)
                analytics_routes.staffing_answer(session, office=office, now=now)
            except CentralError:
                continue
    for code in [None, *rollups.office_codes(session)]:
        try:  # an office (or a city) without data in the window has no answer to keep
            if code is None:
                demand_routes.underused_report(session, now=now)
            else:
                demand_routes.opening_hours_report(session, office_code=code, now=now)
        except CentralError:
            continue
