"""Trends over sessions: per metric and side, the change since the previous session and since the first.

A change is called real only when it is larger than the measurement's typical error
(:mod:`screening.store.typical_error`); smaller changes get a note saying they may be noise.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from screening.store.typical_error import typical_error

HISTORY_COLUMNS = ("session_id", "recorded_at", "protocol", "metric", "side", "value", "unit", "severity",
                   "confidence", "label")
TREND_COLUMNS = (*HISTORY_COLUMNS, "change_vs_previous", "change_vs_baseline", "typical_error", "change_is_real",
                 "baseline_change_is_real", "in_trend", "note")
# A session whose clips failed one of these checks is kept out of the trends: its numbers are unreliable.
SESSION_CHECKS = {"view_check": "the camera view was wrong", "movement_check": "the screen's movement was not found"}
GROUP = ["protocol", "metric", "side", "unit"]


def trend_table(history: pd.DataFrame, error_of: Callable[[str, str], float] = typical_error) -> pd.DataFrame:
    """Return the numeric history rows with their changes and whether each change is real.

    Parameters
    ----------
    history
        One row per finding with at least the :data:`HISTORY_COLUMNS`; ``value`` in ``unit``.
    error_of
        ``error_of(metric, unit)`` returns the typical error in ``unit`` (NaN if unknown).

    Returns
    -------
    pandas.DataFrame
        Rows with a value, in time order, plus ``change_vs_previous`` and ``change_vs_baseline``
        (same unit; NaN for the first session of a metric and side), ``typical_error``,
        ``change_is_real`` (|change vs previous| > typical error), ``baseline_change_is_real``
        (|change vs baseline| > typical error), ``in_trend`` and a plain-language ``note``.
        Rows of sessions whose camera view or movement check failed, and ungraded (``invalid``)
        rows, are kept for the record with ``in_trend`` False, no changes and the reason in
        ``note``; the changes of the other rows skip them.
    """
    rows = history.loc[history["value"].notna()].copy()
    if rows.empty:
        return pd.DataFrame(columns=list(TREND_COLUMNS))
    rows["value"] = rows["value"].astype(float)
    rows = rows.sort_values(["recorded_at", "session_id"], kind="stable").reset_index(drop=True)
    reasons = excluded_sessions(history)
    left_out = rows["session_id"].isin(list(reasons)) | (rows["severity"] == "invalid")
    kept = rows.loc[~left_out].copy()
    grouped = kept.groupby(GROUP, sort=False, dropna=False)["value"]
    kept["change_vs_previous"] = grouped.diff()
    kept["change_vs_baseline"] = kept["value"] - grouped.transform("first")
    kept.loc[grouped.cumcount() == 0, "change_vs_baseline"] = np.nan
    kept["typical_error"] = [float(error_of(m, u)) for m, u in zip(kept["metric"], kept["unit"], strict=True)]
    kept["change_is_real"] = _is_real(kept["change_vs_previous"], kept["typical_error"])
    kept["baseline_change_is_real"] = _is_real(kept["change_vs_baseline"], kept["typical_error"])
    kept["in_trend"] = True
    kept["note"] = [_note(r.change_vs_previous, r.change_vs_baseline, r.typical_error, r.unit)
                    for r in kept.itertuples(index=False)]
    out = rows.loc[left_out].copy()
    for column in ("change_vs_previous", "change_vs_baseline", "typical_error"):
        out[column] = np.nan
    out["change_is_real"] = out["baseline_change_is_real"] = out["in_trend"] = False
    out["note"] = [f"left out of trends: {reasons.get(sid, 'this number could not be graded')}"
                   for sid in out["session_id"]]
    table = pd.concat([kept, out]) if not out.empty else kept
    table = table.sort_values(["recorded_at", "session_id"], kind="stable").reset_index(drop=True)
    return table.loc[:, list(TREND_COLUMNS)]


def excluded_sessions(history: pd.DataFrame) -> dict[object, str]:
    """Return ``{session_id: reason}`` for sessions whose view or movement check failed."""
    failed = history[history["metric"].isin(list(SESSION_CHECKS)) & (history["severity"] == "invalid")]
    reasons: dict[object, str] = {}
    for row in failed.itertuples(index=False):
        reasons[row.session_id] = "; ".join(filter(None, [reasons.get(row.session_id), SESSION_CHECKS[row.metric]]))
    return reasons


def _is_real(change: pd.Series, error: pd.Series) -> pd.Series:
    """Return True where |change| exceeds a known typical error."""
    return (change.abs() > error).fillna(False).astype(bool)


def _note(previous: float, baseline: float, error: float, unit: str) -> str:
    """Return the plain-language note of one trend row."""
    if math.isnan(previous):
        return "first session (baseline)"
    parts = [_describe("previous", previous, error, unit)]
    if not math.isnan(baseline):
        parts.append(_describe("baseline", baseline, error, unit))
    return "; ".join(parts)


def _describe(against: str, change: float, error: float, unit: str) -> str:
    """Return e.g. ``"+3.0 deg vs previous: within the typical error (5 deg), may be noise"``."""
    text = f"{change:+.1f}{' ' + unit if unit else ''} vs {against}"
    if math.isnan(error):
        return f"{text}: no typical error known for this measurement"
    if abs(change) > error:
        return f"{text}: larger than the typical error ({error:.1f} {unit})"
    return f"{text}: within the typical error ({error:.1f} {unit}), may be measurement noise"
