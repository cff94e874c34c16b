"""The README's example runs, and says what it gives: each ``expr  # 'text'`` line is checked."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

import ntmcriteria as ntm

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_use_example_gives_what_its_comments_say() -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Use") :]
    code = section[section.index("```python") + len("```python") : section.index("```\n", 12)]
    names: dict[str, Any] = {}
    exec(compile(code, "README.md", "exec"), names)
    checked = 0
    for line in code.strip().splitlines():
        expression, _, comment = line.partition("  # ")
        said = re.match(r"\s*('.*')\s*$", comment)
        if said is not None:
            assert eval(expression.strip(), names) == ast.literal_eval(said[1])
            checked += 1
    assert checked >= 2
    assert names["result"].indicators["10"].status is ntm.Status.ACHIEVED


def test_every_command_of_the_readme_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The "Command line" block of the README, run as written in an empty folder (a user's
    setting: no repository folder; ``ntm examples --copy .`` brings the example files): each
    exits 0, or 1 where the command reports findings (an audit that finds some)."""
    import shlex

    from ntmcriteria.__main__ import main

    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Command line") :]
    block = section[section.index("```") + 3 : section.index("```", section.index("```") + 3)]
    commands = [
        shlex.split(line, comments=True)
        for line in block.strip().splitlines()
        if line.startswith("ntm ")
    ]
    assert len(commands) >= 6
    monkeypatch.chdir(tmp_path)
    for command in commands:
        args = command[1:]
        code = main(args)
        assert code in (0, 1), (command, code)
        if "-o" in args:
            assert (tmp_path / args[args.index("-o") + 1]).stat().st_size > 0
    assert (tmp_path / "phu-bieu.xlsx").read_bytes().startswith(b"PK")  # a workbook, by its name
