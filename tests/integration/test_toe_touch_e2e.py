"""The sixth screen, ``toe_touch``, end to end: real MediaPipe on rendered clips whose truth is known.

``test_videos/toe_touch_side.mp4``: a tall slim woman, left side to the camera, 2 forward bends
(pelvis pitched 65° on the thighs, trunk flexed 35° on the pelvis, knees 3°), fingertips
``notes.fingertip_floor_gap_pct_height`` (9.8 %) of her height above the floor at the bottom.
``test_videos/toe_touch_front.mp4``: a man facing the camera, the same bends with the trunk also
bending 12° to his right at the bottom (``notes.lateral_deg``). Made by ``tools/synth/scenes.py``.

Tolerances: the errors seen on these clips plus a margin; they fail if a change makes a measure
clearly worse, and the severities follow from the truth (fingertips 9.8 % of height up: marked).
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from pypdf import PdfReader

from tests.integration.conftest import VIDEOS

TRUNK_THIGH_TOLERANCE_DEG = 5.0  # measured 98.6° against 99.7° on the rig (2-D)
KNEE_TOLERANCE_DEG = 5.0
REACH_TOLERANCE_PCT = 3.5  # MediaPipe's index point sits above the fingertip: 11.6 % against 9.8 %
SHIFT_TOLERANCE_PCT = 6.0  # measured −25.7 % against −26.3 % of shoulder width

pytestmark = pytest.mark.skipif(not (VIDEOS / "toe_touch_side.mp4").exists(), reason="toe-touch clips not rendered")


def truth(name: str) -> dict:
    return json.loads((VIDEOS / f"{name}.json").read_text(encoding="utf-8"))


def rig_2d_peak(name: str, measure: str) -> float:
    """The measure through the camera (rig joint centres, px), at the bottom of each rep: median over reps."""
    data = truth(name)
    times = np.array([f["time_s"] for f in data["frames"]])
    return float(np.median([data["frames"][int(np.argmin(np.abs(times - r["peak_s"])))]["rig_2d"][measure]
                            for r in data["reps"]]))


def lateral_shift_truth(name: str) -> float:
    """Mid-shoulder over mid-ankle at the bottom minus standing, % of the standing shoulder width (+ = left)."""
    data = truth(name)
    frames, times = data["frames"], np.array([f["time_s"] for f in data["frames"]])

    def x(frame: dict, joint: str) -> float:
        return float(frame["joints_2d_px"][joint][0])

    def offset(frame: dict) -> float:
        return (x(frame, "left_shoulder") + x(frame, "right_shoulder")) / 2 - (
            x(frame, "left_ankle") + x(frame, "right_ankle")) / 2

    standing = frames[0]
    width = x(standing, "left_shoulder") - x(standing, "right_shoulder")
    bottoms = [frames[int(np.argmin(np.abs(times - r["peak_s"])))] for r in data["reps"]]
    return float(np.median([100.0 * (offset(b) - offset(standing)) * np.sign(width) / abs(width) for b in bottoms]))


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    from tests.integration.conftest import analyze

    return analyze(tmp_path_factory.mktemp("toe_touch"), "toe_touch_side.mp4", "toe_touch_front.mp4",
                   protocol="toe_touch", extra=("--no-video", "--pdf"))


def test_side_view_gives_trunk_to_thigh_reach_and_knees_within_tolerance_of_the_truth(both):
    assert both.returncode == 0, both.stderr
    bend = both.findings("forward_bend_hip_flexion", "left")[0]
    assert bend["value"] == pytest.approx(rig_2d_peak("toe_touch_side", "hip_flexion_left"),
                                          abs=TRUNK_THIGH_TOLERANCE_DEG)
    assert bend["unit"] == "deg" and bend["severity"] == "normal" and len(bend["details"]["reps"]) == 2
    knees = both.findings("knee_flexion_during_bend", "left")[0]
    knee_truth = rig_2d_peak("toe_touch_side", "knee_flexion_left") - truth("toe_touch_side")["frames"][0]["rig_2d"][
        "knee_flexion_left"]
    assert knees["value"] == pytest.approx(knee_truth, abs=KNEE_TOLERANCE_DEG) and knees["severity"] == "normal"
    reach = both.findings("fingertip_to_floor", "left")[0]
    expected = truth("toe_touch_side")["notes"]["fingertip_floor_gap_pct_height"]
    assert reach["value"] == pytest.approx(expected, abs=REACH_TOLERANCE_PCT)
    assert reach["unit"] == "%" and reach["severity"] == "marked"  # 9.8 % of height ≈ 18 cm: above mean + 2 SD
    assert "%" in reach["explanation"] and "°" not in reach["explanation"]
    assert all(f["confidence"] == "medium" for f in (bend, knees, reach))  # capped until benchmarked: metrics.py


def test_front_view_gives_the_sideways_shift_within_tolerance_of_the_truth(both):
    shift = both.findings("forward_bend_lateral_shift")[0]
    expected = lateral_shift_truth("toe_touch_front")
    assert expected < -20.0  # the rig bends to its right: a marked shift toward the right
    assert shift["value"] == pytest.approx(expected, abs=SHIFT_TOLERANCE_PCT)
    assert shift["severity"] in ("mild", "marked") and shift["details"]["toward"] == "right"
    assert not both.findings("view_check") and not both.findings("movement_check")
    assert len(both.summary["reps"]["trunk_inclination"]) == 4  # 2 bends in each clip


def test_pdf_report_holds_the_screen_and_its_findings(both):
    reader = PdfReader(both.out / "report.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in ("Standing forward bend (toe touch)", "Fingertip to floor", "Forward bend (trunk to thigh)",
                     "Sideways shift in the forward bend", "Kippers & Parker"):
        assert expected in text, expected


@pytest.mark.parametrize("clip", ["squat_side.mp4", "squat_front.mp4", "jump_side.mp4"])
def test_other_movements_are_refused_as_a_toe_touch(analyzed, clip):
    run = analyzed(clip, protocol="toe_touch", extra=("--no-video",))
    assert run.returncode == 8, run.stderr
    check = run.findings("movement_check")
    assert check and check[0]["severity"] == "invalid" and "no forward bend found" in check[0]["explanation"]
    assert {f["metric"] for f in run.summary["findings"]} <= {"movement_check", "other_people_in_view"}


def test_a_toe_touch_is_refused_as_a_squat(analyzed):
    run = analyzed("toe_touch_side.mp4", protocol="squat", extra=("--no-video",))
    assert run.returncode == 8, run.stderr
    assert run.findings("movement_check")[0]["severity"] == "invalid"
