"""YAML and JSON documents read within limits, for packs and observation files alike.

What a hostile or broken document could do to a reader, and what is done instead:

* **Aliases that multiply** ("billion laughs": nine aliases of nine aliases of …) or that refer
  to themselves: the document's size as if every alias were written out is counted on the node
  graph, before anything is built; beyond :data:`MAX_NODES` nodes, or a recursive alias, it is
  refused.
* **Nesting** deeper than :data:`MAX_DEPTH` levels (no criteria set or observation file needs
  more than a dozen) is refused instead of exhausting Python's recursion.
* **Numbers** longer than :data:`MAX_NUMBER_CHARS` characters (a 5,000-digit integer) or with an
  exponent beyond ±\\ :data:`MAX_EXPONENT` (``1e999999999``, which would take forever to make
  exact) are refused before they are converted.
* **Impossible dates** (``2022-02-30``) are refused with their line, not raised as a Python error;
  tags that build what the library never reads (``!!set``, ``!!binary``, ``!!omap``, ``!!pairs``,
  any ``!!python/…``) are refused by name.
* **Text that is not Unicode** — a lone surrogate (``"\\ud800"`` in JSON) — is refused with its
  place, before it reaches a report or a terminal.

Every refusal is a :class:`DocumentError` with a :class:`Problem` (place and line when known).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import yaml

from .errors import NtmError, Problem
from .numbers import MAX_EXPONENT, MAX_NUMBER_CHARS

__all__ = [
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "MAX_NODES",
    "MAX_NUMBER_CHARS",
    "DocumentError",
    "SafeLoader",
    "check_data",
    "check_node",
    "load_json",
    "load_yaml",
]

#: the deepest nesting read (mappings and lists inside each other)
MAX_DEPTH = 64
#: the most nodes a YAML document may hold with every alias written out
MAX_NODES = 1_000_000


class DocumentError(NtmError, ValueError):
    """A document the readers refuse; ``problem`` says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_EXPONENT = re.compile(r"[eE]([+-]?\d+)\s*$")


def _number_problem(text: str) -> str | None:
    """Why a number literal is refused, or None."""
    if len(text) > MAX_NUMBER_CHARS:
        return f"a number of {len(text):,} characters (at most {MAX_NUMBER_CHARS} are read)"
    exponent = _EXPONENT.search(text)
    if exponent is not None and abs(int(exponent[1])) > MAX_EXPONENT:
        return f"a number with the exponent {exponent[1]} (at most ±{MAX_EXPONENT})"
    return None


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


class SafeLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """PyYAML's safe loader (libyaml's when built with it) with the limits of this module."""


def _checked(
    construct: Callable[[Any, yaml.ScalarNode], Any],
) -> Callable[[Any, yaml.ScalarNode], Any]:
    def constructor(loader: Any, node: yaml.ScalarNode) -> Any:
        problem = _number_problem(str(node.value))
        if problem is not None:
            raise DocumentError(Problem("", problem, line=_line(node)))
        return construct(loader, node)

    return constructor


def _timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as exc:
        raise DocumentError(
            Problem("", f"not a date: {node.value} ({exc})", line=_line(node))
        ) from None


def _refused_tag(loader: Any, node: yaml.Node) -> Any:
    raise DocumentError(
        Problem(
            "",
            f"the tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not read here: write"
            " plain values, lists and mappings",
            line=_line(node),
        )
    )


SafeLoader.add_constructor("tag:yaml.org,2002:int", _checked(yaml.SafeLoader.construct_yaml_int))
SafeLoader.add_constructor(
    "tag:yaml.org,2002:float", _checked(yaml.SafeLoader.construct_yaml_float)
)
SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
for _tag in ("set", "binary", "omap", "pairs"):
    SafeLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refused_tag)


