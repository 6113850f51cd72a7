"""Issue 11, the core: unlock, one-time PINs, own PIN, catalogue edits; all events, verified."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from desk_app.common.errors import AuthError, PermissionDenied, ValidationError
from desk_app.common.paths import database_path
from desk_app.eventlog import kinds
from desk_app.eventlog.verify import verify_database
from desk_app.office import catalogue, catalogue_admin, office_settings, officers
from desk_app.office.catalogue_admin import ServiceFields
from desk_app.sync import catalogue_pull
from tests.conftest import OFFICE_CODE, OFFICER_NIP, PIN, Office
from tests.helpers import MORNING, later, receive

NEW_PIN = "730518"
ONE_TIME = "264810"


def events_of(folder: Path, kind: str) -> list[dict[str, object]]:
    conn = sqlite3.connect(database_path(folder))
    try:
        rows = conn.execute(
            "SELECT payload FROM events WHERE kind = ? ORDER BY seq", (kind,)
        ).fetchall()
    finally:
        conn.close()
    return [json.loads(p) for (p,) in rows]


def tamper(folder: Path, statement: str) -> list[str]:
    """Edit the file as someone with it would; verify's problems afterwards."""
    conn = sqlite3.connect(database_path(folder))
    assert conn.execute(statement).rowcount == 1
    conn.commit()
    conn.close()
    return verify_database(database_path(folder)).problems


def clean(folder: Path) -> None:
    report = verify_database(database_path(folder))
    assert report.ok, report.problems


def lock_out(desk: Office) -> None:
    for _ in range(officers.MAX_WRONG_PINS):
        with desk.db.write() as s:
            officers.authenticate(s, nip=OFFICER_NIP, pin="111333", now=MORNING)


# --- officers ---------------------------------------------------------------------------------


def test_an_admin_unlocks_at_once_and_the_unlock_is_an_event(desk: Office) -> None:
    lock_out(desk)
    with pytest.raises(AuthError, match="terkunci"):
        officers.log_in(desk.db, nip=OFFICER_NIP, pin=PIN, now=MORNING)
    with desk.db.write() as s:
        info = officers.unlock_officer(
            s, actor_id=desk.admin.id, officer_id=desk.officer.id, now=later(MORNING, 1)
        )
    assert info.locked_until is None
    assert events_of(desk.folder, kinds.OFFICER_UNLOCKED) == [{"officer_id": desk.officer.id}]
    assert officers.log_in(desk.db, nip=OFFICER_NIP, pin=PIN, now=later(MORNING, 2)).active
    clean(desk.folder)


def test_a_reset_pin_is_one_time_and_must_be_replaced(desk: Office) -> None:
    with desk.db.write() as s:
        info = officers.reset_pin(
            s, actor_id=desk.admin.id, officer_id=desk.officer.id, pin=ONE_TIME, now=MORNING
        )
    assert info.must_change_pin
    # Scripts and screens that just log in are refused until the officer chose a PIN.
    with pytest.raises(AuthError, match="harus memilih PIN baru"):
        officers.log_in(desk.db, nip=OFFICER_NIP, pin=ONE_TIME, now=MORNING)
    person = officers.log_in(desk.db, nip=OFFICER_NIP, pin=ONE_TIME, now=MORNING, pin_change=True)
    with desk.db.write() as s, pytest.raises(ValidationError) as same:
        officers.change_own_pin(
            s, officer_id=person.id, current_pin=ONE_TIME, new_pin=ONE_TIME, now=MORNING
        )
    assert same.value.field == "pin"
    with desk.db.write() as s, pytest.raises(ValidationError) as wrong:
        officers.change_own_pin(
            s, officer_id=person.id, current_pin="999111", new_pin=NEW_PIN, now=MORNING
        )
    assert wrong.value.field == "current_pin"
    with desk.db.write() as s:
        after = officers.change_own_pin(
            s, officer_id=person.id, current_pin=ONE_TIME, new_pin=NEW_PIN, now=later(MORNING, 1)
        )
    assert not after.must_change_pin
    assert officers.log_in(desk.db, nip=OFFICER_NIP, pin=NEW_PIN, now=later(MORNING, 2))
    sets = events_of(desk.folder, kinds.OFFICER_PIN_SET)
    assert [(p["reason"], p.get("must_change")) for p in sets] == [
        (officers.PIN_RESET, True),
        (officers.PIN_CHANGED, False),
    ]
    clean(desk.folder)


def test_verify_derives_the_must_change_flag(desk: Office) -> None:
    with desk.db.write() as s:
        officers.reset_pin(
            s, actor_id=desk.admin.id, officer_id=desk.officer.id, pin=ONE_TIME, now=MORNING
        )
    clean(desk.folder)
    problems = tamper(
        desk.folder, f"UPDATE officers SET must_change_pin = 0 WHERE nip = '{OFFICER_NIP}'"
    )
    assert any("officers.must_change_pin" in p for p in problems), problems


