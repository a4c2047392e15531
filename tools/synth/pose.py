"""Clinical joint angles -> world rotations of anny's bones.

Frames and signs
----------------
All rotations are expressed in the *anatomical frame* of the body, which is anny's
world frame at rest:

* ``+x`` = the subject's left, ``+y`` = posterior (anny faces ``-y``), ``+z`` = up.

Every segment has a *neutral* orientation: standing upright, arms hanging at the
side with the elbows straight, legs vertical, feet flat. In the neutral pose every
segment frame is aligned with the anatomical frame, so a joint rotation is a plain
rotation about ``x`` (flexion/extension, sagittal plane), ``y`` (ab/adduction,
frontal plane) or ``z`` (long-axis rotation), applied in the parent segment's frame.

A segment's world orientation is ``A_seg = A_parent @ R_joint`` with
``R_joint = R_x(flexion) @ R_y(abduction) @ R_z(rotation)``; the rotation that
anny's bones of that segment receive relative to their rest (A-pose) orientation
is ``G_seg = A_seg @ N_seg``, where ``N_seg`` takes the segment from anny's rest
pose to the neutral pose (see :func:`neutral_rotation`).

The sign of each degree of freedom (``DOFS``) is chosen so that a positive angle is
the clinical direction in the name (flexion, abduction, internal rotation, ...) on
both sides.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

FORWARD = np.array([0.0, -1.0, 0.0])  # anny faces -y

SIDES = ("left", "right")
_SUFFIX = {"left": ".L", "right": ".R"}


@dataclass(frozen=True)
class Segment:
    """A rigid body segment driven by one anny bone and its descendants.

    Attributes
    ----------
    name : str
        Segment name, e.g. ``"upperarm_left"``.
    bone : str
        Anny bone that starts the segment (its head is the proximal joint).
    parent : str or None
        Parent segment name.
    distal_bone : str or None
        Bone whose head is the distal joint; the segment axis points to it.
    neutral_dir : tuple of float or None
        Unit direction of the segment axis in the neutral pose (anatomical frame).
        ``None`` keeps anny's rest orientation as neutral.
    """

    name: str
    bone: str
    parent: str | None
    distal_bone: str | None = None
    neutral_dir: tuple[float, float, float] | None = None


def _arm_dir(side: str, carrying_abduction_deg: float) -> tuple[float, float, float]:
    a = np.deg2rad(carrying_abduction_deg)
    sx = 1.0 if side == "left" else -1.0
    return (float(sx * np.sin(a)), 0.0, float(-np.cos(a)))


def build_segments(carrying_abduction_deg: float = 8.0) -> dict[str, Segment]:
    """Return the segment table.

    Parameters
    ----------
    carrying_abduction_deg : float
        Abduction (deg) of the upper arm and forearm in the neutral pose, so that
        a hanging arm clears the hip. Shoulder flexion rotates about the
        medio-lateral axis, so the sagittal projection of the humerus is exactly
        the flexion angle whatever this value.

    Returns
    -------
    dict of str to Segment
        Segments in parent-before-child order.
    """
    segs = [
        Segment("pelvis", "root", None),
        Segment("trunk", "spine05", "pelvis", "neck01", None),
        Segment("neck", "neck01", "trunk", "head", None),
        Segment("head", "head", "neck", None, None),
    ]
    for side in SIDES:
        s = _SUFFIX[side]
        arm = _arm_dir(side, carrying_abduction_deg)
        segs += [
            Segment(f"clavicle_{side}", f"clavicle{s}", "trunk", f"upperarm01{s}"),
            # The arm's orientation is relative to the trunk (clinical convention),
            # its position follows the clavicle through anny's bone hierarchy.
            Segment(
                f"upperarm_{side}",
                f"upperarm01{s}",
                "trunk",
                f"lowerarm01{s}",
                arm,
            ),
            Segment(
                f"forearm_{side}",
                f"lowerarm01{s}",
                f"upperarm_{side}",
                f"wrist{s}",
                arm,
            ),
            Segment(
                f"thigh_{side}",
                f"upperleg01{s}",
                "pelvis",
                f"lowerleg01{s}",
                (0.0, 0.0, -1.0),
            ),
            Segment(
                f"shank_{side}",
                f"lowerleg01{s}",
                f"thigh_{side}",
                f"foot{s}",
                (0.0, 0.0, -1.0),
            ),
            Segment(f"foot_{side}", f"foot{s}", f"shank_{side}", None, None),
        ]
    return {seg.name: seg for seg in segs}


@dataclass(frozen=True)
class Dof:
    """One clinical degree of freedom.

    Attributes
    ----------
    segment : str
        Segment that the rotation moves (relative to its parent).
    axis : str
        ``"x"``, ``"y"`` or ``"z"`` of the parent segment's frame.
    sign : float
        Rotation (right-hand rule, rad) = ``sign * angle``.
    meaning : str
        What a positive angle does, and what 0 means.
    """

    segment: str
    axis: str
    sign: float
    meaning: str


def _dof_table() -> dict[str, Dof]:
    t: dict[str, Dof] = {
        "pelvis_forward_tilt": Dof(
            "pelvis",
            "x",
            1.0,
            "whole body above the feet pitched forward about the hip axis; 0 = upright",
        ),
        "pelvis_right_drop": Dof(
            "pelvis",
            "y",
            -1.0,
            "pelvic obliquity, + = right hip lower than left; 0 = level",
        ),
        "trunk_extension": Dof(
            "trunk",
            "x",
            -1.0,
            "trunk leans back relative to the pelvis (about the hip-centre axis); 0 = in line with the pelvis",
        ),
        "trunk_right_lateral_flexion": Dof(
            "trunk",
            "y",
            -1.0,
            "trunk bends toward the right; 0 = upright",
        ),
        "neck_flexion": Dof(
            "neck",
            "x",
            1.0,
            "neck (C7 -> skull base) tilts forward; 0 = in line with trunk",
        ),
        "head_flexion": Dof(
            "head",
            "x",
            1.0,
            "head nods forward relative to the neck; 0 = in line",
        ),
    }
    for side in SIDES:
        lat = 1.0 if side == "left" else -1.0  # +x is lateral for the left side
        t |= {
            f"clavicle_depression_{side}": Dof(
                f"clavicle_{side}",
                "y",
                lat,
                "shoulder girdle lowered (acromion down); 0 = rest",
            ),
            f"shoulder_flexion_{side}": Dof(
                f"upperarm_{side}",
                "x",
                -1.0,
                "humerus raised forward in the sagittal plane; 0 = hanging at the side, 180 = straight overhead",
            ),
            f"shoulder_abduction_{side}": Dof(
                f"upperarm_{side}",
                "y",
                -lat,
                "humerus raised sideways (beyond the carrying abduction); 0 = at side",
            ),
            f"shoulder_internal_rotation_{side}": Dof(
                f"upperarm_{side}",
                "z",
                -lat,
                "humerus turned about its long axis so its front faces the midline (a bent elbow brings the "
                "hand across the body, as with the arms crossed); 0 = elbow crease forward",
            ),
            f"elbow_flexion_{side}": Dof(
                f"forearm_{side}",
                "x",
                -1.0,
                "forearm bent forward; 0 = elbow straight",
            ),
            f"hip_flexion_{side}": Dof(
                f"thigh_{side}",
                "x",
                -1.0,
                "thigh forward; 0 = in line with the pelvis",
            ),
            f"hip_adduction_{side}": Dof(
                f"thigh_{side}",
                "y",
                lat,
                "knee toward the midline; 0 = thigh vertical",
            ),
            f"hip_internal_rotation_{side}": Dof(
                f"thigh_{side}",
                "z",
                -lat,
                "thigh turned about its long axis so its front faces the midline "
                "(seated: the foot swings OUT); 0 = kneecap forward",
            ),
            f"knee_flexion_{side}": Dof(
                f"shank_{side}",
                "x",
                1.0,
                "shank bent backward; 0 = knee straight",
            ),
            f"knee_valgus_{side}": Dof(
                f"shank_{side}",
                "y",
                -lat,
                "ankle lateral to the knee (knee caves in); 0 = none",
            ),
            f"ankle_dorsiflexion_{side}": Dof(
                f"foot_{side}",
                "x",
                -1.0,
                "toes up; 0 = foot square to the shank",
            ),
        }
    return t


DOFS: dict[str, Dof] = _dof_table()


def axis_rotation(axis: str, angle_rad: float) -> np.ndarray:
    """Rotation matrix about a coordinate axis.

    Parameters
    ----------
    axis : str
        ``"x"``, ``"y"`` or ``"z"``.
    angle_rad : float
        Angle (rad), right-hand rule.

    Returns
    -------
    np.ndarray
        (3, 3) rotation matrix.
    """
    c, s = np.cos(angle_rad), np.sin(angle_rad)
    if axis == "x":
        return np.array([[1, 0, 0], [0, c, -s], [0, s, c]])
    if axis == "y":
        return np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])
    if axis == "z":
        return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])
    raise ValueError(f"Expected axis 'x', 'y' or 'z', got {axis!r}.")


def _frame(direction: np.ndarray) -> np.ndarray:
    """Orthonormal frame (columns: axis, forward-ish, third) for a segment axis."""
    u = direction / np.linalg.norm(direction)
    f = FORWARD - FORWARD.dot(u) * u
    f /= np.linalg.norm(f)
    return np.stack([u, f, np.cross(u, f)], axis=1)


def neutral_rotation(rest_dir: np.ndarray, neutral_dir: np.ndarray) -> np.ndarray:
    """Rotation taking a segment from anny's rest pose to the neutral pose.

    The segment axis goes from ``rest_dir`` to ``neutral_dir``, and the component
    of "forward" (``-y``) perpendicular to the axis stays forward, so the twist
    about the segment axis is that of the rest pose (no added rotation).

    Parameters
    ----------
    rest_dir : np.ndarray
        (3,) segment axis at rest (any length).
    neutral_dir : np.ndarray
        (3,) segment axis in the neutral pose.

    Returns
    -------
    np.ndarray
        (3, 3) rotation ``N`` with ``N @ rest_dir ∥ neutral_dir``.
    """
    return _frame(np.asarray(neutral_dir, float)) @ _frame(np.asarray(rest_dir, float)).T


def joint_rotations(angles_deg: Mapping[str, float]) -> dict[str, np.ndarray]:
    """Per-segment joint rotations from clinical angles.

    Parameters
    ----------
    angles_deg : Mapping of str to float
        Angles (deg) keyed by ``DOFS`` names; missing ones are 0.

    Returns
    -------
    dict of str to np.ndarray
        (3, 3) rotation of each moved segment relative to its parent,
        ``R_x @ R_y @ R_z`` of its DOFs.
    """
    unknown = set(angles_deg) - set(DOFS)
    if unknown:
        raise ValueError(f"Expected angle names from DOFS, got unknown {sorted(unknown)}.")
    per_seg: dict[str, dict[str, float]] = {}
    for name, value in angles_deg.items():
        dof = DOFS[name]
        axes = per_seg.setdefault(dof.segment, {})
        axes[dof.axis] = axes.get(dof.axis, 0.0) + dof.sign * np.deg2rad(value)
    out = {}
    for seg, axes in per_seg.items():
        r = np.eye(3)
        for ax in ("x", "y", "z"):
            if ax in axes:
                r = r @ axis_rotation(ax, axes[ax])
        out[seg] = r
    return out


def segment_orientations(
    segments: Mapping[str, Segment],
    angles_deg: Mapping[str, float],
    world_override: Mapping[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """Anatomical world orientation ``A`` of every segment.

    Parameters
    ----------
    segments : Mapping of str to Segment
        Segment table, parents first.
    angles_deg : Mapping of str to float
        Clinical angles (deg), see ``DOFS``.
    world_override : Mapping of str to np.ndarray, optional
        Segments whose world orientation is imposed (e.g. a foot kept flat on the
        floor), ignoring the chain.

    Returns
    -------
    dict of str to np.ndarray
        (3, 3) orientation per segment; identity in the neutral pose.
    """
    rots = joint_rotations(angles_deg)
    override = world_override or {}
    out: dict[str, np.ndarray] = {}
    for name, seg in segments.items():
        parent = out[seg.parent] if seg.parent else np.eye(3)
        out[name] = override.get(name, parent @ rots.get(name, np.eye(3)))
    return out
