"""Uncooperative agencies: the Kaplan-Meier estimator, the ranking from pushed events, the
censoring of stays still open, the pages and the command, and who may see them."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from central import agency_report
from central.analytics import agencies
from central.api.pages import ADMIN_TOKEN_VARIABLE
from central.cli import main as central_main
from central.ledger import JAKARTA
from desk_app.common.workdays import local_day
from desk_app.eventlog import kinds, wire
from tests.central.conftest import OFFICE, City
from tests.helpers import MORNING

NOW = MORNING  # the city's clock in these tests
BASE = NOW - timedelta(days=20)
DEVICE = "d" * 36

# --- the estimator against a textbook ------------------------------------------------------

# Freireich et al. (1963), the 6-MP arm of the remission study of acute leukaemia: weeks in
# remission of 21 patients, "+" censored. Its Kaplan-Meier curve is worked out in Kleinbaum
# & Klein, "Survival Analysis: A Self-Learning Text" (3rd ed., 2012), chapter 2, and in
# Klein & Moeschberger, "Survival Analysis" (2nd ed., 2003), table 4.1A:
#   t       6      7      10     13     16     22     23
#   S(t)  0.857  0.807  0.753  0.690  0.627  0.538  0.448
# The median remission is 23 weeks; the curve never falls to 0.10 (no 90th percentile).
SIX_MP = "6 6 6 6+ 7 9+ 10 10+ 11+ 13 16 17+ 19+ 20+ 22 23 25+ 32+ 32+ 34+ 35+"
SIX_MP_CURVE = [
    (6, 21, 3, 0.857),
    (7, 17, 1, 0.807),
    (10, 15, 1, 0.753),
    (13, 12, 1, 0.690),
    (16, 11, 1, 0.627),
    (22, 7, 1, 0.538),
    (23, 6, 1, 0.448),
]


def test_kaplan_meier_matches_the_textbook_6mp_example() -> None:
    observations = [(float(t.rstrip("+")), not t.endswith("+")) for t in SIX_MP.split()]
    curve = agencies.kaplan_meier(observations)
    assert [(s.time, s.at_risk, s.events, round(s.survival, 3)) for s in curve] == SIX_MP_CURVE
    assert agencies.quantile(curve, 0.5) == 23
    assert agencies.quantile(curve, 0.9) is None
    # Without censoring it is the empirical distribution: median of 1..4 is 2 (S(2) = 0.5).
    plain = agencies.kaplan_meier([(t, True) for t in (1.0, 2.0, 3.0, 4.0)])
    assert agencies.quantile(plain, 0.5) == 2 and agencies.quantile(plain, 0.9) == 4
    assert agencies.kaplan_meier([]) == [] and agencies.quantile([], 0.5) is None


# --- a synthetic office pushed through the API ---------------------------------------------


class Office:
    """A chain of one desk's task events, built in order of time."""

    def __init__(self) -> None:
        self.specs: list[tuple[str, str, datetime, dict[str, Any]]] = []
        self.tracking: dict[str, list[str]] = {}

    def task(
        self,
        agency: str,
        *,
        at: datetime,
        held: float | None,
        due_in: int = 10,
        outcome: str = "complete",
        end: str = kinds.TASK_RETURNED,
        rejected_later: bool = False,
        due: str | None = None,
    ) -> None:
        """A task received at `at`, forwarded an hour later, back after `held` days (None:
        still out); its due date `due_in` days after the intake day."""
        task_id = str(uuid.uuid4())
        number = f"{OFFICE}-{agency}-{len(self.specs):04d}"
        self.tracking.setdefault(agency, []).append(number)
        due = due or (local_day(at) + timedelta(days=due_in)).isoformat()
        received = {"tracking_no": number, "service_code": "KTP", "due_date": due}
        forwarded = at + timedelta(hours=1)
        self.specs.append((kinds.TASK_RECEIVED, task_id, at, received))
        self.specs.append((kinds.TASK_FORWARDED, task_id, forwarded, {"agency_code": agency}))
        if held is None:
            return
        back = forwarded + timedelta(days=held)
        if end == kinds.TASK_RETURNED:
            payload: dict[str, Any] = {"agency_code": agency, "outcome": outcome, "note": ""}
        else:
            payload = {"reason": "Pemohon mundur"}
        self.specs.append((end, task_id, back, payload))
        if rejected_later:
            refused = {"reason": "Tidak memenuhi syarat", "missing_documents": []}
            self.specs.append((kinds.TASK_REJECTED, task_id, back + timedelta(hours=1), refused))

    def chain(self) -> list[dict[str, Any]]:
        """The events as a valid hash chain of DEVICE, in order of time."""
        prev, out = wire.GENESIS_HASH, []
        ordered = sorted(self.specs, key=lambda s: s[2])
        for seq, (kind, task_id, at, payload) in enumerate(ordered, start=1):
            event = wire.WireEvent(
                uuid=str(uuid.uuid4()),
                device_id=DEVICE,
                seq=seq,
                kind=kind,
                actor="officer-1",
                task_id=task_id,
                occurred_at=wire.utc_iso(at),
                monotonic_ns=seq,
                payload=payload,
                prev_hash=prev,
                hash="",
            )
            event["hash"] = prev = wire.chain_hash(prev, wire.hashed_body(event))
            out.append(dict(event))
        return out


