"""Guided capture with real MediaPipe: rendered clips fed frame by frame to the dashboard's live processor.

The good clip (left side view, arm raised twice) must start the recording on its own and count
reps; the clip filmed 45° off the side view must get turning advice and never record.
"""

from __future__ import annotations

from pathlib import Path

import av
import pytest

from screening.config import load_settings
from screening.ui.live import LivePose, LiveStatus
from tests.unit.source.media import VIDEOS


def frames(name: str, every: int = 2):
    """Yield (BGR image, time s) of a test clip at 15 fps."""
    with av.open(str(VIDEOS / name)) as container:
        for index, frame in enumerate(container.decode(video=0)):
            if index % every == 0:
                yield frame.to_ndarray(format="bgr24"), float(frame.time)


def run_live(name: str, tmp_path: Path, loops: int = 2) -> tuple[LivePose, list[LiveStatus]]:
    import queue

    status: queue.Queue[LiveStatus] = queue.Queue(maxsize=1)
    pose = LivePose(load_settings(), ("shoulder_flexion_corrected_left",), status, "overhead_reach",
                    lambda: tmp_path / "webcam.mp4")
    seen, offset = [], 0.0
    for _ in range(loops):  # as Chromium's fake camera loops the file
        for image, time_s in frames(name):
            pose.process(image, offset + time_s)
            if not status.empty():
                seen.append(status.get_nowait())
        offset += 4.0
    return pose, seen


@pytest.mark.parametrize("name", ["overhead_reach_side_left.mp4"])
def test_good_clip_starts_recording_on_its_own_and_counts_reps(tmp_path: Path, name: str) -> None:
    pose, seen = run_live(name, tmp_path)
    try:
        assert pose.recording
        started = next(s for s in seen if s.guide.recording)
        assert started.guide.setup.ready and started.time_s < 2.0  # right from the start, held 1 s
        assert max(s.reps or 0 for s in seen) >= 2  # the arm went up and down twice or more while recording
        assert all(s.guide.setup.ready for s in seen if s.guide.setup.decided)  # no advice, no flicker
        path = pose.stop_recording()
        assert path is not None and path.stat().st_size > 10_000
    finally:
        pose.close()


def test_wrong_view_gets_turning_advice_within_a_second_and_never_records(tmp_path: Path) -> None:
    pose, seen = run_live("overhead_reach_wrong_view.mp4", tmp_path)
    try:
        assert not pose.recording and not (tmp_path / "webcam.mp4").exists()
        decided = [s for s in seen if s.guide.setup.decided]
        assert decided[0].time_s <= 1.0 and decided[0].guide.setup.advice.code == "turn"
        assert {s.guide.setup.advice.code for s in decided} == {"turn"}
        assert "Turn about" in decided[-1].advice
    finally:
        pose.close()
