"""The intake receipt carries the check code, and its QR opens the city's status page."""

from __future__ import annotations

import io
import os
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from desk_app.counter import check_code, printing
from desk_app.counter.receipts import LAYOUTS, render_receipt
from tests.conftest import Office
from tests.helpers import receive
from tests.receipt_data import TRACKING, receipt
from tests.test_receipts import overflowing

CODE = "ACD349"
URL = f"https://status.jakarta.example/status/{TRACKING}?c={CODE}"


def pdf_text(pdf: bytes) -> str:
    """All extracted text, whitespace removed (phrases wrap over lines)."""
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", "", text)


def scanned(pdf: bytes, folder: Path) -> str:
    """What a phone camera reads: the page rendered by pdftoppm, decoded by zbarimg."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "receipt.pdf").write_bytes(pdf)
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    render = ["pdftoppm", "-r", "300", "-f", "1", "-l", "1", "-png"]
    subprocess.run([*render, str(folder / "receipt.pdf"), str(folder / "page")], check=True)
    pages = sorted(str(p) for p in folder.glob("page*.png"))
    done = subprocess.run(
        ["zbarimg", "--raw", "-q", *pages], capture_output=True, text=True, env=env, check=False
    )
    return done.stdout.strip()


def test_the_code_is_random_from_the_unambiguous_alphabet() -> None:
    codes = {check_code.new_check_code() for _ in range(200)}
    assert len(codes) > 190  # random, not a counter
    for code in codes:
        assert len(code) == check_code.LENGTH and set(code) <= set(check_code.ALPHABET)
    assert not set("0O1IL2Z5S8B") & set(check_code.ALPHABET)


def test_status_url_needs_a_server_and_a_code() -> None:
    server = "https://status.jakarta.example/"
    assert check_code.status_url(server, TRACKING, CODE) == URL
    assert check_code.status_url("", TRACKING, CODE) == ""
    assert check_code.status_url(server, TRACKING, "") == ""


@pytest.mark.parametrize("layout", LAYOUTS)
def test_intake_receipt_prints_the_code_and_its_qr_opens_the_page(
    layout: str, tmp_path: Path
) -> None:
    pdf = render_receipt(receipt(check_code=CODE, status_url=URL), layout=layout)
    text = pdf_text(pdf)
    assert f"Kodecek:{CODE}" in text and "Pindaiuntukmelihatstatuspermohonan" in text
    assert scanned(pdf, tmp_path) == URL


def test_without_a_city_the_qr_stays_the_tracking_number(tmp_path: Path) -> None:
    pdf = render_receipt(receipt(check_code=CODE), layout="thermal80")
    assert f"Kodecek:{CODE}" in pdf_text(pdf)
    assert scanned(pdf, tmp_path) == TRACKING
    older = render_receipt(receipt(), layout="thermal80")  # a task from before check codes
    assert "Kodecek" not in pdf_text(older)


def test_the_desk_reads_the_code_from_task_received(desk: Office) -> None:
    task = receive(desk.db, desk.officer.id)
    with desk.db.read() as session:
        intake = printing.receipt_data(session, task_id=task.id)
        pdf, _ = printing.render_for_task(session, task_id=task.id, layout="a5")
    assert len(intake.check_code) == check_code.LENGTH
    # Not enrolled: no city to point at, so the QR says the number and the code is typed.
    assert intake.status_url == "" and intake.qr_payload == task.tracking_no
    assert f"Kodecek:{intake.check_code}" in pdf_text(pdf)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_long_city_address_still_fits_and_scans(layout: str, tmp_path: Path) -> None:
    server = "https://layanan-ptsp.jakarta.go.id/kota/administrasi/jakarta-selatan"
    url = check_code.status_url(server, TRACKING, CODE)
    pdf = render_receipt(receipt(check_code=CODE, status_url=url), layout=layout)
    assert overflowing(pdf, layout) == []
    assert scanned(pdf, tmp_path) == url
