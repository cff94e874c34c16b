"""The example notebooks of docs/examples/ run from the first cell to the last (nbclient), in a
temporary folder, so they cannot rot; and they are those tools/notebooks.py writes."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "docs" / "examples").glob("*.ipynb"))


def test_there_are_the_four_notebooks() -> None:
    assert [p.name for p in NOTEBOOKS] == [
        "01-assess-one-commune.ipynb",
        "02-province-from-csv.ipynb",
        "03-what-if.ipynb",
        "04-monte-carlo.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_notebook_runs(path: Path, tmp_path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    work = tmp_path / "examples" / "observations"
    shutil.copytree(ROOT / "examples" / "observations", work)  # a user's copy of the examples
    client = nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": tmp_path}}
    )
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    shown = "".join(
        str(o.get("data", {}).get("text/html", "")) + str(o.get("text", "")) for o in outputs
    )
    assert "ntm" in shown or "Đạt" in shown or "achieved" in shown


def test_the_notebooks_are_those_the_script_writes(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("notebooks", ROOT / "tools" / "notebooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.FOLDER = tmp_path
    for written in module.build():
        assert written.read_text(encoding="utf-8") == (
            ROOT / "docs" / "examples" / written.name
        ).read_text(encoding="utf-8"), f"run python tools/notebooks.py: {written.name}"
