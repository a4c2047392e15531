"""Privacy: a full analysis makes no network call.

Two independent checks: in-process with Python sockets blocked (pytest-socket), and the real CLI
in a fresh network namespace with no interface up (``unshare -n``), which also catches native
code (MediaPipe, FFmpeg) that would bypass Python's socket module.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
import pytest_socket

from screening.cli import main

REPO = Path(__file__).resolve().parents[1]
CLIP = REPO / "test_videos" / "overhead_reach_side_left.mp4"
ARGS = ("--protocol", "overhead_reach", "--pdf")


def _check_results(out: Path) -> None:
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["findings"], "the analysis produced no findings"
    assert {"angles.csv", "report.pdf", "overhead_reach_side_left_annotated.mp4"} <= {p.name for p in out.iterdir()}


def test_analysis_runs_with_python_sockets_blocked(tmp_path, capsys):
    pytest_socket.disable_socket(allow_unix_socket=False)
    try:
        with pytest.raises(pytest_socket.SocketBlockedError), pytest.warns(UserWarning, match="socket"):
            socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        with warnings.catch_warnings(record=True) as caught:  # a blocked attempt that the code swallowed
            warnings.simplefilter("always")
            code = main(["analyze", str(CLIP), "--out", str(tmp_path / "out"), *ARGS])
    finally:
        pytest_socket.enable_socket()
    assert code == 0, capsys.readouterr().err
    assert not [w for w in caught if "socket" in str(w.message)]
    _check_results(tmp_path / "out")


def test_cli_runs_in_a_namespace_without_network(tmp_path):
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-n", "true"]).returncode != 0:
        pytest.skip("cannot create a network namespace here (needs unshare and root or user namespaces)")
    done = subprocess.run(["unshare", "-n", sys.executable, "-m", "screening", "analyze", str(CLIP),
                           "--out", str(tmp_path / "out"), *ARGS], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    _check_results(tmp_path / "out")
