"""Results pickle (to send them to worker processes or keep them), explained on the way."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import ntmcriteria as ntm
from ntmcriteria.observations.files import read_observations

EXAMPLES = sorted((Path(__file__).parents[1] / "examples" / "observations").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_tier_of_an_example_round_trips(path: Path) -> None:
    registry = ntm.registry()
    for observations in read_observations(path):
        assessment = ntm.assess(observations, registry=registry)
        assert assessment.steps, "the example is assessed against at least one set"
        for step in assessment.steps:
            result = step.result
            back = pickle.loads(pickle.dumps(result))
            assert back == result
            # the explanations travelled too, and say what the original says
            assert back.to_dict() == result.to_dict()
            for criterion in back.criteria:
                for indicator in criterion.indicators:
                    assert indicator.explain is None
                    assert indicator.explanation == result.indicators[indicator.id].explanation
        assert pickle.loads(pickle.dumps(assessment)) == assessment


def test_a_result_pickled_before_reading_its_explanation_keeps_it() -> None:
    observations = read_observations(EXAMPLES[0])[0]
    registry = ntm.registry()
    result = ntm.assess(observations, registry=registry).steps[0].result
    fresh = ntm.evaluate(result.set_id, observations, registry=registry)
    back = pickle.loads(pickle.dumps(fresh))  # nothing was read before pickling
    assert back.to_dict() == result.to_dict()
