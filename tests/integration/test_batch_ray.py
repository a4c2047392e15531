"""A tiny batch on a local Ray instance (2 CPUs, no dashboard, usage statistics off, loopback only)."""

from __future__ import annotations

import os
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
    (folder / "R3__squat.mp4").write_bytes(os.urandom(2048))
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
