"""Sync benchmark: push throughput against the raw insert limit, a desk's offline backlog,
and many offices pushing at once. It prints figures; it asserts no times.

Usage:
  python bench/bench_sync.py [--events 100000] [--offices 300] [--skip-postgres]
  python bench/bench_sync.py --quick      # small sizes for a CI smoke run
  python bench/bench_sync.py --push-only  # only section 1 (the push against the raw limit)

Every server is a real `desk-central serve` subprocess on loopback over a fresh database: a
SQLite file in a scratch folder, or a scratch PostgreSQL database ($LOKET_TEST_POSTGRES's
server) dropped afterwards. The pushed events are a valid chain made here with
wire.chain_hash (task.received-sized payloads, dated within the last hours so that no clock
oddity is flagged), posted in batches of wire.MAX_BATCH_EVENTS, gzip, as the desk's client
sends them: one request at a time, the next batch encoded while the previous one is in
flight (client.push_once does the same). The backlog is a real demo office pushed by
desk_app.sync.client.push_once.
The many-offices run enrols one device per office (wilayah codes) and pushes 3 batches of
100 events per office from 32 client threads, with the bodies encoded beforehand so that
the load generator takes as little as possible of the cores the server runs on.
Beside the rates, section 1 prints the CPU each side spent per event (the server process,
this client process, PostgreSQL's backends), which stays meaningful on a busy machine.

Targets (the issue): at least 10,000 events/s end to end, and at least 0.5 of the raw limit
(an executemany INSERT ... ON CONFLICT DO NOTHING of the same rows into the same table of a
fresh database, one commit per push-sized batch, with the server's SQLite pragmas); a
three-day backlog (~2,000 events) drained in under 2 s; the server's memory flat while
hundreds of offices push.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import platform
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import Any

import orjson
import psycopg
import requests
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from central import offices, push
from central.store.engine import (
    SQLITE_CACHE_KIB,
    SQLITE_CHECKPOINT_PAGES,
    SQLITE_PRAGMAS,
    Store,
    open_store,
)
from central.store.models import Flag, StoredEvent
from desk_app import demo
from desk_app.common.clock import parse_moment
from desk_app.db.models import Event
from desk_app.db.storage import open_database
from desk_app.eventlog import kinds, wire
from desk_app.sync import client

POSTGRES_URL = os.environ.get(
    "LOKET_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
BATCH = wire.MAX_BATCH_EVENTS
OFFICE = demo.DEMO_OFFICE
DESK_NOW = "2026-11-27T17:00"  # the backlog desk comes back online at closing time
BUSY_PER_DAY = (120, 180)  # tasks a day at a busy desk: about 2,000 events in three days
CLIENTS = 32  # concurrent clients in the many-offices run
SERVER_ENV_DROPPED = ("DESK_APP_NOW", "DESK_CENTRAL_DATABASE_URL", "DESK_CENTRAL_DATA_DIR")

# Service shapes of the demo catalogue: (code, SLA working days, point weight, documents).
SERVICES: tuple[tuple[str, int, int, str], ...] = (
    ("KEL-SKT-02", 1, 2, "Pengantar RT/RW|Fotokopi KTP & KK"),
    ("KEL-DKP-06", 1, 2, "Pengantar RT/RW|Fotokopi KTP & KK pemohon|Fotokopi KTP 2 saksi"),
    (
        "KEL-KWN-01",
        1,
        2,
        "Pengantar RT/RW|KTP & KK asli pemohon dan calon|Akta kelahiran|KTP 2 saksi|"
        "KTP/KK orang tua|Surat pernyataan belum kawin bermeterai|"
        "Akta cerai/kematian (jika kawin kedua)|Sertifikat layak kawin Puskesmas",
    ),
    ("KEL-SKT-08", 1, 2, "Pengantar RT/RW|KTP & KK|Akta kematian pasangan/akta cerai"),
    (
        "KEL-DKP-01",
        14,
        4,
        "Fotokopi KK|Surat nikah (jika <17 th menikah)|Dokumen perubahan biodata|"
        "Surat kehilangan Polisi (jika hilang)",
    ),
    ("KEL-SKT-07", 1, 2, "Pengantar RT/RW|Fotokopi KTP & KK|Surat pernyataan penghasilan"),
    ("KEL-SKT-03", 3, 2, "Pengantar RT/RW|KTP penanggung jawab|Akta pendirian|PBB"),
)


def _terminate(signum: int, _frame: FrameType | None) -> None:
    """SIGTERM unwinds like Ctrl-C, so every `finally` stops servers and drops databases."""
    raise SystemExit(128 + signum)


def pct(samples: Sequence[float], q: float) -> float:
    """The q-th percentile of `samples` (seconds) in milliseconds."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))] * 1000


