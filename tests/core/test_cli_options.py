"""Options shared by every desk-app command work before and after the subcommand."""

from __future__ import annotations

import json

import pytest

from desk_app.cli import main
from tests.conftest import OFFICE_CODE, Office


@pytest.mark.parametrize("before", [True, False])
def test_data_dir_and_json_count_wherever_they_stand(
    desk: Office, capsys: pytest.CaptureFixture[str], before: bool
) -> None:
    options = ["--data-dir", str(desk.folder), "--json"]
    argv = [*options, "stats"] if before else ["stats", *options]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["office_code"] == OFFICE_CODE