def check_node(node: yaml.Node) -> None:
    """Refuse a composed YAML document that is too deep, too large with its aliases written
    out, or that holds a recursive alias — counted on the node graph, without building it."""
    sizes: dict[int, int] = {}  # node id -> nodes under it (itself included), aliases expanded
    depths: dict[int, int] = {}
    active: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(node, False)]
    while stack:
        current, children_done = stack.pop()
        key = id(current)
        children: list[yaml.Node] = []
        if isinstance(current, yaml.MappingNode):
            children = [n for pair in current.value for n in pair]
        elif isinstance(current, yaml.SequenceNode):
            children = list(current.value)
        if children_done:
            active.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            depths[key] = 1 + max((depths[id(c)] for c in children), default=0)
            if depths[key] > MAX_DEPTH:
                raise DocumentError(
                    Problem("", f"nested deeper than {MAX_DEPTH} levels", line=_line(current))
                )
            if sizes[key] > MAX_NODES:
                raise DocumentError(
                    Problem(
                        "",
                        f"more than {MAX_NODES:,} values once its aliases are written out"
                        " (aliases that multiply: refused)",
                        line=_line(current),
                    )
                )
            continue
        if key in sizes:
            continue
        if key in active:
            raise DocumentError(Problem("", "an alias that refers to itself", line=_line(current)))
        active.add(key)
        stack.append((current, True))
        if len(active) > MAX_DEPTH:
            raise DocumentError(
                Problem("", f"nested deeper than {MAX_DEPTH} levels", line=_line(current))
            )
        stack.extend((c, False) for c in children if id(c) not in sizes)


_SURROGATE = re.compile("[\ud800-\udfff]")


def check_data(data: Any) -> None:
    """Refuse built data nested deeper than :data:`MAX_DEPTH` or holding text that is not
    Unicode (a lone surrogate); the problem's path is the JSON pointer of the place."""
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, pointer, depth = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                raise DocumentError(
                    Problem(pointer, "text that is not valid Unicode (a lone surrogate)")
                )
            continue
        if not isinstance(value, dict | list):
            continue
        if depth >= MAX_DEPTH:
            raise DocumentError(Problem(pointer, f"nested deeper than {MAX_DEPTH} levels"))
        if isinstance(value, dict):
            for key, item in value.items():
                child = f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}"
                if isinstance(key, str) and _SURROGATE.search(key):
                    raise DocumentError(
                        Problem(child, "a key that is not valid Unicode (a lone surrogate)")
                    )
                stack.append((item, child, depth + 1))
        else:
            stack.extend((item, f"{pointer}/{i}", depth + 1) for i, item in enumerate(value))


class _NumberRefused(Exception):
    def __init__(self, literal: str, reason: str) -> None:
        super().__init__(reason)
        self.literal, self.reason = literal, reason


def _json_int(text: str) -> int:
    problem = _number_problem(text)
    if problem is not None:
        raise _NumberRefused(text, problem)
    return int(text)


def _json_decimal(text: str) -> Decimal:
    problem = _number_problem(text)
    if problem is not None:
        raise _NumberRefused(text, problem)
    return Decimal(text)


def load_json(text: str, object_pairs_hook: Callable[[list[tuple[str, Any]]], Any]) -> Any:
    """A JSON document with exact decimals, within the limits of this module."""
    try:
        data = json.loads(
            text,
            object_pairs_hook=object_pairs_hook,
            parse_float=_json_decimal,
            parse_int=_json_int,
        )
    except RecursionError:
        raise DocumentError(Problem("", f"nested deeper than {MAX_DEPTH} levels")) from None
    except _NumberRefused as exc:
        line = text.count("\n", 0, max(text.find(exc.literal), 0)) + 1
        raise DocumentError(Problem("", exc.reason, line=line)) from None
    check_data(data)
    return data


def load_yaml(text: str) -> tuple[Any, yaml.Node | None]:
    """A YAML document (PyYAML's safe loader, within the limits of this module) and its node
    graph (for the line of each place); a malformed document is a located DocumentError."""
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            check_node(node)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise DocumentError(_yaml_problem(exc)) from None
    except RecursionError:  # the pure-Python parser, before the depth is checked
        raise DocumentError(Problem("", f"nested deeper than {MAX_DEPTH} levels")) from None
    finally:
        loader.dispose()
    check_data(data)
    return data, node


def _yaml_problem(exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    message = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    context_mark = getattr(exc, "context_mark", None)
    if context:
        started = (
            f" (started on line {context_mark.line + 1})"
            if context_mark is not None and context_mark.line + 1 != line
            else ""
        )
        message = f"{context}{started}, {message}"
    return Problem("", f"malformed YAML: {message}", line=line)
