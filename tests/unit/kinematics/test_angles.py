"""Angles on synthetic stick figures whose joint angles are known exactly."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screening.kinematics.angles import (
    ANGLE_BY_COLUMN,
    ANGLES,
    BEND_READS_HIGH,
    FACING_READS_HIGH,
    TURN_READS_HIGH,
    add_rest_referenced,
    compute_angles,
    landmark_names_used,
)
from screening.kinematics.camera_turn import (
    LEAD_PER_DEG,
    MAX_TURN_DEG,
    SIDE_VIEW_LEAD_TORSO,
    side_view_turn_columns,
)
from screening.model.keypoints import LANDMARK_NAMES, mirror_name
from screening.model.series import make_landmark_series
from screening.pose.names import mirror_permutation
from tests.fixtures.bodies import FOREARM, UPPER_ARM, front_body, make_series, side_body, to_image

TOLERANCE_DEG = 1e-3  # float32 storage of pixel positions


def angles_of(points, view, **kwargs):
    position, world = to_image(points, view, **kwargs)
    return compute_angles(make_series([(position, world)] * 3)).iloc[0]


def test_every_angle_uses_known_landmarks_and_mirrors():
    assert landmark_names_used() <= set(LANDMARK_NAMES)
    for definition in ANGLES:
        if definition.side:
            other = "right" if definition.side == "left" else "left"
            twin = ANGLE_BY_COLUMN[f"{definition.name}_{other}"]
            assert twin.method == definition.method
            assert tuple(mirror_name(p) for p in definition.points) == twin.points


@pytest.mark.parametrize("facing", [1, -1])
@pytest.mark.parametrize("flexion", [0.0, 45.0, 90.0, 135.0, 170.0, 180.0, 200.0, -30.0])
def test_shoulder_flexion_side_view_either_facing(facing, flexion):
    row = angles_of(side_body(shoulder_flexion=flexion, arm_side="left"), "side", facing=facing)
    assert row["shoulder_flexion_left"] == pytest.approx(flexion, abs=TOLERANCE_DEG)
    assert row["shoulder_flexion_right"] == pytest.approx(0.0, abs=TOLERANCE_DEG)


@pytest.mark.parametrize("facing", [1, -1])
def test_side_view_joint_angles(facing):
    body = side_body(
        shoulder_flexion=150, elbow_flexion=12, trunk_inclination=-8, hip_flexion=25, knee_flexion=40, head_forward=14
    )
    row = angles_of(body, "side", facing=facing)
    expected = {
        "shoulder_flexion_left": 150,
        "elbow_flexion_left": 12,
        "trunk_inclination": -8,
        "hip_flexion_left": 25,
        "knee_flexion_left": 40,
        "head_forward": 14,
        "arm_elevation_left": 158,
    }
    for column, value in expected.items():
        assert row[column] == pytest.approx(value, abs=TOLERANCE_DEG), column


@pytest.mark.parametrize("facing", [1, -1])
@pytest.mark.parametrize("elbow", [0.0, 12.0, 30.0])
def test_arm_and_forearm_lines_follow_the_elbow_bend(facing, elbow):
    row = angles_of(side_body(shoulder_flexion=140, elbow_flexion=elbow, trunk_inclination=-6), "side", facing=facing)
    assert row["arm_elevation_left"] == pytest.approx(146, abs=TOLERANCE_DEG)
    # shoulder→wrist: the forearm's bend tilts the line by atan(F sin e / (U + F cos e)), 0 when straight
    bend = np.degrees(np.arctan2(FOREARM * np.sin(np.radians(elbow)), UPPER_ARM + FOREARM * np.cos(np.radians(elbow))))
    assert row["arm_line_elevation_left"] == pytest.approx(146 + bend, abs=TOLERANCE_DEG)
    # elbow→wrist: the forearm is the humerus turned forward by the whole bend
    assert row["forearm_elevation_left"] == pytest.approx(146 + elbow, abs=TOLERANCE_DEG)


@pytest.mark.parametrize("facing", [1, -1])
@pytest.mark.parametrize("rest_elbow", [0.0, 15.0, 25.0])
def test_rest_referenced_shoulder_flexion_finds_the_rest_with_a_bent_elbow(facing, rest_elbow):
    """The forearm of an elbow bent 25° at rest never points within 20° of down: rest is found anyway."""
    rest = [to_image(side_body(shoulder_flexion=6.0, elbow_flexion=rest_elbow, trunk_inclination=6.0), "side",
                     facing=facing)] * 5
    reach = [to_image(side_body(shoulder_flexion=150.0, trunk_inclination=-4.0), "side", facing=facing)] * 3
    angles = add_rest_referenced(compute_angles(make_series(rest + reach)))
    expected = 144.0 - FACING_READS_HIGH["left"]
    assert angles["shoulder_flexion_corrected_left"].iloc[5:].to_numpy() == pytest.approx(expected, abs=TOLERANCE_DEG)


@pytest.mark.parametrize("facing", [1, -1])
@pytest.mark.parametrize("elbow", [0.0, 5.0, 10.0])
def test_rest_referenced_shoulder_flexion_holds_with_soft_elbows(facing, elbow):
    """Real people reach with soft elbows (0–10° bent, issue 13): the measure moves by less than 3°.

    Taken along the forearm it read the whole bend high (160° for 150° at 10°); along the shoulder→wrist
    line a bend e tilts it by atan(F sin e / (U + F cos e)) (4.5° at 10° for this body), and the
    apparent bend's correction (``BEND_READS_HIGH`` × e, 2° at 10°) takes back part of that.
    """
    rest = [to_image(side_body(shoulder_flexion=0.0, elbow_flexion=elbow), "side", facing=facing)] * 5
    reach = [to_image(side_body(shoulder_flexion=150.0, elbow_flexion=elbow), "side", facing=facing)] * 3
    angles = add_rest_referenced(compute_angles(make_series(rest + reach)))
    tilt = np.degrees(np.arctan2(FOREARM * np.sin(np.radians(elbow)), UPPER_ARM + FOREARM * np.cos(np.radians(elbow))))
    peak = angles["shoulder_flexion_corrected_left"].iloc[5:].to_numpy()
    assert peak == pytest.approx(150.0 + tilt - BEND_READS_HIGH * elbow - FACING_READS_HIGH["left"], abs=TOLERANCE_DEG)
    assert (np.abs(peak + FACING_READS_HIGH["left"] - 150.0) < 3.0).all()  # the bend's share, the mirror term aside


def _far_leg_ahead(frame: tuple, facing: int, lead_torso: float) -> tuple:
    """Return ``frame`` with the far-side hip, knee and ankle moved ``lead_torso`` torso lengths forward."""
    from screening.model.keypoints import LANDMARK_INDEX

    position, world = frame[0].copy(), frame[1]
    torso = np.linalg.norm(position[:, LANDMARK_INDEX["left_shoulder"]] - position[:, LANDMARK_INDEX["left_hip"]])
    far = "left" if facing == 1 else "right"  # facing image-right, the right side is near
    for part in ("hip", "knee", "ankle"):
        position[0, LANDMARK_INDEX[f"{far}_{part}"]] += facing * lead_torso * torso
    return position, world


@pytest.mark.parametrize("facing", [1, -1])
@pytest.mark.parametrize("turn", [-10.0, 0.0, 6.0, 10.0])
def test_side_view_turn_from_the_far_side_leg(facing, turn):
    """A camera turned toward the subject's front sees the far-side leg ahead of the near one, toward the back behind.

    The legs are drawn with the far side ahead by the lead the bench measured for a turn ``turn``
    (``SIDE_VIEW_LEAD_TORSO + LEAD_PER_DEG × turn``): the estimate is ``turn``, whichever way the subject faces,
    in the frames where the near side is the one facing the camera.
    """
    lead = SIDE_VIEW_LEAD_TORSO + LEAD_PER_DEG * turn
    frames = [_far_leg_ahead(to_image(side_body(), "side", facing=facing), facing, lead)] * 5
    columns = side_view_turn_columns(make_series(frames))
    near, far = ("right", "left") if facing == 1 else ("left", "right")
    # moving the far hip lengthens the mid-shoulder→mid-hip torso a little: 0.01° at most here
    assert columns[f"side_view_turn_{near}"].to_numpy() == pytest.approx(turn, abs=0.02)
    assert columns[f"side_view_turn_{far}"].isna().all()


def test_side_view_turn_is_clipped():
    frames = [_far_leg_ahead(to_image(side_body(), "side", facing=1), 1, 0.5)] * 3  # far leg half a torso ahead
    assert side_view_turn_columns(make_series(frames))["side_view_turn_right"].to_numpy() == pytest.approx(MAX_TURN_DEG)


@pytest.mark.parametrize("facing", [1, -1])
@pytest.mark.parametrize("turn", [-8.0, 8.0])
def test_shoulder_flexion_takes_back_the_camera_turn(facing, turn):
    """On the bench a camera turned toward the front read the arm high by about half the turn, toward the back low.

    Same stick figure (a straight arm at 150°), legs drawn for a camera turned ``turn``: the flexion moves by
    −``TURN_READS_HIGH`` × turn against the same figure seen from a true side view.
    """
    def flexion(lead_turn: float) -> np.ndarray:
        lead = SIDE_VIEW_LEAD_TORSO + LEAD_PER_DEG * lead_turn
        frames = [to_image(side_body(shoulder_flexion=0.0), "side", facing=facing)] * 5
        frames += [to_image(side_body(shoulder_flexion=150.0), "side", facing=facing)] * 3
        series = make_series([_far_leg_ahead(f, facing, lead) for f in frames])
        angles = compute_angles(series).join(side_view_turn_columns(series))
        side = "right" if facing == 1 else "left"
        return add_rest_referenced(angles)[f"shoulder_flexion_corrected_{side}"].iloc[5:].to_numpy()

    facing_offset = FACING_READS_HIGH["right" if facing == 1 else "left"]
    assert flexion(0.0) == pytest.approx(150.0 - facing_offset, abs=0.02)
    assert flexion(turn) == pytest.approx(150.0 - TURN_READS_HIGH * turn - facing_offset, abs=0.02)


def test_the_model_s_mirror_bias_is_taken_off_each_arm_in_opposite_directions():
    """A perfectly symmetric stick figure (both arms at 150°) reads the left arm 0.9° higher than drawn and the right
    0.9° lower: the correction for MediaPipe's image-direction bias (a near left arm, subject facing image-left, reads
    low; a near right arm high), so that a real symmetric reach filmed from both sides shows no asymmetry.
    """
    frames = [to_image(side_body(shoulder_flexion=0.0), "side", facing=-1)] * 5
    frames += [to_image(side_body(shoulder_flexion=150.0), "side", facing=-1)] * 3
    angles = add_rest_referenced(compute_angles(make_series(frames)))
    left = angles["shoulder_flexion_corrected_left"].iloc[5:].to_numpy()
    right = angles["shoulder_flexion_corrected_right"].iloc[5:].to_numpy()
    assert left == pytest.approx(150.0 + 0.9, abs=0.02)
    assert right == pytest.approx(150.0 - 0.9, abs=0.02)


def test_rest_referenced_shoulder_flexion_removes_a_constant_trunk_tilt():
    """The trunk line reads 6° forward at rest (a landmark offset): flexion is taken from that rest, not vertical.

    5 frames with the arm hanging straight down and the trunk line at 6°, then 3 frames reaching with the
    trunk line at −4° (a true 10° lean back) and the arm drawn at 150° to that line: the true flexion is
    150 − 6 = 144°.
    """
    rest = [to_image(side_body(shoulder_flexion=6.0, trunk_inclination=6.0), "side")] * 5
    reach = [to_image(side_body(shoulder_flexion=150.0, trunk_inclination=-4.0), "side")] * 3
    angles = add_rest_referenced(compute_angles(make_series(rest + reach)))
    rest_reading = -FACING_READS_HIGH["left"]  # the model's mirror bias is taken off every frame
    at_rest = angles["shoulder_flexion_corrected_left"].iloc[:5].to_numpy()
    assert at_rest == pytest.approx(rest_reading, abs=TOLERANCE_DEG)
    expected = 144.0 - FACING_READS_HIGH["left"]
    assert angles["shoulder_flexion_corrected_left"].iloc[5:].to_numpy() == pytest.approx(expected, abs=TOLERANCE_DEG)
    assert angles["shoulder_flexion_left"].iloc[5:].to_numpy() == pytest.approx(150.0, abs=TOLERANCE_DEG)


def squat_frames(moved: str, toward: str, fraction: float) -> list:
    """5 standing frames, then 3 at the bottom of a squat (knee 100°, shank 30°, trunk 40°) whose
    ``moved`` points (both sides) are slid ``fraction`` × the segment toward ``toward`` (MediaPipe's drift)."""
    from screening.model.keypoints import LANDMARK_INDEX

    standing = [to_image(side_body(shank_tilt=0.0, knee_flexion=0.0), "side")] * 5
    bottom = []
    for _ in range(3):
        position, world = to_image(side_body(shank_tilt=30.0, knee_flexion=100.0, trunk_inclination=40.0), "side")
        position = position.copy()
        for side in ("left", "right"):
            point, target = LANDMARK_INDEX[f"{side}_{moved}"], LANDMARK_INDEX[f"{side}_{toward}"]
            position[:, point] += fraction * (position[:, target] - position[:, point])
        bottom.append((position, world))
    return standing + bottom


def test_rigid_thigh_hip_flexion_undoes_a_hip_point_sliding_toward_the_knee():
    true = compute_angles(make_series(squat_frames("hip", "knee", 0.0)))
    slid = compute_angles(make_series(squat_frames("hip", "knee", 0.15)))
    expected = true["hip_flexion_left"].iloc[5:].to_numpy()
    assert slid["hip_flexion_rigid_thigh_left"].iloc[5:].to_numpy() == pytest.approx(expected, abs=TOLERANCE_DEG)
    assert np.all(np.abs(slid["hip_flexion_left"].iloc[5:].to_numpy() - expected) > 3.0)
    assert true["hip_flexion_rigid_thigh_left"].to_numpy() == pytest.approx(
        true["hip_flexion_left"].to_numpy(), abs=TOLERANCE_DEG
    )


def test_rigid_thigh_never_shortens_a_thigh_that_looks_longer():
    longer = compute_angles(make_series(squat_frames("hip", "knee", -0.15)))
    assert longer["hip_flexion_rigid_thigh_left"].to_numpy() == pytest.approx(
        longer["hip_flexion_left"].to_numpy(), abs=TOLERANCE_DEG
    )


def test_squat_shank_tilt_and_trunk():
    row = angles_of(side_body(shank_tilt=30, knee_flexion=100, trunk_inclination=45), "side", facing=-1)
    assert row["shank_forward_tilt_left"] == pytest.approx(30, abs=TOLERANCE_DEG)
    assert row["knee_flexion_left"] == pytest.approx(100, abs=TOLERANCE_DEG)
    assert row["trunk_inclination"] == pytest.approx(45, abs=TOLERANCE_DEG)


@pytest.mark.parametrize("back", [False, True])
def test_front_view_angles_keep_sides_when_turned_around(back):
    body = front_body(abduction=(120, 90), fppa=(10, -5), pelvic_obliquity=3, shoulder_tilt=-2)
    row = angles_of(body, "front", back=back)
    assert row["shoulder_abduction_left"] == pytest.approx(120, abs=TOLERANCE_DEG)
    assert row["shoulder_abduction_right"] == pytest.approx(90, abs=TOLERANCE_DEG)
    assert row["knee_fppa_left"] == pytest.approx(10, abs=TOLERANCE_DEG)
    assert row["knee_fppa_right"] == pytest.approx(-5, abs=TOLERANCE_DEG)
    assert row["pelvic_obliquity"] == pytest.approx(3, abs=TOLERANCE_DEG)
    assert row["shoulder_tilt"] == pytest.approx(-2, abs=TOLERANCE_DEG)


def test_trunk_lateral_lean_toward_subjects_left_is_positive():
    assert angles_of(front_body(trunk_lean=6), "front")["trunk_lateral_lean"] == pytest.approx(6, abs=TOLERANCE_DEG)
    assert angles_of(front_body(trunk_lean=6), "front", back=True)["trunk_lateral_lean"] == pytest.approx(
        6, abs=TOLERANCE_DEG
    )


@pytest.mark.parametrize("back", [False, True])
def test_seated_shank_to_vertical_foot_out_is_positive(back):
    row = angles_of(front_body(shank_to_vertical=(35, -20)), "front", back=back)
    assert row["shank_to_vertical_left"] == pytest.approx(35, abs=TOLERANCE_DEG)
    assert row["shank_to_vertical_right"] == pytest.approx(-20, abs=TOLERANCE_DEG)


def test_missing_landmark_gives_nan_not_zero():
    position, world = to_image(side_body(shoulder_flexion=90), "side")
    position[:, LANDMARK_NAMES.index("left_elbow")] = np.nan
    row = compute_angles(make_series([(position, world)] * 3)).iloc[0]
    assert np.isnan(row["shoulder_flexion_left"])
    assert np.isfinite(row["knee_flexion_left"])


body_angles = st.fixed_dictionaries(
    {
        "shoulder_flexion": st.floats(0, 180),
        "elbow_flexion": st.floats(0, 140),
        "trunk_inclination": st.floats(-20, 40),
        "hip_flexion": st.floats(0, 100),
        "knee_flexion": st.floats(0, 130),
    }
)


@settings(max_examples=60, deadline=None)
@given(body_angles, st.floats(-500, 500), st.floats(-500, 500), st.floats(0.2, 5.0))
def test_angles_invariant_to_translation_and_scale(angles, dx, dy, scale):
    base = angles_of(side_body(**angles), "side")
    moved = angles_of(side_body(**angles), "side", scale=scale * 4.0, origin=(640 + dx, 500 + dy))
    finite = base.notna()
    assert np.allclose(base[finite], moved[finite], atol=TOLERANCE_DEG)
    assert (moved.notna() == finite).all()


@settings(max_examples=60, deadline=None)
@given(
    st.tuples(st.floats(0, 170), st.floats(0, 170)),
    st.tuples(st.floats(-15, 20), st.floats(-15, 20)),
    st.floats(-8, 8),
    st.floats(-8, 8),
    st.floats(-8, 8),
)
def test_mirror_image_swaps_left_and_right(abduction, fppa, obliquity, tilt, lean):
    body = front_body(abduction=abduction, fppa=fppa, pelvic_obliquity=obliquity, shoulder_tilt=tilt, trunk_lean=lean)
    position, world = to_image(body, "front")
    mirrored = position.copy()
    mirrored[0] = 2 * 640 - mirrored[0]
    mirrored = mirrored[:, mirror_permutation()]
    original = compute_angles(make_series([(position, world)] * 3)).iloc[0]
    flipped = compute_angles(make_series([(mirrored, world[:, mirror_permutation()])] * 3)).iloc[0]
    for definition in ANGLES:
        if definition.plane != "frontal":
            continue
        if definition.side:
            twin = f"{definition.name}_{'right' if definition.side == 'left' else 'left'}"
            assert flipped[definition.column] == pytest.approx(original[twin], abs=TOLERANCE_DEG), definition.column
        else:  # whole-body signed angles (left higher / toward left) change sign
            assert flipped[definition.column] == pytest.approx(-original[definition.column], abs=TOLERANCE_DEG)


def test_series_constructor_rejects_bad_shapes():
    from screening.errors import SeriesFormatError

    with pytest.raises(SeriesFormatError, match="Expected 'position_px' to have shape"):
        make_landmark_series(
            np.arange(3.0),
            np.zeros((3, 2, 32)),
            np.zeros((3, 3, 33)),
            np.ones((3, 33)),
            np.ones((3, 33)),
            {"fps": 30, "frame_width": 1, "frame_height": 1, "source_name": "", "model_name": "", "model_sha256": ""},
        )


def test_rigid_shank_knee_flexion_undoes_a_knee_point_sinking_toward_the_ankle():
    sunk = compute_angles(make_series(squat_frames("knee", "ankle", 0.1)))
    assert sunk["knee_flexion_rigid_shank_left"].iloc[5:].to_numpy() == pytest.approx(100.0, abs=TOLERANCE_DEG)
    assert sunk["knee_flexion_rigid_shank_left"].iloc[:5].to_numpy() == pytest.approx(0.0, abs=TOLERANCE_DEG)
    assert np.all(sunk["knee_flexion_left"].iloc[5:].to_numpy() < 97.0)  # the sunk knee reads the squat shallow


def test_rigid_shank_never_shortens_a_shank_that_looks_longer():
    longer = compute_angles(make_series(squat_frames("knee", "ankle", -0.1)))
    assert longer["knee_flexion_rigid_shank_left"].to_numpy() == pytest.approx(
        longer["knee_flexion_left"].to_numpy(), abs=TOLERANCE_DEG
    )
    assert not np.allclose(longer["knee_flexion_left"].iloc[5:].to_numpy(), 100.0, atol=1.0)


def test_rigid_shank_without_standing_frames_is_plain_knee_flexion():
    bottom = squat_frames("knee", "ankle", 0.1)[5:]
    angles = compute_angles(make_series(bottom))
    assert angles["knee_flexion_rigid_shank_left"].to_numpy() == pytest.approx(
        angles["knee_flexion_left"].to_numpy(), abs=TOLERANCE_DEG
    )
