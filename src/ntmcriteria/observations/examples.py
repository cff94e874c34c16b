"""The example observation files shipped with the library: three real communes, each value with
the line of the report it comes from (xã Kỳ Châu, Hà Tĩnh, 2022; xã Tây Hồ, Thanh Hóa, 2024, with
thôn Nam Thượng; xã Đốc Bình Kiều, Đồng Tháp, 2024, with ấp 5).

>>> import ntmcriteria as ntm
>>> [ky_chau] = ntm.read_observations(ntm.example_path("ky-chau-2022.yaml"))
>>> ky_chau.unit.name
'Kỳ Châu'
>>> ntm.example_names()
('doc-binh-kieu-2024.yaml', 'ky-chau-2022.yaml', 'tay-ho-2024.yaml')
"""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

from ..core.errors import ArgumentError

__all__ = ["example_names", "example_path"]

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
