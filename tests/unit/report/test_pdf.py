"""The PDF report, key frames and face blurring, on synthetic bodies (no MediaPipe).

The report's content is checked through the text and images that ``pypdf`` reads back out of
it, never its bytes.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import cv2
import numpy as np
import pytest
from pypdf import PdfReader

from screening.config import Settings
from screening.errors import OutputError
from screening.model.analysis import Analysis
from screening.model.clip import ClipAnalysis
from screening.model.findings import DISCLAIMER
from screening.model.keypoints import LANDMARK_INDEX
from screening.model.profile import AthleteProfile
from screening.model.series import LandmarkSeries
from screening.pipeline import clean_and_measure, evaluate
from screening.present.findings import finding_value
from screening.present.frames import select_keyframes
from screening.present.numbers import format_range, format_value, typeset
from screening.report import pdf as pdf_module
from screening.report.keyframes import annotated_keyframe, frame_at, frames_at
from screening.report.pdf import build_pdf, write_pdf
from screening.report.privacy import blur_face, face_box
from tests.fixtures.bodies import front_body, make_series, movement, reps_profile, side_body, to_image

FPS = 30.0
SETTINGS = Settings()


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _reach(side: str, peak: float, trunk_back: float = 0.0) -> LandmarkSeries:
    """Side view, the tested arm nearer the camera: 2 reps from 0° to ``peak`` shoulder flexion over 5 s."""
    arm, trunk = reps_profile(peak, 2, 5.0), reps_profile(-trunk_back, 2, 5.0)
    return movement(lambda t: {"shoulder_flexion": arm(t), "trunk_inclination": trunk(t), "arm_side": side},
                    5.0, FPS, side_body, "side", facing=-1 if side == "left" else 1)


def _clip(raw: LandmarkSeries, name: str, source: Path | None = None) -> ClipAnalysis:
    raw.attrs["source_name"] = name
    series, angles = clean_and_measure(raw, SETTINGS)
    return ClipAnalysis(raw=raw, series=series, angles=angles, source_path=source)


def _analysis(protocol: str, clips: list[ClipAnalysis]) -> Analysis:
    result = evaluate(protocol, clips, AthleteProfile())
    return Analysis(protocol, clips, result, SETTINGS, created_at="2025-03-04T10:20:30+00:00")


@pytest.fixture(scope="module")
def reach() -> Analysis:
    """Overhead reach, one clip per side: left 170° (normal), right 140° with 12° trunk lean-back (flagged)."""
    return _analysis("overhead_reach", [_clip(_reach("left", 170.0), "left.mp4"),
                                        _clip(_reach("right", 140.0, trunk_back=12.0), "right.mp4")])


def _write_video(path: Path, series: LandmarkSeries) -> None:
    """Write an MP4 whose frames show the series' skeleton on grey, with the frame index in the red channel."""
    width, height = int(series.attrs["frame_width"]), int(series.attrs["frame_height"])
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), FPS, (width, height))
    assert writer.isOpened()
    for index, position in enumerate(series["position"].values):
        image = np.full((height, width, 3), 120, np.uint8)
        image[:40, :40, 2] = min(255, index * 2)
        for x, y in position.T.astype(int):
            cv2.circle(image, (x, y), 6, (255, 255, 255), -1)
        writer.write(image)
    writer.release()


# ---------------------------------------------------------------- the report


def test_pdf_lists_findings_disclaimer_and_athlete(reach: Analysis, tmp_path: Path) -> None:
    path = write_pdf(reach, tmp_path / "report.pdf", athlete_name="Jane Müller")
    data = path.read_bytes()
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    text = _text(data)
    assert "Jane Müller" in text
    assert _flat(DISCLAIMER) in text
    assert text.count(_flat(DISCLAIMER)) >= 2  # page 1 and the end
    for finding in reach.result.findings:
        assert finding.label in text
    assert "°" in text and "–" in text  # Unicode font: degree sign and en dash
    assert "Overhead reach (shoulder flexion)" in text  # protocol title
    assert "3–4 m away" in text  # camera set-up
    assert "Boone & Azen" in text  # a norm source
    assert "synthetic (sha256 000000000000" in text  # model name and hash in the provenance
    assert "Butterworth" in text  # processing log
    assert not list(tmp_path.glob(".*partial*"))


