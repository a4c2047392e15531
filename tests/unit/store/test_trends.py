"""Trend arithmetic and the typical-error table, with answers known in advance."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from screening.store.trends import TREND_COLUMNS, trend_table
from screening.store.typical_error import typical_error


def history(*rows: tuple) -> pd.DataFrame:
    """Rows of (session_id, day, metric, side, value, unit)."""
    return pd.DataFrame([{
        "session_id": s, "recorded_at": pd.Timestamp(f"2024-01-{day:02d}", tz="UTC"), "protocol": "p", "metric": m,
        "side": side, "value": v, "unit": u, "severity": "normal", "confidence": "high", "label": m,
    } for s, day, m, side, v, u in rows])


def test_typical_error_defaults_to_5_deg_and_root_2_times_that_for_left_right_differences() -> None:
    assert typical_error("knee_flexion", "deg") == 5.0
    assert typical_error("knee_flexion_asymmetry", "deg") == pytest.approx(5.0 * math.sqrt(2))
    assert math.isnan(typical_error("stride", "cm"))


def test_changes_are_per_metric_and_side_in_time_order_not_row_order() -> None:
    table = trend_table(history(
        (3, 3, "knee", "left", 130.0, "deg"), (1, 1, "knee", "left", 120.0, "deg"),
        (1, 1, "knee", "right", 118.0, "deg"), (2, 2, "knee", "left", 124.0, "deg"),
        (3, 3, "knee", "right", 117.0, "deg"),
    ))
    left = table[table["side"] == "left"]
    right = table[table["side"] == "right"]

    assert list(table.columns) == list(TREND_COLUMNS)
    assert left["value"].tolist() == [120.0, 124.0, 130.0]
    assert left["change_vs_previous"].tolist()[1:] == [4.0, 6.0]
    assert left["change_vs_baseline"].tolist()[1:] == [4.0, 10.0]
    assert left["change_is_real"].tolist() == [False, False, True]
    assert left["baseline_change_is_real"].tolist() == [False, False, True]
    assert right["change_vs_previous"].tolist()[1:] == [-1.0]
    assert right["note"].tolist()[1] == (
        "-1.0 deg vs previous: within the typical error (5.0 deg), may be measurement noise; "
        "-1.0 deg vs baseline: within the typical error (5.0 deg), may be measurement noise")


def test_a_change_exactly_equal_to_the_typical_error_is_not_called_real() -> None:
    table = trend_table(history((1, 1, "knee", "left", 100.0, "deg"), (2, 2, "knee", "left", 105.0, "deg")))
    assert table["change_is_real"].tolist() == [False, False]


def test_rows_without_value_are_left_out_and_unknown_units_say_so() -> None:
    table = trend_table(history((1, 1, "view_check", "", None, ""), (1, 1, "reach", "", 10.0, "cm"),
                                (2, 2, "reach", "", 30.0, "cm")))
    assert table["metric"].tolist() == ["reach", "reach"]
    assert table["change_is_real"].tolist() == [False, False]
    assert table["note"].tolist()[1].startswith("+20.0 cm vs previous: no typical error known")


def test_sessions_with_a_wrong_view_or_no_movement_are_kept_out_of_trends_with_the_reason() -> None:
    rows = history((1, 1, "knee", "left", 120.0, "deg"), (2, 2, "knee", "left", 90.0, "deg"),
                   (2, 2, "view_check", "", None, ""), (3, 3, "knee", "left", 124.0, "deg"),
                   (4, 4, "knee", "left", 70.0, "deg"))
    rows.loc[rows["metric"] == "view_check", "severity"] = "invalid"
    rows.loc[rows["session_id"] == 4, "severity"] = "invalid"  # an ungraded number
    table = trend_table(rows)
    assert table["session_id"].tolist() == [1, 2, 3, 4]
    assert table["in_trend"].tolist() == [True, False, True, False]
    kept = table[table["in_trend"]]
    assert kept["change_vs_previous"].tolist()[1] == 4.0  # 124 vs 120: the left-out 90 is skipped
    assert table["note"].tolist()[1] == "left out of trends: the camera view was wrong"
    assert table["note"].tolist()[3].startswith("left out of trends")
    assert not table.loc[~table["in_trend"], "change_is_real"].any()
