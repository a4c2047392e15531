"""Movement recognition: a clip that does not show the screen's movement gets one invalid finding, no metric.

Synthetic stick figures with known motion: walking across a side view (hips travel, feet step),
jumping in place (feet leave the ground), standing still, a double-leg squat given to the
single-leg screen, and a seated swing given to the squat. Each protocol must refuse what is not
its movement and keep measuring what is.
"""

from __future__ import annotations

import numpy as np
import pytest

from screening.model.profile import AthleteProfile
from screening.pipeline import evaluate
from tests.fixtures.bodies import front_body, make_series, movement, reps_profile, side_body, to_image
from tests.unit.protocols.test_protocols import FPS, clip, reach_clip, squat_side_clip

PROTOCOLS = ("squat", "overhead_reach", "hip_rotation", "single_leg_squat", "posture")
GRADED = ("normal", "mild", "marked")


def walking_side(seconds: float = 4.0):
    """Walking across a side view: 1.2 strides/s, the body travels 120 px/s, legs swing ±25°, arms ±30°."""
    frames = []
    for t in np.arange(int(seconds * FPS)) / FPS:
        phase = np.sin(2 * np.pi * 1.2 * t)
        body = side_body(hip_flexion=25.0 * phase, knee_flexion=20.0 * max(phase, 0.0), shoulder_flexion=-30 * phase,
                         arm_side="left")
        frames.append(to_image(body, "side", facing=1, origin=(300.0 + 120.0 * t, 800.0 - 8.0 * abs(phase))))
    return clip(make_series(frames, fps=FPS))


def jumping_front(seconds: float = 4.0, jumps: int = 3, flight_px: float = 120.0):
    """Jumping in place, facing the camera: a dip of 40 px, then the whole body ``flight_px`` up in the air."""
    period = seconds / jumps
    frames = []
    for t in np.arange(int(seconds * FPS)) / FPS:
        phase = (t % period) / period
        dip = 40.0 * np.sin(np.pi * phase / 0.4) if phase < 0.4 else 0.0
        flight = flight_px * np.sin(np.pi * (phase - 0.4) / 0.4) if 0.4 <= phase < 0.8 else 0.0
        frames.append(to_image(front_body(hip_drop=dip, abduction=(60.0 * (dip > 0), 60.0 * (dip > 0))), "front",
                               origin=(640.0, 800.0 - flight)))
    return clip(make_series(frames, fps=FPS))


def standing_still(seconds: float = 4.0):
    """Standing still facing the camera (tiny sway)."""
    return clip(movement(lambda t: {"trunk_lean": 0.5 * np.sin(t)}, seconds, FPS, front_body, "front"))


def double_leg_front_squat(seconds: float = 8.5):
    drop = reps_profile(40.0, 3, seconds)
    return clip(movement(lambda t: {"hip_drop": drop(t)}, seconds, FPS, front_body, "front"))


def only_invalid(result) -> None:
    """Assert the screen measured nothing: a movement finding and no graded or high-confidence number."""
    metrics = [f.metric for f in result.findings]
    assert "movement_check" in metrics, metrics
    assert not [f for f in result.findings if f.severity in GRADED], [(f.metric, f.severity) for f in result.findings]
    assert not [f for f in result.findings if f.confidence == "high"]


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_walking_is_no_screen(protocol):
    result = evaluate(protocol, [walking_side()], AthleteProfile())
    only_invalid(result)
    movement_finding = next(f for f in result.findings if f.metric == "movement_check")
    assert movement_finding.explanation.startswith("The clip does not show the movement")
    assert "screening protocols" in movement_finding.explanation


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_jumping_is_no_screen(protocol):
    only_invalid(evaluate(protocol, [jumping_front()], AthleteProfile()))


@pytest.mark.parametrize("protocol", [p for p in PROTOCOLS if p != "posture"])
def test_standing_still_is_no_movement_screen(protocol):
    only_invalid(evaluate(protocol, [standing_still()], AthleteProfile()))


def test_standing_still_is_a_posture():
    result = evaluate("posture", [standing_still()], AthleteProfile())
    assert "movement_check" not in [f.metric for f in result.findings]
    assert [f for f in result.findings if f.severity in GRADED]


def test_double_leg_squat_is_not_a_single_leg_squat_but_is_a_squat():
    result = evaluate("single_leg_squat", [double_leg_front_squat()], AthleteProfile())
    only_invalid(result)
    assert "both feet stayed on the ground" in result.findings[0].explanation
    squat = evaluate("squat", [double_leg_front_squat()], AthleteProfile())
    assert "movement_check" not in [f.metric for f in squat.findings]


