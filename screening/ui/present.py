"""Turning findings and analyses into the words, numbers and tables the dashboard shows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from screening.findings import Finding
from screening.kinematics.angles import ANGLE_BY_COLUMN
from screening.kinematics.reps import Rep
from screening.pipeline import Analysis


@dataclass(frozen=True)
class SeverityStyle:
    """How a severity is shown: a word, a colour (hex and Streamlit colour name) and an icon."""

    word: str
    colour: str
    icon: str
    colour_name: str


SEVERITY_STYLES = {  # icons are Material Symbols names (bundled with Streamlit, no emoji font needed)
    "normal": SeverityStyle("Within normal range", "#2e7d32", "check_circle", "green"),
    "mild": SeverityStyle("Mildly outside range", "#b26a00", "warning", "orange"),
    "marked": SeverityStyle("Markedly outside range", "#c62828", "error", "red"),
    "info": SeverityStyle("For information", "#1565c0", "info", "blue"),
    "invalid": SeverityStyle("Could not be measured", "#616161", "block", "gray"),
}
SEVERITY_ORDER = {"marked": 0, "mild": 1, "invalid": 2, "normal": 3, "info": 4}
UNIT_SYMBOLS = {"deg": "°", "%": " %", "cm": " cm", "mm": " mm", "s": " s", "": ""}


def format_number(value: float, unit: str, signed: bool = False) -> str:
    """Return a number rounded for its unit: whole degrees from 20° up (or when whole), else one decimal."""
    whole = unit == "deg" and (abs(value) >= 20 or float(value).is_integer())
    digits = 0 if whole else 1
    return f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"


def format_value(value: float | None, unit: str, signed: bool = False) -> str:
    """Return a value with its unit, e.g. ``"170°"``, ``"+4.5°"``, ``"3.2 cm"`` (``"–"`` when missing)."""
    if value is None or not np.isfinite(value):
        return "–"
    return format_number(value, unit, signed) + UNIT_SYMBOLS.get(unit, f" {unit}")


def norm_text(finding: Finding) -> str:
    """Return the normal range of a finding in words, e.g. ``"normal 160–180°"`` or ``"normal ≤ 5°"``."""
    low, high, unit = finding.normal_min, finding.normal_max, finding.unit
    if low is None and high is None:
        return "no published range"
    if low is None:
        return f"normal ≤ {format_value(high, unit)}"
    if high is None:
        return f"normal ≥ {format_value(low, unit)}"
    return f"normal {format_number(low, unit)}–{format_value(high, unit)}"


def format_time(created_at: str) -> str:
    """Return an ISO timestamp as ``"2025-03-01 14:05 UTC"`` (the text unchanged if it does not parse)."""
    try:
        stamp = pd.Timestamp(created_at)
    except ValueError:
        return created_at
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC")
    return stamp.strftime("%Y-%m-%d %H:%M") + " UTC"


def finding_title(finding: Finding) -> str:
    """Return the finding's label, e.g. ``"Shoulder flexion (left)"``."""
    return finding.label or finding.metric.replace("_", " ").capitalize()


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    """Return findings with the ones needing attention first (marked, mild, invalid, normal, info)."""
    return sorted(findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 9))


def findings_table(findings: list[Finding]) -> pd.DataFrame:
    """Return one row per finding: measure, side, value with unit, normal range, result and confidence."""
    rows = [
        {
            "Measure": finding_title(f),
            "Side": f.side or "–",
            "Value": format_value(f.value, f.unit, signed=f.side == "both"),
            "Normal range": norm_text(f),
            "Result": SEVERITY_STYLES[f.severity].word,
            "Confidence": f.confidence,
        }
        for f in findings
    ]
    return pd.DataFrame(rows, columns=["Measure", "Side", "Value", "Normal range", "Result", "Confidence"])


def summary_counts(findings: list[Finding]) -> dict[str, int]:
    """Return how many findings have each severity."""
    return {s: sum(f.severity == s for f in findings) for s in SEVERITY_STYLES}


def _reps_from_details(finding: Finding) -> list[Rep]:
    keys = {"start_s", "peak_s", "end_s", "peak_deg"}
    items = [r for r in finding.details.get("reps") or [] if isinstance(r, dict) and keys <= set(r)]
    return [Rep(i, float(r["start_s"]), float(r["peak_s"]), float(r["end_s"]), float(r["peak_deg"]))
            for i, r in enumerate(items)]


def reps_for_clip(analysis: Analysis, clip_index: int) -> dict[str, list[Rep]]:
    """Return the reps (by angle column) that belong to one clip of ``analysis``.

    With a single clip these are the protocol's reps; with several, each finding's own reps
    are matched to its clip by name (``details["clip"]``).
    """
    result = analysis.result
    if result is None:
        return {}
    if len(analysis.clips) == 1:
        return dict(result.reps)
    name = analysis.clips[clip_index].name
    reps: dict[str, list[Rep]] = {}
    for finding in result.findings:
        column = f"{finding.metric}_{finding.side}"
        if finding.details.get("clip") == name and column in ANGLE_BY_COLUMN:
            reps.setdefault(column, []).extend(_reps_from_details(finding))
    return reps


def plot_columns(analysis: Analysis, clip_index: int, max_columns: int = 4) -> list[str]:
    """Return the key angle columns worth plotting for a clip: those with data, rep-bearing ones first."""
    angles = analysis.clips[clip_index].angles
    key = analysis.result.key_angles if analysis.result is not None else tuple(angles.columns)
    reps = reps_for_clip(analysis, clip_index)
    present = [c for c in key if c in angles and np.isfinite(angles[c].to_numpy(dtype=float)).any()]
    present.sort(key=lambda c: 0 if reps.get(c) else 1)
    return present[:max_columns]


def norm_for_column(findings: list[Finding], column: str) -> tuple[float | None, float | None, str]:
    """Return ``(low, high, label)`` of the range to draw behind an angle column's curve.

    A finding's published normal range is preferred; otherwise the angle table's typical range.
    """
    for finding in findings:
        if f"{finding.metric}_{finding.side}" == column and finding.unit == "deg":
            return finding.normal_min, finding.normal_max, "normal range"
    definition = ANGLE_BY_COLUMN.get(column)
    if definition is None:
        return None, None, ""
    return definition.normal_range[0], definition.normal_range[1], "typical range"


@dataclass(frozen=True)
class KeyframeSpec:
    """Which still to show: clip, time, angle column and caption."""

    clip_index: int
    time_s: float
    column: str
    caption: str


def keyframe_specs(analysis: Analysis, max_frames: int = 8) -> list[KeyframeSpec]:
    """Return one still per rep peak (per clip and angle column), at most ``max_frames``.

    Photos (one frame, no reps) get one still at 0 s with the protocol's key angles.
    """
    specs: list[KeyframeSpec] = []
    for index, clip in enumerate(analysis.clips):
        reps = reps_for_clip(analysis, index)
        for column, column_reps in reps.items():
            if column not in ANGLE_BY_COLUMN:
                continue
            label = column.replace("_", " ")
            for rep in column_reps:
                caption = f"{clip.name} · {label} · rep {rep.index + 1} at {rep.peak_s:.2f} s: {rep.peak_deg:.0f}°"
                specs.append(KeyframeSpec(index, rep.peak_s, column, caption))
        if not reps and len(clip.angles.index) == 1:
            specs.append(KeyframeSpec(index, float(clip.angles.index[0]), "", f"{clip.name} · photo"))
    return specs[:max_frames]
