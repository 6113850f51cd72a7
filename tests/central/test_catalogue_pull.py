"""A desk pulls the catalogue the city publishes: checked whole, applied at once, recorded."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
from collections.abc import Callable

import pytest
import requests
from sqlalchemy import func, select

from central import catalogue as city_catalogue
from central.store.models import CatalogueDocument, StoredEvent
from desk_app.cli import main as desk_main
from desk_app.common.errors import ValidationError
from desk_app.common.paths import database_path, resource
from desk_app.db.models import Event, Meta, Task
from desk_app.db.storage import CATALOGUE_KEY, open_database
from desk_app.eventlog import kinds
from desk_app.eventlog.verify import verify_database
from desk_app.eventlog.wire import canonical_json
from desk_app.office import catalogue
from desk_app.sync import catalogue_pull, client, state
from tests.central.conftest import City
from tests.conftest import Office
from tests.helpers import MORNING, later, nothing_written, receive

Rows = list[dict[str, str]]


def _shipped() -> Rows:
    text = resource("services.csv").read_text(encoding="utf-8")
    return [dict(row) for row in csv.DictReader(io.StringIO(text))]


def _csv(rows: Rows) -> str:
    out = io.StringIO()
    fields = [*city_catalogue.COLUMNS, "active"]
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows([{"active": "1", **row} for row in rows])
    return out.getvalue()


def _publish(city: City, rows: Rows) -> city_catalogue.Published:
    with city.store.transaction() as session:
        services = city_catalogue.parse_csv(_csv(rows))
        return city_catalogue.publish(session, services=services, now=city.clock())


def _second_version(rows: Rows) -> Rows:
    """A fee and SLA changed (KEL-SKT-01), a service retired (KEL-SKT-02), one new."""
    changed = [dict(row) for row in rows]
    for row in changed:
        if row["code"] == "KEL-SKT-01":
            row.update(fee_idr="10000", sla_working_days="2")
        elif row["code"] == "KEL-SKT-02":
            row["active"] = "0"
    new = dict(changed[0])
    new.update(code="KEL-TST-01", name_id="Surat Keterangan Uji", name_en="Test certificate")
    new.update(agency="Dinas Dukcapil", sla_working_days="4", fee_idr="")
    return [*changed, new]


def _statuses(http: requests.Session) -> list[int]:
    """The status of every answer `http` receives."""
    seen: list[int] = []

    def hook(response: requests.Response, *args: object, **kwargs: object) -> None:
        seen.append(response.status_code)

    http.hooks["response"].append(hook)
    return seen


def _catalogue_events(desk: Office) -> list[dict[str, object]]:
    with desk.db.read() as session:
        rows = session.scalars(
            select(Event.payload).where(Event.kind == kinds.CATALOGUE_APPLIED).order_by(Event.seq)
        )
        return [json.loads(payload) for payload in rows]


def _service_rows(desk: Office) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(database_path(desk.folder))
    try:
        return conn.execute("SELECT * FROM service_types ORDER BY code").fetchall()
    finally:
        conn.close()


def test_the_desk_applies_each_published_version_once_and_old_tasks_keep_their_terms(
    desk: Office, city: City
) -> None:
    old = receive(desk.db, desk.officer.id, now=MORNING)  # KEL-SKT-01: free, 1 working day
    retiring = receive(desk.db, desk.officer.id, service="KEL-SKT-02", now=later(MORNING, 5))
    client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    http = requests.Session()
    answers = _statuses(http)

    # Nothing published yet: nothing to apply, nothing written.
    with nothing_written(desk.folder):
        assert catalogue_pull.pull_catalogue(desk.db, now=MORNING, http=http).outcome == (
            catalogue_pull.NONE_PUBLISHED
        )

    # Version 1 is the shipped catalogue: the desk's services match the city's.
    first = _publish(city, _shipped())
    pulled = catalogue_pull.pull_catalogue(desk.db, now=later(MORNING, 10), http=http)
    assert (pulled.outcome, pulled.version) == (catalogue_pull.APPLIED, 1)
    assert (pulled.added, pulled.changed, pulled.deactivated) == (0, 0, 0)
    with city.store.transaction() as session:
        latest = city_catalogue.latest(session)
        assert latest is not None
        document = json.loads(latest.body)
    with desk.db.read() as session:
        held = {s.code: s for s in catalogue.list_services(session)}
    for service in document["services"]:
        mine = held[service["code"]]
        assert (mine.name_id, mine.sla_working_days, mine.fee_idr, mine.level) == (
            service["name_id"],
            service["sla_working_days"],
            service["fee_idr"],
            service["level"],
        )
        assert list(mine.required_documents) == service["required_documents"]
    assert catalogue.OTHER_SERVICE in held  # the desk's own catch-all stays

    # Asked again: the ETag says nothing changed (304), and nothing is written.
    with nothing_written(desk.folder):
        again = catalogue_pull.pull_catalogue(desk.db, now=later(MORNING, 11), http=http)
    assert again.outcome == catalogue_pull.UNCHANGED and answers[-1] == 304

    # Version 2: a changed fee and SLA, a retired service, a new one.
    second = _publish(city, _second_version(_shipped()))
    pulled = catalogue_pull.pull_catalogue(desk.db, now=later(MORNING, 20), http=http)
    assert (pulled.outcome, pulled.version) == (catalogue_pull.APPLIED, 2)
    assert (pulled.added, pulled.changed, pulled.deactivated) == (1, 1, 1)
    assert answers == [404, 200, 304, 200]
    with desk.db.read() as session:
        offered = {s.code: s for s in catalogue.list_services(session)}
        every = {s.code: s for s in catalogue.list_services(session, include_inactive=True)}
        kept = session.get(Task, old.id)
        assert kept is not None
        kept_terms = (kept.fee_idr, kept.due_date, kept.point_weight)
        retired_task = session.get(Task, retiring.id)
        assert retired_task is not None and retired_task.service_code == "KEL-SKT-02"
    assert (offered["KEL-SKT-01"].fee_idr, offered["KEL-SKT-01"].sla_working_days) == (10000, 2)
    assert "KEL-SKT-02" not in offered and not every["KEL-SKT-02"].active
    assert offered["KEL-TST-01"].fee_idr is None and offered["KEL-TST-01"].agency_code == "DUKCAPIL"
    # The task taken under version 1 keeps its intake's fee, due date and weight.
    assert kept_terms == (old.fee_idr, old.due_date, old.point_weight) and old.fee_idr == 0
    # New intake: the new terms, and no longer the retired service.
    fresh = receive(desk.db, desk.officer.id, now=later(MORNING, 30), name="Sri Wahyuni")
    assert fresh.fee_idr == 10000 and fresh.due_date > old.due_date
    with pytest.raises(ValidationError) as refused:
        receive(desk.db, desk.officer.id, service="KEL-SKT-02", now=later(MORNING, 31))
    assert refused.value.key == "service.inactive"

    # Each application is one event naming the exact document; verify passes.
    recorded = _catalogue_events(desk)
    assert [(e["version"], e["sha256"]) for e in recorded] == [
        (1, first.sha256),
        (2, second.sha256),
    ]
    assert recorded[1] == {
        "version": 2,
        "etag": f'"{second.sha256}"',
        "sha256": second.sha256,
        "services": 50,
        "added": 1,
        "changed": 1,
        "deactivated": 1,
        "overrode": [],
    }
    report = verify_database(database_path(desk.folder))
    assert report.ok, report.problems

    # The city learns which catalogue the desk used with the next push.
    client.push_once(desk.db, now=later(MORNING, 40))
    with city.store.transaction() as session:
        stored = session.scalars(
            select(StoredEvent.payload).where(StoredEvent.kind == kinds.CATALOGUE_APPLIED)
        ).all()
    assert len(stored) == 2


def _serve_raw(city: City, document: dict[str, object]) -> None:
    """Store a document the way publish does, bypassing its checks (a faulty city)."""
    with city.store.transaction() as session:
        version = int(session.scalar(select(func.max(CatalogueDocument.version))) or 0) + 1
        body = canonical_json({**document, "version": version})
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        session.add(
            CatalogueDocument(version=version, published_at=city.clock(), sha256=digest, body=body)
        )


def _bad_sla(services: list[dict[str, object]]) -> None:
    services[3]["sla_working_days"] = -2


def _bad_fee(services: list[dict[str, object]]) -> None:
    services[3]["fee_idr"] = "gratis"


def _unknown_agency(services: list[dict[str, object]]) -> None:
    services[3]["agency"] = "Dinas Antah Berantah"


def _repeated(services: list[dict[str, object]]) -> None:
    services.append(dict(services[0]))


@pytest.mark.parametrize(
    ("spoil", "named"),
    [
        (_bad_sla, "service 4 (KEC-DKP-01): sla_working_days"),
        (_bad_fee, "service 4 (KEC-DKP-01): fee_idr"),
        (_unknown_agency, "service 4 (KEC-DKP-01): agency"),
        (_repeated, "code repeated: KEL-TNH-01"),
    ],
)
def test_one_bad_row_refuses_the_whole_document_and_nothing_is_written(
    desk: Office,
    city: City,
    capsys: pytest.CaptureFixture[str],
    spoil: Callable[[list[dict[str, object]]], None],
    named: str,
) -> None:
    client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    _publish(city, _shipped())
    catalogue_pull.pull_catalogue(desk.db, now=MORNING)
    with city.store.transaction() as session:
        latest = city_catalogue.latest(session)
        assert latest is not None
        services = json.loads(latest.body)["services"]
    for service in services:
        if service["code"] == "KEL-SKT-01":
            service["fee_idr"] = 5000  # a good change in the same document is not applied
    spoil(services)
    _serve_raw(city, {"services": services})
    before = _service_rows(desk)
    with desk.db.read() as session:
        applied = session.get(Meta, catalogue.CITY_CATALOGUE_KEY)
        assert applied is not None
        meta_before = applied.value
    with nothing_written(desk.folder):
        with pytest.raises(client.SyncFailed) as failed:
            catalogue_pull.pull_catalogue(desk.db, now=later(MORNING, 5))
        assert failed.value.reason == state.BAD_CATALOGUE and not failed.value.retry
        assert named in str(failed.value)
        # The command: the push goes through, the refusal is one line naming the row.
        assert desk_main(["sync", "--data-dir", str(desk.folder)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and named in err and err.startswith("desk-app: sync: catalogue:")
    assert _service_rows(desk) == before
    with desk.db.read() as session:
        applied = session.get(Meta, catalogue.CITY_CATALOGUE_KEY)
        assert applied is not None and applied.value == meta_before


def test_the_shipped_catalogue_reloaded_at_start_up_leaves_the_city_services_alone(
    desk: Office, city: City
) -> None:
    client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    shipped = _shipped()
    city_part = _second_version([r for r in shipped if r["code"] in ("KEL-SKT-01", "KEL-SKT-02")])
    _publish(city, city_part)
    assert catalogue_pull.pull_catalogue(desk.db, now=MORNING).applied
    desk.db.dispose()
    # A later release ships catalogue version N+1 (simulated by an older mark); a service
    # the city never published (KEL-SKT-03) drifted and follows the shipped file again.
    conn = sqlite3.connect(database_path(desk.folder))
    with conn:
        conn.execute("UPDATE meta SET value = '0' WHERE key = ?", (CATALOGUE_KEY,))
        conn.execute("UPDATE service_types SET fee_idr = 777 WHERE code = 'KEL-SKT-03'")
    conn.close()
    reopened = open_database(desk.folder)
    try:
        with reopened.read() as session:
            every = {s.code: s for s in catalogue.list_services(session, include_inactive=True)}
            mark = session.get(Meta, CATALOGUE_KEY)
            assert mark is not None and mark.value == str(catalogue.CATALOGUE_VERSION)
    finally:
        reopened.dispose()
    assert (every["KEL-SKT-01"].fee_idr, every["KEL-SKT-01"].sla_working_days) == (10000, 2)
    assert not every["KEL-SKT-02"].active
    assert every["KEL-TST-01"].active
    assert every["KEL-SKT-03"].fee_idr == 0
    assert every[catalogue.OTHER_SERVICE].active


def test_an_unreachable_city_is_one_line_and_nothing_is_written(
    desk: Office, capsys: pytest.CaptureFixture[str]
) -> None:
    with desk.db.write() as session:  # enrolled with a city that is not there
        state.save(session, **{state.SERVER: "http://127.0.0.1:9", state.TOKEN: "secret"})
    with nothing_written(desk.folder):
        before = _service_rows(desk)
        with pytest.raises(client.SyncFailed) as failed:
            catalogue_pull.pull_catalogue(desk.db, now=MORNING)
        assert failed.value.reason == state.UNREACHABLE and failed.value.retry
        assert desk_main(["sync", "--data-dir", str(desk.folder)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unreachable" in err
    assert _service_rows(desk) == before


def test_a_document_applied_on_a_sealed_day_waits_for_the_next_day(desk: Office) -> None:
    from desk_app.closing import dayclose
    from desk_app.common.workdays import local_day

    with desk.db.write() as session:
        dayclose.close_day(
            session,
            lead_id=desk.lead.id,
            day=local_day(MORNING),
            now=later(MORNING, 480),
            acknowledge=True,
            reason="Tutup",
        )
    body = json.dumps({"version": 1, "services": [_city_row("KEL-TST-01")]}).encode()
    with nothing_written(desk.folder):
        late = catalogue_pull.apply_document(desk.db, body=body, etag="", now=later(MORNING, 490))
    assert late.outcome == catalogue_pull.DEFERRED
    tomorrow = catalogue_pull.apply_document(
        desk.db, body=body, etag="", now=later(MORNING, 24 * 60)
    )
    assert tomorrow.applied and tomorrow.added == 1
    assert verify_database(database_path(desk.folder)).ok


def _city_row(code: str) -> dict[str, object]:
    return {
        "code": code,
        "name_id": "Surat Keterangan Uji",
        "name_en": "Test certificate",
        "level": "kelurahan",
        "agency": "Kelurahan",
        "sla_working_days": 1,
        "fee_idr": 0,
        "required_documents": ["Fotokopi KTP"],
        "source": "ESTIMATE",
        "active": True,
    }


def test_a_gui_round_pushes_then_applies_and_a_refused_catalogue_does_not_stop_sync(
    desk: Office, city: City
) -> None:
    from desk_app.common.messages import EN
    from desk_app.ui.sync_worker import describe_problem, run_round

    device = client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    assert device.enrolled
    with desk.db.read() as session:
        device_id = session.get(Meta, "device_id")
        assert device_id is not None
    _publish(city, _shipped())
    first = run_round(desk.db, device_id.value, now=MORNING)
    assert first.failure is None and first.catalogue is not None and first.catalogue.applied
    assert first.status.waiting == 0  # pushed before the catalogue event was written
    _serve_raw(city, {"services": [{**_city_row("KEL-TST-01"), "sla_working_days": 400}]})
    receive(desk.db, desk.officer.id, now=later(MORNING, 1))
    second = run_round(desk.db, device_id.value, now=later(MORNING, 2))
    assert second.failure is None and second.pushed > 0 and second.catalogue is None
    assert "sla_working_days" in second.catalogue_problem
    said = describe_problem(state.BAD_CATALOGUE, second.catalogue_problem, EN)
    assert said.startswith("The city's service catalogue was refused, nothing was changed: ")
