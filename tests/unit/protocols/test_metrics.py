"""The metric table: every finding cites its own norm in its own unit; implausible values are never graded."""

from __future__ import annotations

import pytest

from screening.model.profile import AthleteProfile
from screening.pipeline import evaluate
from screening.protocols.common import asymmetry_finding, deviation_finding, rom_finding
from screening.protocols.metrics import METRICS
from screening.protocols.metrics import metric as metric_row
from screening.protocols.norms import NORMS
from tests.fixtures.bodies import front_body, movement, reps_profile, side_body
from tests.unit.protocols.test_protocols import FPS, clip, reach_clip, squat_side_clip

SESSION_METRICS = {"view_check", "movement_check", "other_people_in_view"}
HIGH = ("high", "ok")


def test_every_metric_has_its_own_norm_row_in_its_unit():
    assert set(METRICS) == set(NORMS)
    for key, row in METRICS.items():
        assert NORMS[key].metric == key and NORMS[key].unit == row.unit
        low, high = row.plausible
        assert low < high
        if row.kind == "asymmetry":
            assert row.compares in METRICS and METRICS[row.compares].kind != "asymmetry"


def all_protocol_results():
    """Findings of every protocol on synthetic clips with known angles (both sides where the screen has two)."""
    seconds = 8.5
    drop, valgus, pelvis = reps_profile(40.0, 3, seconds), reps_profile(14.0, 3, seconds), reps_profile(7.0, 3, seconds)
    front_squat = movement(lambda t: {"hip_drop": drop(t), "fppa": (valgus(t), 0.0)}, seconds, FPS, front_body, "front")

    def one_leg(t):
        body = front_body(hip_drop=drop(t) / 2, fppa=(valgus(t), 0.0), pelvic_obliquity=pelvis(t))
        body["right_ankle"] = body["right_ankle"] + [0.0, 25.0]
        return body

    swing = reps_profile(35.0, 2, 7.0)
    seated = movement(lambda t: {"shank_to_vertical": (swing(t), -swing(t) * 0.8)}, 7.0, FPS, front_body, "front")
    posture_front = movement(lambda t: {"shoulder_tilt": -4.0}, 1.0, FPS, front_body, "front")
    posture_side = movement(lambda t: {"head_forward": 20.0}, 1.0, FPS, side_body, "side")
    return [
        evaluate("overhead_reach", [reach_clip("left", 170.0), reach_clip("right", 140.0)], AthleteProfile()),
        evaluate("squat", [squat_side_clip(110.0), clip(front_squat)], AthleteProfile()),
        evaluate(
            "single_leg_squat",
            [clip(movement(lambda t: {"t": t}, seconds, FPS, lambda t: one_leg(t), "front"))],
            AthleteProfile(),
        ),
        evaluate("hip_rotation", [clip(seated)], AthleteProfile()),
        evaluate("posture", [clip(posture_front), clip(posture_side)], AthleteProfile(height_cm=175.0)),
    ]


def test_every_finding_cites_the_norm_of_its_own_metric_in_its_unit():
    seen = set()
    for result in all_protocol_results():
        for finding in result.findings:
            if finding.metric in SESSION_METRICS:
                continue
            seen.add(finding.metric)
            norm = NORMS[finding.metric]
            assert finding.unit == norm.unit, finding.metric
            if finding.severity != "invalid":
                assert finding.norm_source == norm.source, finding.metric
                assert (finding.normal_min, finding.normal_max) == (norm.normal_min, norm.normal_max)
    assert {
        "shoulder_flexion",
        "knee_valgus_fppa",
        "pelvic_lateral_shift",
        "contralateral_pelvic_drop",
        "hip_internal_rotation",
        "forward_head",
        "heel_rise",
    } <= seen


def test_pelvic_shift_is_a_percentage_of_hip_width_not_degrees():
    shift = next(f for r in all_protocol_results() for f in r.findings if f.metric == "pelvic_lateral_shift")
    assert shift.unit == "%" and "%" in shift.explanation and "°" not in shift.explanation.split(".")[0]
    assert shift.value == pytest.approx(shift.details["shift_pct_hip_width"], abs=0.1)


def test_a_value_outside_the_physiological_range_is_invalid_never_graded():
    confidence = ("high", "side view")
    heel = deviation_finding(
        "squat",
        "heel_rise",
        side="left",
        value=-48.0,
        confidence=confidence,
        label="Heel rise",
        flagged="The heel lifts.",
    )
    assert heel.severity == "invalid" and heel.value is None and heel.confidence == "low"
    assert "outside the plausible" in heel.explanation and heel.details["implausible_value"] == -48.0
    knee = rom_finding(
        "squat",
        "squat_depth_knee_flexion",
        side="left",
        value=190.0,
        confidence=confidence,
        label="Depth",
        flagged="Shallow.",
        follow_up="",
    )
    assert knee.severity == "invalid"
    assert (
        rom_finding(
            "squat",
            "squat_depth_knee_flexion",
            side="left",
            value=100.0,
            confidence=confidence,
            label="Depth",
            flagged="",
            follow_up="",
        ).severity
        == "normal"
    )


def test_a_negative_value_is_not_graded_as_the_deviation_its_text_describes():
    heel = deviation_finding(
        "squat",
        "heel_rise",
        side="left",
        value=-8.0,
        confidence=("high", "ok"),
        label="Heel rise",
        flagged="The heel lifts.",
    )
    assert heel.severity == "normal" and "heel lifts" not in heel.explanation


