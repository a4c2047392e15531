"""Gap filling and zero-phase filtering on series with known content."""

from __future__ import annotations

import numpy as np
import pytest

from screening.model.keypoints import LANDMARK_INDEX
from screening.signal.cleaning import (
    butterworth,
    clean,
    fill_gaps,
    finite_runs,
    mask_low_visibility,
    mask_short_segments,
)
from tests.fixtures.bodies import make_series, side_body, to_image


def wave_series(values: np.ndarray, fps: float = 30.0, times: np.ndarray | None = None):
    """A still body whose nose x follows ``values`` (px offsets)."""
    frames = []
    for value in values:
        position, world = to_image(side_body(), "side")
        position[0, 0] += value
        frames.append((position, world))
    return make_series(frames, fps=fps, times=times)


BASE_X = float(to_image(side_body(), "side")[0][0, 0])


def nose_x(series) -> np.ndarray:
    """The nose's x offset (px) from where the still body has it."""
    return series["position"].sel(keypoint="nose", space="x").values.astype(float) - BASE_X


def test_short_gaps_filled_long_gaps_kept():
    series = wave_series(np.linspace(0, 29, 30))
    position = series["position"].values
    position[5:8, :, 0] = np.nan  # 3 frames = 0.1 s... gap of 0.133 s between valid samples
    position[15:27, :, 0] = np.nan  # 12 frames = 0.43 s
    series["position"] = (series["position"].dims, position)
    filled = nose_x(fill_gaps(series, max_gap_s=0.25))
    assert np.allclose(filled[5:8], np.arange(5, 8) * 1.0, atol=1e-3)
    assert np.isnan(filled[15:27]).all()
    assert "gaps ≤ 0.25 s filled" in fill_gaps(series, 0.25).attrs["processing_log"][-1]


def test_low_visibility_is_masked_not_zeroed():
    series = wave_series(np.zeros(10))
    visibility = series["visibility"].values
    visibility[3, 0] = 0.2
    series["visibility"] = (series["visibility"].dims, visibility)
    masked = mask_low_visibility(series, 0.5)
    assert np.isnan(nose_x(masked)[3])
    assert np.isfinite(nose_x(masked)[[2, 4]]).all()


def test_butterworth_keeps_slow_movement_without_lag_and_removes_jitter():
    fps = 60.0
    t = np.arange(0, 4, 1 / fps)
    slow = 50 * np.sin(2 * np.pi * 0.5 * t)
    jitter = 5 * np.sin(2 * np.pi * 20 * t)
    filtered = nose_x(butterworth(wave_series(slow + jitter, fps=fps), cutoff_hz=6.0, order=4))
    inner = slice(30, -30)
    assert np.max(np.abs(filtered[inner] - slow[inner])) < 0.6  # jitter gone, no phase lag
    assert int(np.argmax(filtered)) == int(np.argmax(slow))


def test_butterworth_filters_each_run_and_leaves_gaps():
    values = np.sin(np.linspace(0, 6, 90)) * 20
    series = wave_series(values)
    position = series["position"].values
    position[40:50, :, :] = np.nan
    series["position"] = (series["position"].dims, position)
    out = nose_x(butterworth(series))
    assert np.isnan(out[40:50]).all() and np.isfinite(out[:40]).all() and np.isfinite(out[50:]).all()


def test_butterworth_copes_with_very_short_series():
    out = butterworth(wave_series(np.array([0.0, 1.0, 2.0])))
    assert np.allclose(nose_x(out), [0.0, 1.0, 2.0], atol=1e-3)
    assert "skipped" in out.attrs["processing_log"][-1]


def test_butterworth_variable_frame_rate_uses_real_time():
    rng = np.random.default_rng(0)
    times = np.cumsum(rng.uniform(1 / 40, 1 / 20, 120))
    times -= times[0]
    slow = 30 * np.sin(2 * np.pi * 0.5 * times)
    out = nose_x(butterworth(wave_series(slow, times=times), cutoff_hz=6.0))
    assert np.max(np.abs(out[10:-10] - slow[10:-10])) < 1.0


@pytest.mark.parametrize(("mask", "runs"), [
    ([1, 1, 0, 1], [(0, 2), (3, 4)]), ([0, 0], []), ([1], [(0, 1)]), ([0, 1, 1, 1, 0], [(1, 4)]),
])
def test_finite_runs(mask, runs):
    assert finite_runs(np.array(mask, dtype=bool)) == runs


def seated_shank_series(collapsed: slice) -> tuple:
    """A seated shank (knee → ankle, 42 px at scale 1) swinging 0→30° out over 20 frames, with the ankle put
    on the knee (length 2 px) in the ``collapsed`` frames, as MediaPipe did on the benchmark's dark outfit."""
    from tests.fixtures.bodies import front_body

    frames = [to_image(front_body(shank_to_vertical=(30.0 * i / 19, 0.0)), "front") for i in range(20)]
    knee, ankle = LANDMARK_INDEX["left_knee"], LANDMARK_INDEX["left_ankle"]
    for i in range(20)[collapsed]:
        frames[i][0][:, ankle] = frames[i][0][:, knee] + np.array([0.0, 2.0])
    return make_series(frames), knee, ankle


def test_short_segment_frames_are_masked_at_both_ends_and_logged():
    series, knee, ankle = seated_shank_series(slice(8, 11))
    out = mask_short_segments(series, (("left_knee", "left_ankle"),))
    position = out["position"].values
    assert np.isnan(position[8:11, :, [knee, ankle]]).all()
    assert np.isnan(out["world_position"].values[8:11, :, ankle]).all()
    assert np.isfinite(position[:8, :, [knee, ankle]]).all() and np.isfinite(position[11:, :, [knee, ankle]]).all()
    untouched = [i for i in range(33) if i not in (knee, ankle)]
    assert np.isfinite(position[:, :, untouched]).all()
    assert "masked 3 segment-frames (left_knee–left_ankle)" in out.attrs["processing_log"][-1]


def test_in_plane_swing_keeps_every_frame():
    """A shank seen at 0.6 of its length (pointing 53° out of the image) is still a shank, not a collapse."""
    series, knee, ankle = seated_shank_series(slice(0, 0))
    position = series["position"].values
    position[5, :, ankle] = position[5, :, knee] + 0.6 * (position[5, :, ankle] - position[5, :, knee])
    series["position"] = (series["position"].dims, position)
    out = mask_short_segments(series, (("left_knee", "left_ankle"),))
    assert np.isfinite(out["position"].values).all()


def test_clean_gates_before_filtering():
    """With the gate the collapsed frames stay out of the filter: angles before and after them are exact."""
    from screening.kinematics.angles import compute_angles

    series, _, _ = seated_shank_series(slice(8, 17))  # 9 frames = 0.3 s: longer than the 0.25 s gap fill
    truth = 30.0 * np.arange(20) / 19
    gated = compute_angles(clean(series, in_plane_segments=(("left_knee", "left_ankle"),)))["shank_to_vertical_left"]
    ungated = compute_angles(clean(series))["shank_to_vertical_left"]
    assert np.isnan(gated.iloc[8:17]).all()
    assert np.abs(gated.iloc[:8].to_numpy() - truth[:8]).max() < 1.0
    assert np.nanmax(np.abs(ungated.to_numpy() - truth)) > 45.0
