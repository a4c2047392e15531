"""Names people read: angles, metrics and settings in words (the names of ``docs/angles.md``), never column names.

Kept apart from the protocols so the label of each angle lives in one place; a column that is not
listed here falls back to its words with the side in brackets, e.g. ``"Hip flexion (left)"``.
"""

from __future__ import annotations

import re

from screening.kinematics.angles import ANGLE_BY_COLUMN

# angle name (column without its side) -> what a coach reads; several columns measure the same thing
# with a different correction and share a name (docs/angles.md explains which one a protocol reports)
ANGLE_NAMES = {
    "shoulder_flexion": "Shoulder flexion",
    "shoulder_flexion_corrected": "Shoulder flexion",
    "shoulder_abduction": "Shoulder abduction",
    "arm_elevation": "Arm elevation",
    "arm_line_elevation": "Straight-arm elevation",
    "forearm_elevation": "Forearm elevation",
    "elbow_flexion": "Elbow flexion",
    "hip_flexion": "Hip flexion",
    "hip_flexion_rigid_thigh": "Hip flexion",
    "hip_flexion_corrected": "Hip flexion",
    "trunk_thigh_flexion": "Trunk-to-thigh angle",
    "knee_flexion": "Knee flexion",
    "knee_flexion_rigid_shank": "Knee flexion",
    "shank_forward_tilt": "Shank forward tilt",
    "shank_to_vertical": "Hip rotation (shank angle)",
    "knee_fppa": "Knee valgus angle",  # the frontal-plane projection angle, + = valgus
    "trunk_inclination": "Trunk forward lean",
    "trunk_lateral_lean": "Trunk side lean",
    "head_forward": "Forward head",
    "pelvic_obliquity": "Pelvic obliquity",
    "shoulder_tilt": "Shoulder height difference",
    "shoulder_elevation_3d": "Shoulder elevation (3-D)",
    "elbow_flexion_3d": "Elbow flexion (3-D)",
    "hip_flexion_3d": "Hip flexion (3-D)",
    "knee_flexion_3d": "Knee flexion (3-D)",
}
SIDES = ("left", "right")
# a snake_case word, not the stem of a file name ("squat_left.mp4" stays as the user named it)
_COLUMN_WORD = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b(?!\.[A-Za-z0-9])")


def split_side(column: str) -> tuple[str, str]:
    """Return ``(name, side)`` of an angle column: ``"knee_fppa_left"`` → ``("knee_fppa", "left")``."""
    definition = ANGLE_BY_COLUMN.get(column)
    if definition is not None:
        return definition.name, definition.side
    for side in SIDES:
        if column.endswith(f"_{side}"):
            return column[: -len(side) - 1], side
    return column, ""


def angle_name(name: str) -> str:
    """Return the readable name of an angle or metric without its side, e.g. ``"Knee flexion"``."""
    return ANGLE_NAMES.get(name) or name.replace("_", " ").strip().capitalize()


def angle_label(column: str) -> str:
    """Return the readable label of an angle column, e.g. ``"Shoulder flexion (left)"``."""
    name, side = split_side(column)
    return f"{angle_name(name)} ({side})" if side else angle_name(name)


def readable(text: str) -> str:
    """Return ``text`` with every snake_case word replaced by its readable label (``"Hip flexion (left)"``)."""
    return _COLUMN_WORD.sub(lambda match: angle_label(match.group(0)), text)


def plural(count: int, word: str, many: str | None = None) -> str:
    """Return ``"1 rep"``, ``"2 reps"``, ``"0 reps"``."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


# analysis setting -> (what a reader reads, unit symbol); the PDF's provenance lists settings by these
# names, never by their config keys (``cutoff_hz``); a setting not listed falls back to its words
SETTING_LABELS = {
    "model_path": ("Pose model file", ""),
    "num_poses": ("People tracked per frame", ""),
    "census_interval_s": ("Census interval", " s"),
    "min_detection_confidence": ("Detection threshold", ""),
    "min_tracking_confidence": ("Tracking threshold", ""),
    "min_visibility": ("Landmark visibility threshold", ""),
    "max_gap_s": ("Longest gap filled", " s"),
    "cutoff_hz": ("Filter cut-off", " Hz"),
    "filter_order": ("Filter order", ""),
    "max_file_mb": ("Largest input file", " MB"),
    "annotate_video": ("Annotated video", ""),
}
_UNIT_ENDINGS = (("_hz", " Hz"), ("_s", " s"), ("_mb", " MB"), ("_deg", "°"), ("_px", " px"))


def setting_label(key: str) -> tuple[str, str]:
    """Return ``(name, unit symbol)`` of an analysis setting, e.g. ``"cutoff_hz"`` → ``("Filter cut-off", " Hz")``."""
    if key in SETTING_LABELS:
        return SETTING_LABELS[key]
    unit = next((symbol for ending, symbol in _UNIT_ENDINGS if key.endswith(ending)), "")
    words = key.removesuffix(next((e for e, _ in _UNIT_ENDINGS if key.endswith(e)), ""))
    return words.replace("_", " ").strip().capitalize(), unit


def setting_text(key: str, value: object) -> str:
    """Return a setting as a reader reads it: ``"Filter cut-off: 6 Hz"``, ``"Annotated video: yes"``."""
    name, unit = setting_label(key)
    if isinstance(value, bool):
        shown = "yes" if value else "no"
    elif isinstance(value, float):
        shown = f"{value:g}{unit}"
    else:
        shown = f"{value}{unit}"
    return f"{name}: {shown}"
