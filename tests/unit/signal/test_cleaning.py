"""Gap filling and zero-phase filtering on series with known content."""

from __future__ import annotations

import numpy as np
import pytest

from screening.signal.cleaning import butterworth, fill_gaps, finite_runs, mask_low_visibility
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
