"""The frame path on a Dask DataFrame over a two-worker distributed.LocalCluster: lazy until
computed, and the same verdicts and sweep counts as pandas."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

import ntmcriteria as ntm

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

SET_ID = "hatinh/xa-ntm/2022-2025"


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


def province(size: int = 3000) -> pd.DataFrame:
    rng = np.random.default_rng(5)
    return pd.DataFrame(
        {
            "unit": [f"Xã {i}" for i in range(size)],
            "year": 2024,
            "households_hygienic_facilities_rate [%]": rng.uniform(70, 100, size).round(2),
            "income_per_capita [triệu đồng/người/năm]": rng.uniform(35, 70, size).round(2),
            "commune_health_standard": rng.choice(["Đạt", "Chưa đạt"], size),
        }
    )


def test_evaluate_frame_on_a_cluster_is_lazy_and_agrees_with_pandas(client: object) -> None:
    frame = province()
    lazy = ntm.evaluate_frame(SET_ID, dd.from_pandas(frame, npartitions=6))
    assert type(lazy).__module__.startswith("dask")  # nothing computed yet
    computed = lazy.compute()
    expected = ntm.evaluate_frame(SET_ID, frame)
    assert list(computed.columns) == list(expected.columns)
    for column in ("status", "criterion:10", "indicator:17.8", "indicator:15.2"):
        assert list(computed[column].astype(str)) == list(expected[column].astype(str)), column
    assert (computed["indicators_achieved"].to_numpy() == expected["indicators_achieved"]).all()
    workers = client.run(lambda: "ok")  # type: ignore[attr-defined]
    assert len(workers) == 2


def test_a_sweep_on_a_cluster_sums_its_partitions(client: object) -> None:
    frame = province()
    lazy = ntm.sweep(
        SET_ID, dd.from_pandas(frame, npartitions=5), requirement="17.8", thresholds=[80, 85, 90]
    )
    counted = lazy.compute().reset_index()
    expected = ntm.sweep(SET_ID, frame, requirement="17.8", thresholds=[80, 85, 90])
    mine = counted[counted["id"] == "17.8"]["achieved"].tolist()
    theirs = expected[expected["id"] == "17.8"]["achieved"].tolist()
    assert mine == theirs and counted[counted["level"] == "set"]["units"].tolist() == [3000] * 3


def test_villages_are_refused_on_a_dask_frame() -> None:
    frame = dd.from_pandas(province(10), npartitions=2)
    villages = pd.DataFrame({"unit": ["Thôn 1"], "parent": ["Xã 1"]})
    with pytest.raises(ntm.ArgumentError, match="villages are not supported"):
        ntm.evaluate_frame(SET_ID, frame, villages=villages)


def test_monte_carlo_over_a_dask_frame_is_lazy_and_matches_pandas(client: object) -> None:
    frame = province(200)
    errors = {"income_per_capita": "± 4 triệu đồng/người/năm"}
    lazy = ntm.monte_carlo(
        dd.from_pandas(frame, npartitions=4), SET_ID, errors=errors, draws=300, seed=2
    )
    assert type(lazy).__module__.startswith("dask")
    computed = lazy.compute()
    assert list(computed["unit"]) == list(frame["unit"])
    exact = ntm.evaluate_frame(SET_ID, frame)  # a part without error: its verdict, every draw
    assert ((exact["indicator:17.8"] == "achieved").to_numpy() == computed["indicator:17.8"]).all()
    assert computed["indicator:10"].between(0, 1).all()
