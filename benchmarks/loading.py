"""Loading packs: YAML + schema + semantic checks + extends, cold and cached.

Five synthetic packs, each a copy of the example set grown to national size (3 × 18 = 54
indicators), the fifth extending the first, are written to a temporary folder and resolved together
the way the registry resolves installed packs. "cold" clears the document cache first; "cached" is
a second discovery in the same process (``registry(refresh=True)``).
"""

from __future__ import annotations

import copy
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from ntmcriteria.packs import extends, loader, set_files


def national_size(data: dict[str, Any], index: int) -> dict[str, Any]:
    grown = copy.deepcopy(data)
    grown["id"] = f"bench{index}/xa-ntm/2022-2025"
    groups = []
    for copy_number in range(3):
        for group in copy.deepcopy(data["groups"]):
            group["id"] = f"{group['id']}-{copy_number}"
            for criterion in group["criteria"]:
                criterion["id"] = f"{criterion['id']}-{copy_number}"
                for indicator in criterion["indicators"]:
                    indicator["id"] = f"{indicator['id']}-{copy_number}"
            groups.append(group)
    grown["groups"] = groups
    return grown


def extending(base_id: str) -> dict[str, Any]:
    return {
        "id": "bench5/xa-ntm/2022-2025",
        "extends": base_id,
        "title": "Extending",
        "legal_basis": {"issuer": "UBND"},
        "validity": {"from": 2022, "to": 2025},
        "overrides": {"indicators": {"17.8-0": {"requirement": ">= 90 %"}}},
    }


def main(rounds: int = 5) -> None:
    [example] = set_files("ntmcriteria_example")
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index in range(1, 5):
            path = Path(folder) / f"pack{index}.yaml"
            path.write_text(yaml.safe_dump(national_size(data, index), allow_unicode=True), "utf-8")
            paths.append(path)
        path = Path(folder) / "pack5.yaml"
        path.write_text(yaml.safe_dump(extending("bench1/xa-ntm/2022-2025")), "utf-8")
        paths.append(path)

        def discover() -> float:
            started = time.perf_counter()
            documents = [loader.read_document(p) for p in paths]
            results = extends.resolve_documents(documents)
            assert all(not isinstance(r, Exception) for r in results.values()), results
            return time.perf_counter() - started

        loader.pack_schema()  # the schema is read once per process
        cold, cached = [], []
        for _ in range(rounds):
            loader._cache.clear()
            cold.append(discover())
            cached.append(discover())
    indicators = 3 * 18
    print(f"load 5 packs (4 × {indicators} indicators + 1 extending set), {rounds} rounds")
    print(
        f"cold   (parse + schema + resolve): median {statistics.median(cold) * 1e3:7.1f} ms, "
        f"max {max(cold) * 1e3:7.1f} ms"
    )
    print(
        f"cached (resolve only):             median {statistics.median(cached) * 1e3:7.1f} ms, "
        f"max {max(cached) * 1e3:7.1f} ms"
    )


if __name__ == "__main__":
    main()
