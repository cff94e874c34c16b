"""Notebooks and what-if: display and frames, scenarios on values and thresholds, sweeps, the path
to a tier (its claim checked by applying it), Monte Carlo, charts."""

from __future__ import annotations

import math
import random
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers import EXAMPLES

import ntmcriteria as ntm
from ntmcriteria.evaluation.paths import Path as PathResult

pytest.importorskip("pandas")

EXAMPLE = "example/xa-ntm-trich/2022-2025"
HATINH = "hatinh/xa-ntm/2022-2025"


def unit(name: str) -> ntm.Observations:
    [found] = ntm.read_observations(EXAMPLES / name)
    return found


# --- display and frames ---------------------------------------------------------------------------


def test_a_result_shows_short_and_as_coloured_html() -> None:
    result = ntm.evaluate(HATINH, unit("ky-chau-2022.yaml"))
    text = repr(result)
    assert text.startswith("<SetResult hatinh/xa-ntm/2022-2025 · Kỳ Châu 2022: undetermined")
    assert len(text) < 200
    html = result._repr_html_()
    assert html.count('<details class="criterion"') == 20 and "#C6EFCE" in html  # coloured
    assert html.count('<details class="group"') == 6  # the set's groups, collapsible
    assert "Thu nhập" in html and "Income" not in html  # Vietnamese by default
    assert "Income" in str(result.show("en"))
    assert len(html) < 40_000
    the_set = ntm.registry().get(HATINH)
    assert (
        repr(the_set)
        == "<CriteriaSet hatinh/xa-ntm/2022-2025: 20 criteria, 60 indicators, pack hatinh 0.1.0>"
    )
    assert the_set._repr_html_().count("<details>") == len(the_set.groups)
    ladder = ntm.assess(unit("tay-ho-2024.yaml"))
    assert repr(ladder).startswith("<TierAssessment Tây Hồ 2024: highest tier nang-cao")
    assert "Hạng đạt cao nhất" in ladder._repr_html_()


def test_to_frame_has_a_row_per_indicator_with_its_gap() -> None:
    result = ntm.evaluate("dongthap/xa-ntm-kieu-mau/2021-2025", unit("doc-binh-kieu-2024.yaml"))
    frame = result.to_frame()
    assert list(frame["indicator"]) == list(result.indicators)
    row = frame.set_index("indicator").loc["K2"]
    assert row["status"] == "not_achieved" and row["value"] == pytest.approx(68.3)
    assert row["gap_amount"] == pytest.approx(10.9) and row["unit"] == "triệu đồng/người/năm"
    ratio = frame.set_index("indicator").loc["SX5.1"]
    assert ratio["gap_count"] == pytest.approx(
        548.5, abs=0.01
    )  # hectares to add: the whole is known


def test_results_frame_agrees_with_evaluate_frame() -> None:
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(
        {
            "unit": [f"x{i}" for i in range(30)],
            "year": 2024,
            "income_per_capita [triệu đồng/người/năm]": rng.uniform(30, 70, 30),
            "households_hygienic_facilities_rate [%]": rng.uniform(60, 100, 30),
        }
    )
    batch = ntm.evaluate_frame(EXAMPLE, frame)
    units = ntm.frame_observations(EXAMPLE, frame)
    table = ntm.results_frame(ntm.evaluate(EXAMPLE, u) for u in units)
    assert list(table["unit"]) == list(frame["unit"])
    for column in ("status", "criterion:10", "indicator:17.8", "indicators_achieved"):
        assert list(table[column].astype(str)) == list(batch[column].astype(str)), column


# --- scenarios on values --------------------------------------------------------------------------


def test_what_if_on_a_result_lists_what_changed() -> None:
    result = ntm.evaluate("dongthap/xa-ntm-kieu-mau/2021-2025", unit("doc-binh-kieu-2024.yaml"))
    scenario = result.what_if({"K2": ntm.increase("10,9 triệu đồng/người/năm")})
    assert scenario.result.indicators["K2"].status is ntm.Status.ACHIEVED
    changed = {(c.kind, c.id, c.before, c.after) for c in scenario.diff.changes}
    assert ("indicator", "K2", ntm.Status.NOT_ACHIEVED, ntm.Status.ACHIEVED) in changed
    assert ("criterion", "K2", ntm.Status.NOT_ACHIEVED, ntm.Status.ACHIEVED) in changed
    assert list(scenario.diff.to_frame()["id"]) == ["K2", "K2"]
    short = result.what_if({"K2": ntm.increase("10,8 triệu đồng/người/năm")})
    assert not short.diff  # 79,1 < 79,2: nothing changes
    assert "Không có thay đổi" in short.diff._repr_html_()
    assert result.indicators["K2"].status is ntm.Status.NOT_ACHIEVED  # the result is untouched


