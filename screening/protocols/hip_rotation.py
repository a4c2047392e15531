"""Seated hip internal and external rotation, from the shank angle to vertical (front view).

As with a goniometer: axis at the front of the knee, stationary arm vertical, moving arm along
the tibia to the ankle. Seated with hips and knees at 90°, the foot swinging *out* (away from
the midline) is hip internal rotation (IR), swinging *in* is external rotation (ER).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from screening.kinematics.nanstats import nanmax, nanmedian
from screening.kinematics.orientation import point, torso_length
from screening.kinematics.reps import detect_reps, nearest_index
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
)
from screening.protocols.common import asymmetry_finding, deviation_finding, rom_finding
from screening.protocols.recognition import keep_reps, not_recognised, recognised, seated_problem

NAME = "hip_rotation"
MIN_PROMINENCE_DEG = 10.0
MAX_PLAUSIBLE_SHANK_DEG = 70.0  # seated IR/ER beyond this is anatomically implausible
LEG_POINTS = ("{s}_hip", "{s}_knee", "{s}_ankle")
FOLLOW_UP = {
    "internal": (
        "Limited hip internal rotation is associated with low-back pain: a practitioner might test the hip "
        "internal rotators (gluteus medius/minimus anterior fibres, TFL) first, then the deep external rotators "
        "(piriformis, obturators) and posterior capsule for overactivity or stiffness."
    ),
    "external": (
        "Limited hip external rotation: a practitioner might test the deep external rotators and gluteus maximus "
        "first, then the adductors and TFL for overactivity."
    ),
}


ROTATION_CHECKS = {"feet_planted": False, "in_place": True}
MOVEMENT = "seated hip rotation"


def shank_swing(clip: Clip, side: str) -> pd.Series:
    """Return the shank-to-vertical angle of ``side`` (degrees) with implausible frames masked.

    A shank more than 70° from vertical is not a seated hip rotation but a lost or swapped ankle
    landmark (seen on the benchmark with dark clothing): such frames are left out.
    """
    column = f"shank_to_vertical_{side}"
    return clip.angles[column].where(clip.angles[column].abs() <= MAX_PLAUSIBLE_SHANK_DEG)


def rotation_reps(clip: Clip, side: str, polarity: int) -> tuple[list[Rep], list[str]]:
    """Return the swings of one shank in one direction (+1 out = IR, −1 in = ER) and the ones left out."""
    reps = [r for r in detect_reps(shank_swing(clip, side), MIN_PROMINENCE_DEG, polarity=polarity)
            if polarity * r.peak_deg > 0]
    return keep_reps(clip.series, reps, "swing", **ROTATION_CHECKS)


@register_protocol
class SeatedHipRotation:
    """Peak seated IR and ER per side, pelvis and trunk compensations, side-to-side difference."""

    spec = ProtocolSpec(
        name=NAME,
        title="Seated hip rotation (internal/external)",
        view="front",
        hint="front view, seated on a high table, hips and knees at 90°; swing each foot out, then in",
        setup=(
            "Front view: camera at knee-to-hip height, 2–3 m in front, square to the person, whole body in frame. "
            "Sit on a high table or stool, hips and knees at 90°, thighs parallel and feet off the floor, hands on "
            "the edge. Keep the thigh still and the pelvis level. Swing one foot out as far as it goes "
            "(internal rotation), back, then in (external rotation), twice; then the other leg."
        ),
        diagram=(
            "        o\n"
            "       /|\\\n"
            "      _|_|_ seat\n"
            "       | |   feet swing out / in\n"
            "  [cam] ---> 2-3 m, knee height"
        ),
        key_angles=("shank_to_vertical_left", "shank_to_vertical_right", "pelvic_obliquity", "trunk_lateral_lean"),
        # Seated with the thigh still, the shank swings in the frontal plane, square to the camera.
        in_plane_segments=(("left_knee", "left_ankle"), ("right_knee", "right_ankle")),
    )

    def expected_view(self, clip_series: object) -> str:
        """Return "front": this screen is filmed from the front."""
        return "front"

    def recognise(self, clip: Clip) -> MovementCheck:
        """Return whether the subject sits with the thighs level and a shank swings about a still knee."""
        if (problem := seated_problem(clip.series)) is not None:
            return not_recognised(MOVEMENT, problem)
        kept, left_out = [], []
        for side in ("left", "right"):
            for polarity in (1, -1):
                side_kept, side_left_out = rotation_reps(clip, side, polarity)
                kept, left_out = kept + side_kept, left_out + side_left_out
        if kept:
            return recognised(MOVEMENT, kept, len(kept) + len(left_out), left_out)
        why = f"no shank swung {MIN_PROMINENCE_DEG:.0f}° or more out or in while seated"
        return not_recognised(MOVEMENT, why + (f" ({'; '.join(left_out)})" if left_out else ""), len(left_out),
                              left_out)

    def evaluate(self, clips: list[Clip], profile: AthleteProfile) -> ProtocolResult:
        """Return IR and ER per side, compensations, and asymmetry over all clips."""
        result = ProtocolResult(NAME, [], views=[c.view for c in clips], key_angles=self.spec.key_angles)
        best: dict[tuple[str, str], Finding] = {}
        for clip in clips:
            for side in ("left", "right"):
                if clip.side_hint and clip.side_hint != side:
                    continue
                for finding in self._side(clip, side, result):
                    key = (finding.metric, side)
                    if key not in best or (finding.value or 0) > (best[key].value or 0):
                        best[key] = finding
        result.findings += list(best.values())
        for direction in ("internal", "external"):
            metric = f"hip_{direction}_rotation"
            if (metric, "left") in best and (metric, "right") in best:
                result.findings.append(
                    asymmetry_finding(
                        NAME, metric, left=best[(metric, "left")], right=best[(metric, "right")],
                        follow_up=FOLLOW_UP[direction],
                    )
                )
        return result

    def _side(self, clip: Clip, side: str, result: ProtocolResult) -> list[Finding]:
        """Return IR, ER and compensation findings of one leg in one clip."""
        column = f"shank_to_vertical_{side}"
        findings: list[Finding] = []
        visibility = mean_visibility(clip.series, tuple(p.format(s=side) for p in LEG_POINTS))
        all_reps = []
        for direction, polarity in (("internal", 1), ("external", -1)):
            reps, left_out = rotation_reps(clip, side, polarity)
            result.notes += [f"{clip.name} ({side} {direction}): {line}" for line in left_out]
            all_reps += reps
            if not reps:
                continue
            peak = max(polarity * r.peak_deg for r in reps)
            confidence = confidence_for(clip.view, len(reps), visibility, min_reps=1)
            details = {
                "reps": rep_details(reps),
                "clip": clip.name,
                "median_rep_deg": round(float(np.median([polarity * r.peak_deg for r in reps])), 1),
            }
            details.update(self._compensations(clip, side, reps))
            findings.append(
                rom_finding(
                    NAME,
                    f"hip_{direction}_rotation",
                    side=side,
                    value=peak,
                    confidence=confidence,
                    label=f"Hip {direction} rotation ({side})",
                    flagged=f"Less {direction} rotation than expected.",
                    follow_up=FOLLOW_UP[direction],
                    details=details,
                )
            )
        result.reps[column] = sorted(all_reps, key=lambda r: r.peak_s)
        if all_reps:
            findings += self._compensation_findings(clip, side, all_reps, visibility)
        return findings

    @staticmethod
    def _compensations(clip: Clip, side: str, reps: list) -> dict[str, float]:
        """Return the largest pelvis tilt, trunk lean and thigh drift (knee shift, % torso) during ``reps``."""
        tilt: list[float] = []
        lean: list[float] = []
        drift: list[float] = []
        knee_x = point(clip.series, f"{side}_knee")[:, 0]
        torso = float(nanmedian(torso_length(clip.series)))
        times = clip.angles.index.to_numpy()
        for rep in reps:
            window = rep_window(clip.angles, rep)
            start = nearest_index(times, rep.start_s)
            for values, column in ((tilt, "pelvic_obliquity"), (lean, "trunk_lateral_lean")):
                values.append(float(nanmax(np.abs(window[column] - clip.angles[column].iloc[start]))))
            mask = (times >= rep.start_s) & (times <= rep.end_s)
            drift.append(100.0 * float(nanmax(np.abs(knee_x[mask] - knee_x[start]))) / torso if torso else np.nan)
        return {
            "pelvis_tilt_change_deg": round(float(nanmax(tilt)), 1),
            "trunk_lean_change_deg": round(float(nanmax(lean)), 1),
            "thigh_drift_pct_torso": round(float(nanmax(drift)), 1),
        }

    def _compensation_findings(self, clip: Clip, side: str, reps: list, visibility: float) -> list[Finding]:
        """Return pelvis-lift and trunk-lean findings for one leg."""
        values = self._compensations(clip, side, reps)
        confidence = confidence_for(clip.view, len(reps), visibility, min_reps=1)
        return [
            deviation_finding(
                NAME,
                "pelvis_lift_during_rotation",
                side=side,
                value=values["pelvis_tilt_change_deg"],
                confidence=confidence,
                label=f"Pelvis lift during rotation ({side})",
                flagged="The pelvis tilted as the foot moved, which adds apparent rotation.",
                details={"thigh_drift_pct_torso": values["thigh_drift_pct_torso"]},
            ),
            deviation_finding(
                NAME,
                "trunk_lean_during_rotation",
                side=side,
                value=values["trunk_lean_change_deg"],
                confidence=confidence,
                label=f"Trunk lean during rotation ({side})",
                flagged="The trunk leaned sideways during the movement.",
            ),
        ]
