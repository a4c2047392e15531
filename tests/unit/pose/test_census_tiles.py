"""The census's tiles and merging: small far people are searched in tiles, and nobody is counted twice."""

from __future__ import annotations

import numpy as np
import pytest

from screening.pose.census import (
    CONTAINED,
    TILE_OVERLAP,
    census_tiles,
    clear_of,
    merge_people,
    whole_in_tile,
    zoom_tiles,
)
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


@pytest.mark.parametrize(("width", "height", "count"), [(1024, 576, 21), (1920, 1080, 21), (720, 1280, 21),
                                                         (1280, 720, 21), (960, 540, 21)])
def test_zoom_tiles_hold_any_person_up_to_a_quarter_of_the_short_side_whole(width, height, count):
    """Half-size tiles in a grid overlapping by half: every box of a quarter of the short side fits in one."""
    tiles = zoom_tiles(width, height)
    assert len(tiles) == count
    side = min(width, height) // 2
    assert all(x1 - x0 == side and y1 - y0 == side and x1 <= width and y1 <= height for x0, y0, x1, y1 in tiles)
    person = min(width, height) // 4
    for x in range(0, width - person + 1, 37):
        for y in range(0, height - person + 1, 41):
            assert any(x0 <= x and x + person <= x1 and y0 <= y and y + person <= y1 for x0, y0, x1, y1 in tiles)


def test_frames_too_small_for_half_size_tiles_get_no_zoom_tiles():
    assert zoom_tiles(640, 480) == [] and zoom_tiles(480, 854) == []


def test_a_zoom_find_touching_someone_already_found_is_a_part_of_them():
    """A hand of the subject, zoomed, looks like a small person: it overlaps the subject's box; a far one does not."""
    subject = _box(208, 304, 479, 1110)
    hand = _box(392, 523, 522, 603)  # found in a zoom tile (test_videos/overhead_reach_side_right, frame 18)
    far = _box(560, 300, 640, 480)
    assert not clear_of(hand, [subject])
    assert clear_of(far, [subject])
    assert clear_of(far, [])



def test_a_tile_find_touching_someone_the_tile_cuts_is_part_of_them():
    """Portrait 720 x 1280, tiles 720 px square at y = 0, 280, 560. rh5 squat_side_alone5 frame 15: the subject
    (303-401 x 317-990) is whole in the middle tile only; the bottom tile shows only the legs and the detector
    invents a person on them (315-440 x 614-911): part of the subject. test_videos/toe_touch_front frame 105: the
    head and hands of the bent-over subject, the same. Someone clear of the subject, or found in a tile holding the
    subject whole, is someone else."""
    from screening.pose.census import inside_tile, part_of_someone_cut

    bottom, middle = (0, 560, 720, 1280), (0, 280, 720, 1000)
    subject = _box(303, 317, 401, 990)
    assert not inside_tile(subject, bottom) and inside_tile(subject, middle)
    assert part_of_someone_cut(_box(315, 614, 440, 911), bottom, [subject])
    bent = _box(184, 530, 538, 1054)
    assert part_of_someone_cut(_box(336, 483, 417, 559), (0, 280, 720, 1000), [bent])
    far = _box(560, 600, 640, 800)
    assert not part_of_someone_cut(far, bottom, [subject])
    squatter = _box(481, 255, 772, 654)  # 1280 x 720 landscape, whole in the middle tile
    walker_behind = _box(458, 181, 704, 527)
    assert not part_of_someone_cut(walker_behind, (280, 0, 1000, 720), [squatter])
    assert part_of_someone_cut(walker_behind, (0, 0, 720, 720), [squatter])  # that tile cuts the squatter


def test_a_small_box_half_inside_a_person_is_part_of_them_a_small_one_beside_them_is_not():
    """test_videos/toe_touch_front frame 33: the whole frame itself finds the bent-over subject's head and hands
    (74 x 98 px, 60 % inside the 361 x 528 px body) as a second person. A far person whose small box only
    touches the subject's stays someone else."""
    body = _box(182, 529, 543, 1057)
    head_and_hands = _box(308, 490, 382, 588)
    assert [id(p) for p in merge_people([body, head_and_hands], same_person_iou=0.5)] == [id(body)]
    far_at_the_edge = _box(520, 380, 600, 560)  # 0.3 of its area inside the body's box
    assert len(merge_people([body, far_at_the_edge], same_person_iou=0.5)) == 2
