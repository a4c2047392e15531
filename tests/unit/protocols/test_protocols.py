"""Every protocol on synthetic movements with known angles: values within 1°, exact rep counts, flags."""

from __future__ import annotations

import pytest

from screening.kinematics.angles import FACING_READS_HIGH, add_rest_referenced, compute_angles, compute_world_angles
from screening.model.clip import ClipAnalysis
from screening.model.profile import AthleteProfile
from screening.pipeline import evaluate
from tests.fixtures.bodies import front_body, movement, reps_profile, side_body

FPS = 30.0


def clip(series) -> ClipAnalysis:
    angles = add_rest_referenced(compute_angles(series)).join(compute_world_angles(series))  # as the pipeline does
    return ClipAnalysis(raw=series, series=series, angles=angles)


def find(result, metric, side=None):
    matches = [f for f in result.findings if f.metric == metric and (side is None or f.side == side)]
    assert matches, f"no finding {metric} {side}: {[(f.metric, f.side) for f in result.findings]}"
    return matches[0]


def reach_clip(side: str, peak: float, reps: int = 3, trunk_back: float = 0.0, elbow: float = 0.0):
    arm = reps_profile(peak, reps, 2.0 * reps + 1)
    trunk = reps_profile(-trunk_back, reps, 2.0 * reps + 1)
    facing = -1 if side == "left" else 1  # the tested side faces the camera
    return clip(movement(lambda t: {"shoulder_flexion": arm(t), "trunk_inclination": trunk(t), "arm_side": side,
                                    "elbow_flexion": elbow},
                         2.0 * reps + 1, FPS, side_body, "side", facing=facing))


def test_overhead_reach_one_clip_per_side_gives_asymmetry():
    result = evaluate("overhead_reach", [reach_clip("left", 170.0), reach_clip("right", 145.0)], AthleteProfile())
    left, right = find(result, "shoulder_flexion", "left"), find(result, "shoulder_flexion", "right")
    assert left.value == pytest.approx(170.0, abs=1.0) and left.severity == "normal"
    assert right.value == pytest.approx(145.0, abs=1.0) and right.severity == "mild"
    for side in ("left", "right"):
        assert len(result.reps[f"shoulder_flexion_corrected_{side}"]) == 3
    asym = find(result, "shoulder_flexion_asymmetry")
    # exact stick figures carry no model bias, so the correction of MediaPipe's mirror bias shows in full here
    mirror_term = FACING_READS_HIGH["right"] - FACING_READS_HIGH["left"]
    assert asym.value == pytest.approx(25.0 + mirror_term, abs=0.2) and asym.flagged
    assert asym.details["smaller_side"] == "right"
    assert "latissimus" in right.follow_up and "doctor" in right.follow_up
    # a good view earns high (bound 7°, held on the held-out bench; metrics.py), the asymmetry at most medium
    assert all(f.confidence == "high" for f in (left, right)) and asym.confidence == "medium"
    assert all("elbow looks bent" not in f.confidence_reason for f in (left, right))


def test_overhead_reach_trunk_extension_is_measured():
    result = evaluate("overhead_reach", [reach_clip("left", 150.0, trunk_back=15.0)], AthleteProfile())
    flexion = find(result, "shoulder_flexion", "left")
    extension = find(result, "trunk_extension_during_reach", "left")
    assert flexion.value == pytest.approx(150.0, abs=1.0)
    assert extension.value == pytest.approx(15.0, abs=1.0) and extension.severity == "marked"
    assert extension.details["apparent_elevation_deg"] == pytest.approx(165.0, abs=1.0)


def test_overhead_reach_bent_elbow_lowers_confidence():
    result = evaluate("overhead_reach", [reach_clip("left", 170.0, elbow=35.0)], AthleteProfile())
    assert find(result, "elbow_flexion_at_peak", "left").severity == "marked"
    flexion = find(result, "shoulder_flexion", "left")
    assert flexion.confidence == "medium" and "elbow bent 35° at the top of every rep" in flexion.confidence_reason


