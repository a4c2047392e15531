"""The annotated video's readouts show the angles of the plane the camera sees."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from screening.pose.estimator import PoseDetection
from screening.report.annotate import AnnotatedVideoWriter
from tests.fixtures.bodies import front_body, side_body, to_image

COLUMNS = ("hip_flexion_left", "knee_flexion_left", "knee_fppa_left", "knee_fppa_right")  # sagittal, any, frontal


def _readouts(points, view: str) -> dict[str, float]:
    writer = AnnotatedVideoWriter(Path("unused.mp4"), COLUMNS)
    writer._attrs = {"fps": 30.0, "frame_width": 1280, "frame_height": 1000, "source_name": "",
                     "model_name": "", "model_sha256": ""}
    position, world = to_image(points, view)
    detection = PoseDetection(position, world, np.ones(33), np.ones(33))
    image = np.zeros((4, 4, 3), np.uint8)
    return writer._batch_angles([(i / 30, image, detection) for i in range(3)])[1]


def test_side_view_shows_sagittal_angles_not_fppa():
    shown = _readouts(side_body(knee_flexion=60.0, hip_flexion=50.0), "side")
    assert set(shown) == {"hip_flexion_left", "knee_flexion_left"}
    assert abs(shown["knee_flexion_left"] - 60.0) < 0.01 and abs(shown["hip_flexion_left"] - 50.0) < 0.01


def test_front_view_shows_fppa_not_sagittal_angles():
    shown = _readouts(front_body(fppa=(10.0, -5.0)), "front")
    assert set(shown) == {"knee_flexion_left", "knee_fppa_left", "knee_fppa_right"}  # knee flexion: any view
    assert abs(shown["knee_fppa_left"] - 10.0) < 0.01 and abs(shown["knee_fppa_right"] + 5.0) < 0.01


def test_the_measured_person_is_tagged_just_above_the_head():
    """With others in view the annotated video says whose numbers they are: a 'measured' tag over the subject."""
    from screening.report.annotate import draw_subject_tag

    image = np.full((400, 600, 3), 255, np.uint8)
    position = np.stack([np.linspace(250, 330, 33), np.linspace(150, 380, 33)])  # (2, 33) px, head at y = 150
    draw_subject_tag(image, position)
    changed = np.argwhere((image != 255).any(axis=2))
    assert len(changed)
    assert changed[:, 0].max() < 150  # above the highest landmark only
    assert 200 < changed[:, 1].mean() < 380  # centred on the body


def test_the_tag_stays_in_the_image_when_the_head_is_at_the_top():
    from screening.report.annotate import draw_subject_tag

    image = np.full((300, 300, 3), 255, np.uint8)
    position = np.stack([np.linspace(280, 299, 33), np.linspace(2, 290, 33)])  # head at the top, body at the right
    draw_subject_tag(image, position)
    import cv2

    (w, h), base = cv2.getTextSize("measured", cv2.FONT_HERSHEY_SIMPLEX, 0.4, 1)  # the tag's size at 300 px
    rows, cols = np.nonzero((image != 255).any(axis=2))
    assert rows.max() - rows.min() + 1 >= h + 2 * base  # the whole box is inside, not clipped by the top edge
    assert cols.max() - cols.min() + 1 >= w + 8  # nor by the right edge
    nan_only = np.full((2, 33), np.nan)
    untouched = np.full((50, 50, 3), 255, np.uint8)
    draw_subject_tag(untouched, nan_only)
    assert (untouched == 255).all()
