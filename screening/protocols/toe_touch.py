"""Standing forward bend (toe touch): how far the trunk bends, the fingertips' reach, knees, sideways shift.

Reps are found from the shoulders coming down to the hips (``bend_signal``), which holds in side
and front views alike. Side view: the trunk-to-thigh angle at the bottom (``trunk_thigh_flexion_{side}``),
the fingertips' distance to the floor in % of standing height, and the knees' bend. Front view:
the sideways shift of the mid-shoulder over the feet at the bottom, in % of shoulder width.
Metric rows, wording and follow-ups are in ``metrics.py``; norms and sources in ``norms.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from screening.kinematics.nanstats import nanmedian
from screening.kinematics.orientation import near_side, point, torso_length
from screening.kinematics.reps import detect_reps, nearest_index
from screening.model.clip import Clip
from screening.model.findings import Finding
from screening.model.profile import AthleteProfile
from screening.model.results import MovementCheck, ProtocolResult, Rep
from screening.model.series import LandmarkSeries
from screening.protocols.base import (
    ProtocolSpec,
    confidence_for,
    mean_visibility,
    nearer_view,
    register_protocol,
    rep_details,
    rep_window,
)
from screening.protocols.common import deviation_finding, rom_finding
from screening.protocols.recognition import from_reps, keep_reps, left_out_reasons

NAME = "toe_touch"
MIN_BEND = 0.5  # shoulders come down by half a torso length toward the hips: the trunk ≥ 60° from vertical
MAX_HIP_DROP_TORSO = 0.35  # a squat drops the hips by more; a forward bend moves them back, barely down
MAX_KNEE_BEND_DEG = 45.0  # knee flexion gained at the bottom above this: a squat or a crouch, not a forward bend
EYE_HEIGHT_FRACTION = 0.936  # eye height / stature (Drillis & Contini 1966, in Winter, Biomechanics of Human Movement)
BEND_CHECKS = {"feet_planted": True, "in_place": True}
NO_BEND_REPS = "the shoulders did not come down toward the hips (trunk bent forward by 60° or more) and back up"


def bend_signal(series: LandmarkSeries) -> pd.Series:
    """Return how far the shoulders have come down toward the hips, in standing torso lengths, by time (s).

    0 standing upright, 1 with the trunk level, about 2 hanging down: ``1 + (shoulder y − hip y) / torso``,
    with y down the image and the torso length taken standing (95th percentile, not foreshortened).
    """
    torso = torso_length(series)
    reference = float(np.nanpercentile(torso, 95)) if np.isfinite(torso).any() else float("nan")
    rise = point(series, "mid_shoulder")[:, 1] - point(series, "mid_hip")[:, 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.Series(1.0 + rise / reference, index=series["time"].values)


def bend_reps(series: LandmarkSeries) -> list[Rep]:
    """Return candidate forward bends: the bend signal rising by ``MIN_BEND`` and falling again."""
    return detect_reps(bend_signal(series), min_prominence_deg=MIN_BEND, min_duration_s=0.5)


def bend_problems(clip: Clip, rep: Rep) -> list[str]:
    """Return why ``rep`` is not a forward bend: the hips dropped or the knees bent as in a squat."""
    series, angles = clip.series, clip.angles
    times = series["time"].values
    torso = float(np.nanpercentile(torso_length(series), 95))
    hip_y = point(series, "mid_hip")[:, 1]
    start, bottom = nearest_index(times, rep.start_s), nearest_index(times, rep.peak_s)
    problems = []
    drop = (hip_y[bottom] - hip_y[start]) / torso
    if drop > MAX_HIP_DROP_TORSO:
        problems.append(f"the hips dropped by {drop:.2f} torso lengths (a squat?)")
    bends = [float(angles[c].iloc[bottom] - angles[c].iloc[start])
             for side in ("left", "right") for c in (f"knee_flexion_{side}",) if c in angles]
    bends = [b for b in bends if np.isfinite(b)]
    if bends and min(bends) > MAX_KNEE_BEND_DEG:
        problems.append(f"both knees bent by {min(bends):.0f}° or more (a squat or a crouch?)")
    return problems


def forward_bends(clip: Clip) -> tuple[list[Rep], list[str]]:
    """Return the reps that look like a forward bend and one line per candidate left out."""
    kept, left_out = keep_reps(clip.series, bend_reps(clip.series), "forward bend", clip.angles, **BEND_CHECKS)
    bends = []
    for rep in kept:
        problems = bend_problems(clip, rep)
        if problems:
            left_out.append(f"the forward bend at {rep.peak_s:.1f} s was left out: {'; '.join(problems)}")
        else:
            bends.append(rep)
    return bends, left_out


def standing_frames(times: np.ndarray, reps: list[Rep]) -> np.ndarray:
    """Return the mask of samples before the first rep (the standing posture)."""
    return times <= reps[0].start_s


def floor_and_height_px(series: LandmarkSeries, standing: np.ndarray) -> tuple[float, float]:
    """Return the floor's image y (the lowest foot point, px) and the standing height (px) from the eyes.

    Stature = (floor − eye height) / ``EYE_HEIGHT_FRACTION``; NaN when the feet or eyes were not seen standing.
    """
    feet = np.stack([point(series, f"{s}_{part}")[:, 1] for s in ("left", "right") for part in ("heel", "foot_index")])
    floor_per_frame = np.nanmax(np.where(np.isfinite(feet), feet, -np.inf), axis=0)
    floor_per_frame[~np.isfinite(floor_per_frame)] = np.nan
    floor = float(nanmedian(floor_per_frame[standing])) if standing.any() else float("nan")
    eyes = point(series, "mid_eye")[:, 1]
    eye = float(nanmedian(eyes[standing])) if standing.any() else float("nan")
    return floor, (floor - eye) / EYE_HEIGHT_FRACTION


@register_protocol
class ToeTouch:
    """Standing forward bend with straight knees, from the side and/or the front."""

    spec = ProtocolSpec(
        name=NAME,
        title="Standing forward bend (toe touch)",
        view="side and/or front",
        hint="side view (front view for a sideways shift), whole body; 2–3 slow bends toward the toes, knees straight",
        setup=(
            "Camera at hip height, 3–4 m away, whole body in frame with the feet and the floor in view. Side view "
            "for how far the trunk bends and the fingertips' reach, front view for a sideways shift (film both if "
            "you can). Stand tall, feet together, arms hanging, for a second; then bend forward slowly, letting the "
            "arms hang toward the toes with the knees straight, and come back up; 2–3 times."
        ),
        diagram=("     o       __o\n    /|\\     |  \\   forward bend\n    / \\     |   |\n"
                 "  [cam] ---> 3-4 m, hip height"),
        key_angles=("trunk_inclination", "trunk_thigh_flexion_left", "trunk_thigh_flexion_right",
                    "knee_flexion_left", "knee_flexion_right"),
    )

    def expected_view(self, clip_series: LandmarkSeries) -> str:
        """Return the view the clip is nearer to (both are valid for a forward bend)."""
        return nearer_view(clip_series)

    def recognise(self, clip: Clip) -> MovementCheck:
        """Return whether the clip shows forward bends: shoulders down to the hips, hips up, knees nearly straight."""
        check = from_reps("forward bend", clip.series, bend_reps(clip.series), NO_BEND_REPS, clip.angles,
                          **BEND_CHECKS)
        if not check.ok:
            return check
        bends, left_out = forward_bends(clip)
        if bends:
            return MovementCheck("forward bend", True, f"forward bend found: {len(bends)} of {check.reps_found} "
                                 "repetitions kept", check.reps_found, len(bends), tuple(left_out))
        return MovementCheck("forward bend", False, f"no forward bend found: {check.reps_found} candidate "
                             f"repetition(s), none like it ({left_out_reasons(left_out)})", check.reps_found, 0,
                             tuple(left_out))

    def evaluate(self, clips: list[Clip], profile: AthleteProfile) -> ProtocolResult:
        """Return trunk-to-thigh angle, fingertip reach and knee bend (side) and the sideways shift (front)."""
        result = ProtocolResult(NAME, [], views=[c.view for c in clips], key_angles=self.spec.key_angles)
        for clip in clips:
            reps, left_out = forward_bends(clip)
            result.notes += [f"{clip.name}: {line}" for line in left_out]
            result.reps["trunk_inclination"] = result.reps.get("trunk_inclination", []) + reps
            if not reps:
                result.notes.append(f"{clip.name}: no forward bend found ({NO_BEND_REPS}).")
                continue
            if clip.view.expected == "side":
                result.findings += self._side(clip, reps)
            else:
                result.findings.append(self._front(clip, reps))
        return result

    def _side(self, clip: Clip, reps: list[Rep]) -> list[Finding]:
        side = clip.side_hint or near_side(clip.series) or "left"
        angles, series = clip.angles, clip.series
        times = angles.index.to_numpy()
        hip = [float(np.nanmax(rep_window(angles, r)[f"trunk_thigh_flexion_{side}"])) for r in reps]
        knee = [float(angles[f"knee_flexion_{side}"].iloc[nearest_index(times, r.peak_s)]
                      - angles[f"knee_flexion_{side}"].iloc[nearest_index(times, r.start_s)]) for r in reps]
        visibility = mean_visibility(series, (f"{side}_shoulder", f"{side}_hip", f"{side}_knee", f"{side}_ankle"))
        confidence = confidence_for(clip.view, len(reps), visibility)
        details = {"reps": rep_details(reps), "clip": clip.name, "measured_side": side,
                   "per_rep_deg": [round(h, 1) for h in hip]}
        return [
            rom_finding(NAME, "forward_bend_hip_flexion", side=side, value=float(nanmedian(hip)),
                        confidence=confidence, details=details),
            self._reach(clip, side, reps),
            deviation_finding(NAME, "knee_flexion_during_bend", side=side, value=float(nanmedian(knee)),
                              confidence=confidence, details={"per_rep_deg": [round(k, 1) for k in knee]}),
        ]

    def _reach(self, clip: Clip, side: str, reps: list[Rep]) -> Finding:
        """Return the fingertips' lowest point above the floor in each rep, in % of standing height (median)."""
        series = clip.series
        times = series["time"].values
        floor, height = floor_and_height_px(series, standing_frames(times, reps))
        hands = np.stack([point(series, f"{s}_index")[:, 1] for s in ("left", "right")])
        lowest = [float(np.nanmax(hands[:, (times >= r.start_s) & (times <= r.end_s)])) for r in reps]
        gaps = [100.0 * (floor - y) / height for y in lowest]
        names = (f"{side}_index", f"{side}_heel", f"{side}_foot_index", f"{side}_eye")
        confidence = confidence_for(clip.view, len(reps), mean_visibility(series, names))
        return deviation_finding(
            NAME, "fingertip_to_floor", side=side, value=float(nanmedian(gaps)), confidence=confidence,
            details={"per_rep_pct_height": [round(g, 1) for g in gaps], "standing_height_px": round(height, 1)},
        )

    def _front(self, clip: Clip, reps: list[Rep]) -> Finding:
        """Return the mid-shoulder's sideways shift over the mid-ankle at the bottom from standing, % of shoulder width.

        + = toward the subject's left (the image side of the left shoulder when standing).
        """
        series = clip.series
        times = series["time"].values
        shoulder_x, ankle_x = point(series, "mid_shoulder")[:, 0], point(series, "mid_ankle")[:, 0]
        standing = standing_frames(times, reps)
        width = point(series, "left_shoulder")[:, 0] - point(series, "right_shoulder")[:, 0]
        across = float(nanmedian(width[standing]))
        offset = shoulder_x - ankle_x
        upright = float(nanmedian(offset[standing]))
        shifts = [100.0 * float((offset[nearest_index(times, rep.peak_s)] - upright) * np.sign(across) / abs(across))
                  for rep in reps]
        value = float(nanmedian(shifts))
        names = ("left_shoulder", "right_shoulder", "left_ankle", "right_ankle")
        confidence = confidence_for(clip.view, len(reps), mean_visibility(series, names))
        toward = "left" if value > 0 else "right"
        return deviation_finding(
            NAME, "forward_bend_lateral_shift", side="", value=value, confidence=confidence,
            flagged=f"The trunk moves toward the {toward} as it bends forward.",
            details={"reps": rep_details(reps), "clip": clip.name, "per_rep_pct": [round(s, 1) for s in shifts],
                     "toward": toward},
        )
