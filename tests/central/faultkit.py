"""Parts for fault tests of the sync: a fault-injecting HTTP proxy, desks, a city, a kill loop.

Shared by tests/central/test_faults.py and bench/soak_sync.py. Nothing here reads the wall
clock or sleeps: every wait is on an event, with a timeout only as a safety net.
"""

from __future__ import annotations

import json
import os
import queue
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

import uvicorn
from sqlalchemy import func, select

from central.api.app import create_app
from central.store.engine import Store
from central.store.models import Device, Flag, StoredEvent
from desk_app.common.clock import Clock
from desk_app.common.paths import database_path
from desk_app.counter import tasks
from desk_app.db.engine import Database
from desk_app.db.models import Event
from desk_app.db.storage import open_database
from desk_app.office import catalogue, installation, officers
from desk_app.sync import state
from tests.helpers import GOOD_NIK, MORNING, receive

SAFETY = 60.0  # seconds: a wait this long means something hangs, never a timing choice
HEAD_END = b"\r\n\r\n"
ROOT = Path(__file__).resolve().parents[2]
SERVICE = "KEL-SKT-01"

# What the proxy does to one request (by its index since the proxy was armed).
PASS = "pass"
DROP_REQUEST = "drop_request"  # close the desk's connection; the server never sees it
DROP_RESPONSE = "drop_response"  # the server commits; its answer is thrown away
DUPLICATE = "duplicate"  # sent to the server twice at once; one answer goes back
DELAY = "delay"  # held back (the desk's connection closes) and sent after the next one
TRUNCATE = "truncate"  # the answer's body is cut and the connection closed
CUT_JSON = "cut_json"  # the answer's body is cut, Content-Length fixed up: bad JSON
ERROR_500 = "error_500"  # the proxy answers 500 itself; nothing is forwarded
PAUSE_REQUEST = "pause_request"  # part of the request reaches the server, then a pause
PAUSE_RESPONSE = "pause_response"  # part of the answer reaches the desk, then a pause
# The faults after which the desk's round ends in a (retryable) SyncFailed.
FAILING = (DROP_REQUEST, DROP_RESPONSE, DELAY, TRUNCATE, CUT_JSON, ERROR_500)


@dataclass(frozen=True)
class Fault:
    """One fault: its kind, where to cut (a fraction of the bytes) and which answer to keep."""

    kind: str
    at: float = 0.0
    pick: int = 0


@dataclass(frozen=True)
class Notice:
    """Something the proxy (or a watched process) tells the test: a pause, an answer, an exit."""

    kind: str
    index: int = -1
    detail: int = 0


class Closed(Exception):
    """The peer hung up in the middle of a message."""


