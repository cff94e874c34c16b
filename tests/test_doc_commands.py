"""Every ``ntm`` command written in a code block of the README, the docs and the packs' READMEs is a
command line the command takes: its commands and options exist and its values parse. (The
README's own commands are also run, in tests/test_readme.py; these are only parsed, as most name
the reader's own files.) A renamed or removed option cannot linger in the documentation."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

from ntmcriteria.cli import app

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted([ROOT / "README.md", *ROOT.glob("docs/**/*.md"), *ROOT.glob("packs/*/README.md")])
FENCE = re.compile(r"^```(?P<lang>[\w-]*)\n(?P<body>.*?)^```", re.MULTILINE | re.DOTALL)


def commands(page: Path) -> Iterator[tuple[int, list[str]]]:
    """(line, arguments) of each ``ntm …`` command in the page's non-Python code blocks; a line
    with a placeholder (``…``) is left out."""
    text = page.read_text(encoding="utf-8")
    for block in FENCE.finditer(text):
        if block["lang"] in ("python", "py", "pycon", "yaml", "json", "toml", "text"):
            continue
        first = text.count("\n", 0, block.start("body")) + 1
        body = block["body"].replace("\\\n", " ")  # continued lines
        for offset, line in enumerate(body.splitlines()):
            for part in line.split("&&"):
                written = part.strip().removeprefix("$ ")
                if written.startswith("ntm ") and "…" not in written:
                    yield first + offset, shlex.split(written, comments=True)[1:]


CASES = [
    pytest.param(args, id=f"{page.relative_to(ROOT)}:{line}")
    for page in PAGES
    for line, args in commands(page)
]


def parse(command: Any, args: list[str], name: str = "ntm", parent: Any = None) -> None:
    """Parse ``args`` as the command would, sub-command by sub-command, running nothing."""
    context = command.make_context(name, list(args), parent=parent)
    if getattr(command, "commands", None) is None:
        return
    rest = [*getattr(context, "_protected_args", []), *context.args]
    if rest:
        sub_name, sub, more = command.resolve_command(context, rest)
        parse(sub, more, sub_name or "", context)


def test_the_documentation_writes_commands() -> None:
    assert len(CASES) >= 40, len(CASES)


@pytest.mark.parametrize("args", CASES)
def test_every_documented_command_parses(args: list[str]) -> None:
    try:
        parse(typer.main.get_command(app), args)
    except Exception as error:  # a usage error names the option or command at fault
        if type(error).__name__ == "Exit":  # --help, --version: parsed, then it would exit
            return
        pytest.fail(f"ntm {shlex.join(args)}: {error}")
