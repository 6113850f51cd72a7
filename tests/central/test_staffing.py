"""The staffing model (Erlang C and A), its simulation check, and `desk-central staffing`."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from central.analytics.simulation import (
    SimulationError,
    agreement_sentence,
    disagreement_points,
    simulate,
)
from central.analytics.staffing import (
    Figures,
    Load,
    StaffingError,
    Target,
    erlang_b,
    erlang_c,
    figures,
    officers_needed,
)
from central.cli import main

# Fixed so that no test reads the wall clock through the command's --now default.
NOW = ("--now", "2026-03-02T09:00")


def exact_erlang_c(n: int, a: Fraction) -> Fraction:
    """Erlang C straight from its definition, in exact rationals (no recursion, no floats)."""
    terms = [Fraction(1)]
    for k in range(1, n + 1):
        terms.append(terms[-1] * a / k)
    waiting = terms[n] * n / (n - a)
    return waiting / (sum(terms[:n]) + waiting)


# The standard textbook example of an offered load of A = 10 Erlangs: P(wait) for 11, 12
# and 13 servers, to four places as printed in Erlang C tables (values as quoted in
# issue 14). They are not taken on trust: the exact rational computation above must
# round to them, and the float model must match that computation.
PUBLISHED_A10 = [(11, 0.6821), (12, 0.4494), (13, 0.2853)]


@pytest.mark.parametrize(("officers", "published"), PUBLISHED_A10)
def test_erlang_c_matches_the_published_values_and_an_exact_computation(
    officers: int, published: float
) -> None:
    exact = float(exact_erlang_c(officers, Fraction(10)))
    assert exact == pytest.approx(published, abs=5e-5)  # the table, checked independently
    assert erlang_c(officers, 10.0) == pytest.approx(exact, rel=1e-12)


def test_erlang_c_stays_exact_for_a_large_office() -> None:
    # A^n / n! overflows a float long before n = 1000; the Erlang B recursion does not.
    exact = float(exact_erlang_c(1000, Fraction(950)))
    assert erlang_c(1000, 950.0) == pytest.approx(exact, rel=1e-9)
    assert 0 < exact < 1


def test_erlang_c_figures_follow_the_textbook_formulas() -> None:
    load = Load(arrivals_per_hour=60, handle_minutes=10)  # 10 Erlangs
    at_once = figures(load, officers=12, target_seconds=0)
    assert at_once.service_level == pytest.approx(1 - 0.4493882, abs=1e-6)
    later = figures(load, officers=12, target_seconds=30)
    c = erlang_c(12, 10.0)
    # W(q) = C / (n mu - lambda) with mu = 1/10 and lambda = 1 a minute: 5 C minutes.
    assert later.average_wait_seconds == pytest.approx(60 * 5 * c)
    assert later.service_level == pytest.approx(1 - c * 2.718281828459045 ** (-0.2 * 0.5))
    assert later.occupancy == pytest.approx(10 / 12)
    assert later.abandonment == 0
    overloaded = figures(load, officers=10, target_seconds=30)
    assert not overloaded.stable and overloaded.average_wait_seconds is None
    assert overloaded.p_wait == 1 and overloaded.service_level == 0


def test_erlang_a_with_endless_patience_is_erlang_c() -> None:
    for officers in (11, 12, 13, 20):
        for seconds in (0.0, 20.0, 300.0):
            c = figures(Load(60, 10), officers=officers, target_seconds=seconds)
            a = figures(Load(60, 10, 1e9), officers=officers, target_seconds=seconds)
            assert a.model == "erlang-a" and c.model == "erlang-c"
            assert a.p_wait == pytest.approx(c.p_wait, abs=1e-6)
            assert a.service_level == pytest.approx(c.service_level, abs=1e-6)
            assert a.average_wait_seconds == pytest.approx(c.average_wait_seconds, rel=1e-5)
            assert a.occupancy == pytest.approx(c.occupancy, abs=1e-6)
            assert a.abandonment < 1e-6


def test_erlang_a_with_no_patience_loses_everyone_who_would_wait() -> None:
    # Nobody waits: an arrival finding all officers busy leaves, as in Erlang B.
    result = figures(Load(60, 10, 1e-6), officers=11, target_seconds=20)
    blocked = erlang_b(11, 10.0)
    assert result.p_wait == pytest.approx(blocked, rel=1e-4)
    assert result.abandonment == pytest.approx(result.p_wait, rel=1e-4)
    assert result.service_level == pytest.approx(1 - blocked, rel=1e-4)
    assert result.average_wait_seconds is not None and result.average_wait_seconds < 1e-3


def test_erlang_a_stays_stable_when_overloaded() -> None:
    result = figures(Load(120, 10, 15), officers=5, target_seconds=300)  # 20 Erlangs
    assert result.stable
    # Five officers serve five Erlangs' worth: three visitors in four give up.
    assert result.abandonment == pytest.approx(0.75, abs=1e-6)
    assert result.occupancy == pytest.approx(1.0, abs=1e-6)
    assert result.service_level < 0.001


@pytest.mark.parametrize(
    ("load", "officers"),
    [(Load(60, 10, 5), 11), (Load(120, 10, 15), 20), (Load(60, 10), 12)],
    ids=["erlang-a-short-patience", "erlang-a-busy", "erlang-c"],
)
def test_model_and_a_long_seeded_simulation_agree(load: Load, officers: int) -> None:
    model = figures(load, officers=officers, target_seconds=60)
    observed = simulate(
        arrivals_per_hour=[load.arrivals_per_hour] * 3000,
        handle=load.handle_minutes,
        officers=officers,
        target_seconds=60,
        patience_minutes=load.patience_minutes,
        warmup_hours=10,
        seed=7,
    )
    assert observed.arrivals > 150_000
    # Measured: 0.8 (Erlang C), 0.3 and 0.4 points with these seeds.
    assert disagreement_points(model, observed) < 1.5
    assert model.average_wait_seconds is not None
    assert observed.average_wait_seconds == pytest.approx(model.average_wait_seconds, rel=0.05)
    assert agreement_sentence(model, observed).startswith("model and simulation agree within")


def test_the_simulation_is_reproducible_and_follows_the_hourly_rates() -> None:
    day = [0.0, 30.0, 90.0, 60.0, 0.0, 20.0]
    first = simulate(arrivals_per_hour=day, handle=8, officers=3, target_seconds=60, seed=3)
    again = simulate(arrivals_per_hour=day, handle=8, officers=3, target_seconds=60, seed=3)
    other = simulate(arrivals_per_hour=day, handle=8, officers=3, target_seconds=60, seed=4)
    assert first == again and first != other
    assert 150 <= first.arrivals <= 250  # 200 expected
    # A sample of real handling times instead of the exponential: instant visits never wait.
    instant = simulate(arrivals_per_hour=day, handle=[0.0], officers=1, target_seconds=0)
    assert instant.p_wait == 0 and instant.service_level == 1 and instant.occupancy == 0
    with pytest.raises(SimulationError, match="handle sample"):
        simulate(arrivals_per_hour=day, handle=[], officers=1, target_seconds=0)
    with pytest.raises(SimulationError, match="warm-up"):
        simulate(arrivals_per_hour=day, handle=5, officers=1, target_seconds=0, warmup_hours=6)


@pytest.mark.parametrize("patience", [None, 10.0])
def test_officers_needed_is_the_fewest_meeting_the_target_and_grows_with_the_load(
    patience: float | None,
) -> None:
    target = Target(seconds=20, level=0.8)
    previous = 0
    for per_hour in range(5, 400, 15):
        load = Load(per_hour, 12, patience)
        needed = officers_needed(load, target)
        assert needed.meets(target)
        if needed.officers > 1:
            fewer = figures(load, officers=needed.officers - 1, target_seconds=20)
            assert not fewer.meets(target)
        assert needed.officers >= previous
        previous = needed.officers
    assert previous > 50  # the loop reached a real office, so monotony was tested


def test_a_stricter_target_never_needs_fewer_officers() -> None:
    load = Load(90, 15, 20)
    counts = [officers_needed(load, Target(20, level)).officers for level in (0.5, 0.8, 0.95)]
    assert counts == sorted(counts) and counts[0] < counts[-1]


def test_bad_loads_and_targets_are_refused() -> None:
    with pytest.raises(StaffingError, match="arrivals_per_hour"):
        Load(0, 10)
    with pytest.raises(StaffingError, match="handle_minutes"):
        Load(10, float("nan"))
    with pytest.raises(StaffingError, match="patience_minutes"):
        Load(10, 10, -1)
    with pytest.raises(StaffingError, match="target level"):
        Target(20, 1.5)
    with pytest.raises(StaffingError, match="officers"):
        figures(Load(10, 10), officers=0, target_seconds=20)
    with pytest.raises(StaffingError, match="more than"):
        officers_needed(Load(10_000, 480), Target(20, 0.8))


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["staffing", *NOW, *argv])
    out, err = capsys.readouterr()
    return code, out, err


BASE = ("--arrivals-per-hour", "60", "--handle-minutes", "10", "--target-seconds", "20")


def test_the_command_prints_the_figures_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, *BASE, "--target-level", "0.8", "--json")
    assert code == 0
    data = json.loads(out)
    expected = officers_needed(Load(60, 10), Target(20, 0.8))
    assert data["model"] == "erlang-c" and data["meets_target"] is True
    assert data["officers"] == data["officers_needed"] == expected.officers == 14
    assert data["p_wait"] == pytest.approx(expected.p_wait)
    assert set(data) >= {"service_level", "average_wait_seconds", "occupancy", "abandonment"}

    code, out, _ = _run(capsys, *BASE, "--target-level", "0.8", "--officers", "12", "--json")
    data = json.loads(out)
    assert code == 0 and data["officers"] == 12 and data["officers_needed"] == 14
    assert data["p_wait"] == pytest.approx(0.4494, abs=5e-5) and data["meets_target"] is False


def test_the_command_with_patience_checks_itself_against_a_simulation(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = (*BASE, "--target-level", "0.8", "--patience-minutes", "5", "--simulate", "50")
    code, out, _ = _run(capsys, *argv, "--json")
    data = json.loads(out)
    assert code == 0 and data["model"] == "erlang-a" and data["abandonment"] > 0
    assert data["simulation"]["seed"] == 1 and data["simulation"]["arrivals"] > 2000
    assert data["simulation"]["disagreement_points"] < 5
    code, out, _ = _run(capsys, *argv)
    assert code == 0 and "Erlang A" in out and "model and simulation agree within" in out
    assert "officers needed" in out and "abandonment" in out


@pytest.mark.parametrize(
    ("change", "option"),
    [
        (("--arrivals-per-hour", "0"), "--arrivals-per-hour"),
        (("--arrivals-per-hour", "-5"), "--arrivals-per-hour"),
        (("--arrivals-per-hour", "many"), "--arrivals-per-hour"),
        (("--arrivals-per-hour", "1e400"), "--arrivals-per-hour"),
        (("--handle-minutes", "1e9"), "--handle-minutes"),
        (("--handle-minutes", "nan"), "--handle-minutes"),
        (("--patience-minutes", "0"), "--patience-minutes"),
        (("--target-seconds", "-1"), "--target-seconds"),
        (("--target-level", "0"), "--target-level"),
        (("--target-level", "1.01"), "--target-level"),
        (("--target-level", "80%"), "--target-level"),
        (("--officers", "0"), "--officers"),
        (("--officers", "2.5"), "--officers"),
        (("--officers", "99999999"), "--officers"),
        (("--arrivals-per-hour", "10000", "--handle-minutes", "480"), "arrivals-per-hour"),
        (("--simulate", "100000"), "--simulate"),
    ],
)
def test_bad_input_is_one_line_naming_the_option(
    capsys: pytest.CaptureFixture[str], change: tuple[str, ...], option: str
) -> None:
    argv = dict(zip(BASE[::2], BASE[1::2], strict=True)) | {"--target-level": "0.8"}
    argv |= dict(zip(change[::2], change[1::2], strict=True))
    code, out, err = _run(capsys, *[part for pair in argv.items() for part in pair])
    assert code == 1 and out == ""
    assert err.startswith("desk-central: ") and option in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_question_too_large_to_compute_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = _run(
        capsys,
        "--arrivals-per-hour",
        "10000",
        "--handle-minutes",
        "480",
        "--patience-minutes",
        "480",
        "--target-seconds",
        "3600",
        "--target-level",
        "0.8",
        "--officers",
        "1",
    )
    assert code == 1 and "too large to compute" in err and err.count("\n") == 1


def test_figures_serialise_every_field() -> None:
    result = figures(Load(60, 10, 5), officers=11, target_seconds=20)
    assert set(result.to_json()) == set(Figures.__dataclass_fields__)
