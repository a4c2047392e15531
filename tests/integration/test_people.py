"""Several people in view: one subject is chosen and followed, and the others are reported."""

from __future__ import annotations

import json

import pytest

from screening.config import load_settings
from screening.model.series import detected_fraction
from screening.pipeline import landmarks_from_file
from tests.integration.conftest import VIDEOS, analyze


def test_two_people_subject_chosen_and_others_reported(analyzed):
    run = analyzed("two_people.mp4", protocol="overhead_reach")
    assert run.returncode == 0, run.stderr
    clip = run.summary["clips"][0]
    assert clip["people_checks_with_others"] >= 1
    info = run.findings("other_people_in_view")
    assert info and info[0]["severity"] == "info" and "largest, most central" in info[0]["explanation"]


def test_the_person_who_performs_the_screen_is_measured(tmp_path):
    """two_people.mp4: a woman squats (the largest, most central person) while a man raises both arms.

    The squat screen measures her; the reach screen finds that she does not reach, measures him,
    and says so. Truth: his arms rise to 160° (front view, 3-D elevation reads within ±15°).
    """
    reach = analyze(tmp_path / "reach", "two_people.mp4", protocol="overhead_reach")
    assert reach.returncode == 0, reach.stderr
    assert (tmp_path / "reach" / "two_people_annotated.mp4").is_file()  # the chosen person's video
    assert not list((tmp_path / "reach").glob(".*"))  # no folder left from measuring the other person
    info = reach.findings("other_people_in_view")[0]
    assert info["details"]["subject_rank"] == 1 and "did not perform" in info["explanation"]
    for side in ("left", "right"):
        elevation = reach.findings("shoulder_elevation_front", side)[0]
        assert elevation["value"] == pytest.approx(160.0, abs=15.0)
    squat = analyze(tmp_path / "squat", "two_people.mp4", protocol="squat", extra=("--no-video",))
    assert squat.returncode == 0, squat.stderr
    assert squat.findings("other_people_in_view")[0]["details"]["subject_rank"] == 0
    assert squat.findings("knee_valgus_fppa", "left")


def test_a_walker_passing_in_backlight_is_reported(tmp_path):
    """squat_walker_backlit.mp4: a woman walks behind the squatting man, dark against a bright background."""
    run = analyze(tmp_path / "out", "squat_walker_backlit.mp4", protocol="squat", extra=("--no-video",))
    assert run.returncode == 0, run.stderr
    assert run.summary["clips"][0]["people_checks_with_others"] >= 1
    assert run.findings("other_people_in_view")
    assert run.findings("squat_depth_knee_flexion")[0]["severity"] in ("normal", "mild", "marked")


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


def test_census_finds_a_small_person_behind_a_nearer_one_and_no_one_twice():
    """squat_behind_waver.mp4 (from `--set recog_holdout`): the squatter, 270 px tall in 1280×720, 2.4 m behind a
    waving bystander, was missed by a whole-frame census; the tiles find him. A one-person clip stays one person."""
    import cv2

    from screening.config import DEFAULT_MODEL_PATH
    from screening.pose.mediapipe_backend import MediaPipePoseEstimator

    def first_frame(name: str):
        capture = cv2.VideoCapture(str(VIDEOS / name))
        ok, image = capture.read()
        capture.release()
        assert ok
        return image

    with MediaPipePoseEstimator(DEFAULT_MODEL_PATH, mode="image") as estimator:
        people = estimator.find_people(first_frame("squat_behind_waver.mp4"))
        assert len(people) == 2
        assert sorted(float(p.centre()[0]) for p in people)[0] < 640  # the squatter, left of centre
        assert len(estimator.find_people(first_frame("squat_side.mp4"))) == 1


def test_a_person_a_quarter_of_the_image_tall_far_behind_is_reported(tmp_path):
    """squat_far_person.mp4: a woman stands 4.6 m behind the squatter, about 140 px tall in 1024×576.

    The whole frame and the short-side tiles miss her (one person found); the zoom tiles find her, so the
    squat screen reports another person in view, and still measures the squatter.
    """
    import cv2

    from screening.config import DEFAULT_MODEL_PATH
    from screening.pose.mediapipe_backend import MediaPipePoseEstimator

    capture = cv2.VideoCapture(str(VIDEOS / "squat_far_person.mp4"))
    ok, image = capture.read()
    capture.release()
    assert ok
    with MediaPipePoseEstimator(DEFAULT_MODEL_PATH, mode="image") as estimator:
        people = estimator.find_people(image)
    assert len(people) == 2
    assert max(float(p.centre()[0]) for p in people) > 600  # she stands in the image's right half
    run = analyze(tmp_path / "out", "squat_far_person.mp4", protocol="squat", extra=("--no-video",))
    assert run.returncode == 0, run.stderr
    assert run.summary["clips"][0]["people_checks_with_others"] >= 1
    assert run.findings("other_people_in_view")[0]["details"]["subject_rank"] == 0
    assert run.findings("knee_valgus_fppa", "left") and run.findings("knee_valgus_fppa", "right")  # a front view


def test_a_far_small_bystander_is_never_measured_instead_of_the_subject(tmp_path):
    """reach_far_bystander.mp4 analysed as posture: the reacher does not stand still, the woman 5 m behind does,
    but at a sixth of the image height she is no screening subject: no posture is graded (movement not found),
    and she is reported as another person in view."""
    run = analyze(tmp_path / "out", "reach_far_bystander.mp4", protocol="posture", extra=("--no-video",))
    graded = [f for f in run.summary["findings"] if f["severity"] in ("normal", "mild", "marked")]
    assert not graded, graded
    assert run.findings("movement_check")[0]["severity"] == "invalid"
    assert run.findings("other_people_in_view")[0]["details"]["subject_rank"] == 0


def test_a_smaller_performer_behind_a_bystander_is_reported_and_measured(tmp_path):
    """squat_behind_waver.mp4: the bystander (nearer, larger) waves; the man behind squats 3 times to 90°.

    The squat screen finds that the most prominent person does not squat, measures the other one, says so,
    and recognises the squat.
    """
    run = analyze(tmp_path / "out", "squat_behind_waver.mp4", protocol="squat", extra=("--no-video",))
    assert run.returncode == 0, run.stderr
    assert run.summary["clips"][0]["people_checks_with_others"] >= 1
    info = run.findings("other_people_in_view")[0]
    assert info["details"]["subject_rank"] == 1 and "did not perform" in info["explanation"]
    assert not run.findings("movement_check")
    assert run.findings("squat_depth_knee_flexion")


def test_front_squat_filmed_from_a_high_camera_is_a_squat(tmp_path):
    """squat_front_holdout.mp4 (from `--set recog_holdout`): 80° squats facing a camera 1.5 m high.

    MediaPipe's world knee bend reads 19–21° there; the legs' shortening in the image shows the squat.
    """
    run = analyze(tmp_path / "out", "squat_front_holdout.mp4", protocol="squat", extra=("--no-video",))
    assert run.returncode == 0, run.stderr
    assert not run.findings("movement_check")
    assert run.findings("knee_valgus_fppa", "left") and run.findings("knee_valgus_fppa", "right")