def test_valgus_asymmetry_names_the_side_with_more_valgus_and_has_no_limb_symmetry_index():
    confidence = ("high", "ok")
    left = deviation_finding(
        "squat", "knee_valgus_fppa", side="left", value=2.0, confidence=confidence, label="Valgus (left)", flagged="In."
    )
    right = deviation_finding(
        "squat",
        "knee_valgus_fppa",
        side="right",
        value=16.0,
        confidence=confidence,
        label="Valgus (right)",
        flagged="In.",
    )
    finding = asymmetry_finding(
        "squat", "knee_valgus_fppa", left=left, right=right, follow_up="Test the glutes.", part="knee"
    )
    assert finding.flagged and "right knee shows 14° more valgus" in finding.explanation
    assert "symmetry index" not in finding.explanation and finding.details["symmetry_index_pct"] is None
    assert finding.norm_source == NORMS["knee_valgus_fppa_asymmetry"].source


def test_range_asymmetry_keeps_the_limb_symmetry_index():
    confidence = ("high", "ok")
    left = rom_finding(
        "hip_rotation",
        "hip_internal_rotation",
        side="left",
        value=40.0,
        confidence=confidence,
        label="IR (left)",
        flagged="",
        follow_up="",
    )
    right = rom_finding(
        "hip_rotation",
        "hip_internal_rotation",
        side="right",
        value=25.0,
        confidence=confidence,
        label="IR (right)",
        flagged="",
        follow_up="",
    )
    finding = asymmetry_finding("hip_rotation", "hip_internal_rotation", left=left, right=right, follow_up="")
    assert "limb symmetry index 62 %" in finding.explanation and "right side moves less" in finding.explanation


def test_a_metric_with_a_known_bias_above_its_tolerance_is_never_high():
    head = deviation_finding(
        "posture",
        "forward_head",
        side="",
        value=26.0,
        confidence=("high", "side view"),
        label="Forward head",
        flagged="Forward.",
    )
    assert head.confidence == "low" and "7-12° high" in head.confidence_reason


def test_a_wrong_view_leaves_every_number_ungraded():
    """A squat whose feet are out of the frame: the numbers are kept for the record, none is graded."""
    cropped = squat_side_clip(110.0)
    cropped.series.attrs["frame_height"] = 700  # the feet (y up to 812 px) leave the frame
    result = evaluate("squat", [cropped], AthleteProfile())
    assert result.findings[0].metric == "view_check" and "whole body in frame" in result.findings[0].explanation
    assert "movement_check" not in [f.metric for f in result.findings]
    measured = [f for f in result.findings if f.metric == "squat_depth_knee_flexion"]
    assert measured and measured[0].value == pytest.approx(110.0, abs=1.0)
    assert all(f.severity == "invalid" and f.confidence == "low" for f in result.findings)
    assert measured[0].explanation.startswith("Not graded: the camera view was wrong")
    good = evaluate("squat", [squat_side_clip(110.0)], AthleteProfile())
    assert [f for f in good.findings if f.severity == "normal"]


def test_shoulder_flexion_is_high_within_its_measured_bound_and_its_asymmetry_is_not():
    """Shoulder flexion 'high' stands for 7° (bench: fit worst 6.7°, held-out holdout4 worst 6.2°); the left − right
    difference was within its 4° bound on only 11 of 16 held-out pairs, so the asymmetry is capped at medium."""
    assert metric_row("shoulder_flexion").high_bound == 7.0 and metric_row("shoulder_flexion").max_confidence == "high"
    result = evaluate("overhead_reach", [reach_clip("left", 170.0), reach_clip("right", 145.0)], AthleteProfile())
    flexion = [f for f in result.findings if f.metric == "shoulder_flexion"]
    assert len(flexion) == 2 and all(f.confidence == "high" for f in flexion)
    asymmetry = next(f for f in result.findings if f.metric == "shoulder_flexion_asymmetry")
    assert asymmetry.confidence == "medium" and "11 of 16 held-out" in asymmetry.confidence_reason
    assert asymmetry.confidence_reason.startswith("left: high; right: high")


@pytest.mark.parametrize("key, says", [("knee_valgus_fppa", "10° off"), ("contralateral_pelvic_drop", "bias")])
def test_metrics_whose_held_out_error_exceeds_the_bound_are_never_high(key, says):
    finding = deviation_finding("squat", key, side="left", value=8.0, confidence=("high", "front view"),
                                label="x", flagged="", follow_up="")
    assert finding.confidence == "medium" and says in finding.confidence_reason


def test_compensations_of_an_ungraded_reach_are_not_graded_either():
    """A reach whose flexion is implausible (an arm circle reads past 200°) grades neither trunk nor elbow."""
    from screening.protocols.overhead_reach import OverheadReach

    result = evaluate("overhead_reach", [reach_clip("left", 170.0)], AthleteProfile())
    assert [f for f in result.findings if f.severity == "normal"]
    protocol = OverheadReach()
    clip_analysis = reach_clip("left", 170.0)
    clip_analysis.angles["shoulder_flexion_corrected_left"] += 60.0  # peaks at 230°: implausible
    result = evaluate("overhead_reach", [clip_analysis], AthleteProfile())
    flexion = next(f for f in result.findings if f.metric == "shoulder_flexion")
    assert flexion.severity == "invalid" and protocol.spec.name == "overhead_reach"
    for metric in ("trunk_extension_during_reach", "elbow_flexion_at_peak"):
        finding = next(f for f in result.findings if f.metric == metric)
        assert finding.severity == "invalid" and finding.confidence == "low", metric
