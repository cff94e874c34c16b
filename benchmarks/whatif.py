"""What-if in notebooks against hand-written numpy, in the same run (``make bench``):

* ``monte_carlo``: 10,000 draws of one commune on the full Hà Tĩnh commune set, every share and
  the income drawn with a normal error, beside numpy drawing the same arrays and running the
  numpy baseline of ``benchmarks/frame.py`` on them (target ≤ 0.2 s);
* ``sweep``: 26 thresholds of 17.8 (75 % … 100 %) over 8,000 communes, beside the numpy baseline
  run once per threshold (target ≤ 0.5 s);
* ``path_to``: one commune (xã Kỳ Châu) to the Hà Tĩnh commune set, beside numpy computing the
  gap of every threshold indicator of one commune (target ≤ 50 ms).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from frame import SET_ID, YEAR, best_of, numpy_baseline, synthetic_frame

import ntmcriteria as ntm
from ntmcriteria.core.values import MeasureKind
from ntmcriteria.evaluation.frame import FrameSession
from ntmcriteria.evaluation.plan import Threshold

DRAWS = 10_000
COMMUNES = 8_000
THRESHOLDS = list(range(75, 101))


def _uncertain(criteria_set: ntm.CriteriaSet) -> dict[str, Any]:
    errors: dict[str, Any] = {
        m.id: 3.0
        for m in criteria_set.measures.values()
        if m.kind is MeasureKind.RATIO and m.unit == "%"
    }
    errors["income_per_capita"] = "± 5 triệu đồng/người/năm"
    return errors


def _numpy_draws(criteria_set: ntm.CriteriaSet, row: pd.Series, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    columns: dict[str, Any] = {}
    for measure in criteria_set.measures.values():
        value = row[measure.id]
        if measure.kind is MeasureKind.RATIO and measure.unit == "%":
            columns[measure.id] = np.clip(rng.normal(value, 3.0, DRAWS), 0, 100)
        elif measure.id == "income_per_capita":
            columns[measure.id] = np.maximum(rng.normal(value, 5.0, DRAWS), 0)
        else:
            columns[measure.id] = np.full(DRAWS, value, dtype=np.float64)
    codes = numpy_baseline(criteria_set, pd.DataFrame(columns))
    return (codes == 5).mean(axis=1)  # the share of draws achieving each part


def monte_carlo_figures(criteria_set: ntm.CriteriaSet) -> None:
    commune = synthetic_frame(criteria_set, 1, seed=7).fillna(
        {m.id: 90.0 for m in criteria_set.measures.values() if m.kind is MeasureKind.RATIO}
    )
    commune = commune.dropna(axis=1)
    [observations] = ntm.frame_observations(criteria_set, commune.assign(year=YEAR))
    errors = _uncertain(criteria_set)
    ntm.monte_carlo(observations, criteria_set, errors=errors, draws=50, seed=1)  # warm
    ours = best_of(
        3,
        lambda: ntm.monte_carlo(observations, criteria_set, errors=errors, draws=DRAWS, seed=1),
    )
    full = synthetic_frame(criteria_set, 1, seed=7).iloc[0]
    baseline = best_of(3, lambda: _numpy_draws(criteria_set, full.fillna(90.0), 1))
    print(
        f"monte_carlo       {DRAWS:,} draws, 1 commune, {len(errors)} uncertain values:  "
        f"numpy {baseline * 1e3:7.1f} ms   monte_carlo {ours * 1e3:7.1f} ms  "
        f"({ours / baseline:.1f}× the baseline; target ≤ 200 ms)"
    )


def sweep_figures(criteria_set: ntm.CriteriaSet) -> None:
    frame = synthetic_frame(criteria_set, COMMUNES, seed=11)
    ntm.sweep(criteria_set, frame.head(20), requirement="17.8", thresholds=[80], year=YEAR)
    ours = best_of(
        3,
        lambda: ntm.sweep(
            criteria_set, frame, requirement="17.8", thresholds=THRESHOLDS, year=YEAR
        ),
    )
    derived = [criteria_set.with_requirements({"17.8": f">= {t} %"}) for t in THRESHOLDS]

    def baseline() -> list[np.ndarray]:
        return [numpy_baseline(each, frame) for each in derived]

    numpy_time = best_of(3, baseline)
    table = ntm.sweep(criteria_set, frame, requirement="17.8", thresholds=THRESHOLDS, year=YEAR)
    counted = table[table["id"] == "17.8"]["achieved"].tolist()
    first = [i.id for i in criteria_set.indicators()].index("17.8")
    expected = [int((codes[first] == 5).sum()) for codes in baseline()]
    print(
        f"sweep             {len(THRESHOLDS)} thresholds × {COMMUNES:,} communes:  "
        f"numpy {numpy_time * 1e3:7.1f} ms   sweep {ours * 1e3:7.1f} ms  "
        f"({ours / numpy_time:.1f}× the baseline; same counts: {counted == expected}; "
        "target ≤ 500 ms)"
    )


def path_figures(criteria_set: ntm.CriteriaSet) -> None:
    examples = Path(__file__).resolve().parents[1] / "examples" / "observations"
    [observations] = ntm.read_observations(examples / "ky-chau-2022.yaml")
    ntm.path_to(observations, criteria_set)  # warm
    ours = best_of(10, lambda: ntm.path_to(observations, criteria_set))
    plan = FrameSession(ntm.registry()).plan(criteria_set, YEAR, None, {})
    values = dict.fromkeys(criteria_set.measures, 50.0)
    nodes = [p.node for p in plan.indicators if isinstance(p.node, Threshold)]

    def gaps() -> list[float]:
        return [float(n.threshold) - values[n.measure.id] for n in nodes]

    baseline = best_of(10, gaps)
    path = ntm.path_to(observations, criteria_set)
    print(
        f"path_to           xã Kỳ Châu → {criteria_set.id} ({len(path.steps)} changes):  "
        f"numpy gaps {baseline * 1e3:7.3f} ms   path_to {ours * 1e3:7.1f} ms  (target ≤ 50 ms)"
    )


def main() -> None:
    criteria_set = ntm.registry().get(SET_ID)
    monte_carlo_figures(criteria_set)
    sweep_figures(criteria_set)
    path_figures(criteria_set)


if __name__ == "__main__":
    main()
