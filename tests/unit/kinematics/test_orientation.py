"""Body orientation measures on synthetic stick figures with exactly known geometry."""

from __future__ import annotations

import numpy as np
import pytest


def test_torso_height_share_is_the_median_torso_over_the_frame_height_whatever_the_posture():
    """A next person is measured instead of the most prominent one only when framed large enough (pipeline)."""
    from screening.kinematics.orientation import torso_height_share
    from screening.model.keypoints import LANDMARK_INDEX
    from tests.fixtures.bodies import make_series, side_body, to_image

    standing = to_image(side_body(), "side", scale=4.0)
    squatting = to_image(side_body(knee_flexion=100.0, shank_tilt=30.0), "side", scale=4.0)
    position = standing[0]
    shoulders = (position[:, LANDMARK_INDEX["left_shoulder"]] + position[:, LANDMARK_INDEX["right_shoulder"]]) / 2
    hips = (position[:, LANDMARK_INDEX["left_hip"]] + position[:, LANDMARK_INDEX["right_hip"]]) / 2
    expected = float(np.hypot(*(shoulders - hips))) / 1600
    assert torso_height_share(make_series([standing] * 3, height=1600)) == pytest.approx(expected)
    assert torso_height_share(make_series([squatting] * 3, height=1600)) == pytest.approx(expected, rel=0.02)
    far = to_image(side_body(), "side", scale=1.0)
    assert torso_height_share(make_series([far] * 3, height=1600)) == pytest.approx(expected / 4)
    nobody = make_series([standing] * 3, height=1600)
    nobody["position"].values[:] = np.nan
    assert torso_height_share(nobody) == 0.0
