"""The explained (scalar) path: one commune at a time, every verdict explained.

Run with ``make bench``. Prints, for the example set (18 indicators), how long reading and
evaluating one commune takes over random communes with realistic value forms; then, for xã Kỳ
Châu on the full Hà Tĩnh commune set (60 indicators), the median of one evaluation deciding
every status (no text asked for), of one with every explanation and the summary, and of its
plain-text appendix table.
"""

from __future__ import annotations

import random
import statistics
import time
from typing import Any

import ntmcriteria as ntm

SET_ID = "example/xa-ntm-trich/2022-2025"


def random_commune(rng: random.Random, index: int) -> dict[str, Any]:
    households = rng.randint(300, 3000)
    values: dict[str, Any] = {
        "income_per_capita": f"{rng.randint(30, 70)},{rng.randint(0, 99):02d} triệu đồng/người/năm",
        "multidimensional_poverty_rate": f"{rng.randint(0, 9)},{rng.randint(0, 99):02d} %",
        "health_insurance_rate": f"{rng.randint(80, 100)} %",
        "commune_health_standard": rng.choice(["Đạt", "Chưa đạt"]),
        "households_clean_water_rate": f"{rng.randint(0, households)}/{households} hộ",
        "households_piped_water_rate": f"{rng.randint(0, households)}/{households} hộ",
        "households_hygienic_facilities_rate": f"{rng.randint(0, households)}/{households} hộ",
        "public_green_land_per_capita": f"{rng.randint(0, 5)},{rng.randint(0, 9)} m2/người",
    }
    return {"unit": f"Xã {index}", "year": rng.choice([2022, 2023, 2024, 2025]), "values": values}


def main(communes: int = 2000, seed: int = 20261122) -> None:
    random_communes(communes, seed)
    one_commune()


def random_communes(communes: int, seed: int) -> None:
    rng = random.Random(seed)
    criteria_set = ntm.registry().get(SET_ID)
    data = [random_commune(rng, i) for i in range(communes)]
    started = time.perf_counter()
    observations = [ntm.Observations.from_dict(d) for d in data]
    read = time.perf_counter() - started
    timings = []
    for obs in observations:
        t0 = time.perf_counter()
        ntm.evaluate(criteria_set, obs)
        timings.append(time.perf_counter() - t0)
    total = sum(timings)
    print(f"set {SET_ID}: {criteria_set.indicator_count} indicators, {communes} communes")
    print(f"read observations:  {read * 1e3:8.1f} ms total, {read / communes * 1e6:8.1f} µs each")
    print(
        f"evaluate (scalar):  {total * 1e3:8.1f} ms total, "
        f"{statistics.mean(timings) * 1e6:8.1f} µs mean, "
        f"{statistics.median(timings) * 1e6:8.1f} µs median, "
        f"{max(timings) * 1e6:8.1f} µs max"
    )
    print(
        f"throughput:         {communes / total:8.0f} communes/s "
        f"({communes * criteria_set.indicator_count / total:,.0f} indicator checks/s)"
    )


def one_commune(runs: int = 1000) -> None:
    from pathlib import Path

    [unit] = ntm.read_observations(
        Path(__file__).resolve().parents[1] / "examples" / "observations" / "ky-chau-2022.yaml"
    )
    criteria_set = ntm.registry().get("hatinh/xa-ntm/2022-2025")
    ntm.evaluate(criteria_set, unit)
    decided, evaluated, rendered = [], [], []
    for _ in range(runs):  # statuses only, as a sweep over units would ask
        started = time.perf_counter()
        ntm.evaluate(criteria_set, unit)
        decided.append(time.perf_counter() - started)
    for _ in range(runs):
        started = time.perf_counter()
        result = ntm.evaluate(criteria_set, unit)
        result.summary("vi")
        for indicator in result:
            indicator.explanation  # noqa: B018 (worked out when asked for)
        evaluated.append(time.perf_counter() - started)
        started = time.perf_counter()
        result.to_text("vi")
        rendered.append(time.perf_counter() - started)
    print(
        f"Kỳ Châu on hatinh/xa-ntm/2022-2025 ({criteria_set.indicator_count} indicators): "
        f"decision only {statistics.median(decided) * 1e3:.2f} ms median, "
        f"with every explanation and the summary {statistics.median(evaluated) * 1e3:.2f} ms, "
        f"appendix text {statistics.median(rendered) * 1e3:.2f} ms"
    )


if __name__ == "__main__":
    main()
