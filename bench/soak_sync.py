"""Soak the desk's sync: SIGKILL it at seeded points in its exchanges, again and again.

Usage: python bench/soak_sync.py [--kills 200] [--seed 1] [--batch 4] [--database-url URL]

A city server runs in this process (SQLite in a temporary folder, or an empty database
given by --database-url) behind the fault proxy of tests/central/faultkit.py. Each round
adds work at the counter, starts a sync process (`push_once` in a fresh Python) and
SIGKILLs it when the proxy reaches the round's point: a byte of a request, a byte of an
answer, or just after a whole answer. Then a clean `desk-app sync --once` must leave the
city holding exactly the desk's events, and the desk's database must pass verify.
Exit status 0 when every check holds.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the fault kit lives with the tests

from central import offices  # noqa: E402
from central.store.engine import open_store  # noqa: E402
from desk_app.common.clock import NOW_VARIABLE, stopped_clock  # noqa: E402
from desk_app.common.paths import database_path  # noqa: E402
from desk_app.eventlog.verify import verify_database  # noqa: E402
from desk_app.sync import client  # noqa: E402
from tests.central.faultkit import (  # noqa: E402
    SAFETY,
    FaultProxy,
    city_counts,
    city_events,
    desk_command,
    desk_events,
    desk_position,
    kill_loop,
    new_desk,
    point_at,
    serve_city,
)
from tests.helpers import MORNING  # noqa: E402

OFFICE = "31.74.08.1005"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=200, help="SIGKILLs to deliver")
    parser.add_argument("--seed", type=int, default=1, help="seed of the kill points")
    parser.add_argument("--batch", type=int, default=4, help="events per push")
    parser.add_argument("--database-url", help="an empty city database (default: SQLite)")
    args = parser.parse_args()
    os.environ[NOW_VARIABLE] = MORNING.isoformat()  # desk and city act at one fixed moment
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="loket-soak-") as temp:
        folder = Path(temp) / "desk"
        store = open_store(args.database_url or f"sqlite:///{Path(temp) / 'central.sqlite3'}")
        clock = stopped_clock(MORNING)
        db, actor = new_desk(folder, office_code=OFFICE, device_no=1)
        with store.transaction() as session:
            offices.register_office(session, office_code=OFFICE, now=clock())
            code = offices.issue_code(session, office_code=OFFICE, now=clock())
        with serve_city(store, clock) as url, FaultProxy(url) as proxy:
            client.enroll(db, server=url, code=code)
            point_at(db, proxy.url)
            print(
                f"soak: {args.kills} kills, seed {args.seed}, city on {store.engine.dialect.name}"
            )
            figures = kill_loop(
                db=db,
                folder=folder,
                actor=actor,
                proxy=proxy,
                rng=random.Random(args.seed),
                kills=args.kills,
                batch=args.batch,
                report=True,
            )
            proxy.arm({})
            final = subprocess.run(
                [desk_command("desk-app"), "sync", "--once", "--data-dir", str(folder)],
                capture_output=True,
                text=True,
                timeout=SAFETY,
            )
        held, flags, acked = city_counts(store)
        head, desk_acked = desk_position(db)
        equal = city_events(store) == desk_events(folder)
        report = verify_database(database_path(folder))
        db.dispose()
        store.dispose()
    elapsed = time.perf_counter() - started
    points = ", ".join(f"{kind} {count}" for kind, count in sorted(figures.points.items()))
    checks = {
        "final sync": final.returncode == 0,
        "event sets equal": equal,
        "desk acked == head": desk_acked == head,
        "city acked == head": list(acked.values()) == [head],
        "no flags": flags == 0,
        "desk verify": report.ok,
    }
    print(f"kills done:      {figures.kills} in {figures.rounds} rounds ({points})")
    print(f"                 {figures.cli_kills} of `desk-app sync --once`, the rest of push_once")
    print(f"clean exits:     {figures.clean_exits} (the sync finished before its kill point)")
    print(f"events added:    {figures.events_added} between kills; desk head {head}")
    print(f"events on city:  {held} (acked {desk_acked} on the desk)")
    print(f"final sync said: {(final.stdout or final.stderr).strip()}")
    for name, ok in checks.items():
        print(f"{name + ':':20}{'ok' if ok else 'FAILED'}")
    if not report.ok:
        print("  " + "\n  ".join(report.problems[:5]))
    print(f"elapsed:         {elapsed:.1f} s ({elapsed / max(1, figures.rounds):.2f} s a round)")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
