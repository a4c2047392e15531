"""Choosing the one person to measure when several are in view.

Rule: in the first frame with people, take the largest and most central person (score =
bounding-box diagonal × (1 − distance of its centre from the image centre / half the image
diagonal)), or with ``rank=1`` the next one (the pipeline asks for it when the first person does
not perform the screen's movement). In later frames, follow that person: take the detection whose
centre is nearest to the subject's last centre, if it is within one body diagonal; otherwise
choose again by score.
"""

from __future__ import annotations

import numpy as np

from screening.pose.estimator import PoseDetection


def _prominence(detection: PoseDetection, width: int, height: int) -> float:
    """Return size × centrality of a detection (larger is more likely the subject)."""
    half_diagonal = np.hypot(width, height) / 2
    offset = np.linalg.norm(detection.centre() - np.array([width / 2, height / 2]))
    return detection.diagonal_px() * max(0.0, 1.0 - offset / half_diagonal)


class SubjectTracker:
    """Follows one subject across frames and counts frames where others were present."""

    def __init__(self, width: int, height: int, rank: int = 0) -> None:
        self.width, self.height, self.rank = width, height, rank
        self._last: PoseDetection | None = None
        self.frames_with_others = 0

    def choose(self, detections: list[PoseDetection]) -> PoseDetection | None:
        """Return the subject among ``detections`` (None if there is nobody)."""
        if not detections:
            return None
        if len(detections) == 1:  # following or choosing again, a lone person is the subject
            self._last = detections[0]
            return self._last
        self.frames_with_others += 1
        chosen = self._follow(detections) if self._last is not None else None
        if chosen is None:
            ranked = sorted(detections, key=lambda d: _prominence(d, self.width, self.height), reverse=True)
            chosen = ranked[min(self.rank, len(ranked) - 1)]
        self._last = chosen
        return chosen

    def _follow(self, detections: list[PoseDetection]) -> PoseDetection | None:
        """Return the detection nearest to the last subject, or None if all are too far."""
        assert self._last is not None
        last_centre, reach = self._last.centre(), max(self._last.diagonal_px(), 1.0)
        distances = [float(np.linalg.norm(d.centre() - last_centre)) for d in detections]
        best = int(np.argmin(distances))
        return detections[best] if distances[best] <= reach else None
