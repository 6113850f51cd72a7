"""A shift lead's day for the GUI tests: Thursday 26 November 2026, closed on Friday morning.

Times are Jakarta (WIB). Dewi = the officer, Bambang = the lead.

Thursday 19 Nov: H   Bambang receives KEC-NON-03 10:00 and hands it over 10:05 (on time).
Wednesday 25 Nov:
  T0  Dewi receives KEC-NON-03 (SLA 0: due the 25th) 10:00, forwards it to POLRI 10:30.
  T0b Dewi receives KEC-NON-03 11:00; nobody finishes it that day.
Thursday 26 Nov (the day the wizard closes):
  Bambang clocks 08:00-15:00 (7 h); Dewi clocks in 08:30 and is still in.
  T1  Dewi receives KEC-NON-03 09:00 (120 s), hands it over 09:10           Dewi 1+1+1+1
  T0b Dewi hands it over 09:45, a day late                                   Dewi 1+1
  T2  Dewi receives KEL-SKT-01 09:30 (300 s); Bambang starts it 10:00 and
      forwards it to DUKCAPIL 10:30: still there                             Dewi 1
  T3  Bambang receives KEL-DKP-05 11:00 (600 s); nothing else                Bambang 1
  T4  Bambang receives KEL-SKT-01 13:00 (240 s); Dewi starts it 13:15        Bambang 1
  T5  Dewi receives KEL-SKT-01 14:00 (200 s); Dewi rejects it 14:10          Dewi 1
  Intake receipts printed for H, T0, T0b, T1, T2, T5 (not T3, T4).

So on the 26th: 5 received, 2 completed (T1, T0b), 1 rejected; SLA 1 of 2 delivered on time;
handling 120/200/240/300/600 s: median 4:00, p90 10:00; carried over T0, T2, T3, T4, of
which T0 (due the 25th, at POLRI) is overdue; points Dewi 8, Bambang 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from desk_app.common.workdays import JAKARTA
from desk_app.counter import tasks
from desk_app.counter.tasks import TaskView
from desk_app.office import attendance
from tests.conftest import Office
from tests.days import BEFORE, OTHER_NIKS, intake, intake_receipts_printed, wib
from tests.helpers import GOOD_NIK

DAY = date(2026, 11, 26)
WEEK_BEFORE = date(2026, 11, 19)
NEXT_MORNING = datetime(2026, 11, 27, 10, 0, tzinfo=JAKARTA)


@dataclass(frozen=True)
class LeadDay:
    """The fixture's tasks."""

    history: TaskView
    t0: TaskView
    t0b: TaskView
    t1: TaskView
    t2: TaskView
    t3: TaskView
    t4: TaskView
    t5: TaskView


def build_lead_day(desk: Office) -> LeadDay:
    """Write the fixture through the services."""
    db, dewi, bambang = desk.db, desk.officer.id, desk.lead.id
    history = intake(db, bambang, "KEC-NON-03", wib(WEEK_BEFORE, 10), 90, OTHER_NIKS[2])
    with db.write() as s:
        tasks.hand_over(s, actor_id=bambang, task_id=history.id, now=wib(WEEK_BEFORE, 10, 5))
    t0 = intake(db, dewi, "KEC-NON-03", wib(BEFORE, 10), 60)
    with db.write() as s:
        tasks.forward_to_agency(
            s, actor_id=dewi, task_id=t0.id, agency_code="POLRI", now=wib(BEFORE, 10, 30)
        )
    t0b = intake(db, dewi, "KEC-NON-03", wib(BEFORE, 11), 60, OTHER_NIKS[0])
    with db.write() as s:
        attendance.clock_in(s, officer_id=bambang, now=wib(DAY, 8))
        attendance.clock_in(s, officer_id=dewi, now=wib(DAY, 8, 30))
    t1 = intake(db, dewi, "KEC-NON-03", wib(DAY, 9), 120)
    with db.write() as s:
        tasks.hand_over(s, actor_id=dewi, task_id=t1.id, now=wib(DAY, 9, 10))
    t2 = intake(db, dewi, "KEL-SKT-01", wib(DAY, 9, 30), 300, OTHER_NIKS[1])
    with db.write() as s:
        tasks.hand_over(s, actor_id=dewi, task_id=t0b.id, now=wib(DAY, 9, 45))
        tasks.start_processing(s, actor_id=bambang, task_id=t2.id, now=wib(DAY, 10))
        tasks.forward_to_agency(
            s, actor_id=bambang, task_id=t2.id, agency_code="DUKCAPIL", now=wib(DAY, 10, 30)
        )
    t3 = intake(db, bambang, "KEL-DKP-05", wib(DAY, 11), 600, OTHER_NIKS[2])
    t4 = intake(db, bambang, "KEL-SKT-01", wib(DAY, 13), 240, GOOD_NIK)
    with db.write() as s:
        tasks.start_processing(s, actor_id=dewi, task_id=t4.id, now=wib(DAY, 13, 15))
    t5 = intake(db, dewi, "KEL-SKT-01", wib(DAY, 14), 200, OTHER_NIKS[0])
    with db.write() as s:
        tasks.reject(
            s,
            actor_id=dewi,
            task_id=t5.id,
            reason="Pengantar RT/RW belum ada",
            now=wib(DAY, 14, 10),
        )
        attendance.clock_out(s, officer_id=bambang, now=wib(DAY, 15))
    intake_receipts_printed(db, history, t0, t0b, t1, t2, t5)
    return LeadDay(history, t0, t0b, t1, t2, t3, t4, t5)