def test_increase_of_a_share_given_by_its_counts_adds_to_the_numerator() -> None:
    base = ntm.Observations.from_dict(
        {"unit": "X", "year": 2024, "values": {"households_hygienic_facilities_rate": "669/836 hộ"}}
    )
    result = ntm.evaluate(EXAMPLE, base)
    assert result.indicators["17.8"].status is ntm.Status.NOT_ACHIEVED  # 80,02 % < 85 %
    gap = result.indicators["17.8"].gap
    assert gap is not None and gap.units_needed == 42
    enough = result.what_if({"17.8": ntm.increase("42 hộ")})
    observed = enough.result.indicators["17.8"].observed
    assert observed.numerator == 711 and observed.denominator == 836
    assert enough.result.indicators["17.8"].status is ntm.Status.ACHIEVED
    assert result.what_if({"17.8": ntm.increase("41 hộ")}).result.indicators["17.8"].status is (
        ntm.Status.NOT_ACHIEVED
    )
    points = result.what_if({"17.8": ntm.increase("5 %")}).result.indicators["17.8"].observed
    assert points.numerator == Fraction(669) + Fraction(5, 100) * 836
    gone = result.what_if({"households_hygienic_facilities_rate": None})
    assert gone.result.indicators["17.8"].status is ntm.Status.NO_DATA  # missing, not failed
    with pytest.raises(ntm.ArgumentError, match=r"cannot change by 'ha'"):
        result.what_if({"17.8": ntm.increase("3 ha")})
    with pytest.raises(ntm.ArgumentError, match="not a share of its whole"):
        result.what_if({"17.8": ntm.increase("200 hộ")})
    with pytest.raises(ntm.ArgumentError, match="no value to raise"):
        result.what_if({"10": ntm.increase("4 triệu đồng/người/năm")})


def test_what_if_on_a_ladder_lists_tier_changes() -> None:
    ladder = ntm.assess(unit("doc-binh-kieu-2024.yaml"))
    scenario = ntm.what_if(ladder, {"income_per_capita": "80 triệu đồng/người/năm"})
    kinds = {(c.kind, c.id) for c in scenario.diff.changes}
    assert ("indicator", "K2") in kinds
    assert isinstance(scenario.result, ntm.TierAssessment)


def test_what_if_changes_a_villages_values() -> None:
    commune = unit("tay-ho-2024.yaml")
    result = ntm.evaluate("thanhhoa/xa-ntm-kieu-mau/2022-2025", commune)
    scenario = ntm.what_if(result, {}, villages={"Nam Thượng": {"1.10": "50 %"}})
    changed = {(c.kind, c.id) for c in scenario.diff.changes}
    assert ("village", "Nam Thượng") in changed
    with pytest.raises(ntm.ArgumentError, match="no village named"):
        ntm.what_if(result, {}, villages={"Nam Hạ": {"1.10": "50 %"}})


# --- scenarios on thresholds ----------------------------------------------------------------------


def test_a_threshold_scenario_is_a_set_of_its_own_on_both_paths() -> None:
    base = ntm.registry().get(HATINH)
    derived = base.with_requirements({"17.8": "≥ 90 %"})
    assert derived.id.startswith(f"{HATINH}/reform-") and derived.id != base.id
    assert derived.content_hash() != base.content_hash()
    assert derived.provenance is not None and "17.8: ≥ 90 %" in str(derived.provenance.source)
    assert base.with_requirements({"17.8": "≥ 90 %"}).id == derived.id  # the same change, one id
    frame = pd.DataFrame(
        {"unit": ["a", "b"], "year": 2024, "households_hygienic_facilities_rate [%]": [88, 92]}
    )
    batch = ntm.evaluate_frame(derived, frame)
    assert list(batch["indicator:17.8"].astype(str)) == ["not_achieved", "achieved"]
    assert batch.attrs["set_id"] == derived.id
    for row, observations in enumerate(ntm.frame_observations(derived, frame)):
        scalar = ntm.evaluate(derived, observations)
        assert scalar.set_id == derived.id and scalar.content_hash == derived.content_hash()
        assert scalar.indicators["17.8"].status.value == str(batch["indicator:17.8"].iloc[row])
    with pytest.raises(ntm.ModelError, match=r"did you mean '17\.8'"):
        base.with_requirements({"17.88": "≥ 90 %"})
    with pytest.raises(ntm.ModelError, match="needs its unit"):
        base.with_requirements({"17.8": ">= 90"})
    with pytest.raises(ntm.ModelError, match="rule over villages"):
        base.with_requirements({"20": "≥ 90 %"})


