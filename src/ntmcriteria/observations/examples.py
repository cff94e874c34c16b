"""The example observation files shipped with the library: three real communes, each value with
the line of the report it comes from (xã Kỳ Châu, Hà Tĩnh, 2022; xã Tây Hồ, Thanh Hóa, 2024, with
thôn Nam Thượng; xã Đốc Bình Kiều, Đồng Tháp, 2024, with ấp 5).

>>> import ntmcriteria as ntm
>>> [ky_chau] = ntm.read_observations(ntm.example_path("ky-chau-2022.yaml"))
>>> ky_chau.unit.name
'Kỳ Châu'
>>> ntm.example_names()
('doc-binh-kieu-2024.yaml', 'ky-chau-2022.yaml', 'tay-ho-2024.yaml')

:func:`copy_examples` (``ntm examples --copy DIR``) puts copies where a user can open, change and
evaluate them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from importlib.resources import as_file, files
from pathlib import Path

from ..core.errors import ArgumentError
from ..core.files import OutputError, atomic_output

__all__ = ["copy_examples", "example_names", "example_path"]

_FOLDER = "example_files"


def example_names() -> tuple[str, ...]:
    """The names of the example observation files.

    >>> import ntmcriteria as ntm
    >>> "ky-chau-2022.yaml" in ntm.example_names()
    True
    """
    folder = files("ntmcriteria.observations") / _FOLDER
    return tuple(sorted(p.name for p in folder.iterdir() if p.name.endswith(".yaml")))


def example_path(name: str) -> Path:
    """The path of an example observation file (``"ky-chau-2022.yaml"``), as installed.

    >>> example_path("tay-ho-2024.yaml").name
    'tay-ho-2024.yaml'
    """
    if name not in example_names():
        raise ArgumentError(f"no example {name!r}: {', '.join(example_names())}")
    with as_file(files("ntmcriteria.observations") / _FOLDER / name) as path:
        return Path(path)


def copy_examples(
    folder: str | os.PathLike[str], names: Iterable[str] | None = None
) -> list[tuple[Path, bool]]:
    """Copy example files (all, or ``names``) into ``folder``; each copy's path, and whether it
    was written (False: an identical copy was there already).

    A file of the same name with other content is never written over: nothing is copied then,
    and :class:`~ntmcriteria.core.files.OutputError` names it. ``folder`` is created if missing.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> [(path.name, written) for path, written in copy_examples(folder, ["ky-chau-2022.yaml"])]
    [('ky-chau-2022.yaml', True)]
    >>> [written for _path, written in copy_examples(folder, ["ky-chau-2022.yaml"])]
    [False]
    """
    if isinstance(names, str):
        raise ArgumentError(f"names: expected a list of example names, got the str {names!r}")
    chosen = list(example_names() if names is None else names)
    data = {name: example_path(name).read_bytes() for name in chosen}
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target}: not a folder")
    plan: list[tuple[Path, bytes, bool]] = []
    for name, content in data.items():
        path = target / name
        same = (
            path.is_file() and path.stat().st_size == len(content) and path.read_bytes() == content
        )
        if not same and (path.exists() or path.is_symlink()):
            raise OutputError(f"{path}: a different file is there; it is never written over")
        plan.append((path, content, not same))
    target.mkdir(parents=True, exist_ok=True)
    for path, content, write in plan:
        if write:
            with atomic_output(path, binary=True) as handle:
                handle.write(content)
    return [(path, write) for path, _content, write in plan]