# --- databases --------------------------------------------------------------------------


def _dsn(url: str) -> str:
    parsed = make_url(url)
    parts = {
        "host": parsed.host or "127.0.0.1",
        "port": parsed.port or 5432,
        "user": parsed.username,
        "password": parsed.password,
        "dbname": parsed.database,
    }
    return " ".join(f"{key}={value}" for key, value in parts.items() if value)


@contextmanager
def fresh_database(kind: str, folder: Path) -> Iterator[str]:
    """The URL of an empty database: a new SQLite file, or a PostgreSQL one dropped after."""
    name = f"loket_bench_{uuid.uuid4().hex[:12]}"
    if kind == "sqlite":
        yield f"sqlite:///{folder / f'{name}.sqlite3'}"
        return
    admin = _dsn(POSTGRES_URL)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_note() -> str:
    """The PostgreSQL server's version and durability settings."""
    with psycopg.connect(_dsn(POSTGRES_URL)) as conn:
        names = ("server_version", "fsync", "synchronous_commit")
        values = [conn.execute(f"SHOW {name}").fetchone() for name in names]
    version, fsync, sync = (str(v[0]) if v else "?" for v in values)
    return f"PostgreSQL {version} (fsync={fsync}, synchronous_commit={sync})"


def register(url: str, codes: Sequence[str], now: datetime) -> dict[str, str]:
    """Register each office in the city's database; its one-time enrolment code."""
    store = open_store(url)
    try:
        with store.transaction() as session:
            issued = {}
            for code in codes:
                offices.register_office(session, office_code=code, now=now)
                issued[code] = offices.issue_code(session, office_code=code, now=now)
        return issued
    finally:
        store.dispose()


def held(url: str) -> tuple[int, int]:
    """Events and flags the city's database holds."""
    store = Store(url)
    try:
        with store.transaction() as session:
            events = session.scalar(select(func.count()).select_from(StoredEvent)) or 0
            flags = session.scalar(select(func.count()).select_from(Flag)) or 0
        return events, flags
    finally:
        store.dispose()


def office_codes() -> list[str]:
    """Every office code the city accepts (wilayah), in order."""
    known = offices.wilayah()
    return sorted(c for c, (level, _) in known.items() if level in offices.OFFICE_LEVELS)


# --- the server ---------------------------------------------------------------------------


def central_command() -> list[str]:
    """The `desk-central` console script next to this interpreter."""
    script = Path(sys.executable).with_name("desk-central")
    return [str(script)] if script.exists() else [sys.executable, "-m", "central.cli"]


def server_env() -> dict[str, str]:
    """This environment without the variables that would point the server elsewhere."""
    return {k: v for k, v in os.environ.items() if k not in SERVER_ENV_DROPPED}


