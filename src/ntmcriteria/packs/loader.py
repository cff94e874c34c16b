"""Loading criteria-set files: YAML with line numbers, JSON Schema, semantic checks, extends.

A file is read into a :class:`SetDocument`: its data, the line of every JSON pointer in it, and the
problems the YAML parser and the schema (``schema/pack.schema.json``) found. Documents are then
*resolved* into :class:`~ntmcriteria.model.CriteriaSet` objects: a set that ``extends`` another
inherits its measures, groups, criteria and indicators, then applies its ``overrides``, ``add``
and ``remove``. Every problem of a file is reported together, each with the file, the line and the
JSON pointer::

    hatinh/xa-ntm.yaml:214 /groups/3/criteria/2/indicators/1/requirement/op: unknown operator …

Parsed and schema-checked documents are cached by the SHA-256 of the file's bytes, so discovering
the same packs again (``registry(refresh=True)``, tests, notebooks) does not parse them again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
import threading
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib.resources.abc import Traversable
from os import PathLike, fspath
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import yaml

if TYPE_CHECKING:
    pass

from ..core.documents import DocumentError, load_yaml
from ..core.errors import ModelError, Problem
from ..core.files import read_input
from ..core.text import FrozenMap
from ..core.units import _cache_folder
from .schema import _escape, _schema_problems, _validator, pack_schema

__all__ = [
    "SetDocument",
    "read_document",
    "read_yaml",
]

Source = Traversable | PathLike[str] | str

#: the largest pack file read: fifteen times the largest set shipped (67 KB); a larger file is
#: refused at once instead of parsed and validated for many seconds (about 2 s a MiB)
MAX_PACK_FILE_BYTES = 1024 * 1024


def _read_resource(source: Traversable) -> bytes:
    """A pack file inside an installed package, within the same limit."""
    with source.open("rb") as handle:
        data = handle.read(MAX_PACK_FILE_BYTES + 1)
    if len(data) > MAX_PACK_FILE_BYTES:
        raise OSError(f"more than the {MAX_PACK_FILE_BYTES:,} bytes a pack file may hold")
    return data


# --- the schema -------------------------------------------------------------------------------


# --- YAML with line numbers ---------------------------------------------------------------------


def _walk(
    node: yaml.Node, pointer: str, lines: dict[str, int], problems: list[Problem], seen: set[int]
) -> None:
    """Record the line of every pointer under ``node``; report duplicate keys."""
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        keys: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = f"{pointer}/{_escape(key)}"
            line = key_node.start_mark.line + 1
            if key in keys:
                problems.append(
                    Problem(
                        child,
                        f"duplicate key {key!r} (first on line {keys[key]}); YAML "
                        "would silently keep only the last one",
                        line=line,
                    )
                )
            keys[key] = line
            lines.setdefault(child, line)
            _walk(value_node, child, lines, problems, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = f"{pointer}/{index}"
            lines.setdefault(child, item.start_mark.line + 1)
            _walk(item, child, lines, problems, seen)
    elif node.tag == _FLOAT_TAG and _THOUSANDS.match(node.value):
        # YAML reads 45.000 as 45.0 (an English decimal); in Vietnamese it is forty-five thousand
        problems.append(
            Problem(
                pointer,
                f"{node.value} is ambiguous: YAML reads it as the decimal "
                f"{float(node.value.replace('_', ''))!r}, Vietnamese as a number with a "
                f'thousands separator; write it in quotes ("{node.value}") to read it the '
                "Vietnamese way, or without the separator",
                line=node.start_mark.line + 1,
                message_vi=f"{node.value} không rõ nghĩa: YAML đọc là số thập phân, còn theo cách "
                f"viết Việt Nam dấu chấm ngăn cách hàng nghìn; hãy đặt trong ngoặc kép "
                f'("{node.value}") hoặc bỏ dấu chấm',
            )
        )


_FLOAT_TAG = "tag:yaml.org,2002:float"
#: a plain YAML float that a Vietnamese reader takes for thousands: 45.000, 1.234, -2.500
_THOUSANDS = re.compile(r"^[+-]?[1-9]\d{0,2}\.\d{3}$")


def _plain(value: Any) -> Any:
    """JSON-compatible data: string keys, ISO dates."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@attrs.frozen(slots=True)
class SetDocument:
    """One criteria-set file as read: data, line map, and the problems found so far."""

    file: str
    data: Any
    lines: FrozenMap[str, int]
    digest: str
    problems: tuple[Problem, ...] = ()

    @property
    def id(self) -> str | None:
        value = self.data.get("id") if isinstance(self.data, Mapping) else None
        return value if isinstance(value, str) else None

    @property
    def extends(self) -> str | None:
        value = self.data.get("extends") if isinstance(self.data, Mapping) else None
        return value if isinstance(value, str) else None

    def line(self, pointer: str) -> int | None:
        """The line of ``pointer``, or of its nearest parent that the file has."""
        while True:
            if pointer in self.lines:
                return self.lines[pointer]
            if not pointer:
                return None
            pointer = pointer.rsplit("/", 1)[0]

    def locate(self, problem: Problem) -> Problem:
        """The problem with this file and the line of its pointer."""
        line = problem.line if problem.line is not None else self.line(problem.path)
        return attrs.evolve(problem, file=self.file, line=line)


