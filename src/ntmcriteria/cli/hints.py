"""Hints the command prints beside its result: a value key close to a measure a set uses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .base import echo
from .i18n import _

if TYPE_CHECKING:
    from ..evaluation.results import SetResult

__all__ = ["warn_near_misses"]


def warn_near_misses(results: Sequence[SetResult]) -> None:
    """A warning for each value no set used whose key is close to a measure a set does use (a
    typing slip that would otherwise only show as "no data")."""
    import difflib

    from ..packs.registry import registry as installed

    unused = set.intersection(*(set(r.unused) for r in results)) if results else set()
    measures = sorted(
        {m for r in results if r.set_id in installed() for m in installed().get(r.set_id).measures}
    )
    for key in sorted(unused):
        close = difflib.get_close_matches(key, measures, n=1, cutoff=0.8)
        if close:
            echo(
                _("warning: the value {key!r} is used by no set; did you mean {measure!r}?").format(
                    key=key, measure=close[0]
                ),
                err=True,
            )
