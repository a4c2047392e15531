"""Angles measured on the posed rig, in 3D and projected through the camera.

Every measure takes a dict of named points (3D in m, or 2D in px with y down) and
returns degrees (or m / px for heights). Names follow MediaPipe/COCO:
``left_shoulder``, ``left_elbow``, ``left_wrist``, ``left_hip``, ``left_knee``,
``left_ankle``, ``left_ear`` (and right), plus ``c7`` for the rig.

Sign conventions that need a direction use the subject's own axes, passed as
``lateral`` (unit vector toward the subject's left) and ``up``: in 3D the world
up and the subject's left; in 2D the image up ``(0, -1)`` and the projected
left-minus-right hip direction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

Points = Mapping[str, np.ndarray]


def angle_between(u: np.ndarray, v: np.ndarray) -> float:
    """Unsigned angle (deg) between two vectors; NaN if one has zero length."""
    n = np.linalg.norm(u) * np.linalg.norm(v)
    if n < 1e-9:
        return float("nan")
    c = np.dot(u, v) / n
    return float(np.degrees(np.arccos(np.clip(c, -1.0, 1.0))))


def angle_at(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> float:
    """Unsigned angle (deg) at ``b`` between ``a - b`` and ``c - b``."""
    return angle_between(a - b, c - b)


def _mid(p: Points, name: str) -> np.ndarray:
    return (p[f"left_{name}"] + p[f"right_{name}"]) / 2


def _lateral_sign(side: str) -> float:
    return 1.0 if side == "left" else -1.0


def measures(p: Points, up: np.ndarray, lateral: np.ndarray, down: np.ndarray) -> dict[str, float | None]:
    """All measures for one frame.

    Parameters
    ----------
    p : Points
        Named points (3D, m; or 2D, px).
    up, down : np.ndarray
        Up and down unit vectors in the same space (in 2D: image up/down).
    lateral : np.ndarray
        Unit vector toward the subject's left in the same space.

    Returns
    -------
    dict of str to float or None
        Angles (deg) and height differences (m in 3D, px in 2D), None where the
        geometry is degenerate; see README for the definitions.
    """
    out: dict[str, float] = {}
    for side in ("left", "right"):
        sh, el, wr = (p[f"{side}_{j}"] for j in ("shoulder", "elbow", "wrist"))
        hip, kn, an = (p[f"{side}_{j}"] for j in ("hip", "knee", "ankle"))
        lat = _lateral_sign(side) * lateral
        out[f"shoulder_flexion_{side}"] = angle_at(hip, sh, el)
        out[f"arm_elevation_from_vertical_{side}"] = angle_between(el - sh, down)
        out[f"elbow_flexion_{side}"] = 180.0 - angle_at(sh, el, wr)
        out[f"hip_flexion_{side}"] = 180.0 - angle_at(sh, hip, kn)
        out[f"knee_flexion_{side}"] = 180.0 - angle_at(hip, kn, an)
        shank = an - kn
        out[f"shank_from_vertical_lateral_{side}"] = float(
            np.degrees(np.arctan2(np.dot(shank, lat), np.dot(shank, down)))
        )
        # Frontal plane projection angle: + when the knee is medial to hip->ankle.
        ha = an - hip
        hk = kn - hip
        cross_sign = np.dot(hk - np.dot(hk, ha) / np.dot(ha, ha) * ha, -lat)
        out[f"knee_fppa_{side}"] = float(np.sign(cross_sign)) * (180.0 - angle_at(hip, kn, an))
    trunk = _mid(p, "shoulder") - _mid(p, "hip")
    out["trunk_from_vertical"] = angle_between(trunk, up)
    hips = p["left_hip"] - p["right_hip"]
    out["pelvic_obliquity_right_down"] = float(np.degrees(np.arctan2(np.dot(hips, up), np.dot(hips, lateral))))
    shoulders = p["left_shoulder"] - p["right_shoulder"]
    out["shoulder_line_right_down"] = float(np.degrees(np.arctan2(np.dot(shoulders, up), np.dot(shoulders, lateral))))
    out["shoulder_height_left_minus_right"] = float(np.dot(shoulders, up))
    if "c7" in p and "left_ear" in p:
        neck = _mid(p, "ear") - p["c7"]
        out["c7_to_ear_from_vertical"] = angle_between(neck, up)
    if "left_ear" in p:
        # The product's head_forward: shoulder centre -> ear centre from vertical (unsigned).
        out["shoulder_to_ear_from_vertical"] = angle_between(_mid(p, "ear") - _mid(p, "shoulder"), up)
    # Degenerate geometry (e.g. a thigh pointing at the camera) gives NaN -> null.
    return {k: (round(v, 4 if "height" in k else 2) if np.isfinite(v) else None) for k, v in out.items()}


SAGITTAL = (
    "shoulder_flexion",
    "arm_elevation_from_vertical",
    "elbow_flexion",
    "hip_flexion",
    "knee_flexion",
    "trunk_from_vertical",
    "c7_to_ear_from_vertical",
    "shoulder_to_ear_from_vertical",
)
FRONTAL = (
    "shank_from_vertical_lateral",
    "knee_fppa",
    "pelvic_obliquity_right_down",
    "shoulder_line_right_down",
    "shoulder_height_left_minus_right",
)


def plane_measures(p: Points, lateral: np.ndarray) -> dict[str, float | None]:
    """Measures on the rig projected orthographically onto the anatomical planes.

    Sagittal measures (``SAGITTAL``) use the points projected onto the subject's
    sagittal plane, frontal ones (``FRONTAL``) onto the frontal plane.

    Parameters
    ----------
    p : Points
        3D points (m, world, z up).
    lateral : np.ndarray
        (3,) horizontal unit vector toward the subject's left.

    Returns
    -------
    dict of str to float
        Angles (deg) and heights (m).
    """
    up = np.array([0.0, 0.0, 1.0])
    fwd = np.cross(lateral, up)
    sag = {n: np.array([v @ fwd, v @ up]) for n, v in p.items()}
    fro = {n: np.array([v @ lateral, v @ up]) for n, v in p.items()}
    up2, down2, x2 = np.array([0.0, 1.0]), np.array([0.0, -1.0]), np.array([1.0, 0.0])
    ms, mf = measures(sag, up2, x2, down2), measures(fro, up2, x2, down2)
    return {k: (mf[k] if k.startswith(FRONTAL) else ms[k]) for k in ms}


def frame_truth(
    joints: Points,
    keypoints: Points,
    project: Callable[[np.ndarray], np.ndarray],
    lateral: np.ndarray,
) -> dict[str, object]:
    """Truth of one frame for one subject.

    Parameters
    ----------
    joints : Points
        Rig joint centres (m, world).
    keypoints : Points
        Anny's COCO surface keypoints (m, world).
    project : Callable
        World (N, 3) m -> image (N, 2) px.
    lateral : np.ndarray
        (3,) unit vector toward the subject's left (world, horizontal).

    Returns
    -------
    dict
        ``rig_plane`` (joint centres, anatomical planes), ``rig_2d`` (joint centres
        projected through the camera) and ``keypoints_2d`` (surface keypoints
        projected) measures, plus the 2D positions (px) of joints and keypoints.
    """
    rig = dict(joints)
    for ear in ("left_ear", "right_ear"):
        rig[ear] = keypoints[ear]
    names = list(rig)
    uv = project(np.stack([rig[n] for n in names]))
    rig2 = dict(zip(names, uv, strict=True))
    kp_names = list(keypoints)
    kuv = project(np.stack([keypoints[n] for n in kp_names]))
    kp2 = dict(zip(kp_names, kuv, strict=True))
    up2, down2 = np.array([0.0, -1.0]), np.array([0.0, 1.0])
    # Image direction of the subject's left: project a point 10 cm to the left of
    # the pelvis (robust in a side view, where the hips overlap).
    pelvis = np.asarray(joints["pelvis"], float)
    ends = project(np.stack([pelvis, pelvis + 0.1 * np.asarray(lateral, float)]))
    lat2 = ends[1] - ends[0]
    n2 = np.linalg.norm(lat2)
    lat2 = lat2 / n2 if n2 > 1e-6 else np.array([1.0, 0.0])
    return {
        "rig_plane": plane_measures(rig, np.asarray(lateral, float)),
        "rig_2d": measures(rig2, up2, lat2, down2),
        "keypoints_2d": measures(kp2, up2, lat2, down2),
        "joints_2d_px": {n: np.round(v, 1).tolist() for n, v in rig2.items()},
        "keypoints_2d_px": {n: np.round(v, 1).tolist() for n, v in kp2.items()},
    }
