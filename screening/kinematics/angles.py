"""Joint and segment angles, defined once in :data:`ANGLES`.

Conventions (see ``docs/angles.md``): degrees; "left" is the subject's left; image-plane (2-D)
angles assume the movement happens in a plane square to the camera. Signs do not depend on
which way the subject faces: "forward" is the subject's facing direction (side views) and
"lateral" points away from the body's midline (front views).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from screening.kinematics import geometry as geo
from screening.kinematics.orientation import facing, lateral_left, point
from screening.model.keypoints import LANDMARK_NAMES
from screening.model.series import LandmarkSeries, measured_frames


@dataclass(frozen=True)
class AngleDef:
    """One angle: which landmarks, which method, and what zero and positive mean."""

    name: str
    side: str  # "left", "right" or "" (for whole-body angles)
    method: str  # a key of METHODS
    points: tuple[str, ...]
    plane: str  # "sagittal" (side view) or "frontal" (front view)
    zero: str
    positive: str
    normal_range: tuple[float, float]  # plausible range in degrees, for plots

    @property
    def column(self) -> str:
        """Return the column name, e.g. ``shoulder_flexion_left``."""
        return f"{self.name}_{self.side}" if self.side else self.name


@dataclass(frozen=True)
class Context:
    """Per-frame orientation shared by the angle methods."""

    facing: np.ndarray  # (T,) +1 image-right, −1 image-left, NaN unknown
    lateral_left: np.ndarray  # (T, 2) y-up unit vector toward the subject's left


def _pts(series: LandmarkSeries, names: tuple[str, ...]) -> list[np.ndarray]:
    return [geo.y_up(point(series, name)) for name in names]


def _forward(ctx: Context) -> np.ndarray:
    return np.stack([ctx.facing, np.zeros_like(ctx.facing)], axis=-1)


def _lateral(ctx: Context, side: str) -> np.ndarray:
    return ctx.lateral_left if side == "left" else -ctx.lateral_left


def _interior(series: LandmarkSeries, d: AngleDef, ctx: Context) -> np.ndarray:
    a, vertex, b = _pts(series, d.points)
    return geo.interior_angle(a, vertex, b)


def _between(series: LandmarkSeries, d: AngleDef, ctx: Context) -> np.ndarray:
    """Unsigned angle between the reference points[0]→points[1] and the segment points[2]→points[3]."""
    a, b, c, e = _pts(series, d.points)
    return geo.interior_angle(b - a, np.zeros_like(a), e - c)


def _flexion(series: LandmarkSeries, d: AngleDef, ctx: Context) -> np.ndarray:
    return 180.0 - _interior(series, d, ctx)


def _sagittal_rotation(series: LandmarkSeries, d: AngleDef, ctx: Context) -> np.ndarray:
    """Angle from the reference points[0]→points[1] to the segment points[2]→points[3].

    Forward (the facing direction) is positive; the result is in [−90, 270) so that it never
    flips at 180°.
    """
    a, b, c, e = _pts(series, d.points)
    return geo.unwrap_flexion(geo.signed_angle(b - a, e - c, _forward(ctx)))


def _rigid_thigh_hip_flexion(series: LandmarkSeries, d: AngleDef, ctx: Context) -> np.ndarray:
    """Hip flexion (trunk points[0]→hip to thigh hip→knee) with the thigh held at its standing 2-D length.

    Points: shoulder, hip, knee, ankle. In a side view the thigh moves in the image plane, so its
    apparent length cannot change; MediaPipe's hip point, though, slides forward along the thigh as
    the hip flexes (on the benchmark 0.08–0.14 torso lengths at the bottom of a squat), which tilts
    the trunk line upright and reads hip flexion low. The hip point is moved back along the knee→hip
    line until the thigh has its median length over the standing frames (knee flexion below
    ``REST_STANDING_KNEE_DEG``, measured frames only: see :func:`~screening.model.series.measured_frames`);
    it is never moved closer to the knee. With fewer than 3 standing
    frames the hip point is used as it is.
    """
    shoulder, hip, knee, ankle = _pts(series, d.points)
    standing = (180.0 - geo.interior_angle(hip, knee, ankle) < REST_STANDING_KNEE_DEG) & measured_frames(series)
    hip = _at_standing_length(hip, knee, standing)
    return geo.unwrap_flexion(geo.signed_angle(hip - shoulder, knee - hip, _forward(ctx)))


def _rigid_shank_knee_flexion(series: LandmarkSeries, d: AngleDef, ctx: Context) -> np.ndarray:
    """Knee flexion (points hip, knee, ankle) with the shank held at its standing 2-D length.

    In a side view the shank moves in the image plane, so its apparent length cannot change;
    MediaPipe's knee point, though, sinks toward the ankle as the knee bends (on the benchmark the
    shank reads 0.01–0.05 torso lengths shorter at the bottom of a squat than standing), which
    stands the shank more upright and reads knee flexion low. The knee point is moved back out
    along the ankle→knee line until the shank has its median length over the standing frames
    (knee flexion below ``REST_STANDING_KNEE_DEG``, measured frames only); it is never moved closer
    to the ankle. With
    fewer than 3 standing frames the knee point is used as it is.
    """
    hip, knee, ankle = _pts(series, d.points)
    standing = (180.0 - geo.interior_angle(hip, knee, ankle) < REST_STANDING_KNEE_DEG) & measured_frames(series)
    knee = _at_standing_length(knee, ankle, standing)
    return 180.0 - geo.interior_angle(hip, knee, ankle)


def _at_standing_length(moving: np.ndarray, anchor: np.ndarray, standing: np.ndarray) -> np.ndarray:
    """Return ``moving`` pushed out along anchor→moving to the segment's median standing length.

    ``moving`` and ``anchor`` are ``(T, 2)`` points; a frame whose segment is already as long as
    that (or longer) is left alone. With fewer than 3 finite standing frames ``moving`` is returned.
    """
    length = np.linalg.norm(moving - anchor, axis=-1)
    reference = length[standing & np.isfinite(length)]
    if len(reference) < 3:
        return moving
    scale = np.fmax(float(np.median(reference)) / length, 1.0)
    return anchor + (moving - anchor) * scale[:, None]


def _from_vertical_forward(series: LandmarkSeries, d: AngleDef, ctx: Context) -> np.ndarray:
    """Angle of points[0]→points[1] from straight up, positive toward the facing direction."""
    a, b = _pts(series, d.points)
    return geo.signed_angle(np.broadcast_to(geo.UP, a.shape), b - a, _forward(ctx))


def _from_down_forward(series: LandmarkSeries, d: AngleDef, ctx: Context) -> np.ndarray:
    """Angle of points[0]→points[1] from straight down, positive forward, in [−90, 270)."""
    a, b = _pts(series, d.points)
    return geo.unwrap_flexion(geo.signed_angle(np.broadcast_to(geo.DOWN, a.shape), b - a, _forward(ctx)))


def _from_down_lateral(series: LandmarkSeries, d: AngleDef, ctx: Context) -> np.ndarray:
    """Angle of points[0]→points[1] from straight down, positive away from the midline."""
    a, b = _pts(series, d.points)
    return geo.signed_angle(np.broadcast_to(geo.DOWN, a.shape), b - a, _lateral(ctx, d.side))


def _from_up_left(series: LandmarkSeries, d: AngleDef, ctx: Context) -> np.ndarray:
    """Angle of points[0]→points[1] from straight up, positive toward the subject's left."""
    a, b = _pts(series, d.points)
    return geo.signed_angle(np.broadcast_to(geo.UP, a.shape), b - a, ctx.lateral_left)


