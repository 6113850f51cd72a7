"""The queue's tables as its events alone build them, for `desk-app verify`."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any, Protocol

from desk_app.eventlog import kinds
from desk_app.queueing.calling import CALL, NO_SHOW_ACTION, RECALL, TRANSFER, seconds_between
from desk_app.queueing.tickets import CALLED, NO_SHOW, SERVED, WAITING, ticket_label

TABLES = frozenset({"queue_numbers", "queue_tickets", "queue_calls", "survey_responses"})
KINDS = kinds.QUEUE_KINDS | {kinds.SURVEY_SUBMITTED}
_JOURNALLED = {
    kinds.QUEUE_TICKET_CALLED: CALL,
    kinds.QUEUE_TICKET_RECALLED: RECALL,
    kinds.QUEUE_TICKET_NO_SHOW: NO_SHOW_ACTION,
    kinds.QUEUE_TICKET_TRANSFERRED: TRANSFER,
}


class Problems(Protocol):
    """Where problems go (verify's report)."""

    def add(self, problem: str) -> None:
        """Record a problem."""


class QueueReplay:
    """Tickets, the call journal and survey responses, rebuilt from `queue.*`/`survey.*`."""

    def __init__(self) -> None:
        self.tickets: dict[str, dict[str, Any]] = {}
        self.calls: dict[str, dict[str, Any]] = {}  # event uuid -> journal row
        self.surveys: dict[str, dict[str, Any]] = {}  # response id -> row

    def observe(
        self,
        *,
        uuid: str,
        kind: str,
        actor: str | None,
        task_id: str | None,
        payload: dict[str, Any],
        at: datetime,
    ) -> None:
        """Apply one event (chain order)."""
        if kind == kinds.SURVEY_SUBMITTED:
            row = {"task_id": task_id, "day": payload["day"]}
            row |= {f"u{n}": s for n, s in enumerate(payload["scores"], start=1)}
            self.surveys[payload["response_id"]] = row
            return
        if kind == kinds.QUEUE_TICKET_ISSUED:
            self.tickets[payload["ticket_id"]] = {
                "day": payload["day"],
                "category": payload["category"],
                "number": payload["number"],
                "priority": payload["priority"],
                "status": WAITING,
                "issued_at": at,
                "for_counter": None,
                "counter_no": None,
                "officer_id": None,
                "first_called_at": None,
                "called_at": None,
                "calls": 0,
                "task_id": None,
                "finished_at": None,
                "wait_seconds": None,
                "handling_seconds": None,
            }
            return
        ticket = self.tickets.get(payload["ticket_id"])
        if ticket is None:
            return  # reported by the check: a call of a ticket never issued
        if kind in _JOURNALLED:
            counter = payload.get("counter_no", payload.get("from_counter"))
            self.calls[uuid] = {
                "ticket_id": payload["ticket_id"],
                "action": _JOURNALLED[kind],
                "counter_no": counter,
                "officer_id": actor,
                "at": at,
                "priority_used": bool(payload.get("priority_used", False)),
            }
        if kind == kinds.QUEUE_TICKET_CALLED:
            first = ticket["first_called_at"] or at
            ticket |= {
                "status": CALLED,
                "counter_no": payload["counter_no"],
                "officer_id": actor,
                "for_counter": None,
                "first_called_at": first,
                "called_at": at,
                "calls": ticket["calls"] + 1,
                "wait_seconds": seconds_between(ticket["issued_at"], first),
            }
        elif kind == kinds.QUEUE_TICKET_RECALLED:
            ticket["calls"] += 1
        elif kind == kinds.QUEUE_TICKET_NO_SHOW:
            ticket |= {"status": NO_SHOW, "finished_at": at}
        elif kind == kinds.QUEUE_TICKET_TRANSFERRED:
            ticket |= {
                "status": WAITING,
                "for_counter": payload["to_counter"],
                "counter_no": None,
                "officer_id": None,
            }
        elif kind == kinds.QUEUE_TICKET_SERVED:
            ticket |= {
                "status": SERVED,
                "task_id": task_id,
                "finished_at": at,
                "wait_seconds": payload["wait_seconds"],
                "handling_seconds": payload["handling_seconds"],
            }

    def numbers(self) -> dict[tuple[str, str], int]:
        """(day, category) -> the highest number issued."""
        found: dict[tuple[str, str], int] = {}
        for t in self.tickets.values():
            key = (t["day"], t["category"])
            found[key] = max(found.get(key, 0), t["number"])
        return found


def _rows(conn: sqlite3.Connection, query: str) -> Iterable[dict[str, Any]]:
    cursor = conn.execute(query)
    names = [d[0] for d in cursor.description]
    return (dict(zip(names, row, strict=True)) for row in cursor)


def _stored(value: Any) -> Any:
    """A stored value in the replay's terms: UTC moments aware, days as ISO text."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and len(value) > 10 and value[4] == "-" and value[10] in " T":
        try:
            return datetime.fromisoformat(value).replace(tzinfo=UTC)
        except ValueError:
            return value
    return value


def _shown(value: Any) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return repr(value)


def _compare(
    report: Problems, table: str, label: str, row: dict[str, Any], said: dict[str, Any]
) -> None:
    for column, expected in said.items():
        found = _stored(row.get(column))
        if column == "priority_used":
            found = bool(found)
        if found != expected:
            report.add(
                f"{table}.{column} of {label} does not match its events: "
                f"found {_shown(found)} but its events say {_shown(expected)}"
            )


def check_queue(conn: sqlite3.Connection, replay: QueueReplay, report: Problems) -> None:
    """Compare the queue tables with what the events built."""
    tickets = {row["id"]: row for row in _rows(conn, "SELECT * FROM queue_tickets")}
    for ticket_id, said in sorted(replay.tickets.items()):
        label = f"ticket {ticket_label(said['category'], said['number'])} of {said['day']}"
        if ticket_id not in tickets:
            report.add(f"{label} of the events is missing from queue_tickets")
        else:
            _compare(report, "queue_tickets", label, tickets[ticket_id], said)
    for ticket_id in sorted(tickets.keys() - replay.tickets.keys()):
        report.add(f"queue_tickets row {ticket_id} has no queue.ticket_issued event")
    calls = {row["event_uuid"]: row for row in _rows(conn, "SELECT * FROM queue_calls")}
    for uuid in sorted(replay.calls.keys() - calls.keys()):
        report.add(f"queue event {uuid} is missing from the call journal")
    for uuid in sorted(calls.keys() - replay.calls.keys()):
        report.add(f"call journal row {uuid} has no queue event")
    for uuid in sorted(replay.calls.keys() & calls.keys()):
        _compare(report, "queue_calls", f"call {uuid}", calls[uuid], replay.calls[uuid])
    numbers = {
        (str(_stored(row["day"])), row["category"]): row["last"]
        for row in _rows(conn, "SELECT * FROM queue_numbers")
    }
    for (day, letter), highest in sorted(replay.numbers().items()):
        if numbers.get((day, letter), 0) < highest:
            report.add(
                f"queue_numbers.last of {letter} on {day} is below the highest number "
                f"issued ({highest}): the kiosk would print it again"
            )
    responses = {row["id"]: row for row in _rows(conn, "SELECT * FROM survey_responses")}
    for response_id, said in sorted(replay.surveys.items()):
        if response_id not in responses:
            report.add(f"survey response {response_id} of the events is missing")
        else:
            row = responses[response_id]
            _compare(report, "survey_responses", f"response {response_id}", row, said)
    for response_id in sorted(responses.keys() - replay.surveys.keys()):
        report.add(f"survey_responses row {response_id} has no survey.submitted event")
