"""Standing posture from a front and a side photo (or short still videos).

Front: shoulder tilt, pelvic obliquity, trunk lateral lean, knee alignment (FPPA). Side:
forward head (ear–shoulder line vs vertical) and trunk inclination. In degrees, and in
centimetres when the person's height is given (scale from the nose-to-heel height, which is
about 92 % of standing height).
"""

from __future__ import annotations

import numpy as np

from screening.kinematics.nanstats import nanmean, nanmedian
from screening.kinematics.orientation import point
from screening.model.clip import Clip
from screening.model.findings import Finding
from screening.model.profile import AthleteProfile
from screening.model.results import MovementCheck, ProtocolResult
from screening.model.series import LandmarkSeries
from screening.protocols.base import ProtocolSpec, confidence_for, mean_visibility, nearer_view, register_protocol
from screening.protocols.common import deviation_finding
from screening.protocols.recognition import not_recognised, standing_still_problem

NAME = "posture"
NOSE_TO_HEEL_FRACTION_OF_HEIGHT = 0.92
FOLLOW_UP = {
    "forward_head": "Forward head posture: a practitioner might test the deep neck flexors first, then the "
    "suboccipitals and upper trapezius/levator scapulae for overactivity.",
    "shoulder_tilt": "A low shoulder: compare upper trapezius and latissimus dorsi on both sides.",
    "pelvic_obliquity": "Pelvic obliquity: check leg-length difference and the hip abductors/quadratus lumborum.",
}


def px_per_cm(series: LandmarkSeries, height_cm: float | None) -> float | None:
    """Return the image scale (pixels per cm) from the person's height, or None without it."""
    if not height_cm:
        return None
    heel_y = nanmean([point(series, "left_heel")[:, 1], point(series, "right_heel")[:, 1]], axis=0)
    span = nanmedian(heel_y - point(series, "nose")[:, 1])
    return float(span / (NOSE_TO_HEEL_FRACTION_OF_HEIGHT * height_cm)) if np.isfinite(span) and span > 0 else None


@register_protocol
class StandingPosture:
    """Static alignment from the front and from the side."""

    spec = ProtocolSpec(
        name=NAME,
        title="Standing posture",
        view="front + side",
        hint="one photo from the front and one from the side, whole body, standing relaxed",
        setup=(
            "Camera at navel height, 3 m away, level (not tilted), whole body in frame with a little space. "
            "Stand relaxed, feet hip-width apart, arms by the sides, looking ahead. Take one photo from the front "
            "and one from the side (or a 3-second still video of each). Give the person's height for centimetres."
        ),
        diagram=("     o      o\n    /|\\     |>  front + side\n    / \\     |\n  [cam] ---> 3 m, navel height"),
        key_angles=("shoulder_tilt", "pelvic_obliquity", "trunk_lateral_lean", "head_forward", "trunk_inclination"),
        still_pose=True,
    )

    def expected_view(self, clip_series: LandmarkSeries) -> str:
        """Return the view the clip is nearer to (a posture screen takes both)."""
        return nearer_view(clip_series)

    def recognise(self, clip: Clip) -> MovementCheck:
        """Return whether the subject stands still and upright (a photo, or a still video)."""
        problem = standing_still_problem(clip.series, clip.angles)
        if problem is not None:
            return not_recognised("standing posture", problem)
        return MovementCheck("standing posture", True, "standing still")

    def evaluate(self, clips: list[Clip], profile: AthleteProfile) -> ProtocolResult:
        """Return the front and side alignment findings."""
        result = ProtocolResult(NAME, [], views=[c.view for c in clips], key_angles=self.spec.key_angles)
        for clip in clips:
            result.findings += (
                self._front(clip, profile) if clip.view.expected == "front" else self._side(clip, profile)
            )
        views = {c.view.expected for c in clips}
        for missing in {"front", "side"} - views:
            result.notes.append(f"No {missing}-view photo: its measures are missing.")
        return result

    def _front(self, clip: Clip, profile: AthleteProfile) -> list[Finding]:
        angles, series = clip.angles, clip.series
        scale = px_per_cm(series, profile.height_cm)
        confidence = confidence_for(
            clip.view,
            1,
            mean_visibility(series, ("left_shoulder", "right_shoulder", "left_hip", "right_hip")),
            min_reps=1,
        )
        findings = []
        for metric, label in (
            ("shoulder_tilt", "Shoulder height difference"),
            ("pelvic_obliquity", "Pelvic obliquity"),
        ):
            value = float(angles[metric].median())
            part = "shoulder" if metric == "shoulder_tilt" else "hip"
            dy = float(nanmedian(point(series, f"right_{part}")[:, 1] - point(series, f"left_{part}")[:, 1]))
            details = {
                "height_difference_cm": round(dy / scale, 1) if scale else None,
                "higher_side": "left" if value > 0 else "right",
            }
            findings.append(
                deviation_finding(
                    NAME,
                    metric,
                    side="",
                    value=value,
                    confidence=confidence,
                    label=f"{label} (+ = left higher)",
                    flagged=f"The {'right' if value > 0 else 'left'} {part} sits lower"
                    + (f" by about {abs(dy) / scale:.1f} cm." if scale else "."),
                    follow_up=FOLLOW_UP[metric],
                    details=details,
                )
            )
        findings.append(
            deviation_finding(
                NAME,
                "trunk_lateral_lean",
                side="",
                value=float(angles["trunk_lateral_lean"].median()),
                confidence=confidence,
                label="Trunk lateral lean (+ = toward left)",
                flagged="The trunk leans to one side.",
            )
        )
        for side in ("left", "right"):
            findings.append(
                deviation_finding(
                    NAME,
                    "standing_knee_alignment",
                    side=side,
                    value=float(angles[f"knee_fppa_{side}"].median()),
                    confidence=confidence,
                    label=f"Standing knee alignment ({side}; + = valgus)",
                    flagged="The knee sits inward of the hip–ankle line (valgus).",
                )
            )
        return findings

    def _side(self, clip: Clip, profile: AthleteProfile) -> list[Finding]:
        angles, series = clip.angles, clip.series
        scale = px_per_cm(series, profile.height_cm)
        confidence = confidence_for(
            clip.view,
            1,
            mean_visibility(series, ("left_ear", "right_ear", "left_shoulder", "right_shoulder")),
            min_reps=1,
        )
        head = float(angles["head_forward"].median())
        ear_x = point(series, "mid_ear")[:, 0] - point(series, "mid_shoulder")[:, 0]
        offset_px = float(nanmedian(np.abs(ear_x)))
        details = {"ear_ahead_of_shoulder_cm": round(offset_px / scale, 1) if scale else None}
        return [
            deviation_finding(
                NAME,
                "forward_head",
                side="",
                value=head,
                confidence=confidence,
                label="Forward head (ear ahead of shoulder)",
                flagged="The head sits forward of the shoulders.",
                follow_up=FOLLOW_UP["forward_head"],
                details=details,
            ),
            deviation_finding(
                NAME,
                "trunk_inclination_standing",
                side="",
                value=float(angles["trunk_inclination"].median()),
                confidence=confidence,
                label="Trunk inclination standing (+ = forward)",
                flagged="The trunk is not upright when standing.",
            ),
        ]
