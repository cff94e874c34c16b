"""``ntm pack``: validate set files and pack folders, write review pages, scaffold a new pack."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from ..core.errors import ModelError, Problem
from ..core.files import current_umask
from ..criteria.composition import referenced_sets
from ..criteria.model import CriteriaSet
from ..packs.extends import resolve_documents
from ..packs.loader import read_document
from ..packs.registry import registry
from .base import _fail, echo, pack_app


def _set_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise _fail(f"{path}: no such file or directory")
    pack_sets = sorted(p for p in path.glob("src/*/sets/**/*") if p.suffix in (".yaml", ".yml"))
    if pack_sets:
        return pack_sets
    return sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))


def _installed(set_id: str) -> CriteriaSet | None:
    found = registry()
    return found.get(set_id) if set_id in found else None


@pack_app.command("docs")
def pack_docs(
    out: Annotated[Path, typer.Option("--out", help="Folder for the pages.")] = Path("docs/packs"),
) -> None:
    """Write a review page per installed pack (docs/packs/<pack>.md) from the pack data.

    Example: ntm pack docs --out docs/packs
    """
    from ..packs.packdocs import write_pack_docs

    for path in write_pack_docs(registry(), out):
        echo(f"wrote {path}")


@pack_app.command("test")
def pack_test(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Verdict files (test_*.yaml), or pack folders (their tests/)."),
    ] = None,
) -> None:
    """Run a pack's verdict tests (tests/test_*.yaml): exit 1 listing every disagreement.

    Example: ntm pack test packs/hatinh
    """
    from ..evaluation.verdicts import find_case_files, read_cases, run_case

    files = find_case_files(paths or [Path.cwd()])
    if not files:
        raise _fail("no verdict files (tests/test_*.yaml) found")
    cases = failed = 0
    for file in files:
        try:
            read = read_cases(file)
        except ModelError as exc:
            for problem in exc.problems:
                echo(str(problem), err=True)
            failed += 1
            continue
        for case in read:
            cases += 1
            disagreements = run_case(case)
            for disagreement in disagreements:
                echo(str(disagreement), err=True)
            failed += bool(disagreements)
    if failed:
        echo(f"{failed} of {cases} case(s) failed", err=True)
        raise typer.Exit(1)
    echo(f"ok: {cases} case(s) in {len(files)} file(s)")


@pack_app.command("validate")
def validate(
    paths: Annotated[
        list[Path], typer.Argument(help="Set files, or pack directories (their src/*/sets).")
    ],
) -> None:
    """Validate criteria-set files: YAML, schema, semantics, extends. Exit 1 listing every error.

    Example: ntm pack validate packs/hatinh
    """
    files = [file for path in paths for file in _set_files(path)]
    if not files:
        raise _fail("no YAML set files found")
    documents = [read_document(file) for file in files]
    results = resolve_documents(documents, _installed)
    given = {r.id for r in results.values() if isinstance(r, CriteriaSet)}
    errors = 0
    for document in documents:
        result = results[document.file]
        if isinstance(result, CriteriaSet):
            missing = sorted(
                ident
                for ident in referenced_sets(result)
                if ident not in given and _installed(ident) is None
            )
            if missing:
                result = ModelError(
                    [
                        Problem(
                            "",
                            f"refers to set {ident!r}, which is neither in these files nor "
                            "installed (see ntm sets)",
                            file=document.file,
                        )
                        for ident in missing
                    ],
                    subject=result.id,
                )
        if isinstance(result, ModelError):
            for problem in result.problems:
                echo(str(problem), err=True)
                errors += 1
        else:
            echo(
                f"ok {document.file}: {result.id} ({result.criteria_count} criteria, "
                f"{result.indicator_count} indicators)"
            )
    if errors:
        echo(f"{errors} problem{'s' if errors != 1 else ''} in {len(files)} file(s)", err=True)
        raise typer.Exit(1)


_PROVINCE = re.compile(r"^[a-z][a-z0-9-]*$")


def scaffold(province: str, root: Path, title: str | None = None) -> list[Path]:
    """Create ``root/<province>/``: pyproject with the entry point, plugin, one set, one test."""
    if not _PROVINCE.match(province):
        raise ValueError(
            f"province {province!r}: use lower-case ASCII letters, digits and '-' (e.g. 'hatinh')"
        )
    folder = root / province
    if root.exists() and not root.is_dir():
        raise FileExistsError(f"{root} is a file, not a folder where packs live")
    if folder.exists():
        raise FileExistsError(f"{folder} already exists")
    module = f"ntmcriteria_{province.replace('-', '_')}"
    name = title or province
    schema = Path(__file__).resolve().parents[1] / "schema" / "pack.schema.json"
    files = {
        folder / "pyproject.toml": _PYPROJECT.format(province=province, module=module),
        folder / "src" / module / "__init__.py": f'"""Criteria pack for {name}."""\n',
        folder / "src" / module / "plugin.py": _PLUGIN,
        folder / "src" / module / "sets" / "xa-ntm.yaml": _SET.format(
            province=province,
            name=name,
            schema=Path(
                os.path.relpath(schema.resolve(), (folder / "src" / module / "sets").resolve())
            ).as_posix(),
        ),
        folder / "tests" / f"test_{module}.py": _TEST.format(module=module, province=province),
    }
    # written in a hidden folder beside it, renamed into place when complete: never half a pack
    root.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{province}.", dir=root))
    try:
        for path, text in files.items():
            target = building / path.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        building.chmod(0o777 & ~current_umask())
        os.rename(building, folder)  # fails if the folder appeared meanwhile
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return list(files)


@pack_app.command("new")
def new(
    province: Annotated[str, typer.Argument(help="Province id, lower-case ASCII ('hatinh').")],
    directory: Annotated[Path, typer.Option("--dir", help="Where packs live.")] = Path("packs"),
    title: Annotated[str | None, typer.Option(help="The province's name ('Hà Tĩnh').")] = None,
) -> None:
    """Scaffold packs/<province>/ with pyproject (entry point), one example set and a test.

    Example: ntm pack new quangtri --title "Quảng Trị"
    """
    try:
        created = scaffold(province, directory, title)
    except (ValueError, OSError) as exc:
        raise _fail(str(exc)) from None
    for path in created:
        echo(f"created {path}")
    echo(
        f"next: encode the decision in {created[3]}, "
        f"run `ntm pack validate {directory / province}`, "
        "then `make test` (it installs every pack under packs/)"
    )


_PYPROJECT = """\
[build-system]
requires = ["hatchling>=1.21"]
build-backend = "hatchling.build"