def test_a_reach_is_not_a_squat_and_a_squat_is_not_a_reach():
    only_invalid(evaluate("squat", [reach_clip("left", 170.0)], AthleteProfile()))
    only_invalid(evaluate("overhead_reach", [squat_side_clip(110.0)], AthleteProfile()))


def test_reps_that_are_not_the_movement_are_left_out_and_said_so():
    """Three good squats, then a jump: the jump's dip is left out, with the reason in the notes."""
    good = double_leg_front_squat()
    jump = jumping_front(seconds=1.6, jumps=1)
    frames_good = good.series["position"].values.shape[0]
    series = make_series(
        [(good.series["position"].values[i], good.series["world_position"].values[i]) for i in range(frames_good)]
        + [(jump.series["position"].values[i], jump.series["world_position"].values[i])
           for i in range(jump.series.sizes["time"])],
        fps=FPS,
    )
    result = evaluate("squat", [clip(series)], AthleteProfile())
    assert "movement_check" not in [f.metric for f in result.findings]
    assert len(result.reps["hip_drop"]) == 3
    assert any("left out" in note and "feet left the ground" in note for note in result.notes), result.notes


def _thighs_at(ratio: float):
    """A front-view figure whose thighs are drawn ``ratio`` torso lengths tall in the image (knee below the hip)."""
    from screening.model.keypoints import LANDMARK_INDEX

    position, world = to_image(front_body(), "front")
    torso = np.linalg.norm(
        (position[:, LANDMARK_INDEX["left_shoulder"]] + position[:, LANDMARK_INDEX["right_shoulder"]]) / 2
        - (position[:, LANDMARK_INDEX["left_hip"]] + position[:, LANDMARK_INDEX["right_hip"]]) / 2
    )
    for side in ("left", "right"):
        drop = position[1, LANDMARK_INDEX[f"{side}_hip"]] + ratio * torso - position[1, LANDMARK_INDEX[f"{side}_knee"]]
        for part in ("knee", "ankle", "heel", "foot_index"):
            position[1, LANDMARK_INDEX[f"{side}_{part}"]] += drop
    return make_series([(position, world)] * 5, fps=FPS)


def test_seated_seen_from_a_low_close_camera_is_seated():
    """A seated person filmed from 0.9 m with a wide lens, 10° off (bench clip hip_rotation_01_off10): the thighs
    read 0.46-0.52 torso lengths tall by perspective, where standing reads 0.8-1.0. They were refused at 0.5."""
    from screening.protocols.recognition import seated_problem

    assert seated_problem(_thighs_at(0.55)) is None
    assert "upright" in seated_problem(_thighs_at(0.8))


def _world_knee_flattened(analysis, factor: float = 0.2):
    """Return ``analysis`` with the world (3-D) knee flexion scaled down, as a camera above hip height reads it."""
    angles = analysis.angles.copy()
    for side in ("left", "right"):
        column = f"knee_flexion_3d_{side}"
        angles[column] = angles[column].iloc[0] + factor * (angles[column] - angles[column].iloc[0])
    return type(analysis)(raw=analysis.raw, series=analysis.series, angles=angles)


def test_front_squat_whose_world_knee_bend_a_high_camera_flattens_is_still_a_squat():
    """Front view, hips 40 px down (legs 87 px): the legs shorten to 64 % in the image, the world knee reads 20 %.

    Before the image leg-height test, the knees "bent only" ~20° and the squat was refused.
    """
    squat = _world_knee_flattened(double_leg_front_squat())
    bend = squat.angles["knee_flexion_3d_left"]
    assert float(bend.max() - bend.iloc[0]) < 30.0  # what the old test saw
    result = evaluate("squat", [squat], AthleteProfile())
    assert "movement_check" not in [f.metric for f in result.findings], result.findings[0].explanation
    assert len(result.reps["hip_drop"]) == 3


def test_front_dip_whose_legs_keep_their_height_is_no_squat():
    """Front view, hips 11 px down (22 % of the torso: a rep), legs keep 88 %+ of their height, knees barely bend."""
    seconds = 8.5
    drop = reps_profile(11.0, 3, seconds)
    dip = _world_knee_flattened(clip(movement(lambda t: {"hip_drop": drop(t)}, seconds, FPS, front_body, "front")))
    result = evaluate("squat", [dip], AthleteProfile())
    only_invalid(result)
    assert "kept" in result.findings[0].explanation and "of its height" in result.findings[0].explanation


