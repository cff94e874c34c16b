"""Verdict tests as data: a pack states the verdicts it expects, in YAML, and no Python.

A file ``tests/test_<name>.yaml`` of a pack holds cases::

    verdicts:
      - name: Kỳ Châu 2022 (seed 000)
        set: hatinh/xa-ntm/2022-2025
        observations: ../../../examples/observations/ky-chau-2022.yaml   # or a mapping, inline
        village: Thôn Một            # optional: evaluate this village of the file's commune
        year: 2022                   # optional: the assessment year (default: the file's)
        expect:
          status: undetermined       # the set
          tier: hatinh/xa-ntm-nang-cao/2022-2025   # optional: the highest tier (ntm.assess); none
          criteria: {"10": achieved}
          indicators: {"10": achieved, "15.1": achieved}
          conditions: {K1: achieved}

``ntm pack test [PATH …]`` runs every case and prints each disagreement with its file and line;
the pytest plugin (entry point ``pytest11``) collects the same files, so ``pytest`` in a pack
folder runs them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ..core.documents import DocumentError, load_yaml
from ..core.errors import ModelError, NtmError, Problem
from ..core.files import read_input
from ..core.status import Status

if TYPE_CHECKING:
    from ..observations.model import Observations
    from ..packs.registry import Registry

__all__ = [
    "Disagreement",
    "VerdictCase",
    "find_case_files",
    "read_cases",
    "registry_for",
    "run_case",
]

_STATUSES = {s.value for s in Status}
_KEYS = {"name", "set", "observations", "village", "year", "expect"}
_EXPECT = {"status", "tier", "criteria", "indicators", "conditions"}


@attrs.frozen(slots=True)
class VerdictCase:
    """One expected verdict: a unit's observations, a set, and what must come out."""

    name: str
    file: str
    line: int | None
    set_id: str
    observations: Any  # a path (relative to the file) or the data itself
    expect: Mapping[str, Any]
    village: str | None = None
    year: int | None = None


@attrs.frozen(slots=True)
class Disagreement:
    """What a case expected and what the evaluation gave."""

    case: VerdictCase
    place: str
    expected: str
    found: str

    def __str__(self) -> str:
        where = f"{self.case.file}:{self.case.line}" if self.case.line else self.case.file
        return f"{where} {self.case.name}: {self.place}: expected {self.expected}, got {self.found}"


def find_case_files(paths: Iterable[Path]) -> list[Path]:
    """The verdict files of ``paths``: ``test_*.yaml`` files, or those under a folder's
    ``tests/`` (or the folder itself)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            folder = path / "tests" if (path / "tests").is_dir() else path
            found.extend(sorted(folder.glob("test_*.yaml")))
        else:
            found.append(path)
    return found


def read_cases(path: Path) -> list[VerdictCase]:
    """The cases of one file; a ModelError listing every problem, located, when it is malformed."""
    origin = str(path)
    try:
        data, node = load_yaml(read_input(path).decode("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelError([Problem("", f"cannot read: {exc}", file=origin)]) from None
    except DocumentError as exc:
        raise ModelError([attrs.evolve(exc.problem, file=origin)]) from None
    lines = _item_lines(node)
    if not isinstance(data, Mapping) or not isinstance(data.get("verdicts"), list):
        raise ModelError(
            [Problem("", "expected a mapping with 'verdicts': a list of cases", file=origin)]
        )
    problems: list[Problem] = []
    cases = []
    for index, item in enumerate(data["verdicts"]):
        here = f"/verdicts/{index}"
        line = lines.get(index)

        def fail(place: str, message: str, line: int | None = line) -> None:
            problems.append(Problem(place, message, file=origin, line=line))

        if not isinstance(item, Mapping):
            fail(here, "expected a case: {name, set, observations, expect}")
            continue
        unknown = set(item) - _KEYS
        if unknown:
            fail(here, f"unknown key(s) {sorted(map(str, unknown))}; expected {sorted(_KEYS)}")
        for key in ("name", "set"):
            if not isinstance(item.get(key), str) or not item.get(key):
                fail(f"{here}/{key}", f"expected the case's {key} (a string)")
        if not isinstance(item.get("observations"), str | Mapping):
            fail(f"{here}/observations", "expected a file (relative to this one) or the data")
        expect = item.get("expect")
        if not isinstance(expect, Mapping) or not expect:
            fail(f"{here}/expect", f"expected what must come out: some of {sorted(_EXPECT)}")
            continue
        for key, value in expect.items():
            place = f"{here}/expect/{key}"
            if key not in _EXPECT:
                fail(place, f"unknown key; expected one of {sorted(_EXPECT)}")
            elif key == "status" and value not in _STATUSES:
                fail(place, f"expected a status ({', '.join(sorted(_STATUSES))}), got {value!r}")
            elif key == "tier" and value is not None and not isinstance(value, str):
                fail(place, "expected the id of the highest tier achieved, or null for none")
            elif key in ("criteria", "indicators", "conditions"):
                if not isinstance(value, Mapping):
                    fail(place, "expected a mapping id → status")
                    continue
                for ident, status in value.items():
                    if status not in _STATUSES:
                        fail(f"{place}/{ident}", f"expected a status, got {status!r}")
        year = item.get("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            fail(f"{here}/year", f"expected a year such as 2024, got {year!r}")
        if problems:
            continue
        cases.append(
            VerdictCase(
                str(item["name"]),
                origin,
                line,
                str(item["set"]),
                item["observations"],
                dict(expect),
                item.get("village"),
                year,
            )
        )
    if problems:
        raise ModelError(problems)
    return cases


def _item_lines(node: Any) -> dict[int, int]:
    """The line of each case of ``verdicts:`` (by index)."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return {}
    for key, value in node.value:
        if getattr(key, "value", None) == "verdicts" and isinstance(value, yaml.SequenceNode):
            return {i: item.start_mark.line + 1 for i, item in enumerate(value.value)}
    return {}


