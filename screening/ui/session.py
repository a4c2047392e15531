"""One dashboard analysis from files to everything the page shows, run in a worker thread.

The result is held in memory (:class:`AnalysisBundle`): the annotated videos, key frames, PDF,
CSV and JSON are made while the source files still exist; uploaded files are then deleted.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from screening.config import Settings
from screening.errors import ScreeningError
from screening.model.analysis import Analysis
from screening.model.profile import AthleteProfile
from screening.pipeline import analyze
from screening.present.frames import is_photo, keyframe_caption, plot_columns, select_keyframes
from screening.report.keyframes import annotated_keyframe
from screening.report.render import render_clip_video
from screening.report.tables import angles_csv, summary_json
from screening.ui.jobs import ProgressFn, StopFn
from screening.ui.uploads import remove_dir

LOG = logging.getLogger(__name__)


@dataclass
class AnalysisInputs:
    """What to analyse and how.

    ``workdir`` is a private folder holding the app's copies of uploads and the annotated videos;
    it is deleted when the analysis ends (after ``save``, which stores the analysis in the history
    and returns the session id, has copied what it keeps).
    """

    paths: list[Path]
    settings: Settings
    protocol: str
    profile: AthleteProfile
    side_hints: list[str]
    workdir: Path
    athlete_name: str = ""
    save: Callable[[Analysis], int] | None = None
    athlete_id: int | None = None


@dataclass
class AnalysisBundle:
    """An analysis and every view of it, in memory."""

    analysis: Analysis
    videos: list[bytes | None]
    keyframes: list[tuple[str, bytes]]
    csv: bytes
    json: bytes
    pdf: bytes | None = None
    pdf_error: str = ""
    athlete_name: str = ""
    session_id: int | None = None
    save_error: str = ""
    notes: list[str] = field(default_factory=list)
    athlete_id: int | None = None
    photos: dict[int, bytes] = field(default_factory=dict)  # clip index -> annotated still (PNG) of a photo


def png_bytes(image_bgr: np.ndarray) -> bytes:
    """Return a BGR image as PNG bytes."""
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(image_bgr[..., ::-1])).save(buffer, format="PNG")
    return buffer.getvalue()


def make_keyframes(analysis: Analysis, max_frames: int = 8) -> list[tuple[str, bytes]]:
    """Return ``(caption, PNG)`` stills, the PDF's key frames (faces blurred); photos are shown with their clip."""
    stills = []
    for frame in select_keyframes(analysis, max_frames, photos=False):
        image = annotated_keyframe(analysis.clips[frame.clip_index], frame.time_s, frame.columns, blur_faces=True,
                                   crop_to_person=True, max_side_px=720)
        if image is not None:
            stills.append((keyframe_caption(analysis, frame), png_bytes(image)))
    return stills


def make_photos(analysis: Analysis) -> dict[int, bytes]:
    """Return the annotated still (PNG, face blurred) of each photo clip, with the angles of its own view drawn."""
    photos = {}
    for index, clip in enumerate(analysis.clips):
        if not is_photo(analysis, index):
            continue
        image = annotated_keyframe(clip, float(clip.angles.index[0]), plot_columns(analysis, index, max_columns=8),
                                   blur_faces=True, crop_to_person=True, max_side_px=900)
        if image is not None:
            photos[index] = png_bytes(image)
    return photos


def make_pdf(analysis: Analysis, athlete_name: str) -> tuple[bytes | None, str]:
    """Return ``(pdf bytes, "")`` or ``(None, reason)`` when the report cannot be built."""
    try:
        from screening.report.pdf import build_pdf
    except ImportError as error:
        return None, f"The PDF report is not available in this version ({error})."
    try:
        return build_pdf(analysis, athlete_name=athlete_name, blur_faces=True), ""
    except ScreeningError as error:
        return None, error.one_line()


def run_analysis(inputs: AnalysisInputs, on_progress: ProgressFn, should_stop: StopFn,
                 set_stage: Callable[[str], None]) -> AnalysisBundle:
    """Analyse ``inputs`` and return the bundle; the work folder (and uploads) are deleted at the end."""
    try:
        analysis = analyze(inputs.paths, inputs.settings, inputs.protocol, inputs.profile, inputs.side_hints,
                           on_progress=on_progress, should_stop=should_stop, video_dir=inputs.workdir,
                           render_video=render_clip_video)
        set_stage("drawing key frames")
        keyframes = make_keyframes(analysis)
        photos = make_photos(analysis)
        set_stage("writing the PDF report")
        pdf, pdf_error = make_pdf(analysis, inputs.athlete_name)
        videos = [c.annotated_video.read_bytes() if c.annotated_video and c.annotated_video.exists() else None
                  for c in analysis.clips]
        bundle = AnalysisBundle(analysis, videos, keyframes, angles_csv(analysis), summary_json(analysis), pdf,
                                pdf_error, inputs.athlete_name, photos=photos, athlete_id=inputs.athlete_id)
        if inputs.save is not None:
            set_stage("saving to the history")
            try:
                bundle.session_id = inputs.save(analysis)
            except ScreeningError as error:
                bundle.save_error = error.one_line()
        return bundle
    finally:
        remove_dir(inputs.workdir)