def _office() -> Office:
    """SLOW holds files 7-10 days; HOARDER answers some in half a day but sits on the rest."""
    office = Office()
    t = iter(BASE + timedelta(minutes=10 * n) for n in range(100))
    for held, outcome in zip((7, 8, 8, 9, 9, 10), ["problem"] * 2 + ["complete"] * 4, strict=True):
        office.task("SLOW", at=next(t), held=held, due_in=5, outcome=outcome)
    for _ in range(5):
        office.task("MID", at=next(t), held=3)
    office.task("MID", at=next(t), held=2, end=kinds.TASK_CANCELLED)  # withdrawn: censored
    for n in range(6):
        office.task("QUICK", at=next(t), held=1, rejected_later=n == 0)
    for _ in range(5):
        office.task("HOARDER", at=next(t), held=0.5)
    for n in range(6):  # still out, forwarded six days before NOW, their due date passed
        office.task("HOARDER", at=NOW - timedelta(days=6, hours=1, minutes=n), held=None, due_in=2)
    for _ in range(2):
        office.task("RARE", at=next(t), held=12)
    office.task("RARE", at=next(t), held=12, due="9999-12-31")  # a due date no desk makes
    return office


def _push(city: City, office: Office) -> None:
    code = city.enrolment_code(OFFICE)
    enrolled = requests.post(
        f"{city.url}/v1/enroll",
        json={"office_code": OFFICE, "code": code, "device_id": DEVICE, "device_no": 1},
        timeout=30,
    )
    assert enrolled.status_code == 200, enrolled.text
    token = enrolled.json()["token"]
    body = {"protocol": wire.PROTOCOL_VERSION, "device_id": DEVICE, "events": office.chain()}
    pushed = requests.post(
        f"{city.url}/v1/offices/{OFFICE}/push",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )
    assert pushed.status_code == 200, pushed.text
    assert pushed.json()["acked_seq"] == len(office.specs)


@pytest.fixture
def pushed(city: City) -> Office:
    """The synthetic office, pushed to the city; the city's clock at NOW."""
    city.clock.set(NOW)
    office = _office()
    _push(city, office)
    return office


def test_the_slow_agency_ranks_first_and_open_stays_are_censored(
    city: City, pushed: Office
) -> None:
    answer = requests.get(
        f"{city.url}/v1/analytics/agencies", params={"office": OFFICE}, timeout=30
    )
    assert answer.status_code == 200, answer.text
    data = answer.json()
    ranked = {line["agency_code"]: line for line in data["ranked"]}
    assert [line["agency_code"] for line in data["ranked"]] == ["SLOW", "HOARDER", "MID", "QUICK"]
    assert [line["rank"] for line in data["ranked"]] == [1, 2, 3, 4]
    assert [line["agency_code"] for line in data["too_few_to_judge"]] == ["RARE"]
    assert data["too_few_to_judge"][0]["stays"] == 3
    assert data["min_stays"] == agencies.MIN_STAYS and data["unit"] == "calendar_days"
    slow = ranked["SLOW"]
    assert (slow["median_days"], slow["p90_days"], slow["stays"]) == (8.0, 10.0, 6)
    assert (slow["late"], slow["could_be_late"], slow["late_share"]) == (6, 6, 1.0)
    assert slow["returned_with_problem"] == 2 and slow["open"] == 0
    # HOARDER answered 5 of 11 in half a day and holds the other six: its curve stops at
    # 6/11 > 0.5, so the median is not reached; it ranks on the six days observed.
    hoarder = ranked["HOARDER"]
    assert hoarder["median_reached"] is False and hoarder["median_days"] is None
    assert hoarder["p90_days"] is None and hoarder["open"] == 6
    assert hoarder["longest_observed_days"] == pytest.approx(6.0, abs=0.01)
    assert (hoarder["late"], hoarder["could_be_late"]) == (6, 11)
    # The withdrawn MID stay is censored at two days; the other five came back at three.
    assert (ranked["MID"]["median_days"], ranked["MID"]["returned"]) == (3.0, 5)
    assert ranked["MID"]["returned_with_problem"] == 0
    # QUICK returned one file that the office then rejected: sent back with a problem.
    assert ranked["QUICK"]["returned_with_problem"] == 1 and ranked["QUICK"]["late"] == 0

    # Ignoring the open stays would call HOARDER the quickest agency of all.
    with city.store.transaction() as session:
        stays = agency_report.stay_facts(session, office_code=OFFICE)
    naive = agencies.report([s for s in stays if not s.open], now=NOW)
    assert naive.ranked[-1].agency_code == "HOARDER"
    assert naive.ranked[-1].median_days == pytest.approx(0.5)
    fair = agencies.report(stays, now=NOW)
    assert [line.agency_code for line in fair.ranked][:2] == ["SLOW", "HOARDER"]


