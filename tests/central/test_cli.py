"""The desk-central command: offices, codes, devices, figures; one-line failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from central.cli import main
from desk_app.cli import main as desk_main
from desk_app.sync import client
from tests.central.conftest import OFFICE, City
from tests.conftest import Office
from tests.helpers import MORNING, receive


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_office_add_prints_the_enrolment_code_as_its_last_word(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(tmp_path / "city")
    code, out, _ = _run(capsys, "--data-dir", folder, "office", "add", OFFICE)
    assert code == 0 and "Pengadegan" in out
    assert len(out.split()[-1].replace("-", "")) == 12
    code, out, _ = _run(capsys, "office", "code", OFFICE, "--data-dir", folder)
    assert code == 0 and len(out.split()[-1]) == 14
    code, _, err = _run(capsys, "--data-dir", folder, "office", "add", OFFICE)
    assert code == 1 and err.startswith("desk-central: ") and "registered already" in err
    code, _, err = _run(capsys, "--data-dir", folder, "office", "add", "99.99")
    assert code == 1 and "office_code" in err and "\n" not in err.strip()
    code, _, err = _run(capsys, "--data-dir", folder, "stats", "--office", "31.71.01.1001")
    assert code == 1 and "not registered" in err


def test_a_desk_enrolls_and_syncs_from_the_command_line_and_the_figures_agree(
    desk: Office, city: City, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for _ in range(3):
        receive(desk.db, desk.officer.id, now=MORNING)
    folder = str(desk.folder)
    assert (
        desk_main(
            ["enroll", "--server", city.url, "--code", city.enrolment_code(), "--data-dir", folder]
        )
        == 0
    )
    assert desk_main(["sync", "--once", "--data-dir", folder, "--json"]) == 0
    capsys.readouterr()
    assert desk_main(["stats", "--json", "--data-dir", folder]) == 0
    local = json.loads(capsys.readouterr().out)
    assert main(["stats", "--json", "--office", OFFICE, "--database-url", city.store.url]) == 0
    remote = json.loads(capsys.readouterr().out)
    assert remote["office_code"] == local["office_code"]
    assert remote["tasks_by_status"] == local["tasks_by_status"]
    assert remote["devices"][0]["acked_seq"] == remote["events"] > 0
    assert remote["devices"][0]["backlog"] == 0


def test_sync_without_enrolment_or_server_is_one_line(
    desk: Office, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(desk.folder)
    assert desk_main(["sync", "--once", "--data-dir", folder]) == 1
    err = capsys.readouterr().err
    assert err.startswith("desk-app: sync: ") and "enroll" in err and err.count("\n") == 1
    code = desk_main(
        ["enroll", "--server", "http://127.0.0.1:9", "--code", "X", "--data-dir", folder]
    )
    assert code == 1
    assert "unreachable" in capsys.readouterr().err
    with pytest.raises(client.SyncFailed):
        client.push_once(desk.db, now=MORNING)


def test_a_demo_office_syncs_and_the_city_agrees_on_every_shared_key(
    tmp_path: Path, city: City, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(tmp_path / "demo")
    # Five days of a busy office: forwarding, returns, rejections, hand-overs, attendance.
    now = "2026-11-27T17:30"
    assert (
        desk_main(["demo", "--days", "5", "--officers", "4", "--data-dir", folder, "--now", now])
        == 0
    )
    assert (
        desk_main(
            ["enroll", "--server", city.url, "--code", city.enrolment_code(), "--data-dir", folder]
        )
        == 0
    )
    assert desk_main(["sync", "--once", "--data-dir", folder, "--now", now]) == 0
    capsys.readouterr()
    assert desk_main(["stats", "--json", "--data-dir", folder, "--now", now]) == 0
    local = json.loads(capsys.readouterr().out)
    assert (
        main(
            ["stats", "--json", "--office", local["office_code"], "--database-url", city.store.url]
        )
        == 0
    )
    remote = json.loads(capsys.readouterr().out)
    for key in ("office_code", "tasks_by_status", "points_total", "events"):
        assert remote[key] == local[key], key
    mine = {(p["nip"], p["points"]) for p in local["points_by_officer"]}
    assert {(p["nip"], p["points"]) for p in remote["points_by_officer"]} == mine
    assert local["points_total"] > 0 and sum(local["tasks_by_status"].values()) > 100


@pytest.mark.parametrize(
    "argv",
    [
        ["--data-dir", "", "office", "list"],
        ["--data-dir", "{file}", "office", "list"],
        ["--database-url", "bogus://x", "office", "list"],
        ["office", "add", "\udcff"],
        ["office", "add", "x" * 5000],
        ["office", "code", "31.74.08.1005"],
        ["stats", "--office", "99.99"],
        ["serve", "--port", "99999999"],
        ["serve", "--port", "-1"],
        ["--now", "9999-12-31T23:59", "office", "add", OFFICE],
        ["--now", "0001-01-01T00:00", "stats"],
        ["catalogue", "publish", "{folder}"],
        ["bogus"],
    ],
)
def test_hostile_arguments_fail_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    folder = tmp_path / "city"
    values = {"file": str(a_file), "folder": str(tmp_path)}
    argv = [part.format(**values) if "{" in part else part for part in argv]
    if "--data-dir" not in argv:
        argv = ["--data-dir", str(folder), *argv]
    code, out, err = _run(capsys, *argv)
    assert code == 1 and out == "", err
    assert err.startswith("desk-central: ") and len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err and "unexpected" not in err, err
