"""Keypoint sets: the names of a pose model's landmarks, their left/right mirror and the bones drawn.

A landmark series carries its keypoint names as a coordinate; the set that produced them is a
value here, so the series does not depend on any pose backend. ``"left"`` is always the subject's
own left, whatever way they face the camera. :data:`MEDIAPIPE_POSE_33` is the set of MediaPipe
Pose Landmarker (BlazePose, 33 landmarks); another backend adds its own set here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from screening.errors import SeriesFormatError


def mirror_name(name: str) -> str:
    """Return the name of the keypoint on the other side (``nose`` stays ``nose``)."""
    if "left" in name:
        return name.replace("left", "right")
    if "right" in name:
        return name.replace("right", "left")
    return name


@dataclass(frozen=True)
class KeypointSet:
    """The landmarks one pose model returns, in its order.

    Attributes
    ----------
    name
        Identifier of the set, e.g. ``"mediapipe_pose_33"``.
    names
        Keypoint names in the model's output order; left/right keypoints say so in their name.
    edges
        Bones drawn on the annotated video, as pairs of keypoint names.
    """

    name: str
    names: tuple[str, ...]
    edges: tuple[tuple[str, str], ...] = ()
    index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {name: i for i, name in enumerate(self.names)})
        if len(self.index) != len(self.names):
            raise SeriesFormatError(f"Expected unique keypoint names in '{self.name}', but some repeat.")
        unknown = sorted({n for edge in self.edges for n in edge} - set(self.names))
        if unknown:
            raise SeriesFormatError(f"Expected the edges of '{self.name}' to join its keypoints, but got {unknown}.")
        unpaired = sorted(n for n in self.names if mirror_name(n) not in self.index)
        if unpaired:
            raise SeriesFormatError(f"Expected every left keypoint of '{self.name}' to have a right one, "
                                    f"but {unpaired} have none.")

    def __len__(self) -> int:
        return len(self.names)

    def mirror_permutation(self) -> list[int]:
        """Return, for each keypoint index, the index of its mirror keypoint."""
        return [self.index[mirror_name(name)] for name in self.names]

    def lr_pairs(self) -> tuple[tuple[str, str], ...]:
        """Return the (left, right) keypoint pairs, in the set's order."""
        return tuple((name, mirror_name(name)) for name in self.names if "left" in name)


MEDIAPIPE_POSE_33 = KeypointSet(
    name="mediapipe_pose_33",
    names=(
        "nose",
        "left_eye_inner",
        "left_eye",
        "left_eye_outer",
        "right_eye_inner",
        "right_eye",
        "right_eye_outer",
        "left_ear",
        "right_ear",
        "mouth_left",
        "mouth_right",
        "left_shoulder",
        "right_shoulder",
        "left_elbow",
        "right_elbow",
        "left_wrist",
        "right_wrist",
        "left_pinky",
        "right_pinky",
        "left_index",
        "right_index",
        "left_thumb",
        "right_thumb",
        "left_hip",
        "right_hip",
        "left_knee",
        "right_knee",
        "left_ankle",
        "right_ankle",
        "left_heel",
        "right_heel",
        "left_foot_index",
        "right_foot_index",
    ),
    edges=(
        ("left_shoulder", "right_shoulder"),
        ("left_hip", "right_hip"),
        ("left_shoulder", "left_hip"),
        ("right_shoulder", "right_hip"),
        ("left_shoulder", "left_elbow"),
        ("left_elbow", "left_wrist"),
        ("right_shoulder", "right_elbow"),
        ("right_elbow", "right_wrist"),
        ("left_hip", "left_knee"),
        ("left_knee", "left_ankle"),
        ("right_hip", "right_knee"),
        ("right_knee", "right_ankle"),
        ("left_ankle", "left_heel"),
        ("left_heel", "left_foot_index"),
        ("left_ankle", "left_foot_index"),
        ("right_ankle", "right_heel"),
        ("right_heel", "right_foot_index"),
        ("right_ankle", "right_foot_index"),
        ("left_ear", "left_eye"),
        ("right_ear", "right_eye"),
        ("left_eye", "nose"),
        ("right_eye", "nose"),
    ),
)
"""MediaPipe Pose Landmarker's 33 landmarks (BlazePose topology), in its output order."""

SIDES: tuple[str, str] = ("left", "right")

# The set every landmark series holds today (the MediaPipe backend's), by its parts.
LANDMARK_NAMES: tuple[str, ...] = MEDIAPIPE_POSE_33.names
LANDMARK_INDEX: dict[str, int] = MEDIAPIPE_POSE_33.index
SKELETON_EDGES: tuple[tuple[str, str], ...] = MEDIAPIPE_POSE_33.edges
