"""`screening batch` end to end with the real model on tiny batches (each clip costs seconds of inference).

The clips are copies of test_videos/ renamed ATHLETE__PROTOCOL[__SIDE].mp4, plus broken ones made here.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from screening.batch.ledger import LEDGER_NAME, Ledger
from screening.store import open_store

REPO = Path(__file__).resolve().parents[2]
VIDEOS = REPO / "test_videos"

pytestmark = pytest.mark.slow


def batch_cli(*args: str, data: Path, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "SCREENING_DATA_DIR": str(data), **(extra_env or {})}
    env.pop("SCREENING_DB_URL", None)
    return subprocess.run([sys.executable, "-m", "screening", "batch", *args], capture_output=True, text=True,
                          cwd=REPO, env=env, timeout=600)


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """2 good jobs (a squat; a reach, left + right clips) and 3 bad clips (random bytes, empty, no person)."""
    folder = tmp_path / "clips"
    folder.mkdir()
    shutil.copy(VIDEOS / "squat_side.mp4", folder / "A1__squat.mp4")
    shutil.copy(VIDEOS / "overhead_reach_side_left.mp4", folder / "B2__overhead_reach__left.mp4")
    shutil.copy(VIDEOS / "overhead_reach_side_right.mp4", folder / "B2__overhead_reach__right.mp4")
    # seeded bytes: about 0.5 % of random files probe as some other media, with another message
    (folder / "C3__squat.mp4").write_bytes(random.Random(20261125).randbytes(4096))
    (folder / "D4__squat.mp4").write_bytes(b"")
    shutil.copy(VIDEOS / "no_person.mp4", folder / "E5__squat.mp4")
    return folder


def test_mixed_batch_finishes_lists_bad_clips_and_saves_good_ones(mixed: Path, tmp_path: Path) -> None:
    out, data = tmp_path / "out", tmp_path / "data"
    done = batch_cli(str(mixed), "--out", str(out), "--workers", "2", data=data)
    assert done.returncode == 1, done.stderr  # some clips failed
    assert "2 analysed (3 clips" in done.stdout
    for name, reason in (("C3__squat.mp4", "damaged"), ("D4__squat.mp4", "empty (0 bytes)"),
                         ("E5__squat.mp4", "Expected a person")):
        assert any(name in line and reason in line for line in done.stdout.splitlines()), (name, done.stdout)
    with open_store(data_dir=data) as store:
        assert [a.name for a in store.list_athletes()] == ["A1", "B2"]
        reach = store.list_sessions(store.require_athlete("B2").id)
        assert [c.source_name for c in reach[0].clips] == ["B2__overhead_reach__left.mp4",
                                                           "B2__overhead_reach__right.mp4"]
        # the right arm is limited to 140° in this clip: the reach is flagged
        assert reach[0].protocol == "overhead_reach" and reach[0].flagged_count >= 1
    team = (out / "team_summary.csv").read_text(encoding="utf-8-sig").splitlines()
    assert team[1].startswith("B2,")  # flagged athletes first
    assert (out / "team_summary.pdf").read_bytes().startswith(b"%PDF")

    again = batch_cli(str(mixed), "--out", str(out), "--workers", "2", data=data)
    assert "0 analysed" in again.stdout and "2 already done, 3 failed" in again.stdout
    entries = Ledger(out / LEDGER_NAME).entries()
    assert sorted((e.athlete, e.status, e.attempts) for e in entries) == [
        ("A1", "done", 1), ("B2", "done", 1), ("C3", "failed", 2), ("D4", "failed", 2), ("E5", "failed", 2)]


def test_interrupted_batch_resumes_without_redoing_finished_clips(tmp_path: Path) -> None:
    folder = tmp_path / "clips"
    folder.mkdir()
    for athlete, clip in (("P1", "squat_side"), ("P2", "squat_front"), ("P3", "squat_side")):
        shutil.copy(VIDEOS / f"{clip}.mp4", folder / f"{athlete}__squat.mp4")
    out, data = tmp_path / "out", tmp_path / "data"
    first = batch_cli(str(folder), "--out", str(out), "--workers", "1", data=data,
                      extra_env={"SCREENING_BATCH_STOP_AFTER": "1"})
    assert first.returncode == 130, first.stderr
    assert "Run the same command again" in first.stderr
    runs_1 = {e.athlete for e in Ledger(out / LEDGER_NAME).entries()}
    assert len(runs_1) == 1

    second = batch_cli(str(folder), "--out", str(out), "--workers", "1", data=data)
    assert second.returncode == 0, second.stderr
    assert "2 analysed (2 clips" in second.stdout and "1 already done" in second.stdout
    entries = Ledger(out / LEDGER_NAME).entries()
    assert sorted(e.run for e in entries) == [1, 2, 2]
    assert all(e.attempts == 1 and e.status == "done" for e in entries)
    with open_store(data_dir=data) as store:
        assert sorted(a.session_count for a in store.list_athletes()) == [1, 1, 1]
