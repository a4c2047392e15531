"""Cleaning landmark time series: visibility masking, gap filling, zero-phase filtering."""

from screening.signal.cleaning import (
    butterworth,
    clean,
    fill_gaps,
    finite_runs,
    mask_low_visibility,
    mask_short_segments,
)

__all__ = ["butterworth", "clean", "fill_gaps", "finite_runs", "mask_low_visibility", "mask_short_segments"]
