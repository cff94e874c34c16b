"""The pytest plugin (entry point ``pytest11``): pytest collects a pack's verdict files,
``test_*.yaml`` holding ``verdicts:``, one test item per case (see :mod:`.verdicts`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..core.errors import ModelError
from .verdicts import VerdictCase, read_cases, run_case


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    """A ``test_*.yaml`` file whose top-level key is ``verdicts``."""
    if file_path.suffix != ".yaml" or not file_path.name.startswith("test_"):
        return None
    try:
        head = file_path.read_text(encoding="utf-8", errors="replace")[:4096]
    except OSError:
        return None
    if not any(line.startswith("verdicts:") for line in head.splitlines()):
        return None
    collected: pytest.Collector = VerdictFile.from_parent(parent, path=file_path)
    return collected


class VerdictFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        try:
            cases = read_cases(self.path)
        except ModelError as exc:
            raise VerdictFileError("\n".join(str(p) for p in exc.problems)) from None
        for case in cases:
            yield VerdictItem.from_parent(self, name=case.name, case=case)


class VerdictFileError(Exception):
    """A verdict file that cannot be read (every problem, located)."""


class VerdictItem(pytest.Item):
    def __init__(self, *, case: VerdictCase, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        disagreements = run_case(self.case)
        if disagreements:
            raise VerdictMismatch("\n".join(str(d) for d in disagreements))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, VerdictMismatch):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = self.case.line - 1 if self.case.line else None
        return self.path, line, f"verdict: {self.case.name}"


class VerdictMismatch(AssertionError):
    """A case whose verdicts are not the expected ones."""
