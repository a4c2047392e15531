"""Video and photo readers on awkward but valid files, and on files that only look valid.

Every file is made in ``tmp_path`` (see ``media.py``); answers are known in advance.
"""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from screening.errors import CameraError, InvalidVideoError, PoseEstimationError
from screening.pose.extract import extract_landmarks
from screening.report.tables import write_atomically
from screening.source import CameraSource, open_source
from screening.source.base import DEFAULT_MAX_SIDE_PX, sniff_kind
from screening.source.video import FALLBACK_FPS
from tests.unit.source.media import faststart_copy, flat_frames, person_on_canvas, write_avi_with_rate, write_video


def read_all(path, **options):
    source = open_source(path, **options)
    return source.info, list(source.frames())


class FakeEstimator:
    """Finds nobody, or raises ``fail_with`` from the ``fail_at``-th frame on."""

    model_name, model_sha256 = "fake", "0" * 64

    def __init__(self, fail_at: int | None = None, fail_with: BaseException | None = None) -> None:
        self.calls, self.fail_at, self.fail_with = 0, fail_at, fail_with

    def prepare(self, image):
        return image[::2, ::2].copy()

    def detect(self, image, time_s, prepared=None):
        assert prepared is None or prepared.shape[0] == (image.shape[0] + 1) // 2
        self.calls += 1
        if self.fail_at is not None and self.calls > self.fail_at:
            raise self.fail_with
        return []

    def find_people(self, image, prepared=None, tile_turn=None):
        return []

    def twin(self):
        return FakeEstimator()

    def close(self):
        pass


def test_variable_frame_rate_keeps_the_real_timestamps(tmp_path):
    times = [0.0, 0.03, 0.1, 0.12, 0.2, 0.5, 0.51, 0.6, 0.9, 1.0]
    info, frames = read_all(write_video(tmp_path / "vfr.mp4", flat_frames(10), times_s=times))
    assert [round(f.time_s, 3) for f in frames] == times
    assert info.frame_count == 10


def test_portrait_rotation_metadata_gives_upright_frames(tmp_path):
    """A 96×64 landscape-coded frame with 90° display rotation is read as the 64×96 upright picture."""
    image = np.zeros((64, 96, 3), dtype=np.uint8)
    image[:32, :48] = 255  # white top-left quarter
    info, frames = read_all(write_video(tmp_path / "portrait.mp4", [image] * 3, rotation_deg=90))
    assert (info.width, info.height) == (64, 96)
    assert frames[0].image.shape == (96, 64, 3)
    upright = np.rot90(image, 1)  # counter-clockwise, as the display matrix says
    assert np.abs(frames[0].image.astype(int) - upright).mean() < 5


