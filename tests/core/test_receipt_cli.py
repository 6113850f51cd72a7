"""`desk-app receipt`: renders from the database, writes atomically, journals every attempt."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from desk_app.cli import main
from desk_app.common.paths import database_path
from desk_app.counter import printing
from desk_app.eventlog.verify import verify_database
from tests.conftest import LEAD_NIP, Office
from tests.helpers import MORNING, counts, receive

ROOT = Path(__file__).resolve().parents[2]


def journal(folder: Path) -> list[tuple[str, int, int, str, str, str]]:
    """(kind, copy_no, ok, layout, actor, error) of every print, oldest first."""
    conn = sqlite3.connect(database_path(folder))
    try:
        return conn.execute(
            "SELECT kind, copy_no, ok, layout, actor, error FROM receipt_prints ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


def pdf_text(path: Path) -> str:
    """The file's text without whitespace."""
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def run(desk: Office, *args: str) -> int:
    """`desk-app receipt ...` in-process against the test office."""
    return main(["receipt", *args, "--data-dir", str(desk.folder)])


def test_writes_the_pdf_then_a_salinan(
    desk: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    view = receive(desk.db, desk.officer.id, now=MORNING)
    prints = tmp_path / "prints"
    prints.mkdir()
    out = prints / "tanda-terima.pdf"
    assert run(desk, view.tracking_no, "--out", str(out)) == 0
    assert capsys.readouterr().out.strip() == f"Tanda terima {view.tracking_no} ditulis ke {out}"
    assert out.read_bytes().startswith(b"%PDF")
    assert view.tracking_no in pdf_text(out) and "SALINAN" not in pdf_text(out)

    # A file is no paper: until a printer took the receipt, the next paper is the original.
    with desk.db.write() as session:
        printing.record_print(
            session,
            actor_id=desk.officer.id,
            task_id=view.id,
            kind="intake",
            layout="thermal80",
            target="printer",
            ok=True,
            now=MORNING,
        )
    # A reprint after the paper, lower-case tracking number, A4, by the lead.
    code = run(desk, view.tracking_no.lower(), "--out", str(out), "--layout", "a4")
    assert code == 0
    assert capsys.readouterr().out.strip() == (
        f"Tanda terima {view.tracking_no} ditulis ke {out} (salinan ke-1)"
    )
    assert "SALINAN" in pdf_text(out)
    assert run(desk, view.tracking_no, "--out", str(out), "--as", LEAD_NIP, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    # Saved files use up no copy number: only paper does.
    assert (data["copy_no"], data["ok"], data["actor_id"]) == (1, True, desk.lead.id)
    assert journal(desk.folder) == [
        ("intake", 0, 1, "thermal80", desk.officer.id, ""),
        ("intake", 0, 1, "thermal80", desk.officer.id, ""),
        ("intake", 1, 1, "a4", desk.officer.id, ""),
        ("intake", 1, 1, "thermal80", desk.lead.id, ""),
    ]
    assert [p.name for p in prints.iterdir()] == ["tanda-terima.pdf"]  # no temp files left
    assert verify_database(database_path(desk.folder)).ok


def test_unknown_tracking_number_exits_1_and_writes_nothing(
    desk: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    receive(desk.db, desk.officer.id, now=MORNING)
    before = counts(desk.folder)
    out = tmp_path / "x.pdf"
    assert run(desk, "3174081005-261125-01-9999", "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "3174081005-261125-01-9999" in err
    assert not out.exists()
    assert counts(desk.folder) == before and journal(desk.folder) == []


def test_kind_that_does_not_fit_and_unknown_officer_exit_1(
    desk: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    view = receive(desk.db, desk.officer.id, now=MORNING)
    out = tmp_path / "x.pdf"
    assert run(desk, view.tracking_no, "--out", str(out), "--kind", "handover") == 1
    assert capsys.readouterr().err.startswith("desk-app: kind:")
    assert run(desk, view.tracking_no, "--out", str(out), "--as", "199901012020011999") == 1
    assert "199901012020011999" in capsys.readouterr().err
    assert not out.exists() and journal(desk.folder) == []


@pytest.mark.parametrize("where", ["missing-folder", "directory"])
def test_unwritable_out_exits_1_and_journals_a_failed_print(
    desk: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    view = receive(desk.db, desk.officer.id, now=MORNING)
    if where == "directory":
        out = tmp_path / "already-a-folder"
        out.mkdir()
    else:
        out = tmp_path / "no" / "such" / "folder.pdf"
    assert run(desk, view.tracking_no, "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"desk-app: cannot write {out}:")
    rows = journal(desk.folder)
    assert len(rows) == 1 and rows[0][:4] == ("intake", 0, 0, "thermal80")
    assert str(out) in rows[0][5]
    leftovers = [p.name for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
    # The failed attempt used up no copy number: the next good print is the original.
    good = tmp_path / "ok.pdf"
    assert run(desk, view.tracking_no, "--out", str(good)) == 0
    assert "salinan" not in capsys.readouterr().out
    assert [r[1:3] for r in journal(desk.folder)] == [(0, 0), (0, 1)]
    assert verify_database(database_path(desk.folder)).ok


def test_as_a_real_subprocess(desk: Office, tmp_path: Path) -> None:
    view = receive(desk.db, desk.officer.id, now=MORNING)
    out = tmp_path / "sub.pdf"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    base = [sys.executable, "-m", "desk_app.cli", "receipt", "--data-dir", str(desk.folder)]
    done = subprocess.run(
        [*base, view.tracking_no, "--out", str(out), "--layout", "thermal58"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Tanda terima {view.tracking_no} ditulis ke {out}"
    assert out.read_bytes().startswith(b"%PDF")
    missing = subprocess.run(
        [*base, "NOPE-1", "--out", str(tmp_path / "n.pdf")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert missing.returncode == 1
    assert missing.stdout == "" and missing.stderr.strip().splitlines() == [
        "desk-app: Berkas NOPE-1 tidak ditemukan."
    ]
    assert journal(desk.folder) == [("intake", 0, 1, "thermal58", desk.officer.id, "")]
