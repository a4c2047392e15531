"""Repetition detection on signals with a known number of reps."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from screening.kinematics.asymmetry import asymmetry
from screening.kinematics.reps import detect_reps, summarize_reps
from tests.fixtures.bodies import reps_profile


def signal(peak: float, reps: int, seconds: float, fps: float = 30.0) -> pd.Series:
    profile = reps_profile(peak, reps, seconds)
    times = np.arange(0, seconds, 1 / fps)
    return pd.Series([profile(t) for t in times], index=times)


@pytest.mark.parametrize("reps", [1, 2, 3, 5])
def test_rep_count_and_peaks_exact(reps):
    found = detect_reps(signal(160.0, reps, 2.0 * reps + 1), min_prominence_deg=30)
    assert len(found) == reps
    for rep in found:
        assert rep.peak_deg == pytest.approx(160.0, abs=0.5)
        assert rep.start_s < rep.peak_s < rep.end_s


def test_small_wobbles_are_not_reps():
    times = np.arange(0, 5, 1 / 30)
    wobble = pd.Series(5 * np.sin(2 * np.pi * times), index=times)
    assert detect_reps(wobble, min_prominence_deg=20) == []


def test_troughs_with_negative_polarity():
    found = detect_reps(-signal(30.0, 3, 7.0), min_prominence_deg=10, polarity=-1)
    assert len(found) == 3
    assert all(rep.peak_deg == pytest.approx(-30.0, abs=0.5) for rep in found)


def test_gap_inside_a_rep_is_bridged_but_peak_comes_from_data():
    series = signal(150.0, 2, 5.0)
    series.iloc[20:24] = np.nan
    found = detect_reps(series, min_prominence_deg=30)
    assert len(found) == 2
    assert np.isfinite([r.peak_deg for r in found]).all()


def test_summary_best_and_median():
    found = detect_reps(signal(120.0, 3, 7.0), min_prominence_deg=30)
    summary = summarize_reps(found)
    assert summary is not None and summary.count == 3
    assert summary.best_deg == pytest.approx(120.0, abs=0.5)


def test_asymmetry_formula_and_flags():
    result = asymmetry(170.0, 140.0, threshold_deg=10.0)
    assert result.difference_deg == 30.0
    assert result.symmetry_index_pct == pytest.approx(100 * 140 / 170)
    assert result.flagged and result.smaller_side == "right"
    assert not asymmetry(40.0, 36.0).flagged  # 4° and LSI 90 %
    assert asymmetry(40.0, 35.0).flagged  # LSI 87.5 %
    assert asymmetry(-5.0, 3.0, threshold_deg=10.0).symmetry_index_pct is None
