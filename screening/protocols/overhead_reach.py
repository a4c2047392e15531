"""Overhead reach: shoulder flexion range, with trunk-extension and elbow compensations.

Side view (one arm at a time, the tested arm nearer the camera; a clip per side, or one clip
in which the person turns around) measures shoulder flexion as the humerus relative to the
trunk. A front view with both arms measures frontal-plane arm elevation for left/right
comparison and shoulder hike.
"""

from __future__ import annotations

import numpy as np

from screening.kinematics.angles import corrected_column
from screening.kinematics.orientation import facing, point, torso_length
from screening.kinematics.reps import detect_reps, nearest_index
from screening.model.clip import Clip
from screening.model.findings import Finding
from screening.model.profile import AthleteProfile
from screening.model.results import MovementCheck, ProtocolResult, Rep
from screening.protocols.base import (
    ProtocolSpec,
    confidence_for,
    mean_visibility,
    nearer_view,
    register_protocol,
    rep_details,
    rep_window,
    rest_value,
    value_at,
)
from screening.protocols.common import asymmetry_finding, deviation_finding, rom_finding, ungraded
from screening.protocols.recognition import keep_reps, left_out_reasons, not_recognised, recognised

NAME = "overhead_reach"
FOLLOW_UP = (
    "Limited shoulder flexion is often seen with overactive humeral extensors: a practitioner might test the "
    "shoulder flexors (anterior deltoid, upper trapezius/serratus for upward rotation) first, then the "
    "latissimus dorsi and long head of triceps for overactivity or shortness."
)
MIN_PROMINENCE_DEG = 30.0
MAX_ELBOW_BEND_DEG = 20.0  # a rep whose elbow looks bent more than this at the top is not counted
ELBOW_CAUTION_DEG = 10.0  # above this at the top of the reported rep, its flexion may read high (a quarter of it)
ARM_POINTS = ("{s}_shoulder", "{s}_elbow", "{s}_wrist", "{s}_hip")
MIN_RISE_DEG = 60.0  # a reach raises the arm at least this far from where the rep starts (or from 0°, if behind)
REACH_CHECKS = {"feet_planted": True, "no_jump": True, "in_place": True, "hips_level": True}
NO_REACH_REPS = "the arm did not rise from the side and come down again"


def reach_reps(clip: Clip, column: str, near: np.ndarray | None = None) -> tuple[list[Rep], list[str], int]:
    """Return the reps of ``column`` that look like a reach, the lines saying why others were left out, and the count.

    A reach raises the arm by at least ``MIN_RISE_DEG`` from the start of the rep, standing in
    place with the feet down (an arm swing while walking or jumping is not a reach). An arm that
    starts behind the body (negative flexion) counts from hanging at the side (0°): a swing from
    45° back to 45° forward rises 45°, not 90° (chosen after recog_holdout2's first run).
    ``near`` masks the frames where the measured arm faces the camera (side view).
    """
    signal = clip.angles[column] if near is None else clip.angles[column].where(near)
    reps = detect_reps(signal, MIN_PROMINENCE_DEG)
    kept, left_out = keep_reps(clip.series, reps, "reach", **REACH_CHECKS)
    rising = [r for r in kept if r.peak_deg - max(value_at(clip.angles, column, r.start_s), 0.0) >= MIN_RISE_DEG]
    left_out += [f"the reach at {r.peak_s:.1f} s was left out: the arm rose less than {MIN_RISE_DEG:.0f}°"
                 for r in kept if r not in rising]
    return rising, left_out, len(reps)


def opposite(side: str) -> str:
    """Return the other side."""
    return "right" if side == "left" else "left"


def both_arms_rise(clip: Clip, other_column: str, rep: Rep) -> bool:
    """Return True when the arm of ``other_column`` also rises by ``MIN_PROMINENCE_DEG`` during ``rep``."""
    window = rep_window(clip.angles, rep)[other_column]
    start = value_at(clip.angles, other_column, rep.start_s)
    return bool(window.notna().any() and float(window.max()) - start >= MIN_PROMINENCE_DEG)


