"""An office with every kind of projection, built through the real use cases (for verify)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from desk_app.closing import dayclose
from desk_app.common.workdays import local_day
from desk_app.counter import corrections, printing, tasks
from desk_app.db.models import Event
from desk_app.db.storage import open_database
from desk_app.eventlog import kinds
from desk_app.office import attendance, installation, office_settings, officers
from desk_app.points import ledger
from tests.conftest import ADMIN_NIP, LEAD_NIP, OFFICE_CODE, OFFICER_NIP, PIN, Office
from tests.core.officer_changes import change_the_catalogue, change_the_roster
from tests.core.queue_day import run_the_queue
from tests.days import OTHER_NIKS
from tests.helpers import GOOD_NIK, MORNING, later, receive


@dataclass(frozen=True)
class Built:
    """The tracking numbers of the office's tasks, by what happened to them."""

    handed: str  # forwarded, returned, ready, completed; receipts printed
    refused: str  # rejected
    withdrawn: str  # forwarded, then cancelled while at the agency
    waiting: str  # received, with a note
    other: str  # LAINNYA, in process
    out: str  # still at an agency
    renamed: str  # the first applicant again, under another name and phone
    day: date  # the sealed day


def new_office(folder: Path) -> Office:
    """The same office as the `desk` fixture, in `folder`."""
    db = open_database(folder, create=True)
    with db.write() as s:
        admin = installation.setup_office(
            s,
            office_code=OFFICE_CODE,
            admin_nip=ADMIN_NIP,
            admin_name="Siti Aminah",
            admin_pin=PIN,
            now=MORNING,
        )
        lead = officers.create_officer(
            s,
            actor_id=admin.id,
            nip=LEAD_NIP,
            name="Bambang Wibowo",
            role="lead",
            pin=PIN,
            now=MORNING,
        )
        officer = officers.create_officer(
            s,
            actor_id=admin.id,
            nip=OFFICER_NIP,
            name="Dewi Lestari",
            role="officer",
            pin=PIN,
            now=MORNING,
        )
    return Office(db=db, folder=folder, admin=admin, lead=lead, officer=officer)


