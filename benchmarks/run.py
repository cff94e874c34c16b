"""Run every benchmark and print its figures: ``make bench``.

``BENCH_BATCH_ROWS`` sets the size of the ``ntm batch`` table (1,000,000 rows by default).
"""

from __future__ import annotations

import batch
import evaluation
import frame
import loading
import openfisca
import startup
import whatif

if __name__ == "__main__":
    for module in (frame, whatif, openfisca, evaluation, batch, startup, loading):
        module.main()
        print()
