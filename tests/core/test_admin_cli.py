"""Issue 11, the command line: officer, setting and service commands; bad input writes nothing."""

from __future__ import annotations

import io
import json
from unittest import mock

import pytest

from desk_app.cli import main
from desk_app.common.paths import database_path
from desk_app.eventlog.verify import verify_database
from desk_app.office import catalogue, office_settings, officers
from tests.conftest import ADMIN_NIP, LEAD_NIP, OFFICE_CODE, OFFICER_NIP, PIN, Office
from tests.helpers import MORNING, nothing_written

NEW_NIP = "199505052020121004"
ONE_TIME = "264810"
CHOSEN = "730518"


@pytest.fixture(autouse=True)
def _no_pins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DESK_APP_PIN", raising=False)
    monkeypatch.delenv("DESK_APP_NEW_PIN", raising=False)


def run(desk: Office, *args: str, stdin: str | None = None) -> int:
    """`desk-app ...` in-process against the test office, PINs on standard input."""
    with mock.patch("sys.stdin", io.StringIO(stdin or "")):
        return main([*args, "--data-dir", str(desk.folder)])


def one_line_failure(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    return err


def clean(desk: Office) -> None:
    report = verify_database(database_path(desk.folder))
    assert report.ok, report.problems


def test_add_with_a_one_time_pin_then_the_officer_chooses_theirs(
    desk: Office, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    add = ["officer", "add", "--admin", ADMIN_NIP, "--nip", NEW_NIP, "--name", "Rina Marlina"]
    assert run(desk, *add, "--pin-stdin", stdin=f"{PIN}\n{ONE_TIME}\n") == 0
    assert "harus ganti PIN" in capsys.readouterr().out
    # The one-time PIN does not let them work: they must choose their own first.
    monkeypatch.setenv("DESK_APP_PIN", ONE_TIME)
    assert run(desk, "clock", "in", "--as", NEW_NIP) != 0
    assert "harus memilih PIN baru" in one_line_failure(capsys)
    monkeypatch.delenv("DESK_APP_PIN")
    pin = ["officer", "pin", "--as", NEW_NIP, "--pin-stdin"]
    assert run(desk, *pin, stdin=f"{ONE_TIME}\n{CHOSEN}\n") == 0
    capsys.readouterr()
    assert officers.log_in(desk.db, nip=NEW_NIP, pin=CHOSEN, now=MORNING).name == "Rina Marlina"
    clean(desk)


def test_role_deactivate_reactivate_unlock_reset_with_the_pin_from_the_environment(
    desk: Office, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DESK_APP_PIN", PIN)
    admin = ["--admin", ADMIN_NIP]
    assert run(desk, "officer", "role", OFFICER_NIP, "lead", *admin) == 0
    assert run(desk, "officer", "deactivate", OFFICER_NIP, *admin, "--reason", "Cuti panjang") == 0
    assert run(desk, "officer", "reactivate", OFFICER_NIP, *admin) == 0
    for _ in range(officers.MAX_WRONG_PINS):
        with pytest.raises(Exception):  # noqa: B017 - AuthError or LockedOut
            officers.log_in(desk.db, nip=OFFICER_NIP, pin="111333", now=MORNING)
    assert run(desk, "officer", "unlock", OFFICER_NIP, *admin) == 0
    monkeypatch.setenv("DESK_APP_NEW_PIN", ONE_TIME)
    capsys.readouterr()
    assert run(desk, "officer", "reset-pin", OFFICER_NIP, *admin, "--json") == 0
    assert json.loads(capsys.readouterr().out)["must_change_pin"]
    with desk.db.read() as s:
        person = officers.get_officer(s, officer_id=desk.officer.id)
    assert (person.role, person.active, person.locked_until) == ("lead", True, None)
    clean(desk)


def test_reset_without_a_pin(desk: Office, capsys: pytest.CaptureFixture[str]) -> None:
    reset = ["officer", "reset-pin", OFFICER_NIP, "--admin", ADMIN_NIP, "--no-pin", "--pin-stdin"]
    assert run(desk, *reset, stdin=f"{PIN}\n") == 0
    assert (
        run(desk, "officer", "pin", "--as", OFFICER_NIP, "--pin-stdin", stdin=f"x\n{CHOSEN}\n") == 0
    )
    assert officers.log_in(desk.db, nip=OFFICER_NIP, pin=CHOSEN, now=MORNING)
    clean(desk)


def test_settings_list_and_set(desk: Office, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(desk, "setting", "list", "--json") == 0
    assert json.loads(capsys.readouterr().out)[office_settings.OFFICE_CLOSES_AT] == "16:00"
    key = office_settings.OFFICE_CLOSES_AT
    assert (
        run(desk, "setting", "set", key, "17:30", "--as", LEAD_NIP, "--pin-stdin", stdin=PIN) == 0
    )
    with desk.db.read() as s:
        assert office_settings.setting(s, key) == "17:30"
    clean(desk)


def test_service_set_add_and_list(desk: Office, capsys: pytest.CaptureFixture[str]) -> None:
    admin = ["--admin", ADMIN_NIP, "--pin-stdin"]
    edit = ["service", "set", "KEL-SKT-01", "--fee", "15000", "--sla", "2", *admin]
    assert run(desk, *edit, stdin=PIN) == 0
    add = ["service", "add", "skl-01", "--name-id", "Surat Lokal", "--agency", "KEL", "--sla", "1"]
    assert run(desk, *add, *admin, stdin=PIN) == 0
    capsys.readouterr()
    assert run(desk, "service", "list", "--json") == 0
    rows = {r["code"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["KEL-SKT-01"]["fee_idr"] == 15_000 and rows["KEL-SKT-01"]["origin"] == "kantor"
    assert rows[f"{OFFICE_CODE}-SKL-01"]["origin"] == "kantor"
    with desk.db.read() as s:
        assert catalogue.get_service(s, code="KEL-SKT-01").sla_working_days == 2
    clean(desk)


BAD = [
    (["service", "set", "KEL-SKT-01", "--fee", "gratis", "--admin", ADMIN_NIP], "fee_idr"),
    (["service", "set", "KEL-SKT-01", "--sla", "999", "--admin", ADMIN_NIP], "sla_working_days"),
    (["service", "set", "KEL-SKT-01", "--agency", "NOPE", "--admin", ADMIN_NIP], "agency_code"),
    (["service", "set", "NOPE-01", "--fee", "1", "--admin", ADMIN_NIP], "NOPE-01"),
    (["service", "set", "KEL-SKT-01", "--fee", "1", "--admin", OFFICER_NIP], "admin"),
    (
        ["service", "add", "??", "--name-id", "X", "--agency", "KEL", "--admin", ADMIN_NIP],
        "code",
    ),
    (["setting", "set", "backup_keep_days", "0", "--as", LEAD_NIP], "backup_keep_days"),
    (["setting", "set", "office_closes_at", "25:00", "--as", LEAD_NIP], "office_closes_at"),
    (["setting", "set", "nope", "1", "--as", LEAD_NIP], "nope"),
    (["setting", "set", "office_closes_at", "17:00", "--as", OFFICER_NIP], "officer"),
    (["officer", "role", OFFICER_NIP, "boss", "--admin", ADMIN_NIP], "boss"),
    (["officer", "role", OFFICER_NIP, "lead", "--admin", LEAD_NIP], "admin"),
    (["officer", "unlock", "199912312020121009", "--admin", ADMIN_NIP], "199912312020121009"),
    (["officer", "deactivate", OFFICER_NIP, "--admin", ADMIN_NIP, "--reason", "x"], "reason"),
    (["officer", "deactivate", ADMIN_NIP, "--admin", ADMIN_NIP, "--reason", "Pensiun"], "admin"),
]


@pytest.mark.parametrize(("argv", "named"), BAD)
def test_bad_input_is_one_line_non_zero_and_writes_nothing(
    desk: Office, capsys: pytest.CaptureFixture[str], argv: list[str], named: str
) -> None:
    with nothing_written(desk.folder):
        assert run(desk, *argv, "--pin-stdin", stdin=f"{PIN}\n{ONE_TIME}\n") != 0
    assert named in one_line_failure(capsys)


def test_a_pin_reset_needs_a_pin_or_no_pin(
    desk: Office, capsys: pytest.CaptureFixture[str]
) -> None:
    reset = ["officer", "reset-pin", OFFICER_NIP, "--admin", ADMIN_NIP, "--pin-stdin"]
    with nothing_written(desk.folder):
        assert run(desk, *reset, stdin=f"{PIN}\n") != 0
    assert "--pin-stdin" in one_line_failure(capsys)
    with nothing_written(desk.folder):
        assert run(desk, *reset, stdin=f"{PIN}\n123456\n") != 0  # too easy
    assert "PIN" in one_line_failure(capsys)


def test_help_says_every_way_to_give_a_pin(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["officer", "--help"], ["officer", "reset-pin", "--help"]):
        with pytest.raises(SystemExit):
            main(argv)
        text = " ".join(capsys.readouterr().out.split())
        for way in ("DESK_APP_PIN", "DESK_APP_NEW_PIN", "--pin-stdin", "prompt"):
            assert way in text, (argv, way)
    with pytest.raises(SystemExit):
        main(["officer", "reset-pin", "--help"])
    assert "--no-pin" in capsys.readouterr().out
