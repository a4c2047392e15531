"""Single-leg squat (front view): knee valgus of the stance leg, contralateral pelvic drop, trunk lean.

The stance leg is the one whose ankle is lower in the image during the rep. One clip per leg,
or one clip with both legs in turn; the two sides are then compared.
"""

from __future__ import annotations

import numpy as np

from screening.kinematics.nanstats import nanmean, nanmedian
from screening.kinematics.orientation import point
from screening.model.clip import Clip
from screening.model.findings import Finding
from screening.model.profile import AthleteProfile
from screening.model.results import MovementCheck, ProtocolResult, Rep
from screening.protocols.base import (
    ProtocolSpec,
    confidence_for,
    mean_visibility,
    register_protocol,
    rep_details,
    rep_window,
    value_at,
)
from screening.protocols.common import asymmetry_finding, deviation_finding, hip_drop_reps
from screening.protocols.recognition import from_reps, keep_reps

NAME = "single_leg_squat"
FOLLOW_UP = (
    "Knee valgus with pelvic drop in a single-leg squat is often seen with an inhibited gluteus medius and "
    "overactive adductors/TFL: a practitioner might test the gluteus medius first, then the adductors."
)


def stance_side(clip: Clip, rep: Rep) -> str:
    """Return the stance leg of a rep: the side whose ankle is lower (larger image y) on average."""
    times = clip.angles.index.to_numpy()
    mask = (times >= rep.start_s) & (times <= rep.end_s)
    left = nanmean(point(clip.series, "left_ankle")[mask, 1])
    right = nanmean(point(clip.series, "right_ankle")[mask, 1])
    return "left" if left >= right else "right"


SLS_CHECKS = {"feet_planted": True, "in_place": True, "one_foot_up": True}
NO_SLS_REPS = "the hips did not drop by 10 % of torso length and rise again"


@register_protocol
class SingleLegSquat:
    """Knee FPPA, pelvic drop and trunk lean on each stance leg."""

    spec = ProtocolSpec(
        name=NAME,
        title="Single-leg squat",
        view="front",
        hint="front view, whole body; stand on one leg, 3–5 slow squats, then the other leg",
        setup=(
            "Front view: camera at hip height, 3 m in front, square to the person, whole body in frame. Stand on "
            "the tested leg, the other foot lifted in front, hands on hips. Squat slowly as deep as controlled "
            "(about 45–60° of knee bend) 3–5 times; then the other leg (same clip or a second one)."
        ),
        diagram=("      o\n     /|\\  hands on hips\n     / _  one leg lifted\n  [cam] ---> 3 m, hip height"),
        key_angles=("knee_fppa_left", "knee_fppa_right", "pelvic_obliquity", "trunk_lateral_lean"),
    )

    def expected_view(self, clip_series: object) -> str:
        """Return "front"."""
        return "front"

    def recognise(self, clip: Clip) -> MovementCheck:
        """Return whether the clip shows single-leg squats: one foot up, the hips drop and rise, in place."""
        reps = hip_drop_reps(clip.series, min_drop_torso=0.1)
        return from_reps("single-leg squat", clip.series, reps, NO_SLS_REPS, **SLS_CHECKS)

    def evaluate(self, clips: list[Clip], profile: AthleteProfile) -> ProtocolResult:
        """Return valgus, pelvic drop and trunk lean per stance side, and the side comparison."""
        result = ProtocolResult(NAME, [], views=[c.view for c in clips], key_angles=self.spec.key_angles)
        valgus: dict[str, Finding] = {}
        for clip in clips:
            reps, left_out = keep_reps(clip.series, hip_drop_reps(clip.series, min_drop_torso=0.1),
                                       "single-leg squat", **SLS_CHECKS)
            result.notes += [f"{clip.name}: {line}" for line in left_out]
            by_side: dict[str, list[Rep]] = {}
            for rep in reps:
                by_side.setdefault(clip.side_hint or stance_side(clip, rep), []).append(rep)
            for side, side_reps in by_side.items():
                result.reps[f"knee_fppa_{side}"] = result.reps.get(f"knee_fppa_{side}", []) + side_reps
                findings = self._side(clip, side, side_reps)
                result.findings += findings
                if side not in valgus or abs(findings[0].value or 0) > abs(valgus[side].value or 0):
                    valgus[side] = findings[0]
            if not reps:
                result.notes.append(f"{clip.name}: no single-leg squat found (the hips did not drop).")
        if "left" in valgus and "right" in valgus:
            result.findings.append(
                asymmetry_finding(NAME, "knee_valgus_fppa", left=valgus["left"], right=valgus["right"],
                                  follow_up=FOLLOW_UP, part="knee")
            )
        return result

    def _side(self, clip: Clip, side: str, reps: list[Rep]) -> list[Finding]:
        """Return [valgus, pelvic drop, trunk lean] findings for one stance leg."""
        angles = clip.angles
        sign = 1.0 if side == "left" else -1.0  # left stance: right hip drops → left higher → obliquity up
        valgus = [float(np.nanmax(rep_window(angles, r)[f"knee_fppa_{side}"])) for r in reps]
        drop = [
            sign * (value_at(angles, "pelvic_obliquity", r.peak_s) - value_at(angles, "pelvic_obliquity", r.start_s))
            for r in reps
        ]
        lean = [
            sign
            * (value_at(angles, "trunk_lateral_lean", r.peak_s) - value_at(angles, "trunk_lateral_lean", r.start_s))
            for r in reps
        ]
        names = (f"{side}_hip", f"{side}_knee", f"{side}_ankle", "left_hip", "right_hip")
        confidence = confidence_for(clip.view, len(reps), mean_visibility(clip.series, names))
        details = {"reps": rep_details(reps), "clip": clip.name, "stance": side}
        return [
            deviation_finding(
                NAME,
                "knee_valgus_fppa",
                side=side,
                value=float(nanmedian(valgus)),
                confidence=confidence,
                label=f"Knee valgus, FPPA ({side} stance)",
                flagged="The stance knee moves inward of the hip–ankle line.",
                follow_up=FOLLOW_UP,
                details={**details, "per_rep_deg": [round(v, 1) for v in valgus]},
            ),
            deviation_finding(
                NAME,
                "contralateral_pelvic_drop",
                side=side,
                value=float(nanmedian(drop)),
                confidence=confidence,
                label=f"Pelvic drop, opposite side ({side} stance)",
                flagged="The pelvis drops on the free-leg side (a Trendelenburg-like sign).",
                follow_up=FOLLOW_UP,
                details=details,
            ),
            deviation_finding(
                NAME,
                "trunk_lean_to_stance",
                side=side,
                value=float(nanmedian(lean)),
                confidence=confidence,
                label=f"Trunk lean toward stance leg ({side} stance)",
                flagged="The trunk leans over the stance leg, which can hide weak hip abductors.",
                follow_up=FOLLOW_UP,
                details=details,
            ),
        ]
