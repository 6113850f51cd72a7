"""The city's monthly PDF report: per office and for the whole city, from the command line
(files 0600, one-line errors) and over HTTP for the administrator; its text read back."""

from __future__ import annotations

import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from central.cli import main as central_main
from central.store.engine import open_store
from tests.central import city_sample
from tests.central.conftest import City
from tests.helpers import MORNING

NOW = "2026-11-25T09:00"


@pytest.fixture
def store_url(tmp_path: Path) -> Iterator[str]:
    """SQLite only: the report reads the same rollups on either database."""
    yield f"sqlite:///{tmp_path / 'central.sqlite3'}"


@pytest.fixture
def database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'city.sqlite3'}"
    store = open_store(url)
    city_sample.fill(store, MORNING)
    store.dispose()
    return url


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = central_main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _text(pdf: Path) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


def test_the_city_report_from_the_command_line(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "laporan"
    code, printed, err = _run(
        capsys,
        "month-report",
        "--month",
        "2026-11",
        "--out",
        str(out),
        "--database-url",
        database,
        "--now",
        NOW,
    )
    assert code == 0, err
    pdf = out / "laporan-kota-2026-11.pdf"
    assert printed.strip() == f"written: {pdf}"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
    text = _text(pdf)
    for heading in (
        "Laporan Bulanan — Kota — November 2026",
        "Kekurangan dan kelebihan petugas",
        "Dinas paling lambat",
        "Kantor yang dapat digabung",
    ):
        assert heading in text, heading
    assert city_sample.SLOW_AGENCY in text and city_sample.IDLE in text
    assert "Periode 01/11/2026 s.d. 30/11/2026" in text


def test_an_office_report_and_one_line_errors(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    common = ("--database-url", database, "--now", NOW)
    code, _, err = _run(
        capsys,
        "month-report",
        "--month",
        "2026-11",
        "--office",
        city_sample.BUSY,
        "--out",
        str(out),
        *common,
    )
    assert code == 0, err
    pdf = out / f"laporan-kantor-{city_sample.BUSY}-2026-11.pdf"
    text = _text(pdf)
    assert "Petugas dibutuhkan dan hadir" in text and "Jam buka yang disarankan" in text
    assert "Pancoran (31.74.08.1001)" in text
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
    for argv, words in (
        (("--month", "2026-13"), "not a month"),
        (("--month", "november"), "not a month"),
        (("--month", "2026-11", "--office", "31.74.99.9999"), "not registered"),
    ):
        code, _, err = _run(capsys, "month-report", *argv, "--out", str(out), *common)
        assert code == 1 and words in err, err
        assert err.count("\n") == 1 and err.startswith("desk-central: ")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, _, err = _run(
        capsys, "month-report", "--month", "2026-11", "--out", str(blocker), *common
    )
    assert code == 1 and err.count("\n") == 1 and err.startswith("desk-central: "), err


def test_the_report_over_http_for_the_administrator(city: City, tmp_path: Path) -> None:
    city.clock.set(MORNING)
    city_sample.fill(city.store, MORNING)
    whole = requests.get(f"{city.url}/admin/reports/2026-11.pdf", timeout=120)
    assert whole.status_code == 200, whole.text
    assert whole.headers["content-type"] == "application/pdf"
    assert "laporan-kota-2026-11.pdf" in whole.headers["content-disposition"]
    pdf = tmp_path / "city.pdf"
    pdf.write_bytes(whole.content)
    assert "Kantor yang dapat digabung" in _text(pdf)
    one = requests.get(
        f"{city.url}/admin/reports/2026-11.pdf", params={"office": city_sample.IDLE}, timeout=120
    )
    assert one.status_code == 200 and one.content.startswith(b"%PDF")
    for month in ("2026-13", "26-11", "1800-01"):
        bad = requests.get(f"{city.url}/admin/reports/{month}.pdf", timeout=30)
        assert bad.status_code == 422, (month, bad.text)
    unknown = requests.get(
        f"{city.url}/admin/reports/2026-11.pdf", params={"office": "31.74.99.9999"}, timeout=30
    )
    assert unknown.status_code == 404
