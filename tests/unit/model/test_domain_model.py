"""The domain model: keypoint sets, and a landmark series that does not depend on the pose backend."""

from __future__ import annotations

import numpy as np
import pytest

from screening.errors import SeriesFormatError
from screening.model.keypoints import MEDIAPIPE_POSE_33, KeypointSet, mirror_name
from screening.model.series import make_landmark_series
from screening.pose import names

ATTRS = {"fps": 30.0, "frame_width": 64, "frame_height": 48, "source_name": "a.mp4", "model_name": "m",
         "model_sha256": "0" * 64}


def test_mediapipe_set_has_33_names_16_mirrored_pairs_and_edges_between_its_own_names() -> None:
    assert len(MEDIAPIPE_POSE_33) == 33 and MEDIAPIPE_POSE_33.names[0] == "nose"
    pairs = MEDIAPIPE_POSE_33.lr_pairs()
    assert len(pairs) == 16 and ("mouth_left", "mouth_right") in pairs and ("left_hip", "right_hip") in pairs
    permutation = MEDIAPIPE_POSE_33.mirror_permutation()
    assert [permutation[i] for i in permutation] == list(range(33))  # mirroring twice is the identity
    assert permutation[MEDIAPIPE_POSE_33.index["left_knee"]] == MEDIAPIPE_POSE_33.index["right_knee"]
    assert {n for edge in MEDIAPIPE_POSE_33.edges for n in edge} <= set(MEDIAPIPE_POSE_33.names)


def test_the_backend_takes_its_names_from_the_model() -> None:
    assert names.LANDMARK_NAMES is MEDIAPIPE_POSE_33.names and names.KEYPOINTS is MEDIAPIPE_POSE_33
    assert names.mirror_permutation() == MEDIAPIPE_POSE_33.mirror_permutation()


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"names": ("nose", "nose")}, "unique"),
    ({"names": ("nose", "left_eye")}, "have a right one"),
    ({"names": ("nose",), "edges": (("nose", "tail"),)}, "join its keypoints"),
])
def test_a_bad_keypoint_set_is_refused(kwargs: dict, message: str) -> None:
    with pytest.raises(SeriesFormatError, match=message):
        KeypointSet(name="bad", **kwargs)


def test_a_series_of_another_keypoint_set() -> None:
    """A backend with other keypoints builds a checked series with its own names (nothing assumes 33)."""
    three = KeypointSet(name="three", names=("nose", "left_hand", "right_hand"), edges=(("left_hand", "nose"),))
    n = 4
    series = make_landmark_series(np.arange(n) / 30.0, np.zeros((n, 2, 3)), np.zeros((n, 3, 3)), np.ones((n, 3)),
                                  np.ones((n, 3)), ATTRS, keypoints=three)
    assert list(series["keypoint"].values) == ["nose", "left_hand", "right_hand"]
    with pytest.raises(SeriesFormatError, match=r"shape \(4, 2, 33\)"):
        make_landmark_series(np.arange(n) / 30.0, np.zeros((n, 2, 3)), np.zeros((n, 3, 3)), np.ones((n, 3)),
                             np.ones((n, 3)), ATTRS)
    assert mirror_name("left_hand") == "right_hand" and mirror_name("nose") == "nose"
