"""What the hand-computed office days share: Jakarta times, applicants, intakes, receipts.

The days themselves live next to their tests: tests/core/day_fixture.py (Friday 27 November
2026, for the day close and reports) and tests/ui/lead_day.py (Thursday 26 November 2026, for
the lead's screens). Both begin with work received on BEFORE.
"""

from __future__ import annotations

from datetime import date, datetime, time

from desk_app.common.workdays import JAKARTA
from desk_app.counter import printing, tasks
from desk_app.db.engine import Database
from desk_app.office import catalogue
from tests.helpers import GOOD_NIK

BEFORE = date(2026, 11, 25)  # Wednesday: work still open when the fixture day starts
OTHER_NIKS = ("3171011203850007", "3275014507010002", "3174081508920004")


def wib(day: date, hh: int, mm: int = 0) -> datetime:
    """A Jakarta wall-clock moment."""
    return datetime.combine(day, time(hh, mm), tzinfo=JAKARTA)


def intake(
    db: Database, actor: str, service: str, at: datetime, seconds: int | None, nik: str = GOOD_NIK
) -> tasks.TaskView:
    """One intake with a given counter handling time."""
    with db.write() as s:
        docs = catalogue.get_service(s, code=service).required_documents[:1]
        return tasks.receive_task(
            s,
            actor_id=actor,
            service_code=service,
            nik=nik,
            name="Budi Santoso",
            documents_received=docs,
            handling_seconds=seconds,
            now=at,
        )


def intake_receipts_printed(db: Database, *views: tasks.TaskView) -> None:
    """Journal a good intake print for each task, by its receiver, when it was received."""
    with db.write() as s:
        for view in views:
            printing.record_print(
                s,
                actor_id=view.taken_by,
                task_id=view.id,
                kind=printing.INTAKE,
                layout="thermal80",
                target="printer",
                ok=True,
                now=view.received_at,
            )
