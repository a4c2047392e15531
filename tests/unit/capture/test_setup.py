"""The set-up checker and its debouncing, on synthetic stick figures with known framing and view."""

from __future__ import annotations

import numpy as np
import pytest

from screening.capture.setup import FrameCheck, SetupMonitor, check_frame
from screening.pose.estimator import PoseDetection
from tests.fixtures.bodies import front_body, side_body, to_image

W, H = 1280, 1600  # the body is ~150 units tall: 600 px at scale 4, its centre near the middle


def person(view: str = "side", facing: int = 1, scale: float = 4.0, origin=(640.0, 800.0),
           visibility: float = 1.0) -> PoseDetection:
    """A standing person: side view facing image-right (``facing=1``) or left, or facing the camera."""
    points = side_body() if view == "side" else front_body()
    position, world = to_image(points, view, facing=facing, scale=scale, origin=origin)
    return PoseDetection(position, world, np.full(33, visibility), np.ones(33))


def codes(check: FrameCheck) -> list[str]:
    return [p.code for p in check.problems]


def test_a_good_side_view_is_ready():
    check = check_frame([person()], W, H, protocol_name="overhead_reach")
    assert check.ok and check.advice is None, check.problems
    assert check.expected_view == "side" and check.off_deg < 10
    assert 0.3 < check.body_share < 0.95


def test_side_on_for_a_front_screen_says_turn_90_deg_and_which_way():
    # facing image-right = turned to one's own left from facing the camera: face it again by turning right
    check = check_frame([person(facing=1)], W, H, protocol_name="hip_rotation")
    assert codes(check) == ["turn"]
    assert check.advice.text == "Turn about 90° to your right to face the camera."
    assert check_frame([person(facing=-1)], W, H, protocol_name="hip_rotation").advice.text == \
        "Turn about 90° to your left to face the camera."


def test_facing_the_camera_for_a_side_view_says_turn_90_deg():
    check = check_frame([person("front")], W, H, expected_view="side")
    assert codes(check) == ["turn"]
    assert check.advice.text.startswith("Turn about 90°") and "side faces the camera" in check.advice.text


def test_screens_that_take_both_views_accept_a_front_view():
    for protocol in ("squat", "overhead_reach", "posture"):
        assert check_frame([person("front")], W, H, protocol_name=protocol).ok


def test_too_close_head_and_feet_cut_says_step_back():
    check = check_frame([person(scale=14.0)], W, H, protocol_name="squat")
    assert check.advice.code == "too_close" and check.advice.text.startswith("Step back")
    # only the feet cut, but the body fills the picture: stepping back is the fix, not tilting the camera
    check = check_frame([person(scale=12.0)], W, H, protocol_name="squat")
    assert check.advice.code == "feet_cut" and check.advice.text == "Step back: your feet are cut off."


def test_feet_cut_says_move_the_camera_down_and_head_cut_tilt_up():
    feet = check_frame([person(origin=(640.0, 1300.0))], W, H, protocol_name="squat")
    assert feet.advice.code == "feet_cut" and "camera down" in feet.advice.text
    head = check_frame([person(origin=(640.0, 200.0))], W, H, protocol_name="squat")
    assert head.advice.code == "head_cut" and "Tilt the camera up" in head.advice.text


def test_cut_at_a_side_edge():
    check = check_frame([person("front", origin=(60.0, 800.0))], W, H, protocol_name="squat")
    assert check.advice.code == "side_cut" and "left edge" in check.advice.text


def test_too_far_says_come_closer():
    check = check_frame([person(scale=1.5)], W, H, protocol_name="squat")
    assert check.advice.code == "too_far" and check.advice.text.startswith("Come closer")


def test_off_centre_in_height_says_how_to_aim():
    check = check_frame([person(origin=(640.0, 420.0))], W, H, protocol_name="squat")
    assert check.advice.code == "aim" and "Tilt the camera up" in check.advice.text
    low = check_frame([person(origin=(640.0, 1150.0))], W, H, protocol_name="squat")
    assert low.advice.code == "aim" and "Tilt the camera down" in low.advice.text


