"""Splitting an angle signal into repetitions: peaks with a minimum prominence and duration."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from screening.model.results import Rep


def nearest_index(times: np.ndarray, time_s: float) -> int:
    """Return the index of the sample of ``times`` (s) nearest to ``time_s`` (s)."""
    return int(np.argmin(np.abs(np.asarray(times, dtype=float) - time_s)))




def detect_reps(
    angle_deg: pd.Series,
    min_prominence_deg: float = 20.0,
    min_duration_s: float = 0.4,
    max_gap_s: float = 0.5,
    polarity: int = 1,
) -> list[Rep]:
    """Return the repetitions in an angle series indexed by time in seconds.

    A rep is a peak (``polarity=+1``) or a trough (``polarity=-1``) that stands out by at
    least ``min_prominence_deg`` from its surroundings and lasts at least ``min_duration_s``
    (width at 90 % of its prominence). Gaps up to ``max_gap_s`` are bridged for the search;
    peak values are read from the measured samples only.
    """
    from scipy import signal  # here, not at the top: the dashboard's first page does not need scipy

    series = angle_deg.astype(float)
    time_s = series.index.to_numpy(dtype=float)
    if len(series) < 3 or series.notna().sum() < 3:
        return []
    filled = series.interpolate(method="index", limit_area="inside")
    gap = series.isna() & filled.notna()
    values = polarity * filled.to_numpy()
    finite = np.isfinite(values)
    values = np.where(finite, values, np.nanmin(values) if finite.any() else 0.0)
    step_s = float(np.median(np.diff(time_s)))
    peaks, _ = signal.find_peaks(values, prominence=min_prominence_deg)
    if len(peaks) == 0:
        return []
    _, _, left, right = signal.peak_widths(values, peaks, rel_height=0.9)
    reps: list[Rep] = []
    for peak, left_ip, right_ip in zip(peaks, left, right, strict=True):
        start_s = float(np.interp(left_ip, np.arange(len(time_s)), time_s))
        end_s = float(np.interp(right_ip, np.arange(len(time_s)), time_s))
        if end_s - start_s + step_s < min_duration_s or (
            gap.iloc[peak] and _gap_length_s(gap, peak, step_s) > max_gap_s
        ):
            continue
        window = series[(series.index >= start_s) & (series.index <= end_s)]
        if window.notna().sum() == 0:
            continue
        peak_time = float(window.idxmax() if polarity > 0 else window.idxmin())
        reps.append(Rep(len(reps), start_s, peak_time, end_s, float(window.loc[peak_time])))
    return reps


def _gap_length_s(gap: pd.Series, index: int, step_s: float) -> float:
    """Return the length in seconds of the run of interpolated samples around ``index``."""
    flags = gap.to_numpy()
    start = index
    while start > 0 and flags[start - 1]:
        start -= 1
    stop = index
    while stop + 1 < len(flags) and flags[stop + 1]:
        stop += 1
    return (stop - start + 1) * step_s


@dataclass(frozen=True)
class RepSummary:
    """Per-side summary of reps: the best (largest range) and the median peak, in degrees."""

    count: int
    best_deg: float
    median_deg: float


def summarize_reps(reps: list[Rep], polarity: int = 1) -> RepSummary | None:
    """Return the best and median peak of ``reps`` (None if there are none)."""
    if not reps:
        return None
    peaks = np.array([rep.peak_deg for rep in reps])
    best = float(peaks.max() if polarity > 0 else peaks.min())
    return RepSummary(count=len(reps), best_deg=best, median_deg=float(np.median(peaks)))
