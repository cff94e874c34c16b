"""Charts for notebooks, drawn with matplotlib (the optional extra ``ntmcriteria[plot]``).

``result.plot()`` draws a bar per criterion split into its indicators achieved, not achieved and
open; ``sweep(...).plot()`` (see :mod:`.sweeps`) how many units achieve each part as a value or a
threshold moves. Labels are Vietnamese by default (``lang="en"`` for English); the colours are
those of the reports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..core.errors import ArgumentError
from ..core.status import Status
from ..core.text import check_lang

if TYPE_CHECKING:
    from .results import SetResult

__all__ = ["plot_result", "pyplot"]

_SEGMENTS = (
    ((Status.ACHIEVED,), "#63BE7B", ("Đạt", "Achieved")),
    ((Status.NOT_ACHIEVED,), "#F8696B", ("Chưa đạt", "Not achieved")),
    (
        (Status.NO_DATA, Status.NOT_ENCODED, Status.UNDETERMINED),
        "#FFD966",
        ("Chưa có số liệu / chưa xác định", "No data / undetermined"),
    ),
)


def pyplot() -> Any:
    """matplotlib's pyplot, or an error saying how to install it."""
    try:
        import matplotlib.pyplot as plt
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the environment
        raise ArgumentError("charts need matplotlib: pip install 'ntmcriteria[plot]'") from exc
    return plt


def plot_result(result: SetResult, lang: str = "vi", ax: Any = None) -> Any:
    """A horizontal bar per criterion: its applicable indicators achieved, not achieved and
    open, with ``achieved/applicable`` at its end; the axes."""
    lang = check_lang(lang)
    index = 0 if lang == "vi" else 1
    plt = pyplot()
    criteria = list(result.criteria)
    if ax is None:
        _figure, ax = plt.subplots(figsize=(8, 0.35 * len(criteria) + 1.2))
    labels = [f"{c.id}. {c.title.get(lang)}"[:48] for c in criteria]
    left = [0] * len(criteria)
    for statuses, colour, names in _SEGMENTS:
        counts = [sum(c.counts[s] for s in statuses) for c in criteria]
        ax.barh(labels, counts, left=left, color=colour, label=names[index])
        left = [a + b for a, b in zip(left, counts, strict=True)]
    for row, criterion in enumerate(criteria):
        done = criterion.counts
        ax.text(left[row] + 0.1, row, f"{done.achieved}/{done.applicable}", va="center")
    ax.invert_yaxis()
    ax.set_xlabel("Số chỉ tiêu" if lang == "vi" else "Indicators")
    ax.set_title(f"{result.unit.name} — {result.set_title.get(lang)}"[:90])
    ax.legend(loc="lower right", fontsize="small")
    return ax