def _tilt(series: LandmarkSeries, d: AngleDef, ctx: Context) -> np.ndarray:
    left, right = _pts(series, d.points)
    return geo.tilt_from_horizontal(left, right)


def _fppa(series: LandmarkSeries, d: AngleDef, ctx: Context) -> np.ndarray:
    """Knee frontal-plane projection angle: 180 − hip–knee–ankle, positive when the knee is medial (valgus)."""
    hip, knee, ankle = _pts(series, d.points)
    deviation = 180.0 - geo.interior_angle(hip, knee, ankle)
    medial = -_lateral(ctx, d.side)
    offset = geo.point_to_line_offset(knee, hip, ankle, medial)
    return np.sign(offset) * deviation


REST_REFERENCED = "rest_referenced"  # whole-clip columns made by add_rest_referenced, not per frame

METHODS: dict[str, Callable[[LandmarkSeries, AngleDef, Context], np.ndarray]] = {
    "interior": _interior,
    "between": _between,
    "flexion": _flexion,
    "sagittal_rotation": _sagittal_rotation,
    "rigid_thigh_hip_flexion": _rigid_thigh_hip_flexion,
    "rigid_shank_knee_flexion": _rigid_shank_knee_flexion,
    "from_vertical_forward": _from_vertical_forward,
    "from_down_forward": _from_down_forward,
    "from_down_lateral": _from_down_lateral,
    "from_up_left": _from_up_left,
    "tilt": _tilt,
    "fppa": _fppa,
}


