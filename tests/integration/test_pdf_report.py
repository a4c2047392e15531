"""The PDF report of a real analysis: MediaPipe on a synthetic overhead-reach clip.

``test_videos/overhead_reach_side_left.mp4``: a rendered person, left side toward the camera,
raising the left arm forward to 170° shoulder flexion, elbow straight, 2 reps in 4 s
(720×1280, 30 fps; ground truth in the ``.json`` next to it).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from pypdf import PdfReader

from screening.config import load_settings
from screening.model.analysis import Analysis
from screening.model.findings import DISCLAIMER
from screening.pipeline import analyze
from screening.report.keyframes import annotated_keyframe, frame_at
from screening.report.pdf import write_pdf
from screening.report.privacy import face_box

CLIP = Path(__file__).resolve().parents[2] / "test_videos" / "overhead_reach_side_left.mp4"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

pytestmark = pytest.mark.skipif(not CLIP.exists(), reason=f"{CLIP.name} has not been rendered")


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return analyze([CLIP], load_settings(annotate_video=False), "overhead_reach")


def test_pdf_has_the_key_frame_and_the_findings(analysis: Analysis, tmp_path: Path) -> None:
    path = write_pdf(analysis, tmp_path / "report.pdf", athlete_name="Synthetic Person")
    reader = PdfReader(path)
    assert len(reader.pages) >= 2
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    flexion = next(f for f in analysis.result.findings if f.metric == "shoulder_flexion" and f.side == "left")
    assert flexion.value == pytest.approx(170.0, abs=10.0)
    for finding in analysis.result.findings:
        assert finding.label in text
    assert "Shoulder flexion (left): rep" in text  # the key frame's caption
    assert re.sub(r"\s+", " ", DISCLAIMER) in text and "Synthetic Person" in text
    key_frames = [image for page in reader.pages for image in page.images if image.name.lower().endswith(".jpg")]
    assert len(key_frames) == 1
    picture = key_frames[0].image
    assert picture.height > picture.width  # the portrait person, cropped around the body
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "overhead_reach_report.pdf").write_bytes(path.read_bytes())


def test_key_frame_is_at_the_peak_and_the_face_is_blurred(analysis: Analysis) -> None:
    clip = analysis.clips[0]
    best = max(analysis.result.reps["shoulder_flexion_corrected_left"], key=lambda r: r.peak_deg)
    frame = frame_at(CLIP, best.peak_s)
    assert frame is not None and frame.shape == (1280, 720, 3)
    index = int(np.argmin(np.abs(clip.series["time"].values - best.peak_s)))
    wrist = clip.series["position"].sel(keypoint="left_wrist").values[index]
    shoulder = clip.series["position"].sel(keypoint="left_shoulder").values[index]
    assert wrist[1] < shoulder[1] - 100  # arm up at the peak (image y down)
    blurred = annotated_keyframe(clip, best.peak_s, ["shoulder_flexion_left"], readout=False, max_side_px=1280)
    sharp = annotated_keyframe(clip, best.peak_s, ["shoulder_flexion_left"], blur_faces=False, readout=False,
                               max_side_px=1280)
    assert blurred is not None and sharp is not None
    raw = clip.raw["position"].values[index]
    x0, y0, x1, y1 = face_box(raw, frame.shape)
    box = np.zeros(frame.shape[:2], bool)
    box[y0:y1, x0:x1] = True
    untouched = (sharp == frame).all(axis=2) & box  # face pixels that no skeleton line or label covers
    assert untouched.sum() > 0.3 * box.sum()
    assert np.abs(blurred[untouched].astype(float) - frame[untouched]).mean() > 5.0
    assert np.array_equal(blurred[~box], sharp[~box])  # only the face changes
