"""Every Python block of README.md and docs/, and every example in the library's docstrings, runs
(Sybil), page by page, in a user's setting: in an empty temporary folder, with only the library
and the installed packs — the example communes come from the package (``ntm.example_path``), not
from the repository."""

from __future__ import annotations

import os
import tempfile
from typing import Any

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser
from sybil.parsers.rest import DocTestParser


def _setup(namespace: dict[str, Any]) -> None:
    import matplotlib

    matplotlib.use("Agg")  # charts draw without a display
    namespace["__cwd"] = os.getcwd()
    os.chdir(tempfile.mkdtemp(prefix="ntm-docs-"))


def _teardown(namespace: dict[str, Any]) -> None:
    os.chdir(namespace["__cwd"])


_documents = Sybil(
    parsers=[PythonCodeBlockParser()],
    patterns=["README.md", "docs/*.md", "docs/**/*.md", "packs/*/README.md"],
    setup=_setup,
    teardown=_teardown,
)
#: the examples in the docstrings of the library (every public name has one)
_docstrings = Sybil(
    parsers=[DocTestParser(optionflags=ELLIPSIS | NORMALIZE_WHITESPACE)],
    patterns=["src/ntmcriteria/**/*.py"],
    setup=_setup,
    teardown=_teardown,
)
pytest_collect_file = (_documents + _docstrings).pytest()
