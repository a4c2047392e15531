"""Real footage (test_videos/real/): refused with one clear line, nothing graded, the people in view reported.

Neither clip shows a screening movement. Whatever each screen decides first (the view, the movement, nobody
measurable), the user must get one readable error line and a non-zero exit, no graded or confident finding, and
word of the other people in view.
"""

from __future__ import annotations

import cv2
import pytest

from tests.integration.conftest import VIDEOS, analyze

GRADED = {"normal", "mild", "marked"}
PROTOCOLS = ("hip_rotation", "overhead_reach", "posture", "single_leg_squat", "squat", "toe_touch")


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


CLIPS = (  # (clip, the fewest people a census must count at once)
    ("real/street_walkers.mp4", 3),  # four or five pedestrians walking past, small, seen from above
    ("real/roof_jump_walker.mp4", 2),  # issue 13's clip: one person jumping on a roof, another walking past, backlit
)


@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize(("clip", "people"), CLIPS)
def test_real_footage_of_no_screen_is_refused_and_the_people_reported(tmp_path, protocol, clip, people):
    """Real footage that shows no screening movement, analysed as every screen."""
    run = analyze(tmp_path / "out", clip, protocol=protocol, extra=("--no-video",))
    assert run.returncode in (7, 8), run.stderr  # insufficient data or wrong view / movement
    errors = error_lines(run.stderr)
    assert len(errors) == 1, run.stderr
    if (run.out / "summary.json").is_file():  # measured, then refused: nothing graded, the others reported
        assert not [f for f in run.summary["findings"] if f["severity"] in GRADED]
        assert not [f for f in run.summary["findings"] if f["confidence"] == "high"]
        assert run.summary["clips"][0]["people_checks_with_others"] >= 1
        assert run.summary["clips"][0]["people_most_counted"] >= people
        assert run.findings("other_people_in_view")
    else:  # refused on its first seconds
        assert "person was counted in view" in errors[0], errors[0]


def test_a_photo_of_two_people_no_one_measurable_says_so(tmp_path):
    """two_men_ball_photo.png: the pose tracker's threshold finds no one, the census glimpses them.

    Either outcome that tells the truth passes: refused with "someone may be in view", or measured with the
    other person reported; never a silent "nobody" and never a graded finding.
    """
    run = analyze(tmp_path / "out", "real/two_men_ball_photo.png", protocol="posture", extra=("--no-video",))
    assert run.returncode != 0
    errors = error_lines(run.stderr)
    assert len(errors) == 1, run.stderr
    if run.returncode == 6:
        assert "in the photo" in errors[0] and "Someone may be in view" in errors[0], errors[0]
    else:
        assert not [f for f in run.summary["findings"] if f["severity"] in GRADED]
        assert run.findings("other_people_in_view")


def test_a_photo_analysed_as_a_movement_screen_says_a_photo_holds_no_movement(tmp_path):
    run = analyze(tmp_path / "out", "posture_front.jpg", protocol="squat", extra=("--no-video",))
    assert run.returncode == 7
    assert error_lines(run.stderr) == [
        "error: Expected squat to measure a movement, but 'posture_front.jpg' (1 frame, 0.00 s) gave no findings "
        "(a photo holds no movement). Only the angles were written. Film the whole movement, with the whole body in "
        "view, as `screening protocols` describes."]


def test_a_photo_of_someone_not_standing_gets_the_posture_screens_reason(tmp_path):
    """The bottom of a squat (squat_side.mp4 at its first peak, 1.0 s) saved as a photo: no standing posture."""
    capture = cv2.VideoCapture(str(VIDEOS / "squat_side.mp4"))
    capture.set(cv2.CAP_PROP_POS_MSEC, 1000.0)
    ok, image = capture.read()
    capture.release()
    assert ok
    photo = tmp_path / "squatting.jpg"
    cv2.imwrite(str(photo), image)
    run = analyze(tmp_path / "out", str(photo), protocol="posture", extra=("--no-video",))
    assert run.returncode == 8
    assert error_lines(run.stderr) == [
        "error: Expected clips showing the posture movement, but for 'squatting.jpg': no standing posture found: the "
        "legs are not upright (sitting, squatting or lying rather than standing?). Nothing was measured in them. Film "
        "again as `screening protocols` describes."]