def _observations(case: VerdictCase) -> Observations:
    from ..observations.files import read_observations
    from ..observations.model import Observations

    if isinstance(case.observations, Mapping):
        unit = Observations.from_dict(case.observations, origin=case.file)
    else:
        [unit] = read_observations(Path(case.file).parent / case.observations)
    return unit.village(case.village) if case.village else unit


def _pack_root(file: Path) -> Path | None:
    """The pack project a verdict file belongs to: the nearest folder above with src/*/sets."""
    for folder in file.resolve().parents:
        if any(folder.glob("src/*/sets")):
            return folder
    return None


_REGISTRIES: dict[Path, Registry] = {}


def registry_for(file: str | Path) -> Registry:
    """The installed packs, with the sets of the pack project ``file`` belongs to taking the
    place of the installed ones of the same id: a pack's verdicts run before it is installed,
    and on its working copy when it is."""
    from ..packs.registry import Registry, registry

    installed = registry()
    root = _pack_root(Path(file))
    if root is None:
        return installed
    if root in _REGISTRIES:
        return _REGISTRIES[root]
    from ..packs.registry import load_criteria_sets

    files = sorted(p for p in root.glob("src/*/sets/**/*") if p.suffix in (".yaml", ".yml"))
    own = load_criteria_sets(files) if files else []
    ids = {s.id for s in own}
    others = {
        pack.name: [installed.get(i) for i in pack.sets if i not in ids]
        for pack in installed.packs
        if pack.sets
    }
    combined = Registry.from_packs({**others, root.name: own})
    _REGISTRIES[root] = combined
    return combined


def run_case(case: VerdictCase, registry: Registry | None = None) -> list[Disagreement]:
    """Every disagreement between the case and the evaluation (empty: it holds); ``registry``
    defaults to :func:`registry_for` the case's file."""
    from .assess import assess
    from .session import evaluate

    if registry is None:
        try:
            registry = registry_for(case.file)
        except NtmError as exc:
            return [Disagreement(case, "the pack's sets", "loaded", f"an error: {exc}")]

    def differ(place: str, expected: str, found: str) -> Disagreement | None:
        return Disagreement(case, place, expected, found) if expected != found else None

    try:
        unit = _observations(case)
        result = evaluate(case.set_id, unit, case.year, registry=registry)
    except (NtmError, KeyError) as exc:
        return [Disagreement(case, "evaluation", "a result", f"an error: {exc}")]
    found: list[Disagreement | None] = []
    expect = case.expect
    if "status" in expect:
        found.append(differ("set", str(expect["status"]), result.status.value))
    for kind, ids in (("criteria", "criterion"), ("indicators", "indicator")):
        for ident, status in (expect.get(kind) or {}).items():
            if kind == "criteria":
                got = next((c.status.value for c in result.criteria if c.id == str(ident)), None)
            else:
                item = result.indicators.get(str(ident))
                got = item.status.value if item is not None else None
            found.append(differ(f"{ids} {ident}", str(status), got or "(no such id)"))
    conditions = {c.condition: c.status.value for c in result.conditions}
    for ident, status in (expect.get("conditions") or {}).items():
        found.append(
            differ(f"condition {ident}", str(status), conditions.get(str(ident), "(no such id)"))
        )
    if "tier" in expect:
        ladder = assess(unit, registry=registry, year=case.year)
        best = ladder.achieved.set_id if ladder.achieved else "none"
        found.append(differ("tier", str(expect["tier"] or "none"), best))
    return [d for d in found if d is not None]