def test_overhead_reach_slightly_bent_elbow_counts_but_reads_high_and_says_so():
    """Shoulder flexion is measured along the shoulder→wrist line: an elbow held 14° bent tilts it by
    atan(F sin 14° / (U + F cos 14°)) = 6.4° with this body's forearm F and upper arm U (valid rep, < 20°),
    and a fifth of the apparent bend is taken back (``BEND_READS_HIGH``, −2.8°)."""
    flexion = find(evaluate("overhead_reach", [reach_clip("left", 150.0, elbow=14.0)], AthleteProfile()),
                   "shoulder_flexion", "left")
    assert flexion.value == pytest.approx(153.6, abs=1.0) and flexion.details["valid_reps"] == 3
    assert flexion.confidence == "medium" and "elbow looks bent 14°" in flexion.confidence_reason


def test_overhead_reach_front_view_clip_is_flagged_as_wrong_view_when_side_hint_given():
    arm = reps_profile(170.0, 3, 7.0)
    series = movement(lambda t: {"abduction": (arm(t), arm(t))}, 7.0, FPS, front_body, "front")
    result = evaluate("hip_rotation", [clip(series)], AthleteProfile())
    assert all(f.metric != "view_check" for f in result.findings)  # a front view is right for hip rotation
    squat_side = evaluate("overhead_reach", [reach_clip("left", 170.0)], AthleteProfile())
    assert all(f.metric != "view_check" for f in squat_side.findings)


def test_seated_hip_rotation_ir_er_per_side_and_asymmetry():
    seconds = 12.0
    left_ir = reps_profile(35.0, 2, seconds / 2)
    right_ir = reps_profile(22.0, 2, seconds / 2)

    def pose(t):
        if t < seconds / 2:
            return {"shank_to_vertical": (left_ir(t), 0.0)}
        return {"shank_to_vertical": (0.0, right_ir(t - seconds / 2))}

    result = evaluate("hip_rotation", [clip(movement(pose, seconds, FPS, front_body, "front"))], AthleteProfile())
    left, right = find(result, "hip_internal_rotation", "left"), find(result, "hip_internal_rotation", "right")
    assert left.value == pytest.approx(35.0, abs=1.0) and left.severity == "normal"
    assert right.value == pytest.approx(22.0, abs=1.0) and right.severity == "mild"
    assert len(left.details["reps"]) == 2 and len(right.details["reps"]) == 2
    asym = find(result, "hip_internal_rotation_asymmetry")
    assert asym.value == pytest.approx(13.0, abs=1.0) and asym.flagged
    assert "low-back pain" in right.follow_up


def test_seated_hip_external_rotation():
    er = reps_profile(-40.0, 2, 6.0)
    result = evaluate("hip_rotation", [clip(movement(lambda t: {"shank_to_vertical": (er(t), 0.0)}, 6.0, FPS,
                                                     front_body, "front"))], AthleteProfile())
    assert find(result, "hip_external_rotation", "left").value == pytest.approx(40.0, abs=1.0)


def test_hip_rotation_pelvis_lift_is_flagged():
    ir = reps_profile(35.0, 2, 6.0)
    lift = reps_profile(8.0, 2, 6.0)
    result = evaluate("hip_rotation", [clip(movement(lambda t: {"shank_to_vertical": (ir(t), 0.0),
                                                                "pelvic_obliquity": lift(t)},
                                                     6.0, FPS, front_body, "front"))], AthleteProfile())
    pelvis = find(result, "pelvis_lift_during_rotation", "left")
    assert pelvis.value == pytest.approx(8.0, abs=1.0) and pelvis.flagged


def squat_side_clip(knee: float, reps: int = 3, lean_extra: float = 0.0):
    seconds = 2.5 * reps + 1
    knee_p = reps_profile(knee, reps, seconds)

    def pose(t):
        k = knee_p(t)
        shank = 0.35 * k
        return {"knee_flexion": k, "shank_tilt": shank, "trunk_inclination": 0.4 * k + lean_extra * k / max(knee, 1)}

    return clip(movement(pose, seconds, FPS, side_body, "side", facing=1))


def test_squat_side_depth_and_reps():
    result = evaluate("squat", [squat_side_clip(110.0)], AthleteProfile())
    depth = find(result, "squat_depth_knee_flexion")
    assert depth.value == pytest.approx(110.0, abs=1.0) and depth.severity == "normal"
    assert len(result.reps["hip_drop"]) == 3
    lean = find(result, "trunk_lean_vs_shank")
    assert lean.value == pytest.approx(0.4 * 110 - 0.35 * 110, abs=1.0)


