"""The frame path against a hand-written numpy evaluation of the same checks, in the same run.

``make bench`` prints, for the full Hà Tĩnh commune set (60 indicators) over synthetic communes:

* ``evaluate_frame`` on numeric columns, beside a numpy baseline that evaluates the same compiled
  thresholds on the same arrays (status codes per indicator, criteria by their rule, the set,
  the counts) with nothing else: no grouping, no exact re-check, no result frame;
* ``evaluate_frame`` on Vietnamese strings (``"669/836 hộ"``, ``"52,15 triệu đồng/người/năm"``);
* the memory the result frame of 100,000 communes holds.
"""

from __future__ import annotations

import operator
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

import ntmcriteria as ntm
from ntmcriteria.core.values import MeasureKind
from ntmcriteria.evaluation.frame import FrameSession
from ntmcriteria.evaluation.plan import Const, EachSex, Flag, Node, Parts, Threshold

SET_ID = "hatinh/xa-ntm/2022-2025"
YEAR = 2024
OPS: dict[str, Callable[[Any, Any], Any]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}


def synthetic_frame(criteria_set: ntm.CriteriaSet, size: int, seed: int = 2026) -> pd.DataFrame:
    """Numeric columns, one per measure, with about 5 % missing."""
    rng = np.random.default_rng(seed)
    columns: dict[str, Any] = {"unit": [f"Xã {i}" for i in range(size)]}
    for measure in criteria_set.measures.values():
        kind = measure.kind
        if kind is MeasureKind.RATIO:
            values = rng.integers(6000, 10001, size) / 100.0
        elif kind is MeasureKind.BOOLEAN:
            values = (rng.random(size) < 0.9).astype(np.float64)
        elif kind is MeasureKind.COUNT:
            values = rng.integers(0, 4, size).astype(np.float64)
        elif kind is MeasureKind.LEVEL:
            values = rng.integers(1, len(measure.levels) + 1 if measure.levels else 5, size)
            values = values.astype(np.float64)
        else:
            values = rng.integers(3000, 7000, size) / 100.0
        missing = rng.random(size) < 0.05
        if kind is MeasureKind.BOOLEAN:  # a yes/no column: pandas' nullable booleans
            flags = pd.array(values.astype(bool), dtype="boolean")
            flags[missing] = pd.NA
            columns[measure.id] = flags
            continue
        values[missing] = np.nan
        columns[measure.id] = values
    return pd.DataFrame(columns)


def text_frame(criteria_set: ntm.CriteriaSet, size: int, seed: int = 2026) -> pd.DataFrame:
    """The same communes written as reports write them."""
    rng = np.random.default_rng(seed)
    columns: dict[str, Any] = {"unit": [f"Xã {i}" for i in range(size)]}
    for measure in criteria_set.measures.values():
        kind = measure.kind
        if kind is MeasureKind.RATIO:
            whole = rng.integers(300, 3000, size)
            part = (whole * rng.uniform(0.6, 1.0, size)).astype(np.int64)
            values = [f"{p}/{w} hộ" for p, w in zip(part, whole, strict=True)]
        elif kind is MeasureKind.BOOLEAN:
            values = list(np.where(rng.random(size) < 0.9, "Đạt", "Chưa đạt"))
        elif kind is MeasureKind.COUNT:
            values = [f"{n} {measure.unit}".strip() for n in rng.integers(0, 4, size)]
        elif kind is MeasureKind.LEVEL:
            values = [f"mức độ {n}" for n in rng.integers(1, 4, size)]
        else:
            whole = rng.integers(30, 70, size)
            cents = rng.integers(0, 100, size)
            values = [f"{w},{c:02d} {measure.unit}" for w, c in zip(whole, cents, strict=True)]
        columns[measure.id] = values
    return pd.DataFrame(columns)


