"""How texts name another criteria set: by its title, as officials do, when the set is known.

Rules and requirements that refer to another set (``achieved``, ``villages``, ``village_quota``,
``village_share``, ``outstanding_field``, ``relative``) word it with :func:`set_name`:
``đạt “Bộ tiêu chí xã nông thôn mới nâng cao tỉnh Đồng Tháp giai đoạn 2021-2025”`` rather than
``đạt bộ dongthap/xa-ntm-nang-cao/2021-2025``. The criteria layer knows no registry; the pack layer
gives it a way to look titles up (:func:`set_titles`) when it has discovered the installed packs.
A set it cannot find is named by its id, so nothing fails for want of a title.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar

from ..core.text import Text

__all__ = ["by_id", "set_name", "set_titles"]

_titles: Callable[[str], Text | None] | None = None
_by_id: ContextVar[bool] = ContextVar("ntmcriteria_sets_by_id", default=False)


@contextlib.contextmanager
def by_id() -> Iterator[None]:
    """Within the block, sets are named by their ids (the pack reference pages, which link
    sets by id and must read the same whatever has been loaded)."""
    token = _by_id.set(True)
    try:
        yield
    finally:
        _by_id.reset(token)


def set_titles(lookup: Callable[[str], Text | None] | None) -> None:
    """Where :func:`set_name` finds titles (the installed packs' registry); None forgets it."""
    global _titles
    _titles = lookup


def set_name(set_id: str) -> Text:
    """The set's title in quotation marks in each language, or ``bộ <id>`` / ``set <id>`` when
    it is not known."""
    title = None
    if _titles is not None and not _by_id.get():
        try:
            title = _titles(set_id)
        except Exception:  # a lookup that fails names the set by its id
            title = None
    if title is None:
        return Text(f"bộ {set_id}", f"set {set_id}")
    return Text(f"“{title.vi}”", f"“{title.en}”")
