"""Publishing the city-wide catalogue and serving it to desks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

from central.cli import main
from desk_app.common.paths import resource
from tests.central.conftest import City


def test_the_shipped_catalogue_publishes_and_is_served_with_an_etag(
    city: City, capsys: pytest.CaptureFixture[str]
) -> None:
    url = city.store.url
    assert requests.get(f"{city.url}/v1/catalogue", timeout=30).status_code == 404
    shipped = resource("services.csv")
    assert main(["catalogue", "publish", str(shipped), "--database-url", url]) == 0
    assert "version 1 published: 49 services" in capsys.readouterr().out
    first = requests.get(f"{city.url}/v1/catalogue", timeout=30)
    document = first.json()
    assert document["version"] == 1 and len(document["services"]) == 49
    sktm = next(s for s in document["services"] if s["code"] == "KEL-SKT-01")
    assert sktm["sla_working_days"] == 1 and sktm["fee_idr"] == 0 and sktm["active"]
    etag = first.headers["ETag"]
    again = requests.get(f"{city.url}/v1/catalogue", headers={"If-None-Match": etag}, timeout=30)
    assert again.status_code == 304
    assert main(["catalogue", "publish", str(shipped), "--database-url", url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["version"] == 2
    newer = requests.get(f"{city.url}/v1/catalogue", headers={"If-None-Match": etag}, timeout=30)
    assert newer.status_code == 200 and newer.json()["version"] == 2


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda rows: rows[:1], "no service"),
        (lambda rows: [rows[0], rows[1], rows[1]], "repeated"),
        (lambda rows: [rows[0], rows[1].replace(",1,0,", ",satu,0,", 1)], "sla_working_days"),
        (lambda rows: [rows[0], rows[1].replace(",kelurahan,", ",desa,", 1)], "level"),
    ],
)
def test_a_bad_catalogue_is_one_line_naming_the_row_and_publishes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: object, named: str
) -> None:
    rows = resource("services.csv").read_text(encoding="utf-8").splitlines()
    sample = [rows[0], next(r for r in rows if r.startswith("KEL-SKT-01"))]
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(change(sample)) + "\n", encoding="utf-8")  # type: ignore[operator]
    folder = str(tmp_path / "city")
    assert main(["catalogue", "publish", str(bad), "--data-dir", folder]) == 1
    err = capsys.readouterr().err
    assert err.startswith("desk-central: ") and named in err and err.count("\n") == 1
    assert main(["catalogue", "publish", str(tmp_path / "none.csv"), "--data-dir", folder]) == 1
    assert "none.csv" in capsys.readouterr().err