def free_port() -> int:
    """A loopback port free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A running `desk-central serve`."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def rss_mib(self) -> float:
        """The server process's resident memory (VmRSS) in MiB."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def cpu_s(self) -> float:
        """CPU seconds (user + system) the server process has used so far."""
        stat = Path(f"/proc/{self.process.pid}/stat").read_text()
        fields = stat.rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def log_tail(self) -> str:
        """The last lines the server wrote."""
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-20:])
        except OSError:
            return ""


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def serve(database: list[str], folder: Path, *, now: str | None = None) -> Iterator[Server]:
    """`desk-central serve` on a free loopback port until the block ends (stopped on error)."""
    port = free_port()
    log = folder / f"central-{port}.log"
    command = [*central_command(), "serve", "--port", str(port), *database]
    command += ["--now", now] if now else []
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=server_env(),
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"the server exited ({process.returncode}):\n{server.log_tail()}"
                )
            try:
                if requests.get(f"{server.url}/health", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not answer /health:\n{server.log_tail()}")
            time.sleep(0.05)
        yield server
    finally:
        _stop(process)


# --- events and pushes --------------------------------------------------------------------


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def received_payload(rng: random.Random, office: str, day: date, number: int) -> dict[str, Any]:
    """A task.received payload as tasks.receive_task writes it (about 380 bytes)."""
    code, sla, weight, documents = rng.choice(SERVICES)
    return {
        "tracking_no": f"{office.replace('.', '')}-{day:%y%m%d}-01-{number:04d}",
        "service_code": code,
        "description": "Permohonan surat keterangan usaha mikro" if rng.random() < 0.1 else "",
        "applicant_ref": f"{rng.getrandbits(128):032x}",
        "documents": [[d, rng.random() < 0.95] for d in documents.split("|")],
        "fee_idr": 0,
        "sla_working_days": sla,
        "point_weight": weight,
        "due_date": (day + timedelta(days=sla)).isoformat(),
        "handling_seconds": rng.randint(60, 900),
    }


def make_chain(office: str, device_id: str, count: int, *, seed: int) -> list[wire.WireEvent]:
    """`count` valid chained events of one device, dated over the last six hours."""
    rng = random.Random(seed)
    end = datetime.now(UTC)
    step = timedelta(hours=6) / max(count, 1)
    actor = _uuid(rng)
    prev = wire.GENESIS_HASH
    chain = []
    for seq in range(1, count + 1):
        moment = end - step * (count - seq)
        event = wire.WireEvent(
            uuid=_uuid(rng),
            device_id=device_id,
            seq=seq,
            kind=kinds.TASK_RECEIVED,
            actor=actor,
            task_id=_uuid(rng),
            occurred_at=wire.utc_iso(moment),
            monotonic_ns=seq * 9_000_000_000,
            payload=received_payload(rng, office, moment.date(), seq % 10_000),
            prev_hash=prev,
            hash="",
        )
        event["hash"] = prev = wire.chain_hash(prev, wire.hashed_body(event))
        chain.append(event)
    return chain


def encode(device_id: str, head: int, events: list[wire.WireEvent]) -> bytes:
    """A push body exactly as desk_app.sync.client.push_once makes it (orjson, gzip 5)."""
    body = {
        "protocol": wire.PROTOCOL_VERSION,
        "device_id": device_id,
        "desk_seq": head,
        "events": events,
    }
    return gzip.compress(orjson.dumps(body), 5)


def post_push(
    http: requests.Session, server: str, office: str, token: str, body: bytes
) -> dict[str, Any]:
    """One push through the desk client's own POST; its answer."""
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "Content-Encoding": "gzip",
        "X-Desk-Time": wire.utc_iso(datetime.now(UTC)),
    }
    url = f"{server}/v1/offices/{office}/push"
    return client._post(http, url, body=body, headers=headers, verify=True)


def enrol(http: requests.Session, server: str, office: str, code: str, device_id: str) -> str:
    """Enrol a device as desk_app.sync.client.enroll does; its token."""
    body = {"office_code": office, "code": code, "device_id": device_id, "device_no": 1}
    answer = client._post(
        http,
        f"{server}/v1/enroll",
        body=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        verify=True,
    )
    return str(answer["token"])


def _check(answer: dict[str, Any], batch: list[wire.WireEvent]) -> None:
    if answer["stored"] != len(batch) or answer["acked_seq"] != batch[-1]["seq"]:
        raise RuntimeError(f"push not taken whole: {answer}")


# --- 1. one device's 100,000 events, against the raw insert limit -------------------------


@dataclass
class PushFigures:
    """One device's push: seconds end to end, of client encoding, of CPU (the client's, the
    server's, the database server's: PostgreSQL's backends), per POST."""

    elapsed: float
    encode_s: float
    server_cpu_s: float
    latencies: list[float]
    client_cpu_s: float = 0.0
    database_cpu_s: float = 0.0


