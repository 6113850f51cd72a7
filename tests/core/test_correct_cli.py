"""Issue 11 from the command line: `desk-app correct` and `desk-app documents`."""

from __future__ import annotations

import json

import pytest

from desk_app.cli import PIN_ENV, main
from desk_app.common.paths import database_path
from desk_app.counter import tasks
from desk_app.eventlog.verify import verify_database
from tests.conftest import OFFICER_NIP, PIN, Office
from tests.helpers import nothing_written, receive


def _run(desk: Office, *args: str) -> int:
    return main([*args, "--as", OFFICER_NIP, "--data-dir", str(desk.folder)])


def test_correct_and_documents(
    desk: Office, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(PIN_ENV, PIN)
    view = receive(desk.db, desk.officer.id, name="Budi Santsoo")
    tracking = view.tracking_no
    assert _run(desk, "correct", tracking, "--name", "Budi Santoso", "--reason", "Salah ketik") == 0
    assert "dikoreksi; berkas belum lengkap" in capsys.readouterr().out
    missing = list(view.missing_documents)
    args = [a for doc in missing for a in ("--received", doc)]
    assert _run(desk, "documents", tracking, *args, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["missing_documents"] == []
    with desk.db.read() as s:
        assert tasks.get_task(s, task_id=view.id).applicant_name == "Budi Santoso"
    assert verify_database(database_path(desk.folder)).ok


def test_bad_input_is_one_line_and_writes_nothing(
    desk: Office, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(PIN_ENV, PIN)
    view = receive(desk.db, desk.officer.id)
    with nothing_written(desk.folder):
        assert _run(desk, "correct", view.tracking_no, "--name", "Budi S", "--reason", " ") == 1
        assert _run(desk, "documents", view.tracking_no, "--received", "Surat sakti") == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2
    assert err[0].startswith("desk-app: reason:")
    assert "Surat sakti" in err[1]