def build_office(desk: Office) -> Built:
    """One sealed working day that writes every projection verify derives."""
    db, officer, lead = desk.db, desk.officer.id, desk.lead.id
    with db.write() as s:
        office_settings.change_setting(
            s, actor_id=lead, key=office_settings.REQUIRED_WEEKLY_HOURS, value="40", now=MORNING
        )
        change_the_roster(s, desk, now=MORNING)
        change_the_catalogue(s, desk, now=MORNING)  # service.changed / service.added
        attendance.clock_in(s, officer_id=officer, now=MORNING - timedelta(hours=1))
    handed = receive(db, officer, now=MORNING)
    refused = receive(db, officer, now=later(MORNING, 10), nik=OTHER_NIKS[0], name="Sri Wahyuni")
    withdrawn = receive(db, lead, now=later(MORNING, 20), nik=OTHER_NIKS[1], name="Agus Salim")
    waiting = receive(db, officer, now=later(MORNING, 30), nik=OTHER_NIKS[2], name="Rina Dewi")
    out = receive(
        db,
        lead,
        service="KEC-NON-03",
        now=later(MORNING, 35),
        nik=OTHER_NIKS[0],
        name="Sri Wahyuni",
    )
    with db.write() as s:
        other = tasks.receive_task(
            s,
            actor_id=officer,
            service_code="LAINNYA",
            nik=OTHER_NIKS[1],
            name="Agus Salim",
            description="Legalisir surat keterangan lama",
            documents_received=["Surat keterangan asli"],
            handling_seconds=240,
            now=later(MORNING, 40),
        )
        renamed = tasks.receive_task(
            s,
            actor_id=lead,
            service_code="KEL-SKT-01",
            nik=GOOD_NIK,
            name="Budi Santosa Wijaya",
            phone="081298765432",
            now=later(MORNING, 50),
        )
        printing.record_print(
            s,
            actor_id=officer,
            task_id=handed.id,
            kind=printing.INTAKE,
            layout="thermal80",
            target="printer",
            ok=True,
            now=later(MORNING, 1),
        )
        tasks.start_processing(s, actor_id=officer, task_id=handed.id, now=later(MORNING, 60))
        tasks.forward_to_agency(
            s,
            actor_id=officer,
            task_id=handed.id,
            agency_code="DUKCAPIL",
            note="Cek KK",
            now=later(MORNING, 65),
        )
        tasks.return_from_agency(
            s,
            actor_id=lead,
            task_id=handed.id,
            outcome="problem",
            note="Nama di KK berbeda",
            now=later(MORNING, 120),
        )
        tasks.mark_ready(s, actor_id=officer, task_id=handed.id, now=later(MORNING, 150))
        tasks.hand_over(
            s,
            actor_id=lead,
            task_id=handed.id,
            recipient_name="Siti Rahma",
            now=later(MORNING, 180),
        )
        printing.record_print(
            s,
            actor_id=lead,
            task_id=handed.id,
            kind=printing.HANDOVER,
            layout="a5",
            target="pdf",
            ok=False,
            error="Printer tidak menjawab",
            now=later(MORNING, 181),
        )
        tasks.reject(
            s,
            actor_id=officer,
            task_id=refused.id,
            reason="Dokumen belum lengkap",
            missing_documents=["Surat pengantar RT/RW"],
            now=later(MORNING, 70),
        )
        tasks.forward_to_agency(
            s,
            actor_id=lead,
            task_id=withdrawn.id,
            agency_code="DUKCAPIL",
            now=later(MORNING, 75),
        )
        tasks.cancel(
            s,
            actor_id=officer,
            task_id=withdrawn.id,
            reason="Pemohon membatalkan",
            now=later(MORNING, 90),
        )
        tasks.add_note(
            s, actor_id=officer, task_id=waiting.id, text="Kembali besok", now=later(MORNING, 80)
        )
        # Issue 11: a typo fixed, and a document brought later (the file stays incomplete).
        corrections.correct_task(
            s,
            actor_id=officer,
            task_id=waiting.id,
            name="Rina Dewi Lestari",
            reason="Nama belum lengkap",
            now=later(MORNING, 81),
        )
        corrections.receive_documents(
            s,
            actor_id=officer,
            task_id=waiting.id,
            documents=[waiting.documents[1][0]],
            now=later(MORNING, 82),
        )
        tasks.start_processing(s, actor_id=lead, task_id=other.id, now=later(MORNING, 85))
        tasks.forward_to_agency(
            s, actor_id=lead, task_id=out.id, agency_code="POLRI", now=later(MORNING, 95)
        )
        ready = s.scalar(
            select(Event.uuid).where(Event.task_id == handed.id, Event.kind == kinds.TASK_READY)
        )
        assert ready is not None
        ledger.reverse_points(
            s,
            actor_id=lead,
            event_uuid=ready,
            reason="Ditandai siap oleh orang lain",
            now=later(MORNING, 200),
        )
        run_the_queue(
            s,
            officer=officer,
            lead=lead,
            task_id=waiting.id,
            completed_task=handed.id,
            start=later(MORNING, 205),
        )
        shift = attendance.clock_out(s, officer_id=officer, now=later(MORNING, 240))
        attendance.correct_session(
            s,
            lead_id=lead,
            session_id=shift.id,
            started_at=MORNING - timedelta(minutes=75),
            ended_at=later(MORNING, 240),
            reason="Lupa absen masuk",
            now=later(MORNING, 250),
        )
    day = local_day(MORNING)
    with db.write() as s:
        dayclose.close_day(
            s,
            lead_id=lead,
            day=day,
            now=MORNING + timedelta(hours=8, minutes=30),
            acknowledge=True,
            reason="Berkas menunggu pemohon besok",
        )
    return Built(
        handed=handed.tracking_no,
        refused=refused.tracking_no,
        withdrawn=withdrawn.tracking_no,
        waiting=waiting.tracking_no,
        other=other.tracking_no,
        out=out.tracking_no,
        renamed=renamed.tracking_no,
        day=day,
    )
