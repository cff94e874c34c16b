"""Helpers for pack authors: a pack's plugin module stays a few lines.

.. code-block:: python

    # ntmcriteria_hatinh/plugin.py
    from ntmcriteria import hookimpl
    from ntmcriteria.packs import load_sets

    @hookimpl
    def ntmcriteria_criteria_sets():
        return load_sets(__package__)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib.resources import files
from importlib.resources.abc import Traversable
from os import PathLike
from pathlib import Path
from types import ModuleType

from .loader import SetDocument, read_document

__all__ = ["files_hash", "load_sets", "set_files"]

SUFFIXES = (".yaml", ".yml")


def _folder(package: str | ModuleType | Traversable | PathLike[str]) -> Traversable:
    if isinstance(package, ModuleType):
        package = package.__name__
    if isinstance(package, str) and "/" not in package and not Path(package).exists():
        return files(package)
    if isinstance(package, str | PathLike):
        return Path(package)
    return package


def set_files(
    package: str | ModuleType | Traversable | PathLike[str], folder: str = "sets"
) -> list[Traversable]:
    """The YAML files in ``<package>/<folder>`` (recursively), sorted by path.

    ``package`` is an importable package name (``__package__``), a module, or a directory.
    """
    root = _folder(package)
    base = root / folder if folder else root
    if not base.is_dir():
        raise FileNotFoundError(f"no {folder!r} folder in {root}")
    found: list[Traversable] = []
    stack = [base]
    while stack:
        current = stack.pop()
        for entry in current.iterdir():
            if entry.is_dir():
                stack.append(entry)
            elif entry.name.endswith(SUFFIXES):
                found.append(entry)
    return sorted(found, key=str)


def files_hash(documents: Iterable[SetDocument]) -> str:
    """One ``sha256:`` over the names and contents of a pack's files (order-independent)."""
    digest = hashlib.sha256()
    for name, file_digest in sorted((Path(d.file).name, d.digest) for d in documents):
        digest.update(f"{name}\0{file_digest}\n".encode())
    return "sha256:" + digest.hexdigest()


def load_sets(
    package: str | ModuleType | Traversable | PathLike[str], folder: str = "sets"
) -> list[SetDocument]:
    """Read every YAML set of a pack (``<package>/sets/*.yaml``) for the registry to resolve.

    Documents are returned unresolved: a set may extend a set of another pack, which the
    registry resolves once every pack is read. Use
    :func:`ntmcriteria.loader.load_criteria_sets` to resolve files on their own.
    """
    return [read_document(path) for path in set_files(package, folder)]
