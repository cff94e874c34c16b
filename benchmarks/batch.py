"""``ntm batch`` end to end on a large CSV of the full Hà Tĩnh commune set (``make bench``).

The table (``BENCH_BATCH_ROWS`` rows, 1,000,000 by default) is written once, in Vietnamese text
as reports write values (``"669/836 hộ"``, ``"52,15 triệu đồng/người/năm"``, ``"Đạt"``), then
``python -m ntmcriteria batch`` runs on it in a child process, whose peak resident memory
(``VmHWM``) is read from ``/proc`` while it runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import frame as frame_bench

import ntmcriteria as ntm

SET_ID = "hatinh/xa-ntm/2022-2025"


def write_table(path: Path, rows: int, block: int = 100_000) -> None:
    criteria_set = ntm.registry().get(SET_ID)
    base = frame_bench.text_frame(criteria_set, min(rows, block))
    base.insert(1, "year", 2024)
    written = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        while written < rows:
            part = base.head(rows - written).copy()
            part["unit"] = [f"Xã {written + i}" for i in range(len(part))]
            part.to_csv(handle, index=False, header=written == 0)
            written += len(part)


def high_water_mark(pid: int) -> float:
    """The peak resident memory of a running process so far, in MB (Linux: VmHWM)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def main() -> None:
    rows = int(os.environ.get("BENCH_BATCH_ROWS", "1000000"))
    with tempfile.TemporaryDirectory() as folder:
        table, out = Path(folder) / "communes.csv", Path(folder) / "results.csv"
        write_table(table, rows)
        size = table.stat().st_size
        started = time.perf_counter()
        command = ["-m", "ntmcriteria", "batch", str(table), "--set", SET_ID, "-o", str(out)]
        child = subprocess.Popen(
            [sys.executable, *command],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        peak = 0.0
        while child.poll() is None:
            peak = max(peak, high_water_mark(child.pid))
            time.sleep(0.05)
        took = time.perf_counter() - started
        if child.returncode:
            raise SystemExit(child.stderr.read().decode() if child.stderr else "batch failed")
        print(
            f"ntm batch {rows:,} rows ({size / 1e6:,.0f} MB CSV, {SET_ID}): {took:6.1f} s, "
            f"{rows / took:9,.0f} communes/s, peak memory {peak:,.0f} MB"
        )


if __name__ == "__main__":
    main()
