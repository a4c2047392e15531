"""The annotated video rendered in a child process: complete file, clean abort, errors reported."""

from __future__ import annotations

import time
from pathlib import Path

import av
import numpy as np
import pytest

from screening.errors import OutputError
from screening.pose.estimator import PoseDetection
from screening.report.annotate import partial_path
from screening.report.annotate_process import BackgroundVideoWriter
from screening.source.base import DEFAULT_MAX_FILE_BYTES, Frame, open_source

CLIP = Path(__file__).resolve().parents[3] / "test_videos" / "squat_side.mp4"
COLUMNS = ("knee_flexion_left", "knee_flexion_right")


def _detection() -> PoseDetection:
    position = np.vstack([np.linspace(200, 500, 33), np.linspace(100, 1200, 33)])
    return PoseDetection(position, np.zeros((3, 33)), np.ones(33), np.ones(33))


def _writer(tmp_path: Path) -> BackgroundVideoWriter:
    return BackgroundVideoWriter(tmp_path / "out.mp4", CLIP, COLUMNS, DEFAULT_MAX_FILE_BYTES)


def _frame_count() -> int:
    source = open_source(CLIP)
    source.close()
    return source.info.frame_count


def test_child_writes_every_frame_as_h264(tmp_path):
    frames = _frame_count()
    writer = _writer(tmp_path)
    for index in range(frames):  # the parent's frames are not sent: a 1-pixel stand-in is enough
        writer.add(Frame(index, index / 30, np.zeros((1, 1, 3), np.uint8)), _detection() if index % 2 else None)
    path = writer.close()
    assert path == tmp_path / "out.mp4" and not partial_path(path).exists()
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert max(stream.width, stream.height) == 720
        assert sum(1 for _ in container.decode(stream)) == frames


def test_abort_stops_the_child_and_leaves_no_file(tmp_path):
    writer = _writer(tmp_path)
    for index in range(40):
        writer.add(Frame(index, index / 30, np.zeros((1, 1, 3), np.uint8)), _detection())
    deadline = time.monotonic() + 90  # the child's start-up takes tens of seconds on a loaded 2-core machine
    while not partial_path(tmp_path / "out.mp4").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert partial_path(tmp_path / "out.mp4").exists()  # the child was writing when it was stopped
    writer.abort()
    assert list(tmp_path.iterdir()) == []


def test_more_landmarks_than_decoded_frames_is_an_output_error(tmp_path):
    frames = _frame_count()
    writer = _writer(tmp_path)
    for index in range(frames + 5):
        writer.add(Frame(index, index / 30, np.zeros((1, 1, 3), np.uint8)), _detection())
    with pytest.raises(OutputError, match=f"landmarks of {frames + 5} frames, but {frames} frames were decoded"):
        writer.close()
    assert list(tmp_path.iterdir()) == []


def test_landmarks_of_the_wrong_frame_are_an_output_error(tmp_path):
    writer = _writer(tmp_path)
    writer.add(Frame(5, 0.0, np.zeros((1, 1, 3), np.uint8)), _detection())  # the child decodes frame 0 first
    with pytest.raises(OutputError, match="expected landmarks of frame 0, got frame 5"):
        writer.close()
    assert list(tmp_path.iterdir()) == []


def _send_all(writer: BackgroundVideoWriter, frames: int) -> None:
    for index in range(frames):
        writer.add(Frame(index, index / 30, np.zeros((1, 1, 3), np.uint8)), _detection())


def test_a_slow_renderer_that_progresses_is_never_stopped(tmp_path, monkeypatch):
    """A busy machine: each frame takes 0.1 s more; the video takes several stall periods but is not stopped."""
    import screening.report.annotate_process as annotate_process

    monkeypatch.setattr(annotate_process, "STALL_S", 3.0)
    monkeypatch.setenv("SCREENING_TEST_DELAY", "render:0.1")  # the child sleeps 0.1 s after each frame
    frames = _frame_count()
    writer = _writer(tmp_path)
    _send_all(writer, frames)
    deadline = time.monotonic() + 120
    while not partial_path(tmp_path / "out.mp4").exists() and time.monotonic() < deadline:
        time.sleep(0.05)  # started up (imports take seconds on a busy machine) and rendering
    started = time.monotonic()
    path = writer.close()
    assert time.monotonic() - started > 2 * annotate_process.STALL_S  # a fixed limit this long would have failed
    with av.open(str(path)) as container:
        assert sum(1 for _ in container.decode(container.streams.video[0])) == frames


def test_a_stuck_renderer_is_stopped_and_named(tmp_path, monkeypatch):
    import signal

    import screening.report.annotate_process as annotate_process

    monkeypatch.setattr(annotate_process, "STALL_S", 2.0)
    writer = _writer(tmp_path)
    _send_all(writer, 40)
    writer._process.send_signal(signal.SIGSTOP)  # stuck: alive, but makes no progress
    with pytest.raises(OutputError, match=r"the video renderer made no progress for 2 s \(stuck after frame \d+ of "
                                          r"40\) and was stopped") as raised:
        writer.close()
    assert "disk space" not in raised.value.one_line() and "--no-video" in raised.value.one_line()
    assert writer._process.poll() is not None
    assert list(tmp_path.iterdir()) == []
