"""Cleaning a landmark series: mask doubtful points, fill short gaps, low-pass filter.

Each function returns a new series and appends what it did to ``processing_log``.
"""

from __future__ import annotations

import numpy as np

from screening.model.series import LandmarkSeries, with_log

POSITION_VARIABLES = ("position", "world_position")


def mask_low_visibility(series: LandmarkSeries, min_visibility: float = 0.5) -> LandmarkSeries:
    """Set positions to NaN where MediaPipe's visibility is below ``min_visibility`` (0–1).

    MediaPipe's visibility stays high for joints hidden behind the body, so this removes
    only the clearly doubtful points; which side faces the camera is decided from geometry.
    """
    out = series.copy()
    doubtful = (series["visibility"] < min_visibility).values
    for name in POSITION_VARIABLES:
        values = series[name].values.copy()
        axis_order = np.broadcast_to(doubtful[:, None, :], values.shape)
        values[axis_order] = np.nan
        out[name] = (series[name].dims, values)
    masked = int(doubtful.sum())
    return with_log(out, f"masked {masked} points with visibility < {min_visibility:g}")


def mask_short_segments(
    series: LandmarkSeries,
    segments: tuple[tuple[str, str], ...],
    min_length_ratio: float = 0.5,
    reference_percentile: float = 90.0,
) -> LandmarkSeries:
    """Set both ends of a segment to NaN in the frames where it looks too short to be real.

    For a segment that the movement keeps in the image plane (e.g. the shank in a seated hip
    rotation filmed from the front), the apparent 2-D length stays near its full length; it can
    shrink only through perspective. A length below ``min_length_ratio`` × the clip's
    ``reference_percentile``-th percentile length (a segment pointing more than 60° out of the
    image at 0.5) means MediaPipe collapsed the two points together or put one on the other limb.
    Those points would otherwise enter the low-pass filter and smear into the frames around them.
    Positions and world positions of both ends are masked; ``segments`` holds landmark-name pairs.
    """
    out = series.copy()
    names = list(series["keypoint"].values)
    position = series["position"].values
    masked = 0
    for name in POSITION_VARIABLES:
        out[name] = (series[name].dims, series[name].values.copy())
    for first, second in segments:
        i, j = names.index(first), names.index(second)
        length = np.linalg.norm(position[:, :, i] - position[:, :, j], axis=1)
        if not np.isfinite(length).any():
            continue
        with np.errstate(invalid="ignore"):
            short = length < min_length_ratio * np.nanpercentile(length, reference_percentile)
        masked += int(short.sum())
        for name in POSITION_VARIABLES:
            values = out[name].values
            values[short, :, i] = np.nan
            values[short, :, j] = np.nan
    pairs = ", ".join(f"{a}–{b}" for a, b in segments)
    return with_log(
        out,
        f"masked {masked} segment-frames ({pairs}) shorter than {min_length_ratio:g} × their "
        f"{reference_percentile:g}th-percentile length",
    )


def fill_gaps(series: LandmarkSeries, max_gap_s: float = 0.25) -> LandmarkSeries:
    """Linearly interpolate gaps of at most ``max_gap_s`` seconds; longer gaps stay NaN."""
    if series.sizes["time"] < 2:
        return with_log(series, "gap filling skipped (fewer than 2 frames)")
    out = series.copy()
    for name in POSITION_VARIABLES:
        out[name] = series[name].interpolate_na(dim="time", method="linear", max_gap=max_gap_s)
    return with_log(out, f"gaps ≤ {max_gap_s:g} s filled linearly")


