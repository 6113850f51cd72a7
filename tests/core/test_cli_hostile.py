"""Every desk-app failure is one clear line (issue 9).

Each subcommand is driven with hostile arguments (out-of-range and malformed dates and
moments, huge and negative numbers, empty, very long and non-UTF-8 text, bad paths) and
in hostile states (no data folder, a file or a folder where the database should be, a
file that is not a database, a read-only or full disk, a database another process keeps
locked). A refused command must exit non-zero with exactly one line on stderr, no
traceback and no "unexpected error", and leave the data folder as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk_app.cli import main
from desk_app.common.messages import render
from desk_app.common.paths import LOGS_DIR, database_path
from desk_app.db import engine
from desk_app.db.storage import open_database
from desk_app.office import installation, officers
from tests.conftest import ADMIN_NIP, LEAD_NIP, OFFICE_CODE, OFFICER_NIP, PIN
from tests.helpers import MORNING, receive

UNEXPECTED = render("error.unexpected").split(".")[0]  # the catch-all for bugs
NEW_NIP = "199504042019032001"
UNKNOWN_NIP = "197001011990011001"
# Servers that cannot be reached or are not URLs (no name to look up: tests stay offline).
BAD_URL = st.sampled_from(
    [
        "http://127.0.0.1:9",
        "ftp://127.0.0.1/",
        "http://[::1",
        "http://127.0.0.1:99999",
        "javascript:alert(1)",
        "127.0.0.1:9",
        "https://127.0.0.1:9/%zz",
        "http://user@:80",
    ]
)
HOSTILE = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# --- the office every example starts from ---------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A small office (admin, lead, officer, one task), made once; and its tracking no."""
    folder = tmp_path_factory.mktemp("template") / "office"
    db = open_database(folder, create=True)
    with db.write() as session:
        admin = installation.setup_office(
            session,
            office_code=OFFICE_CODE,
            admin_nip=ADMIN_NIP,
            admin_name="Siti Aminah",
            admin_pin=PIN,
            now=MORNING,
        )
        for nip, name, role in (
            (LEAD_NIP, "Bambang Wibowo", "lead"),
            (OFFICER_NIP, "Dewi Lestari", "officer"),
        ):
            officers.create_officer(
                session, actor_id=admin.id, nip=nip, name=name, role=role, pin=PIN, now=MORNING
            )
    task = receive(db, admin.id)
    db.dispose()
    conn = sqlite3.connect(database_path(folder))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return folder, task.tracking_no


@pytest.fixture
def pins(monkeypatch: pytest.MonkeyPatch) -> None:
    """PINs come from the environment: no command waits for a terminal."""
    monkeypatch.setenv("DESK_APP_PIN", PIN)
    monkeypatch.setenv("DESK_APP_NEW_PIN", "739164")


def fresh_copy(template: Path, base: Path) -> Path:
    """A private copy of the template office for one example."""
    folder = Path(tempfile.mkdtemp(dir=base)) / "office"
    shutil.copytree(template, folder)
    return folder


# --- what "one clear line, nothing written" means --------------------------------------------


def snapshot(folder: Path) -> object:
    """The data folder's files (not the log) and the database's content, row by row."""
    if not folder.exists():
        return None
    if not folder.is_dir():
        return ("file", folder.read_bytes())
    files = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if relative.parts[0] == LOGS_DIR or path.name.endswith(("-wal", "-shm")):
            continue  # the log records refusals; SQLite's side files come and go
        if path.is_file() and path.name != database_path(folder).name:
            files[str(relative)] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            files[str(relative)] = "dir" if path.is_dir() else "database"
    return files, _content(database_path(folder))


def _content(path: Path) -> str | None:
    """A hash of every row of every table (read through the WAL), or None when unreadable."""
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.1)
        try:
            digest = hashlib.sha256()
            tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            for (table,) in sorted(tables.fetchall()):
                for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY 1'):
                    digest.update(repr(row).encode("utf-8", "backslashreplace"))
            return digest.hexdigest()
        finally:
            conn.close()
    except sqlite3.Error:
        return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Outcome:
    code: int
    out: str
    err: str