def _bilateral(
    name: str,
    method: str,
    points: tuple[str, ...],
    plane: str,
    zero: str,
    positive: str,
    normal_range: tuple[float, float],
) -> tuple[AngleDef, AngleDef]:
    """Return the left and right definitions of one angle ("{s}" in a point name is the side)."""
    return tuple(  # type: ignore[return-value]
        AngleDef(name, side, method, tuple(p.format(s=side) for p in points), plane, zero, positive, normal_range)
        for side in ("left", "right")
    )


# Methods of columns computed later from other columns, not from landmarks (method -> the function that adds them).
DERIVED_METHODS: dict[str, str] = {"rest_referenced": "add_rest_referenced"}

ANGLES: tuple[AngleDef, ...] = (
    *_bilateral(
        "shoulder_flexion",
        "sagittal_rotation",
        ("{s}_shoulder", "{s}_hip", "{s}_shoulder", "{s}_elbow"),
        "sagittal",
        "arm hanging along the trunk",
        "arm forward and up (flexion); negative = extension",
        (0, 180),
    ),
    *_bilateral(
        "shoulder_abduction",
        "between",
        ("mid_shoulder", "mid_hip", "{s}_shoulder", "{s}_elbow"),
        "frontal",
        "arm hanging along the trunk",
        "arm out to the side and up",
        (0, 180),
    ),
    *_bilateral(
        "arm_elevation",
        "from_down_forward",
        ("{s}_shoulder", "{s}_elbow"),
        "sagittal",
        "upper arm pointing straight down",
        "arm forward and up, relative to vertical (not to the trunk)",
        (0, 180),
    ),
    *_bilateral(
        "arm_line_elevation",
        "from_down_forward",
        ("{s}_shoulder", "{s}_wrist"),
        "sagittal",
        "straight arm pointing straight down",
        "straight arm forward and up, relative to vertical (shoulder_flexion_corrected's arm line and resting frames)",
        (0, 180),
    ),
    *_bilateral(
        "forearm_elevation",
        "from_down_forward",
        ("{s}_elbow", "{s}_wrist"),
        "sagittal",
        "forearm pointing straight down",
        "forearm forward and up, relative to vertical: the humerus direction when the elbow is straight",
        (0, 180),
    ),
    *_bilateral(
        "elbow_flexion",
        "flexion",
        ("{s}_shoulder", "{s}_elbow", "{s}_wrist"),
        "any",
        "elbow straight",
        "elbow bending",
        (0, 150),
    ),
    *_bilateral(
        "trunk_thigh_flexion",
        "flexion",
        ("{s}_shoulder", "{s}_hip", "{s}_knee"),
        "sagittal",
        "trunk in line with the thigh (standing)",
        "trunk and thigh closing, either way (unsigned, so it never wraps in a deep forward bend)",
        (0, 180),
    ),
    *_bilateral(
        "hip_flexion",
        "sagittal_rotation",
        ("mid_shoulder", "mid_hip", "{s}_hip", "{s}_knee"),
        "sagittal",
        "thigh in line with the trunk",
        "thigh forward (flexion); negative = extension",
        (0, 120),
    ),
    *_bilateral(
        "hip_flexion_rigid_thigh",
        "rigid_thigh_hip_flexion",
        ("mid_shoulder", "{s}_hip", "{s}_knee", "{s}_ankle"),
        "sagittal",
        "thigh in line with the trunk",
        "thigh forward (flexion), the hip point kept at the standing thigh length from the knee",
        (0, 120),
    ),
    *_bilateral(
        "knee_flexion",
        "flexion",
        ("{s}_hip", "{s}_knee", "{s}_ankle"),
        "any",
        "knee straight",
        "knee bending",
        (0, 135),
    ),
    *_bilateral(
        "knee_flexion_rigid_shank",
        "rigid_shank_knee_flexion",
        ("{s}_hip", "{s}_knee", "{s}_ankle"),
        "sagittal",
        "knee straight",
        "knee bending, the knee point kept at the standing shank length from the ankle; used by squat (side)",
        (0, 135),
    ),
    *_bilateral(
        "shank_forward_tilt",
        "from_vertical_forward",
        ("{s}_ankle", "{s}_knee"),
        "sagittal",
        "shank vertical",
        "knee ahead of the ankle (ankle dorsiflexion proxy)",
        (0, 45),
    ),
    *_bilateral(
        "shank_to_vertical",
        "from_down_lateral",
        ("{s}_knee", "{s}_ankle"),
        "frontal",
        "shank vertical",
        "foot away from the midline (seated: hip internal rotation)",
        (-45, 45),
    ),
    *_bilateral(
        "knee_fppa",
        "fppa",
        ("{s}_hip", "{s}_knee", "{s}_ankle"),
        "frontal",
        "hip, knee and ankle in line",
        "knee toward the midline (valgus); negative = varus",
        (-10, 10),
    ),
    *_bilateral(
        "shoulder_flexion_corrected",
        REST_REFERENCED,
        ("{s}_shoulder", "{s}_wrist"),
        "sagittal",
        "arm hanging, trunk in its resting posture",
        "arm_line_elevation + trunk lean change from rest (see add_rest_referenced); used by overhead_reach",
        (0, 180),
    ),
    *_bilateral(
        "hip_flexion_corrected",
        REST_REFERENCED,
        ("{s}_hip", "{s}_knee"),
        "sagittal",
        "standing, trunk in its resting posture",
        "hip_flexion_rigid_thigh minus the standing trunk tilt (see add_rest_referenced); used by squat",
        (0, 120),
    ),
    AngleDef(
        "trunk_inclination",
        "",
        "from_vertical_forward",
        ("mid_hip", "mid_shoulder"),
        "sagittal",
        "trunk vertical",
        "trunk leaning forward; negative = leaning back (extension)",
        (-10, 45),
    ),
    AngleDef(
        "trunk_lateral_lean",
        "",
        "from_up_left",
        ("mid_hip", "mid_shoulder"),
        "frontal",
        "trunk vertical",
        "trunk leaning toward the subject's left",
        (-5, 5),
    ),
    AngleDef(
        "head_forward",
        "",
        "from_vertical_forward",
        ("mid_shoulder", "mid_ear"),
        "sagittal",
        "ear straight above the shoulder",
        "ear ahead of the shoulder (forward head)",
        (0, 20),
    ),
    AngleDef(
        "pelvic_obliquity",
        "",
        "tilt",
        ("left_hip", "right_hip"),
        "frontal",
        "hips level",
        "left hip higher than right",
        (-3, 3),
    ),
    AngleDef(
        "shoulder_tilt",
        "",
        "tilt",
        ("left_shoulder", "right_shoulder"),
        "frontal",
        "shoulders level",
        "left shoulder higher than right",
        (-3, 3),
    ),
)

