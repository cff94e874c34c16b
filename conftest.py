"""Every Python block of README.md and docs/ runs (Sybil), page by page, in a user's setting: in an
empty temporary folder, with only the library and the installed packs — the example communes come
from the package (``ntm.example_path``), not from the repository."""

from __future__ import annotations

import os
import tempfile
from typing import Any

from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser


def _setup(namespace: dict[str, Any]) -> None:
    import matplotlib

    matplotlib.use("Agg")  # charts draw without a display
    namespace["__cwd"] = os.getcwd()
    os.chdir(tempfile.mkdtemp(prefix="ntm-docs-"))


def _teardown(namespace: dict[str, Any]) -> None:
    os.chdir(namespace["__cwd"])


pytest_collect_file = Sybil(
    parsers=[PythonCodeBlockParser()],
    patterns=["README.md", "docs/*.md", "docs/**/*.md"],
    setup=_setup,
    teardown=_teardown,
).pytest()