def process_cpu_s(pid: int) -> float | None:
    """CPU seconds (user + system) process `pid` has used so far; None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class DatabaseCpu:
    """CPU of the PostgreSQL backends serving one database, from /proc (a local server
    readable by this user; 0 where it is not, and always 0 for SQLite, which runs inside
    the process that uses it)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.start = self._backends()

    def _backends(self) -> dict[int, float]:
        if not self.url.startswith("postgresql"):
            return {}
        name = make_url(self.url).database
        with psycopg.connect(_dsn(POSTGRES_URL)) as conn:
            pids = [
                int(row[0])
                for row in conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> "
                    "pg_backend_pid()",
                    (name,),
                )
            ]
        found = {pid: process_cpu_s(pid) for pid in pids}
        return {pid: cpu for pid, cpu in found.items() if cpu is not None}

    def used(self) -> float:
        """CPU seconds the backends used since the start (those alive at both ends, and
        new ones in full)."""
        now = self._backends()
        return sum(cpu - self.start.get(pid, 0.0) for pid, cpu in now.items())


def push_chain(kind: str, chain: list[wire.WireEvent], folder: Path) -> PushFigures:
    """Push the chain to a fresh server, batch after batch, as a desk's client does: one
    request at a time, the next batch encoded while the previous one is on its way."""
    device_id = chain[0]["device_id"]
    with ExitStack() as stack:
        url = stack.enter_context(fresh_database(kind, folder))
        code = register(url, [OFFICE], datetime.now(UTC))[OFFICE]
        server = stack.enter_context(serve(["--database-url", url], folder))
        http = stack.enter_context(requests.Session())
        sender = stack.enter_context(ThreadPoolExecutor(1))
        token = enrol(http, server.url, OFFICE, code, device_id)
        batches = [chain[first : first + BATCH] for first in range(0, len(chain), BATCH)]
        encode_s, latencies = 0.0, []

        def send(body: bytes) -> tuple[dict[str, Any], float]:
            posted = time.perf_counter()
            answer = post_push(http, server.url, OFFICE, token, body)
            return answer, time.perf_counter() - posted

        database = DatabaseCpu(url)
        cpu, client_cpu = server.cpu_s(), time.process_time()
        start = time.perf_counter()
        mark = time.perf_counter()
        body = encode(device_id, len(chain), batches[0])
        encode_s += time.perf_counter() - mark
        for index, batch in enumerate(batches):
            sending = sender.submit(send, body)
            if index + 1 < len(batches):
                mark = time.perf_counter()
                body = encode(device_id, len(chain), batches[index + 1])
                encode_s += time.perf_counter() - mark
            answer, latency = sending.result()
            latencies.append(latency)
            _check(answer, batch)
        elapsed = time.perf_counter() - start
        figures = PushFigures(
            elapsed,
            encode_s,
            server.cpu_s() - cpu,
            latencies,
            client_cpu_s=time.process_time() - client_cpu,
            database_cpu_s=database.used(),
        )
        events, flags = held(url)
        if events != len(chain) or flags:
            raise RuntimeError(f"{kind}: the city holds {events} events and {flags} flags")
    return figures


COLUMNS = (
    "office_code",
    "device_id",
    "seq",
    "uuid",
    "kind",
    "actor",
    "task_id",
    "occurred_at",
    "monotonic_ns",
    "payload",
    "prev_hash",
    "hash",
    "received_at",
)


@dataclass
class RawFigures:
    """The raw insert: seconds, this process's CPU (all of SQLite's work; psycopg's side on
    PostgreSQL) and PostgreSQL's backend's CPU."""

    elapsed: float
    cpu_s: float
    database_cpu_s: float


