"""Names people read: angle columns and metrics in words (the names of ``docs/angles.md``), never column names.

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
_COLUMN_WORD = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")


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


def number(value: float, digits: int, signed: bool = False) -> str:
    """Return ``value`` rounded to ``digits`` decimals, never ``"-0"`` (the one rounding used on every page)."""
    rounded = round(float(value), digits) + 0.0  # + 0.0 turns −0.0 into 0.0
    return f"{rounded:+.{digits}f}" if signed else f"{rounded:.{digits}f}"


_STATED = re.compile(r"([+-]?\d+(?:\.\d+)?)(°| %| cm| mm| s)?")


def stated_value(label: str, explanation: str) -> str | None:
    """Return the value as a finding's explanation states it (``"99°"``, ``"+5.0°"``), or None.

    The protocol writes the explanation from the unrounded measurement, so showing its number
    keeps card, table, PDF and text identical (a stored 98.5 would otherwise read 98 beside 99).
    """
    if not label or not explanation.startswith(f"{label}: "):
        return None
    match = _STATED.match(explanation[len(label) + 2:])
    return match.group(0) if match and match.group(2) else None


def finding_style(unit: str, normal_min: float | None, metric: str, label: str = "", explanation: str = ""
                  ) -> tuple[int, bool]:
    """Return ``(decimals, signed)`` for showing a finding's value as its explanation text writes it.

    The explanation (``"Shoulder flexion (left): 170° vs …"``, ``"Elbow bend …: +5.0° (flagged …"``)
    is made by the protocol; the card, table, PDF and key frame copy its rounding so the same
    number reads the same everywhere. Without such a text: ranges of motion (a positive lower
    normal limit) and left/right differences in whole degrees, other angles signed with one decimal.
    """
    if label and explanation.startswith(f"{label}: "):
        match = re.match(r"([+-]?)\d+(?:\.(\d+))?", explanation[len(label) + 2:])
        if match:
            return len(match.group(2) or ""), bool(match.group(1) == "+" or match.group(0).startswith("+"))
    if unit == "deg" and ((normal_min is not None and normal_min > 0) or metric.endswith("_asymmetry")):
        return 0, metric.endswith("_asymmetry")
    return 1, unit == "deg"
