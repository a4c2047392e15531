"""Live webcam view for the command line: skeleton and angles in an OpenCV window."""

from __future__ import annotations

import os

import cv2
import numpy as np

from screening.config import Settings
from screening.errors import CameraError
from screening.kinematics.angles import compute_angles
from screening.model.series import make_landmark_series
from screening.pipeline import DEFAULT_READOUTS
from screening.pose.estimator import PoseDetection
from screening.pose.factory import make_estimator
from screening.report.annotate import draw_readouts, draw_skeleton, readout_lines
from screening.source.camera import CameraSource

WINDOW = "movement screening (q to quit)"


def has_display() -> bool:
    """Return True when a window can be shown (an X11 or Wayland display is set)."""
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def frame_angles(detection: PoseDetection, width: int, height: int) -> dict[str, float]:
    """Return the 2-D angles (degrees) of a single detection."""
    ones = np.ones((1, 33))
    series = make_landmark_series(
        np.zeros(1),
        detection.position_px[None],
        detection.world_position_m[None],
        ones,
        ones,
        {
            "fps": 30.0,
            "frame_width": width,
            "frame_height": height,
            "source_name": "camera",
            "model_name": "",
            "model_sha256": "",
        },
    )
    row = compute_angles(series).iloc[0]
    return {column: float(value) for column, value in row.items()}


def run_live_window(camera: str, settings: Settings, protocol: str | None, seconds: float) -> int:
    """Show the webcam with skeleton and angle readouts until ``q`` or ``seconds`` pass; return 0."""
    if not has_display():
        raise CameraError(
            "Expected a display for the live window, but none is set (DISPLAY is empty).",
            hint="Run it on a desktop session, or use the dashboard's webcam page in a browser.",
        )
    from screening.protocols.base import get_protocol

    columns = get_protocol(protocol).spec.key_angles if protocol else DEFAULT_READOUTS
    device: int | str = int(camera) if camera.isdigit() else camera
    # Frames go to the model unmirrored (MediaPipe's left/right assume a true image); the window
    # shows a mirror image, as people expect from a webcam.
    source = CameraSource(device, mirrored=False, max_seconds=seconds)
    with make_estimator(settings, "live") as estimator:
        for frame in source.frames():
            detections = estimator.detect(frame.image, frame.time_s)
            image = frame.image
            lines = ["no person in view"]
            if detections:
                draw_skeleton(image, detections[0].position_px)
                angles = frame_angles(detections[0], source.info.width, source.info.height)
                lines = readout_lines(angles, columns)
            image = cv2.flip(image, 1) if isinstance(device, int) else image
            draw_readouts(image, lines)
            cv2.imshow(WINDOW, image)
            if cv2.waitKey(1) & 0xFF == ord("q"):
                source.close()
                break
    cv2.destroyAllWindows()
    return 0
