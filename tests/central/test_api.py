"""The API's edges: who may push, bad bodies as problems, limits, health, OpenAPI, admin page."""

from __future__ import annotations

import gzip
import json
from datetime import timedelta

import pytest
import requests
from sqlalchemy import func, select

from central import offices
from central.api.pages import ADMIN_TOKEN_VARIABLE
from central.store.models import StoredEvent
from desk_app.eventlog import wire
from desk_app.sync import client
from tests.central.conftest import OFFICE, OTHER_OFFICE, City
from tests.conftest import Office
from tests.helpers import MORNING, receive

PROBLEM = "application/problem+json"


def _enroll(city: City, code: str, device: str, office: str = OFFICE) -> requests.Response:
    return requests.post(
        f"{city.url}/v1/enroll",
        json={"office_code": office, "code": code, "device_id": device, "device_no": 1},
        timeout=30,
    )


def _push_raw(
    city: City, body: bytes, token: str = "", office: str = OFFICE, **headers: str
) -> requests.Response:
    sent = {"Content-Type": "application/json", **headers}
    if token:
        sent["Authorization"] = f"Bearer {token}"
    return requests.post(
        f"{city.url}/v1/offices/{office}/push", data=body, headers=sent, timeout=30
    )


DEVICE = "3ab25846-9cd6-4e4d-9933-53e247d003b5"
EMPTY = json.dumps({"protocol": wire.PROTOCOL_VERSION, "device_id": DEVICE, "events": []}).encode()


def test_pushing_needs_a_live_token_of_the_office(city: City) -> None:
    token = _enroll(city, city.enrolment_code(), DEVICE).json()["token"]
    assert _push_raw(city, EMPTY, token).status_code == 200
    missing = _push_raw(city, EMPTY)
    assert missing.status_code == 401 and missing.headers["content-type"] == PROBLEM
    assert _push_raw(city, EMPTY, token[:-3] + "xyz").status_code == 401
    assert _push_raw(city, EMPTY, "not-a-token").status_code == 401
    city.enrolment_code(OTHER_OFFICE)
    elsewhere = _push_raw(city, EMPTY, token, office=OTHER_OFFICE)
    assert elsewhere.status_code == 403 and OFFICE in elsewhere.json()["detail"]
    with city.store.transaction() as session:
        offices.revoke(session, office_code=OFFICE, device_id=DEVICE, now=city.clock())
    revoked = _push_raw(city, EMPTY, token)
    assert revoked.status_code == 401 and "revoked" in revoked.json()["detail"]


def test_an_enrolment_code_works_once_and_not_after_it_expires(city: City) -> None:
    code = city.enrolment_code()
    assert _enroll(city, code.lower().replace("-", " "), DEVICE).status_code == 200
    again = _enroll(city, code, DEVICE)
    assert again.status_code == 401 and "used already" in again.json()["detail"]
    late = city.enrolment_code()
    city.clock.advance(hours=73)
    expired = _enroll(city, late, DEVICE)
    assert expired.status_code == 401 and "expired" in expired.json()["detail"]
    assert _enroll(city, city.enrolment_code(), DEVICE, office=OTHER_OFFICE).status_code == 401


def test_a_desk_that_reenrolls_after_its_disk_died_gets_a_new_secret_and_the_city_position(
    desk: Office, city: City
) -> None:
    receive(desk.db, desk.officer.id, now=MORNING)
    first = client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    pushed = client.push_once(desk.db, now=city.clock())
    second = client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    assert second.token != first.token and second.acked_seq == pushed.acked_seq
    assert _push_raw(city, EMPTY, first.token).status_code == 401


def test_bad_bodies_are_problems_and_write_nothing(desk: Office, city: City) -> None:
    receive(desk.db, desk.officer.id, now=MORNING)
    token = client.enroll(desk.db, server=city.url, code=city.enrolment_code()).token
    cases = [
        b"{not json",
        gzip.compress(b"[1, 2"),
        json.dumps({"protocol": 99, "device_id": DEVICE, "events": []}).encode(),
        json.dumps(
            {"protocol": wire.PROTOCOL_VERSION, "device_id": DEVICE, "events": [{}]}
        ).encode(),
        json.dumps(
            {"protocol": wire.PROTOCOL_VERSION, "device_id": DEVICE, "events": [{"seq": "1"}]}
        ).encode(),
    ]
    for index, body in enumerate(cases):
        headers = {"Content-Encoding": "gzip"} if index == 1 else {}
        answer = _push_raw(city, body, token, **headers)
        assert answer.status_code in (403, 422), (index, answer.text)
        assert answer.headers["content-type"] == PROBLEM and answer.json()["detail"]
    with city.store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(StoredEvent)) == 0


def test_a_gzip_bomb_and_an_oversized_body_are_refused(desk: Office, city: City) -> None:
    receive(desk.db, desk.officer.id, now=MORNING)
    token = client.enroll(desk.db, server=city.url, code=city.enrolment_code()).token
    bomb = gzip.compress(b" " * (80 * 1024 * 1024))  # 80 MiB of spaces in about 80 KiB
    answer = _push_raw(city, bomb, token, **{"Content-Encoding": "gzip"})
    assert answer.status_code == 422 and "inflated" in answer.json()["detail"]
    big = _push_raw(city, b" " * (9 * 1024 * 1024), token)
    assert big.status_code == 422 and "larger" in big.json()["detail"]


def test_health_time_and_the_openapi_schema(city: City) -> None:
    health = requests.get(f"{city.url}/health", timeout=30).json()
    assert health == {"status": "ok", "server_time": wire.utc_iso(city.clock())}
    city.clock.advance(minutes=5)
    assert requests.get(f"{city.url}/v1/time", timeout=30).json() == {
        "server_time": wire.utc_iso(MORNING + timedelta(minutes=5))
    }
    schema = requests.get(f"{city.url}/openapi.json", timeout=30).json()
    assert {"/v1/enroll", "/v1/offices/{office_code}/push", "/health"} <= set(schema["paths"])


def test_the_admin_page_shows_devices_and_flags_and_fails_closed(
    desk: Office, city: City, monkeypatch: pytest.MonkeyPatch
) -> None:
    receive(desk.db, desk.officer.id, now=MORNING)
    client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    client.push_once(desk.db, now=city.clock())
    page = requests.get(f"{city.url}/admin", timeout=30)
    assert page.status_code == 200 and OFFICE in page.text and "Pengadegan" in page.text
    monkeypatch.setenv(ADMIN_TOKEN_VARIABLE, "s3cret-admin")
    assert requests.get(f"{city.url}/admin", timeout=30).status_code == 403
    ok = requests.get(
        f"{city.url}/admin", headers={"Authorization": "Bearer s3cret-admin"}, timeout=30
    )
    assert ok.status_code == 200 and "Perangkat" in ok.text