def run(argv: list[str]) -> Outcome:
    """desk-app in-process, its output captured."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # the parser must not exit by itself
            code = -1000 - (exc.code if isinstance(exc.code, int) else 1)
    return Outcome(code, out.getvalue(), err.getvalue())


def assert_clean_failure(result: Outcome, argv: Sequence[object]) -> None:
    """Non-zero, one line on stderr, no traceback, no catch-all."""
    assert result.code not in (0,) and result.code > 0, (argv, result)
    assert "Traceback" not in result.err, (argv, result.err)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, (argv, result.err)
    assert lines[0].startswith("desk-app: "), (argv, result.err)
    assert UNEXPECTED not in lines[0], (argv, result.err)


def assert_refused(argv: list[str], folder: Path) -> Outcome:
    """The command fails cleanly and leaves the data folder as it was."""
    before = snapshot(folder)
    result = run(argv)
    assert_clean_failure(result, argv)
    assert snapshot(folder) == before, (argv, result.err)
    return result


def assert_clean(argv: list[str], folder: Path) -> Outcome:
    """Success, or a clean failure that wrote nothing (for hostile states)."""
    before = snapshot(folder)
    result = run(argv)
    assert "Traceback" not in result.err, (argv, result.err)
    if result.code != 0:
        assert_clean_failure(result, argv)
        assert snapshot(folder) == before, (argv, result.err)
    return result


# --- hostile values ---------------------------------------------------------------------------

LONE = st.builds(
    lambda a, s, b: a + s + b,
    st.text(max_size=5),
    st.sampled_from(["\udcff", "\udc80", "\ud800"]),
    st.text(max_size=5),
)
BAD_TEXT = st.one_of(
    st.sampled_from(["", " ", "\t", "\n\n", "x" * 600, "a\x00b", "\u2028"]),
    LONE,
)
BAD_DATE = st.one_of(
    st.sampled_from(
        [
            "9999-12-31",
            "0001-01-01",
            "1999-12-31",
            "2100-01-01",
            "2026-02-30",
            "2026-13-01",
            "",
            "today",
            "2026-11-25T10:00",
            "+10000-01-01",
            "２０２６-１１-２５",
            "x" * 10_000,
            "2026-11-25 junk",
            "2026-11-25\n2026-11-26",
        ]
    ),
    LONE,
    st.dates(max_value=__import__("datetime").date(1999, 12, 31)).map(str),
    st.dates(min_value=__import__("datetime").date(2100, 1, 1)).map(str),
)
BAD_MONTH = st.one_of(
    st.sampled_from(["2026-13", "2026-00", "1999-12", "2100-01", "0000-01", "2026-12", "26-11"]),
    BAD_DATE,
)
BAD_MOMENT = st.one_of(
    st.sampled_from(
        [
            "9999-12-31T23:59",
            "0001-01-01T00:00",
            "0001-01-01T00:00+14:00",
            "9999-12-31T23:59-12:00",
            "2026-11-25T25:00",
            "now",
            "",
            "2026-11-25T09:00+99:00",
        ]
    ),
    LONE,
    BAD_DATE.filter(lambda text: text != "2026-11-25T10:00"),  # a bad date, a good moment
)


def bad_int(low: int, high: int) -> st.SearchStrategy[str]:
    """Whole numbers outside low..high, and text that is no whole number."""
    return st.one_of(
        st.integers(max_value=low - 1, min_value=-(10**40)).map(str),
        st.integers(min_value=high + 1, max_value=10**40).map(str),
        st.sampled_from(["", "1e3", "0x10", "٣", "NaN", "inf", "1.5", "--", "9" * 5000]),
        LONE,
    )


@st.composite
def hostile_argv(draw: st.DrawFn, tracking: str, out: str) -> list[str]:
    """One otherwise sensible command line with one hostile value in it."""
    text = draw(BAD_TEXT)
    commands = [
        ["stats", "--date", draw(BAD_DATE)],
        ["clock", "week", "--date", draw(BAD_DATE)],
        ["close-day", "--date", draw(BAD_DATE)],
        ["month-report", "--month", draw(BAD_MONTH)],
        ["--now", draw(BAD_MOMENT), draw(st.sampled_from(["stats", "verify", "backup"]))],
        ["officer", "list", "--now", draw(BAD_MOMENT)],
        ["clock", "in", "--as", OFFICER_NIP, "--now", draw(BAD_MOMENT)],
        ["find", "Budi", "--limit", draw(bad_int(1, 1000))],
        ["find", text],
        ["receipt", text, "--out", out],
        ["receipt", tracking, "--out", out, "--as", text],
        ["officer", "add", "--admin", ADMIN_NIP, "--nip", text, "--name", "Ani Wijaya"],
        ["officer", "add", "--admin", ADMIN_NIP, "--nip", NEW_NIP, "--name", text],
        ["officer", "add", "--admin", text, "--nip", NEW_NIP, "--name", "Ani Wijaya"],
        ["clock", "in", "--as", text],
        ["clock", "in", "--as", UNKNOWN_NIP],
        ["receipt", tracking, "--out", out, "--as", UNKNOWN_NIP],
        ["officer", "add", "--admin", UNKNOWN_NIP, "--nip", NEW_NIP, "--name", "Ani Wijaya"],
        ["officer", "add", "--admin", OFFICER_NIP, "--nip", NEW_NIP, "--name", "Ani Wijaya"],
        ["officer", "add", "--admin", ADMIN_NIP, "--nip", LEAD_NIP, "--name", "Ani Wijaya"],
        ["enroll", "--server", draw(BAD_URL), "--code", "ABCD-EFGH"],
        ["sync", "--once"],
        ["close-day", "--date", "2026-11-24", "--as", text],
        ["enroll", "--server", text, "--code", "ABCD-EFGH"],
        ["enroll", "--server", "http://127.0.0.1:9", "--code", text],
        ["backup", "--to", draw(st.sampled_from(["", "a\x00b"]))],
        ["restore", draw(st.sampled_from(["", "a\x00b"]))],
        ["--language", draw(st.sampled_from(["", "xx", "EN", "\udcff"])), "stats"],
        [draw(st.sampled_from(["bogus", "", "STATS", "\udcff"]))],
        ["stats", "extra"],
        ["officer"],
        ["clock"],
    ]
    return draw(st.sampled_from(commands))


# --- 1. hostile arguments against a sound office ---------------------------------------------


@HOSTILE
@given(data=st.data())
def test_hostile_arguments_fail_in_one_line_and_write_nothing(
    template: tuple[Path, str], tmp_path: Path, pins: None, data: st.DataObject
) -> None:
    office, tracking = template
    folder = fresh_copy(office, tmp_path)
    out = str(folder.parent / "receipt.pdf")
    argv = data.draw(hostile_argv(tracking, out))
    assert_refused([*argv, "--data-dir", str(folder)], folder)


@HOSTILE
@given(
    option=st.sampled_from(["--days", "--officers", "--seed"]),
    data=st.data(),
)
def test_a_refused_demo_creates_nothing(tmp_path: Path, option: str, data: st.DataObject) -> None:
    limits = {"--days": (1, 3650), "--officers": (1, 100), "--seed": (0, 2**63 - 1)}
    value = data.draw(bad_int(*limits[option]))
    folder = Path(tempfile.mkdtemp(dir=tmp_path)) / "demo"
    assert_refused(["demo", option, value, "--data-dir", str(folder)], folder)
    assert not folder.exists() and os.listdir(folder.parent) == []


@settings(HOSTILE, max_examples=12)  # each refusal made (and removed) a database
@given(
    option=st.sampled_from(["--office", "--admin-nip", "--admin-name"]),
    text=st.one_of(BAD_TEXT, st.sampled_from(["99.99", "31.74.08.9999", "abc", "1" * 17])),
)
def test_a_refused_setup_creates_nothing(
    tmp_path: Path, pins: None, option: str, text: str
) -> None:
    values = {"--office": OFFICE_CODE, "--admin-nip": ADMIN_NIP, "--admin-name": "Siti Aminah"}
    if option == "--admin-name" and text in ("abc",):
        text = "Siti 4minah"
    values[option] = text
    folder = Path(tempfile.mkdtemp(dir=tmp_path)) / "new"
    argv = ["setup", *[part for pair in values.items() for part in pair]]
    assert_refused([*argv, "--data-dir", str(folder)], folder)
    assert not folder.exists()


SETUP_99 = ["setup", "--office", "99.99", "--admin-nip", ADMIN_NIP, "--admin-name", "Siti Aminah"]


def test_a_refused_setup_in_an_existing_empty_folder_leaves_it_empty(
    tmp_path: Path, pins: None
) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    assert_refused(
        [*SETUP_99, "--data-dir", str(folder)],
        folder,
    )
    assert [p.name for p in folder.iterdir()] == [LOGS_DIR] or not any(folder.iterdir())


# --- 2. hostile states of the data folder -------------------------------------------------------

EVERY_COMMAND = [
    ["stats"],
    ["stats", "--date", "2026-11-25"],
    ["verify"],
    ["find", "Budi"],
    ["receipt", "{tracking}", "--out", "{out}"],
    ["officer", "list"],
    ["officer", "add", "--admin", ADMIN_NIP, "--nip", NEW_NIP, "--name", "Ani Wijaya"],
    ["close-day", "--date", "2026-11-24"],
    ["month-report", "--month", "2026-11"],
    ["enroll", "--server", "http://127.0.0.1:9", "--code", "ABCD-EFGH"],
    ["sync", "--once"],
    ["backup"],
    ["restore", "{backup}"],
    ["clock", "in", "--as", OFFICER_NIP],
    ["clock", "out", "--as", OFFICER_NIP],
    ["clock", "week"],
]


def _fill(argv: list[str], *, tracking: str, out: Path, backup: Path) -> list[str]:
    values = {"tracking": tracking, "out": str(out), "backup": str(backup)}
    return [part.format(**values) for part in argv]


def _break(folder: Path, state: str) -> None:
    """Put the data folder into a hostile state."""
    db = database_path(folder)
    if state == "missing":
        shutil.rmtree(folder)
    elif state == "file":
        shutil.rmtree(folder)
        folder.write_bytes(b"not a folder")
    elif state == "junk":
        db.write_bytes(b"this is not a database " * 200)
    elif state == "empty_file":
        db.write_bytes(b"")
    elif state == "directory":
        db.unlink()
        db.mkdir()
    elif state == "other_sqlite":
        db.unlink()
        conn = sqlite3.connect(db)
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
        conn.close()
    elif state == "truncated":
        data = db.read_bytes()
        db.write_bytes(data[: len(data) // 3])


@HOSTILE
@given(
    command=st.sampled_from(EVERY_COMMAND),
    state=st.sampled_from(
        ["missing", "file", "junk", "empty_file", "directory", "other_sqlite", "truncated"]
    ),
)
def test_every_command_in_a_broken_data_folder_fails_in_one_line(
    template: tuple[Path, str], tmp_path: Path, pins: None, command: list[str], state: str
) -> None:
    office, tracking = template
    folder = fresh_copy(office, tmp_path)
    backup = folder.parent / "backup.sqlite3"
    shutil.copyfile(database_path(office), backup)
    _break(folder, state)
    argv = _fill(command, tracking=tracking, out=folder.parent / "r.pdf", backup=backup)
    if command[0] == "restore":
        assert_clean([*argv, "--data-dir", str(folder)], folder)  # restoring may mend it
    else:
        assert_refused([*argv, "--data-dir", str(folder)], folder)


def test_the_data_folder_and_the_files_given_can_be_the_wrong_kind(
    template: tuple[Path, str], tmp_path: Path, pins: None
) -> None:
    office, tracking = template
    folder = fresh_copy(office, tmp_path)
    a_file = tmp_path / "a-file"
    a_file.write_bytes(b"x")
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database" * 100)
    cases = [
        ["backup", "--to", str(a_file)],
        ["backup", "--to", str(a_file / "sub")],
        ["restore", str(tmp_path / "missing.sqlite3")],
        ["restore", str(tmp_path)],
        ["restore", str(junk)],
        ["receipt", tracking, "--out", str(tmp_path)],
        ["receipt", tracking, "--out", str(a_file / "x.pdf")],
        ["close-day", "--date", "2026-11-24", "--report-only", "--out", str(a_file)],
        ["enroll", "--server", "http://127.0.0.1:9", "--code", "X", "--ca-bundle", str(tmp_path)],
    ]
    for argv in cases:
        before = snapshot(folder)
        result = run([*argv, "--data-dir", str(folder)])
        assert_clean_failure(result, argv)
        if argv[0] != "receipt":  # a failed print is journaled on purpose
            assert snapshot(folder) == before, (argv, result.err)


def test_a_pin_without_a_terminal_is_refused_saying_how_to_give_it(
    template: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office, _ = template
    folder = fresh_copy(office, tmp_path)
    monkeypatch.delenv("DESK_APP_PIN", raising=False)
    monkeypatch.delenv("DESK_APP_NEW_PIN", raising=False)
    add = ["officer", "add", "--admin", ADMIN_NIP, "--nip", NEW_NIP, "--name", "Ani Wijaya"]
    result = assert_refused([*add, "--data-dir", str(folder)], folder)
    assert "DESK_APP_PIN" in result.err
    monkeypatch.setenv("DESK_APP_PIN", PIN)  # the admin's PIN alone: the new one is missing
    result = assert_refused([*add, "--data-dir", str(folder)], folder)
    assert "DESK_APP_NEW_PIN" in result.err
    result = assert_refused(["clock", "in", "--as", "", "--data-dir", str(folder)], folder)


def test_an_out_of_range_desk_app_now_names_the_variable(
    template: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office, _ = template
    folder = fresh_copy(office, tmp_path)
    for value in ("9999-12-31T23:59", "0001-01-01T00:00", "later"):
        monkeypatch.setenv("DESK_APP_NOW", value)
        result = assert_refused(["stats", "--data-dir", str(folder)], folder)
        assert "$DESK_APP_NOW" in result.err


# --- 3. read-only and full disks, a database locked by another process -------------------------


@contextlib.contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A small tmpfs mounted at `folder` (root only); skips when mounting is impossible."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        pytest.skip("a read-only or full disk needs a tmpfs mount, which needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


def _remount(folder: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(folder)], check=True)


@pytest.fixture(scope="module")
def read_only_office(
    template: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """The office on a disk mounted read-only."""
    with tmpfs(tmp_path_factory.mktemp("ro") / "disk", "8m") as disk:
        shutil.copytree(template[0], disk / "office")
        _remount(disk, "ro")
        yield disk / "office"
        _remount(disk, "rw")


@pytest.fixture(scope="module")
def full_office(
    template: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """The office on a disk with no free space left."""
    with tmpfs(tmp_path_factory.mktemp("full") / "disk", "4m") as disk:
        shutil.copytree(template[0], disk / "office")
        with contextlib.suppress(OSError), (disk / "filler").open("wb") as filler:
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
        with contextlib.suppress(OSError), (disk / "crumbs").open("wb") as crumbs:
            while True:
                crumbs.write(b"\0")
                crumbs.flush()
        yield disk / "office"


def _other_desk_argv(command: list[str], tracking: str, out: Path) -> list[str]:
    return _fill(command, tracking=tracking, out=out, backup=out.with_suffix(".sqlite3"))


WRITERS = [c for c in EVERY_COMMAND if c[:2] in (["officer", "add"], ["clock", "in"], ["backup"])]


@pytest.mark.parametrize("command", EVERY_COMMAND, ids=" ".join)
def test_a_read_only_data_folder_is_not_called_damaged(
    read_only_office: Path, template: tuple[Path, str], pins: None, command: list[str]
) -> None:
    out = read_only_office.parent.parent / "r.pdf"
    argv = _other_desk_argv(command, template[1], out)
    result = assert_clean([*argv, "--data-dir", str(read_only_office)], read_only_office)
    if command in WRITERS or command[0] in ("stats", "find"):
        assert result.code != 0
    if result.code != 0 and command[0] not in ("restore", "enroll", "sync", "receipt"):
        assert "rusak atau" not in result.err, result.err  # not "damaged or not Loket's"
        assert "desk-app restore" not in result.err, result.err
        assert "tidak dapat ditulis" in result.err, result.err


def test_a_read_only_data_folder_as_a_real_process(read_only_office: Path, tmp_path: Path) -> None:
    for command in ([b"stats"],):
        done = _desk_app([*command, b"--data-dir", os.fsencode(read_only_office)], tmp_path)
        err = done.stderr.decode("utf-8", "replace")
        assert done.returncode == 1 and len(err.strip().splitlines()) == 1, err
        assert "tidak dapat ditulis" in err, err


def test_a_backup_to_a_read_only_folder_fails_in_one_line(
    read_only_office: Path, template: tuple[Path, str], tmp_path: Path
) -> None:
    folder = fresh_copy(template[0], tmp_path)
    for target in (read_only_office.parent, read_only_office.parent / "new"):
        result = assert_refused(["backup", "--to", str(target), "--data-dir", str(folder)], folder)
        assert str(target) in result.err


def test_the_read_only_message_says_so_in_both_languages(read_only_office: Path) -> None:
    result = assert_refused(["stats", "--data-dir", str(read_only_office)], read_only_office)
    assert "Database tidak rusak" in result.err
    assert "Read-only file system" in result.err
    english = render("db.read_only", "en", {"folder": "F", "detail": "D"})
    assert "not damaged" in english


@pytest.mark.parametrize("command", EVERY_COMMAND, ids=" ".join)
def test_a_full_disk_fails_in_one_line(
    full_office: Path, template: tuple[Path, str], pins: None, command: list[str]
) -> None:
    out = full_office.parent / "r.pdf"
    argv = _other_desk_argv(command, template[1], out)
    result = assert_clean([*argv, "--data-dir", str(full_office)], full_office)
    if command in WRITERS:
        assert result.code != 0
    if result.code != 0 and command[0] == "stats":
        assert "Disk penuh" in result.err, result.err


def test_a_demo_on_a_full_disk_leaves_nothing(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "1m") as disk:
        folder = disk / "demo"
        result = run(["demo", "--days", "30", "--officers", "2", "--data-dir", str(folder)])
        assert_clean_failure(result, ["demo"])
        assert "Disk penuh" in result.err, result.err
        assert not folder.exists() and os.listdir(disk) == []


@pytest.fixture
def locked_office(
    template: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """An office whose database another process holds a write lock on, for longer than
    the (shortened) busy timeout."""
    folder = fresh_copy(template[0], tmp_path)
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 50)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('PRAGMA journal_mode=WAL')\n"
            "c.execute('BEGIN IMMEDIATE')\n"
            "print('locked', flush=True)\n"
            "sys.stdin.read()\n",
            str(database_path(folder)),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    try:
        yield folder
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait()


@pytest.mark.parametrize(
    "command",
    [c for c in EVERY_COMMAND if c[0] not in ("restore", "verify", "enroll", "sync")],
    ids=" ".join,
)
def test_a_database_locked_by_another_process_fails_in_one_line(
    locked_office: Path, template: tuple[Path, str], pins: None, command: list[str]
) -> None:
    argv = _other_desk_argv(command, template[1], locked_office.parent / "r.pdf")
    result = assert_refused([*argv, "--data-dir", str(locked_office)], locked_office)
    assert "dikunci program lain" in result.err, result.err


# --- 4. a real process: argv bytes that are not UTF-8, no terminal -----------------------------


def _desk_app(args: list[bytes], tmp_path: Path) -> subprocess.CompletedProcess[bytes]:
    env = {
        **os.environ,
        "DESK_APP_DATA_DIR": str(tmp_path / "default"),
        "PYTHONIOENCODING": "utf-8",
    }
    env.pop("DESK_APP_PIN", None)
    return subprocess.run(
        [sys.executable.encode(), b"-m", b"desk_app.cli", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=env,
        check=False,
    )


def test_as_a_real_process(template: tuple[Path, str], tmp_path: Path) -> None:
    folder = fresh_copy(template[0], tmp_path)
    data = [b"--data-dir", os.fsencode(folder)]
    name = [b"--name", b"Ani Wijaya", *data]
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "loket.sqlite3").write_bytes(b"junk" * 100)
    cases = [
        [b"find", b"\xff\xfe", *data],
        [b"stats", b"--date", b"9999-12-31", *data],
        [b"officer", b"add", b"--admin", ADMIN_NIP.encode(), b"--nip", NEW_NIP.encode(), *name],
        [b"demo", b"--days", b"0", b"--data-dir", os.fsencode(tmp_path / "demo")],
        [b"verify", b"--data-dir", os.fsencode(junk)],
        [b"stats", b"--data-dir", os.fsencode(tmp_path) + b"/\xff\xfe"],
    ]
    for args in cases:
        before = snapshot(folder)
        done = _desk_app(args, tmp_path)
        err = done.stderr.decode("utf-8", "replace")
        assert done.returncode != 0, (args, err)
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1, (args, err)
        assert snapshot(folder) == before, args
    assert not (tmp_path / "demo").exists()
