from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

# Make tests/helpers.py importable as ``helpers`` under --import-mode=importlib.
sys.path.insert(0, str(Path(__file__).parent))
# Keep the cache of schema-valid pack files inside the test run, not in the user's home.
os.environ.setdefault("NTMCRITERIA_CACHE", tempfile.mkdtemp(prefix="ntmcriteria-cache-"))
# The command speaks the locale's language: the suite runs in English whatever the machine's
# locale (tests/test_cli_language.py sets the language it checks).
os.environ["NTM_LANG"] = "en"
