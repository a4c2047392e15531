"""Several people in view: one subject is chosen and followed, and the others are reported."""

from __future__ import annotations

import json

from screening.config import load_settings
from screening.pipeline import landmarks_from_file
from screening.series import detected_fraction
from tests.integration.conftest import VIDEOS


def test_two_people_subject_chosen_and_others_reported(analyzed):
    run = analyzed("two_people.mp4", protocol="overhead_reach")
    assert run.returncode == 0, run.stderr
    clip = run.summary["clips"][0]
    assert clip["people_checks_with_others"] >= 1
    info = run.findings("other_people_in_view")
    assert info and info[0]["severity"] == "info" and "largest, most central" in info[0]["explanation"]


def test_subject_is_the_largest_most_central_person():
    """In two_people.mp4 the chosen subject stays one person: its hip centre never jumps across the frame."""
    series = landmarks_from_file(VIDEOS / "two_people.mp4", load_settings())
    assert detected_fraction(series) > 0.9
    hips = series["position"].sel(keypoint=["left_hip", "right_hip"], space="x").mean("keypoint").values
    width = series.attrs["frame_width"]
    assert abs(float(hips.max() - hips.min())) < 0.15 * width
    truth = json.loads((VIDEOS / "two_people.json").read_text(encoding="utf-8"))
    assert "other_subjects" in truth["frames"][0] or truth.get("subjects")


def test_same_landmarks_with_and_without_background_threads():
    """Batch workers decode and count people in one thread; the dashboard and CLI use threads.

    The census result is applied at a frame fixed by the timestamps, so both give the same
    landmarks, bit for bit, on the clip where the census matters (two people).
    """
    settings = load_settings()
    threaded = landmarks_from_file(VIDEOS / "two_people.mp4", settings, threads=True)
    single = landmarks_from_file(VIDEOS / "two_people.mp4", settings, threads=False)
    assert threaded.attrs["people_checks_with_others"] >= 1
    for name in ("position", "world_position", "visibility"):
        assert threaded[name].equals(single[name]), name
