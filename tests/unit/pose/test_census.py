"""When the people census runs and when its counts take effect (no model: a scripted estimator)."""

from __future__ import annotations

import numpy as np
import pytest

from screening.pose.extract import _PeopleCensus
from screening.source.base import Frame


class ScriptedEstimator:
    """Finds people from a script keyed by frame time (s): that many people side by side."""

    model_name, model_sha256 = "scripted", ""

    def __init__(self, people_at: dict[float, int]) -> None:
        self.people_at = people_at
        self.counted_at: list[float] = []
        self.tile_turns: list[int | None] = []

    def find_people(self, image_bgr: np.ndarray, prepared: object = None, tile_turn: int | None = None) -> list:
        time_s = float(image_bgr[0, 0, 0]) / 10
        self.counted_at.append(time_s)
        self.tile_turns.append(tile_turn)
        return [_person(200.0 * i, 0) for i in range(self.people_at.get(time_s, 1))]


def _run(estimator: ScriptedEstimator, in_background: bool, seconds: float = 3.0, fps: int = 10) -> list:
    """Return (frame time, people applied) for every frame where a census was applied."""
    census = _PeopleCensus(estimator, interval_s=1.0, in_background=in_background)
    applied = []
    for index in range(int(seconds * fps)):
        time_s = index / fps
        people = census.visit(Frame(index, time_s, np.full((1, 1, 3), round(time_s * 10), dtype=np.uint8)))
        if people is not None:
            applied.append((time_s, len(people)))
    census.finish()
    return applied, census.counts


@pytest.mark.parametrize("in_background", [True, False])
def test_first_census_applies_at_once_later_ones_one_interval_later(in_background):
    estimator = ScriptedEstimator({0.0: 2, 1.0: 1, 2.0: 3})
    applied, counts = _run(estimator, in_background)
    assert estimator.counted_at == [0.0, 1.0, 2.0]  # once a second
    assert counts == [2, 1, 3]
    # two people at 0 s: known before the first frame is tracked; the census of 1 s applies at 2 s;
    # that of 2 s would apply at 3 s, past the end of this 3-s clip
    assert applied == [(0.0, 2), (2.0, 1)]


@pytest.mark.parametrize("in_background", [True, False])
def test_census_taken_in_the_middle_applies_at_the_next_census_frame(in_background):
    applied, _ = _run(ScriptedEstimator({1.0: 2}), in_background)
    assert (2.0, 2) in applied


def _person(x0: float, y0: float, size: float = 100.0):
    from screening.pose.estimator import PoseDetection

    x = np.linspace(x0, x0 + size / 2, 33)
    y = np.linspace(y0, y0 + size, 33)
    return PoseDetection(np.stack([x, y]), np.zeros((3, 33)), np.ones(33), np.ones(33))


def test_the_same_person_found_twice_is_counted_once():
    from screening.pose.census import merge_people

    assert len(merge_people([_person(0, 0), _person(5, 5)], 0.5)) == 1
    assert len(merge_people([_person(0, 0), _person(300, 0)], 0.5)) == 2
    assert merge_people([], 0.5) == []


def test_tracker_rank_one_takes_the_next_most_prominent_person_and_follows_them():
    from screening.pose.subject import SubjectTracker

    big_central, small_side = _person(270, 200, 200), _person(20, 20, 80)
    assert SubjectTracker(640, 640).choose([small_side, big_central]) is big_central
    tracker = SubjectTracker(640, 640, rank=1)
    assert tracker.choose([small_side, big_central]) is small_side
    moved = _person(25, 22, 80)
    assert tracker.choose([big_central, moved]) is moved


def test_crop_goes_around_the_chosen_person_follows_them_and_ends_when_they_are_alone():
    from screening.pose.subject import CROP_END_MARGIN, CROP_SIDE_MARGIN, SubjectCrop

    big_central, small_side = _person(270, 200, 200), _person(20, 20, 80)
    crop = SubjectCrop(640, 640)
    crop.on_census([big_central], None)
    assert crop.window is None  # alone: the whole frame
    crop.on_census([small_side, big_central], None)
    x0, y0, x1, y1 = crop.window
    assert (x1 - x0, y1 - y0) == (int(100 + 2 * CROP_SIDE_MARGIN * 200), int(200 * (1 + 2 * CROP_END_MARGIN)))
    assert x0 <= 270 and x1 >= 370 and y0 <= 200 and y1 >= 400  # the big central person is inside
    crop.follow(_person(290, 200, 200))
    assert crop.window[0] == x0 + 20  # moved with them
    crop.on_census([big_central], big_central)
    assert crop.window is not None  # one lone census is not enough
    crop.on_census([big_central], big_central)
    assert crop.window is None


def test_crop_of_rank_one_goes_around_the_second_person():
    from screening.pose.subject import SubjectCrop

    big_central, small_side = _person(270, 200, 200), _person(20, 20, 80)
    crop = SubjectCrop(640, 640, rank=1)
    crop.on_census([big_central, small_side], None)
    x0, y0, x1, y1 = crop.window
    assert x0 <= 20 and x1 >= 60 and x1 < 270  # around the small person, the big one outside


def test_shifted_detection_moves_pixels_only():
    person = _person(10, 20)
    moved = person.shifted(5, -3)
    assert np.allclose(moved.position_px[0], person.position_px[0] + 5)
    assert np.allclose(moved.position_px[1], person.position_px[1] - 3)
    assert moved.world_position_m is person.world_position_m


@pytest.mark.parametrize("in_background", [True, False])
def test_the_first_census_searches_every_tile_and_later_ones_one_each_in_turn(in_background: bool) -> None:
    estimator = ScriptedEstimator({})
    _run(estimator, in_background, seconds=4.0)
    assert estimator.tile_turns == [None, 1, 2, 3]
