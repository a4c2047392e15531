"""The census's tiles and merging: small far people are searched in tiles, and nobody is counted twice."""

from __future__ import annotations

import numpy as np
import pytest

from screening.pose.census import CONTAINED, TILE_OVERLAP, census_tiles, merge_people, whole_in_tile
from screening.pose.estimator import PoseDetection


def _box(x0: float, y0: float, x1: float, y1: float) -> PoseDetection:
    """A detection whose landmarks span the box (px)."""
    x = np.linspace(x0, x1, 33)
    y = np.linspace(y0, y1, 33)
    return PoseDetection(np.stack([x, y]), np.zeros((3, 33)), np.ones(33), np.ones(33))


@pytest.mark.parametrize(("width", "height", "count"), [(1280, 720, 3), (720, 1280, 3), (1920, 1080, 3),
                                                         (640, 480, 2), (1080, 1920, 3)])
def test_tiles_are_squares_of_the_short_side_overlapping_enough_for_a_person(width, height, count):
    tiles = census_tiles(width, height)
    short = min(width, height)
    assert len(tiles) == count
    for x0, y0, x1, y1 in tiles:
        assert x1 - x0 == short and y1 - y0 == short
        assert x0 >= 0 and x1 <= width and y0 >= 0 and y1 <= height
    starts = sorted(t[0] if width >= height else t[1] for t in tiles)
    assert starts[0] == 0 and starts[-1] == max(width, height) - short  # the whole frame is covered
    assert all(short - (b - a) >= TILE_OVERLAP * short - 1 for a, b in zip(starts, starts[1:], strict=False))


@pytest.mark.parametrize(("width", "height"), [(720, 720), (800, 720), (0, 0), (180, 320), (240, 426)])
def test_frames_near_square_or_small_are_not_tiled(width, height):
    assert census_tiles(width, height) == []


def test_a_find_cut_by_an_inner_tile_edge_is_dropped_a_whole_one_kept():
    tile = (560, 0, 1280, 720)  # the right tile of a 1280 x 720 frame: its left edge is inside the frame
    assert whole_in_tile(_box(700, 250, 760, 510), tile, 1280, 720)
    assert not whole_in_tile(_box(562, 100, 640, 700), tile, 1280, 720)  # half a person at the cut
    assert whole_in_tile(_box(1200, 100, 1279, 700), tile, 1280, 720)  # at the frame's own edge: not a cut


def test_merge_keeps_a_small_far_person_and_drops_a_partial_duplicate():
    near = _box(820, 160, 1080, 676)  # a bystander found in the whole frame
    far = _box(398, 283, 544, 491)  # a small person further back, found only in a tile
    near_again = _box(825, 165, 1075, 670)  # the bystander found again in a tile
    near_upper_half = _box(830, 160, 1070, 420)  # part of the bystander (inside the whole box)
    merged = merge_people([near, far, near_again, near_upper_half], same_person_iou=0.5)
    assert [id(p) for p in merged] == [id(near), id(far)]


def test_merge_keeps_the_larger_box_of_a_person():
    part = _box(300, 170, 420, 900)
    whole = _box(300, 170, 440, 1110)
    assert [id(p) for p in merge_people([part, whole], same_person_iou=0.5)] == [id(whole)]


def test_two_people_side_by_side_overlapping_a_little_stay_two():
    left, right = _box(100, 100, 300, 600), _box(260, 120, 460, 620)  # 20 % of a box in common
    assert len(merge_people([left, right], same_person_iou=0.5, contained=CONTAINED)) == 2


def test_a_tiny_find_in_a_tile_is_noise():
    """A 18 x 13 px "person" in a tile of 576 px (a foot taken for a person) is dropped; a far person is kept."""
    tile = (0, 0, 576, 576)
    assert not whole_in_tile(_box(124, 187, 142, 200), tile, 1024, 576)
    assert whole_in_tile(_box(300, 250, 340, 400), tile, 1024, 576)  # 150 px tall, about a quarter of the frame
