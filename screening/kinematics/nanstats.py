"""NaN-aware statistics that stay quiet when a slice is all NaN (missing landmarks are normal)."""

from __future__ import annotations

import warnings

import numpy as np
from numpy.typing import ArrayLike


def nanmean(values: ArrayLike, axis: int | None = None) -> np.ndarray:
    """Return ``np.nanmean`` without the "Mean of empty slice" warning (an all-NaN slice gives NaN)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.asarray(np.nanmean(np.asarray(values, dtype=np.float64), axis=axis))


def nanmedian(values: ArrayLike, axis: int | None = None) -> np.ndarray:
    """Return ``np.nanmedian`` without the "All-NaN slice" warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.asarray(np.nanmedian(np.asarray(values, dtype=np.float64), axis=axis))


def nanmax(values: ArrayLike, axis: int | None = None) -> np.ndarray:
    """Return ``np.nanmax`` without the "All-NaN slice" warning (e.g. a landmark masked through a whole rep)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.asarray(np.nanmax(np.asarray(values, dtype=np.float64), axis=axis))