def raw_insert(kind: str, chain: list[wire.WireEvent], folder: Path) -> RawFigures:
    """Seconds to executemany the same rows into the same (migrated) table, ON CONFLICT DO
    NOTHING, one commit per push-sized batch: the database's own limit."""
    now = datetime.now(UTC)
    rows = [push._row(OFFICE, event, now) for event in chain]
    if kind == "sqlite":  # the text SQLAlchemy's DateTime stores on SQLite
        stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f")
        tuples = [tuple(stamp if c == "received_at" else r[c] for c in COLUMNS) for r in rows]
    else:
        tuples = [tuple(r[c] for c in COLUMNS) for r in rows]
    chunks = [tuples[i : i + BATCH] for i in range(0, len(tuples), BATCH)]
    names = ", ".join(COLUMNS)
    with fresh_database(kind, folder) as url:
        open_store(url).dispose()  # the server's schema, by its own migrations
        if kind == "sqlite":
            sql = f"INSERT INTO events ({names}) VALUES ({', '.join('?' * len(COLUMNS))})"
            conn = sqlite3.connect(str(make_url(url).database), isolation_level=None)
            try:
                for pragma in SQLITE_PRAGMAS:  # as the server's connections
                    conn.execute(pragma)
                start, cpu = time.perf_counter(), time.process_time()
                for chunk in chunks:
                    conn.execute("BEGIN IMMEDIATE")
                    conn.executemany(sql + " ON CONFLICT DO NOTHING", chunk)
                    conn.execute("COMMIT")
                elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
                database_cpu = 0.0
            finally:
                conn.close()
        else:
            sql = f"INSERT INTO events ({names}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"
            with psycopg.connect(_dsn(url)) as pg, pg.cursor() as cursor:
                database = DatabaseCpu(url)
                start, cpu = time.perf_counter(), time.process_time()
                for chunk in chunks:
                    cursor.executemany(sql + " ON CONFLICT DO NOTHING", chunk)
                    pg.commit()
                elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
                database_cpu = database.used()
        events, _ = held(url)
        if events != len(chain):
            raise RuntimeError(f"raw {kind}: {events} rows of {len(chain)}")
    return RawFigures(elapsed, cpu, database_cpu)


def bench_throughput(kinds_: list[str], events: int, folder: Path) -> None:
    """Section 1: one device pushes `events` to each database; the raw limit beside it."""
    print(f"\n1. one device pushes {events:,} events in batches of {BATCH} (gzip JSON, loopback)")
    start = time.perf_counter()
    chain = make_chain(OFFICE, str(uuid.uuid4()), events, seed=2026)
    size = sum(len(wire.canonical_json(e["payload"])) for e in chain[:1000]) / min(1000, events)
    made = time.perf_counter() - start
    print(f"   chain made in {made:.1f} s (not timed below); payload {size:.0f} bytes on average")
    for kind in kinds_:
        print(f"   {kind} ({load_note()}):")
        pushed = push_chain(kind, chain, folder)
        raw = raw_insert(kind, chain, folder)
        raw_s = raw.elapsed
        rate, raw_rate = events / pushed.elapsed, events / raw_s
        us = 1e6 / events  # seconds for all the events -> µs per event
        print(
            f"   {'':10}  push {rate:8,.0f} events/s ({pushed.elapsed:.2f} s; client encoding "
            f"{pushed.encode_s:.2f} s, beside the pushes in flight; per push "
            f"p50 {pct(pushed.latencies, 50):.0f} ms, max {max(pushed.latencies) * 1000:.0f} ms)"
        )
        print(
            f"   {'':10}       CPU per event: server {pushed.server_cpu_s * us:.0f} µs, client "
            f"{pushed.client_cpu_s * us:.0f} µs (its encoding took {pushed.encode_s * us:.0f} µs "
            f"of wall time), "
            f"database server {pushed.database_cpu_s * us:.0f} µs; "
            f"{events / max(pushed.server_cpu_s, 1e-9):,.0f} events per server CPU-second"
        )
        print(
            f"   {'':10}  raw  {raw_rate:8,.0f} events/s ({raw_s:.2f} s: executemany INSERT "
            f"... ON CONFLICT DO NOTHING, {BATCH} rows a commit; CPU per event: inserting "
            f"process {raw.cpu_s * us:.0f} µs, database server {raw.database_cpu_s * us:.0f} µs)"
        )
        print(
            f"   {'':10}  ratio {rate / raw_rate:.2f}   [targets: >= 10,000 events/s, ratio >= 0.5]"
        )


# --- 2. a busy desk's three-day offline backlog ------------------------------------------


