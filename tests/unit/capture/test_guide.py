"""Guided capture's start rule, live rep counting and the early verdict, on synthetic stick figures."""

from __future__ import annotations

import dataclasses

import numpy as np

from screening.capture.early import decide
from screening.capture.guide import CaptureGuide
from screening.capture.reps import LiveRepCounter
from screening.capture.setup import Advice, check_frame
from screening.errors import NoPersonError, WrongViewError
from screening.pose.estimator import PoseDetection
from tests.fixtures.bodies import front_body, make_series, reps_profile, side_body, to_image
from tests.unit.capture.test_setup import H, W, person

FPS = 15.0


def feed(guide: CaptureGuide, make, seconds: float, start_s: float = 0.0):
    states = []
    for t in np.arange(start_s, start_s + seconds, 1 / FPS):
        states.append(guide.update(make(float(t)), W, H, float(t)))
    return states


def test_recording_starts_on_its_own_only_once_the_set_up_has_been_right_for_a_second():
    guide = CaptureGuide("overhead_reach")  # takes a side or a front view
    states = feed(guide, lambda t: [person("front") if t < 2.0 else person()], 4.0)
    assert next(s.started_s for s in states if s.recording) < 1.5
    guide = CaptureGuide("hip_rotation")  # needs the front view: a side view never starts it
    states = feed(guide, lambda t: [person()], 4.0)
    assert not any(s.recording for s in states) and states[-1].setup.advice.code == "turn"
    guide = CaptureGuide("hip_rotation")
    states = feed(guide, lambda t: [person()] if t < 2.0 else [person("front")], 5.0)
    started = next(s.started_s for s in states if s.recording)
    assert 3.0 <= started <= 3.8  # ~0.3 s to see it right, then held 1 s


def test_two_people_or_nobody_never_start_it_but_a_countdown_does():
    guide = CaptureGuide("overhead_reach")
    states = feed(guide, lambda t: [person(), person("front", scale=3.0, origin=(1100.0, 800.0))], 3.0)
    assert not any(s.recording for s in states) and states[-1].setup.advice.code == "several_people"
    guide.start_countdown()
    states = feed(guide, lambda t: [], 4.0, start_s=3.0)
    assert states[0].countdown_s == 3.0 and not states[0].recording
    started = next(s.started_s for s in states if s.recording)
    assert abs(started - 6.0) < 0.1


def squat_frame(depth: float) -> PoseDetection:
    position, world = to_image(side_body(hip_flexion=depth * 1.1, knee_flexion=depth, shank_tilt=depth * 0.3),
                               "side", scale=4.0)
    return PoseDetection(position, world, np.ones(33), np.ones(33))


def test_squat_reps_are_counted_live_each_once_soon_after_it_ends():
    depth = reps_profile(100.0, 3, 6.0)  # 3 reps over 6 s: peaks near 1.2, 2.9, 4.6 s
    counter = LiveRepCounter("squat", W, H)
    counts = [(t, counter.add(t, squat_frame(depth(t)))) for t in np.arange(0, 6.0, 1 / FPS)]
    assert counts[-1][1] == 3
    assert [c for _, c in counts] == sorted(c for _, c in counts)  # never counts down
    first = next(t for t, c in counts if c == 1)
    assert 1.2 < first < 2.2  # counted as the hips come back up, not at the end of the clip


def test_reach_reps_and_posture_has_none():
    arm = reps_profile(160.0, 2, 4.0)
    counter = LiveRepCounter("overhead_reach", W, H)
    for t in np.arange(0, 4.0, 1 / FPS):
        position, world = to_image(side_body(shoulder_flexion=arm(float(t)), arm_side="left"), "side", facing=-1)
        count = counter.add(float(t), PoseDetection(position, world, np.ones(33), np.ones(33)))
    assert count == 2
    assert LiveRepCounter("posture", W, H).add(0.0, squat_frame(0.0)) is None


def checks_and_series(make, seconds: float = 3.0, fps: float = 10.0, expected: str | None = None):
    times = np.arange(0, seconds, 1 / fps)
    dets = [make(t) for t in times]
    checks = [check_frame(d, W, H, protocol_name="hip_rotation", time_s=float(t)) for t, d in zip(times, dets,
                                                                                                    strict=True)]
    frames = [(d[0].position_px, d[0].world_position_m) for d in dets if d]
    series = make_series(frames, fps=fps, width=W, height=H) if frames else None
    return checks, series


def test_early_verdict_refuses_the_wrong_view_with_the_live_advice_and_passes_a_good_one():
    checks, series = checks_and_series(lambda t: [person()])
    verdict = decide("clip.mp4", "hip_rotation", checks, series)
    assert isinstance(verdict.error, WrongViewError)
    assert "camera is about 90° off it: Turn about 90° to your right to face the camera." in str(verdict.error)
    seated = front_body(shank_to_vertical=(0.0, 0.0))
    good = PoseDetection(*to_image(seated, "front"), np.ones(33), np.ones(33))
    checks, series = checks_and_series(lambda t: [good])
    assert decide("clip.mp4", "hip_rotation", checks, series).ok


def test_early_verdict_nobody_and_two_people():
    checks, series = checks_and_series(lambda t: [])
    assert isinstance(decide("clip.mp4", "hip_rotation", checks, series).error, NoPersonError)
    seated = PoseDetection(*to_image(front_body(shank_to_vertical=(0.0, 0.0)), "front"), np.ones(33), np.ones(33))
    other = person("front", scale=2.0, origin=(1150.0, 800.0))
    checks, series = checks_and_series(lambda t: [seated, other])
    verdict = decide("clip.mp4", "hip_rotation", checks, series)
    assert verdict.ok and "more than one person" in verdict.notes[0]  # the analysis picks the performer


def test_early_verdict_refuses_a_body_cut_off():
    checks, series = checks_and_series(lambda t: [person("front", scale=14.0)])
    verdict = decide("clip.mp4", "squat", checks, series)
    assert isinstance(verdict.error, WrongViewError) and "Step back" in str(verdict.error)


def test_early_refusal_names_the_people_the_censuses_counted():
    """Between censuses the tracker follows one person; the censuses' counts say how many were in view."""
    checks, series = checks_and_series(lambda t: [person()])  # side-on to a front-view screen: refused
    assert "person was counted in view" not in str(decide("clip.mp4", "hip_rotation", checks, series).error)
    verdict = decide("clip.mp4", "hip_rotation", checks, series, counts=[4, 3, 1])
    assert isinstance(verdict.error, WrongViewError)
    assert "More than one person was counted in view" in str(verdict.error)
    assert "more than one person" in verdict.notes[0]
    alone = decide("clip.mp4", "hip_rotation", checks, series, counts=[1, 1, 1])
    assert "person was counted in view" not in str(alone.error)


def test_early_refusal_advises_the_turn_toward_the_view_it_refused():
    """A screen that takes both views judges each frame against the nearer one; the refusal's advice must aim at
    the view the clip as a whole was judged against."""
    checks, series = checks_and_series(lambda t: [person()])
    judged_front = [dataclasses.replace(c, expected_view="front", problems=(Advice("turn", "Turn to face it."),))
                    for c in checks]
    verdict = decide("clip.mp4", "hip_rotation", judged_front, series)
    assert "Turn to face it." in str(verdict.error)
    judged_side = [dataclasses.replace(c, expected_view="side") for c in judged_front]
    verdict = decide("clip.mp4", "hip_rotation", judged_side, series)
    assert isinstance(verdict.error, WrongViewError) and "Turn to face it." not in str(verdict.error)
