"""Each protocol end to end on a rendered clip whose true angles are known (test_videos/*.json).

Tolerances: the largest errors seen on these clips plus a margin (see docs/accuracy.md for the
benchmark over the whole generated set); they fail if a change makes a measure clearly worse.
"""

from __future__ import annotations

import json

import pytest

from tests.integration.conftest import VIDEOS

SHOULDER_TOLERANCE_DEG = 6.0  # bench peaks within 5° on 55 of 58 fit and 9 of 11 held-out sides; this pair −2.4°, +1.1°
SHOULDER_ASYMMETRY_TOLERANCE_DEG = 6.5  # this pair reads −3.5° (1e; −5.7° before); held-out pairs up to −6.6°
HIP_ROTATION_TOLERANCE_DEG = 8.0  # external rotation reads ~6° low on these renders (docs/accuracy.md)
SQUAT_DEPTH_TOLERANCE_DEG = 8.0


def truth(name: str) -> dict:
    return json.loads((VIDEOS / f"{name}.json").read_text(encoding="utf-8"))


def peak_set(name: str, key: str) -> float:
    return max(frame["set_deg"].get(key, 0.0) for frame in truth(name)["frames"])


def test_overhead_reach_clip_per_side_and_asymmetry(analyzed):
    run = analyzed("overhead_reach_side_left.mp4", "overhead_reach_side_right.mp4", protocol="overhead_reach")
    assert run.returncode == 0, run.stderr
    left = run.findings("shoulder_flexion", "left")[0]
    right = run.findings("shoulder_flexion", "right")[0]
    assert left["value"] == pytest.approx(peak_set("overhead_reach_side_left", "shoulder_flexion_left"),
                                          abs=SHOULDER_TOLERANCE_DEG)
    assert right["value"] == pytest.approx(peak_set("overhead_reach_side_right", "shoulder_flexion_right"),
                                           abs=SHOULDER_TOLERANCE_DEG)
    assert left["confidence"] == "high"  # a good side view: within the 7° bound of metrics.py
    assert len(left["details"]["reps"]) == 2
    asym = run.findings("shoulder_flexion_asymmetry")[0]
    assert asym["value"] == pytest.approx(30.0, abs=SHOULDER_ASYMMETRY_TOLERANCE_DEG) and asym["severity"] != "normal"
    assert asym["confidence"] == "medium" and "held-out" in asym["confidence_reason"]  # capped: metrics.py
    assert not run.findings("view_check")


def test_overhead_reach_trunk_extension_compensation(analyzed):
    run = analyzed("overhead_reach_trunk_extension.mp4", protocol="overhead_reach")
    extension = run.findings("trunk_extension_during_reach", "left")[0]
    assert extension["value"] >= 10.0 and extension["severity"] != "normal"
    assert extension["details"]["share_of_elevation_pct"] > 5


def test_wrong_view_clip_is_refused_on_its_first_seconds_with_the_advice(analyzed):
    run = analyzed("overhead_reach_wrong_view.mp4", protocol="overhead_reach")
    assert run.returncode == 8 and "in the first 3 s" in run.stderr and "Turn about" in run.stderr
    assert not any(run.out.iterdir()) if run.out.exists() else True  # nothing analysed, nothing written


def test_wrong_view_clip_is_flagged(analyzed):
    run = analyzed("overhead_reach_wrong_view.mp4", protocol="overhead_reach", extra=("--early-check-s", "0"))
    view = run.findings("view_check")
    assert view and view[0]["severity"] == "invalid"
    assert all(f["confidence"] == "low" for f in run.summary["findings"])


def test_seated_hip_rotation(analyzed):
    run = analyzed("hip_rotation_seated_front.mp4", protocol="hip_rotation")
    for side, expected in (("left", 35.0), ("right", 25.0)):
        ir = run.findings("hip_internal_rotation", side)[0]
        assert ir["value"] == pytest.approx(expected, abs=HIP_ROTATION_TOLERANCE_DEG)
        er = run.findings("hip_external_rotation", side)[0]
        assert er["value"] == pytest.approx(40.0, abs=HIP_ROTATION_TOLERANCE_DEG)
    assert run.findings("hip_internal_rotation_asymmetry")[0]["details"]["smaller_side"] == "right"


def test_squat_side_depth(analyzed):
    run = analyzed("squat_side.mp4", protocol="squat")
    depth = run.findings("squat_depth_knee_flexion")[0]
    assert depth["value"] == pytest.approx(100.0, abs=SQUAT_DEPTH_TOLERANCE_DEG)
    assert len(run.summary["reps"]["hip_drop"]) == 3


def test_squat_front_gives_valgus_per_side(analyzed):
    run = analyzed("squat_front.mp4", protocol="squat")
    assert run.findings("knee_valgus_fppa", "left") and run.findings("knee_valgus_fppa", "right")
    assert len(run.summary["reps"]["hip_drop"]) == 3


def test_single_leg_squat(analyzed):
    run = analyzed("single_leg_squat_front_left.mp4", protocol="single_leg_squat")
    assert run.findings("knee_valgus_fppa", "left") and run.findings("contralateral_pelvic_drop", "left")
    assert len(run.summary["reps"]["knee_fppa_left"]) == 3


def test_posture_photos_front_and_side(analyzed):
    run = analyzed("posture_front.jpg", "posture_side.jpg", protocol="posture", extra=("--height-cm", "175"))
    assert run.returncode == 0, run.stderr
    tilt = run.findings("shoulder_tilt")[0]
    assert tilt["value"] > 0 and tilt["details"]["higher_side"] == "left"  # the right shoulder is 3 cm lower
    assert run.findings("forward_head")[0]["value"] > 5.0
    assert not run.findings("view_check")
