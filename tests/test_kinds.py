"""Each requirement and rule kind is one class in one kinds table; the table, the pack JSON
Schema and the docs list the same kinds."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ntmcriteria.criteria.composition import RULE_KINDS, rule_from_data
from ntmcriteria.criteria.requirements import REQUIREMENT_KINDS, requirement_from_data
from ntmcriteria.packs.schema import pack_schema

DOCS = Path(__file__).resolve().parents[1] / "docs"


def schema_kinds(prefix: str, union: str) -> set[str]:
    schema = pack_schema()
    defined = {
        name[len(prefix) :]
        for name in schema["$defs"]
        if name.startswith(prefix) and name != union  # rule_expr is the union itself
    }
    text = json.dumps(schema["$defs"][union])
    referenced = set(re.findall(rf'"#/\$defs/{prefix}(\w+)"', text))
    assert defined == referenced, (defined, referenced)
    return defined


def test_requirement_kinds_agree() -> None:
    table = set(REQUIREMENT_KINDS)
    assert table == schema_kinds("req_", "requirement")
    text = (DOCS / "requirements.md").read_text(encoding="utf-8")
    assert table == set(re.findall(r"^\| `(\w+)`", text, re.MULTILINE))


def test_rule_kinds_agree() -> None:
    table = set(RULE_KINDS)
    assert table == schema_kinds("rule_", "rule_expr")
    text = (DOCS / "tiers.md").read_text(encoding="utf-8")
    rules = text[text.index("| rule | plain data |") :].split("\n\n", 1)[0]
    assert table == set(re.findall(r"^\| [^|]+ \| `\{(\w+):", rules, re.MULTILINE)) | set(
        re.findall(r"`\{(\w+): \[rule", rules)
    )


def test_every_kind_reads_back_what_it_writes() -> None:
    samples = {
        "compare": {"op": ">=", "value": 80, "unit": "%"},
        "achieved": {"achieved": True},
        "none": {"none": True},
        "min_level": {"min_level": 2},
        "by_year": {"by_year": {2024: ">= 45 %"}},
        "by_region": {"by_region": {"I": ">= 45 %"}, "otherwise": ">= 40 %"},
        "by_commune_group": {
            "by_commune_group": {1: ">= 60 %", 3: ">= 40 %"},
            "otherwise": ">= 50 %",
        },
        "cases": {"cases": [{"when": [{"fact": "schools", "op": ">", "value": 3}], "then": "Đạt"}]},
        "relative": {"relative": {"set": "x/y/2022-2025", "factor": 1.1}},
        "all_of": {"all_of": [">= 45 %", ">= 20 %"]},
        "any_of": {"any_of": [">= 45 %", ">= 20 %"]},
        "for_measure": {"for_measure": {"measure": "m", "requirement": ">= 20 %"}},
        "for_each_sex": {
            "for_each_sex": {"male": "m_nam", "female": "m_nu", "requirement": ">= 90 %"}
        },
        "not_encoded": {"not_encoded": {"note": {"vi": "chưa có", "en": "missing"}}},
        "not_applicable": {"not_applicable": {"note": {"vi": "không trồng lúa", "en": "no rice"}}},
    }
    assert set(samples) == set(REQUIREMENT_KINDS)
    for kind, data in samples.items():
        requirement = requirement_from_data(data)
        assert type(requirement) is REQUIREMENT_KINDS[kind]
        assert requirement_from_data(requirement.to_data()) == requirement
    rules = {
        "achieved": {"achieved": "x/y/2022-2025"},
        "one_of_groups": {"one_of_groups": {"groups": ["A", "B"], "choice": "nhom"}},
        "outstanding_field": {"outstanding_field": {"choice": "f", "fields": {"a": "x/a/2022"}}},
        "villages": {"villages": {"set": "x/thon/2022-2025", "at_least": 2}},
        "village_share": {"village_share": {"set": "x/thon/2022-2025", "share": ">= 25 %"}},
        "commune_share": {"commune_share": {"set": "x/xa/2026-2030", "share": ">= 80 %"}},
        "village_quota": {"village_quota": {"set": "x/t/2022", "each_criterion": ">= 70 %"}},
        "all_of": {"all_of": [{"achieved": "x/y/2022-2025"}]},
        "any_of": {"any_of": [{"achieved": "x/y/2022-2025"}]},
        "at_least": {"at_least": {"count": 1, "of": [{"achieved": "x/y/2022-2025"}]}},
        "not_encoded": {"not_encoded": {"note": {"vi": "chưa có", "en": "missing"}}},
    }
    assert set(rules) == set(RULE_KINDS)
    for kind, data in rules.items():
        rule = rule_from_data(data)
        assert type(rule) is RULE_KINDS[kind]
        assert rule_from_data(rule.to_data()) == rule
