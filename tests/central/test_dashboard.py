"""The city dashboard in a real browser: a city on loopback filled with a small synthetic
month, its pages rendered by headless Chromium (Debian's `chromium`) in Indonesian and
English, the four answers' headings and figures read back from the DOM, screenshots in a scratch
folder (or $LOKET_SCREENSHOTS); and who may see what: the admin guard, a desk's own office only."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
import requests
from PySide6.QtWidgets import QApplication

from central.api.app import create_app
from central.api.pages import ADMIN_TOKEN_VARIABLE
from central.reports import figures, views
from desk_app.sync import client, office_figures
from desk_app.sync.client import SyncFailed
from desk_app.ui.city_figures import CityFiguresDialog
from tests.central import city_sample
from tests.central.conftest import City
from tests.conftest import Office
from tests.helpers import MORNING

# Screenshots go to a scratch folder; LOKET_SCREENSHOTS=docs/screenshots keeps them (the
# committed ones were made so), so that a test run never edits the tree.
SCREENSHOTS_VARIABLE = "LOKET_SCREENSHOTS"


def _shots(tmp: Path) -> Path:
    """Where this run's screenshots go."""
    kept = os.environ.get(SCREENSHOTS_VARIABLE)
    return Path(kept) if kept else tmp / "shots"


HEADINGS = {
    "id": (
        "Kekurangan dan kelebihan petugas",
        "Rekomendasi jam buka",
        "Dinas paling lambat",
        "Kantor yang dapat digabung",
    ),
    "en": (
        "Under- and over-staffed offices",
        "Opening-hours recommendations",
        "Slowest agencies",
        "Merge candidates",
    ),
}
OFFICE_HEADINGS = {
    "id": (
        "Permintaan per hari dan jam",
        "Petugas dibutuhkan dan hadir",
        "Jam buka yang disarankan",
    ),
    "en": (
        "Demand by weekday and hour",
        "Officers needed and present",
        "Recommended opening window",
    ),
}
URL = re.compile(r"https?://[^\s\"'<>)]+")


@pytest.fixture
def store_url(tmp_path: Path) -> Iterator[str]:
    """SQLite only: the browser test reads pages, the database behind them is tested apart."""
    yield f"sqlite:///{tmp_path / 'central.sqlite3'}"


def chromium() -> str:
    """Debian's chromium; a failure as root (scripts/_venv.sh installs it), else a skip."""
    found = shutil.which("chromium")
    if found is None:
        if os.geteuid() == 0:
            pytest.fail("chromium is missing: scripts/_venv.sh installs Debian's chromium as root")
        pytest.skip("chromium is not installed (Debian package chromium)")
    return found


