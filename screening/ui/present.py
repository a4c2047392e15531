"""The dashboard's tables, from the shared presentation layer (:mod:`screening.present`).

Names, numbers, severity order, reps, plotted columns and key frames are the PDF's and the
printout's too; this module only shapes them into the page's tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from screening.model.findings import Finding
from screening.present.findings import SEVERITY_STYLES, finding_rows
from screening.present.frames import plot_columns
from screening.present.labels import angle_label
from screening.present.numbers import format_angle

if TYPE_CHECKING:
    from screening.model.analysis import Analysis

TABLE_COLUMNS = ["Measure", "Side", "Value", "Normal range", "Result", "Confidence"]


def findings_table(findings: list[Finding]) -> pd.DataFrame:
    """Return one row per finding in severity order: measure, side, value, normal range, result, confidence."""
    rows = [{"Measure": row.title, "Side": row.side, "Value": row.value, "Normal range": row.normal_range,
             "Result": SEVERITY_STYLES[row.severity].word, "Confidence": row.confidence}
            for row in finding_rows(findings)]
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


def photo_table(analysis: Analysis, clip_index: int) -> pd.DataFrame:
    """Return a photo's measured angles (of its own plane) as rows: angle name and value in degrees."""
    angles = analysis.clips[clip_index].angles
    rows = [{"Angle": angle_label(c), "Value": format_angle(float(angles[c].iloc[0]))}
            for c in plot_columns(analysis, clip_index, max_columns=8)]
    return pd.DataFrame(rows, columns=["Angle", "Value"])
