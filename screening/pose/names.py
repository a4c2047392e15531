"""The landmarks the MediaPipe backend returns: the :data:`~screening.model.keypoints.MEDIAPIPE_POSE_33` set.

The names live in the domain model (``screening.model.keypoints``) so the landmark series does not
depend on this backend; they are re-exported here for the backend's own code.
"""

from __future__ import annotations

from screening.model.keypoints import (
    LANDMARK_INDEX,
    LANDMARK_NAMES,
    MEDIAPIPE_POSE_33,
    SIDES,
    SKELETON_EDGES,
    mirror_name,
)

KEYPOINTS = MEDIAPIPE_POSE_33

__all__ = ["KEYPOINTS", "LANDMARK_INDEX", "LANDMARK_NAMES", "SIDES", "SKELETON_EDGES", "mirror_name",
           "mirror_permutation"]


def mirror_permutation() -> list[int]:
    """Return, for each landmark index, the index of its mirror landmark."""
    return MEDIAPIPE_POSE_33.mirror_permutation()
