"""The layers of ``src/ntmcriteria`` (DESIGN.md, "Layout"): each imports only from those below
it, and the import graph — imports inside functions included — has no cycle."""

from __future__ import annotations

import ast
import importlib
import warnings
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "ntmcriteria"
#: bottom to top
LAYERS = ("core", "criteria", "packs", "observations", "evaluation", "report", "cli")
#: the modules that moved in 0.2, kept as deprecated aliases of their new place
ALIASES = {
    "errors": "core.errors",
    "status": "core.status",
    "text": "core.text",
    "units": "core.units",
    "values": "core.values",
    "model": "criteria.model",
    "requirements": "criteria.requirements",
    "composition": "criteria.composition",
    "hookspecs": "packs.hookspecs",
    "loader": "packs.loader",
    "packdocs": "packs.packdocs",
    "readers": "observations.files",
    "templates": "observations.templates",
    "results": "evaluation.results",
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    found = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {m: p for m, p in found.items() if m.split(".")[-1] not in ALIASES or m.count(".") > 1}


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The library modules ``name`` imports, wherever in the file, outside TYPE_CHECKING."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for child in node.body for n in ast.walk(child))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                found.add(candidate if candidate in known else target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and "." in node.value  # import_module("ntmcriteria.x"), not a bare "ntmcriteria"
            and node.value in known
        ):
            found.add(node.value)
    return {m for m in found if m in known and m != name}


def layer(name: str) -> int:
    parts = name.split(".")
    if len(parts) == 1 or parts[1] in ("__main__", "schema"):
        return len(LAYERS)  # the package's public face sits on top
    return LAYERS.index(parts[1])


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports(name, path, known) for name, path in found.items()}


def test_every_module_is_in_a_layer() -> None:
    for name in modules():
        parts = name.split(".")
        assert len(parts) == 1 or parts[1] in (*LAYERS, "__main__"), name


def test_each_layer_imports_only_from_below() -> None:
    wrong = [
        f"{name} ({LAYERS[layer(name)] if layer(name) < len(LAYERS) else 'top'}) imports {target}"
        for name, targets in graph().items()
        for target in targets
        if layer(target) > layer(name)
    ]
    assert not wrong, "\n".join(sorted(wrong))


def test_the_import_graph_has_no_cycle() -> None:
    edges = graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                cycles.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert not cycles, "\n".join(" → ".join(c) for c in cycles)


@pytest.mark.parametrize(("old", "new"), sorted(ALIASES.items()))
def test_moved_modules_keep_working_for_a_release(old: str, new: str) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        importlib.import_module(f"ntmcriteria.{old}")
    moved = importlib.import_module(f"ntmcriteria.{new}")
    assert importlib.import_module(f"ntmcriteria.{old}") is moved
    if caught:  # a first import warns; the module may have been imported by an earlier test
        assert any(issubclass(w.category, DeprecationWarning) for w in caught)
