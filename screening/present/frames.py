"""What is shown of each clip: the angle columns worth plotting, their reps, and the key frames.

The PDF and the dashboard call the same functions, so they plot the same columns with the same
rep bands and show the same key frames with the same captions; only the layout differs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from screening.kinematics.angles import ANGLE_BY_COLUMN
from screening.model.findings import Finding
from screening.model.results import Rep
from screening.present.findings import finding_title, finding_value, sorted_findings
from screening.present.labels import angle_label
from screening.present.numbers import format_angle

if TYPE_CHECKING:
    from screening.model.analysis import Analysis

VIEW_PLANES = {"side": "sagittal", "front": "frontal"}
MAX_KEYFRAME_COLUMNS = 3  # angles drawn on a key frame
SAME_FRAME_S = 0.05  # two key frames of one clip closer than this are one
# finding metric -> the angle (column without its side) its value is read from, where it is one column:
# the key frame draws that angle, at the moment of the rep that gave the value (the squat's depth is the
# rigid-shank knee flexion, not the plain knee flexion the plots show)
MEASURED_ANGLES = {
    "shoulder_flexion": "shoulder_flexion_corrected",
    "squat_depth_knee_flexion": "knee_flexion_rigid_shank",
    "knee_valgus_fppa": "knee_fppa",
}


def is_photo(analysis: Analysis, clip_index: int) -> bool:
    """Return True when a clip is a single still image."""
    return len(analysis.clips[clip_index].angles.index) == 1


def clip_plane(analysis: Analysis, clip_index: int) -> str:
    """Return the plane a clip measures (``"sagittal"`` for a side view, ``"frontal"`` for a front view, or "")."""
    clip = analysis.clips[clip_index].clip
    view = clip.view if clip is not None else None
    return VIEW_PLANES.get(getattr(view, "expected", ""), "")


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
            if len(times) == 0 or any(abs(rep.peak_s - r.peak_s) < SAME_FRAME_S for r in reps):
                continue
            at = int(np.argmin(np.abs(times - rep.peak_s)))
            reps.append(Rep(len(reps), rep.start_s, rep.peak_s, rep.end_s, float(values[at])))
        if reps:
            out[column] = reps
    return out


def plot_columns(analysis: Analysis, clip_index: int, max_columns: int = 4) -> list[str]:
    """Return the key angle columns worth plotting for a clip, rep-bearing ones first.

    Only columns with data, and of the clip's own plane (a side view shows no front-view tilt). A
    key angle a finding reads with a correction (the squat's depth: rigid-shank knee flexion) is
    plotted as that finding reads it, so the curve's peaks are the finding's numbers.
    """
    angles = analysis.clips[clip_index].angles
    key = analysis.result.key_angles if analysis.result is not None else tuple(angles.columns)
    measured = _measured_columns(analysis, clip_index)
    key = list(dict.fromkeys(measured.get(angle_label(c), c) for c in key))
    plane = clip_plane(analysis, clip_index)
    present = [c for c in key if c in angles and np.isfinite(angles[c].to_numpy(dtype=float)).any()
               and (not plane or getattr(ANGLE_BY_COLUMN.get(c), "plane", plane) in (plane, "any"))]
    reps = reps_for_clip(analysis, clip_index)
    present.sort(key=lambda c: 0 if reps.get(c) else 1)
    return present[:max_columns]


def _measured_columns(analysis: Analysis, clip_index: int) -> dict[str, str]:
    """Return, by readable label, the angle columns the clip's findings read their values from."""
    angles = analysis.clips[clip_index].angles
    name = analysis.clips[clip_index].name
    out: dict[str, str] = {}
    for finding in analysis.result.findings if analysis.result is not None else []:
        clip = finding.details.get("clip")
        if finding.metric not in MEASURED_ANGLES or (clip is not None and clip != name):
            continue
        side = finding.side if finding.side in ("left", "right") else str(finding.details.get("measured_side", ""))
        column = f"{MEASURED_ANGLES[finding.metric]}_{side}" if side else MEASURED_ANGLES[finding.metric]
        if column in angles:
            out[angle_label(column)] = column
    return out


def norm_for_column(findings: Sequence[Finding], column: str) -> tuple[float | None, float | None, str]:
    """Return ``(low, high, label)`` of the range to draw behind an angle column's curve.

    The published normal range of the finding read from that column is preferred (``"normal
    range"``); otherwise the angle table's usual range (``"typical range"``).
    """
    for finding in findings:
        measured = MEASURED_ANGLES.get(finding.metric, finding.metric)
        side = finding.side if finding.side in ("left", "right") else str(finding.details.get("measured_side", ""))
        if column in (f"{finding.metric}_{finding.side}", f"{measured}_{side}") and finding.unit == "deg" \
                and finding.normal_max is not None:  # a band needs a top ("≥ 100°" keeps the typical range)
            return finding.normal_min, finding.normal_max, "normal range"
    definition = ANGLE_BY_COLUMN.get(column)
    if definition is None:
        return None, None, ""
    return definition.normal_range[0], definition.normal_range[1], "typical range"


# ---------------------------------------------------------------- key frames


@dataclass(frozen=True)
class KeyFrame:
    """A frame to show: the clip (index into ``analysis.clips``), the time (s), the angle columns to draw, a caption.

    ``finding`` is the finding whose best rep the frame shows (None for a rep column's best rep
    or a photo).
    """

    clip_index: int
    time_s: float
    columns: tuple[str, ...]
    caption: str
    finding: Finding | None = None


def related_columns(primary: str, key_angles: Sequence[str]) -> tuple[str, ...]:
    """Return ``primary`` and the protocol's key angles of the same side (or no side) and plane, at most 3.

    A key angle that reads as the same measure (``knee_flexion_left`` beside the squat depth's
    ``knee_flexion_rigid_shank_left``, both "Knee flexion (left)") is left out: one joint, one number.
    """
    definition = ANGLE_BY_COLUMN.get(primary)
    if definition is None:
        return (primary,)
    others = [c for c in key_angles if c != primary and c in ANGLE_BY_COLUMN
              and ANGLE_BY_COLUMN[c].side in (definition.side, "")
              and ANGLE_BY_COLUMN[c].plane in (definition.plane, "any")
              and angle_label(c) != angle_label(primary)]  # not the same measure without its correction
    return (primary, *others)[:MAX_KEYFRAME_COLUMNS]


def _clip_index(analysis: Analysis, name: str) -> int | None:
    for index, clip in enumerate(analysis.clips):
        if clip.name == name:
            return index
    return 0 if analysis.clips else None


def measured_column(analysis: Analysis, clip_index: int, finding: Finding, peak_s: float) -> str | None:
    """Return the angle column a finding's value is read from in its clip (None when it is not one angle).

    :data:`MEASURED_ANGLES` names it where a protocol reads another column than the finding's
    metric; otherwise the column the finding's reps were counted on, or the metric's own column.
    """
    angles = analysis.clips[clip_index].angles
    side = finding.side if finding.side in ("left", "right") else str(finding.details.get("measured_side", ""))
    names = [MEASURED_ANGLES[finding.metric]] if finding.metric in MEASURED_ANGLES else []
    for name in names:
        for candidate in (f"{name}_{side}", name):
            if candidate in ANGLE_BY_COLUMN and candidate in angles:
                return candidate
    if analysis.result is not None:
        for column, reps in analysis.result.reps.items():
            if column in ANGLE_BY_COLUMN and any(abs(r.peak_s - peak_s) < 2e-3 for r in reps):
                return column
    for candidate in (f"{finding.metric}_{side}", finding.metric):
        if candidate in ANGLE_BY_COLUMN:
            return candidate
    return None


def _best_moment(angles: pd.DataFrame, column: str | None, reps: list[dict[str, Any]], value: float | None
                 ) -> tuple[int, float]:
    """Return ``(rep index, time in s)`` of the moment whose ``column`` reads nearest the finding's ``value``.

    ``column`` is the one the value is read from (None when the value is not one angle's reading,
    e.g. a change or a difference). Each rep offers its peak and the highest and lowest reading of
    ``column`` in its window (a depth is the deepest knee angle, not the knee angle at the hips'
    lowest point). Without a column, the rep whose peak is nearest the value (or the highest
    peak), at its peak time.
    """
    if column is not None and column in angles and value is not None and math.isfinite(value):
        times, values = angles.index.to_numpy(dtype=float), angles[column].to_numpy(dtype=float)
        best: tuple[float, int, float] | None = None
        for number, rep in enumerate(reps):
            inside = np.flatnonzero((times >= float(rep["start_s"]) - 1e-6) & (times <= float(rep["end_s"]) + 1e-6))
            moments = [int(np.argmin(np.abs(times - float(rep["peak_s"]))))]
            finite = inside[np.isfinite(values[inside])]
            if finite.size:
                moments += [int(finite[np.argmax(values[finite])]), int(finite[np.argmin(values[finite])])]
            for at in moments:
                if np.isfinite(values[at]) and (best is None or abs(values[at] - value) < best[0]):
                    best = (abs(values[at] - value), number, float(times[at]))
        if best is not None:
            return best[1], best[2]
    if value is not None and math.isfinite(value):
        number = min(range(len(reps)), key=lambda i: abs(float(reps[i]["peak_deg"]) - value))
    else:
        number = max(range(len(reps)), key=lambda i: float(reps[i]["peak_deg"]))
    return number, float(reps[number]["peak_s"])


def _finding_frames(analysis: Analysis, key_angles: Sequence[str]) -> list[KeyFrame]:
    """Return a key frame at the best rep of each finding that lists reps, in severity order."""
    frames: list[KeyFrame] = []
    for finding in sorted_findings(analysis.result.findings if analysis.result else []):
        reps = [r for r in finding.details.get("reps") or [] if isinstance(r, dict) and "peak_s" in r]
        index = _clip_index(analysis, str(finding.details.get("clip", "")))
        if not reps or index is None:
            continue
        column = measured_column(analysis, index, finding, float(reps[0]["peak_s"]))
        side = finding.side if finding.side in ("left", "right") else ""
        own = finding.metric in MEASURED_ANGLES or column in (f"{finding.metric}_{side}", finding.metric)
        number, time_s = _best_moment(analysis.clips[index].angles, column if own else None, reps, finding.value)
        columns = related_columns(column, key_angles) if column else tuple(key_angles[:MAX_KEYFRAME_COLUMNS])
        caption = (f"{finding_title(finding)}: rep {number + 1} of {len(reps)}, peak at {time_s:.2f} s "
                   f"({finding_value(finding)}, {finding.severity})")
        frames.append(KeyFrame(index, time_s, columns, caption, finding))
    return frames


def _clip_of_rep(analysis: Analysis, column: str, rep: Rep) -> int | None:
    """Return the index of the clip whose ``column`` reads ``rep.peak_deg`` at ``rep.peak_s`` (reps are pooled)."""
    for index, clip in enumerate(analysis.clips):
        if column not in clip.angles or not len(clip.angles):
            continue
        times = clip.angles.index.to_numpy(dtype=float)
        at = int(np.argmin(np.abs(times - rep.peak_s)))
        if abs(times[at] - rep.peak_s) < 1e-3 and abs(float(clip.angles[column].iloc[at]) - rep.peak_deg) < 0.05:
            return index
    return None


def select_keyframes(analysis: Analysis, limit: int = 4, photos: bool = True) -> list[KeyFrame]:
    """Return up to ``limit`` key frames: findings' best reps, then other reps' best, then photos.

    A finding's frame is the moment of the rep that gave its value, with the angle the value is
    read from drawn first (:func:`measured_column`); then the best rep of each angle column reps
    were counted on that no finding's frame shows first (two reps of nearly the same peak would
    otherwise give two pictures of the same thing); then (with ``photos``) each single photo at 0 s
    with the angles of its own view. Frames of the same clip within :data:`SAME_FRAME_S` are merged.
    """
    key_angles = analysis.result.key_angles if analysis.result else ()
    frames = _finding_frames(analysis, key_angles)
    if analysis.result is not None:
        for column, reps in analysis.result.reps.items():
            if reps and column in ANGLE_BY_COLUMN:
                best = max(reps, key=lambda r: r.peak_deg)
                index = _clip_of_rep(analysis, column, best)
                shown = any(f.clip_index == index and f.columns and f.columns[0] == column for f in frames)
                if index is not None and not shown:  # a finding's frame already shows this angle's rep
                    frames.append(KeyFrame(index, best.peak_s, related_columns(column, key_angles),
                                           f"{angle_label(column)}: best rep, peak at {best.peak_s:.2f} s"))
    for index, clip in enumerate(analysis.clips):
        if photos and is_photo(analysis, index):
            columns = tuple(plot_columns(analysis, index, max_columns=MAX_KEYFRAME_COLUMNS + 1))
            frames.append(KeyFrame(index, 0.0, columns or ("trunk_inclination",), f"Photo: {clip.name}"))
    unique: list[KeyFrame] = []
    for frame in frames:
        wanted = photos or not is_photo(analysis, frame.clip_index)
        if wanted and not any(u.clip_index == frame.clip_index and abs(u.time_s - frame.time_s) < SAME_FRAME_S
                              for u in unique):
            unique.append(frame)
    return unique[:limit]


def angles_at(analysis: Analysis, frame: KeyFrame) -> dict[str, float]:
    """Return the cleaned values (degrees) of the frame's columns at the sample nearest its time."""
    angles = analysis.clips[frame.clip_index].angles
    if not len(angles.index):
        return {}
    at = int(np.argmin(np.abs(angles.index.to_numpy(dtype=float) - frame.time_s)))
    return {c: float(angles[c].iloc[at]) for c in frame.columns if c in angles}


def keyframe_values(analysis: Analysis, frame: KeyFrame) -> str:
    """Return the angles drawn on a key frame in words: ``"Knee flexion (left) 105°, Hip flexion (left) 98°"``.

    The numbers are the ones drawn at the joints (:func:`~screening.present.numbers.format_angle`).
    """
    return ", ".join(f"{angle_label(c)} {format_angle(v)}" for c, v in angles_at(analysis, frame).items()
                     if math.isfinite(v))


def keyframe_caption(analysis: Analysis, frame: KeyFrame) -> str:
    """Return a key frame's caption with, on a second line, the angle values drawn on it."""
    shown = keyframe_values(analysis, frame)
    return f"{frame.caption}\n{shown}" if shown else frame.caption