def finite_runs(valid: np.ndarray) -> list[tuple[int, int]]:
    """Return ``(start, stop)`` index pairs of the runs of True in a 1-D boolean array."""
    padded = np.concatenate([[False], valid, [False]]).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def _filter_run(time_s: np.ndarray, values: np.ndarray, sos: np.ndarray, sample_rate_hz: float) -> np.ndarray:
    """Zero-phase filter one gap-free run of ``(frames, columns)`` values along time.

    The run is resampled to a uniform grid first if its timing is irregular.
    """
    from scipy import signal  # here, not at the top: the dashboard's first page does not need scipy

    steps = np.diff(time_s)
    regular = np.all(np.abs(steps - 1.0 / sample_rate_hz) <= 0.1 / sample_rate_hz)
    padlen = min(3 * (2 * len(sos) + 1), len(values) - 1)
    if regular:
        return signal.sosfiltfilt(sos, values, axis=0, padlen=padlen)
    grid = np.arange(time_s[0], time_s[-1] + 0.5 / sample_rate_hz, 1.0 / sample_rate_hz)
    if len(grid) <= 3 * len(sos):
        return values
    uniform = np.column_stack([np.interp(grid, time_s, column) for column in values.T])
    smoothed = signal.sosfiltfilt(sos, uniform, axis=0, padlen=min(padlen, len(grid) - 1))
    return np.column_stack([np.interp(time_s, grid, column) for column in smoothed.T])


def butterworth(
    series: LandmarkSeries, cutoff_hz: float = 6.0, order: int = 4, min_run_s: float = 0.3
) -> LandmarkSeries:
    """Zero-phase low-pass Butterworth filter of positions, applied to each gap-free run.

    Parameters
    ----------
    cutoff_hz
        Cut-off frequency in Hz (6 Hz is usual for human movement).
    order
        Filter order of the forward pass; the forward-backward pass doubles it (zero phase).
    min_run_s
        Runs shorter than this, in seconds, are left unfiltered.
    """
    time_s = series["time"].values
    if len(time_s) < 4:
        return with_log(series, "Butterworth skipped (fewer than 4 frames)")
    sample_rate_hz = 1.0 / float(np.median(np.diff(time_s)))
    if cutoff_hz >= sample_rate_hz / 2:
        return with_log(series, f"Butterworth skipped ({cutoff_hz:g} Hz ≥ Nyquist {sample_rate_hz / 2:.1f} Hz)")
    from scipy import signal  # here, not at the top: the dashboard's first page does not need scipy

    sos = signal.butter(order, cutoff_hz, btype="low", fs=sample_rate_hz, output="sos")
    min_len = max(int(min_run_s * sample_rate_hz), 3 * len(sos) + 1)
    out = series.copy()
    for name in POSITION_VARIABLES:
        values = series[name].values.copy()
        flat = values.reshape(len(time_s), -1)
        columns_by_run: dict[tuple[int, int], list[int]] = {}  # columns with the same gap-free run: one call
        for column in range(flat.shape[1]):
            for run in finite_runs(np.isfinite(flat[:, column])):
                if run[1] - run[0] >= min_len:
                    columns_by_run.setdefault(run, []).append(column)
        for (start, stop), columns in columns_by_run.items():
            flat[start:stop, columns] = _filter_run(time_s[start:stop], flat[start:stop, columns], sos, sample_rate_hz)
        out[name] = (series[name].dims, flat.reshape(values.shape))
    return with_log(out, f"Butterworth low-pass {cutoff_hz:g} Hz, order {order}, zero-phase, per gap-free run")


def clean(
    series: LandmarkSeries,
    min_visibility: float = 0.5,
    max_gap_s: float = 0.25,
    cutoff_hz: float = 6.0,
    order: int = 4,
    in_plane_segments: tuple[tuple[str, str], ...] = (),
) -> LandmarkSeries:
    """Mask, fill and filter in the usual order (see the functions for units).

    ``in_plane_segments`` (landmark-name pairs the protocol's movement keeps in the image plane) are
    checked for implausibly short frames before gaps are filled and the filter runs.
    """
    masked = mask_low_visibility(series, min_visibility)
    if in_plane_segments:
        masked = mask_short_segments(masked, in_plane_segments)
    return butterworth(fill_gaps(masked, max_gap_s), cutoff_hz, order)
