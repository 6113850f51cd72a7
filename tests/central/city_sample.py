"""A small synthetic city for the dashboard and month-report tests: hourly rollups and
agency stays written straight into the city's store, with a planted answer for each of
the four questions (an under-staffed, an over-staffed and a nearly idle office, an office
open hours nobody comes in, a slow agency)."""

from __future__ import annotations

import math
import random
from datetime import UTC, date, datetime, time, timedelta

from central import offices
from central.ledger import JAKARTA
from central.store.engine import Store
from central.store.models import AgencyStay, HourRollup

KECAMATAN = "31.74.08"
BUSY = "31.74.08.1001"  # short of officers
PLENTY = "31.74.08.1002"  # more officers than its citizens need
IDLE = "31.74.08.1003"  # nearly nobody comes: a merge candidate
EARLY = "31.74.08.1004"  # open 07:00-18:00, nobody before 08:00 or after 15:00
NORMAL = ("31.74.08.1005", "31.74.08.1006")
OFFICES = (KECAMATAN, BUSY, PLENTY, IDLE, EARLY, *NORMAL)
SLOW_AGENCY = "DINAS-DUKCAPIL"
AGENCIES = (SLOW_AGENCY, "DINAS-PMPTSP", "DINAS-SOSIAL")
LAST_DAY = date(2026, 11, 25)
DAYS = 28
# The shape of a day's arrivals over the opening hours (08..15): a morning peak.
SHAPE = {8: 0.12, 9: 0.18, 10: 0.17, 11: 0.14, 12: 0.09, 13: 0.11, 14: 0.11, 15: 0.08}


def _plan(code: str) -> tuple[int, float, range]:
    """Arrivals a day, officers on duty, and the hours attendance shows open."""
    if code == BUSY:
        return 140, 2.0, range(8, 16)
    if code == PLENTY:
        return 40, 6.0, range(8, 16)
    if code == IDLE:
        return 4, 3.0, range(8, 16)
    if code == EARLY:
        return 70, 3.0, range(7, 18)
    if code == KECAMATAN:
        return 60, 3.0, range(8, 16)
    return 80, 3.0, range(8, 16)


def fill(store: Store, now: datetime) -> None:
    """Register the offices and write four weeks of hourly rollups and agency stays."""
    rng = random.Random(14)
    with store.transaction() as session:
        known = {o.office_code for o in offices.list_offices(session)}
        for code in OFFICES:
            if code not in known:
                offices.register_office(session, office_code=code, now=now)
        for code in OFFICES:
            per_day, officers, open_hours = _plan(code)
            for back in range(DAYS):
                day = LAST_DAY - timedelta(days=back)
                if day.weekday() >= 5:
                    continue
                for hour in open_hours:
                    mean = per_day * SHAPE.get(hour, 0.0)
                    on_duty = officers
                    if code not in (BUSY, PLENTY, IDLE):  # staffed for the hour's demand
                        on_duty = max(1.0, round(mean * 9 / 60 + 1.2))
                    arrivals = max(0, round(rng.gauss(mean, math.sqrt(mean)))) if mean else 0
                    handle = 9.0 * 60
                    wait = 120.0 if code != BUSY else 1500.0
                    session.add(
                        HourRollup(
                            office_code=code,
                            day=day,
                            hour=hour,
                            arrivals=arrivals,
                            tickets=arrivals,
                            abandoned=arrivals // 10 if code == BUSY else 0,
                            wait_count=arrivals,
                            wait_seconds=wait * arrivals,
                            handle_count=arrivals,
                            handle_seconds=handle * arrivals,
                            handle_seconds_sq=handle * handle * arrivals,
                            completed=arrivals,
                            points=arrivals * 2,
                            officer_seconds=on_duty * 3600.0,
                        )
                    )
        # Agency stays: the slow agency holds files about 20 days, the others 3 to 6.
        for i in range(36):
            agency = AGENCIES[i % 3]
            held = 20.0 if agency == SLOW_AGENCY else 3.0 + (i % 4)
            forwarded = datetime.combine(
                LAST_DAY - timedelta(days=26 - (i % 24)), time(10), tzinfo=JAKARTA
            ).astimezone(UTC)
            returned = forwarded + timedelta(days=held)
            session.add(
                AgencyStay(
                    office_code=NORMAL[i % 2],
                    stay_id=f"{i:08d}-0000-4000-8000-000000000000",
                    task_id=f"{i:08d}-1111-4000-8000-000000000000",
                    agency_code=agency,
                    forwarded_at=forwarded,
                    returned_at=returned if returned < now else None,
                    outcome="complete" if returned < now else None,
                )
            )