@pytest.mark.parametrize(("width", "height"), [(3840, 2160), (7680, 4320)], ids=["4K", "8K"])
def test_4k_and_8k_frames_are_scaled_down_before_inference_with_little_memory(tmp_path, width, height):
    path = write_video(tmp_path / "big.mp4", [person_on_canvas(width, height)] * 2)
    tracemalloc.start()
    try:
        info, frames = read_all(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (info.width, info.height) == (DEFAULT_MAX_SIDE_PX, DEFAULT_MAX_SIDE_PX * height // width)
    assert info.scale == pytest.approx(DEFAULT_MAX_SIDE_PX / width)
    assert all(f.image.shape == (info.height, info.width, 3) for f in frames)
    assert peak < 3 * width * height * 3 + 50 * 1024**2  # a few full frames at most, never the whole clip
    full, _ = read_all(path, max_side_px=None)
    assert (full.width, full.height, full.scale) == (width, height, 1.0)


@pytest.mark.parametrize(("scale", "rate"), [(1, 0), (1, 10**9), (10**6, 1)], ids=["0fps", "1e9fps", "1e-6fps"])
def test_garbage_frame_rate_metadata_falls_back_to_a_plausible_rate(tmp_path, scale, rate):
    info, frames = read_all(write_avi_with_rate(tmp_path / "garbage.avi", flat_frames(10), scale, rate))
    assert 1.0 <= info.fps <= 1000.0
    steps = np.diff([f.time_s for f in frames])
    assert np.allclose(steps, 1 / info.fps, atol=1e-6), steps
    if rate != 0:  # FFmpeg itself turns a 0 rate into 25 fps; the absurd ones are ours to catch
        assert info.fps == FALLBACK_FPS


def test_truncated_video_raises_after_the_frames_it_could_decode(tmp_path):
    path = write_video(tmp_path / "whole.mp4", flat_frames(30))
    faststart = faststart_copy(path, tmp_path / "faststart.mp4")  # index first, so a cut keeps it
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(faststart.read_bytes()[: faststart.stat().st_size // 2])
    source = open_source(cut)
    decoded = []
    with pytest.raises(InvalidVideoError, match=r"Expected 30 frames in 'cut.mp4', but only \d+ could be decoded"):
        decoded.extend(source.frames())
    assert 0 < len(decoded) < 24


def test_long_video_is_streamed_with_flat_memory(tmp_path):
    """900 frames of 320×240 (200 MB if they were all kept) run through extraction in a few MB."""
    path = write_video(tmp_path / "long.mp4", flat_frames(900, 320, 240))
    tracemalloc.start()
    try:
        series = extract_landmarks(open_source(path), FakeEstimator(), min_detected_fraction=0.0)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert series.sizes["time"] == 900
    assert peak < 40 * 1024**2, f"peak {peak / 1024**2:.0f} MB"


def test_a_pose_failure_mid_clip_is_one_clear_error_and_stops_decoding(tmp_path):
    path = write_video(tmp_path / "clip.mp4", flat_frames(60))
    estimator = FakeEstimator(fail_at=30, fail_with=RuntimeError("graph failed"))
    with pytest.raises(PoseEstimationError, match=r"frame 30 \(1.00 s\) of 'clip.mp4'.*RuntimeError: graph failed"):
        extract_landmarks(open_source(path), estimator)
    assert estimator.calls == 31


def test_no_webcam_is_a_camera_error():
    with pytest.raises(CameraError, match="Expected a camera at '99', but none could be opened"):
        CameraSource(99)


@pytest.mark.parametrize(
    ("head", "kind"),
    [(b"\xff\xd8\xff\xe0", "photo"), (b"\x89PNG\r\n\x1a\n", "photo"), (b"\x00\x00\x00\x18ftypmp42", "video"),
     (b"RIFF\x00\x00\x00\x00AVI LIST", "video"), (b"\x1aE\xdf\xa3", "video"), (b"hello, world\n", "text"),
     (b"\x00\x01\x02\x03\xfe", "")],
)
def test_sniff_kind_reads_the_first_bytes(tmp_path, head, kind):
    path = tmp_path / "file.bin"
    path.write_bytes(head)
    assert sniff_kind(path)[0] == kind


def test_write_atomically_leaves_nothing_when_the_disk_is_full(tmp_path, monkeypatch):
    import errno
    import os

    from screening.errors import OutputError

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError, match="No space left on device"):
        write_atomically(tmp_path / "summary.json", b"{}")
    assert list(tmp_path.iterdir()) == []


class CensusFailsEstimator(FakeEstimator):
    """Finds nobody; the people count fails from its ``fail_on``-th call on."""

    def __init__(self, fail_on: int) -> None:
        super().__init__()
        self.counts, self.fail_on = 0, fail_on

    def find_people(self, image, prepared=None, tile_turn=None):
        self.counts += 1
        if self.counts >= self.fail_on:
            raise RuntimeError("census graph failed")
        return []


@pytest.mark.parametrize("threads", [True, False])
@pytest.mark.parametrize("fail_on", [2, 3])
def test_a_failing_people_count_is_the_same_clear_error_with_or_without_threads(tmp_path, threads, fail_on):
    """75 frames at 30 fps: people are counted at 0, 1 and 2 s. A failing count at 1 s (fail_on=2)
    surfaces when it is collected at 2 s, inside the loop; one at 2 s (fail_on=3) after the loop."""
    path = write_video(tmp_path / "clip.mp4", flat_frames(75))
    with pytest.raises(PoseEstimationError, match=r"of 'clip.mp4', but it failed: RuntimeError: census graph failed"):
        extract_landmarks(open_source(path), CensusFailsEstimator(fail_on), min_detected_fraction=0.0, threads=threads)


def test_a_png_header_cut_before_its_size_is_an_input_error(tmp_path):
    """Found by bench/fuzz_inputs.py: 20 bytes of a PNG (signature, IHDR tag, no size) raised struct.error."""
    from screening.errors import ScreeningError

    path = tmp_path / "cut.png"
    path.write_bytes(bytes.fromhex("89504e470d0a1a0a0000000d494844520000002000"[:40]))
    with pytest.raises(ScreeningError):
        open_source(path)


def test_a_video_under_a_name_that_is_not_utf8_is_read_through_an_alias_that_goes_away(tmp_path):
    import os

    from screening.source.base import decoder_path

    name = os.fsdecode(b"clip \xff\xfe.mp4")
    path = write_video(tmp_path / name, flat_frames(6))
    source = open_source(path)
    alias = source._decoder_path
    assert alias != path and alias.name == "input.mp4" and alias.is_symlink()
    assert source.info.name == "clip \ufffd\ufffd.mp4"
    assert len(list(source.frames())) == 6
    assert not alias.exists() and not alias.parent.exists()
    with decoder_path(tmp_path / "plain.mp4") as same:
        assert same == tmp_path / "plain.mp4"