ANGLE_BY_COLUMN: dict[str, AngleDef] = {d.column: d for d in ANGLES}


def landmark_names_used() -> set[str]:
    """Return every landmark name the table uses (midpoints expanded), for checks."""
    names: set[str] = set()
    for definition in ANGLES:
        for name in definition.points:
            names |= {f"left_{name[4:]}", f"right_{name[4:]}"} if name.startswith("mid_") else {name}
    return names


def _check_methods(angles: tuple[AngleDef, ...]) -> None:
    """Raise when an angle names a method :data:`METHODS` does not have (it would be dropped silently)."""
    known = set(METHODS) | set(DERIVED_METHODS)
    unknown = sorted({f"{d.column}: '{d.method}'" for d in angles if d.method not in known})
    if unknown:
        raise ValueError(f"Expected every angle's method in {sorted(known)}, but got {', '.join(unknown)}.")


def _check_table() -> None:
    unknown = landmark_names_used() - set(LANDMARK_NAMES)
    if unknown:
        raise ValueError(f"Angle table uses unknown landmarks: {sorted(unknown)}")
    _check_methods(ANGLES)
    missing = set(ANGLE_BY_COLUMN) ^ {d.column for d in ANGLES}
    if missing or len(ANGLE_BY_COLUMN) != len(ANGLES):
        raise ValueError("Angle table has duplicate columns")


