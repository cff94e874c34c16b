"""The packages as a user installs them: built wheels in a fresh virtual environment.

`pip install ntmcriteria ntmcriteria-hatinh` must give every Hà Tĩnh set: the pack declares the
national pack, whose sets it extends, and pip brings it. The wheels ship ``py.typed`` and their
licence. (Building and installing takes some ten seconds.)
"""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*command: str | Path, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, cwd=cwd, check=False
    )
    assert done.returncode == 0, f"{command}: {done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wheels")
    sources = [ROOT, ROOT / "packs" / "national", ROOT / "packs" / "hatinh"]
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", folder, *sources)
    return folder


def wheel(folder: Path, name: str) -> Path:
    [found] = folder.glob(f"{name}-*.whl")
    return found


def test_installing_the_core_and_hatinh_gives_every_hatinh_set(
    wheels: Path, tmp_path: Path
) -> None:
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    run(
        python, "-m", "pip", "install", "--quiet", "--find-links", wheels,
        wheel(wheels, "ntmcriteria"), wheel(wheels, "ntmcriteria_hatinh"),
    )  # fmt: skip
    listed = run(environment / "bin" / "ntm", "sets", "--province", "hatinh")
    ids = {line.split()[0] for line in listed.splitlines()}
    assert ids == {
        "hatinh/xa-ntm/2022-2025",
        "hatinh/xa-ntm-nang-cao/2022-2025",
        "hatinh/xa-ntm-kieu-mau/2022-2025",
        "hatinh/khu-dan-cu-ntm-kieu-mau/2022-2025",
    }
    packs = run(environment / "bin" / "ntm", "packs", "--check")  # exit 0: everything loaded
    assert "national 0.1.0 (ntmcriteria-national)" in packs
    helped = run(environment / "bin" / "ntm", "--lang", "vi", "sets", "--help")  # the catalogue
    assert "Liệt kê các bộ tiêu chí đã cài" in " ".join(helped.split())


@pytest.mark.parametrize(
    ("name", "package"),
    [("ntmcriteria", "ntmcriteria"), ("ntmcriteria_hatinh", "ntmcriteria_hatinh")],
)
def test_wheels_ship_py_typed_a_licence_and_their_metadata(
    wheels: Path, name: str, package: str
) -> None:
    with zipfile.ZipFile(wheel(wheels, name)) as archive:
        names = archive.namelist()
        [metadata] = [n for n in names if n.endswith(".dist-info/METADATA")]
        fields = Parser().parsestr(archive.read(metadata).decode("utf-8"))
    assert f"{package}/py.typed" in names
    if name == "ntmcriteria":  # the command's compiled Vietnamese messages
        assert "ntmcriteria/locale/vi/LC_MESSAGES/ntmcriteria.mo" in names
        assert "ntmcriteria/observations/example_files/ky-chau-2022.yaml" in names  # examples
    assert any(n.endswith("LICENSE") for n in names)
    classifiers = fields.get_all("Classifier") or []
    for version in ("3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {version}" in classifiers
    assert "Typing :: Typed" in classifiers
    assert fields.get_content_type() and fields.get_payload()  # a README to show on an index
    if name != "ntmcriteria":
        assert "ntmcriteria<0.2,>=0.1" in (fields.get_all("Requires-Dist") or [])
        assert "ntmcriteria-national<0.2,>=0.1" in (fields.get_all("Requires-Dist") or [])


def test_a_new_pack_is_published_installed_discovered_and_tested(
    wheels: Path, tmp_path: Path
) -> None:
    """ntm pack new → validate → build a wheel → install into a fresh venv → discovered → its
    verdict tests pass under pytest, all outside this repository."""
    outside = tmp_path / "work"
    outside.mkdir()
    ntm = [sys.executable, "-m", "ntmcriteria"]
    run(*ntm, "pack", "new", "quang-tri", "--title", "Quảng Trị", "--dir", outside, cwd=outside)
    project = outside / "quang-tri"
    run(*ntm, "pack", "validate", project, cwd=outside)
    built = tmp_path / "built"
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", built, project)
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    run(
        python, "-m", "pip", "install", "--quiet", "--find-links", wheels,
        wheel(wheels, "ntmcriteria"), wheel(built, "ntmcriteria_quang_tri"), "pytest",
    )  # fmt: skip
    listed = run(environment / "bin" / "ntm", "sets", "--province", "quang-tri", cwd=outside)
    assert listed.startswith("quang-tri/xa-ntm/2026-2030  [quang-tri 0.1.0]")
    run(environment / "bin" / "ntm", "packs", "--check", cwd=outside)
    tested = run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=project)
    assert "1 passed" in tested


@pytest.fixture(scope="module")
def all_wheels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("all-wheels")
    sources = [ROOT, *sorted(p.parent for p in (ROOT / "packs").glob("*/pyproject.toml"))]
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", folder, *sources)
    return folder


def test_the_readme_install_commands_work(all_wheels: Path, tmp_path: Path) -> None:
    """Every ``pip install`` line of the README's "Install" section, as written, in a fresh
    virtual environment; our distributions come from the built wheels (``--find-links``), their
    dependencies from the package index."""
    import shlex

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Install") :]
    block = section[section.index("```") + 3 : section.index("```", section.index("```") + 3)]
    commands = [
        shlex.split(line.partition("#")[0])
        for line in block.splitlines()
        if line.startswith("pip install")
    ]
    assert len(commands) == 3
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    for command in commands:
        run(python, "-m", "pip", "install", "--quiet", "--find-links", all_wheels, *command[2:])
    packs = run(environment / "bin" / "ntm", "packs", "--check")  # everything loaded
    assert "hatinh 0.1.0 (ntmcriteria-hatinh)" in packs
    run(python, "-c", "import pandas, matplotlib, dask, distributed, ntmcriteria")


def test_make_demo_works_on_a_fresh_clone(tmp_path: Path) -> None:
    """The README's first command on a fresh clone: it creates .venv, installs the library and
    the packs only, and prints the example commune's assessment."""
    import shutil

    if shutil.which("make") is None or shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("make, git and a git checkout are needed")
    clone = tmp_path / "clone"
    run("git", "clone", "--quiet", ROOT, clone)
    shown = run("make", "--no-print-directory", "demo", cwd=clone)
    assert "Kết luận: Chưa xác định. Đạt 2/4 tiêu chí" in shown
    installed = run(clone / ".venv" / "bin" / "python", "-m", "pip", "list", "--format=freeze")
    assert "ntmcriteria-hatinh" in installed and "pytest" not in installed  # no dev tools