def test_without_a_pin_the_officer_chooses_one_at_the_next_log_in(desk: Office) -> None:
    with desk.db.write() as s:
        officers.reset_pin(
            s, actor_id=desk.admin.id, officer_id=desk.officer.id, pin=None, now=MORNING
        )
    with desk.db.write() as s:
        result = officers.authenticate(s, nip=OFFICER_NIP, pin="anything", now=MORNING)
    assert result.officer is not None and result.officer.must_change_pin
    with desk.db.write() as s:
        officers.change_own_pin(
            s, officer_id=desk.officer.id, current_pin="", new_pin=NEW_PIN, now=MORNING
        )
    with desk.db.write() as s:
        assert not officers.authenticate(s, nip=OFFICER_NIP, pin="anything", now=MORNING).ok
    assert officers.log_in(desk.db, nip=OFFICER_NIP, pin=NEW_PIN, now=MORNING)
    clean(desk.folder)


def test_an_officer_added_by_an_admin_chooses_their_own_pin(desk: Office) -> None:
    with desk.db.write() as s:
        info = officers.create_officer(
            s,
            actor_id=desk.admin.id,
            nip="199505052020121004",
            name="Rina Marlina",
            role="officer",
            pin=ONE_TIME,
            must_change_pin=True,
            now=MORNING,
        )
    assert info.must_change_pin
    assert events_of(desk.folder, kinds.OFFICER_CREATED)[-1]["must_change"] is True
    clean(desk.folder)


@pytest.mark.parametrize("who", ["officer", "lead"])
def test_only_an_admin_manages_officers_and_the_catalogue(desk: Office, who: str) -> None:
    actor = getattr(desk, who).id
    target = desk.officer.id if who == "lead" else desk.lead.id
    attempts = [
        lambda s: officers.unlock_officer(s, actor_id=actor, officer_id=target, now=MORNING),
        lambda s: officers.reset_pin(s, actor_id=actor, officer_id=target, pin=None, now=MORNING),
        lambda s: catalogue_admin.change_service(
            s, actor_id=actor, code="KEL-SKT-01", fields=ServiceFields(fee="5000"), now=MORNING
        ),
        lambda s: catalogue_admin.add_local_service(
            s,
            actor_id=actor,
            suffix="X1",
            fields=ServiceFields(name_id="Uji", agency_code="KEL"),
            now=MORNING,
        ),
    ]
    for attempt in attempts:
        with desk.db.write() as s, pytest.raises(PermissionDenied) as refused:
            attempt(s)
        assert "admin" in str(refused.value) and who in str(refused.value)
    assert events_of(desk.folder, kinds.OFFICER_UNLOCKED) == []
    assert events_of(desk.folder, kinds.SERVICE_CHANGED) == []


def test_settings_are_for_leads_and_name_the_field(desk: Office) -> None:
    with desk.db.write() as s, pytest.raises(PermissionDenied):
        office_settings.change_setting(
            s,
            actor_id=desk.officer.id,
            key=office_settings.OFFICE_CLOSES_AT,
            value="17:00",
            now=MORNING,
        )
    with desk.db.write() as s, pytest.raises(ValidationError) as bad:
        office_settings.change_setting(
            s,
            actor_id=desk.lead.id,
            key=office_settings.BACKUP_KEEP_DAYS,
            value="0",
            now=MORNING,
        )
    assert bad.value.field == office_settings.BACKUP_KEEP_DAYS


# --- the catalogue ----------------------------------------------------------------------------


def fee_of(desk: Office, tracking_no: str) -> int | None:
    conn = sqlite3.connect(database_path(desk.folder))
    try:
        row = conn.execute("SELECT fee_idr FROM tasks WHERE tracking_no = ?", (tracking_no,))
        return row.fetchone()[0]  # type: ignore[no-any-return]
    finally:
        conn.close()


def test_an_edit_changes_the_next_intake_and_old_tasks_keep_theirs(desk: Office) -> None:
    before = receive(desk.db, desk.officer.id, now=MORNING)
    with desk.db.write() as s:
        info = catalogue_admin.change_service(
            s,
            actor_id=desk.admin.id,
            code="KEL-SKT-01",
            fields=ServiceFields(fee="15.000", sla="2", documents="Fotokopi KTP\nSurat RT"),
            now=later(MORNING, 5),
        )
    assert (info.fee_idr, info.sla_working_days) == (15_000, 2)
    assert info.required_documents == ("Fotokopi KTP", "Surat RT")
    assert info.is_local and info.source.startswith("KANTOR: diubah kantor")
    after = receive(desk.db, desk.officer.id, now=later(MORNING, 10), name="Sri Wahyuni")
    assert fee_of(desk, before.tracking_no) != 15_000
    assert fee_of(desk, after.tracking_no) == 15_000
    (event,) = events_of(desk.folder, kinds.SERVICE_CHANGED)
    assert event["changed"] == ["fee_idr", "required_documents", "sla_working_days"]
    clean(desk.folder)
    problems = tamper(desk.folder, "UPDATE service_types SET fee_idr = 0 WHERE code = 'KEL-SKT-01'")
    assert any("service_types.fee_idr of service KEL-SKT-01" in p for p in problems), problems