# --- sweeps ---------------------------------------------------------------------------------------


def _province(size: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "unit": [f"x{i}" for i in range(size)],
            "year": 2024,
            "households_hygienic_facilities_rate [%]": rng.uniform(70, 100, size).round(2),
            "income_per_capita [triệu đồng/người/năm]": rng.uniform(30, 70, size).round(2),
        }
    )


def test_a_threshold_sweep_counts_what_evaluate_frame_gives_at_each_step() -> None:
    frame = _province(300, 1)
    thresholds = [80, 85, 90, 95]
    table = ntm.sweep(EXAMPLE, frame, requirement="17.8", thresholds=thresholds)
    assert list(table.columns[:4]) == ["step", "value", "level", "id"]
    base = ntm.registry().get(EXAMPLE)
    achieved = []
    for step, threshold in enumerate(thresholds):
        expected = ntm.evaluate_frame(base.with_requirements({"17.8": f">= {threshold} %"}), frame)
        row = table[(table["step"] == step) & (table["id"] == "17.8")].iloc[0]
        assert row["achieved"] == (expected["indicator:17.8"] == "achieved").sum()
        assert row["units"] == 300
        set_row = table[(table["step"] == step) & (table["level"] == "set")].iloc[0]
        assert set_row["id"] == EXAMPLE
        assert set_row["achieved"] == (expected["status"] == "achieved").sum()
        achieved.append(row["achieved"])
    assert achieved == sorted(achieved, reverse=True)  # a higher threshold, fewer communes


def test_a_value_sweep_sets_every_units_value() -> None:
    frame = _province(50, 2)
    table = ntm.sweep(
        EXAMPLE, frame, measure="households_hygienic_facilities_rate", values=[80, "85 %", 90]
    )
    rows = table[table["id"] == "17.8"].set_index("step")
    assert list(rows["achieved"]) == [0, 50, 50] and list(rows["not_achieved"]) == [50, 0, 0]
    with pytest.raises(ntm.ArgumentError, match="sweep one thing"):
        ntm.sweep(EXAMPLE, frame, measure="x", values=[1], requirement="17.8", thresholds=[1])


# --- the path to a tier ---------------------------------------------------------------------------


def _check_claim(path: PathResult, observations: ntm.Observations, target: str) -> None:
    """Applying the listed changes gives the path's own result: every indicator it lists is
    achieved, and with nothing blocked the set is achieved."""
    the_set = ntm.registry().get(path.target)
    scenario = ntm.what_if(
        observations,
        path.changes(),
        the_set,
        villages=path.village_changes() or None,
        choices=dict(path.choices) or None,
    )
    assert scenario.result.status is path.result.status
    changed = scenario.observations
    for step in path.steps:
        where = changed if step.unit == observations.unit.name else changed.village(step.unit)
        holder = ntm.evaluate(step.set_id, where, observations.year)
        assert holder.indicators[step.indicator].status is ntm.Status.ACHIEVED, step
    if not path.blocked:
        assert path.reached and scenario.result.status is ntm.Status.ACHIEVED


@pytest.mark.parametrize(
    ("file", "tier"),
    [
        ("ky-chau-2022.yaml", "ntm"),
        ("ky-chau-2022.yaml", "nang-cao"),
        ("doc-binh-kieu-2024.yaml", "kieu-mau"),
        ("doc-binh-kieu-2024.yaml", "ntm"),
        ("tay-ho-2024.yaml", "kieu-mau"),
    ],
)
def test_the_path_of_every_example_commune_holds_when_applied(file: str, tier: str) -> None:
    observations = unit(file)
    path = ntm.path_to(observations, tier)
    _check_claim(path, observations, tier)
    sizes = [step.size for step in path.steps]
    assert sizes == sorted(sizes)  # ranked, smallest first
    assert path.to_frame()["rank"].tolist() == list(range(1, len(path.steps) + 1))


