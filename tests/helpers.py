"""Build small criteria sets in tests, through the same plain-data path packs use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ntmcriteria as ntm


def make_set(
    measures: dict[str, dict[str, Any]],
    indicators: list[dict[str, Any]],
    *,
    set_id: str = "test/xa/2022-2025",
    tier: str = "ntm",
    province: str | None = "testprov",
    level: str = "commune",
    validity: tuple[int, int] = (2022, 2025),
    rule: Any = "all",
) -> ntm.CriteriaSet:
    """One group, one criterion "1" holding ``indicators``."""
    data: dict[str, Any] = {
        "id": set_id,
        "title": {"vi": "Bộ thử", "en": "Test set"},
        "level": level,
        "tier": tier,
        "legal_basis": {"issuer": "UBND tỉnh Thử", "number": "1/2022/QĐ-UBND"},
        "validity": {"from": validity[0], "to": validity[1]},
        "measures": measures,
        "groups": [
            {
                "id": "I",
                "title": "Nhóm I",
                "criteria": [
                    {"id": "1", "title": "Tiêu chí 1", "rule": rule, "indicators": indicators}
                ],
            }
        ],
    }
    if province is not None:
        data["province"] = province
    return ntm.criteria_set_from_data(data)


def one(
    requirement: Any,
    kind: str,
    unit: str,
    value: Any,
    *,
    year: int | None = 2024,
    levels: list[str] | None = None,
    context: dict[str, Any] | None = None,
    region: str | None = None,
    registry: ntm.Registry | None = None,
    extra_values: dict[str, Any] | None = None,
    extra_measures: dict[str, dict[str, Any]] | None = None,
) -> ntm.IndicatorResult:
    """Evaluate one requirement on one measure ``m`` holding ``value``."""
    measure: dict[str, Any] = {"kind": kind, "unit": unit, "title": "Đo lường m"}
    if levels:
        measure["levels"] = levels
    measures = {"m": measure, **(extra_measures or {})}
    criteria_set = make_set(
        measures,
        [{"id": "1.1", "title": "Chỉ tiêu 1.1", "measure": "m", "requirement": requirement}],
    )
    values = {} if value is None else {"m": value}
    values.update(extra_values or {})
    unit_data: dict[str, Any] = {"name": "Xã Thử"}
    if region is not None:
        unit_data["region"] = region
    observations = {"unit": unit_data, "year": year, "values": values, "context": context or {}}
    result = ntm.evaluate(criteria_set, observations, registry=registry)
    return result.indicators["1.1"]


EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "observations"

#: the seed cases the reports are checked on: (observation file, village or None, set id)
SEED_CASES: dict[str, tuple[str, str | None, str]] = {
    "ky-chau-hatinh-xa-ntm": ("ky-chau-2022.yaml", None, "hatinh/xa-ntm/2022-2025"),
    "tay-ho-chuyen-doi-so": (
        "tay-ho-2024.yaml",
        None,
        "thanhhoa/linh-vuc-noi-troi-chuyen-doi-so/2022-2025",
    ),
    "tay-ho-kieu-mau": ("tay-ho-2024.yaml", None, "thanhhoa/xa-ntm-kieu-mau/2022-2025"),
    "nam-thuong-thon-thong-minh": (
        "tay-ho-2024.yaml",
        "Nam Thượng",
        "thanhhoa/thon-thong-minh/2022-2025",
    ),
    "doc-binh-kieu-kieu-mau": (
        "doc-binh-kieu-2024.yaml",
        None,
        "dongthap/xa-ntm-kieu-mau/2021-2025",
    ),
    "ap-5-lang-thong-minh": ("doc-binh-kieu-2024.yaml", "Ấp 5", "dongthap/lang-thong-minh/2023"),
}


def seed_result(name: str) -> ntm.SetResult:
    """The evaluation of one of :data:`SEED_CASES`."""
    file, village, set_id = SEED_CASES[name]
    [unit] = ntm.read_observations(EXAMPLES / file)
    if village is not None:
        unit = unit.village(village)
    return ntm.evaluate(set_id, unit)