class _Reader:
    """Whole HTTP/1.1 messages (head and Content-Length body) off a socket."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = bytearray()

    def _more(self) -> bool:
        chunk = self.sock.recv(65536)
        self.buffer += chunk
        return bool(chunk)

    def message(self) -> bytes | None:
        """The next message; None when the peer closed cleanly between messages."""
        while HEAD_END not in self.buffer:
            if not self._more():
                if self.buffer:
                    raise Closed
                return None
        end = self.buffer.index(HEAD_END) + len(HEAD_END)
        total = end + content_length(bytes(self.buffer[:end]))
        while len(self.buffer) < total:
            if not self._more():
                raise Closed
        message = bytes(self.buffer[:total])
        del self.buffer[:total]
        return message


def content_length(head: bytes) -> int:
    """The Content-Length of a message head (0 when absent); chunked bodies are not spoken."""
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"transfer-encoding":
            raise ValueError("the proxy does not handle chunked bodies")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return 0


def split_message(message: bytes) -> tuple[bytes, bytes]:
    """Head (with its blank line) and body."""
    end = message.index(HEAD_END) + len(HEAD_END)
    return message[:end], message[end:]


def with_body(head: bytes, body: bytes) -> bytes:
    """The message with another body and its Content-Length set to match."""
    lines = [
        line
        for line in head[: -len(HEAD_END)].split(b"\r\n")
        if line.partition(b":")[0].strip().lower() != b"content-length"
    ]
    lines.append(b"content-length: " + str(len(body)).encode())
    return b"\r\n".join(lines) + HEAD_END + body


PROBLEM_500 = with_body(
    b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/problem+json\r\n\r\n",
    b'{"type":"about:blank","title":"Bad gateway","status":500,"detail":"proxy fault"}',
)


class FaultProxy:
    """A TCP proxy on 127.0.0.1 that speaks just enough HTTP/1.1 to fault single exchanges.

    The desk's connections are kept alive; each request goes to the server on a fresh
    connection. `arm(plan)` sets the faults by request index (counted from the arming).
    """

    def __init__(self, upstream_url: str) -> None:
        self.set_upstream(upstream_url)
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._lock = threading.Condition()
        self._plan: dict[int, Fault] = {}
        self.requests = 0  # requests seen since armed
        self.log: list[tuple[int, str]] = []  # (index, what was done)
        self.notices: queue.Queue[Notice] = queue.Queue()
        self._resume = threading.Event()
        self._held: list[tuple[int, bytes]] = []
        self.forwarded = 0  # requests wholly sent to the server
        self.answered = 0  # answers wholly read from the server
        self._gate: threading.Event | None = None
        self._gate_after = 0
        self._deliver: set[int] | None = None
        self._clients: set[socket.socket] = set()
        self._closing = False
        threading.Thread(target=self._accept, name="fault-proxy", daemon=True).start()

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        self.close()

    def set_upstream(self, url: str) -> None:
        """Forward to the server at `url` from now on."""
        parts = urlsplit(url)
        assert parts.hostname and parts.port
        self.upstream = (parts.hostname, parts.port)

    def arm(self, plan: dict[int, Fault]) -> None:
        """Faults by request index from now on (every other request passes)."""
        with self._lock:
            self._plan = dict(plan)
            self.requests = 0
            self.log = []

    @property
    def held(self) -> int:
        """Delayed requests not yet sent on."""
        with self._lock:
            return len(self._held)

    def resume(self) -> None:
        """End the current pause: the proxy drops both sides of that exchange."""
        self._resume.set()

    def hold_answers(self, after: int) -> None:
        """Hold every answer from the server, each announced with a Notice("answered") once
        `after` requests are out, until `open_answers`."""
        with self._lock:
            self._gate = threading.Event()
            self._gate_after = after
            self._deliver = None

    def open_answers(self, deliver: set[int] | None = None) -> None:
        """Let the held answers go: those of the requests in `deliver` (all when None) to
        their desks; the others are lost (the desk's connection closes). Hold no more."""
        with self._lock:
            gate, self._gate = self._gate, None
            self._deliver = deliver
        if gate is not None:
            gate.set()

    def in_flight(self) -> int:
        """Requests the server has whole with no answer read back yet."""
        with self._lock:
            return self.forwarded - self.answered

    def close(self) -> None:
        """Stop accepting, release every wait and hang up on every desk."""
        self._closing = True
        self._resume.set()
        self.open_answers()
        with suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        with self._lock:
            clients = list(self._clients)
        for client in clients:
            with suppress(OSError):
                client.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked reading it
            client.close()

    # --- the proxy's threads -------------------------------------------------------------

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            client.settimeout(SAFETY)
            with self._lock:
                self._clients.add(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        reader = _Reader(client)
        try:
            while True:
                try:
                    request = reader.message()
                except (OSError, Closed):
                    return
                if request is None:
                    return
                with self._lock:
                    index = self.requests
                    self.requests += 1
                    fault = self._plan.get(index, Fault(PASS))
                    self.log.append((index, fault.kind))
                if not self._exchange(client, index, request, fault):
                    return
        finally:
            with self._lock:
                self._clients.discard(client)
            client.close()

    def _forward(self, request: bytes) -> bytes | None:
        """The server's whole answer on a fresh connection; None when it is not there."""
        try:
            with socket.create_connection(self.upstream, timeout=SAFETY) as upstream:
                upstream.sendall(request)
                with self._lock:
                    self.forwarded += 1
                    self._lock.notify_all()
                answer = _Reader(upstream).message()
        except (OSError, Closed):
            return None
        if answer is not None:
            with self._lock:
                self.answered += 1
        return answer

    def _pause(self, index: int, kind: str, at_byte: int) -> None:
        self._resume.clear()
        self.notices.put(Notice(kind, index, at_byte))
        self._resume.wait(SAFETY)

    def _hold(self, index: int) -> bool:
        """Wait while answers are held; True when this one is then to reach its desk."""
        with self._lock:
            gate = self._gate
            if gate is None:
                return True
            self._lock.wait_for(lambda: self.forwarded >= self._gate_after, SAFETY)
        self.notices.put(Notice("answered", index))
        gate.wait(SAFETY)
        with self._lock:
            return self._deliver is None or index in self._deliver

    def _deliver_held(self) -> None:
        """Send delayed requests on now, after a newer one: reordered; answers thrown away."""
        with self._lock:
            held, self._held = self._held, []
        for index, request in held:
            self._forward(request)
            with self._lock:
                self.log.append((index, "delivered_late"))

    def _exchange(self, client: socket.socket, index: int, request: bytes, fault: Fault) -> bool:
        """Carry one request out under `fault`; False when the desk's connection must close."""
        kind = fault.kind
        if kind == DROP_REQUEST:
            return False
        if kind == ERROR_500:
            client.sendall(PROBLEM_500)
            return True
        if kind == DELAY:
            with self._lock:
                self._held.append((index, request))
            return False
        if kind == PAUSE_REQUEST:
            cut = int(fault.at * len(request))  # below the whole request
            upstream: socket.socket | None = None
            try:
                upstream = socket.create_connection(self.upstream, timeout=SAFETY)
                upstream.sendall(request[:cut])
            except OSError:
                pass
            self._pause(index, kind, cut)
            if upstream is not None:
                upstream.close()
            return False
        if kind == DUPLICATE:
            answers: list[bytes | None] = [None, None]

            def send(slot: int) -> None:
                answers[slot] = self._forward(request)

            twins = [threading.Thread(target=send, args=(slot,)) for slot in (0, 1)]
            for twin in twins:
                twin.start()
            for twin in twins:
                twin.join(SAFETY)
            answer = answers[fault.pick]
        else:
            answer = self._forward(request)
        if answer is None:
            return False  # the server is gone: the desk sees its connection close
        self._deliver_held()
        if not self._hold(index):
            return False
        head, body = split_message(answer)
        if kind == DROP_RESPONSE:
            return False
        if kind == TRUNCATE:
            client.sendall(head + body[: int(fault.at * len(body))])
            return False
        if kind == CUT_JSON:
            client.sendall(with_body(head, body[: int(fault.at * len(body))]))
            return True
        if kind == PAUSE_RESPONSE:
            cut = min(len(answer), round(fault.at * len(answer)))
            client.sendall(answer[:cut])
            self._pause(index, kind, cut)
            return False
        client.sendall(answer)
        return True


# --- the city and the desks ----------------------------------------------------------------


@contextmanager
def serve_city(store: Store, clock: Clock) -> Iterator[str]:
    """The API served by uvicorn in a thread on a socket bound before it starts; its URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    config = uvicorn.Config(
        create_app(store, clock=clock), log_config=None, access_log=False, lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=SAFETY)
        sock.close()


def new_desk(folder: Path, *, office_code: str, device_no: int) -> tuple[Database, str]:
    """A set-up desk of the office with one officer: its database and the officer's id."""
    db = open_database(folder, create=True)
    with db.write() as session:
        admin = installation.setup_office(
            session,
            office_code=office_code,
            admin_nip="198001012005011001",
            admin_name="Siti Aminah",
            admin_pin="482915",
            device_no=device_no,
            now=MORNING,
        )
        officer = officers.create_officer(
            session,
            actor_id=admin.id,
            nip="199003032015031002",
            name="Dewi Lestari",
            role="officer",
            pin="482915",
            now=MORNING,
        )
    return db, officer.id


def add_tasks(db: Database, actor: str, count: int, *, now: datetime = MORNING) -> None:
    """`count` intakes in one transaction (one event each): a backlog, quickly."""
    with db.write() as session:
        documents = catalogue.get_service(session, code=SERVICE).required_documents[:1]
        for n in range(count):
            tasks.receive_task(
                session,
                actor_id=actor,
                service_code=SERVICE,
                nik=GOOD_NIK,
                name="Budi Santoso",
                phone="081234567890",
                documents_received=documents,
                handling_seconds=180,
                now=now + timedelta(seconds=n),
            )


def point_at(db: Database, url: str) -> None:
    """Make the desk push to `url` (the proxy) from now on."""
    with db.write() as session:
        state.save(session, **{state.SERVER: url})


def desk_events(folder: Path) -> set[tuple[str, int, str]]:
    """(uuid, seq, hash) of every event of the desk, read with plain sqlite3."""
    conn = sqlite3.connect(database_path(folder))
    try:
        return set(conn.execute("SELECT uuid, seq, hash FROM events").fetchall())
    finally:
        conn.close()


def desk_position(db: Database) -> tuple[int, int]:
    """The desk's head sequence and the acknowledged position it stored."""
    with db.read() as session:
        top = session.scalar(select(func.max(Event.seq))) or 0
        return int(top), state.load(session).acked_seq


def city_events(store: Store, device_id: str | None = None) -> set[tuple[str, int, str]]:
    """(uuid, seq, hash) of every event the city holds (of one device when given)."""
    query = select(StoredEvent.uuid, StoredEvent.seq, StoredEvent.hash)
    if device_id is not None:
        query = query.where(StoredEvent.device_id == device_id)
    with store.transaction() as session:
        return {(u, s, h) for u, s, h in session.execute(query)}


def city_counts(store: Store) -> tuple[int, int, dict[str, int]]:
    """Events held, flags raised and each device's acknowledged position."""
    with store.transaction() as session:
        events = session.scalar(select(func.count()).select_from(StoredEvent)) or 0
        flags = session.scalar(select(func.count()).select_from(Flag)) or 0
        acked = {d.device_id: d.acked_seq for d in session.scalars(select(Device))}
    return events, flags, acked


# --- killing the desk's sync ----------------------------------------------------------------

# A warm Python that forks one sync process per round: a round costs a fork, not an
# interpreter's start (a second), so a test can afford many kills. Each child is a real
# process of its own that runs the desk's code from the top (`desk-app sync --once` through
# the CLI's main, or push_once in small batches) and is killed with SIGKILL mid-way.
FORK_SERVER = """
import json, os, sys
from datetime import datetime
from pathlib import Path

from desk_app import cli
from desk_app.db.storage import open_database
from desk_app.sync import client


def push_once(folder, now, batch):
    db = open_database(Path(folder))
    try:
        done = client.push_once(db, now=datetime.fromisoformat(now), batch_size=int(batch))
    except client.SyncFailed as exc:
        print(f"sync failed: {exc}", file=sys.stderr)
        return 3
    print(done.acked_seq, done.pending)
    return 0


for line in sys.stdin:
    argv = json.loads(line)
    pid = os.fork()
    if pid == 0:
        code = 70
        try:
            os.dup2(2, 1)  # the child's output goes to the log, never into this protocol
            code = push_once(*argv[1:]) if argv[0] == "push_once" else cli.main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    print("started", pid, flush=True)
    _, status = os.waitpid(pid, 0)
    print("ended", pid, os.waitstatus_to_exitcode(status), flush=True)
"""


class ForkServer:
    """The warm Python above: `start(argv)` forks a sync process and gives its pid."""

    def __init__(self, log: Path) -> None:
        self.log = log
        with log.open("ab") as sink:
            self.process = subprocess.Popen(
                [sys.executable, "-c", FORK_SERVER],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=sink,
                text=True,
                cwd=ROOT,
            )

    def __enter__(self) -> ForkServer:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.close()
        self.process.wait(timeout=SAFETY)
        self.process.stdout.close()

    def _line(self, word: str) -> list[str]:
        assert self.process.stdout
        line = self.process.stdout.readline().split()
        assert line and line[0] == word, f"fork server: {line}; log:\n{self.tail()}"
        return line

    def start(self, argv: list[str]) -> int:
        """Fork a child running `argv` (CLI arguments, or ["push_once", folder, now, batch])."""
        assert self.process.stdin
        self.process.stdin.write(json.dumps(argv) + "\n")
        self.process.stdin.flush()
        return int(self._line("started")[1])

    def ended(self) -> int:
        """Wait for the child to end; its exit code (negative: the signal)."""
        return int(self._line("ended")[2])

    def tail(self) -> str:
        """The end of the children's log."""
        return self.log.read_text(errors="replace")[-2000:]


def desk_command(name: str) -> str:
    """A console script of this environment (desk-app, desk-central)."""
    return str(Path(sys.executable).with_name(name))


WHOLE_ANSWER = "whole_answer"  # a PAUSE_RESPONSE after the answer's last byte
KILL_POINTS = (PAUSE_REQUEST, PAUSE_RESPONSE, WHOLE_ANSWER)


@dataclass
class KillFigures:
    """What a kill loop did."""

    rounds: int = 0
    kills: int = 0
    clean_exits: int = 0
    cli_kills: int = 0  # of `desk-app sync --once`; the others of push_once in small batches
    events_added: int = 0
    points: Counter[str] = field(default_factory=Counter)


def kill_round(
    *, forks: ForkServer, argv: list[str], proxy: FaultProxy, target: int, fault: Fault
) -> Notice:
    """Run one sync process; SIGKILL it when the proxy pauses at `fault` on request `target`.

    The notice says what happened: the pause it was killed at, or "exited" (it finished
    before reaching the point; its exit status in `detail`).
    """
    notices: queue.Queue[Notice] = queue.Queue()
    proxy.notices = notices
    proxy.arm({target: fault})
    pid = forks.start(argv)

    def watch() -> None:
        notices.put(Notice("exited", detail=forks.ended()))

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        notice = notices.get(timeout=SAFETY)
        if notice.kind != "exited":
            os.kill(pid, signal.SIGKILL)  # our own child, alive: paused on the proxy
            ended = notices.get(timeout=SAFETY)
            assert (ended.kind, ended.detail) == ("exited", -signal.SIGKILL), ended
        else:
            assert notice.detail == 0, forks.tail()
    finally:
        proxy.resume()
        watcher.join(SAFETY)
    return notice


def kill_loop(
    *,
    db: Database,
    folder: Path,
    actor: str,
    proxy: FaultProxy,
    rng: random.Random,
    kills: int,
    batch: int = 4,
    now: datetime = MORNING,
    report: bool = False,
) -> KillFigures:
    """Add events, start a sync, kill it at a seeded point; until `kills` kills are done."""
    figures = KillFigures()
    cli = ["sync", "--once", "--data-dir", str(folder)]
    script = ["push_once", str(folder), now.isoformat(), str(batch)]
    with ForkServer(folder.parent / f"{folder.name}-sync.log") as forks:
        while figures.kills < kills:
            figures.rounds += 1
            assert figures.rounds <= 3 * kills + 10, f"too few kills: {figures}"
            for _ in range(rng.randint(1, 3)):  # the counter keeps working between kills
                receive(db, actor, now=now + timedelta(seconds=figures.events_added))
                figures.events_added += 1
            head, acked = desk_position(db)
            by_cli = figures.rounds % 2 == 0  # every other round the command: one push
            target = 0 if by_cli else rng.randrange(max(1, -(-(head - acked) // batch)))
            # In turn: mid-request, mid-answer, and once the whole answer is through (the
            # kill then races the desk's own write of the acknowledged position).
            kind, at = KILL_POINTS[figures.kills % len(KILL_POINTS)], rng.random()
            fault = Fault(PAUSE_RESPONSE, at=1.0) if kind == WHOLE_ANSWER else Fault(kind, at=at)
            notice = kill_round(
                forks=forks, argv=cli if by_cli else script, proxy=proxy, target=target, fault=fault
            )
            if notice.kind == "exited":
                figures.clean_exits += 1
                continue
            figures.kills += 1
            figures.points[kind] += 1
            figures.cli_kills += by_cli
            if report and figures.kills % 50 == 0:
                print(f"  {figures.kills} kills, {figures.rounds} rounds", flush=True)
    return figures
