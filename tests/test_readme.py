"""The README's example runs, and says what it gives: each ``expr  # 'text'`` line is checked."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

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
