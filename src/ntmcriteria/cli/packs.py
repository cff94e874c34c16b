"""``ntm pack``: validate set files and pack folders, write review pages, scaffold a new pack."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from ..core.errors import ModelError, Problem
from ..criteria.composition import referenced_sets
from ..criteria.model import CriteriaSet
from ..packs.extends import resolve_documents
from ..packs.loader import read_document
from ..packs.registry import registry
from .base import _fail, echo, error_text, pack_app, problem_text
from .i18n import _, _n


def _set_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise _fail(_("{path}: no such file or directory").format(path=path))
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


@pack_app.command("readme")
def pack_readme(
    path: Annotated[Path, typer.Argument(help="The pack's folder (README.md, src/*/sets).")] = Path(
        "."
    ),
    check: Annotated[
        bool, typer.Option("--check", help="Change nothing; exit 1 if the README is not current.")
    ] = False,
) -> None:
    """Write the list of a pack's sets into its README (id and title, in force, legal basis, how
    much is encoded), from its set files: what a package index shows.

    Example: ntm pack readme packs/hatinh
    """
    from ..core.files import write_text_atomically
    from ..packs.packdocs import readme_sets, with_readme_sets

    readme = path / "README.md"
    if not readme.is_file():
        raise _fail(_("{path}: no such file or directory").format(path=readme))
    files = _set_files(path)
    if not files:
        raise _fail(_("no YAML set files found"))
    results = resolve_documents([read_document(file) for file in files], _installed)
    problems = [p for r in results.values() if isinstance(r, ModelError) for p in r.problems]
    if problems:
        for problem in problems:
            echo(problem_text(problem), err=True)
        raise typer.Exit(1)
    sets = [r for r in results.values() if isinstance(r, CriteriaSet)]
    own = {s.id: s for s in sets}

    def both(set_id: str) -> CriteriaSet | None:  # the files' own sets, then the installed ones
        return own.get(set_id) or _installed(set_id)

    text = readme.read_text(encoding="utf-8")
    current = with_readme_sets(text, readme_sets(sets, both))
    if current == text:
        echo(_("{path} is current").format(path=readme))
    elif check:
        echo(_("{path} is not current: run ntm pack readme").format(path=readme), err=True)
        raise typer.Exit(1)
    else:
        write_text_atomically(readme, current)
        echo(_("wrote {path}").format(path=readme))


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
        raise _fail(_("no verdict files (tests/test_*.yaml) found"))
    cases = failed = 0
    for file in files:
        try:
            read = read_cases(file)
        except ModelError as exc:
            for problem in exc.problems:
                echo(problem_text(problem), err=True)
            failed += 1
            continue
        for case in read:
            cases += 1
            disagreements = run_case(case)
            for disagreement in disagreements:
                echo(str(disagreement), err=True)
            failed += bool(disagreements)
    if failed:
        echo(_("{failed} of {cases} case(s) failed").format(failed=failed, cases=cases), err=True)
        raise typer.Exit(1)
    echo(_("ok: {cases} case(s) in {files} file(s)").format(cases=cases, files=len(files)))


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
        raise _fail(_("no YAML set files found"))
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
                echo(problem_text(problem), err=True)
                errors += 1
        else:
            echo(
                _("ok {file}: {set} ({criteria} criteria, {indicators} indicators)").format(
                    file=document.file,
                    set=result.id,
                    criteria=result.criteria_count,
                    indicators=result.indicator_count,
                )
            )
    if errors:
        echo(
            _n(
                "{count} problem in {files} file(s)", "{count} problems in {files} file(s)", errors
            ).format(count=errors, files=len(files)),
            err=True,
        )
        raise typer.Exit(1)


_PROVINCE = re.compile(r"^[a-z][a-z0-9-]*$")


@pack_app.command("new")
def new(
    name: Annotated[str, typer.Argument(help="Pack name, lower-case ASCII ('quangtri').")],
    directory: Annotated[Path, typer.Option("--dir", help="Where the project goes.")] = Path("."),
    title: Annotated[str | None, typer.Option(help="The province's name ('Quảng Trị').")] = None,
    repository: Annotated[
        str | None,
        typer.Option(help="The pack's public repository (https), for its project URLs."),
    ] = None,
) -> None:
    """Create a standalone, publishable pack project: pyproject, README, LICENSE, CHANGELOG, one
    set extending the national set, verdict tests, a CI workflow.

    Example: ntm pack new quangtri --title "Quảng Trị"
    """
    from ..packs.scaffold import scaffold

    try:
        created = scaffold(name, directory, title, repository)
    except (ValueError, OSError) as exc:
        raise _fail(error_text(exc)) from None
    for path in created:
        echo(_("created {path}").format(path=path))
    folder = directory / name
    echo(
        _(
            "next: encode the province's decision in {folder}/src/*/sets/, then, in {folder}:"
            " pip install -e '.[test]', ntm pack validate ., ntm pack test ."
        ).format(folder=folder)
    )