def read_yaml(source: Source) -> Any:
    """The data of a YAML file (safe loader), or a :class:`ModelError` naming file and line."""
    document = read_document(source, validate=False)
    if document.problems:
        raise ModelError([document.locate(p) for p in document.problems])
    return document.data


def _name(source: Source) -> str:
    if isinstance(source, str | PathLike):
        return fspath(source)
    return str(source)


_cache: dict[tuple[str, str, bool], SetDocument] = {}
_cache_lock = threading.Lock()


def read_document(source: Source, *, validate: bool = True) -> SetDocument:
    """Read one file: YAML syntax, duplicate keys and (``validate``) the JSON Schema."""
    name = _name(source)
    try:
        raw = (
            read_input(source, MAX_PACK_FILE_BYTES)
            if isinstance(source, str | PathLike)
            else _read_resource(source)
        )
    except OSError as exc:
        problem = Problem("", f"cannot read: {exc.strerror or exc}", file=name)
        return SetDocument(name, None, FrozenMap(), "", (problem,))
    digest = "sha256:" + hashlib.sha256(raw).hexdigest()
    key = (name, digest, validate)
    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    remembered = _remembered(digest) if validate else None
    if remembered is not None:  # these bytes were read and passed the schema before
        data, lines = remembered
        document = SetDocument(name, data, FrozenMap(lines), digest, ())
    else:
        document = _parse(name, raw, digest, validate)
    with _cache_lock:
        _cache[key] = document
    return document


def _parse(name: str, raw: bytes, digest: str, validate: bool) -> SetDocument:
    problems: list[Problem] = []
    lines: dict[str, int] = {}
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = Problem("", f"not UTF-8 text: {exc.reason} at byte {exc.start}", file=name)
        return SetDocument(name, None, FrozenMap(), digest, (problem,))
    try:
        data, node = load_yaml(text)
    except DocumentError as exc:
        problem = attrs.evolve(exc.problem, file=name)
        return SetDocument(name, None, FrozenMap(), digest, (problem,))
    if node is not None:
        _walk(node, "", lines, problems, set())
    data = _plain(data)
    if not isinstance(data, Mapping):
        problems.append(
            Problem(
                "",
                f"expected a criteria set (a mapping), got "
                f"{type(data).__name__ if data is not None else 'an empty file'}",
            )
        )
    elif validate and not _known_valid(digest):
        problems.extend(p for e in _validator().iter_errors(data) for p in _schema_problems(e))
    document = SetDocument(name, data, FrozenMap(lines), digest, ())
    if validate and not problems:
        _remember_valid(digest, data, lines)
    located = tuple(document.locate(p) for p in _unique(problems))
    return attrs.evolve(document, problems=located)


def _unique(problems: Iterable[Problem]) -> list[Problem]:
    seen: set[tuple[str, str]] = set()
    result = []
    for problem in problems:
        if (problem.path, problem.message) not in seen:
            seen.add((problem.path, problem.message))
            result.append(problem)
    return result


# --- a cache of schema-valid files across processes ----------------------------------------


def _cache_dir() -> Path | None:
    """Where schema-valid file digests are remembered (``NTMCRITERIA_CACHE=off`` disables)."""
    return _cache_folder()


#: raised when reading changes what a file may read as (old caches are then not used)
_READER_VERSION = 2


@lru_cache(maxsize=1)
def _schema_digest() -> str:
    text = json.dumps([_READER_VERSION, pack_schema()], sort_keys=True).encode("utf-8")
    return hashlib.sha256(text).hexdigest()[:16]


def _marker(digest: str) -> Path | None:
    folder = _cache_dir()
    if folder is None:
        return None
    return folder / f"schema-{_schema_digest()}" / digest.removeprefix("sha256:")


def _known_valid(digest: str) -> bool:
    """Whether a file with these bytes already passed this schema (in any earlier process)."""
    marker = _marker(digest)
    return marker is not None and marker.is_file()


def _remember_valid(digest: str, data: Any, lines: Mapping[str, int]) -> None:
    """Remember that these bytes passed the schema, with what they read as (JSON: the data is
    plain), so that a later process reads neither the YAML nor the schema again."""
    marker = _marker(digest)
    if marker is None:
        return
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{marker.name}.", dir=marker.parent)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump({"data": data, "lines": dict(lines)}, handle, ensure_ascii=False)
        os.replace(temporary, marker)
    except (OSError, TypeError, ValueError):
        pass  # a read-only home (or data JSON cannot hold) only costs speed


def _remembered(digest: str) -> tuple[Any, dict[str, int]] | None:
    """What these bytes read as, when a process read them and they passed this schema."""
    marker = _marker(digest)
    if marker is None:
        return None
    try:
        stored = json.loads(marker.read_text(encoding="utf-8"))
        data, lines = stored["data"], stored["lines"]
    except (OSError, ValueError, TypeError, KeyError):
        return None  # none yet, an empty marker of an earlier version, or a damaged one
    if not isinstance(data, dict) or not isinstance(lines, dict):
        return None
    return data, {str(k): int(v) for k, v in lines.items()}


# --- schema errors as people read them ---------------------------------------------------------


# --- resolution ---------------------------------------------------------------------------
