"""Importing the library stays light; every public name still resolves."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import ntmcriteria as ntm


def test_import_leaves_heavy_libraries_for_later() -> None:
    heavy = ("pint", "pandas", "pyarrow", "numpy", "jsonschema", "openpyxl", "typer")
    code = f"import sys, ntmcriteria\nprint(sorted(m for m in {heavy!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_every_public_name_resolves() -> None:
    for name in ntm.__all__:
        assert getattr(ntm, name) is not None, name
    assert callable(ntm.registry) and callable(ntm.evaluate_frame)
    assert isinstance(ntm.__version__, str)


def test_registry_stays_the_function_after_its_module_is_imported() -> None:
    import ntmcriteria.packs.registry  # noqa: F401  (binds the submodule on the package, if lazy)

    assert callable(ntm.registry)
    assert ntm.registry().get("example/xa-ntm-trich/2022-2025").id


def _pint_used(code: str, cache: str) -> bool:
    env = {**os.environ, "NTMCRITERIA_CACHE": cache}
    program = f"import sys\n{code}\nprint('pint' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", program], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.strip().splitlines()[-1] == "True"


def test_loading_sets_needs_no_pint_once_their_units_are_known(tmp_path: Path) -> None:
    load = "import ntmcriteria as ntm\nntm.registry().get('hatinh/xa-ntm/2022-2025')"
    assert _pint_used(load, str(tmp_path))  # the first time, pint works the dimensions out
    [stored] = tmp_path.glob("units-*.json")
    assert not _pint_used(load, str(tmp_path))  # then they are read back
    stored.write_text("{not json", encoding="utf-8")
    assert _pint_used(load, str(tmp_path))  # a damaged file is worked out again
