"""The same checks in OpenFisca-Core's vectorised engine, beside ``evaluate_frame``, in one run.

The full Hà Tĩnh commune set is compiled (``ntmcriteria.evaluation.plan``) and each indicator
becomes an OpenFisca variable whose formula applies the same threshold to the same input arrays;
criteria and the set are formulas over them. OpenFisca has no "no data" or "not applicable", so
its version is two-valued (a missing value simply fails): it does less than ``evaluate_frame``
(no five-valued codes, no counts, no result frame), which makes it a fair upper bound. Both start
from the same DataFrame; OpenFisca's formulas are also timed alone, once their inputs are set.
Every criterion and set verdict that ``evaluate_frame`` decides is checked against OpenFisca's.
``make bench`` installs ``openfisca-core`` for this; without it the comparison is skipped.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import frame as frame_bench
import numpy as np

import ntmcriteria as ntm
from ntmcriteria.evaluation.frame_session import FrameSession
from ntmcriteria.evaluation.plan import Const, EachSex, Flag, Node, Parts, Threshold

SET_ID = "hatinh/xa-ntm/2022-2025"
YEAR = 2024
OPS = frame_bench.OPS


def _expression(node: Node | None) -> Callable[[Any, Any], Any]:
    """A formula body for one indicator: ``(commune, period) -> bool array``."""
    if node is None or isinstance(node, Const):
        achieved = node is not None and node.code == 5

        def constant(commune: Any, period: Any) -> Any:
            return np.full(commune.count, achieved)

        return constant
    if isinstance(node, Threshold):
        name, op, limit = node.measure.id, OPS[node.op], float(node.threshold)
        return lambda commune, period: op(commune(name, period), limit)
    if isinstance(node, Flag):
        name, wanted = node.measure.id, 1.0 if node.wanted else 0.0
        return lambda commune, period: commune(name, period) == wanted
    if isinstance(node, EachSex):
        return _each_sex(node)
    assert isinstance(node, Parts)
    parts = [_expression(part) for part in node.parts]
    combine = np.logical_and if node.needed is None else np.logical_or

    def combined(commune: Any, period: Any) -> Any:
        found = parts[0](commune, period)
        for part in parts[1:]:
            found = combine(found, part(commune, period))
        return found

    return combined


def _each_sex(node: EachSex) -> Callable[[Any, Any], Any]:
    """ "For men and women alike": any share given and failing fails; both sexes' shares, or
    else the overall share, achieve (a missing share is NaN: neither met nor failed)."""
    shares = (node.overall, node.male, node.female)
    met = [_expression(share) for share in shares]
    names = [share.measure.id if isinstance(share, Threshold | Flag) else None for share in shares]

    def formula(commune: Any, period: Any) -> Any:
        held = [m(commune, period) for m in met]
        known = [
            ~np.isnan(commune(name, period)) if name else np.ones(commune.count, dtype=bool)
            for name in names
        ]
        failed = np.logical_or.reduce([k & ~h for k, h in zip(known, held, strict=True)])
        return ((held[1] & held[2]) | held[0]) & ~failed

    return formula


def _at_least(members: list[str], needed: int) -> Callable[[Any, Any], Any]:
    """A criterion formula: at least ``needed`` of its indicator variables hold."""

    def formula(commune: Any, period: Any) -> Any:
        return sum(commune(m, period).astype(int) for m in members) >= needed

    return formula


def system(criteria_set: ntm.CriteriaSet) -> tuple[Any, list[str]]:
    """An OpenFisca tax-benefit system with the set's checks, and its criterion variables."""
    from openfisca_core.entities import build_entity
    from openfisca_core.periods import DateUnit
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable

    commune = build_entity(key="commune", plural="communes", label="Commune", is_person=True)
    tbs = TaxBenefitSystem([commune])

    def variable(name: str, value_type: type, formula: Callable[..., Any] | None = None) -> None:
        body: dict[str, Any] = {
            "value_type": value_type,
            "entity": commune,
            "definition_period": DateUnit.YEAR,
            "label": name,
        }
        if formula is not None:
            body["formula"] = formula
        tbs.add_variable(type(name, (Variable,), body))

    for measure in criteria_set.measures:
        variable(measure, float)
    plan = FrameSession(ntm.registry()).plan(criteria_set, YEAR, None, {})
    names = {}
    for index, part in enumerate(plan.indicators):
        names[part.indicator.id] = f"indicator_{index}"
        variable(names[part.indicator.id], bool, _expression(part.node))
    criteria = []
    for index, criterion in enumerate(criteria_set.criteria()):
        members = [names[i.id] for i in criterion.indicators]
        needed = criterion.rule.count if criterion.rule.kind == "at_least" else len(members)

        criteria.append(f"criterion_{index}")
        variable(criteria[-1], bool, _at_least(members, needed))

    def achieved(commune: Any, period: Any) -> Any:
        found = commune(criteria[0], period)
        for name in criteria[1:]:
            found = found & commune(name, period)
        return found

    variable("set_achieved", bool, achieved)
    return tbs, criteria


