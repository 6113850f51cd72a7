"""Keep the dashboard's answers ready: refresh the rollups and the default windows' answers
in the background, so that a page view reads what is already computed.

A round refreshes the marked office-days (rollups.refresh) and computes the answers of the
offices whose cells changed (answers.warm); unchanged offices cost one fingerprint query.
It runs in its own thread of the server process, because the answers are kept in that
process's memory. A failed round is logged and retried at the next tick: the pages then
compute on demand, as they would without a warmer.
"""

from __future__ import annotations

import logging
import threading

from central.analytics import answers, rollups
from central.store.engine import Store
from desk_app.common.clock import Clock

logger = logging.getLogger(__name__)

DEFAULT_INTERVAL = 60.0  # seconds between rounds; a day's ingest is minutes of pushes


def warm_once(store: Store, *, clock: Clock) -> None:
    """One round: bring the rollups up to date, then the answers of the default windows
    (the city's, then each changed office's own page with its simulation check)."""
    with store.transaction() as session:
        rollups.refresh(session)
    with store.transaction() as session:
        answers.warm(session, now=clock())  # the city's pages first: they are asked most
    with store.transaction() as session:
        answers.warm(session, now=clock(), simulated=True)


def run_forever(store: Store, *, clock: Clock, interval: float, stop: threading.Event) -> None:
    """Rounds every `interval` seconds until `stop` is set."""
    while not stop.is_set():
        try:
            warm_once(store, clock=clock)
        except Exception:  # a round must never end the thread: log, and try at the next tick
            logger.exception("analytics warm-up failed; the pages compute on demand")
        stop.wait(interval)


def start(store: Store, *, clock: Clock, interval: float = DEFAULT_INTERVAL) -> threading.Event:
    """The warmer thread, started; set the returned event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(
        target=run_forever,
        args=(store,),
        kwargs={"clock": clock, "interval": interval, "stop": stop},
        name="analytics-warmer",
        daemon=True,
    )
    thread.start()
    return stop
