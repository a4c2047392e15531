"""NaN-aware statistics that stay quiet when a slice is all NaN (missing landmarks are normal)."""

from __future__ import annotations

import warnings

import numpy as np


def nanmean(values: object, axis: int | None = None) -> np.ndarray:
    """Return ``np.nanmean`` without the "Mean of empty slice" warning (an all-NaN slice gives NaN)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmean(values, axis=axis)


def nanmedian(values: object, axis: int | None = None) -> np.ndarray:
    """Return ``np.nanmedian`` without the "All-NaN slice" warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmedian(values, axis=axis)