def test_two_people_come_before_framing_and_view():
    other = person("front", scale=3.0, origin=(1100.0, 800.0))
    check = check_frame([person(), other], W, H, protocol_name="hip_rotation")
    assert codes(check)[0] == "several_people" and "turn" in codes(check)
    assert check.people == 2 and "2 people" in check.advice.text


def test_nobody_and_darkness():
    assert check_frame([], W, H, protocol_name="squat").advice.code == "no_person"
    assert check_frame([], W, H, protocol_name="squat", brightness=12.0).advice.code == "too_dark"
    assert check_frame([person()], W, H, protocol_name="overhead_reach", brightness=120.0).ok


def test_poorly_seen_body_says_light_it_from_the_front():
    check = check_frame([person(visibility=0.2)], W, H, protocol_name="overhead_reach")
    assert codes(check) == ["low_visibility"]


def run(monitor: SetupMonitor, make, start_s: float, stop_s: float, fps: float):
    states = []
    for t in np.arange(start_s, stop_s, 1.0 / fps):
        states.append((float(t), monitor.update(make(float(t)))))
    return states


@pytest.mark.parametrize("fps", [5.0, 15.0, 30.0])
def test_advice_appears_within_a_second_of_the_problem_and_goes_when_fixed(fps):
    good = check_frame([person()], W, H, protocol_name="overhead_reach")
    wrong = check_frame([person("front")], W, H, expected_view="side")
    monitor = SetupMonitor()

    def at(t: float, problem_from: float = 3.0, fixed_at: float = 6.0) -> FrameCheck:
        base = wrong if problem_from <= t < fixed_at else good
        return FrameCheck(t, base.people, base.problems)

    states = run(monitor, at, 0.0, 9.0, fps)
    first_ready = next(t for t, s in states if s.ready)
    assert first_ready <= 1.0
    shown = next(t for t, s in states if s.advice is not None and s.advice.code == "turn")
    assert 3.0 <= shown <= 4.0
    back = next(t for t, s in states if t > 6.0 and s.ready)
    assert back <= 7.0
    assert states[-1][1].changes == 2  # ready → turn → ready, nothing in between


def test_one_bad_frame_in_four_does_not_flicker():
    good = check_frame([person()], W, H, protocol_name="overhead_reach")
    wrong = check_frame([person("front")], W, H, expected_view="side")
    monitor = SetupMonitor()
    states = run(monitor, lambda t: FrameCheck(t, 1, (wrong if round(t * 15) % 4 == 0 else good).problems),
                 0.0, 6.0, 15.0)
    assert all(s.ready for t, s in states if t > 1.0)
    assert states[-1][1].changes == 0


def test_one_person_found_twice_is_one_person():
    # MediaPipe tracking two poses sometimes returns the same person twice, slightly shifted
    twice = [person(), person(origin=(646.0, 804.0))]
    assert check_frame(twice, W, H, protocol_name="overhead_reach").ok


def test_at_two_frames_a_second_one_odd_frame_does_not_switch_but_two_do():
    good = check_frame([person()], W, H, protocol_name="overhead_reach")
    wrong = check_frame([person("front")], W, H, expected_view="side")
    monitor = SetupMonitor()
    odd = {4.0}
    states = run(monitor, lambda t: FrameCheck(t, 1, (wrong if t in odd else good).problems), 0.0, 8.0, 2.0)
    assert all(s.ready for t, s in states if t >= 1.0) and states[-1][1].changes == 0
    monitor = SetupMonitor()
    states = run(monitor, lambda t: FrameCheck(t, 1, (wrong if t >= 4.0 else good).problems), 0.0, 8.0, 2.0)
    shown = next(t for t, s in states if not s.ready and t > 1.0)
    assert shown == 4.5  # the second wrong frame