def test_flagged_findings_come_first_on_page_one(reach: Analysis) -> None:
    page_one = _flat(PdfReader(io.BytesIO(build_pdf(reach))).pages[0].extract_text())
    flagged = [f for f in reach.result.findings if f.flagged]
    normal = [f for f in reach.result.findings if f.severity == "normal"]
    assert flagged and normal
    assert max(page_one.index(f.label) for f in flagged) < min(page_one.index(f.label) for f in normal)
    right = next(f for f in flagged if f.metric == "shoulder_flexion")
    assert typeset(finding_value(right)) in page_one and "160–180°" in page_one


def test_landmark_input_gives_no_key_frame_but_a_report(reach: Analysis) -> None:
    for clip in reach.clips:
        assert annotated_keyframe(clip, 1.0, ["shoulder_flexion_left"]) is None
    data = build_pdf(reach)
    assert "No key frames" in _text(data)


def test_key_frames_come_from_the_video_at_the_best_rep(tmp_path: Path) -> None:
    raw = _reach("right", 140.0, trunk_back=12.0)
    video = tmp_path / "right.mp4"
    _write_video(video, raw)
    analysis = _analysis("overhead_reach", [_clip(raw, "right.mp4", video)])
    frames = select_keyframes(analysis)
    assert frames and frames[0].clip_index == 0
    best = max(analysis.result.reps["shoulder_flexion_corrected_right"], key=lambda r: r.peak_deg)
    assert frames[0].time_s == pytest.approx(best.peak_s, abs=1e-3)
    assert frames[0].columns[0] == "shoulder_flexion_corrected_right"
    reader = PdfReader(io.BytesIO(build_pdf(analysis, blur_faces=False)))
    jpegs = [image for page in reader.pages for image in page.images if image.name.lower().endswith(".jpg")]
    assert len(jpegs) == 1
    assert "peak of the best repetition" in _text(build_pdf(analysis))


def test_frame_at_reads_the_nearest_frame(tmp_path: Path) -> None:
    raw = _reach("left", 150.0)
    video = tmp_path / "clip.mp4"
    _write_video(video, raw)
    for index in (0, 17, 60):
        frame = frame_at(video, index / FPS + 0.004)
        assert frame is not None and frame.shape == (1600, 1280, 3)
        assert abs(int(frame[20, 20, 2]) - index * 2) <= 6  # mp4v is lossy
    assert frames_at(video, []) == []
    assert frame_at(tmp_path / "missing.mp4", 0.0) is None


def test_photo_gets_a_key_frame_at_zero(tmp_path: Path) -> None:
    """Posture from one photo: a single frame at t = 0 s, read from a PNG."""
    raw = make_series([to_image(front_body(shoulder_tilt=5.0), "front")])
    photo = tmp_path / "posture.png"
    image = np.full((1000, 1280, 3), 200, np.uint8)
    cv2.imwrite(str(photo), image)
    analysis = _analysis("posture", [_clip(raw, "posture.png", photo)])
    assert frame_at(photo, 3.0) is not None  # any time gives the one frame
    frames = select_keyframes(analysis)
    assert len(frames) == 1 and frames[0].time_s == 0.0
    assert "shoulder_tilt" in frames[0].columns  # a front photo draws its front-view angles
    annotated = annotated_keyframe(analysis.clips[0], 0.0, frames[0].columns)
    assert annotated is not None and not np.array_equal(annotated, image)
    data = build_pdf(analysis, athlete_name="A. Photo")
    reader = PdfReader(io.BytesIO(data))
    assert any(im.name.lower().endswith(".jpg") for page in reader.pages for im in page.images)
    assert "Shoulder height difference" in _text(data)


