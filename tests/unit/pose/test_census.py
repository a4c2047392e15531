"""When the people census runs and when its counts take effect (no model: a scripted estimator)."""

from __future__ import annotations

import numpy as np
import pytest

from screening.pose.extract import _PeopleCensus
from screening.source.base import Frame


class ScriptedEstimator:
    """Counts people from a script keyed by frame time (s) and records when tracking widened."""

    model_name, model_sha256 = "scripted", ""

    def __init__(self, people_at: dict[float, int]) -> None:
        self.people_at = people_at
        self.counted_at: list[float] = []
        self.widened: list[tuple[float, int]] = []
        self.now = 0.0

    def count_people(self, image_bgr: np.ndarray, prepared: object = None) -> int:
        time_s = float(image_bgr[0, 0, 0]) / 10
        self.counted_at.append(time_s)
        return self.people_at.get(time_s, 1)

    def track_more_people(self, num_poses: int) -> None:
        self.widened.append((self.now, num_poses))


def _run(estimator: ScriptedEstimator, in_background: bool, seconds: float = 3.0, fps: int = 10) -> list[int]:
    census = _PeopleCensus(estimator, interval_s=1.0, in_background=in_background)
    for index in range(int(seconds * fps)):
        time_s = index / fps
        estimator.now = time_s
        census.visit(Frame(index, time_s, np.full((1, 1, 3), round(time_s * 10), dtype=np.uint8)))
    census.finish()
    return census.counts


@pytest.mark.parametrize("in_background", [True, False])
def test_first_count_applies_at_once_later_counts_one_interval_later(in_background):
    estimator = ScriptedEstimator({0.0: 2, 1.0: 1, 2.0: 3})
    counts = _run(estimator, in_background)
    assert estimator.counted_at == [0.0, 1.0, 2.0]  # once a second
    assert counts == [2, 1, 3]
    # two people at 0 s: widened before the first frame is tracked; three at 2 s: widened at 3 s,
    # which is past the end of this 3-s clip, so not at all
    assert estimator.widened == [(0.0, 2)]


@pytest.mark.parametrize("in_background", [True, False])
def test_count_taken_in_the_middle_applies_at_the_next_census_frame(in_background):
    estimator = ScriptedEstimator({1.0: 2})
    _run(estimator, in_background)
    assert estimator.widened == [(2.0, 2)]


def _person(x0: float, y0: float, size: float = 100.0):
    from screening.pose.estimator import PoseDetection

    x = np.linspace(x0, x0 + size / 2, 33)
    y = np.linspace(y0, y0 + size, 33)
    return PoseDetection(np.stack([x, y]), np.zeros((3, 33)), np.ones(33), np.ones(33))


def test_the_same_person_found_twice_is_counted_once():
    from screening.pose.estimator import count_distinct

    assert count_distinct([_person(0, 0), _person(5, 5)]) == 1
    assert count_distinct([_person(0, 0), _person(300, 0)]) == 2
    assert count_distinct([]) == 0


def test_tracker_rank_one_takes_the_next_most_prominent_person_and_follows_them():
    from screening.pose.subject import SubjectTracker

    big_central, small_side = _person(270, 200, 200), _person(20, 20, 80)
    assert SubjectTracker(640, 640).choose([small_side, big_central]) is big_central
    tracker = SubjectTracker(640, 640, rank=1)
    assert tracker.choose([small_side, big_central]) is small_side
    moved = _person(25, 22, 80)
    assert tracker.choose([big_central, moved]) is moved
