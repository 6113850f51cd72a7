"""What "accepted by the printer" means, against a scripted CUPS client (no CUPS needed).

The real queue is exercised in tests/ui/test_cups_printing.py; this pins the rules.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from desk_app.ui.spooler import CupsSpooler, TrustingSpooler

FAKE_LPSTAT = """\
import json, sys
state = json.load(open({state!r}))
args = sys.argv[1:]
if args[:2] == ["-W", "all"]:
    for job in state["jobs"]:
        print(f"{{job}}  root  1024  Tue Dec  1 12:00:00 2026")
    sys.exit(0)
queue = args[1]
if queue not in state["queues"]:
    print(f'lpstat: Invalid destination name in list "{{queue}}".', file=sys.stderr)
    sys.exit(1)
q = state["queues"][queue]
print(f"printer {{queue}} is idle.  enabled since today" if q["enabled"]
      else f"printer {{queue}} disabled since today -\\n\\tPaused")
print(f"{{queue}} accepting requests since today" if q["accepting"]
      else f"{{queue}} not accepting requests since today -")
"""
FAKE_CANCEL = """\
import json, sys
state = json.load(open({state!r}))
state["cancelled"].append(sys.argv[1])
json.dump(state, open({state!r}, "w"))
"""


class FakeCups:
    """A scripted `lpstat` and `cancel` over a JSON state file."""

    def __init__(self, folder: Path) -> None:
        self.state_file = folder / "cups.json"
        self.write({"queues": {"Desk": {"enabled": True, "accepting": True}}, "jobs": ["Desk-1"]})
        self.lpstat = self._script(folder / "lpstat.py", FAKE_LPSTAT)
        self.cancel = self._script(folder / "cancel.py", FAKE_CANCEL)

    def _script(self, path: Path, body: str) -> list[str]:
        path.write_text(body.format(state=str(self.state_file)), encoding="utf-8")
        return [sys.executable, str(path)]

    def read(self) -> dict[str, Any]:
        state: dict[str, Any] = json.loads(self.state_file.read_text(encoding="utf-8"))
        return state

    def write(self, state: dict[str, Any]) -> None:
        self.state_file.write_text(json.dumps({"cancelled": [], **state}), encoding="utf-8")

    def change(self, **queue: bool) -> None:
        state = self.read()
        state["queues"]["Desk"].update(queue)
        self.write(state)

    def new_job(self, job: str) -> None:
        state = self.read()
        state["jobs"].append(job)
        self.write(state)


class ScriptedSpooler(CupsSpooler):
    """CupsSpooler running the fake clients (they are Python scripts, not executables)."""

    def __init__(self, cups: FakeCups) -> None:
        super().__init__()
        self._cups = cups

    def _run(self, *args: str) -> tuple[bool, str]:
        program = {"lpstat": self._cups.lpstat, "cancel": self._cups.cancel}[args[0]]
        return super()._run(*program, *args[1:])


@pytest.fixture
def cups(tmp_path: Path) -> FakeCups:
    return FakeCups(tmp_path)


def test_a_new_job_on_a_running_queue_is_accepted(cups: FakeCups) -> None:
    spooler = ScriptedSpooler(cups)
    before = spooler.check("Desk")
    assert (before.refusal, before.jobs) == ("", frozenset({"Desk-1"}))
    cups.new_job("Other-7")  # another queue's job is not ours
    cups.new_job("Desk-8")
    answer = spooler.confirm(before)
    assert (answer.accepted, answer.job, answer.detail) == (True, "Desk-8", "")


def test_no_new_job_means_cups_dropped_it(cups: FakeCups) -> None:
    spooler = ScriptedSpooler(cups)
    before = spooler.check("Desk")
    cups.change(accepting=False)
    answer = spooler.confirm(before)
    assert (answer.accepted, answer.job) == (False, "")
    assert "not accepting" in answer.detail


def test_a_job_held_by_a_stopped_queue_is_refused_and_cancelled(cups: FakeCups) -> None:
    spooler = ScriptedSpooler(cups)
    before = spooler.check("Desk")
    cups.change(enabled=False)
    cups.new_job("Desk-2")
    answer = spooler.confirm(before)
    assert (answer.accepted, answer.job) == (False, "Desk-2")
    assert "stopped" in answer.detail
    assert cups.read()["cancelled"] == ["Desk-2"]  # it must not print hours later


@pytest.mark.parametrize(
    ("queue", "change", "words"),
    [
        ("Desk", {"enabled": False}, "stopped"),
        ("Desk", {"accepting": False}, "not accepting"),
        ("Nowhere", {}, "does not know"),
    ],
)
def test_a_queue_that_cannot_print_is_refused_before_sending(
    cups: FakeCups, queue: str, change: dict[str, bool], words: str
) -> None:
    cups.change(**change)
    assert words in ScriptedSpooler(cups).check(queue).refusal


def test_without_cups_qts_word_is_taken() -> None:
    spooler = TrustingSpooler()
    before = spooler.check("Any")
    assert before.refusal == ""
    assert spooler.confirm(before).accepted
