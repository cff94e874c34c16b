"""Random mutations of a valid pack file always end in the loader's own located error."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntmcriteria.core.errors import ModelError
from ntmcriteria.packs import load_criteria_sets, set_files

[EXAMPLE] = set_files("ntmcriteria_example")
VALID: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def places(node: Any, found: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Every (container, key) pair of the data, depth first."""
    if isinstance(node, dict):
        for key in list(node):
            found.append((node, key))
            places(node[key], found)
    elif isinstance(node, list):
        for index in range(len(node)):
            found.append((node, index))
            places(node[index], found)
    return found


REPLACEMENTS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-10, max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(["quả", ">= abc", "≥ 80 km", "Đạt", "2022", "", "/", "%", "1.224", "{"]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.sampled_from(["op", "value", "x", "vi"]), st.integers(), max_size=2),
)


def no_lookup(_set_id: str) -> None:
    return None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutations_end_in_a_located_model_error(data: st.DataObject) -> None:
    mutated = copy.deepcopy(VALID)
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        targets = places(mutated, [])
        container, key = data.draw(st.sampled_from(targets))
        if data.draw(st.booleans()) and isinstance(container, dict):
            del container[key]
        else:
            container[key] = data.draw(REPLACEMENTS)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mutated.yaml"
        path.write_text(yaml.safe_dump(mutated, allow_unicode=True), encoding="utf-8")
        outcome: ModelError | None = None
        try:
            load_criteria_sets([path], lookup=no_lookup)
        except ModelError as error:  # anything else fails the test
            outcome = error
        if outcome is not None:
            assert outcome.problems
            for problem in outcome.problems:
                assert problem.file == str(path)
                assert problem.path == "" or problem.path.startswith("/")
                assert problem.message