def test_small_slow_jumps_are_no_squat():
    """Three slow jumps (0.8 s dips, a squat's duration) with a flight of 30 px = 0.15 torso lengths.

    Each ankle rises less than the 0.2-torso step limit, but both feet leave the ground together.
    """
    result = evaluate("squat", [jumping_front(seconds=6.0, jumps=3, flight_px=30.0)], AthleteProfile())
    only_invalid(result)
    assert "both feet left the ground together" in result.findings[0].explanation


def test_a_squat_with_the_heels_rising_keeps_its_reps():
    """Side-view squats whose heels rise 25° at the bottom: the ankles lift, the toes stay on the floor."""
    seconds = 8.5
    knee, heel = reps_profile(110.0, 3, seconds), reps_profile(25.0, 3, seconds)
    frames = []
    for t in np.arange(int(seconds * FPS)) / FPS:
        body = side_body(knee_flexion=knee(t), shank_tilt=0.35 * knee(t), trunk_inclination=0.4 * knee(t),
                         heel_rise=heel(t))
        floor = 800.0 + 4.0 * float(body["left_foot_index"][1])  # the toes stay at image y = 800 px
        frames.append(to_image(body, "side", facing=1, origin=(640.0, floor)))
    squat = clip(make_series(frames, fps=FPS))
    ankle_rise = float(np.ptp(squat.series["position"].sel(keypoint="left_ankle", space="y").values))
    assert ankle_rise > 0.1 * 200.0  # more than the both-feet limit (0.07 torso lengths of 200 px)
    result = evaluate("squat", [squat], AthleteProfile())
    assert "movement_check" not in [f.metric for f in result.findings]
    assert len(result.reps["hip_drop"]) == 3


def test_walking_toward_the_camera_is_not_standing_still():
    """Facing the camera, hips fixed in the image (camera at hip height), the body growing 2.5 → 4.5 px/cm in 4 s."""
    times = np.arange(4 * FPS) / FPS
    frames = [to_image(front_body(), "front", scale=2.5 + 0.5 * t) for t in times]
    result = evaluate("posture", [clip(make_series(frames, fps=FPS))], AthleteProfile())
    only_invalid(result)
    assert "size in the image changed" in result.findings[0].explanation


def test_arm_swings_forward_and_back_are_no_reach():
    """Side view, the near arm swinging from 45° behind to 45° in front, 3 times: 90° of travel, 45° of rise."""
    seconds = 6.0
    swing = clip(movement(lambda t: {"shoulder_flexion": 45.0 * np.sin(2 * np.pi * (t - 0.5) / 1.8),
                                     "arm_side": "left"}, seconds, FPS, side_body, "side", facing=-1))
    result = evaluate("overhead_reach", [swing], AthleteProfile())
    only_invalid(result)
    assert "rose less than 60°" in result.findings[0].explanation


def test_left_out_reps_are_summarised_each_problem_once_most_frequent_first():
    from screening.protocols.recognition import left_out_reasons

    left_out = [
        "the repetition at 0.8 s was left out: the feet left the ground (a jump or a step?); the person moved across "
        "the view (walking?)",
        "the repetition at 2.1 s was left out: the feet left the ground (a jump or a step?)",
        "the repetition at 3.5 s was left out: lasted 0.55 s (a repetition takes 0.6–15 s); the feet left the ground "
        "(a jump or a step?)",
    ]
    assert left_out_reasons(left_out) == (
        "the feet left the ground (a jump or a step?), 3 times; lasted 0.55 s (a repetition takes 0.6–15 s); "
        "the person moved across the view (walking?)")


def test_a_knee_that_straightened_is_said_not_to_bend_never_a_negative_bend():
    import pandas as pd

    from screening.model.results import Rep
    from screening.protocols.recognition import _knee_problems

    times = np.arange(0.0, 2.0, 0.1)
    angles = pd.DataFrame({"knee_flexion_left": np.linspace(10.0, 25.0, len(times)),  # bent 15° only
                           "knee_flexion_right": np.linspace(70.0, 6.0, len(times))}, index=times)  # straightened
    problems = _knee_problems(angles, Rep(0, 0.0, 1.9, 2.0, 0.0))
    assert problems == ["the left knee bent only 15° (a squat bends both knees)",
                        "the right knee did not bend (a squat bends both knees)"]
