"""ntmcriteria: Vietnam's New Rural Development (Nông thôn mới) criteria as typed objects.

>>> import ntmcriteria as ntm
>>> observations = ntm.Observations.from_yaml(ntm.example_path("ky-chau-2022.yaml"))
>>> result = ntm.evaluate("example/xa-ntm-trich/2022-2025", observations)
>>> result.summary("en")
'2 of 4 criteria, 3 of 18 indicators achieved (15 without data)'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .core.errors import (
    ArgumentError,
    ModelError,
    NtmError,
    ObservationError,
    Problem,
    RegistryError,
)
from .core.status import Status
from .core.text import Text
from .core.units import Quantity, UnitError, parse_number
from .core.values import Gap, MeasureKind, Observed
from .criteria.composition import RuleResult, SetCondition
from .criteria.model import (
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
)
from .criteria.reading import criteria_set_from_data
from .criteria.requirements import Outcome, Requirement, requirement_from_data
from .evaluation.assess import MissingItem, TierAssessment, TierStep, assess, province_id
from .evaluation.results import Counts, CriterionResult, IndicatorResult, SetResult
from .evaluation.session import evaluate
from .evaluation.whatif import decrease, increase, what_if
from .observations.examples import copy_examples, example_names, example_path
from .observations.model import AdministrativeUnit, Observations, Reading

# eager: the module ``ntmcriteria.registry`` would otherwise shadow the function ``registry``
from .packs.registry import PackInfo, Registry, load_criteria_set, registry

if TYPE_CHECKING:  # the lazy names below, for type checkers and editors
    from .evaluation.display import results_frame
    from .evaluation.frame import evaluate_frame, frame_observations
    from .evaluation.paths import path_to
    from .evaluation.sweeps import sweep
    from .evaluation.uncertainty import monte_carlo
    from .evaluation.whatif import decrease, increase, what_if
    from .observations.files import read_observations
    from .observations.templates import observation_schema, template
    from .observations.writing import write_observations
    from .packs.hookspecs import hookimpl

#: names reached lazily, so that ``import ntmcriteria`` stays quick: numpy and pandas, pluggy,
#: PyYAML and jsonschema are imported when a name that needs them is first used
_LAZY = {
    "evaluate_frame": "ntmcriteria.evaluation.frame",
    "frame_observations": "ntmcriteria.evaluation.frame",
    "hookimpl": "ntmcriteria.packs.hookspecs",
    "read_observations": "ntmcriteria.observations.files",
    "write_observations": "ntmcriteria.observations.writing",
    "observation_schema": "ntmcriteria.observations.templates",
    "template": "ntmcriteria.observations.templates",
    "path_to": "ntmcriteria.evaluation.paths",
    "sweep": "ntmcriteria.evaluation.sweeps",
    "monte_carlo": "ntmcriteria.evaluation.uncertainty",
    "results_frame": "ntmcriteria.evaluation.display",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("ntmcriteria")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            found = "0+unknown"
        globals()["__version__"] = found
        return found
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


__all__ = [
    "AdministrativeUnit",
    "ArgumentError",
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
    "copy_examples",
    "criteria_set_from_data",
    "decrease",
    "evaluate",
    "evaluate_frame",
    "example_names",
    "example_path",
    "frame_observations",
    "hookimpl",
    "increase",
    "load_criteria_set",
    "monte_carlo",
    "observation_schema",
    "parse_number",
    "path_to",
    "province_id",
    "read_observations",
    "registry",
    "requirement_from_data",
    "results_frame",
    "sweep",
    "template",
    "what_if",
    "write_observations",
]