_check_table()


def compute_angles(series: LandmarkSeries) -> pd.DataFrame:
    """Return every angle of :data:`ANGLES` per frame, in degrees, indexed by ``time_s``.

    Image-plane angles from ``position``; NaN where a landmark is missing or an orientation
    cannot be told (e.g. forward-signed angles in a front view).
    """
    _check_methods(ANGLES)
    ctx = Context(facing=facing(series), lateral_left=lateral_left(series))
    with np.errstate(invalid="ignore", divide="ignore"):
        columns = {d.column: METHODS[d.method](series, d, ctx) for d in ANGLES if d.method not in DERIVED_METHODS}
    frame = pd.DataFrame(columns, index=pd.Index(series["time"].values, name="time_s"))
    return frame


WORLD_ANGLES: tuple[tuple[str, tuple[str, str, str], bool], ...] = (
    # (column, points, supplement: True → 180 − interior)
    ("shoulder_elevation_3d_left", ("left_hip", "left_shoulder", "left_elbow"), False),
    ("shoulder_elevation_3d_right", ("right_hip", "right_shoulder", "right_elbow"), False),
    ("elbow_flexion_3d_left", ("left_shoulder", "left_elbow", "left_wrist"), True),
    ("elbow_flexion_3d_right", ("right_shoulder", "right_elbow", "right_wrist"), True),
    ("hip_flexion_3d_left", ("left_shoulder", "left_hip", "left_knee"), True),
    ("hip_flexion_3d_right", ("right_shoulder", "right_hip", "right_knee"), True),
    ("knee_flexion_3d_left", ("left_hip", "left_knee", "left_ankle"), True),
    ("knee_flexion_3d_right", ("right_hip", "right_knee", "right_ankle"), True),
)


def compute_world_angles(series: LandmarkSeries) -> pd.DataFrame:
    """Return unsigned 3-D joint angles (degrees) from world landmarks, indexed by ``time_s``.

    MediaPipe's depth is noisy: use these only where a test needs 3-D, with lower confidence.
    """
    columns = {}
    for column, names, supplement in WORLD_ANGLES:
        a, vertex, b = (point(series, name, "world_position") for name in names)
        interior = geo.interior_angle(a, vertex, b)
        columns[column] = 180.0 - interior if supplement else interior
    return pd.DataFrame(columns, index=pd.Index(series["time"].values, name="time_s"))


REST_ARM_DOWN_DEG = 20.0  # straight-arm line (shoulder→wrist) below this = arm down (resting trunk posture)
REST_STANDING_KNEE_DEG = 20.0  # knee flexion below this = standing (resting trunk posture)


# Shoulder flexion along the shoulder→wrist line reads high by these per degree of camera turn toward the
# subject's front and per degree of apparent elbow bend (S–E–W); fitted on the 58 side-view reaches of the
# rendered bench (issue 13, docs/accuracy.md "1e"): peak errors within 5° 46 → 55 of 58.
TURN_READS_HIGH = 0.5
BEND_READS_HIGH = 0.2
# MediaPipe's full pose model is not mirror-symmetric: the same reach, mirrored left to right, reads about 2.2°
# higher when the subject faces image-right than when they face image-left (paired mirror experiment on the 69
# side-view reaches of the fit sets, issue 13, docs/accuracy.md "1f"). The arm measured from the side is the near
# one, and the left arm is near when the subject faces image-left, so the left arm reads low and the right arm high
# by about this much (least squares over the 69 sides, with the two terms above). Fitted for the bundled model.
FACING_READS_HIGH = {"left": -0.9, "right": 0.9}
MAX_BEND_CORRECTED_DEG = 20.0  # an apparent bend beyond this is not corrected further (such reps are left out)


def clip_turn_deg(angles: pd.DataFrame, side: str) -> float:
    """Return the median camera turn (deg, + toward the front) over the frames where ``side`` is near, else 0."""
    column = f"side_view_turn_{side}"
    values = angles[column].dropna() if column in angles else pd.Series(dtype=float)
    return float(values.median()) if len(values) >= 3 else 0.0


def rest_trunk_inclination(angles: pd.DataFrame, resting: pd.Series) -> float:
    """Return the median trunk inclination (deg) over the resting frames, 0 when there are fewer than 3."""
    trunk = angles["trunk_inclination"][resting].dropna()
    return float(trunk.median()) if len(trunk) >= 3 else 0.0


