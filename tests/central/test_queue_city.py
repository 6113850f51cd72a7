"""Issue 12 on the city: queue tickets, calls and surveys travel with the other events."""

from __future__ import annotations

from sqlalchemy import select

from central.store.models import Flag, StoredEvent
from desk_app.eventlog import kinds
from desk_app.queueing import calling, tickets
from desk_app.sync import client
from tests.central.conftest import City
from tests.conftest import Office
from tests.helpers import ManualClock, later, receive


def test_queue_events_reach_the_city_unflagged(
    desk: Office, city: City, clock: ManualClock
) -> None:
    now = clock()
    with desk.db.write() as s:
        ticket = tickets.issue_ticket(s, category_letter="A", now=now).ticket
        calling.call_next(s, officer_id=desk.officer.id, counter_no=1, now=later(now, 4))
    task = receive(desk.db, desk.officer.id, now=later(now, 6))
    with desk.db.write() as s:
        calling.finish(
            s,
            officer_id=desk.officer.id,
            counter_no=1,
            ticket_id=ticket.id,
            task_id=task.id,
            now=later(now, 9),
        )
    client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    client.push_once(desk.db, now=clock())
    with city.store.transaction() as session:
        held = session.execute(
            select(StoredEvent.kind, StoredEvent.task_id).where(
                StoredEvent.kind.in_(sorted(kinds.QUEUE_KINDS))
            )
        ).all()
        flags = session.scalars(select(Flag)).all()
    assert sorted(held) == sorted(
        [
            (kinds.QUEUE_TICKET_ISSUED, None),
            (kinds.QUEUE_TICKET_CALLED, None),
            (kinds.QUEUE_TICKET_SERVED, task.id),
        ]
    )
    assert [f.detail for f in flags] == []