def test_the_window_and_the_office_filter(city: City, pushed: Office) -> None:
    url = f"{city.url}/v1/analytics/agencies"
    recent = (local_day(NOW) - timedelta(days=7)).isoformat()
    data = requests.get(url, params={"from": recent}, timeout=30).json()
    # Only HOARDER's six open stays were forwarded in the last week.
    assert [x["agency_code"] for x in data["ranked"]] == ["HOARDER"]
    assert [x["stays"] for x in data["ranked"]] == [6] and data["too_few_to_judge"] == []
    future = (local_day(NOW) + timedelta(days=1)).isoformat()
    bad = requests.get(url, params={"from": future, "to": recent}, timeout=30)
    assert bad.status_code == 422 and "from" in bad.json()["detail"]
    assert requests.get(url, params={"from": "kemarin"}, timeout=30).status_code == 422
    assert requests.get(url, params={"to": "9999-12-31"}, timeout=30).status_code == 422
    assert requests.get(url, params={"office": "31.71.01.1001"}, timeout=30).status_code == 404


def test_the_page_ranks_and_each_line_leads_to_its_tasks(city: City, pushed: Office) -> None:
    page = requests.get(f"{city.url}/admin/agencies", timeout=30)
    assert page.status_code == 200 and "Dinas yang lambat" in page.text
    links = re.findall(r'href="(/admin/agencies/[^"]+)"', page.text)
    assert links[:4] == [f"/admin/agencies/{code}" for code in ("SLOW", "HOARDER", "MID", "QUICK")]
    assert "Terlalu sedikit untuk dinilai" in page.text and "/admin/agencies/RARE" in page.text
    assert "belum tercapai" in page.text  # HOARDER's median, said plainly
    assert "http" not in page.text.replace(city.url, "")  # no external asset
    slow = requests.get(city.url + links[0], timeout=30)
    assert slow.status_code == 200
    assert all(number in slow.text for number in pushed.tracking["SLOW"])
    assert not any(number in slow.text for number in pushed.tracking["QUICK"])
    assert OFFICE in slow.text and "sudah kembali" in slow.text
    hoarder = requests.get(city.url + links[1], timeout=30).text
    assert hoarder.count("masih di dinas") == 6
    english = requests.get(f"{city.url}/admin/agencies", params={"lang": "en"}, timeout=30)
    assert "Uncooperative agencies" in english.text and "Too few to judge" in english.text
    assert 'href="/admin/agencies/SLOW?lang=en"' in english.text
    detail = requests.get(f"{city.url}/admin/agencies/HOARDER?lang=en", timeout=30).text
    assert "still at the agency" in detail and 'href="/admin/agencies?lang=en"' in detail


def test_the_command_prints_the_ranking(
    city: City, pushed: Office, capsys: pytest.CaptureFixture[str]
) -> None:
    moment = NOW.astimezone(JAKARTA).strftime("%Y-%m-%dT%H:%M")
    argv = ["agencies", "--json", "--office", OFFICE, "--database-url", city.store.url]
    assert central_main([*argv, "--now", moment]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [x["agency_code"] for x in printed["ranked"]] == ["SLOW", "HOARDER", "MID", "QUICK"]
    assert printed["now"] == NOW.astimezone(UTC).isoformat()
    text_argv = [a for a in argv if a != "--json"]
    assert central_main([*text_argv, "--now", moment]) == 0  # the text form
    assert capsys.readouterr().out.splitlines()[0].split()[:2] == ["1", "SLOW"]


def test_only_the_administrator_sees_the_report(
    city: City, pushed: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = ["/v1/analytics/agencies", "/admin/agencies", "/admin/agencies/SLOW"]
    # With a token configured, even loopback needs it (without one, only loopback may ask).
    monkeypatch.setenv(ADMIN_TOKEN_VARIABLE, "s3cret-admin")
    for path in paths:
        assert requests.get(city.url + path, timeout=30).status_code == 403
        wrong = {"Authorization": "Bearer guess"}
        assert requests.get(city.url + path, headers=wrong, timeout=30).status_code == 403
        right = {"Authorization": "Bearer s3cret-admin"}
        assert requests.get(city.url + path, headers=right, timeout=30).status_code == 200