def test_write_is_atomic(reach: Analysis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.pdf"

    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("chart failed")

    monkeypatch.setattr(pdf_module, "build_pdf", broken)
    with pytest.raises(RuntimeError):
        write_pdf(reach, target)
    assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    with pytest.raises(OutputError):
        write_pdf(reach, tmp_path / "no_such_folder" / "report.pdf")
    assert list(tmp_path.iterdir()) == []


def test_formatting_keeps_units_and_the_one_rounding_rule() -> None:
    assert format_value(169.4, "deg") == "169°"
    assert typeset(format_value(-4.2, "deg")) == "−4.2°"  # below 20°: one decimal, as the explanation texts
    assert format_value(-0.04, "deg") == "0.0°"  # never "-0"
    assert format_value(float("nan"), "deg") == "–"
    assert typeset(format_range(-5.0, 10.0, "deg")) == "−5 to 10°"
    assert format_value(12.0, "%") == "12.0 %"
    assert format_value(None, "deg") == "–"
    assert format_range(160.0, 180.0, "deg") == "160–180°"
    assert format_range(None, 2.5, "deg") == "≤ 2.5°"  # was "≤ 3°" in the PDF beside "≤ 2.5°" on the page
    assert format_range(30.0, None, "deg") == "≥ 30°"
    assert format_range(None, None, "deg") == "no published range"
    assert typeset("single-leg squat: -4.5° to -2°") == "single-leg squat: −4.5° to −2°"  # hyphens stay


# ---------------------------------------------------------------- face blurring


def _face_points(centre: tuple[float, float] = (300.0, 150.0)) -> np.ndarray:
    position = np.full((2, 33), np.nan)
    rng = np.random.default_rng(1)
    position[:, :11] = np.array(centre)[:, None] + rng.uniform(-20, 20, size=(2, 11))
    position[:, LANDMARK_INDEX["left_shoulder"]] = (270.0, 230.0)
    position[:, LANDMARK_INDEX["right_shoulder"]] = (330.0, 230.0)
    return position


def test_blur_face_changes_the_face_and_nothing_else() -> None:
    rng = np.random.default_rng(0)
    image = rng.integers(0, 256, size=(480, 640, 3), dtype=np.uint8)
    position = _face_points()
    box = face_box(position, image.shape)
    assert box is not None
    x0, y0, x1, y1 = box
    assert x0 < 280 and x1 > 320 and y0 < 130 and y1 > 170  # the whole face, padded
    before = image.copy()
    out = blur_face(image, position)
    assert np.array_equal(image, before)  # the input is not changed
    assert out.shape == image.shape and out is not image
    face, original = out[y0:y1, x0:x1].astype(float), image[y0:y1, x0:x1].astype(float)
    assert np.abs(face - original).mean() > 40  # noise is wiped out
    assert face.std() < original.std() / 3
    outside = np.ones(image.shape[:2], bool)
    outside[y0:y1, x0:x1] = False
    assert np.array_equal(out[outside], image[outside])


def test_blur_face_without_landmarks_leaves_the_image() -> None:
    image = np.random.default_rng(2).integers(0, 256, size=(100, 100, 3), dtype=np.uint8)
    assert np.array_equal(blur_face(image, np.full((2, 33), np.nan)), image)
    with pytest.raises(ValueError, match="shape"):
        blur_face(image, np.zeros((33, 2)))


def test_blur_face_falls_back_to_the_torso_when_the_face_is_missing() -> None:
    position = np.full((2, 33), np.nan)
    for name, xy in (("left_shoulder", (300, 200)), ("right_shoulder", (340, 200)),
                     ("left_hip", (300, 400)), ("right_hip", (340, 400))):
        position[:, LANDMARK_INDEX[name]] = xy
    box = face_box(position, (480, 640, 3))
    assert box is not None
    x0, y0, x1, y1 = box
    assert y1 <= 200 + 1 and x0 < 320 < x1  # above the shoulders, centred on them
