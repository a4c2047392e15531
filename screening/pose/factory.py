"""The pose estimator the settings ask for, made without importing MediaPipe until it is needed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from screening.config import Settings

if TYPE_CHECKING:
    from screening.pose.mediapipe_backend import MediaPipePoseEstimator


def make_estimator(settings: Settings, mode: str) -> MediaPipePoseEstimator:
    """Return a MediaPipe estimator for ``mode`` (``"video"``, ``"live"`` or ``"image"``) with the settings' thresholds.

    MediaPipe is imported here, not at the top: rebuilding an analysis from saved landmarks (batch
    driver, ``.npz`` inputs, the store commands) then never loads it (0.6 s of CPU).
    """
    from screening.pose.mediapipe_backend import MediaPipePoseEstimator

    return MediaPipePoseEstimator(
        settings.model_path,
        mode=mode,
        num_poses=settings.num_poses,
        min_detection_confidence=settings.min_detection_confidence,
        min_tracking_confidence=settings.min_tracking_confidence,
    )
