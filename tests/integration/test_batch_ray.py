"""A tiny batch on a local Ray instance (2 CPUs, no dashboard, usage statistics off, loopback only)."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

from screening.batch.plan import plan_batch
from screening.batch.run import run_batch
from screening.batch.runners import RayRunner
from screening.config import load_settings
from screening.store import open_store

pytest.importorskip("ray")
VIDEOS = Path(__file__).resolve().parents[2] / "test_videos"

pytestmark = pytest.mark.slow


def test_ray_local_batch_saves_good_clips_and_reports_bad_ones(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCREENING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SCREENING_DB_URL", raising=False)
    folder = tmp_path / "clips"
    folder.mkdir()
    shutil.copy(VIDEOS / "hip_rotation_seated_front.mp4", folder / "R1__hip_rotation.mp4")
    shutil.copy(VIDEOS / "squat_side.mp4", folder / "R2__squat.mp4")
    # seeded bytes: about 0.5 % of random files probe as some other media, with another message
    (folder / "R3__squat.mp4").write_bytes(random.Random(20261125).randbytes(2048))
    with open_store() as store, RayRunner(num_cpus=2) as runner:
        assert os.environ["RAY_USAGE_STATS_ENABLED"] == "0"
        assert runner.workers == 2
        report = run_batch(plan_batch(folder), load_settings(), tmp_path / "out", store, runner, show_progress=False,
                           echo=lambda _: None)
        summaries = {r.summary is not None for r in report.with_status("done")}
        names = [a.name for a in store.list_athletes()]
    outcome = {r.job.athlete: (r.status, r.error) for r in report.jobs}
    assert {name: status for name, (status, _) in outcome.items()} == {"R1": "done", "R2": "done", "R3": "failed"}, \
        outcome
    assert summaries == {True}
    assert "damaged" in report.with_status("failed")[0].error
    assert names == ["R1", "R2"]
    import ray

    assert not ray.is_initialized()  # the runner started Ray, so it shut it down


def test_ray_batch_runs_in_a_namespace_with_loopback_only(tmp_path: Path) -> None:
    """`screening batch --ray` in a fresh network namespace where only 127.0.0.1 exists: no outside calls needed."""
    import shutil as sh
    import subprocess
    import sys

    if sh.which("unshare") is None or sh.which("ip") is None or subprocess.run(["unshare", "-n", "true"]).returncode:
        pytest.skip("cannot create a network namespace here (needs unshare, ip and root or user namespaces)")
    folder = tmp_path / "clips"
    folder.mkdir()
    shutil.copy(VIDEOS / "squat_side.mp4", folder / "N1__squat.mp4")
    command = (f"ip link set lo up && {sys.executable} -m screening batch {folder} --out {tmp_path / 'out'} "
               f"--data-dir {tmp_path / 'data'} --ray")
    done = subprocess.run(["unshare", "-n", "sh", "-c", command], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "SCREENING_DB_URL": ""})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 analysed (1 clips" in done.stdout and "local Ray instance" in done.stdout