def test_the_path_names_the_gap_in_households() -> None:
    observations = ntm.Observations.from_dict(
        {
            "unit": "X",
            "year": 2024,
            "values": {
                "households_hygienic_facilities_rate": "669/836 hộ",
                "income_per_capita": "40 triệu đồng/người/năm",
            },
        }
    )
    path = ntm.path_to(observations, EXAMPLE)
    step = next(s for s in path.steps if s.indicator == "17.8")
    assert step.value["numerator"] == 711 and "thêm 42 hộ" in step.description.vi
    income = next(s for s in path.steps if s.indicator == "10")
    assert "cần tăng thêm" in income.description.vi
    _check_claim(path, observations, EXAMPLE)
    assert path.reached  # every other indicator had no data: the path gives each its least value


def _random_commune(
    the_set: ntm.CriteriaSet, seed: int, facts: dict[str, object]
) -> ntm.Observations:
    rng = random.Random(seed)
    values: dict[str, object] = {}
    for measure in the_set.measures.values():
        if rng.random() < 0.25:
            continue  # no data
        kind = measure.kind.value
        if kind == "boolean":
            values[measure.id] = rng.choice(["Đạt", "Không"])
        elif kind == "ratio" and rng.random() < 0.5:
            whole = rng.randint(50, 2000)
            values[measure.id] = f"{rng.randint(0, whole)}/{whole} hộ"
        elif kind == "ratio":
            values[measure.id] = f"{rng.uniform(0, 100):.2f} %".replace(".", ",")
        elif kind == "count":
            values[measure.id] = f"{rng.randint(0, 3)} {measure.unit}"
        elif kind == "level":
            values[measure.id] = rng.randint(1, 4)
        else:
            values[measure.id] = f"{rng.uniform(0, 120):.1f} {measure.unit}".replace(".", ",")
    return ntm.Observations.from_dict(
        {"unit": f"Xã {seed}", "year": 2024, "context": facts, "values": values}
    )


@pytest.mark.parametrize("seed", range(12))
def test_the_path_of_random_communes_holds_when_applied(seed: int) -> None:
    for set_id, facts in (
        (EXAMPLE, {}),
        (HATINH, {"schools": 3, "market_in_plan": True, "has_craft_village": False}),
    ):
        the_set = ntm.registry().get(set_id)
        observations = _random_commune(the_set, seed, facts)
        path = ntm.path_to(observations, the_set)
        _check_claim(path, observations, set_id)
        if set_id == EXAMPLE:
            assert path.reached and not path.blocked
        else:  # criterion 20 needs the villages, which a value cannot give
            assert set(path.blocked) == {f"Xã {seed}: 20"}


def test_a_tier_not_in_force_is_refused() -> None:
    with pytest.raises(ntm.ArgumentError, match="tiers in force are"):
        ntm.path_to(unit("ky-chau-2022.yaml"), "thong-minh")


# --- uncertainty ----------------------------------------------------------------------------------


def test_monte_carlo_gives_the_probability_a_normal_error_implies() -> None:
    observations = unit("ky-chau-2022.yaml")  # income 52,15 against ≥ 39 (2022)
    table = ntm.monte_carlo(
        observations,
        HATINH,
        errors={"income_per_capita": "± 10 triệu đồng/người/năm"},
        draws=20_000,
        seed=7,
    )
    row = table[(table["level"] == "indicator") & (table["id"] == "10")].iloc[0]
    expected = 0.5 * (1 + math.erf((52.15 - 39) / 10 / math.sqrt(2)))  # P(income ≥ 39)
    assert row["achieved"] == pytest.approx(expected, abs=0.01)
    assert row["achieved"] + row["not_achieved"] + row["open"] + row["not_applicable"] == (
        pytest.approx(1)
    )
    again = ntm.monte_carlo(
        observations,
        HATINH,
        errors={"income_per_capita": "± 10 triệu đồng/người/năm"},
        draws=20_000,
        seed=7,
    )
    pd.testing.assert_frame_equal(table, again)  # reproducible with a seed
    fixed = table[(table["level"] == "indicator") & (table["id"] == "11")].iloc[0]
    assert fixed["achieved"] == 1.0  # no error: the scalar verdict every time


