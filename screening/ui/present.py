"""Turning findings and analyses into the words, numbers and tables the dashboard shows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from screening.kinematics.angles import ANGLE_BY_COLUMN
from screening.model.analysis import Analysis
from screening.model.findings import Finding
from screening.model.results import Rep
from screening.report.keyframes import format_deg
from screening.ui.labels import angle_label, angle_name, finding_style, number, readable, stated_value


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
    return number(value, 0 if whole else 1, signed)


def finding_value(finding: Finding) -> str:
    """Return a finding's value as its explanation text writes it: ``"170°"``, ``"+2.2°"`` (``"–"`` when missing).

    The same rounding is used on the card, in the table, the PDF and the key frames.
    """
    if finding.value is None or not np.isfinite(finding.value):
        return "–"
    stated = stated_value(finding.label, finding.explanation)
    if stated is not None:
        return stated
    digits, signed = finding_style(finding.unit, finding.normal_min, finding.metric, finding.label,
                                   finding.explanation)
    text = number(finding.value, digits, signed)
    return text + UNIT_SYMBOLS.get(finding.unit, f" {finding.unit}")


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
    dash = " to " if low < 0 or high < 0 else "–"  # "-2 to 2°" rather than "-2–2°"
    return f"normal {format_number(low, unit)}{dash}{format_value(high, unit)}"


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
    if finding.label:
        return readable(finding.label)
    name = angle_name(finding.metric)
    return f"{name} ({finding.side})" if finding.side in ("left", "right") else name


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    """Return findings with the ones needing attention first (marked, mild, invalid, normal, info)."""
    return sorted(findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 9))


def findings_table(findings: list[Finding]) -> pd.DataFrame:
    """Return one row per finding: measure, side, value with unit, normal range, result and confidence."""
    rows = [
        {
            "Measure": finding_title(f),
            "Side": f.side or "–",
            "Value": finding_value(f),
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
    """Return the reps found in one clip of ``analysis``, by the key they were counted on.

    The key is usually an angle column (``"shoulder_flexion_corrected_left"``) but may be another
    signal (``"hip_drop"``). With a single clip these are the protocol's reps; with several, each
    finding's own reps are matched to its clip by name (``details["clip"]``).
    """
    result = analysis.result
    if result is None:
        return {}
    if len(analysis.clips) == 1:
        return {key: list(reps) for key, reps in result.reps.items() if reps}
    name = analysis.clips[clip_index].name
    reps: dict[str, list[Rep]] = {}
    for finding in result.findings:
        if finding.details.get("clip") == name:
            key = f"{finding.metric}_{finding.side}" if finding.side in ("left", "right") else finding.metric
            for rep in _reps_from_details(finding):
                known = reps.setdefault(key, [])
                if all(abs(rep.peak_s - other.peak_s) > 1e-3 for other in known):
                    known.append(Rep(len(known), rep.start_s, rep.peak_s, rep.end_s, rep.peak_deg))
    return reps


def _side_of(key: str) -> str:
    return next((side for side in ("left", "right") if key.endswith(f"_{side}")), "")


def reps_by_column(analysis: Analysis, clip_index: int, columns: list[str]) -> dict[str, list[Rep]]:
    """Return the reps to draw on each plotted angle column of a clip (bands and peak markers).

    A column's own reps are used as they are. Reps counted on another signal (the squat's hip
    drop, or another angle of the same side) are drawn on every column of that side (and on
    columns without a side), with the peak marker at the column's own value at the rep's peak time.
    """
    found = reps_for_clip(analysis, clip_index)
    angles = analysis.clips[clip_index].angles
    times = angles.index.to_numpy(dtype=float)
    out: dict[str, list[Rep]] = {}
    for column in columns:
        if found.get(column):
            out[column] = values_at_peaks(angles, column, found[column])
            continue
        side = _side_of(column)
        shared = [rep for key, reps in found.items() if key != column and (side == "" or _side_of(key) in ("", side))
                  for rep in reps]
        values = angles[column].to_numpy(dtype=float) if column in angles else np.full(len(times), np.nan)
        reps: list[Rep] = []
        for rep in sorted(shared, key=lambda r: r.peak_s):
            if len(times) == 0 or any(abs(rep.peak_s - r.peak_s) < 0.05 for r in reps):
                continue
            at = int(np.argmin(np.abs(times - rep.peak_s)))
            reps.append(Rep(len(reps), rep.start_s, rep.peak_s, rep.end_s, float(values[at])))
        if reps:
            out[column] = reps
    return out


def values_at_peaks(angles: pd.DataFrame, column: str, reps: list[Rep]) -> list[Rep]:
    """Return ``reps`` with each peak value read from ``column`` at the rep's peak time (nearest frame).

    A protocol may count reps on one signal and file them under another column; the marker and
    caption then show what the plotted or drawn angle really reads at that moment.
    """
    if column not in angles or not len(angles.index):
        return list(reps)
    times, values = angles.index.to_numpy(dtype=float), angles[column].to_numpy(dtype=float)
    out = []
    for rep in reps:
        at = int(np.argmin(np.abs(times - rep.peak_s)))
        out.append(Rep(rep.index, rep.start_s, rep.peak_s, rep.end_s, float(values[at])))
    return out


VIEW_PLANES = {"side": "sagittal", "front": "frontal"}


def clip_plane(analysis: Analysis, clip_index: int) -> str:
    """Return the plane a clip measures (``"sagittal"`` for a side view, ``"frontal"`` for a front view, or "")."""
    clip = analysis.clips[clip_index].clip
    view = clip.view if clip is not None else None
    return VIEW_PLANES.get(getattr(view, "expected", ""), "")


def plot_columns(analysis: Analysis, clip_index: int, max_columns: int = 4) -> list[str]:
    """Return the key angle columns worth plotting for a clip, rep-bearing ones first.

    Only columns with data, and of the clip's own plane (a side view shows no front-view tilt).
    """
    angles = analysis.clips[clip_index].angles
    key = analysis.result.key_angles if analysis.result is not None else tuple(angles.columns)
    plane = clip_plane(analysis, clip_index)
    present = [c for c in key if c in angles and np.isfinite(angles[c].to_numpy(dtype=float)).any()
               and (not plane or getattr(ANGLE_BY_COLUMN.get(c), "plane", plane) in (plane, "any"))]
    reps = reps_for_clip(analysis, clip_index)
    present.sort(key=lambda c: 0 if reps.get(c) else 1)
    return present[:max_columns]


def photo_table(analysis: Analysis, clip_index: int) -> pd.DataFrame:
    """Return a photo's measured angles (of its own plane) as rows: angle name and value in degrees."""
    angles = analysis.clips[clip_index].angles
    rows = [{"Angle": angle_label(c), "Value": number(float(angles[c].iloc[0]), 1) + "°"}
            for c in plot_columns(analysis, clip_index, max_columns=8)]
    return pd.DataFrame(rows, columns=["Angle", "Value"])


def is_photo(analysis: Analysis, clip_index: int) -> bool:
    """Return True when a clip is a single still image."""
    return len(analysis.clips[clip_index].angles.index) == 1


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

    Reps counted on another signal (the squat's hip drop) are shown on the first plotted angle.
    Photos are left out: the clip's own section shows the annotated photo.
    """
    specs: list[KeyframeSpec] = []
    for index, clip in enumerate(analysis.clips):
        if is_photo(analysis, index):
            continue
        reps = {c: values_at_peaks(clip.angles, c, r) for c, r in reps_for_clip(analysis, index).items()
                if c in ANGLE_BY_COLUMN}
        if not reps:
            reps = dict(list(reps_by_column(analysis, index, plot_columns(analysis, index)).items())[:1])
        for column, column_reps in reps.items():
            label = angle_label(column)
            for rep in column_reps:
                caption = (f"{clip.name} · {label} · rep {rep.index + 1} at {rep.peak_s:.2f} s: "
                           f"{format_deg(rep.peak_deg)}")
                specs.append(KeyframeSpec(index, rep.peak_s, column, caption))
    return specs[:max_frames]
