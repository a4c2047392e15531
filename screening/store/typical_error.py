"""Typical error of each measurement: the one table that trends use to call a change real or noise.

Typical error (TE) is the within-subject standard deviation of repeated measurements of an
unchanged person (Hopkins 2000, Sports Med 30:1–15). A change smaller than the TE is reported as
"within the typical error" — it may be measurement noise.

Source of the numbers: the accuracy benchmark, ``docs/accuracy.md``. **It is not filled yet**;
until it is, angles use a conservative 5° (the order of the single-camera 2D joint-angle errors
reported against marker-based motion capture), and left−right differences use
√2 × 5° ≈ 7.1°, because a difference of two measurements carries both errors. Replace these
with the benchmark's values when ``docs/accuracy.md`` has them, and cite the row here.
"""

from __future__ import annotations

import math

SOURCE = "docs/accuracy.md (accuracy benchmark; provisional values until it is filled)"

#: Typical error by unit, used when a metric has no entry of its own (same unit as the value).
TYPICAL_ERROR_BY_UNIT: dict[str, float] = {
    "deg": 5.0,
}

#: Typical error of particular metrics (same unit as the value), overriding the unit default.
TYPICAL_ERROR_BY_METRIC: dict[str, float] = {}

#: Metrics ending like this are differences of two measurements (left − right).
DIFFERENCE_SUFFIX = "_asymmetry"


def typical_error(metric: str, unit: str) -> float:
    """Return the typical error of ``metric`` measured in ``unit`` (NaN when none is known).

    Parameters
    ----------
    metric
        A finding's metric name, e.g. ``"shoulder_flexion"`` or ``"shoulder_flexion_asymmetry"``.
    unit
        The finding's unit, e.g. ``"deg"``; the result is in the same unit.
    """
    if metric in TYPICAL_ERROR_BY_METRIC:
        return TYPICAL_ERROR_BY_METRIC[metric]
    base = TYPICAL_ERROR_BY_UNIT.get(unit, math.nan)
    return base * math.sqrt(2.0) if metric.endswith(DIFFERENCE_SUFFIX) else base