def test_a_row_claiming_to_be_the_office_s_without_an_event_is_caught(desk: Office) -> None:
    problems = tamper(
        desk.folder, "UPDATE service_types SET source = 'KANTOR: palsu' WHERE code = 'KEL-SKT-01'"
    )
    assert any("service_types.source of service KEL-SKT-01" in p for p in problems), problems


def test_a_local_service_has_the_office_prefix_and_is_offered(desk: Office) -> None:
    fields = ServiceFields(
        name_id="Surat Keterangan Lokal", agency_code="KEL", sla="1", fee="0", documents="KTP"
    )
    with desk.db.write() as s:
        info = catalogue_admin.add_local_service(
            s, actor_id=desk.admin.id, suffix="skl-01", fields=fields, now=MORNING
        )
    assert info.code == f"{OFFICE_CODE}-SKL-01"
    with desk.db.read() as s:
        assert info.code in {x.code for x in catalogue.list_services(s)}
    task = receive(desk.db, desk.officer.id, service=info.code, now=later(MORNING, 1))
    assert task.tracking_no
    with desk.db.write() as s, pytest.raises(ValidationError) as taken:
        catalogue_admin.add_local_service(
            s, actor_id=desk.admin.id, suffix="SKL-01", fields=fields, now=MORNING
        )
    assert taken.value.field == "code"
    clean(desk.folder)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (ServiceFields(fee="gratis"), "fee_idr"),
        (ServiceFields(sla="400"), "sla_working_days"),
        (ServiceFields(sla="-1"), "sla_working_days"),
        (ServiceFields(agency_code="NOPE"), "agency_code"),
        (ServiceFields(name_id="  "), "name_id"),
        (ServiceFields(level="desa"), "level"),
    ],
)
def test_bad_values_name_their_field_and_write_nothing(
    desk: Office, fields: ServiceFields, field: str
) -> None:
    with desk.db.write() as s, pytest.raises(ValidationError) as bad:
        catalogue_admin.change_service(
            s, actor_id=desk.admin.id, code="KEL-SKT-01", fields=fields, now=MORNING
        )
    assert bad.value.field == field
    assert events_of(desk.folder, kinds.SERVICE_CHANGED) == []
    with desk.db.read() as s:
        assert not catalogue.get_service(s, code="KEL-SKT-01").is_local


def test_lainnya_stays_active(desk: Office) -> None:
    with desk.db.write() as s, pytest.raises(ValidationError):
        catalogue_admin.change_service(
            s,
            actor_id=desk.admin.id,
            code=catalogue.OTHER_SERVICE,
            fields=ServiceFields(active=False),
            now=MORNING,
        )


def test_the_city_s_next_publish_of_an_edited_code_wins_and_says_so(desk: Office) -> None:
    with desk.db.write() as s:
        catalogue_admin.change_service(
            s, actor_id=desk.admin.id, code="KEL-SKT-01", fields=ServiceFields(fee="1"), now=MORNING
        )
        catalogue.load_reference_data(s)  # a newer shipped CSV leaves the edit alone
    with desk.db.read() as s:
        assert catalogue.get_service(s, code="KEL-SKT-01").fee_idr == 1
    city = {"code": "KEL-SKT-01", "name_id": "Surat Keterangan", "name_en": "Certificate"}
    city |= {"level": "kelurahan", "agency": "Kelurahan", "sla_working_days": 3, "fee_idr": 0}
    body = json.dumps({"version": 2, "services": [city | {"required_documents": [], "source": ""}]})
    catalogue_pull.apply_document(desk.db, body=body.encode(), etag="", now=later(MORNING, 5))
    with desk.db.read() as s:
        info = catalogue.get_service(s, code="KEL-SKT-01")
        rows = {r.service.code: r.origin for r in catalogue_admin.list_catalogue(s)}
    assert (info.fee_idr, info.is_local) == (0, False)
    assert rows["KEL-SKT-01"] == catalogue_admin.ORIGIN_CITY
    assert events_of(desk.folder, kinds.CATALOGUE_APPLIED)[-1]["overrode"] == ["KEL-SKT-01"]
    clean(desk.folder)
    # And the office may edit it again afterwards.
    with desk.db.write() as s:
        catalogue_admin.change_service(
            s,
            actor_id=desk.admin.id,
            code="KEL-SKT-01",
            fields=ServiceFields(fee="2"),
            now=MORNING + timedelta(hours=1),
        )
    clean(desk.folder)
