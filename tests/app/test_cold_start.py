"""The dashboard's first page must not import what only an analysis needs (a cold first load took ~17 s).

Run in a fresh process, since other tests import these modules; ``bench/cold_start.py`` measures
the time itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=300).run()
assert not at.exception, at.exception
print(json.dumps({name: name in sys.modules for name in ("scipy", "mediapipe", "matplotlib")}))
"""


def test_first_page_loads_without_scipy_mediapipe_or_matplotlib(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", PROBE, str(ROOT / "app.py")], capture_output=True, text=True,
                          cwd=ROOT, timeout=600, env={**os.environ, "SCREENING_DATA_DIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert loaded == {"scipy": False, "mediapipe": False, "matplotlib": False}
