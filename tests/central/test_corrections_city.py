"""Issue 11 on the city: corrected services and late documents earn the same points there."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from central.store.models import Flag
from desk_app.closing import dayclose
from desk_app.counter import corrections, tasks
from desk_app.office import catalogue
from desk_app.sync import client
from tests.central.conftest import City
from tests.conftest import Office
from tests.helpers import MORNING, ManualClock, later, receive


def test_a_corrected_day_raises_no_points_flag(
    desk: Office, city: City, clock: ManualClock
) -> None:
    moved = receive(desk.db, desk.officer.id, now=MORNING)
    late = receive(desk.db, desk.officer.id, now=later(MORNING, 5), name="Sri Wahyuni")
    with desk.db.write() as s:
        weights = {
            code: catalogue.get_service(s, code=code).point_weight
            for code in ("KEL-SKT-01", "KEL-DKP-04")
        }
        assert weights["KEL-SKT-01"] != weights["KEL-DKP-04"]  # else the check proves nothing
        corrections.correct_task(
            s,
            actor_id=desk.officer.id,
            task_id=moved.id,
            service_code="KEL-DKP-04",
            reason="Salah pilih layanan",
            now=later(MORNING, 10),
        )
        tasks.mark_ready(s, actor_id=desk.officer.id, task_id=moved.id, now=later(MORNING, 20))
        corrections.receive_documents(
            s,
            actor_id=desk.officer.id,
            task_id=late.id,
            documents=list(late.missing_documents),
            now=later(MORNING, 30),
        )
        tasks.mark_ready(s, actor_id=desk.officer.id, task_id=late.id, now=later(MORNING, 40))
        dayclose.close_day(
            s,
            lead_id=desk.lead.id,
            day=MORNING.date(),
            now=MORNING + timedelta(hours=9),
            acknowledge=True,
            reason="Tutup hari untuk uji",
            clock_out_open=True,
        )
    client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    client.push_once(desk.db, now=clock())
    with city.store.transaction() as session:
        flags = session.scalars(select(Flag)).all()
    assert [f.detail for f in flags if f.kind == "points"] == []
