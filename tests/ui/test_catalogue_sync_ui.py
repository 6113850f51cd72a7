"""The GUI's sync pulls the city's catalogue: the status bar says when it takes effect."""

from __future__ import annotations

import csv
import io
import random

from pytestqt.qtbot import QtBot

from central import catalogue as city_catalogue
from desk_app.common.paths import resource
from desk_app.sync import client
from desk_app.ui.context import DeskContext, load_startup_data
from desk_app.ui.sync_status import SyncIndicator
from desk_app.ui.sync_worker import SyncWorker
from tests.conftest import Office
from tests.ui.conftest import LocalCity, wait_idle


def _publish_retiring(city: LocalCity, code: str) -> None:
    text = resource("services.csv").read_text(encoding="utf-8")
    rows = [dict(row) for row in csv.DictReader(io.StringIO(text))]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*city_catalogue.COLUMNS, "active"])
    writer.writeheader()
    writer.writerows([{**row, "active": "0" if row["code"] == code else "1"} for row in rows])
    with city.store.transaction() as session:
        services = city_catalogue.parse_csv(out.getvalue())
        city_catalogue.publish(session, services=services, now=city.clock())


def test_a_round_applies_the_city_catalogue_and_intake_drops_a_retired_service_next_start(
    qtbot: QtBot, desk: Office, ctx: DeskContext, city: LocalCity
) -> None:
    client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    _publish_retiring(city, "KEL-SKT-02")
    worker = SyncWorker(ctx, rng=random.Random(7))
    indicator = SyncIndicator(ctx, worker)
    qtbot.addWidget(indicator)
    worker.start()
    qtbot.waitUntil(lambda: worker.rounds >= 1 and not worker.running, timeout=15_000)
    wait_idle(qtbot, ctx.ops)
    assert worker.failure is None and worker.catalogue_applied == 1
    assert "Katalog kota v1 berlaku setelah Loket dibuka ulang" in indicator.text()
    assert worker.status is not None and worker.status.waiting == 0  # its event went too
    # The screens of this session keep their catalogue; the next start loads the new one.
    assert ctx.catalogue.service("KEL-SKT-02") in ctx.catalogue.offered
    with desk.db.read() as session:
        fresh = load_startup_data(session).catalogue
    retired = fresh.service("KEL-SKT-02")
    assert retired is not None and not retired.active and retired not in fresh.offered
    worker.stop()