def browse(url: str, tmp: Path, *, screenshot: Path | None = None) -> str:
    """The DOM headless Chromium built for `url`; a screenshot at 1366 wide when asked."""
    base = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp / 'profile'}",
        "--lang=en-US",
    ]
    done = subprocess.run(
        [*base, "--dump-dom", url], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        shot = subprocess.run(
            [*base, f"--screenshot={screenshot}", "--window-size=1366,1900", url],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert shot.returncode == 0 and screenshot.stat().st_size > 10_000, shot.stderr[-2000:]
    return done.stdout


def _text(dom: str) -> str:
    """The DOM's text, tags out and whitespace collapsed (for figures spanning elements)."""
    return " ".join(re.sub(r"<[^>]+>", " ", dom).split())


def _no_external_url(html: str, server: str) -> None:
    foreign = [u for u in URL.findall(html) if not u.startswith(server)]
    assert foreign == [], foreign


@pytest.fixture
def filled(city: City) -> City:
    city.clock.set(MORNING)
    city_sample.fill(city.store, MORNING)
    return city


def _answers(city: City, office: str | None = None) -> dict[str, Any]:
    first, last = figures.default_window(MORNING, None, None)
    with city.store.transaction() as session:
        return figures.gather(session, now=MORNING, first=first, last=last, office_code=office)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_city_page_shows_the_four_answers_in_chromium(
    filled: City, lang: str, tmp_path: Path
) -> None:
    query = "?lang=en" if lang == "en" else ""
    raw = requests.get(f"{filled.url}/admin/dashboard{query}", timeout=120)
    assert raw.status_code == 200, raw.text
    _no_external_url(raw.text, filled.url)
    assert "<script" not in raw.text.lower()
    dom = browse(
        f"{filled.url}/admin/dashboard{query}",
        tmp_path,
        screenshot=_shots(tmp_path) / f"city-dashboard-{lang}.png",
    )
    text = _text(dom)
    assert f'<html lang="{lang}">' in dom
    for heading in HEADINGS[lang]:
        assert heading in text, heading
    found = _answers(filled)
    # Staffing: the planted short office is listed with its shortfall as the JSON says it.
    if found["staff"]:
        short = views.staff_view(found["staff"][city_sample.BUSY])
        assert short.under_hours > short.over_hours
        assert f"/admin/dashboard/office/{city_sample.BUSY}" in dom
        number = re.escape(_figure(short.under_hours, lang))
        assert re.search(rf"{re.escape(city_sample.BUSY)} .*? {number} ", text)
    # Opening hours: every office's recommended weekday window, as the JSON has it.
    for code, plan in found["opening"].items():
        window = views.weekday_windows(views.opening_view(plan), ["x"] * 7, "-")
        assert window.split(" ")[0] in text, (code, window)
    # Agencies: the slowest first, its median days from the JSON.
    slowest = found["agencies"]["ranked"][0]
    assert slowest["agency_code"] == city_sample.SLOW_AGENCY
    median = re.escape(_figure(slowest["median_days"], lang))
    assert re.search(rf"1 {re.escape(city_sample.SLOW_AGENCY)} \d+ (&gt; |> )?{median}", text)
    # Merge candidates: the nearly idle office, with its neighbour.
    candidates = [views.merge_view(c) for c in found["merge"]]
    assert [c.office for c in candidates] == [city_sample.IDLE]
    assert candidates[0].neighbour and candidates[0].neighbour in text
    assert 'role="img"' in dom and "<title" in dom  # accessible charts


def _figure(value: float, lang: str) -> str:
    from desk_app.common import formatting

    return formatting.trimmed(value, lang, 1)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_an_office_page_shows_demand_staffing_window_and_agencies(
    filled: City, lang: str, tmp_path: Path
) -> None:
    query = "?lang=en" if lang == "en" else ""
    url = f"{filled.url}/admin/dashboard/office/{city_sample.BUSY}{query}"
    raw = requests.get(url, timeout=120)
    assert raw.status_code == 200, raw.text
    _no_external_url(raw.text, filled.url)
    dom = browse(url, tmp_path, screenshot=_shots(tmp_path) / f"city-dashboard-office-{lang}.png")
    text = _text(dom)
    for heading in OFFICE_HEADINGS[lang]:
        assert heading in text, heading
    found = _answers(filled, city_sample.BUSY)
    opening = views.opening_view(found["opening"][city_sample.BUSY])
    assert opening.windows[0].text in text
    assert 'id="demand-heatmap"' in dom
    peak = max(opening.demand.values())
    assert _figure(peak, lang) in text
    if found["staff"]:
        assert 'id="needed-present"' in dom and 'id="gap-heatmap"' in dom
    # Its window and language carry over the links (no JavaScript needed).
    if lang == "en":
        assert "/admin/dashboard?lang=en" in dom


def test_the_window_is_chosen_with_from_and_to(filled: City) -> None:
    page = requests.get(
        f"{filled.url}/admin/dashboard?from=2026-11-16&to=2026-11-20&lang=en", timeout=120
    )
    assert page.status_code == 200
    assert 'value="2026-11-16"' in page.text or "value=2026-11-16" in page.text
    wrong = requests.get(f"{filled.url}/admin/dashboard?from=2026-11-20&to=2026-11-16", timeout=30)
    assert wrong.status_code == 422 and wrong.headers["content-type"] == "application/problem+json"
    unknown = requests.get(f"{filled.url}/admin/dashboard/office/31.74.99.9999", timeout=30)
    assert unknown.status_code == 404


def test_an_empty_city_still_renders(city: City) -> None:
    for path in ("/admin/dashboard", "/admin/dashboard?lang=en"):
        page = requests.get(f"{city.url}{path}", timeout=60)
        assert page.status_code == 200 and "<h2>" in page.text


def test_the_admin_guard_refuses_strangers(filled: City, monkeypatch: pytest.MonkeyPatch) -> None:
    # A client that is not on loopback, with no token configured: refused.
    app = create_app(filled.store, clock=filled.clock)
    for path in (
        "/admin/dashboard",
        f"/admin/dashboard/office/{city_sample.BUSY}",
        "/admin/reports/2026-11.pdf",
    ):
        status, headers = _asgi_get(app, path, ("198.51.100.7", 40000))
        assert status == 403, path
        assert headers["content-type"] == "application/problem+json"
    assert _asgi_get(app, "/admin/dashboard", ("127.0.0.1", 40000))[0] == 200
    # With a token configured, loopback is not enough: the token is.
    monkeypatch.setenv(ADMIN_TOKEN_VARIABLE, "s3cret-admin")
    assert requests.get(f"{filled.url}/admin/dashboard", timeout=30).status_code == 403
    allowed = requests.get(
        f"{filled.url}/admin/dashboard",
        headers={"Authorization": "Bearer s3cret-admin"},
        timeout=120,
    )
    assert allowed.status_code == 200
    # Links inside carry the token on (as the agencies pages do), no other credential.
    carried = requests.get(f"{filled.url}/admin/dashboard?token=s3cret-admin", timeout=120)
    assert carried.status_code == 200 and "token=s3cret-admin" in carried.text


def _asgi_get(app: Any, path: str, client: tuple[str, int]) -> tuple[int, dict[str, str]]:
    """GET `path` straight through the ASGI app as if from `client` (no socket needed)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"city.example")],
        "client": client,
        "server": ("127.0.0.1", 80),
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    headers = {k.decode(): v.decode() for k, v in start["headers"]}
    return int(start["status"]), headers


def _enrol(city: City, office: str) -> str:
    code = city.enrolment_code(office)
    answer = requests.post(
        f"{city.url}/v1/enroll",
        json={"office_code": office, "code": code, "device_id": str(uuid.uuid4()), "device_no": 1},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["token"]
    return token


def test_a_desk_reads_its_own_office_figures_only(filled: City) -> None:
    office = city_sample.NORMAL[0]
    token = _enrol(filled, office)
    headers = {"Authorization": f"Bearer {token}"}
    url = f"{filled.url}/v1/offices/{office}/analytics"
    mine = requests.get(url, headers=headers, params={"from": "2026-11-02"}, timeout=120)
    assert mine.status_code == 200, mine.text
    body = mine.json()
    assert body["office"] == office and body["from"] == "2026-11-02"
    assert body["totals"]["office_code"] == office and body["totals"]["arrivals"] > 0
    assert body["opening"]["offices"] == [office]
    assert all(office in line["offices"] for line in body["agencies"]["ranked"])
    assert "names" not in body and all(c["office_code"] == office for c in body["merge"])
    # Another office's figures: refused with this token; without one: refused.
    other = requests.get(
        f"{filled.url}/v1/offices/{city_sample.BUSY}/analytics", headers=headers, timeout=30
    )
    assert other.status_code in (401, 403)
    assert requests.get(url, timeout=30).status_code == 401


def test_a_lead_sees_the_office_figures_in_the_desk_app(
    desk: Office, filled: City, qapp: QApplication
) -> None:
    with pytest.raises(SyncFailed) as refused:
        office_figures.fetch(desk.db)
    assert refused.value.reason == "not_enrolled"
    office = city_sample.NORMAL[0]
    client.enroll(desk.db, server=filled.url, code=filled.enrolment_code(office))
    data = office_figures.fetch(desk.db, first=date(2026, 11, 2), last=date(2026, 11, 25))
    assert data["office"] == office and data["from"] == "2026-11-02"
    ctx = cast(Any, SimpleNamespace(language="id", db=desk.db))
    dialog = CityFiguresDialog(ctx)
    dialog.show_figures(data)
    text = dialog.view.toPlainText()
    for heading in ("Ringkasan", "Kekurangan dan kelebihan petugas", "Dinas paling lambat"):
        assert heading in text
    ranked = data["agencies"]["ranked"]
    assert ranked and ranked[0]["agency_code"] in text
    window = data["opening"]["windows"][0]
    assert f"{window['start']}–{window['end']}" in text
    assert "tidak termasuk calon penggabungan" in text
    assert dialog.status.text().startswith("Angka kota 02/11/2026 s.d. 25/11/2026")
    kept = os.environ.get(SCREENSHOTS_VARIABLE)
    if kept:  # the lead's view as it looks, for the documentation
        dialog.show()
        assert dialog.grab().save(str(Path(kept) / "desk-city-figures-id.png"))
    dialog.deleteLater()