[project]
name = "ntmcriteria-{province}"
version = "0.1.0"
description = "ntmcriteria criteria pack: {province}"
requires-python = ">=3.11"
dependencies = ["ntmcriteria"]

[project.entry-points.ntmcriteria]
{province} = "{module}.plugin"

[tool.hatch.build.targets.wheel]
packages = ["src/{module}"]
"""


_PLUGIN = '''\
"""The pack's pluggy hook: every YAML file under sets/ is a criteria set."""

from __future__ import annotations

from ntmcriteria import hookimpl
from ntmcriteria.packs.loader import SetDocument
from ntmcriteria.packs import load_sets


@hookimpl
def ntmcriteria_criteria_sets() -> list[SetDocument]:
    return load_sets(__package__)
'''


_SET = """\
# yaml-language-server: $schema={schema}
# A criteria set of {name}. Encode it from the legal decision, row by row, citing where each
# threshold comes from. Until a threshold is encoded, say so with `not_encoded` - never guess.
# Format: docs/pack-authoring.md. Check with: ntm pack validate <this file>
id: {province}/xa-ntm/2026-2030
title:
  vi: Bộ tiêu chí xã nông thôn mới ({name})
  en: New Rural commune criteria ({name})
level: commune
tier: ntm
province: {province}
legal_basis:
  issuer: Ủy ban nhân dân tỉnh
  note: Decision number and date still to be filled in from the decision.
validity:
  from: 2026
  to: 2030
citations:
  - document: The province's decision (to be filled in)
measures:
  income_per_capita:
    kind: quantity
    unit: triệu đồng/người/năm
    title: {{vi: Thu nhập bình quân đầu người, en: Per-capita income}}
groups:
  - id: III
    title: {{vi: Kinh tế và tổ chức sản xuất, en: Economy and organisation of production}}
    criteria:
      - id: "10"
        title: {{vi: Thu nhập, en: Income}}
        indicators:
          - id: "10"
            title: {{vi: Thu nhập bình quân đầu người, en: Per-capita income}}
            measure: income_per_capita
            requirement:
              not_encoded:
                note:
                  vi: Chưa nhập ngưỡng từ quyết định của tỉnh.
                  en: The threshold has not been entered from the province's decision yet.
                missing_source: The province's decision, criterion 10
"""


_TEST = '''\
"""The {province} pack: every set file is valid and the installed pack provides it."""

from __future__ import annotations

import pytest

import ntmcriteria as ntm
from ntmcriteria.packs import load_criteria_sets, set_files

FILES = set_files("{module}")


def test_the_pack_has_sets() -> None:
    assert FILES


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_set_file_is_valid(path) -> None:
    [criteria_set] = load_criteria_sets([path])
    assert criteria_set.province == "{province}"


def test_the_installed_pack_provides_its_sets() -> None:
    registry = ntm.registry()
    pack = next(p for p in registry.packs if p.name == "{province}")
    assert pack.ok, pack.error
    assert pack.sets
'''
