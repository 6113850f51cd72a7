"""Two kiosks and three counters, each its own process, on one desk database."""

from __future__ import annotations

import json
import multiprocessing
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desk_app.common.paths import database_path
from desk_app.db.models import Event, QueueCall, QueueTicket
from desk_app.db.storage import open_database
from desk_app.eventlog import kinds
from desk_app.eventlog.verify import verify_database
from desk_app.queueing import calling, tickets
from tests.conftest import Office
from tests.helpers import MORNING

PER_KIOSK = 30
LETTERS = "ABC"


def kiosk(folder: str, kiosk_no: int, start: str, done: Any) -> None:
    """Issue PER_KIOSK tickets, one transaction each, then say so."""
    db = open_database(Path(folder))
    moment = datetime.fromisoformat(start)
    try:
        for i in range(PER_KIOSK):
            with db.write() as s:
                tickets.issue_ticket(
                    s,
                    category_letter=LETTERS[(i * 7 + kiosk_no) % len(LETTERS)],
                    now=moment + timedelta(seconds=i),
                )
    finally:
        db.dispose()
        done.release()


def counter(folder: str, counter_no: int, officer_id: str, start: str, done: Any, out: Any) -> None:
    """Call and serve tickets until the kiosks are done and nobody waits."""
    db = open_database(Path(folder))
    moment = datetime.fromisoformat(start) + timedelta(hours=1)
    served: list[str] = []
    try:
        while True:
            kiosks_done = done.get_value() == 0  # read before looking at the queue
            with db.write() as s:
                called = calling.call_next(
                    s, officer_id=officer_id, counter_no=counter_no, now=moment
                )
                if called is not None:
                    calling.finish(
                        s,
                        officer_id=officer_id,
                        counter_no=counter_no,
                        ticket_id=called.ticket.id,
                        now=moment + timedelta(minutes=2),
                    )
                    served.append(called.ticket.id)
            if called is None and kiosks_done:
                break
    finally:
        db.dispose()
        out.put((counter_no, served))


class _Countdown:
    """A shared count of kiosks still issuing (a semaphore cannot be read portably)."""

    def __init__(self, ctx: Any, n: int) -> None:
        self.value = ctx.Value("i", n)

    def release(self) -> None:
        with self.value.get_lock():
            self.value.value -= 1

    def get_value(self) -> int:
        return int(self.value.value)


def test_two_kiosks_and_three_counters_concurrently(desk: Office) -> None:
    desk.db.dispose()
    ctx = multiprocessing.get_context("spawn")
    done = _Countdown(ctx, 2)
    out = ctx.Queue()
    folder, start = str(desk.folder), MORNING.isoformat()
    officers = (desk.officer.id, desk.lead.id, desk.admin.id)
    procs = [ctx.Process(target=kiosk, args=(folder, n, start, done)) for n in (1, 2)]
    procs += [
        ctx.Process(target=counter, args=(folder, n, officers[n - 1], start, done, out))
        for n in (1, 2, 3)
    ]
    for proc in procs:
        proc.start()
    results = dict(out.get(timeout=300) for _ in range(3))
    for proc in procs:
        proc.join(timeout=60)
        assert proc.exitcode == 0

    total = 2 * PER_KIOSK
    served = [t for ids in results.values() for t in ids]
    assert len(served) == total and len(set(served)) == total  # nobody served twice
    with desk.db.read() as s:
        rows = s.execute(select(QueueTicket.category, QueueTicket.number, QueueTicket.status)).all()
        numbers: dict[str, list[int]] = {}
        for letter, number, status in rows:
            numbers.setdefault(letter, []).append(number)
            assert status == tickets.SERVED
        calls = s.execute(
            select(QueueCall.ticket_id, QueueCall.counter_no).where(
                QueueCall.action == calling.CALL
            )
        ).all()
        called_events = [
            json.loads(p)
            for p in s.scalars(select(Event.payload).where(Event.kind == kinds.QUEUE_TICKET_CALLED))
        ]
        issued = s.scalars(select(Event.id).where(Event.kind == kinds.QUEUE_TICKET_ISSUED)).all()
    assert len(rows) == total and len(issued) == total
    # Unique and gap-free per day and category.
    for letter, found in numbers.items():
        assert sorted(found) == list(range(1, len(found) + 1)), letter
    # Every call recorded once, in the journal and as an event, at the counter that served it.
    assert Counter(t for t, _ in calls) == Counter(set(served))
    assert sorted(e["ticket_id"] for e in called_events) == sorted(served)
    by_counter = {t: n for n, ids in results.items() for t in ids}
    assert all(by_counter[t] == n for t, n in calls)
    # Five processes appended to the one device chain: it is intact.
    report = verify_database(database_path(desk.folder))
    assert report.ok, report.problems