def numpy_baseline(criteria_set: ntm.CriteriaSet, frame: pd.DataFrame) -> np.ndarray:
    """The same checks hand-written in numpy, plainly but with the usual tricks (a missing value
    compares False and is added in as "no data"; counts summed in bytes).

    Thresholds are taken from the compiled plan; each indicator gives a status code (5 achieved,
    1 not achieved, 2 no data, 0 not applicable, 3 not encoded); all of / any of parts are the
    minimum / maximum of those codes; criteria follow their rule, the set all its criteria; the
    per-unit counts are summed. Nothing else: no grouping by context, no exact re-check, no
    reading of text, no result frame.
    """
    session = FrameSession(ntm.registry())
    plan = session.plan(criteria_set, YEAR, None, {})
    arrays = {
        m: frame[m].to_numpy(dtype=np.float64, na_value=np.nan) for m in criteria_set.measures
    }
    size = len(frame)
    missing = {m: np.isnan(a) for m, a in arrays.items()}

    def run(node: Node | None) -> np.ndarray:
        if node is None or isinstance(node, Const):
            return np.full(size, 2 if node is None else node.code, dtype=np.int8)
        if isinstance(node, Threshold | Flag):
            values = arrays[node.measure.id]
            if isinstance(node, Threshold):
                met = OPS[node.op](values, float(node.threshold))
            else:
                met = values == (1.0 if node.wanted else 0.0)
            code = met.view(np.int8) * np.int8(4) + np.int8(1)
            code += missing[node.measure.id].view(np.int8)  # NaN compared False: 1 → 2
            return code
        if isinstance(node, EachSex):  # "for men and women alike": a failed share fails
            overall, male, female = run(node.overall), run(node.male), run(node.female)
            worst = np.minimum(np.minimum(overall, male), female)
            achieved = ((male == 5) & (female == 5)) | (overall == 5)
            return np.where((worst != 1) & achieved, np.int8(5), worst).astype(np.int8)
        assert isinstance(node, Parts)
        parts = [run(p) for p in node.parts]
        combine = np.minimum if node.needed is None else np.maximum
        found = parts[0]
        for part in parts[1:]:
            found = combine(found, part)
        return found

    codes = [run(part.node) for part in plan.indicators]
    criteria = []
    start = 0
    counts = np.zeros((4, size), dtype=np.uint8)  # fewer than 256 parts: bytes add fastest
    for criterion in criteria_set.criteria():
        parts = codes[start : start + len(criterion.indicators)]
        start += len(criterion.indicators)
        achieved = np.zeros(size, dtype=np.uint8)
        failed = np.zeros(size, dtype=np.uint8)
        applicable = np.zeros(size, dtype=np.uint8)
        for part in parts:
            achieved += (part == 5).view(np.uint8)
            failed += (part == 1).view(np.uint8)
            applicable += (part != 0).view(np.uint8)
        counts[2] += achieved
        counts[3] += applicable
        needed = criterion.rule.count if criterion.rule.kind == "at_least" else applicable
        status = np.full(size, 4, dtype=np.int8)
        status[applicable - failed < needed] = 1
        status[achieved >= needed] = 5
        status[applicable == 0] = 0
        counts[0] += (status == 5).view(np.uint8)
        counts[1] += (status != 0).view(np.uint8)
        criteria.append(status)
    failed_any = np.zeros(size, dtype=bool)
    all_met = np.ones(size, dtype=bool)
    for status in criteria:
        failed_any |= status == 1
        all_met &= (status == 5) | (status == 0)
    status = np.full(size, 4, dtype=np.int8)
    status[all_met] = 5
    status[failed_any] = 1
    return np.concatenate([np.stack(codes), np.stack(criteria), status[None], counts])


def best_of(runs: int, call: Callable[[], Any]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return min(times)


def main(size: int = 100_000, text_size: int = 100_000) -> None:
    criteria_set = ntm.registry().get(SET_ID)
    indicators = criteria_set.indicator_count
    frame = synthetic_frame(criteria_set, size)
    registry = ntm.registry()
    ntm.evaluate_frame(criteria_set, frame.head(10), YEAR, registry=registry)  # warm the caches
    baseline = best_of(5, lambda: numpy_baseline(criteria_set, frame))
    ours = best_of(5, lambda: ntm.evaluate_frame(criteria_set, frame, YEAR, registry=registry))
    out = ntm.evaluate_frame(criteria_set, frame, YEAR, registry=registry)
    expected = numpy_baseline(criteria_set, frame)
    criteria = [f"criterion:{c.id}" for c in criteria_set.criteria()]
    counted = ["criteria_achieved", "criteria_applicable"]
    counted += ["indicators_achieved", "indicators_applicable"]
    same = (
        np.array_equal(
            expected[:indicators],
            np.stack([out[f"indicator:{i.id}"].cat.codes for i in criteria_set.indicators()]),
        )
        and np.array_equal(
            expected[indicators : indicators + len(criteria)],
            np.stack([out[c].cat.codes for c in criteria]),
        )
        and np.array_equal(expected[-5], out["status"].cat.codes)
        and np.array_equal(expected[-4:], np.stack([out[c].to_numpy() for c in counted]))
    )
    print(f"set {SET_ID}: {indicators} indicators, {size:,} synthetic communes, year {YEAR}")
    print(
        f"numeric columns   numpy baseline {baseline * 1e3:8.1f} ms  "
        f"{size / baseline:12,.0f} communes/s  {size * indicators / baseline:14,.0f} checks/s"
    )
    print(
        f"                  evaluate_frame {ours * 1e3:8.1f} ms  "
        f"{size / ours:12,.0f} communes/s  {size * indicators / ours:14,.0f} checks/s  "
        f"({ours / baseline:.2f}× the baseline; same statuses: {same})"
    )
    memory = out.memory_usage(deep=True).sum()
    each = memory / size
    print(f"result frame      {memory / 1e6:8.1f} MB for {size:,} communes ({each:.0f} B each)")
    texts = text_frame(criteria_set, text_size)
    started = time.perf_counter()
    ntm.evaluate_frame(criteria_set, texts, YEAR, registry=registry)
    took = time.perf_counter() - started
    print(
        f"Vietnamese strings evaluate_frame {took * 1e3:8.1f} ms for {text_size:,} communes  "
        f"{text_size / took:12,.0f} communes/s"
    )


if __name__ == "__main__":
    main()
