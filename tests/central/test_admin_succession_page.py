"""The administrator's status page names each device's succession and the documents served."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import requests

from central import catalogue, rules_document
from desk_app.common.paths import resource
from desk_app.eventlog.wire import GENESIS_HASH
from tests.central.conftest import OFFICE, City
from tests.helpers import MORNING


def _enrol(city: City, device_id: str) -> str:
    answer = requests.post(
        f"{city.url}/v1/enroll",
        json={
            "office_code": OFFICE,
            "code": city.enrolment_code(),
            "device_id": device_id,
            "device_no": 1,
        },
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return str(answer.json()["token"])


def _succeed(city: City, token: str, predecessor: str, successor: str) -> None:
    answer = requests.post(
        f"{city.url}/v1/offices/{OFFICE}/devices/{predecessor}/successor",
        json={
            "device_id": successor,
            "device_no": 101,
            "predecessor_device_no": 1,
            "predecessor_last_seq": 0,
            "predecessor_last_hash": GENESIS_HASH,
        },
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text


def _page(city: City, lang: str = "") -> str:
    answer = requests.get(f"{city.url}/admin", params={"lang": lang} if lang else {}, timeout=30)
    assert answer.status_code == 200
    return answer.text


def test_the_page_says_which_device_replaced_which_in_both_languages(city: City) -> None:
    old, new = str(uuid.uuid4()), str(uuid.uuid4())
    token = _enrol(city, old)
    before = _page(city)
    assert "menggantikan" not in before and "digantikan" not in before
    _succeed(city, token, old, new)

    indonesian = _page(city)
    assert f"menggantikan perangkat 01 ({old[:8]}), dipulihkan dari cadangan" in indonesian
    assert f"digantikan oleh perangkat 101 ({new[:8]})" in indonesian
    assert '<html lang="id">' in indonesian and "Perangkat" in indonesian

    english = _page(city, "en")
    assert f"replaces device 01 ({old[:8]}), restored from a backup" in english
    assert f"replaced by device 101 ({new[:8]})" in english
    assert '<html lang="en">' in english and "Succession" in english
    assert 'href="/admin?lang=id"' in english and 'href="/admin?lang=en"' in indonesian


def test_the_page_shows_the_catalogue_and_rules_versions_the_city_serves(city: City) -> None:
    page = _page(city, "en")
    assert "not published yet: desks use the shipped catalogue" in page
    assert "document 0 (the shipped file); rule versions 1 (2014-01-01)" in page

    shipped = json.loads(resource("points_rules.json").read_text(encoding="utf-8"))["versions"]
    later = {**shipped[-1], "version": 2, "effective_from": "2026-12-01"}
    with city.store.transaction() as session:
        catalogue.publish(
            session,
            services=catalogue.parse_csv(resource("services.csv").read_text(encoding="utf-8")),
            now=city.clock(),
        )
        rules_document.publish(
            session,
            versions=rules_document.parse_file(json.dumps({"versions": [*shipped, later]})),
            now=city.clock(),
        )
    city.clock.set(MORNING + timedelta(minutes=30))
    english = _page(city, "en")
    assert "version 1, published 30 min ago" in english
    assert (
        "document 1, published 30 min ago; rule versions 1 (2014-01-01), 2 (2026-12-01)" in english
    )
    indonesian = _page(city)
    assert "versi 1, diterbitkan 30 menit lalu" in indonesian
    assert "dokumen 1, diterbitkan 30 menit lalu; versi aturan 1 (2014-01-01), 2 (2026-12-01)" in (
        indonesian
    )
