"""Finding every person in a frame, small ones too: the whole frame, then overlapping square tiles.

The pose detector sees a frame shrunk to a small square, so a person far back (a quarter of the
frame's height or less, e.g. a performer 2.4 m behind a bystander) shrinks to a few dozen pixels
and is missed. The census therefore also looks at square tiles of the frame (side = the frame's
short side) spread along its long side (:func:`census_tiles`): in a tile a person is about 1.8×
larger for the detector. A person a quarter of the frame's height or less (7 m from a camera framed
for the subject at 3 m) is still missed there; *zoom tiles* (:func:`zoom_tiles`, side = half the short
side, a grid overlapping by half a tile) show them twice as large again. Everything found in the whole
frame and in the tiles is then merged
(:func:`merge_people`): two boxes are one person when they overlap by more than
``same_person_iou`` (intersection over union) or when one lies mostly inside the other
(intersection over the smaller box over ``contained``), or when a much smaller box lies half inside the
other (a bent-over head and hands, :func:`same_person`). A tile that cuts a person found in the whole
frame makes the detector invent a smaller person on the part it shows (legs, a bent-over head and
hands): a tile's find touching someone it cuts is part of them (:func:`part_of_someone_cut`). A person
a tile cuts is left to the
whole frame or the next tile, which holds them whole: finds that reach a tile's edge inside the frame
are dropped (:func:`whole_in_tile`; a half body found in a tile would otherwise count as one more
person).

Coordinates: tiles are ``(x0, y0, x1, y1)`` in whole pixels of the frame.
"""

from __future__ import annotations

import math

from screening.pose.estimator import PoseDetection

MIN_TILED_ASPECT = 1.2  # frames closer to square than this are not tiled (a tile would be nearly the frame)
MIN_TILE_SIDE_PX = 256  # smaller frames are not tiled: the detector sees 224 px anyway, so a tile shows no more
MIN_TILE_FIND_SHARE = 0.15  # a find in a tile whose box diagonal is under this share of the tile's side is noise
TILE_OVERLAP = 0.35  # consecutive tiles share at least this fraction of the short side (room for a whole person)
CONTAINED = 0.7  # a box with this share of its area inside a larger one is the same person
SMALL_PART = 0.3  # a box under this share of another's diagonal ...
PART_INSIDE = 0.5  # ... with this share of its area inside the other is a part of that person
ZOOM_TILE_OVERLAP = 0.5  # zoom tiles overlap by half a tile both ways
TILE_EDGE_MARGIN = 0.02  # a find this close (share of the tile's side) to an inner tile edge is cut by it


def census_tiles(width: int, height: int) -> list[tuple[int, int, int, int]]:
    """Return the square tiles (side = the short side) covering the frame along its long side.

    Consecutive tiles overlap by at least :data:`TILE_OVERLAP` of the side, so a person up to that
    size across the long side lies whole in one tile. A frame with an aspect ratio under
    :data:`MIN_TILED_ASPECT`, or a short side under :data:`MIN_TILE_SIDE_PX`, gets no tiles.
    """
    short, long = min(width, height), max(width, height)
    if short < MIN_TILE_SIDE_PX or long < MIN_TILED_ASPECT * short:
        return []
    step_max = short * (1.0 - TILE_OVERLAP)
    count = 1 + math.ceil((long - short) / step_max)
    starts = [round(k * (long - short) / (count - 1)) for k in range(count)]
    if width >= height:
        return [(s, 0, s + short, height) for s in starts]
    return [(0, s, width, s + short) for s in starts]


def zoom_tiles(width: int, height: int) -> list[tuple[int, int, int, int]]:
    """Return square tiles of half the short side, in a grid over the frame, each overlapping the next by half.

    A person up to half a tile across (a quarter of the short side) then lies whole in at least one
    of them. No tiles when half the short side is under :data:`MIN_TILE_SIDE_PX`.
    """
    side = min(width, height) // 2
    if side < MIN_TILE_SIDE_PX:
        return []

    def starts(length: int) -> list[int]:
        count = 1 + math.ceil((length - side) / (side * (1.0 - ZOOM_TILE_OVERLAP)))
        return [round(k * (length - side) / (count - 1)) if count > 1 else 0 for k in range(count)]

    return [(x, y, x + side, y + side) for y in starts(height) for x in starts(width)]


