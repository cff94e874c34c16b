"""Start-up: ``import ntmcriteria`` and ``ntm sets`` in fresh processes (``make bench``)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time


def fresh(arguments: list[str], runs: int = 7) -> float:
    """Median wall time of a fresh process, less that of a bare interpreter."""

    def once(args: list[str]) -> float:
        started = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        return time.perf_counter() - started

    bare = statistics.median(once([sys.executable, "-c", "pass"]) for _ in range(runs))
    return statistics.median(once(arguments) for _ in range(runs)) - bare


def main() -> None:
    imported = fresh([sys.executable, "-c", "import ntmcriteria"])
    listed = fresh([sys.executable, "-m", "ntmcriteria", "sets"])
    print(
        f"import ntmcriteria  {imported * 1e3:7.0f} ms (fresh process, beyond a bare interpreter)"
    )
    print(
        f"ntm sets            {listed * 1e3:7.0f} ms (every installed pack discovered and loaded)"
    )


if __name__ == "__main__":
    main()