def bench_backlog(folder: Path, per_day: tuple[int, int]) -> None:
    """Section 2: a real demo desk, three days offline, drains with push_once (SQLite)."""
    print("\n2. a busy desk's three-day offline backlog, push_once to a SQLite server")
    print(f"   ({load_note()})")
    desk_now = parse_moment(DESK_NOW)
    db = open_database(folder / "desk", create=True)
    try:
        start = time.perf_counter()
        summary = demo.generate_demo(
            db, days=3, officers_count=4, seed=1, per_day=per_day, end=desk_now
        )
        with db.read() as session:
            backlog = session.scalar(select(func.count()).select_from(Event)) or 0
        print(
            f"   desk: {summary.tasks} tasks, {backlog:,} events over 3 days up to {DESK_NOW} "
            f"(built through the use cases in {time.perf_counter() - start:.1f} s, not timed)"
        )
        city = folder / "city-backlog"
        added = subprocess.run(
            [
                *central_command(),
                "office",
                "add",
                OFFICE,
                "--data-dir",
                str(city),
                "--now",
                DESK_NOW,
            ],
            capture_output=True,
            text=True,
            env=server_env(),
            check=True,
        )
        code = added.stdout.split()[-1]
        with serve(["--data-dir", str(city)], folder, now=DESK_NOW) as server:
            http = requests.Session()
            try:
                client.enroll(db, server=server.url, code=code, http=http)
                start = time.perf_counter()
                result = client.push_once(db, now=desk_now, http=http)
                elapsed = time.perf_counter() - start
            finally:
                http.close()
        events, flags = held(f"sqlite:///{city / 'central.sqlite3'}")
        if result.pending or events != backlog:
            raise RuntimeError(f"backlog not drained: {result}, the city holds {events}")
        batches = -(-backlog // BATCH)
        print(
            f"   drained {result.stored:,} events in {batches} pushes: {elapsed:.2f} s "
            f"({result.stored / elapsed:,.0f} events/s)   [target: < 2 s]"
        )
        print(
            f"   (the city's clock at {DESK_NOW}: {flags} clock-oddity flags raised for events "
            f"over two days old)"
        )
    finally:
        db.dispose()


# --- 3. many offices at once ---------------------------------------------------------------


@dataclass
class Desk:
    """One office's enrolled device and its pre-encoded pushes."""

    office: str
    device_id: str
    token: str = ""
    batches: list[list[wire.WireEvent]] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)


def bench_offices(kind: str, count: int, batches: int, per_batch: int, folder: Path) -> None:
    """Section 3: `count` offices, each its own device, push `batches` batches concurrently."""
    codes = office_codes()[:count]
    total = len(codes) * batches * per_batch
    print(
        f"\n3. {len(codes)} offices push at once to {kind}: {batches} pushes of {per_batch} "
        f"events each ({total:,} events), {CLIENTS} concurrent clients"
    )
    print(f"   ({load_note()})")
    if len(codes) < count:
        print(f"   (the wilayah list holds {len(codes)} office codes, not {count})")
    local = threading.local()
    sessions: list[requests.Session] = []
    lock = threading.Lock()

    def http() -> requests.Session:
        if not hasattr(local, "http"):
            local.http = requests.Session()
            with lock:
                sessions.append(local.http)
        session: requests.Session = local.http
        return session

    def close_all(opened: list[requests.Session]) -> None:
        for session in opened:
            session.close()

    with ExitStack() as stack:
        stack.callback(close_all, sessions)
        url = stack.enter_context(fresh_database(kind, folder))
        issued = register(url, codes, datetime.now(UTC))
        server = stack.enter_context(serve(["--database-url", url], folder))
        desks = [Desk(code, str(uuid.uuid4())) for code in codes]
        start = time.perf_counter()
        for index, desk in enumerate(desks):
            chain = make_chain(desk.office, desk.device_id, batches * per_batch, seed=index)
            desk.batches = [chain[i : i + per_batch] for i in range(0, len(chain), per_batch)]
            desk.bodies = [encode(desk.device_id, len(chain), b) for b in desk.batches]
        made = time.perf_counter() - start

        def enrol_desk(desk: Desk) -> None:
            desk.token = enrol(http(), server.url, desk.office, issued[desk.office], desk.device_id)

        start = time.perf_counter()
        with ThreadPoolExecutor(CLIENTS) as pool:
            list(pool.map(enrol_desk, desks))
        enrolled = time.perf_counter() - start
        print(
            f"   chains made and encoded in {made:.1f} s, {len(desks)} devices enrolled in "
            f"{enrolled:.1f} s (neither timed below)"
        )

        pushes = len(desks) * batches
        done = 0
        rss: dict[str, float] = {"start": server.rss_mib()}
        samples: list[float] = []
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(0.2):
                samples.append(server.rss_mib())

        def run(desk: Desk) -> list[float]:
            nonlocal done
            latencies = []
            for batch, body in zip(desk.batches, desk.bodies, strict=True):
                posted = time.perf_counter()
                answer = post_push(http(), server.url, desk.office, desk.token, body)
                latencies.append(time.perf_counter() - posted)
                _check(answer, batch)
                with lock:
                    done += 1
                    if done == pushes // 2:
                        rss["middle"] = server.rss_mib()
            return latencies

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        cpu = server.cpu_s()
        start = time.perf_counter()
        try:
            with ThreadPoolExecutor(CLIENTS) as pool:
                latencies = [s for each in pool.map(run, desks) for s in each]
        finally:
            elapsed = time.perf_counter() - start
            stop.set()
            sampler.join()
        rss["end"] = server.rss_mib()
        cpu = server.cpu_s() - cpu
        events, flags = held(url)
        if events != total or flags:
            raise RuntimeError(f"{kind}: the city holds {events} of {total} events, {flags} flags")
    print(
        f"   throughput {total / elapsed:,.0f} events/s, {pushes / elapsed:,.0f} pushes/s "
        f"({pushes} pushes in {elapsed:.1f} s; server CPU {cpu:.1f} s = "
        f"{cpu / total * 1e6:.0f} µs/event)"
    )
    print(
        f"   latency per push: p50 {pct(latencies, 50):.0f} ms, p95 {pct(latencies, 95):.0f} ms, "
        f"max {max(latencies) * 1000:.0f} ms"
    )
    print(
        f"   server RSS: start {rss['start']:.0f} MiB, middle {rss.get('middle', 0):.0f} MiB, "
        f"end {rss['end']:.0f} MiB (peak {max(samples or [rss['end']]):.0f} MiB)"
    )