def corrected_column(angles: pd.DataFrame, name: str, side: str) -> str:
    """Return ``{name}_corrected_{side}`` when ``angles`` has it, else ``{name}_{side}``.

    The corrected columns come from :func:`add_rest_referenced`.
    """
    corrected = f"{name}_corrected_{side}"
    return corrected if corrected in angles else f"{name}_{side}"


def add_rest_referenced(angles: pd.DataFrame) -> pd.DataFrame:
    """Return ``angles`` with trunk-corrected shoulder and hip flexion columns (degrees).

    MediaPipe's shoulder point sits above and its hip point in front of the joint centres, which
    tilts the shoulder→hip trunk line by a few degrees in every frame (``docs/accuracy.md``: side-view
    shoulder flexion read 5° low, squat hip flexion 7.5° low). These columns take the trunk relative
    to its own resting angle instead, which removes that constant tilt and keeps any trunk movement:

    - ``shoulder_flexion_corrected_{s}`` = ``arm_line_elevation_{s}`` + ``trunk_inclination`` − rest, rest =
      median trunk inclination while that arm is down (shoulder→wrist line < 20°: a forearm held bent 20° or
      more at rest would never count as down). The arm is taken along the shoulder→wrist line. In 2-D a soft
      elbow and MediaPipe's misplaced shoulder point (above and behind the joint at the top of the reach,
      0.1–0.17 torso lengths on dark clothing) look alike, and each line trades one error for the other: the
      forearm (elbow→wrist) ignores the shoulder point but reads high by the whole bend, the humerus
      (shoulder→elbow) ignores the bend but takes the shoulder point's whole error; the shoulder→wrist line
      takes about half of each (a bend b tilts it by atan(F sin b / (U + F cos b)), 4.4° for 10° with the
      forearm F = 0.8 × the upper arm U). On rendered side-view reaches with the elbow held 0–10° bent
      (``bench/soft_elbow.py``, issue 13) it had the lowest peak error of the lines tried. Two terms fitted on
      the 58 side-view reaches of the bench are then taken off (``docs/accuracy.md``, "1e"):
      ``TURN_READS_HIGH`` × the camera's turn from the side view (``side_view_turn_{s}``, + toward the
      subject's front, median over the clip; the column comes from the *raw* landmarks, see
      :func:`~screening.kinematics.camera_turn.side_view_turn_columns`; without it the turn is 0), because a
      camera turned toward the front read the arm high and one turned toward the back low (about half a
      degree per degree: MediaPipe's shoulder point slides back as more of the back is seen); and
      ``BEND_READS_HIGH`` × the frame's apparent elbow bend (S–E–W, 0–20°). An elbow held bent still reads
      about a quarter of the bend high. Last, ``FACING_READS_HIGH[s]`` is taken off: the model reads a near
      left arm (subject facing image-left) 0.9° low and a near right arm 0.9° high, which would otherwise
      show as a 1.8° left − right asymmetry;
    - ``hip_flexion_corrected_{s}`` = ``hip_flexion_rigid_thigh_{s}`` − rest, rest = median trunk
      inclination while standing (knee flexion < 20°). The rigid-thigh hip flexion keeps the hip point
      at the standing thigh length from the knee (see ``_rigid_thigh_hip_flexion``).

    Both assume the person stands upright at rest; with no resting frames, rest = 0 (upright).
    """
    out = angles.copy()
    for side in ("left", "right"):
        arm_rest = rest_trunk_inclination(angles, angles[f"arm_line_elevation_{side}"] < REST_ARM_DOWN_DEG)
        out[f"shoulder_flexion_corrected_{side}"] = (
            angles[f"arm_line_elevation_{side}"] + angles["trunk_inclination"] - arm_rest
            - TURN_READS_HIGH * clip_turn_deg(angles, side)
            - BEND_READS_HIGH * angles[f"elbow_flexion_{side}"].clip(0.0, MAX_BEND_CORRECTED_DEG)
            - FACING_READS_HIGH[side]
        )
        standing_rest = rest_trunk_inclination(angles, angles[f"knee_flexion_{side}"] < REST_STANDING_KNEE_DEG)
        out[f"hip_flexion_corrected_{side}"] = angles[f"hip_flexion_rigid_thigh_{side}"] - standing_rest
    return out
