"""Pulling an office's chains back from the city: who may read, and what comes back."""

from __future__ import annotations

import gzip
import json
from datetime import timedelta
from typing import Any

import requests
from sqlalchemy import func, select

from central import offices
from central.store.models import Flag
from desk_app.eventlog import wire
from desk_app.sync import client
from tests.central.conftest import OFFICE, OTHER_OFFICE, City
from tests.conftest import Office
from tests.helpers import MORNING, receive

PROBLEM = "application/problem+json"


def _get(city: City, path: str, authorization: str = "", **headers: str) -> requests.Response:
    sent = dict(headers)
    if authorization:
        sent["Authorization"] = authorization
    return requests.get(f"{city.url}{path}", headers=sent, timeout=30)


def _synced(desk: Office, city: City, intakes: int = 3) -> tuple[str, str]:
    """The desk enrolled and pushed; (its device id, its token)."""
    for minute in range(intakes):
        receive(desk.db, desk.officer.id, now=MORNING + timedelta(minutes=minute))
    sync = client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    client.push_once(desk.db, now=MORNING + timedelta(minutes=10))
    device = _local_events(desk)[0]["device_id"]
    return device, sync.token


def _local_events(desk: Office) -> list[wire.WireEvent]:
    return client._batch(desk.db, after=0, limit=100_000)[2]


def test_the_chain_list_and_a_chain_come_back_exactly_as_pushed(desk: Office, city: City) -> None:
    device, token = _synced(desk, city)
    listed = _get(city, f"/v1/offices/{OFFICE}/chains", f"Bearer {token}")
    assert listed.status_code == 200
    (chain,) = listed.json()["chains"]
    local = _local_events(desk)
    assert chain == {
        "device_id": device,
        "device_no": 1,
        "predecessor_device_id": None,
        "head_seq": len(local),
        "head_hash": local[-1]["hash"],
        "revoked": False,
    }
    answer = _get(city, f"/v1/offices/{OFFICE}/devices/{device}/events", f"Bearer {token}")
    assert answer.status_code == 200 and answer.headers["content-encoding"] == "gzip"
    page = answer.json()
    assert page["events"] == local  # the very events, each still hashing right
    assert all(wire.hash_is_right(e) for e in page["events"])
    assert (page["after"], page["next_after"], page["head"]) == (0, len(local), len(local))
    assert page["head_hash"] == local[-1]["hash"]


def test_pages_are_bounded_and_say_where_to_go_on(desk: Office, city: City) -> None:
    device, token = _synced(desk, city, intakes=5)
    local = _local_events(desk)
    url = f"/v1/offices/{OFFICE}/devices/{device}/events"
    got: list[dict[str, Any]] = []
    after = 0
    while True:
        page = _get(city, f"{url}?after={after}&limit=3", f"Bearer {token}").json()
        assert len(page["events"]) <= 3
        got += page["events"]
        if not page["events"]:
            break
        after = page["next_after"]
    assert got == local and after == len(local)
    plain = _get(
        city, f"{url}?after=2&limit=1", f"Bearer {token}", **{"Accept-Encoding": "identity"}
    )
    assert "content-encoding" not in plain.headers
    assert [e["seq"] for e in json.loads(plain.content)["events"]] == [3]
    for query in ("limit=0", f"limit={wire.MAX_BATCH_EVENTS + 1}", "after=-1", "after=x"):
        refused = _get(city, f"{url}?{query}", f"Bearer {token}")
        assert refused.status_code == 422 and refused.headers["content-type"] == PROBLEM


def test_reading_needs_a_live_token_of_the_office(desk: Office, city: City) -> None:
    device, token = _synced(desk, city)
    chains = f"/v1/offices/{OFFICE}/chains"
    events = f"/v1/offices/{OFFICE}/devices/{device}/events"
    for path in (chains, events):
        for authorization in ("", "Bearer not-a-token", f"Bearer {token[:-3]}xyz"):
            answer = _get(city, path, authorization)
            assert answer.status_code == 401 and answer.headers["content-type"] == PROBLEM
            assert "\n" not in answer.json()["detail"]
    city.enrolment_code(OTHER_OFFICE)
    for path in (
        f"/v1/offices/{OTHER_OFFICE}/chains",
        f"/v1/offices/{OTHER_OFFICE}/devices/{device}/events",
    ):
        answer = _get(city, path, f"Bearer {token}")
        assert answer.status_code == 403 and OFFICE in answer.json()["detail"]
    unknown = _get(city, f"/v1/offices/{OFFICE}/devices/{'0' * 36}/events", f"Bearer {token}")
    assert unknown.status_code == 404 and unknown.headers["content-type"] == PROBLEM
    with city.store.transaction() as session:
        offices.revoke(session, office_code=OFFICE, device_id=device, now=city.clock())
    for path in (chains, events):
        revoked = _get(city, path, f"Bearer {token}")
        assert revoked.status_code == 401 and "revoked" in revoked.json()["detail"]


def test_an_unspent_enrolment_code_reads_the_chain_list_only(desk: Office, city: City) -> None:
    device, _ = _synced(desk, city)
    code = city.enrolment_code()
    chains = f"/v1/offices/{OFFICE}/chains"
    listed = _get(city, chains, f"Enrolment {code}")
    assert listed.status_code == 200 and listed.json()["chains"][0]["device_id"] == device
    # Not the events, not another office's list; a spent or expired code reads nothing.
    events = _get(city, f"/v1/offices/{OFFICE}/devices/{device}/events", f"Enrolment {code}")
    assert events.status_code == 401
    city.enrolment_code(OTHER_OFFICE)
    assert _get(city, f"/v1/offices/{OTHER_OFFICE}/chains", f"Enrolment {code}").status_code == 401
    assert _get(city, chains, "Enrolment ").status_code == 401
    city.clock.advance(days=4)
    assert _get(city, chains, f"Enrolment {code}").status_code == 401
    fresh = city.enrolment_code()
    enrolled = requests.post(
        f"{city.url}/v1/enroll",
        json={"office_code": OFFICE, "code": fresh, "device_id": "9" * 36, "device_no": 2},
        timeout=30,
    )
    assert enrolled.status_code == 200
    spent = _get(city, chains, f"Enrolment {fresh}")
    assert spent.status_code == 401 and "used" in spent.json()["detail"]


def test_a_fork_is_never_served_as_the_chain(desk: Office, city: City) -> None:
    device, token = _synced(desk, city)
    local = _local_events(desk)
    forged = wire.WireEvent(**local[1])
    forged["payload"] = {**local[1]["payload"], "name": "Someone Else"}
    forged["hash"] = wire.chain_hash(forged["prev_hash"], wire.hashed_body(forged))
    body = {"protocol": wire.PROTOCOL_VERSION, "device_id": device, "events": [forged]}
    pushed = requests.post(
        f"{city.url}/v1/offices/{OFFICE}/push",
        data=gzip.compress(json.dumps(body).encode()),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
        },
        timeout=30,
    )
    assert pushed.status_code == 200 and pushed.json()["forks"] == 1
    with city.store.transaction() as session:
        assert (session.scalar(select(func.count()).select_from(Flag)) or 0) >= 1
    page = _get(city, f"/v1/offices/{OFFICE}/devices/{device}/events", f"Bearer {token}").json()
    assert page["events"] == local
