"""The live camera path with Chromium's fake camera fed from test clips (converted to .y4m at test time).

Guided capture: for each stream the set-up advice the screen needs must be on the page, shown as the
first set-up state within 1 s of the first frame the pose model analysed (the page says since when; it would say a later
time had it changed, so this also checks it did not flicker), and the recording must start on its
own only on the good stream, which then goes on to the results.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import ANALYSIS_TIMEOUT_MS, ROOT, VIEWPORT, launch, screenshot, wait_idle

pytestmark = pytest.mark.e2e
VIDEOS = ROOT / "test_videos"
CLIP = VIDEOS / "overhead_reach_side_left.mp4"
SINCE = re.compile(r"\((\d+\.\d) frames a second\); this state since (\d+\.\d) s after the first analysed frame")


FIT = "scale=-2:480,pad=640:480:(ow-iw)/2:0:gray"  # a portrait clip in the 640×480 picture the page asks for
FIT_WIDE = "scale=640:-2,pad=640:480:0:(oh-ih)/2:gray"  # a landscape one


def to_y4m(clip: Path, target: Path, filters: str = FIT) -> Path:
    """Return ``clip`` as a 640×480, 15 fps Y4M file for ``--use-file-for-fake-video-capture`` (Chromium loops it).

    The page asks the camera for 640×480: Chromium crops a picture of another shape to it, which
    cuts a portrait clip's head and feet off (the guide then rightly says so).
    """
    subprocess.run(["ffmpeg", "-y", "-loglevel", "error", "-i", str(clip), "-vf", f"{filters},fps=15",
                    "-pix_fmt", "yuv420p", str(target)], check=True)
    return target


def open_camera(playwright_instance, chromium, server, camera: Path):
    """Return (browser, page) with the dashboard's webcam playing ``camera``."""
    browser = launch(playwright_instance, chromium, ["--use-fake-device-for-media-stream",
                                                     "--use-fake-ui-for-media-stream",
                                                     f"--use-file-for-fake-video-capture={camera}"])
    page = browser.new_context(viewport=VIEWPORT, permissions=["camera"]).new_page()
    page.goto(server)
    page.get_by_role("heading", name="Movement screening").wait_for(timeout=60_000)
    page.get_by_text("Webcam", exact=True).click()
    streamer = page.frame_locator("iframe[title*='webrtc']")
    streamer.get_by_role("button", name=re.compile("start", re.I)).click(timeout=60_000)
    return browser, page


FIRST_PICTURE_MS = 300_000  # the first camera of a fresh server loads aiortc and MediaPipe on a loaded CPU


def wait_text(page, pattern: str, timeout_ms: int = FIRST_PICTURE_MS) -> None:
    """Wait for ``pattern`` on the page; on a timeout, fail with what the page said instead (and a screenshot)."""
    try:
        page.get_by_text(re.compile(pattern)).first.wait_for(timeout=timeout_ms)
    except Exception as error:  # playwright's TimeoutError
        screenshot(page, "06_webcam_timeout")
        said = page.locator('[data-testid="stMain"]').inner_text()[-1500:]
        raise AssertionError(f"{pattern!r} not shown in {timeout_ms / 1000:.0f} s; the page says:\n{said}") from error


def state_since_s(page) -> float:
    """Return the time (s after the first analysed frame) since when the set-up state shown holds.

    The advice must come within 1 s; on a machine so loaded that it analyses fewer than 3 frames a
    second, within 3 frames (the page says the rate), since the state needs frames to change.
    """
    caption = page.get_by_text(SINCE).first
    caption.wait_for(timeout=FIRST_PICTURE_MS)
    fps, since = (float(x) for x in SINCE.search(caption.inner_text()).groups())
    return since - max(0.0, 3.0 / max(fps, 0.1) - 1.0)


BAD_STREAMS = {  # name: (clip, ffmpeg filters, the advice expected)
    "wrong_view": (VIDEOS / "overhead_reach_wrong_view.mp4", FIT, r"Turn about \d+° to your"),
    "too_close": (CLIP, f"{FIT},crop=iw/2:ih/2,scale=640:480", r"Step back"),  # zoomed in twice
    "two_people": (VIDEOS / "two_people.mp4", FIT_WIDE, r"Only one person in view, please"),
}


@pytest.mark.parametrize("name", list(BAD_STREAMS))
def test_bad_set_up_gets_its_advice_within_a_second_and_never_records(playwright_instance, chromium, server,
                                                                       tmp_path: Path, name: str) -> None:
    clip, filters, advice = BAD_STREAMS[name]
    browser, page = open_camera(playwright_instance, chromium, server, to_y4m(clip, tmp_path / "cam.y4m", filters))
    try:
        wait_text(page, advice)
        assert state_since_s(page) <= 1.0
        page.wait_for_timeout(6_000)  # well past the 1 s the set-up must hold before recording
        assert page.get_by_text(re.compile(advice)).count() >= 1
        assert state_since_s(page) <= 1.0  # still the first state: no flicker
        assert page.get_by_role("button", name=re.compile("Stop and analyse")).count() == 0
        assert page.get_by_text(re.compile(r"^Recording \d")).count() == 0
        screenshot(page, f"06_webcam_{name}")
    finally:
        browser.close()


def test_good_set_up_records_on_its_own_counts_reps_then_analyses(playwright_instance, chromium, server,
                                                                  tmp_path: Path) -> None:
    browser, page = open_camera(playwright_instance, chromium, server, to_y4m(CLIP, tmp_path / "cam.y4m"))
    try:
        wait_text(page, r"landmarks: 33")
        # the set-up is right, then the recording starts on its own (no button pressed)
        wait_text(page, r"Recording [2-9]\.\d s", 180_000)
        assert page.get_by_text(re.compile(r"Turn about|Step back|Only one person")).count() == 0
        wait_text(page, r"reps: [1-9]")  # the arm goes up and down
        screenshot(page, "06_webcam_live")
        page.get_by_role("button", name=re.compile("Stop and analyse")).click()
        # the page answers the click at once (it used to sit in a readout loop for minutes under load)
        page.get_by_text(re.compile(r"^Analysing: |^Results: ")).first.wait_for(timeout=90_000)
        # a recording under load runs at ~7 fps: the default 6 Hz cut-off must not refuse it (it did once)
        page.get_by_role("heading", name=re.compile("Results:")).wait_for(timeout=ANALYSIS_TIMEOUT_MS)
        wait_idle(page)
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    finally:
        browser.close()
