"""The metric table: what each finding measures, in which unit, how it is graded and worded.

One :class:`Metric` row per finding ``metric``; its norm is the row of the same name in
:data:`screening.protocols.norms.NORMS` (checked at import: every metric has a norm in its own
unit, and every norm a metric). Sign conventions follow ``docs/angles.md``; "left" is the
subject's left.

``kind``
    ``"range"``: a range of motion, less than the norm is worse (peak in degrees).
    ``"deviation"``: a compensation or tilt, a larger magnitude is worse. With
    ``graded_sign="positive"`` only values of the sign the wording describes are graded (a heel
    that goes *down* is not a heel rise); ``"both"`` grades the magnitude.
    ``"asymmetry"``: left − right of the metric named by ``compares``.
``plausible``
    The physiological range of a value a single camera can report for this screen; outside it the
    landmarks were misplaced or the movement was something else, and the finding is ``invalid``.
``max_confidence``
    The highest confidence a value can earn: lower than ``"high"`` when the metric has a known bias
    larger than its tolerance (``docs/accuracy.md``), with ``confidence_note`` saying why.
``high_bound``
    The error bound (in ``unit``) that ``"high"`` confidence stands for: 95 % of good-view held-out
    clips were within it on the accuracy bench (None where the bench has no truth for the metric).
``protocol``, ``columns``, ``landmarks``
    The screen that reports the metric, the angle columns its value is read from
    (:data:`screening.kinematics.angles.ANGLE_BY_COLUMN`, or a 3-D column) and the landmarks it needs;
    ``{side}`` stands for ``left`` and ``right``. Checked at import: a misspelt column or landmark is
    an error there, not a KeyError in the middle of an analysis.
``flagged``, ``follow_up``
    The wording of a mild or marked value and what a practitioner might check next; a protocol may
    pass its own, otherwise the finding takes these.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from screening.kinematics.angles import ANGLE_BY_COLUMN, WORLD_ANGLES
from screening.model.keypoints import LANDMARK_NAMES, SIDES
from screening.protocols.norms import NORMS

KINDS = ("range", "deviation", "asymmetry")
CONFIDENCE_RANK = {"low": 0, "medium": 1, "high": 2}


@dataclass(frozen=True, kw_only=True)
class Metric:
    """One row of the metric table (see the module docstring for the fields' meaning)."""

    key: str
    label: str
    unit: str
    kind: str
    plausible: tuple[float, float]
    graded_sign: str = "both"
    positive_means: str = ""
    compares: str = ""
    more_of: str = ""  # asymmetry of a deviation: "the right knee shows 8° more {more_of}"
    max_confidence: str = "high"
    confidence_note: str = ""
    high_bound: float | None = None
    protocol: str = ""
    columns: tuple[str, ...] = ()
    landmarks: tuple[str, ...] = ()
    flagged: str = ""
    follow_up: str = ""


MIDPOINTS = frozenset(f"mid_{part}" for part in ("shoulder", "hip", "ear", "knee", "ankle", "heel", "foot_index"))
KNOWN_COLUMNS = frozenset(ANGLE_BY_COLUMN) | {column for column, _, _ in WORLD_ANGLES}


def expand_sides(names: tuple[str, ...]) -> set[str]:
    """Return ``names`` with every ``{side}`` replaced by ``left`` and by ``right``."""
    return {name.format(side=side) for name in names for side in SIDES}


def check_row(metric: Metric) -> None:
    """Raise ``ValueError`` when a row names an unknown kind, confidence, norm, column or landmark."""
    if metric.kind not in KINDS:
        raise ValueError(f"Expected a metric kind in {KINDS}, but '{metric.key}' has '{metric.kind}'.")
    if metric.max_confidence not in CONFIDENCE_RANK:
        raise ValueError(f"Expected max_confidence in {tuple(CONFIDENCE_RANK)}, but got '{metric.max_confidence}'.")
    norm = NORMS.get(metric.key)
    if norm is None:
        raise ValueError(f"Expected a norm row for metric '{metric.key}', but there is none.")
    if norm.unit != metric.unit:
        raise ValueError(f"Expected metric '{metric.key}' in '{norm.unit}' as its norm, but got '{metric.unit}'.")
    columns = expand_sides(metric.columns) - KNOWN_COLUMNS
    if columns:
        raise ValueError(f"Expected metric '{metric.key}' to read angle columns of the angle table, but got "
                         f"{sorted(columns)}.")
    landmarks = expand_sides(metric.landmarks) - set(LANDMARK_NAMES) - MIDPOINTS
    if landmarks:
        raise ValueError(f"Expected metric '{metric.key}' to need landmarks of the pose model, but got "
                         f"{sorted(landmarks)}.")


def _table(*metrics: Metric) -> dict[str, Metric]:
    """Return the metrics keyed by name, checked against the norms."""
    table: dict[str, Metric] = {}
    for metric in metrics:
        if metric.key in table:
            raise ValueError(f"Expected one metric row per name, but '{metric.key}' has two.")
        check_row(metric)
        if metric.kind == "asymmetry" and metric.compares not in table:
            raise ValueError(f"Expected asymmetry '{metric.key}' to compare a metric listed before it.")
        table[metric.key] = metric
    unused = set(NORMS) - set(table)
    if unused:
        raise ValueError(f"Expected every norm row to belong to a metric, but {sorted(unused)} have none.")
    return table


def _screen(protocol: str, *rows: Metric) -> tuple[Metric, ...]:
    """Return ``rows`` as the metrics of ``protocol``."""
    return tuple(replace(row, protocol=protocol) for row in rows)


def _asymmetry(of: str, label: str, *, more_of: str = "", high_bound: float | None = 4.0,
               max_confidence: str = "high", confidence_note: str = "") -> Metric:
    """Return the left − right row comparing metric ``of`` (difference in degrees)."""
    return Metric(key=f"{of}_asymmetry", label=label, unit="deg", kind="asymmetry", plausible=(-90.0, 90.0),
                  compares=of, more_of=more_of, high_bound=high_bound, max_confidence=max_confidence,
                  confidence_note=confidence_note)


FORWARD_HEAD_BIAS = (
    "on side photos MediaPipe's shoulder point sits behind the joint: forward head reads 7-12° high on rendered "
    "bodies (docs/accuracy.md), twice its 5° tolerance"
)
NOT_BENCHED = ("checked on one rendered clip per view (test_videos/toe_touch_*), not yet on the accuracy bench's "
               "held-out bodies that high confidence stands for")
SHOULDER_ASYMMETRY_SCATTER = (
    "the left − right shoulder flexion difference was within 4° on only 11 of 16 held-out rendered pairs (worst 7.3°; "
    "docs/accuracy.md, holdout5 and holdout6): each arm is within about 4–5°, their difference not within the 4° "
    "high stands for"
)
FPPA_TURN = (
    "knee FPPA read 4-6° low with the camera 10° off on held-out rendered squats (docs/accuracy.md, holdout4), more "
    "than the 4° that high confidence stands for"
)
PELVIC_DROP_BIAS = (
    "the pelvic drop reads 3-5° low on rendered single-leg squats (bias −4°, docs/accuracy.md), about the size of "
    "the drop itself"
)

METRICS: dict[str, Metric] = _table(
    *_screen(
        "overhead_reach",
        Metric(key="shoulder_flexion", label="Shoulder flexion", unit="deg", kind="range", plausible=(20.0, 200.0),
               high_bound=7.0,
               columns=("shoulder_flexion_corrected_{side}", "shoulder_flexion_{side}"),
               landmarks=("{side}_shoulder", "{side}_elbow", "{side}_wrist", "{side}_hip")),
        Metric(key="shoulder_elevation_front", label="Arm elevation (front view, 3-D)", unit="deg", kind="range",
               plausible=(20.0, 200.0), max_confidence="medium",
               confidence_note="front view: arm elevation from MediaPipe's depth estimate, for comparing sides",
               columns=("shoulder_abduction_{side}", "shoulder_elevation_3d_{side}"),
               landmarks=("{side}_shoulder", "{side}_elbow", "{side}_hip")),
        Metric(key="trunk_extension_during_reach", label="Trunk extension during reach", unit="deg", kind="deviation",
               plausible=(-5.0, 45.0), graded_sign="positive", positive_means="backward lean", high_bound=3.0,
               columns=("trunk_inclination", "arm_elevation_{side}"), landmarks=("mid_shoulder", "mid_hip")),
        Metric(key="elbow_flexion_at_peak", label="Elbow bend at the top", unit="deg", kind="deviation",
               plausible=(-10.0, 150.0), graded_sign="positive", positive_means="bent",
               columns=("elbow_flexion_{side}",), landmarks=("{side}_shoulder", "{side}_elbow", "{side}_wrist")),
        _asymmetry("shoulder_flexion", "Shoulder flexion asymmetry", max_confidence="medium",
                   confidence_note=SHOULDER_ASYMMETRY_SCATTER),
        _asymmetry("shoulder_elevation_front", "Arm elevation asymmetry (front view)", high_bound=None),
    ),
    *_screen(
        "hip_rotation",
        Metric(key="hip_internal_rotation", label="Hip internal rotation", unit="deg", kind="range",
               plausible=(0.0, 70.0), high_bound=5.0,
               columns=("shank_to_vertical_{side}",), landmarks=("{side}_knee", "{side}_ankle")),
        Metric(key="hip_external_rotation", label="Hip external rotation", unit="deg", kind="range",
               plausible=(0.0, 70.0), high_bound=6.5,
               columns=("shank_to_vertical_{side}",), landmarks=("{side}_knee", "{side}_ankle")),
        _asymmetry("hip_internal_rotation", "Hip internal rotation asymmetry"),
        _asymmetry("hip_external_rotation", "Hip external rotation asymmetry"),
        Metric(key="pelvis_lift_during_rotation", label="Pelvis lift during rotation", unit="deg", kind="deviation",
               plausible=(0.0, 30.0), graded_sign="positive", positive_means="tilt",
               columns=("pelvic_obliquity",), landmarks=("left_hip", "right_hip")),
        Metric(key="trunk_lean_during_rotation", label="Trunk lean during rotation", unit="deg", kind="deviation",
               plausible=(0.0, 40.0), graded_sign="positive", positive_means="lean",
               columns=("trunk_lateral_lean",), landmarks=("mid_shoulder", "mid_hip")),
    ),
    *_screen(
        "squat",
        Metric(key="squat_depth_knee_flexion", label="Squat depth (knee flexion)", unit="deg", kind="range",
               plausible=(20.0, 165.0), high_bound=5.0,
               columns=("knee_flexion_rigid_shank_{side}", "hip_flexion_corrected_{side}"),
               landmarks=("{side}_hip", "{side}_knee", "{side}_ankle")),
        Metric(key="trunk_lean_vs_shank", label="Trunk lean beyond shank", unit="deg", kind="deviation",
               plausible=(-45.0, 60.0), graded_sign="positive", positive_means="trunk ahead of the shin",
               columns=("trunk_inclination", "shank_forward_tilt_{side}"),
               landmarks=("mid_shoulder", "mid_hip", "{side}_knee", "{side}_ankle")),
        Metric(key="heel_rise", label="Heel rise at the bottom", unit="deg", kind="deviation", plausible=(-10.0, 60.0),
               graded_sign="positive", positive_means="heel up",
               landmarks=("{side}_heel", "{side}_foot_index")),
        Metric(key="arms_fall_forward", label="Arms falling forward", unit="deg", kind="deviation",
               plausible=(-20.0, 120.0), graded_sign="positive", positive_means="arms forward",
               columns=("arm_elevation_{side}",), landmarks=("{side}_shoulder", "{side}_elbow")),
        Metric(key="knee_valgus_fppa", label="Knee valgus (FPPA)", unit="deg", kind="deviation",
               plausible=(-40.0, 45.0), graded_sign="positive", positive_means="valgus (knee inward)", high_bound=4.0,
               max_confidence="medium", confidence_note=FPPA_TURN,
               columns=("knee_fppa_{side}",), landmarks=("{side}_hip", "{side}_knee", "{side}_ankle")),
        _asymmetry("knee_valgus_fppa", "Knee valgus asymmetry", more_of="valgus"),
        Metric(key="pelvic_lateral_shift", label="Sideways pelvic shift", unit="%", kind="deviation",
               plausible=(-60.0, 60.0), positive_means="toward the left",
               landmarks=("left_hip", "right_hip", "left_ankle", "right_ankle")),
    ),
    *_screen(
        "single_leg_squat",
        Metric(key="contralateral_pelvic_drop", label="Pelvic drop, free-leg side", unit="deg", kind="deviation",
               plausible=(-20.0, 25.0), graded_sign="positive", positive_means="drop",
               max_confidence="medium", confidence_note=PELVIC_DROP_BIAS,
               columns=("pelvic_obliquity",), landmarks=("left_hip", "right_hip")),
        Metric(key="trunk_lean_to_stance", label="Trunk lean toward the stance leg", unit="deg", kind="deviation",
               plausible=(-30.0, 30.0), graded_sign="positive", positive_means="toward the stance leg",
               columns=("trunk_lateral_lean",), landmarks=("mid_shoulder", "mid_hip")),
    ),
    *_screen(
        "posture",
        Metric(key="forward_head", label="Forward head", unit="deg", kind="deviation", plausible=(-30.0, 60.0),
               positive_means="ear ahead of the shoulder", max_confidence="low", confidence_note=FORWARD_HEAD_BIAS,
               columns=("head_forward",), landmarks=("mid_shoulder", "mid_ear")),
        Metric(key="shoulder_tilt", label="Shoulder height difference", unit="deg", kind="deviation",
               plausible=(-15.0, 15.0), positive_means="left higher",
               columns=("shoulder_tilt",), landmarks=("left_shoulder", "right_shoulder")),
        Metric(key="pelvic_obliquity", label="Pelvic obliquity", unit="deg", kind="deviation", plausible=(-15.0, 15.0),
               positive_means="left higher",
               columns=("pelvic_obliquity",), landmarks=("left_hip", "right_hip")),
        Metric(key="trunk_lateral_lean", label="Trunk lateral lean", unit="deg", kind="deviation",
               plausible=(-20.0, 20.0), positive_means="toward the left",
               columns=("trunk_lateral_lean",), landmarks=("mid_shoulder", "mid_hip")),
        Metric(key="standing_knee_alignment", label="Standing knee alignment", unit="deg", kind="deviation",
               plausible=(-30.0, 30.0), graded_sign="positive", positive_means="valgus (knee inward)",
               columns=("knee_fppa_{side}",), landmarks=("{side}_hip", "{side}_knee", "{side}_ankle")),
        Metric(key="trunk_inclination_standing", label="Trunk inclination standing", unit="deg", kind="deviation",
               plausible=(-30.0, 30.0), positive_means="forward",
               columns=("trunk_inclination",), landmarks=("mid_shoulder", "mid_hip")),
    ),
    *_screen(
        "toe_touch",
        Metric(key="forward_bend_hip_flexion", label="Forward bend (trunk to thigh)", unit="deg", kind="range",
               plausible=(30.0, 180.0), max_confidence="medium", confidence_note=NOT_BENCHED,
               columns=("trunk_thigh_flexion_{side}",), landmarks=("{side}_shoulder", "{side}_hip", "{side}_knee"),
               flagged="The forward bend stops early: the trunk comes less far toward the thighs than usual.",
               follow_up="A limited forward bend with straight knees: a practitioner might check hamstring length "
               "(straight-leg raise) first, then lumbar flexion."),
        Metric(key="fingertip_to_floor", label="Fingertip to floor (% of height)", unit="%", kind="deviation",
               plausible=(-25.0, 70.0), graded_sign="positive", positive_means="fingertips above the floor",
               max_confidence="medium", confidence_note=NOT_BENCHED,
               landmarks=("{side}_index", "{side}_heel", "{side}_foot_index", "{side}_eye"),
               flagged="The fingertips stay well above the floor.",
               follow_up="Fingertips short of the floor with straight knees mostly reflect hamstring length: a "
               "practitioner might check the straight-leg raise first."),
        Metric(key="knee_flexion_during_bend", label="Knee bend during the forward bend", unit="deg",
               kind="deviation", plausible=(-20.0, 90.0), graded_sign="positive", positive_means="knees bent",
               max_confidence="medium", confidence_note=NOT_BENCHED,
               columns=("knee_flexion_{side}",), landmarks=("{side}_hip", "{side}_knee", "{side}_ankle"),
               flagged="The knees bend to reach further; the test asks for straight knees.",
               follow_up="Bending the knees often makes up for short hamstrings: repeat with straight knees."),
        Metric(key="forward_bend_lateral_shift", label="Sideways shift in the forward bend (% of shoulder width)",
               unit="%", kind="deviation", plausible=(-60.0, 60.0), positive_means="toward the left",
               max_confidence="medium", confidence_note=NOT_BENCHED,
               landmarks=("left_shoulder", "right_shoulder", "left_ankle", "right_ankle"),
               flagged="The trunk moves to one side as it bends forward.",
               follow_up="A sideways shift in forward bending may avoid a stiff or painful side: a practitioner might "
               "compare side bending and check for a lateral shift of the lumbar spine."),
    ),
)


def metric(key: str) -> Metric:
    """Return the metric row ``key``, saying which names exist when it is unknown."""
    try:
        return METRICS[key]
    except KeyError:
        raise KeyError(f"Expected a metric of the table ({', '.join(sorted(METRICS))}), but got '{key}'.") from None


def cap_confidence(confidence: str, cap: str) -> str:
    """Return the lower of ``confidence`` and ``cap``."""
    return min(confidence, cap, key=CONFIDENCE_RANK.__getitem__)
