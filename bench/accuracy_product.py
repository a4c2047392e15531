"""Accuracy bench, product: the product run as a user runs it, and the measures it used before (for before/after).

Part of ``bench/accuracy.py`` (run that).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bench.accuracy_truth import TruthClip

# ------------------------------------------------------------------------------------------ product


@dataclass
class Product:
    """What the product says about one clip."""

    angles: pd.DataFrame  # cleaned (the product's), indexed by frame number
    unfiltered: pd.DataFrame  # masked and gap-filled but not low-pass filtered
    view_ok: bool
    off_by_deg: float
    body_yaw_deg: float
    reason: str
    findings: list[Any] = field(default_factory=list)  # the whole analysis unit's findings
    fppa_3d: pd.DataFrame | None = None  # candidate: knee FPPA from world landmarks, by frame
    ungated: pd.DataFrame | None = None  # angles cleaned without the protocol's in-plane segment gate (previous)


def run_product(group: list[TruthClip], cache: Path, fresh: bool) -> list[Product]:
    """Analyse the clips of one unit together with their protocol; cache the raw landmarks."""
    from screening.config import load_settings
    from screening.io.npz import save_series
    from screening.kinematics.angles import compute_angles
    from screening.model.profile import AthleteProfile
    from screening.pipeline import analyze
    from screening.protocols.base import get_protocol
    from screening.signal.cleaning import clean, fill_gaps, mask_low_visibility, mask_short_segments

    settings = load_settings(annotate_video=False, early_check_s=0.0)  # every clip measured, wrong views too
    cache.mkdir(parents=True, exist_ok=True)
    paths = []
    for clip in group:
        npz = cache / f"{clip.name}.npz"
        paths.append(clip.path if fresh or not npz.exists() else npz)
    analysis = analyze(paths, settings, group[0].bench["protocol"], AthleteProfile())
    out = []
    for clip, ca in zip(group, analysis.clips, strict=True):
        npz = cache / f"{clip.name}.npz"
        if fresh or not npz.exists():
            save_series(ca.raw, npz)
        segments = get_protocol(group[0].bench["protocol"]).spec.in_plane_segments
        masked = mask_low_visibility(ca.raw, settings.min_visibility)
        masked = mask_short_segments(masked, segments) if segments else masked
        unfiltered = compute_angles(fill_gaps(masked, settings.max_gap_s))
        ungated = compute_angles(
            clean(ca.raw, settings.min_visibility, settings.max_gap_s, settings.cutoff_hz, settings.filter_order)
        )
        fps = clip.truth["video"].get("fps", 30)
        view = ca.clip.view
        out.append(
            Product(
                angles=_by_frame(with_previous_measures(ca.angles), fps),
                unfiltered=_by_frame(unfiltered, fps),
                view_ok=bool(view.ok),
                off_by_deg=float(view.off_by_deg),
                body_yaw_deg=float(view.body_yaw_deg),
                reason=view.reason,
                findings=list(analysis.result.findings) if analysis.result else [],
                fppa_3d=_by_frame(world_fppa(ca.series), fps),
                ungated=_by_frame(ungated, fps),
            )
        )
    return out


def with_previous_measures(angles: pd.DataFrame) -> pd.DataFrame:
    """Return ``angles`` with the measures the product used before, for before/after rows.

    ``shoulder_flexion_humerus_{s}``: the rest-referenced shoulder flexion taken along the humerus
    (shoulder→elbow, ``arm_elevation``) as the product did first; ``shoulder_flexion_forearm_{s}``: the
    same along the forearm (elbow→wrist, ``forearm_elevation``), as it did before issue 13 took the straight
    arm's shoulder→wrist line again (soft elbows); ``shoulder_flexion_arm_line_{s}``: along the shoulder→wrist
    line (``arm_line_elevation``), as it did before it took
    the forearm (``forearm_elevation``); ``hip_flexion_free_thigh_{s}``: the rest-referenced
    squat hip flexion from the hip point as MediaPipe places it, before ``hip_flexion_rigid_thigh``.
    """
    from screening.kinematics.angles import REST_ARM_DOWN_DEG, REST_STANDING_KNEE_DEG
    from screening.kinematics.angles import rest_trunk_inclination as rest

    out = angles.copy()
    trunk = angles["trunk_inclination"]
    for side in ("left", "right"):
        arm, line = angles[f"arm_elevation_{side}"], angles[f"arm_line_elevation_{side}"]
        out[f"shoulder_flexion_humerus_{side}"] = arm + trunk - rest(angles, arm < REST_ARM_DOWN_DEG)
        out[f"shoulder_flexion_arm_line_{side}"] = line + trunk - rest(angles, line < REST_ARM_DOWN_DEG)
        out[f"shoulder_flexion_forearm_{side}"] = (
            angles[f"forearm_elevation_{side}"] + trunk - rest(angles, line < REST_ARM_DOWN_DEG)
        )
        standing = angles[f"knee_flexion_{side}"] < REST_STANDING_KNEE_DEG
        out[f"hip_flexion_free_thigh_{side}"] = angles[f"hip_flexion_{side}"] - rest(angles, standing)
    return out


def world_fppa(series: Any) -> pd.DataFrame:
    """Return a candidate knee FPPA per side from MediaPipe's world landmarks (deg, + = valgus).

    Hip, knee and ankle are projected orthographically on the body's frontal plane: spanned by
    the horizontal part of the right→left hip line and the world vertical (MediaPipe world y is
    down). Unlike the image FPPA, it has no perspective: knees nearer the camera than the hips
    and ankles (a squat seen from the front) are not spread apart.
    """
    from screening.kinematics.orientation import point

    up = np.array([0.0, -1.0, 0.0])
    hips = point(series, "left_hip", "world_position") - point(series, "right_hip", "world_position")
    lateral = hips - (hips @ up)[:, None] * up
    lateral /= np.linalg.norm(lateral, axis=1, keepdims=True)
    out = {}
    for side, sign in (("left", 1.0), ("right", -1.0)):
        hip, knee, ankle = (
            np.stack([np.einsum("ij,ij->i", p, lateral), p @ up], axis=1)
            for p in (point(series, f"{side}_{j}", "world_position") for j in ("hip", "knee", "ankle"))
        )
        a, b = hip - knee, ankle - knee
        cos = np.einsum("ij,ij->i", a, b) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
        flexion = 180.0 - np.degrees(np.arccos(np.clip(cos, -1, 1)))
        ha, hk = ankle - hip, knee - hip
        t = np.einsum("ij,ij->i", hk, ha) / np.einsum("ij,ij->i", ha, ha)
        off = (hk - t[:, None] * ha)[:, 0]  # lateral coordinate of the knee's offset from hip→ankle
        out[f"knee_fppa_{side}"] = np.sign(-sign * off) * flexion
    return pd.DataFrame(out, index=pd.Index(series["time"].values, name="time_s"))


def _by_frame(angles: pd.DataFrame, fps: float) -> pd.DataFrame:
    """Re-index a per-time angle table by frame number (round(time × fps))."""
    frame = angles.copy()
    frame.index = np.round(angles.index.to_numpy() * fps).astype(int)
    return frame[~frame.index.duplicated()]


def finding(product: Product, metric: str, side: str = "", clip_name: str = "") -> float:
    """Return the value of the finding ``metric``/``side`` (of ``clip_name`` when given), NaN if absent."""
    for f in product.findings:
        if f.metric != metric or (side and f.side != side) or f.value is None:
            continue
        if clip_name and f.details.get("clip") not in (None, "") and not str(f.details["clip"]).startswith(clip_name):
            continue
        return float(f.value)
    return float("nan")


def finding_detail(product: Product, metric: str, side: str, key: str) -> Any:
    """Return ``details[key]`` of a finding, or None."""
    for f in product.findings:
        if f.metric == metric and f.side == side:
            return f.details.get(key)
    return None



def plausible_hip_peaks(angles: pd.DataFrame, side: str, max_abs_deg: float = 70.0) -> dict[str, float]:
    """Return seated IR and ER peaks as the product found them before the pre-filter segment gate (deg).

    The product's own rep detection (``hip_rotation``: prominence 10°) on ``shank_to_vertical``
    with the frames beyond ``max_abs_deg`` from vertical set to NaN after the filter, as
    ``hip_rotation`` still does; given angles cleaned without ``mask_short_segments`` it
    reproduces the previous product.
    """
    from screening.kinematics.reps import detect_reps

    shank = angles[f"shank_to_vertical_{side}"]
    shank = shank.where(shank.abs() <= max_abs_deg)
    out = {}
    for direction, polarity in (("internal", 1), ("external", -1)):
        reps = [r for r in detect_reps(shank, 10.0, polarity=polarity) if polarity * r.peak_deg > 0]
        out[direction] = max((polarity * r.peak_deg for r in reps), default=float("nan"))
    return out
