"""ntmcriteria: Vietnam's New Rural Development (Nông thôn mới) criteria as typed objects.

>>> import ntmcriteria as ntm
>>> result = ntm.evaluate("example/xa-ntm-trich/2022-2025", observations)  # doctest: +SKIP
>>> result.summary("en")  # doctest: +SKIP
'2 of 4 criteria, 9 of 17 indicators achieved'
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

from .assess import MissingItem, TierAssessment, TierStep, assess, province_id
from .composition import RuleResult, SetCondition
from .errors import ModelError, NtmError, ObservationError, Problem, RegistryError
from .evaluate import evaluate
from .hookspecs import hookimpl
from .loader import load_criteria_set
from .model import (
    Citation,
    CriteriaSet,
    Criterion,
    CriterionRule,
    Group,
    Indicator,
    LegalBasis,
    Measure,
    Provenance,
    Validity,
    criteria_set_from_data,
)
from .observations import AdministrativeUnit, Observations, Reading
from .readers import read_observations, write_observations
from .registry import PackInfo, Registry, registry
from .requirements import Outcome, Requirement, requirement_from_data
from .results import Counts, CriterionResult, IndicatorResult, SetResult
from .status import Status
from .templates import observation_schema, template
from .text import Text
from .units import Quantity, UnitError, parse_number
from .values import Gap, MeasureKind, Observed

#: names reached lazily, so that ``import ntmcriteria`` does not import numpy and pandas
_LAZY = {
    "evaluate_frame": "ntmcriteria.evaluation.frame",
    "frame_observations": "ntmcriteria.evaluation.frame",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'ntmcriteria' has no attribute {name!r}")
    from importlib import import_module

    try:
        value = getattr(import_module(module), name)
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the environment
        raise ModuleNotFoundError(
            f"ntmcriteria.{name} needs pandas and numpy: pip install 'ntmcriteria[pandas]' ({exc})"
        ) from exc
    globals()[name] = value
    return value


try:
    __version__ = version("ntmcriteria")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = [
    "AdministrativeUnit",
    "Citation",
    "Counts",
    "CriteriaSet",
    "Criterion",
    "CriterionResult",
    "CriterionRule",
    "Gap",
    "Group",
    "Indicator",
    "IndicatorResult",
    "LegalBasis",
    "Measure",
    "MeasureKind",
    "MissingItem",
    "ModelError",
    "NtmError",
    "ObservationError",
    "Observations",
    "Observed",
    "Outcome",
    "PackInfo",
    "Problem",
    "Provenance",
    "Quantity",
    "Reading",
    "Registry",
    "RegistryError",
    "Requirement",
    "RuleResult",
    "SetCondition",
    "SetResult",
    "Status",
    "Text",
    "TierAssessment",
    "TierStep",
    "UnitError",
    "Validity",
    "__version__",
    "assess",
    "criteria_set_from_data",
    "evaluate",
    "evaluate_frame",
    "frame_observations",
    "hookimpl",
    "load_criteria_set",
    "observation_schema",
    "parse_number",
    "province_id",
    "read_observations",
    "registry",
    "requirement_from_data",
    "template",
    "write_observations",
]
