"""Squat (bodyweight or overhead): depth, knee valgus, trunk lean vs shank, heel rise, pelvic shift.

Reps are found from the hip height (works in side and front views). Side view: depth (knee and
hip flexion at the bottom), trunk lean vs shank, heel rise, arms falling forward (overhead
squat). Front view: knee frontal-plane projection angle (valgus) per side, lateral pelvic shift.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from screening.kinematics.angles import corrected_column
from screening.kinematics.nanstats import nanmedian
from screening.kinematics.orientation import near_side, point
from screening.kinematics.reps import nearest_index
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
    value_at,
)
from screening.protocols.common import asymmetry_finding, deviation_finding, hip_drop_reps, rom_finding
from screening.protocols.recognition import from_reps, keep_reps

NAME = "squat"
VALGUS_FOLLOW_UP = (
    "Knee valgus is often seen with an inhibited gluteus medius/maximus and overactive adductors and TFL: a "
    "practitioner might test hip abductors and external rotators first, then the adductors."
)
DEPTH_FOLLOW_UP = "Limited depth: a practitioner might check ankle dorsiflexion and hip flexion mobility first."
LEAN_FOLLOW_UP = "Trunk lean beyond the shank: check ankle dorsiflexion, then hip extensor and trunk control."


SQUAT_CHECKS = {"feet_planted": True, "no_jump": True, "in_place": True, "knees_flex": True}
NO_SQUAT_REPS = "the hips did not drop by 20 % of torso length and rise again"


def squat_reps(series: LandmarkSeries, angles: pd.DataFrame) -> tuple[list[Rep], list[str]]:
    """Return the reps that look like a squat and one line per candidate left out."""
    return keep_reps(series, hip_drop_reps(series), "squat", angles, **SQUAT_CHECKS)


@register_protocol
class Squat:
    """Bodyweight or overhead squat from the side and/or the front."""

    spec = ProtocolSpec(
        name=NAME,
        title="Squat (bodyweight or overhead)",
        view="side and/or front",
        hint="side or front view, whole body; 3–5 slow squats as deep as comfortable",
        setup=(
            "Camera at hip height, 3–4 m away, whole body in frame with space above the head. Side view for "
            "depth and trunk lean, front view for knee valgus and shift (film both if you can). Feet "
            "shoulder-width apart, toes slightly out; squat as deep as comfortable 3–5 times, heels down. For "
            "the overhead squat hold the arms straight overhead throughout."
        ),
        diagram=("     o        o\n    /|\\      <|\\   squat\n    / \\      _/ >\n  [cam] ---> 3-4 m, hip height"),
        key_angles=(
            "knee_flexion_left",
            "knee_flexion_right",
            "hip_flexion_left",
            "hip_flexion_right",
            "trunk_inclination",
            "knee_fppa_left",
            "knee_fppa_right",
        ),
    )

    def expected_view(self, clip_series: LandmarkSeries) -> str:
        """Return the view the clip is nearer to (both are valid for a squat)."""
        return nearer_view(clip_series)

    def recognise(self, clip: Clip) -> MovementCheck:
        """Return whether the clip shows squats: hips drop, both hips and knees flex, feet stay down, in place."""
        return from_reps("squat", clip.series, hip_drop_reps(clip.series), NO_SQUAT_REPS, clip.angles,
                         **SQUAT_CHECKS)

    def evaluate(self, clips: list[Clip], profile: AthleteProfile) -> ProtocolResult:
        """Return depth, lean, heel rise (side) and valgus, shift (front) findings."""
        result = ProtocolResult(NAME, [], views=[c.view for c in clips], key_angles=self.spec.key_angles)
        for clip in clips:
            reps, left_out = squat_reps(clip.series, clip.angles)
            result.notes += [f"{clip.name}: {line}" for line in left_out]
            result.reps["hip_drop"] = result.reps.get("hip_drop", []) + reps
            if not reps:
                result.notes.append(f"{clip.name}: no squat found ({NO_SQUAT_REPS}).")
                continue
            if clip.view.expected == "side":
                self._side(clip, reps, result)
            else:
                self._front(clip, reps, result)
        return result

    def _side(self, clip: Clip, reps: list[Rep], result: ProtocolResult) -> None:
        side = clip.side_hint or near_side(clip.series) or "left"
        angles = clip.angles
        # the shank held at its standing length (MediaPipe's knee point sinks toward the ankle as the knee bends)
        knee = [np.nanmax(rep_window(angles, r)[f"knee_flexion_rigid_shank_{side}"]) for r in reps]
        bottoms = [r.peak_s for r in reps]
        hip = [value_at(angles, corrected_column(angles, "hip_flexion", side), t) for t in bottoms]
        lean = [
            value_at(angles, "trunk_inclination", t) - value_at(angles, f"shank_forward_tilt_{side}", t)
            for t in bottoms
        ]
        visibility = mean_visibility(clip.series, (f"{side}_hip", f"{side}_knee", f"{side}_ankle", f"{side}_shoulder"))
        confidence = confidence_for(clip.view, len(reps), visibility)
        details = {
            "reps": rep_details(reps),
            "clip": clip.name,
            "measured_side": side,
            "hip_flexion_at_bottom_deg": [round(float(h), 1) for h in hip],
            "knee_flexion_at_bottom_deg": [round(float(k), 1) for k in knee],
        }
        result.findings += [
            rom_finding(
                NAME,
                "squat_depth_knee_flexion",
                side=side,
                value=float(nanmedian(knee)),
                confidence=confidence,
                label=f"Squat depth, knee flexion ({side})",
                flagged="The squat stays shallow.",
                follow_up=DEPTH_FOLLOW_UP,
                details=details,
            ),
            deviation_finding(
                NAME,
                "trunk_lean_vs_shank",
                side="",
                value=float(nanmedian(lean)),
                confidence=confidence,
                label="Trunk lean beyond shank angle",
                flagged="The trunk leans further forward than the shins.",
                follow_up=LEAN_FOLLOW_UP,
            ),
            self._heel_rise(clip, side, reps, confidence),
        ]
        start_arm = value_at(angles, f"arm_elevation_{side}", reps[0].start_s)
        if start_arm > 150:  # overhead squat: arms start overhead
            fall = float(nanmedian([start_arm - value_at(angles, f"arm_elevation_{side}", t) for t in bottoms]))
            result.findings.append(
                deviation_finding(
                    NAME,
                    "arms_fall_forward",
                    side=side,
                    value=fall,
                    confidence=confidence,
                    label=f"Arms falling forward ({side})",
                    flagged="The arms drop forward at the bottom of the overhead squat.",
                    follow_up="Check thoracic extension and latissimus dorsi length.",
                )
            )

    def _heel_rise(self, clip: Clip, side: str, reps: list[Rep], confidence: tuple[str, str]) -> Finding:
        """Return the heel's rise at the bottom, in degrees of foot tilt (heel above toe)."""
        heel, toe = point(clip.series, f"{side}_heel"), point(clip.series, f"{side}_foot_index")
        with np.errstate(invalid="ignore"):
            tilt = np.degrees(np.arctan2(heel[:, 1] * -1 + toe[:, 1], np.abs(toe[:, 0] - heel[:, 0])))
        times = clip.angles.index.to_numpy()
        base = float(nanmedian(tilt[times <= reps[0].start_s])) if (times <= reps[0].start_s).any() else 0.0
        rise = [float(tilt[nearest_index(times, r.peak_s)] - base) for r in reps]
        return deviation_finding(
            NAME,
            "heel_rise",
            side=side,
            value=float(nanmedian(rise)),
            confidence=confidence,
            label=f"Heel rise at the bottom ({side})",
            flagged="The heel lifts at the bottom of the squat.",
            follow_up="Check ankle dorsiflexion (calf length) first.",
        )

    def _front(self, clip: Clip, reps: list[Rep], result: ProtocolResult) -> None:
        angles = clip.angles
        per_side: dict[str, Finding] = {}
        for side in ("left", "right"):
            valgus = [float(np.nanmax(rep_window(angles, r)[f"knee_fppa_{side}"])) for r in reps]
            names = (f"{side}_hip", f"{side}_knee", f"{side}_ankle")
            confidence = confidence_for(clip.view, len(reps), mean_visibility(clip.series, names))
            per_side[side] = deviation_finding(
                NAME,
                "knee_valgus_fppa",
                side=side,
                value=float(nanmedian(valgus)),
                confidence=confidence,
                label=f"Knee valgus, FPPA ({side})",
                flagged="The knee moves inward of the hip–ankle line at the bottom.",
                follow_up=VALGUS_FOLLOW_UP,
                details={"reps": rep_details(reps), "per_rep_deg": [round(v, 1) for v in valgus], "clip": clip.name},
            )
            result.findings.append(per_side[side])
        result.findings.append(
            asymmetry_finding(
                NAME, "knee_valgus_fppa", left=per_side["left"], right=per_side["right"], follow_up=VALGUS_FOLLOW_UP,
                part="knee",
            )
        )
        hip_x, ankle_x = point(clip.series, "mid_hip")[:, 0], point(clip.series, "mid_ankle")[:, 0]
        width = np.abs(point(clip.series, "left_hip")[:, 0] - point(clip.series, "right_hip")[:, 0])
        times = angles.index.to_numpy()
        lateral = np.sign(point(clip.series, "left_hip")[:, 0] - point(clip.series, "right_hip")[:, 0])
        shifts = []
        for rep in reps:
            i, j = (nearest_index(times, t) for t in (rep.start_s, rep.peak_s))
            shift = ((hip_x[j] - ankle_x[j]) - (hip_x[i] - ankle_x[i])) * lateral[j] / width[i]
            shifts.append(100.0 * float(shift))
        value = float(nanmedian(shifts))
        toward = "left" if value > 0 else "right"
        confidence = confidence_for(clip.view, len(reps), mean_visibility(clip.series, ("left_hip", "right_hip")))
        finding = deviation_finding(
            NAME,
            "pelvic_lateral_shift",
            side="",
            value=value,
            confidence=confidence,
            label="Sideways pelvic shift (% of hip width, + = toward the left)",
            flagged=f"The pelvis shifts toward the {toward} at the bottom, often away from a stiff or painful side.",
            follow_up="Compare hip mobility and single-leg strength of both sides.",
            details={"shift_pct_hip_width": round(value, 1), "toward": toward},
        )
        result.findings.append(finding)
