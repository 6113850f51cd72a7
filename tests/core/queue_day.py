"""A morning of the queue through the real use cases: every queue.* and survey.* event."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from desk_app.queueing import calling, survey, tickets


def run_the_queue(
    s: Session, *, officer: str, lead: str, task_id: str, completed_task: str, start: datetime
) -> None:
    """Issue, call, recall, no-show, transfer and serve tickets; one survey for a handed task.

    `task_id` is linked to a ticket; `completed_task` must be handed over already.
    """

    def at(minutes: int) -> datetime:
        return start + timedelta(minutes=minutes)

    first = tickets.issue_ticket(s, category_letter="A", now=at(0)).ticket
    elder = tickets.issue_ticket(s, category_letter="B", priority=tickets.ELDERLY, now=at(1))
    third = tickets.issue_ticket(s, category_letter="A", now=at(2)).ticket
    called = calling.call_next(s, officer_id=officer, counter_no=1, now=at(3))
    assert called is not None and called.ticket.id == elder.ticket.id and called.priority_used
    calling.recall(s, officer_id=officer, counter_no=1, ticket_id=elder.ticket.id, now=at(4))
    calling.mark_no_show(s, officer_id=officer, counter_no=1, ticket_id=elder.ticket.id, now=at(5))
    called = calling.call_next(s, officer_id=officer, counter_no=1, now=at(6))
    assert called is not None and called.ticket.id == first.id
    calling.transfer(
        s, officer_id=officer, counter_no=1, ticket_id=first.id, to_counter=2, now=at(7)
    )
    called = calling.call_next(s, officer_id=lead, counter_no=2, now=at(8))
    assert called is not None and called.ticket.id == first.id
    calling.finish(
        s, officer_id=lead, counter_no=2, ticket_id=first.id, task_id=task_id, now=at(12)
    )
    called = calling.call_next(s, officer_id=officer, counter_no=1, now=at(13))
    assert called is not None and called.ticket.id == third.id
    calling.finish(s, officer_id=officer, counter_no=1, ticket_id=third.id, now=at(15))
    survey.submit_survey(s, task_id=completed_task, scores=[4, 3, 4, 4, 3, 4, 4, 3, 4], now=at(16))
