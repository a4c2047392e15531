"""Frame selection (stride): which frames are inferred, turns filled in, interpolation in between.

A scripted estimator poses one segment (left hip → knee) at a known angle for each frame time,
so the frames inferred and the values interpolated are known in advance.
"""

from __future__ import annotations

import numpy as np
import pytest

from screening.model.series import interpolated_runs, measured_frames
from screening.pose.estimator import PoseDetection
from screening.pose.extract import extract_landmarks, fill_skipped
from screening.pose.names import LANDMARK_INDEX
from screening.pose.schedule import MotionWatch, StridePlan, TurnWatch, plan_for
from screening.source import open_source
from tests.unit.source.media import write_video

FPS = 30


def thigh_angle_deg(time_s: float) -> float:
    """A squat-like swing of the thigh: 0° at rest, 80° at the bottom, 2 s a rep (bottoms at 1, 3, 5 s)."""
    return 40.0 - 40.0 * np.cos(np.pi * time_s)


def posed(angle_deg: float) -> PoseDetection:
    """Return a person at (300, 300) px (hands and feet at the frame's corners) whose left thigh points
    ``angle_deg`` from straight down."""
    position = np.tile(np.array([[300.0], [300.0]]), (1, 33))
    hip, knee = LANDMARK_INDEX["left_hip"], LANDMARK_INDEX["left_knee"]
    radians = np.radians(angle_deg)
    position[:, knee] = position[:, hip] + 100.0 * np.array([np.sin(radians), np.cos(radians)])
    position[0, LANDMARK_INDEX["nose"]] = 250.0
    position[:, LANDMARK_INDEX["right_wrist"]] = (10.0, 10.0)  # a person as large as the frame: the motion
    position[:, LANDMARK_INDEX["right_ankle"]] = (630.0, 470.0)  # watch looks at the whole frame
    return PoseDetection(position, np.zeros((3, 33)), np.ones(33), np.ones(33))


class ScriptedEstimator:
    """Poses the thigh by :func:`thigh_angle_deg` of the frame time; records the times it was asked about."""

    model_name, model_sha256 = "scripted", "0" * 64

    def __init__(self, log: list[float] | None = None) -> None:
        self.log = [] if log is None else log

    def prepare(self, image):
        return None

    def detect(self, image, time_s, prepared=None):
        self.log.append(round(time_s, 4))
        return [posed(thigh_angle_deg(time_s))]

    def find_people(self, image, prepared=None, tile_turn=None):
        return []

    def twin(self):
        return ScriptedEstimator(self.log)

    def close(self):
        pass


def block_frames(positions_px: list[float], width: int = 320, height: int = 240, top: int = 60) -> list[np.ndarray]:
    """Return black frames with a white 40 × 120 px block from ``top``, its left edge at each of ``positions_px``."""
    frames = []
    for x in positions_px:
        image = np.zeros((height, width, 3), dtype=np.uint8)
        image[top: top + 120, int(x): int(x) + 40] = 255
        frames.append(image)
    return frames


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    """6 s at 30 fps (180 frames, 640 × 480) of a block that moves as the scripted thigh, over the scripted person."""
    positions = [230.0 + 2.0 * thigh_angle_deg(i / FPS) for i in range(6 * FPS)]
    return write_video(tmp_path_factory.mktemp("clip") / "clip.mp4", block_frames(positions, 640, 480, top=300))


def knee_x(series) -> np.ndarray:
    return series["position"].values[:, 0, LANDMARK_INDEX["left_knee"]]


def test_plan_for_auto_follows_the_frame_rate_and_a_number_is_plain():
    assert plan_for("auto", 30) == StridePlan(6, True)
    assert plan_for("auto", 60) == StridePlan(12, True)
    assert plan_for("auto", 0).every_frame  # photos
    assert plan_for(3, 30) == StridePlan(3, False)
    assert plan_for(1, 30).every_frame


def test_turn_window_is_found_at_a_turn_and_not_at_rest_or_in_small_wiggles():
    watch = TurnWatch(StridePlan(6, True))
    windows = []
    for index in range(0, 181, 6):
        watch.add(index, index / FPS, posed(thigh_angle_deg(index / FPS)))
        windows.append(watch.turn_window())
    found = [w for w in windows if w is not None]
    assert found == [(27, 33), (87, 93), (147, 153)]  # within 0.1 s of each bottom (the parabola's top)
    still = TurnWatch(StridePlan(6, True))
    for index in range(0, 181, 6):  # 5° wiggles: under TURN_MIN_DISPLACEMENT_DEG
        still.add(index, index / FPS, posed(5.0 * np.sin(index)))
        assert still.turn_window() is None


def test_motion_watch_marks_the_frames_around_each_start_and_stop_of_the_motion():
    still, moving = [100.0] * 40, [100.0 + 4.0 * i for i in range(30)]
    frames = block_frames(still + moving + [moving[-1]] * 40)  # still until frame 40, moving to 69, still again
    watch, dense = MotionWatch(FPS), []
    for index, image in enumerate(frames):  # as the pose pass asks: each frame once it is lookahead frames back
        watch.add(index, image, None)
        if index >= watch.lookahead and watch.dense(index - watch.lookahead):
            dense.append(index - watch.lookahead)
    reach = watch.reach
    assert set(range(40 - reach + 2, 40 + reach - 1)) <= set(dense)  # the start
    assert set(range(70 - reach + 2, 70 + reach - 1)) <= set(dense)  # the stop
    assert not any(index < 30 or 50 < index < 60 or index > 80 for index in dense)  # at rest, in full motion
    region = MotionWatch(FPS)
    for index, image in enumerate(frames):
        region.add(index, image, (0.0, 0.0, 0.25, 1.0))  # a box the block never enters: no motion there
        assert index < region.lookahead or not region.dense(index - region.lookahead)


