"""The dashboard in a real browser: upload → analyse → video, findings, PDF; errors; cancel; history."""

from __future__ import annotations

import io
import json
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.e2e.conftest import ANALYSIS_TIMEOUT_MS, ROOT, screenshot, wait_idle

pytestmark = pytest.mark.e2e
CLIP = ROOT / "test_videos" / "overhead_reach_side_right.mp4"
NO_PERSON = ROOT / "test_videos" / "no_person.mp4"


def upload(page, *paths: Path) -> None:
    page.get_by_text("Upload or film", exact=True).click()
    wait_idle(page)
    page.locator('input[type="file"][multiple]').set_input_files([str(p) for p in paths])
    page.get_by_text(paths[-1].name).first.wait_for(timeout=30_000)
    wait_idle(page)


def new_athlete(page, name: str) -> None:
    page.get_by_role("combobox", name=re.compile("^Athlete")).click()
    page.get_by_role("option", name=re.compile("New athlete")).click()
    wait_idle(page)
    page.get_by_label("Name or code").fill(name)
    page.get_by_role("button", name="Create").click()
    wait_idle(page)


def click_analyse(page) -> None:
    page.get_by_role("button", name=re.compile(r"^\S*\s*Analyse$")).click()


def test_start_page(page) -> None:
    assert page.get_by_text("Screening only — not a diagnosis.").is_visible()
    assert page.get_by_role("button", name=re.compile("Analyse the sample clip")).is_visible()
    screenshot(page, "01_start")


def test_upload_analyse_play_video_and_download_reports(page, tmp_path: Path) -> None:
    upload(page, CLIP)
    click_analyse(page)
    page.get_by_role("heading", name=re.compile("Results:")).wait_for(timeout=ANALYSIS_TIMEOUT_MS)
    wait_idle(page)
    assert page.get_by_text("Shoulder flexion (right)").first.is_visible()
    assert page.get_by_text("Screening only — not a diagnosis.").is_visible()  # the disclaimer stays

    video = page.locator("video").first
    video.scroll_into_view_if_needed()
    page.wait_for_function("() => { const v = document.querySelector('video'); return v && v.readyState >= 2; }",
                           timeout=60_000)
    state = video.evaluate("v => ({ready: v.readyState, duration: v.duration, "
                           "h264: v.canPlayType('video/mp4; codecs=\"avc1.42E01E\"'), error: v.error && v.error.code})")
    assert state["error"] is None and state["duration"] > 1.0, state
    assert state["h264"] in ("probably", "maybe"), state

    page.get_by_role("heading", name=re.compile("Results:")).scroll_into_view_if_needed()
    screenshot(page, "02_results")

    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name=re.compile("PDF report")).click()
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert len(pdf.pages) >= 2
    assert "Shoulder flexion" in text and "not a diagnosis" in text.replace("\n", " ")

    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name=re.compile("Findings \\(JSON\\)")).click()
    summary = json.loads(Path(download.value.path()).read_text())
    assert any(f["metric"] == "shoulder_flexion" and f["side"] == "right" for f in summary["findings"])

    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name=re.compile("Angles per frame")).click()
    header = Path(download.value.path()).read_text().splitlines()[0]
    assert "shoulder_flexion_right" in header


def test_clip_without_a_person_shows_the_error_and_the_app_keeps_working(page) -> None:
    upload(page, NO_PERSON)
    click_analyse(page)
    error = page.locator('[data-testid="stAlertContentError"]').first
    error.wait_for(timeout=ANALYSIS_TIMEOUT_MS)
    assert "person" in error.inner_text()
    screenshot(page, "03_error_no_person")
    page.get_by_text("Sample clip", exact=True).click()
    wait_idle(page)
    page.get_by_role("button", name=re.compile("Analyse the sample clip")).click()
    page.get_by_role("heading", name=re.compile("Results:")).wait_for(timeout=ANALYSIS_TIMEOUT_MS)


def test_cancel_stops_a_long_analysis(page, tmp_path: Path) -> None:
    long_clip = tmp_path / "long.mp4"
    subprocess.run(["ffmpeg", "-y", "-loglevel", "error", "-stream_loop", "14", "-i", str(CLIP), "-c", "copy",
                    str(long_clip)], check=True)
    upload(page, long_clip)
    click_analyse(page)
    bar = page.get_by_text(re.compile(r"Analysing: .*frame \d+ of \d+"))
    bar.wait_for(timeout=120_000)
    screenshot(page, "04_progress")
    page.get_by_role("button", name=re.compile("Cancel")).click()
    page.get_by_text("Analysis cancelled").wait_for(timeout=120_000)
    assert page.get_by_role("heading", name=re.compile("Results:")).count() == 0


def test_history_for_a_new_athlete(page) -> None:
    new_athlete(page, "E2E Athlete")
    page.get_by_role("button", name=re.compile("Analyse the sample clip")).click()
    page.get_by_text(re.compile("Saved to E2E Athlete's history")).wait_for(timeout=ANALYSIS_TIMEOUT_MS)
    wait_idle(page)
    page.get_by_role("tab", name="History").click()
    page.get_by_role("heading", name="History: E2E Athlete").wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    screenshot(page, "05_history")
