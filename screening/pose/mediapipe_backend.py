"""MediaPipe Pose Landmarker (Tasks API) as a :class:`PoseEstimator`.

Running modes: ``"video"`` for files and the webcam (frames processed in order, each with
its real timestamp, none dropped), ``"image"`` for photos (each frame on its own).
"""

from __future__ import annotations

from pathlib import Path

import cv2
import mediapipe as mp
import numpy as np
from mediapipe.tasks.python import BaseOptions, vision

from screening.errors import ModelError
from screening.pose.estimator import PoseDetection
from screening.pose.model import model_info
from screening.pose.quiet import native_stderr_silenced

CENSUS_MAX_PEOPLE = 3
_MODES = {"video": vision.RunningMode.VIDEO, "image": vision.RunningMode.IMAGE}


def _scores(landmarks: list, attribute: str) -> np.ndarray:
    """Return a ``(33,)`` array of a score attribute, NaN where MediaPipe gave none."""
    values = [getattr(point, attribute) for point in landmarks]
    return np.array([np.nan if value is None else value for value in values], dtype=np.float64)


class MediaPipePoseEstimator:
    """Pose Landmarker on CPU.

    Parameters
    ----------
    model_path
        A ``.task`` bundle (default: the full model in ``models/``).
    mode
        ``"video"`` or ``"image"``.
    num_poses
        How many people to track in every frame. 1 is fastest; other people are still
        counted by :meth:`count_people`. With more, the subject is chosen by
        :class:`~screening.pose.subject.SubjectTracker`.
    min_detection_confidence, min_presence_confidence, min_tracking_confidence
        MediaPipe thresholds in [0, 1].
    """

    def __init__(
        self,
        model_path: Path,
        mode: str = "video",
        num_poses: int = 1,
        min_detection_confidence: float = 0.5,
        min_presence_confidence: float = 0.5,
        min_tracking_confidence: float = 0.5,
    ) -> None:
        info = model_info(Path(model_path))
        self.model_name, self.model_sha256 = info.name, info.sha256
        options = vision.PoseLandmarkerOptions(
            base_options=BaseOptions(model_asset_path=str(info.path)),
            running_mode=_MODES[mode],
            num_poses=num_poses,
            min_pose_detection_confidence=min_detection_confidence,
            min_pose_presence_confidence=min_presence_confidence,
            min_tracking_confidence=min_tracking_confidence,
        )
        try:
            with native_stderr_silenced():
                self._landmarker = vision.PoseLandmarker.create_from_options(options)
        except (RuntimeError, ValueError) as error:
            raise ModelError(f"Expected a MediaPipe Pose Landmarker bundle at '{info.path.name}', but it failed to load: {error}") from error
        self._mode = mode
        self._last_ms = -1
        self._warmed_up = False
        self._census_options = vision.PoseLandmarkerOptions(
            base_options=BaseOptions(model_asset_path=str(info.path)),
            running_mode=vision.RunningMode.IMAGE,
            num_poses=CENSUS_MAX_PEOPLE,
            min_pose_detection_confidence=min_detection_confidence,
        )
        self._census: vision.PoseLandmarker | None = None

    def count_people(self, image_bgr: np.ndarray) -> int:
        """Return how many people (up to 3) are in a frame, each frame on its own.

        Used about once a second: tracking a single person is much faster than looking for
        several in every frame, and this still tells when someone else is in view.
        """
        if self._census is None:
            with native_stderr_silenced():
                self._census = vision.PoseLandmarker.create_from_options(self._census_options)
        rgb = cv2.cvtColor(image_bgr, cv2.COLOR_BGR2RGB)
        return len(self._census.detect(mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb)).pose_landmarks)

    def detect(self, image_bgr: np.ndarray, time_s: float) -> list[PoseDetection]:
        """Return every person found in an upright BGR frame captured at ``time_s`` seconds."""
        height, width = image_bgr.shape[:2]
        rgb = cv2.cvtColor(image_bgr, cv2.COLOR_BGR2RGB)
        image = mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb)
        if not self._warmed_up:  # the first inference logs native warnings
            self._warmed_up = True
            with native_stderr_silenced():
                return self.detect(image_bgr, time_s)
        if self._mode == "video":
            timestamp_ms = max(int(round(time_s * 1000.0)), self._last_ms + 1)
            self._last_ms = timestamp_ms
            result = self._landmarker.detect_for_video(image, timestamp_ms)
        else:
            result = self._landmarker.detect(image)
        detections = []
        for image_points, world_points in zip(result.pose_landmarks, result.pose_world_landmarks, strict=True):
            position = np.array([[p.x * width for p in image_points], [p.y * height for p in image_points]])
            world = np.array([[p.x for p in world_points], [p.y for p in world_points], [p.z for p in world_points]])
            detections.append(
                PoseDetection(position, world, _scores(image_points, "visibility"), _scores(image_points, "presence"))
            )
        return detections

    def close(self) -> None:
        """Release the landmarkers."""
        self._landmarker.close()
        if self._census is not None:
            self._census.close()

    def __enter__(self) -> MediaPipePoseEstimator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