def test_lost_subject_means_every_frame_for_a_while_and_so_does_finding_one():
    watch = TurnWatch(StridePlan(6, True))
    assert watch.add(0, 0.0, posed(0.0)) == 1  # found: the tracker settles (SETTLE_S)
    assert watch.add(18, 0.6, posed(0.0)) == 6
    assert watch.add(24, 0.8, None) == 1  # lost
    assert watch.add(25, 0.83, None) == 1
    assert watch.add(48, 1.6, None) == 6  # after UNSTABLE_HOLD_S
    assert watch.add(54, 1.8, posed(0.0)) == 1  # found again


def test_a_flash_or_an_early_burst_of_motion_does_not_hide_later_starts_and_stops():
    still, moving = [100.0] * 40, [100.0 + 4.0 * i for i in range(30)]
    base = block_frames([100.0] * 100 + still + moving + [moving[-1]] * 40)  # moves from frame 140 to 169
    flash = [image.copy() for image in base]
    flash[20][:] = 255  # one white frame
    burst = [image.copy() for image in base]
    for index in range(20):  # heavy motion at the start (someone walking into place)
        burst[index][:, :, :] = np.uint8((index % 2) * 255)
    for frames in (flash, burst):
        watch, dense = MotionWatch(FPS), []
        for index, image in enumerate(frames):
            watch.add(index, image, None)
            if index >= watch.lookahead and watch.dense(index - watch.lookahead):
                dense.append(index - watch.lookahead)
        assert {140, 170} <= set(dense), dense


def test_fill_skipped_interpolates_in_time_and_keeps_lost_frames_lost():
    times = np.array([0.0, 0.1, 0.3, 0.4, 0.5, 0.6])
    table = np.array([[0.0], [np.nan], [np.nan], [4.0], [np.nan], [np.nan]])
    inferred = np.array([True, False, False, True, False, True])
    filled = fill_skipped(table, times, inferred)
    assert filled[:4, 0] == pytest.approx([0.0, 1.0, 3.0, 4.0])
    assert np.isnan(filled[4, 0])  # between a found frame and a lost one (NaN at frame 5)


def test_interpolated_runs_round_trip_through_measured_frames():
    inferred = np.array([True, False, False, True, True, False, True])
    assert interpolated_runs(inferred) == [[1, 2], [5, 5]]
    import xarray as xr

    series = xr.Dataset(coords={"time": np.arange(7.0)}, attrs={"interpolated_frames": interpolated_runs(inferred)})
    assert measured_frames(series).tolist() == inferred.tolist()


@pytest.mark.parametrize("threads", [True, False])
def test_auto_stride_infers_every_frame_around_each_bottom_and_few_elsewhere(clip, threads):
    log: list[float] = []
    series = extract_landmarks(open_source(clip), ScriptedEstimator(log), stride="auto", threads=threads)
    frames = np.round(np.array(sorted(set(log))) * FPS).astype(int)
    for turn in (30, 60, 90, 120, 150):  # bottoms and tops: the motion stops there
        assert set(range(turn - 5, turn + 6)) <= set(frames.tolist()), f"frames around {turn} not all inferred"
    assert set(range(15)) <= set(frames.tolist())  # the first half second: the tracker settles
    for middle in (45, 75, 105, 135, 165):  # halfway down or up: moving fast, every 6th frame
        assert len(set(range(middle - 3, middle + 4)) & set(frames.tolist())) <= 2
    assert len(frames) < 0.8 * 180
    measured = measured_frames(series)
    assert series.attrs["inferred_frames"] == measured.sum() <= len(frames)  # warm-up frames (if any) are not kept
    assert set(np.flatnonzero(measured).tolist()) <= set(frames.tolist())
    # interpolated frames lie on the straight line between their inferred neighbours
    x = knee_x(series)
    truth = 300.0 + 100.0 * np.sin(np.radians([thigh_angle_deg(i / FPS) for i in range(len(x))]))
    assert np.allclose(x[measured], truth[measured], atol=1e-3)
    assert np.nanmax(np.abs(x - truth)) < 100.0 * (1 - np.cos(np.radians(40 * np.pi / 5)))  # chord of a 0.2-s step


def test_same_frames_and_values_with_and_without_threads(clip):
    runs = [extract_landmarks(open_source(clip), ScriptedEstimator(), stride="auto", threads=t) for t in (True, False)]
    assert runs[0].attrs["interpolated_frames"] == runs[1].attrs["interpolated_frames"]
    assert np.array_equal(knee_x(runs[0]), knee_x(runs[1]), equal_nan=True)


def test_stride_one_infers_every_frame_and_logs_it(clip):
    log: list[float] = []
    series = extract_landmarks(open_source(clip), ScriptedEstimator(log), stride=1)
    assert len(log) == 180 == series.attrs["inferred_frames"]
    assert series.attrs["interpolated_frames"] == []
    assert "every frame" in series.attrs["processing_log"][0]
