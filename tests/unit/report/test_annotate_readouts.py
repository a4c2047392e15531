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