def arm_columns(clip: Clip) -> list[tuple[str, str, np.ndarray | None]]:
    """Return ``(side, column, near-mask)`` for each arm the clip can measure, by its expected view."""
    if clip.view.expected != "side":
        return [(side, f"shoulder_elevation_3d_{side}" if f"shoulder_elevation_3d_{side}" in clip.angles
                 else f"shoulder_abduction_{side}", None) for side in ("left", "right")]
    direction = facing(clip.series)
    arms = []
    for side, sign in (("left", -1.0), ("right", 1.0)):
        near = direction == sign
        if (not clip.side_hint or clip.side_hint == side) and near.sum() >= 3:
            arms.append((side, corrected_column(clip.angles, "shoulder_flexion", side), near))
    return arms


@register_protocol
class OverheadReach:
    """Shoulder flexion (side view) or bilateral arm elevation (front view)."""

    spec = ProtocolSpec(
        name=NAME,
        title="Overhead reach (shoulder flexion)",
        view="side or front",
        hint="side view, tested arm nearest the camera; raise the straight arm forward and up 3 times",
        setup=(
            "Side view: camera at chest height, 3–4 m away, square to the person's side, whole body in frame. "
            "Stand tall, feet hip-width apart, the tested arm nearer the camera. With the elbow straight and the "
            "thumb up, raise the arm forward and up as high as possible, then lower it; 3 times. Turn around "
            "(or film a second clip) for the other arm. Front view (optional): face the camera and raise both "
            "arms together, for left/right comparison."
        ),
        diagram=(
            "   side view            front view\n"
            "     o  |               \\ o /\n"
            "    /|--+ arm up          |\n"
            "    / \\                  / \\\n"
            "  [cam] ---> 3-4 m     [cam] ---> 3-4 m"
        ),
        key_angles=(
            "shoulder_flexion_corrected_left",
            "shoulder_flexion_corrected_right",
            "elbow_flexion_left",
            "elbow_flexion_right",
            "trunk_inclination",
            "shoulder_elevation_3d_left",
            "shoulder_elevation_3d_right",
        ),
    )

    def expected_view(self, clip_series: object) -> str:
        """Return "front" when both shoulders are clearly apart in the image, else "side"."""
        return nearer_view(clip_series)  # type: ignore[arg-type]

    def recognise(self, clip: Clip) -> MovementCheck:
        """Return whether an arm rises from the side by 60° or more and comes down, standing in place.

        In a front view both arms rise together (the screen's front-view set-up): one arm raised
        alone to the side, as in a wave, is not a reach.
        """
        found, left_out = 0, []
        arms = {side: (column, near) for side, column, near in arm_columns(clip)}
        for side, (column, near) in arms.items():
            kept, dropped, count = reach_reps(clip, column, near)
            found, left_out = found + count, left_out + dropped
            if kept and clip.view.expected != "side":
                other_column = arms[opposite(side)][0]
                kept = [r for r in kept if both_arms_rise(clip, other_column, r)]
                left_out += [f"the reach at {r.peak_s:.1f} s was left out: only the {side} arm rose (a wave?)"
                             for r in reach_reps(clip, column)[0] if r not in kept]
            if kept:
                return recognised("overhead reach", kept, count, left_out)
        if not found:
            return not_recognised("overhead reach", NO_REACH_REPS)
        return not_recognised("overhead reach", f"{found} candidate(s), none like a reach "
                              f"({left_out_reasons(left_out)})", found, left_out)

    def evaluate(self, clips: list[Clip], profile: AthleteProfile) -> ProtocolResult:
        """Return per-side peak flexion, compensations and asymmetry over all clips."""
        result = ProtocolResult(NAME, [], views=[c.view for c in clips], key_angles=self.spec.key_angles)
        per_side: dict[str, Finding] = {}
        for clip in clips:
            sides = self._side_clip(clip, result) if clip.view.expected == "side" else self._front_clip(clip, result)
            for side, finding in sides.items():
                if side not in per_side or (finding.value or 0) > (per_side[side].value or 0):
                    per_side[side] = finding
        if "left" in per_side and "right" in per_side:
            result.findings.append(
                asymmetry_finding(NAME, per_side["left"].metric, left=per_side["left"], right=per_side["right"],
                                  follow_up=FOLLOW_UP)
            )
        return result

    def _side_clip(self, clip: Clip, result: ProtocolResult) -> dict[str, Finding]:
        """Measure the arm nearer the camera in each stretch of a side-view clip."""
        found: dict[str, Finding] = {}
        for side, column, near in arm_columns(clip):
            reps, left_out, _ = reach_reps(clip, column, near)
            result.notes += [f"{clip.name} ({side}): {line}" for line in left_out]
            result.reps[column] = result.reps.get(column, []) + reps
            if reps:
                found[side] = self._side_findings(clip, side, reps, near, result)
        return found

    def _side_findings(
        self, clip: Clip, side: str, reps: list[Rep], near: np.ndarray, result: ProtocolResult
    ) -> Finding:
        """Add the findings of one side and return its shoulder flexion finding."""
        angles = clip.angles
        elbow = np.array([value_at(angles, f"elbow_flexion_{side}", r.peak_s) for r in reps])
        valid = [r for r, e in zip(reps, elbow, strict=True) if not e > MAX_ELBOW_BEND_DEG]
        best = max(valid or reps, key=lambda r: r.peak_deg)
        baseline = rest_value(angles["trunk_inclination"], reps)
        trunk_shift = [baseline - value_at(angles, "trunk_inclination", r.peak_s) for r in reps]
        extension = float(np.nanmax(trunk_shift)) if np.isfinite(trunk_shift).any() else 0.0
        apparent = value_at(angles, f"arm_elevation_{side}", best.peak_s)
        names = tuple(p.format(s=side) for p in ARM_POINTS)
        visibility = mean_visibility(clip.series, names, near)
        extra = [] if valid else [f"elbow bent {np.nanmin(elbow):.0f}° at the top of every rep"]
        confidence = confidence_for(clip.view, len(reps), visibility, extra)
        # measured along the shoulder→wrist line less a fifth of the apparent bend, a truly bent elbow still adds about
        # a quarter of its bend; a misplaced shoulder point (dark clothing) also looks like a bend, so a bend at the top
        # lowers the flexion's confidence and says why
        bend = value_at(angles, f"elbow_flexion_{side}", best.peak_s)
        caution = [f"elbow looks bent {bend:.0f}° at the top: if it was, flexion reads about {bend / 4:.0f}° high"]
        flexion_extra = extra + caution if valid and bend > ELBOW_CAUTION_DEG else extra
        flexion_confidence = confidence_for(clip.view, len(reps), visibility, flexion_extra)
        details = {
            "reps": rep_details(reps),
            "best_rep_deg": round(best.peak_deg, 1),
            "median_rep_deg": round(float(np.median([r.peak_deg for r in reps])), 1),
            "apparent_elevation_deg": round(apparent, 1),
            "measure": corrected_column(angles, "shoulder_flexion", side),
            "uncorrected_shoulder_flexion_deg": round(value_at(angles, f"shoulder_flexion_{side}", best.peak_s), 1),
            "valid_reps": len(valid),
            "clip": clip.name,
        }
        flexion = rom_finding(
            NAME,
            "shoulder_flexion",
            side=side,
            value=best.peak_deg,
            confidence=flexion_confidence,
            label=f"Shoulder flexion ({side})",
            flagged="Less overhead range than expected.",
            follow_up=FOLLOW_UP,
            details=details,
        )
        share = 100.0 * max(extension, 0.0) / apparent if apparent and np.isfinite(apparent) else 0.0
        compensations = self._compensation_findings(side, extension, elbow, apparent, share, confidence)
        if flexion.severity == "invalid":  # the reach itself could not be graded: neither can what it hides
            compensations = [ungraded(f, f"the shoulder flexion of this side could not be graded "
                                         f"({flexion.confidence_reason})") for f in compensations]
        result.findings += [flexion, *compensations]
        return flexion

    @staticmethod
    def _compensation_findings(
        side: str, extension: float, elbow: np.ndarray, apparent: float, share: float, confidence: tuple[str, str]
    ) -> list[Finding]:
        """Return the trunk-extension and elbow-bend findings of one side's reach."""
        return [
            deviation_finding(
                NAME,
                "trunk_extension_during_reach",
                side=side,
                value=max(extension, 0.0),
                confidence=confidence,
                label=f"Trunk extension during reach ({side})",
                flagged=f"The trunk leaned back during the reach; it accounts for about {share:.0f} % of the apparent "
                f"arm elevation of {apparent:.0f}° (relative to vertical).",
                follow_up="Leaning back often stands in for missing shoulder flexion; check the lats and the "
                "abdominals.",
                details={"apparent_elevation_deg": round(apparent, 1), "share_of_elevation_pct": round(share, 1)},
            ),
            deviation_finding(
                NAME,
                "elbow_flexion_at_peak",
                side=side,
                value=float(np.nanmax(elbow)),
                confidence=confidence,
                label=f"Elbow bend at the top ({side})",
                flagged="A bent elbow lets the arm go higher by slackening the triceps long head; such reps are not "
                "counted. Shoulder flexion is measured along the shoulder→wrist line, so an elbow held bent reads "
                "about a quarter of the bend high.",
            ),
        ]

    def _front_clip(self, clip: Clip, result: ProtocolResult) -> dict[str, Finding]:
        """Measure both arms' elevation (3-D, world landmarks) and shoulder hike in a front-view clip.

        In a front view, forward flexion is out of the image plane (150° and 180° look alike), so
        the humerus-to-trunk angle is taken in 3-D from MediaPipe's world landmarks, whose depth is
        noisy: the values are for left/right comparison, with medium confidence at best.
        """
        found: dict[str, Finding] = {}
        torso = torso_length(clip.series)
        for side, column, _ in arm_columns(clip):
            reps, left_out, _ = reach_reps(clip, column)
            result.notes += [f"{clip.name} ({side}): {line}" for line in left_out]
            result.reps[column] = reps
            if not reps:
                continue
            best = max(reps, key=lambda r: r.peak_deg)
            names = tuple(p.format(s=side) for p in ARM_POINTS)
            confidence = confidence_for(
                clip.view,
                len(reps),
                mean_visibility(clip.series, names),
                ["front view: 3-D arm elevation from MediaPipe depth, compare sides"],
            )
            found[side] = rom_finding(
                NAME,
                "shoulder_elevation_front",
                side=side,
                value=best.peak_deg,
                confidence=confidence,
                label=f"Arm elevation, front view, 3-D ({side})",
                flagged="Less overhead range than expected.",
                follow_up=FOLLOW_UP,
                details={"reps": rep_details(reps), "clip": clip.name},
            )
            gap = np.linalg.norm(point(clip.series, f"{side}_ear") - point(clip.series, f"{side}_shoulder"), axis=-1)
            times = clip.angles.index.to_numpy()
            start, peak = (nearest_index(times, t) for t in (best.start_s, best.peak_s))
            hike_pct = 100.0 * (gap[start] - gap[peak]) / torso[start] if torso[start] else float("nan")
            found[side].details["shoulder_hike_pct_torso"] = round(float(hike_pct), 1)
            result.findings.append(found[side])
        return found
