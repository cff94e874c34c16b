"""Run every benchmark and print its figures: ``make bench``."""

from __future__ import annotations

import evaluation
import loading

if __name__ == "__main__":
    evaluation.main()
    print()
    loading.main()