# --- main ------------------------------------------------------------------------------------


def load_note() -> str:
    """The machine's load average: other work on these cores slows every figure."""
    return "load average " + ", ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    """Run the three measurements and print their figures."""
    parser = argparse.ArgumentParser(
        description="Sync benchmark: one device's push against the raw insert limit, a desk's "
        "three-day backlog, many offices at once. Prints figures."
    )
    parser.add_argument("--events", type=int, default=None, help="one device's push (100000)")
    parser.add_argument("--offices", type=int, default=None, help="offices at once (300)")
    parser.add_argument("--skip-postgres", action="store_true", help="SQLite servers only")
    parser.add_argument("--quick", action="store_true", help="small sizes (a CI smoke run)")
    parser.add_argument(
        "--push-only",
        action="store_true",
        help="only the one-device push against the raw limit (no backlog, no many offices)",
    )
    args = parser.parse_args()
    events = args.events or (5_000 if args.quick else 100_000)
    office_count = args.offices or (20 if args.quick else 300)
    batches, per_batch = (2, 50) if args.quick else (3, 100)
    per_day = (50, 150) if args.quick else BUSY_PER_DAY
    signal.signal(signal.SIGTERM, _terminate)
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(line_buffering=True)  # figures appear as they come, in CI too

    databases = ["sqlite"] if args.skip_postgres else ["sqlite", "postgresql"]
    print(
        f"machine: {os.cpu_count()} CPUs ({platform.machine()}, {platform.system()}), "
        f"Python {platform.python_version()}, {load_note()}; the client, the server "
        f"and the database share these cores"
    )
    sqlite_note = (
        f"SQLite {sqlite3.sqlite_version} (WAL, synchronous=FULL, "
        f"cache {SQLITE_CACHE_KIB // 1024} MiB a connection, "
        f"checkpoint every {SQLITE_CHECKPOINT_PAGES:,} pages)"
    )
    print(f"databases: {sqlite_note}" + ("" if args.skip_postgres else f"; {postgres_note()}"))
    with tempfile.TemporaryDirectory(prefix="loket-sync-bench-") as scratch:
        folder = Path(scratch)
        bench_throughput(databases, events, folder)
        if args.push_only:
            return
        bench_backlog(folder, per_day)
        for kind in databases:
            bench_offices(kind, office_count, batches, per_batch, folder)


if __name__ == "__main__":
    main()
