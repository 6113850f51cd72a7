"""A hand-computed office day (Friday 27 November 2026) for the day close and report tests.

Times are Jakarta (WIB). Dewi = the officer, Bambang = the lead.

Wednesday 25 Nov (the day before):
  T0  Dewi receives KEL-SKT-06 (SLA 1, due Thu 26) 10:00, forwards it to POLRI 11:00: still there.
  T0b Dewi receives KEC-NON-03 (SLA 0, due Wed 25) 10:30; nobody finishes it that day.
Friday 27 Nov (the day closed):
  Dewi clocks 08:00-16:30 (8.5 h); Bambang 07:30-12:00 and 13:00-17:15 (8.75 h).
  T1  Dewi receives KEC-NON-03 09:00 (120 s), completes it 09:10         Dewi 1+1+1+1
  T0b Dewi completes it 09:45, two days late                              Dewi 1+1
  T2  Dewi receives KEL-SKT-01 09:30 (300 s); Bambang starts 10:00 and forwards it to
      DUKCAPIL 10:30; back 13:00 (Bambang); Dewi marks it ready 13:30; Bambang hands
      it over 14:00                                                       Dewi 1+2+1, Bambang 1
  T3  Bambang receives KEL-DKP-05 10:00 (600 s); Dewi starts 10:15 and forwards it to
      DUKCAPIL 11:00: still there                                         Bambang 1
  T4  Bambang receives KEL-SKT-01 11:00 (240 s); Dewi rejects it 11:20     Bambang 1
  T5  Dewi receives KEC-NON-03 13:00 (90 s); Bambang completes it 13:05    Dewi 1, Bambang 1+1+1
  T6  Bambang receives KEL-SKT-01 15:00 (200 s); nothing else              Bambang 1
  Intake receipts printed for T1, T2, T3, T5 (not T4, T6).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desk_app.counter import tasks
from desk_app.office import attendance
from tests.conftest import Office
from tests.days import BEFORE, OTHER_NIKS, intake, intake_receipts_printed, wib

DAY = date(2026, 11, 27)


@dataclass(frozen=True)
class Day:
    """The tracking numbers of the fixture's tasks."""

    t0: str
    t0b: str
    t1: str
    t2: str
    t3: str
    t4: str
    t5: str
    t6: str


def build_day(desk: Office) -> Day:
    """Write the fixture day through the services."""
    db, dewi, bambang = desk.db, desk.officer.id, desk.lead.id
    t0 = intake(db, dewi, "KEL-SKT-06", wib(BEFORE, 10), 150)
    t0b = intake(db, dewi, "KEC-NON-03", wib(BEFORE, 10, 30), 60, OTHER_NIKS[0])
    with db.write() as s:
        tasks.forward_to_agency(
            s, actor_id=dewi, task_id=t0.id, agency_code="POLRI", now=wib(BEFORE, 11)
        )
    with db.write() as s:
        attendance.clock_in(s, officer_id=bambang, now=wib(DAY, 7, 30))
        attendance.clock_in(s, officer_id=dewi, now=wib(DAY, 8))
    t1 = intake(db, dewi, "KEC-NON-03", wib(DAY, 9), 120)
    with db.write() as s:
        tasks.hand_over(s, actor_id=dewi, task_id=t1.id, now=wib(DAY, 9, 10))
    t2 = intake(db, dewi, "KEL-SKT-01", wib(DAY, 9, 30), 300, OTHER_NIKS[1])
    with db.write() as s:
        tasks.hand_over(s, actor_id=dewi, task_id=t0b.id, now=wib(DAY, 9, 45))
    t3 = intake(db, bambang, "KEL-DKP-05", wib(DAY, 10), 600, OTHER_NIKS[2])
    with db.write() as s:
        tasks.start_processing(s, actor_id=bambang, task_id=t2.id, now=wib(DAY, 10))
        tasks.start_processing(s, actor_id=dewi, task_id=t3.id, now=wib(DAY, 10, 15))
        tasks.forward_to_agency(
            s, actor_id=bambang, task_id=t2.id, agency_code="DUKCAPIL", now=wib(DAY, 10, 30)
        )
        tasks.forward_to_agency(
            s, actor_id=dewi, task_id=t3.id, agency_code="DUKCAPIL", now=wib(DAY, 11)
        )
    t4 = intake(db, bambang, "KEL-SKT-01", wib(DAY, 11), 240)
    with db.write() as s:
        tasks.reject(
            s,
            actor_id=dewi,
            task_id=t4.id,
            reason="Pengantar RT/RW belum ada",
            now=wib(DAY, 11, 20),
        )
        attendance.clock_out(s, officer_id=bambang, now=wib(DAY, 12))
        attendance.clock_in(s, officer_id=bambang, now=wib(DAY, 13))
        tasks.return_from_agency(s, actor_id=bambang, task_id=t2.id, now=wib(DAY, 13))
    t5 = intake(db, dewi, "KEC-NON-03", wib(DAY, 13), 90, OTHER_NIKS[0])
    with db.write() as s:
        tasks.hand_over(s, actor_id=bambang, task_id=t5.id, now=wib(DAY, 13, 5))
        tasks.mark_ready(s, actor_id=dewi, task_id=t2.id, now=wib(DAY, 13, 30))
        tasks.hand_over(s, actor_id=bambang, task_id=t2.id, now=wib(DAY, 14))
    t6 = intake(db, bambang, "KEL-SKT-01", wib(DAY, 15), 200, OTHER_NIKS[1])
    intake_receipts_printed(db, t1, t2, t3, t5)
    with db.write() as s:
        attendance.clock_out(s, officer_id=dewi, now=wib(DAY, 16, 30))
        attendance.clock_out(s, officer_id=bambang, now=wib(DAY, 17, 15))
    return Day(
        t0=t0.tracking_no,
        t0b=t0b.tracking_no,
        t1=t1.tracking_no,
        t2=t2.tracking_no,
        t3=t3.tracking_no,
        t4=t4.tracking_no,
        t5=t5.tracking_no,
        t6=t6.tracking_no,
    )