def test_squat_side_shallow_and_forward_lean_flagged():
    result = evaluate("squat", [squat_side_clip(80.0, lean_extra=25.0)], AthleteProfile())
    assert find(result, "squat_depth_knee_flexion").severity == "mild"
    assert find(result, "trunk_lean_vs_shank").value == pytest.approx(0.05 * 80 + 25.0, abs=1.0)
    assert find(result, "trunk_lean_vs_shank").severity == "marked"


def test_squat_front_knee_valgus_left_only():
    seconds = 8.5
    drop = reps_profile(40.0, 3, seconds)
    valgus = reps_profile(14.0, 3, seconds)
    series = movement(lambda t: {"hip_drop": drop(t), "fppa": (valgus(t), 0.0)}, seconds, FPS, front_body, "front")
    result = evaluate("squat", [clip(series)], AthleteProfile())
    left, right = find(result, "knee_valgus_fppa", "left"), find(result, "knee_valgus_fppa", "right")
    assert left.value == pytest.approx(14.0, abs=1.0) and left.flagged
    assert right.value == pytest.approx(0.0, abs=1.0) and not right.flagged
    assert find(result, "knee_valgus_fppa_asymmetry").flagged
    assert len(result.reps["hip_drop"]) == 3


def test_single_leg_squat_pelvic_drop_and_valgus():
    seconds = 8.5
    drop = reps_profile(20.0, 3, seconds)
    pelvis = reps_profile(7.0, 3, seconds)
    valgus = reps_profile(12.0, 3, seconds)

    def pose(t):
        body = front_body(hip_drop=drop(t), fppa=(valgus(t), 0.0), pelvic_obliquity=pelvis(t))
        body["right_ankle"] = body["right_ankle"] + [0.0, 25.0]  # free leg lifted
        return body

    series = movement(lambda t: {"t": t}, seconds, FPS, lambda t: pose(t), "front")
    result = evaluate("single_leg_squat", [clip(series)], AthleteProfile())
    assert find(result, "knee_valgus_fppa", "left").value == pytest.approx(12.0, abs=1.0)
    drop_finding = find(result, "contralateral_pelvic_drop", "left")
    assert drop_finding.value == pytest.approx(7.0, abs=1.0) and drop_finding.flagged
    assert len(result.reps["knee_fppa_left"]) == 3
    assert "gluteus medius" in drop_finding.follow_up


def test_posture_front_and_side_with_centimetres():
    front = movement(lambda t: {"shoulder_tilt": -4.0, "pelvic_obliquity": 1.0}, 1.0, FPS, front_body, "front")
    side = movement(lambda t: {"head_forward": 20.0}, 1.0, FPS, side_body, "side")
    result = evaluate("posture", [clip(front), clip(side)], AthleteProfile(height_cm=175.0))
    tilt = find(result, "shoulder_tilt")
    assert tilt.value == pytest.approx(-4.0, abs=1.0) and tilt.severity in ("mild", "marked")
    assert tilt.details["higher_side"] == "right" and tilt.details["height_difference_cm"] is not None
    assert find(result, "pelvic_obliquity").severity == "normal"
    head = find(result, "forward_head")
    assert head.value == pytest.approx(20.0, abs=1.0) and head.severity == "mild"


def test_wrong_view_is_flagged():
    """A side-view protocol given a front-view clip gets an invalid view finding and low confidence."""
    seconds = 7.0
    arm = reps_profile(170.0, 3, seconds)
    front = movement(lambda t: {"shank_to_vertical": (arm(t) / 5, 0.0)}, seconds, FPS, front_body, "front")
    reach_in_front_of_hip_screen = evaluate("hip_rotation", [reach_clip("left", 170.0)], AthleteProfile())
    view = find(reach_in_front_of_hip_screen, "view_check")
    assert view.severity == "invalid" and "off the front view" in view.confidence_reason
    assert evaluate("hip_rotation", [clip(front)], AthleteProfile()).findings[0].metric != "view_check"