def main(size: int = 100_000, rounds: int = 5) -> None:
    try:
        from openfisca_core.simulations import SimulationBuilder
    except ModuleNotFoundError:
        print("OpenFisca-Core is not installed (make bench installs it): comparison skipped")
        return
    criteria_set = ntm.registry().get(SET_ID)
    frame = frame_bench.synthetic_frame(criteria_set, size)
    tbs, criteria = system(criteria_set)
    # ours first: timed after OpenFisca, it would pay for the garbage collector walking the
    # objects OpenFisca's simulations leave (about 35 → 50 ms on this machine)
    registry = ntm.registry()
    ours = frame_bench.best_of(
        rounds, lambda: ntm.evaluate_frame(criteria_set, frame, YEAR, registry=registry)
    )
    whole, calculation = [], []
    for _ in range(rounds):
        started = time.perf_counter()  # from the same DataFrame, as evaluate_frame starts
        simulation = SimulationBuilder().build_default_simulation(tbs, count=size)
        for name in criteria_set.measures:
            values = frame[name].to_numpy(dtype=np.float64, na_value=np.nan)
            simulation.set_input(name, str(YEAR), values)
        inputs_set = time.perf_counter()
        simulation.calculate("set_achieved", str(YEAR))
        calculation.append(time.perf_counter() - inputs_set)
        whole.append(time.perf_counter() - started)
    took, calculated = min(whole), min(calculation)
    # Where a verdict is decided, the two engines must agree (OpenFisca only lacks "no data"):
    # each criterion and the set, on the last simulation.
    result = ntm.evaluate_frame(criteria_set, frame, YEAR, registry=registry)
    compared = achieved = 0
    columns = [f"criterion:{c.id}" for c in criteria_set.criteria()] + ["status"]
    for column, name in zip(columns, [*criteria, "set_achieved"], strict=True):
        status = result[column].to_numpy()
        decided = (status == "achieved") | (status == "not_achieved")
        theirs = np.asarray(simulation.calculate(name, str(YEAR)))
        wrong = int(((status == "achieved") != theirs)[decided].sum())
        if wrong:
            raise SystemExit(f"OpenFisca and evaluate_frame disagree on {column}: {wrong} communes")
        compared += int(decided.sum())
        achieved += int((status == "achieved").sum())
    checks = size * criteria_set.indicator_count
    from importlib.metadata import version

    print(
        f"OpenFisca-Core {version('openfisca-core')}, the same thresholds as two-valued formulas, "
        f"{size:,} communes ({compared:,} decided verdicts, {achieved:,} achieved, all agreeing):"
    )
    rows = [
        ("OpenFisca, frame in", took, ""),
        ("OpenFisca, formulas", calculated, "  (inputs already set)"),
        ("evaluate_frame", ours, f"  ({took / ours:.2f}× OpenFisca's rate, frame in)"),
    ]
    for label, seconds, remark in rows:
        print(
            f"  {label:<21} {seconds * 1e3:7.1f} ms  {size / seconds:11,.0f} communes/s  "
            f"{checks / seconds:13,.0f} checks/s{remark}"
        )


if __name__ == "__main__":
    main()
