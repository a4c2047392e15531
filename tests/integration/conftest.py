"""Shared helpers for end-to-end tests: run the real CLI (real MediaPipe) on clips in test_videos/."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VIDEOS = REPO / "test_videos"


@dataclass
class CliRun:
    """One `screening analyze` run: exit code, output folder, stdout/stderr and the parsed summary."""

    returncode: int
    out: Path
    stdout: str
    stderr: str

    @property
    def summary(self) -> dict:
        return json.loads((self.out / "summary.json").read_text(encoding="utf-8"))

    def findings(self, metric: str, side: str | None = None) -> list[dict]:
        return [f for f in self.summary["findings"] if f["metric"] == metric and (side is None or f["side"] == side)]


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m screening ARGS`` in a subprocess, as a user would."""
    return subprocess.run([sys.executable, "-m", "screening", *args], capture_output=True, text=True,
                          cwd=cwd or REPO, timeout=600)


def analyze(out: Path, *inputs: str, protocol: str | None = None, extra: tuple[str, ...] = ()) -> CliRun:
    """Run `screening analyze` on clips of test_videos/ into ``out``."""
    args = ["analyze", *[str(VIDEOS / name) for name in inputs], "--out", str(out), *extra]
    if protocol:
        args += ["--protocol", protocol]
    done = run_cli(*args)
    return CliRun(done.returncode, out, done.stdout, done.stderr)


@pytest.fixture(scope="session")
def analyzed(tmp_path_factory):
    """Memoised `analyze` runs, so several tests can check one run."""
    cache: dict[tuple, CliRun] = {}

    def get(*inputs: str, protocol: str | None = None, extra: tuple[str, ...] = ()) -> CliRun:
        key = (inputs, protocol, extra)
        if key not in cache:
            cache[key] = analyze(tmp_path_factory.mktemp("analyze"), *inputs, protocol=protocol, extra=extra)
        return cache[key]

    return get
