"""Named points where a test can stop a run to kill it there (the kill-anywhere test).

With ``SCREENING_TEST_PAUSE=<point>`` (optionally ``<point>:<n>`` for its n-th pass, from 1) and
``SCREENING_TEST_PAUSE_FILE=<path>`` in the environment, the process writes its pid to the file
when it reaches the point and then waits there until it is killed. Without them the calls cost
one dictionary look-up. Points: ``inference`` (each analysed frame), ``db-write`` (inside the
save's transaction, rows written, not committed), ``db-committed`` (rows committed, files not
yet moved into the store), ``publish`` (before each file moved into ``--out``), ``batch-saved``
(a batch job saved, not yet in the ledger). ``SCREENING_TEST_DELAY=render:<seconds>`` makes the
video renderer sleep after each frame (a slow machine, for the renderer's liveness test).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

DELAY_ENV = "SCREENING_TEST_DELAY"  # "<point>:<seconds>": sleep there each time (a slow machine, made on purpose)
PAUSE_ENV = "SCREENING_TEST_PAUSE"
PAUSE_FILE_ENV = "SCREENING_TEST_PAUSE_FILE"
_passes: dict[str, int] = {}


def delay_at(point: str) -> None:
    """Sleep at a named point when ``SCREENING_TEST_DELAY=<point>:<seconds>`` names it (``render``: each frame)."""
    wanted = os.environ.get(DELAY_ENV)
    if wanted:
        name, _, seconds = wanted.partition(":")
        if name == point:
            time.sleep(float(seconds or 0))


def pause_at(point: str) -> None:
    """Wait here for a kill if the environment names this point (see the module docstring)."""
    wanted = os.environ.get(PAUSE_ENV)
    if not wanted:
        return
    name, _, nth = wanted.partition(":")
    if name != point:
        return
    _passes[point] = _passes.get(point, 0) + 1
    if nth and _passes[point] != int(nth):
        return
    marker = os.environ.get(PAUSE_FILE_ENV)
    if marker:
        Path(marker).write_text(str(os.getpid()), encoding="utf-8")
    deadline = time.monotonic() + 600.0  # a test that forgot to kill does not leave the process forever
    while time.monotonic() < deadline:
        time.sleep(0.05)
    raise SystemExit(f"paused at {point} for 600 s and not killed")