def whole_in_tile(detection: PoseDetection, tile: tuple[int, int, int, int], width: int, height: int) -> bool:
    """Return True when ``detection`` (frame pixels) is a whole person in ``tile``.

    Not when it reaches an edge of the tile that lies inside the frame (a person cut by the tile),
    nor when its box is tiny, under :data:`MIN_TILE_FIND_SHARE` of the tile's side (a hand or a
    foot taken for a person; a person that small is too small for the detector in any case).
    """
    x0, y0, x1, y1 = detection.bounding_box()
    tx0, ty0, tx1, ty1 = tile
    if detection.diagonal_px() < MIN_TILE_FIND_SHARE * min(tx1 - tx0, ty1 - ty0):
        return False
    margin = TILE_EDGE_MARGIN * min(tx1 - tx0, ty1 - ty0)
    cut = ((tx0 > 0 and x0 <= tx0 + margin) or (ty0 > 0 and y0 <= ty0 + margin)
           or (tx1 < width and x1 >= tx1 - margin) or (ty1 < height and y1 >= ty1 - margin))
    return not cut


def _areas(a: PoseDetection, b: PoseDetection) -> tuple[float, float, float]:
    """Return the areas (px²) of the two detections' bounding boxes and of their intersection."""
    ax0, ay0, ax1, ay1 = a.bounding_box()
    bx0, by0, bx1, by1 = b.bounding_box()
    inter = max(0.0, min(ax1, bx1) - max(ax0, bx0)) * max(0.0, min(ay1, by1) - max(ay0, by0))
    return max(0.0, ax1 - ax0) * max(0.0, ay1 - ay0), max(0.0, bx1 - bx0) * max(0.0, by1 - by0), inter


def clear_of(detection: PoseDetection, others: list[PoseDetection]) -> bool:
    """Return True when ``detection``'s box touches none of the ``others``' boxes."""
    return all(_areas(detection, other)[2] == 0.0 for other in others)


def box_overlap(a: PoseDetection, b: PoseDetection) -> float:
    """Return the intersection over union (0–1) of two detections' bounding boxes."""
    area_a, area_b, inter = _areas(a, b)
    union = area_a + area_b - inter
    return inter / union if union > 0 else 0.0


def inside_share(a: PoseDetection, b: PoseDetection) -> float:
    """Return the share (0–1) of the smaller box's area that lies inside the other box."""
    area_a, area_b, inter = _areas(a, b)
    smaller = min(area_a, area_b)
    return inter / smaller if smaller > 0 else 0.0


def same_person(a: PoseDetection, b: PoseDetection, same_person_iou: float, contained: float = CONTAINED) -> bool:
    """Return True when two detections' boxes are one person (see the module docstring).

    Also when the smaller box is under :data:`SMALL_PART` of the other's diagonal and at least
    :data:`PART_INSIDE` of it lies inside the other: the head and hands of someone bent forward, found
    as a person of their own even in the whole frame (``test_videos/toe_touch_front``).
    """
    small, large = sorted((a.diagonal_px(), b.diagonal_px()))
    part = small < SMALL_PART * large and inside_share(a, b) >= PART_INSIDE
    return part or box_overlap(a, b) > same_person_iou or inside_share(a, b) > contained


def inside_tile(detection: PoseDetection, tile: tuple[int, int, int, int]) -> bool:
    """Return True when ``detection``'s whole box lies inside ``tile`` (frame pixels)."""
    x0, y0, x1, y1 = detection.bounding_box()
    return tile[0] <= x0 and tile[1] <= y0 and x1 <= tile[2] and y1 <= tile[3]


def part_of_someone_cut(detection: PoseDetection, tile: tuple[int, int, int, int], people: list[PoseDetection]) -> bool:
    """Return True when a find in ``tile`` touches one of ``people`` (found in the whole frame) that the tile cuts.

    A tile that shows only part of a person (their legs, or the head and hands of someone bent forward)
    makes the detector invent a smaller whole person on that part, whose box pokes out of the real one
    (``test_videos/toe_touch_front``, a side squat in portrait): such a find is part of the person cut.
    Someone else behind the subject is still found in the whole frame or in a tile holding the subject
    whole.
    """
    return any(not inside_tile(person, tile) and not clear_of(detection, [person]) for person in people)


def merge_people(
    detections: list[PoseDetection], same_person_iou: float, contained: float = CONTAINED
) -> list[PoseDetection]:
    """Return one detection per person: the largest box of each group of :func:`same_person` boxes.

    Larger boxes are taken first, so a person cut by a tile keeps the whole-body detection.
    Order of the result: as found (the first detection of each person in ``detections``).
    """
    by_size = sorted(range(len(detections)), key=lambda i: -detections[i].diagonal_px())
    kept: list[int] = []
    for i in by_size:
        if all(not same_person(detections[i], detections[j], same_person_iou, contained) for j in kept):
            kept.append(i)
    return [detections[i] for i in sorted(kept)]
