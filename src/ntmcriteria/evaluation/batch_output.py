"""Where ntm batch writes: one line per unit (CSV, from the frame path) or each unit's explained
result (JSON, from the explained path), to a temporary file moved into place only when complete."""

from __future__ import annotations

import csv
import json
from typing import IO, TYPE_CHECKING

import numpy as np
import pandas as pd

from ..core.files import csv_text
from ..core.status import Status
from ..criteria.model import CriteriaSet
from .frame import evaluate_frame, frame_observations
from .results import summary_text

if TYPE_CHECKING:
    from ..packs.registry import Registry

__all__ = ["COLUMNS"]


#: the columns of the CSV output, before the ``--wide`` ones
COLUMNS = (
    "unit",
    "year",
    "set_id",
    "status",
    "criteria_achieved",
    "criteria_applicable",
    "indicators_achieved",
    "indicators_applicable",
    "no_data",
    "not_encoded",
    "summary",
)


class _Out:
    """Where evaluated chunks go; ``chunk`` returns how many units achieved the set."""

    def __init__(
        self,
        handle: IO[str],
        criteria_set: CriteriaSet,
        year: int | None,
        registry: Registry | None,
        origin: str,
        wide: bool,
    ) -> None:
        self.handle = handle
        self.criteria_set = criteria_set
        self.year = year
        self.registry = registry
        self.origin = origin
        self.wide = wide

    def chunk(self, frame: pd.DataFrame, lines: list[int], villages: pd.DataFrame | None) -> int:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


class _CsvOut(_Out):
    """One line per unit, from the frame path."""

    header: list[str] | None = None

    def chunk(self, frame: pd.DataFrame, lines: list[int], villages: pd.DataFrame | None) -> int:
        out = evaluate_frame(
            self.criteria_set,
            frame,
            self.year,
            villages=villages,
            registry=self.registry,
            origin=self.origin,
            lines=lines,
        )
        writer = csv.writer(self.handle, lineterminator="\n")
        extra = [c for c in out.columns if ":" in str(c)] if self.wide else []
        if self.header is None:
            self.header = [*COLUMNS, *extra]
            writer.writerow(self.header)
        conditions = [c for c in out.columns if str(c).startswith("condition:")]
        met = np.zeros(len(out), dtype=int)
        for column in conditions:
            met += (out[column] == Status.ACHIEVED.value).to_numpy()
        counts = [
            out[column].tolist()
            for column in (
                "criteria_achieved",
                "criteria_applicable",
                "indicators_achieved",
                "indicators_applicable",
                "indicators_no_data",
                "indicators_not_encoded",
            )
        ]
        summaries = [
            summary_text(
                "vi",
                criteria=(ca, cp),
                indicators=(ia, ip),
                conditions=(int(m), len(conditions)),
                no_data=nd,
                not_encoded=ne,
            )
            for ca, cp, ia, ip, nd, ne, m in zip(*counts, met, strict=True)
        ]
        writer.writerows(
            zip(
                [csv_text(str(name)) for name in out["unit"].tolist()],
                out["year"].astype(object).where(out["year"].notna(), "").tolist(),
                [self.criteria_set.id] * len(out),
                out["status"].astype(str).tolist(),
                *counts,
                summaries,
                *(out[c].astype(str).tolist() for c in extra),
                strict=True,
            )
        )
        return int(np.count_nonzero(out["status"] == Status.ACHIEVED.value))

    def close(self) -> None:
        if self.header is None:
            csv.writer(self.handle, lineterminator="\n").writerow(COLUMNS)


class _JsonOut(_Out):
    """Each unit's explained result, from the scalar path on the same rows."""

    count = 0

    def chunk(self, frame: pd.DataFrame, lines: list[int], villages: pd.DataFrame | None) -> int:

        from .session import evaluate

        achieved = 0
        units = frame_observations(
            self.criteria_set,
            frame,
            self.year,
            villages=villages,
            registry=self.registry,
            origin=self.origin,
            lines=lines,
        )
        for unit in units:
            result = evaluate(self.criteria_set, unit, self.year, registry=self.registry)
            self.handle.write(",\n" if self.count else "[\n")
            self.handle.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
            self.count += 1
            achieved += result.status is Status.ACHIEVED
        return achieved

    def close(self) -> None:
        self.handle.write("\n]\n" if self.count else "[]\n")