def test_monte_carlo_without_errors_is_the_scalar_verdict_for_every_tier() -> None:
    observations = unit("doc-binh-kieu-2024.yaml")
    table = ntm.monte_carlo(observations, draws=20, seed=1)
    assert set(table["tier"]) == {"ntm", "nang-cao", "kieu-mau"}
    for set_id, rows in table.groupby("set_id"):
        scalar = ntm.evaluate(set_id, observations)
        for _, row in rows[rows["level"] == "indicator"].iterrows():
            status = scalar.indicators[row["id"]].status
            if status is ntm.Status.ACHIEVED:
                assert row["achieved"] == 1.0
            elif status is ntm.Status.NOT_ACHIEVED:
                assert row["not_achieved"] == 1.0


def test_monte_carlo_reads_every_kind_of_error() -> None:
    observations = ntm.Observations.from_dict(
        {
            "unit": "X",
            "year": 2024,
            "values": {
                "households_hygienic_facilities_rate": "86 %",
                "commune_health_standard": "Đạt",
                "income_per_capita": "50 triệu đồng/người/năm",
            },
        }
    )
    table = ntm.monte_carlo(
        observations,
        EXAMPLE,
        errors={
            "households_hygienic_facilities_rate": {"uniform": [80, 90]},
            "commune_health_standard": {"probability": 0.25},
            "income_per_capita": {"relative": 0.0},
        },
        draws=40_000,
        seed=2,
    )
    by_id = table[table["level"] == "indicator"].set_index("id")
    assert by_id.loc["17.8", "achieved"] == pytest.approx(0.5, abs=0.01)  # U(80, 90) ≥ 85
    assert by_id.loc["10", "achieved"] == 1.0
    with pytest.raises(ntm.ArgumentError, match="no set drawn here has a measure"):
        ntm.monte_carlo(observations, EXAMPLE, errors={"weather": 1}, draws=5)
    with pytest.raises(ntm.ArgumentError, match="relative"):
        ntm.monte_carlo(observations, EXAMPLE, errors={"income_per_capita": "± 5 %"}, draws=5)
    with pytest.raises(ntm.ArgumentError, match="draws"):
        ntm.monte_carlo(observations, EXAMPLE, draws=0)
    with pytest.raises(ntm.ArgumentError, match="draws"):
        ntm.monte_carlo(observations, EXAMPLE, draws=10**9)  # refused before any memory is used
    for bad in ([1], [3, 1], ["a", "b"], "80-90", [80, float("nan")], [5, 5]):
        with pytest.raises(ntm.ArgumentError, match="households_hygienic_facilities_rate"):
            ntm.monte_carlo(
                observations,
                EXAMPLE,
                errors={"households_hygienic_facilities_rate": {"uniform": bad}},
                draws=5,
            )


# --- charts ---------------------------------------------------------------------------------------


def test_charts_draw_in_vietnamese(tmp_path: Path) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    result = ntm.evaluate("dongthap/xa-ntm-kieu-mau/2021-2025", unit("doc-binh-kieu-2024.yaml"))
    ax = result.plot()
    assert len(ax.get_yticklabels()) == len(result.criteria)
    assert ax.get_xlabel() == "Số chỉ tiêu"
    ax.figure.savefig(tmp_path / "result.png")
    sweep = ntm.sweep(EXAMPLE, _province(40, 3), requirement="17.8", thresholds=[80, 90])
    axes = sweep.plot(parts=["17.8"], lang="en")
    assert axes.get_ylabel() == "Units achieving" and len(axes.get_lines()) == 2
    axes.figure.savefig(tmp_path / "sweep.png")
    assert (tmp_path / "sweep.png").stat().st_size > 1000


@pytest.mark.parametrize("fmt", ["yaml", "json", "csv", "xlsx"])
def test_an_error_stated_with_a_value_round_trips_and_is_drawn(fmt: str, tmp_path: Path) -> None:
    observations = ntm.Observations.from_dict(
        {
            "unit": "X",
            "year": 2024,
            "values": {
                "income_per_capita": {
                    "value": "45 triệu đồng/người/năm",
                    "error": "± 5 triệu đồng/người/năm",
                }
            },
        }
    )
    [again] = ntm.read_observations(ntm.write_observations([observations], tmp_path / f"o.{fmt}"))
    assert again.values["income_per_capita"].error == "± 5 triệu đồng/người/năm"
    table = ntm.monte_carlo(again, EXAMPLE, draws=20_000, seed=3)
    row = table[(table["level"] == "indicator") & (table["id"] == "10")].iloc[0]
    expected = 0.5 * (1 + math.erf((45 - 45) / 5 / math.sqrt(2)))  # ≥ 45 in 2024: a coin toss
    assert row["achieved"] == pytest.approx(expected, abs=0.015)
    fixed = ntm.monte_carlo(again, EXAMPLE, errors={"income_per_capita": 0}, draws=10, seed=3)
    assert fixed[fixed["id"] == "10"]["achieved"].tolist() == [1.0, 1.0]  # the given one wins


