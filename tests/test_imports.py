"""Importing the library stays light; every public name still resolves."""

from __future__ import annotations

import subprocess
import sys

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