def test_a_malformed_error_is_refused_where_it_is() -> None:
    with pytest.raises(ntm.ObservationError, match=r"/values/income_per_capita/error"):
        ntm.Observations.from_dict(
            {"unit": "X", "values": {"income_per_capita": {"value": 45, "error": "nhiều"}}}
        )


def test_a_choice_left_open_goes_to_the_group_with_least_to_do() -> None:
    import attrs

    observations = unit("doc-binh-kieu-2024.yaml")  # the commune chose the production group
    chosen = ntm.path_to(observations, "kieu-mau")
    assert dict(chosen.choices) == {}  # its own choice stands
    assert chosen.reached and not chosen.blocked
    _check_claim(chosen, observations, "kieu-mau")
    undecided = attrs.evolve(observations, choices={})
    path = ntm.path_to(undecided, "kieu-mau")
    # CQMT has a criterion not encoded, G3–G5 are not identified: SX is the one a value can reach
    assert dict(path.choices) == {"group": "SX"}
    assert path.reached
    _check_claim(path, undecided, "kieu-mau")


@pytest.mark.parametrize(
    "call",
    [
        lambda o: ntm.increase(float("nan")),
        lambda o: ntm.decrease(float("inf")),
        lambda o: ntm.increase(10**400),
        lambda o: ntm.increase(True),
        lambda o: ntm.path_to(o, "nang-cao", year="2024"),
        lambda o: ntm.monte_carlo(o, HATINH, errors={"income_per_capita": float("nan")}, draws=5),
        lambda o: ntm.monte_carlo(o, HATINH, errors={"income_per_capita": "± -3"}, draws=5),
        lambda o: ntm.monte_carlo(o, HATINH, draws=5, seed="x"),
        lambda o: ntm.sweep(
            HATINH, pd.DataFrame({"unit": ["a"]}), requirement="17.8", thresholds=[80], year="x"
        ),
        lambda o: ntm.sweep(
            HATINH, pd.DataFrame({"unit": ["a"]}), requirement="17.8", thresholds=[]
        ),
    ],
)
def test_bad_arguments_of_what_if_are_refused_with_an_argument_error(call: object) -> None:
    observations = unit("ky-chau-2022.yaml")
    with pytest.raises(ntm.ArgumentError):
        call(observations)  # type: ignore[operator]


def test_monte_carlo_over_a_frame_gives_each_units_probability() -> None:
    frame = _province(40, 9)
    errors = {"income_per_capita": "± 5 triệu đồng/người/năm"}
    table = ntm.monte_carlo(frame, EXAMPLE, errors=errors, draws=4_000, seed=4)
    assert list(table.index) == list(frame.index) and list(table["unit"]) == list(frame["unit"])
    incomes = frame["income_per_capita [triệu đồng/người/năm]"]
    for income, achieved in zip(incomes, table["indicator:10"], strict=True):
        expected = 0.5 * (1 + math.erf((income - 45) / 5 / math.sqrt(2)))  # ≥ 45 in 2024
        assert achieved == pytest.approx(expected, abs=0.03)
    exact = ntm.evaluate_frame(EXAMPLE, frame)  # no error on 17.8: its verdict every time
    assert ((exact["indicator:17.8"] == "achieved").to_numpy() == table["indicator:17.8"]).all()
    again = ntm.monte_carlo(frame, EXAMPLE, errors=errors, draws=4_000, seed=4)
    pd.testing.assert_frame_equal(table, again)
    with pytest.raises(ntm.ArgumentError, match="needs the set"):
        ntm.monte_carlo(frame, errors=errors, draws=5)
    with pytest.raises(ntm.ArgumentError, match="standard deviation or"):
        ntm.monte_carlo(frame, EXAMPLE, errors={"income_per_capita": {"uniform": [1, 2]}})
    with pytest.raises(ntm.ArgumentError, match="beyond"):
        ntm.monte_carlo(frame, EXAMPLE, errors=errors, draws=1_000_000)
