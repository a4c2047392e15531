"""The annotated video, rendered after the analysis from the landmarks it saved.

Rendering after (not during) the analysis means the video never takes CPU from pose inference,
and it draws the cleaned landmarks (gaps filled, filtered, frames between inferences
interpolated), the ones the numbers come from. Frames are drawn at about :data:`RENDER_HZ` per
second of video (every 2nd frame of a 30 fps clip), which is smooth enough to check the skeleton
and halves decoding and encoding.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import numpy as np

from screening.config import Settings
from screening.model.clip import ClipAnalysis
from screening.model.series import LandmarkSeries
from screening.pose.estimator import PoseDetection
from screening.report.annotate import AnnotatedVideoWriter
from screening.report.annotate_process import BackgroundVideoWriter
from screening.source.base import display_name, open_source

RENDER_HZ = 15.0  # frames drawn per second of video (at most the clip's own rate)
_NO_SCORES = np.full(33, np.nan)
_NO_WORLD = np.full((3, 33), np.nan)


def render_every(fps: float) -> int:
    """Return ``k``: every ``k``-th frame of a clip at ``fps`` frames/s is drawn (1 for photos)."""
    return max(1, int(round(fps / RENDER_HZ))) if fps > 0 else 1


def _positions(series: LandmarkSeries) -> np.ndarray:
    """Return the ``(frames, 2, 33)`` pixel positions of ``series``."""
    return np.asarray(series["position"].values, dtype=np.float32)


def render_annotated(
    source_path: Path, series: LandmarkSeries, target: Path, columns: tuple[str, ...], max_bytes: int,
    in_process: bool = False,
) -> Path:
    """Draw ``series``' landmarks on ``source_path``'s frames and write an H.264 MP4 at ``target``; return it.

    ``series`` rows are the source's frames in order (row ``i`` is frame ``i``). Videos are
    rendered in a child process (see :mod:`screening.report.annotate_process`) unless
    ``in_process`` (batch workers, whose process is the unit of parallelism); photos in process.
    """
    positions = _positions(series)
    photo = series.attrs.get("source_kind") == "photo"
    every = 1 if photo else render_every(float(series.attrs.get("fps") or 0.0))
    if photo or in_process:
        return _render_here(source_path, positions, target, columns, max_bytes, every)
    writer = BackgroundVideoWriter(target, source_path, columns, max_bytes, every=every)
    try:
        for index in range(0, len(positions), every):
            position = positions[index]
            writer.add_landmarks(index, position if np.isfinite(position).any() else None)
        return writer.close()
    except BaseException:
        writer.abort()
        raise


def _render_here(
    source_path: Path, positions: np.ndarray, target: Path, columns: tuple[str, ...], max_bytes: int, every: int
) -> Path:
    """Render in this process (a thread encodes), decoding only the frames drawn."""
    writer = AnnotatedVideoWriter(target, columns)
    try:
        with contextlib.closing(open_source(Path(source_path), max_bytes)) as source:
            for frame in source.frames(lambda index: index % every == 0):
                if frame.index >= len(positions):
                    break
                if frame.skipped or frame.index % every:
                    continue
                position = positions[frame.index]
                found = np.isfinite(position).any()
                writer.add(frame, PoseDetection(position, _NO_WORLD, _NO_SCORES, _NO_SCORES) if found else None)
        return writer.close()
    except BaseException:
        writer.abort()
        raise


def render_clip_video(clip: ClipAnalysis, video_dir: Path, columns: tuple[str, ...], settings: Settings) -> Path:
    """Render ``clip``'s annotated video into ``video_dir`` from its cleaned landmarks, and return its path.

    The pipeline's video renderer (``screening.pipeline.VideoRenderer``).
    """
    assert clip.source_path is not None
    target = Path(video_dir) / f"{Path(display_name(clip.source_path)).stem}_annotated.mp4"
    return render_annotated(clip.source_path, clip.series, target, columns, int(settings.max_file_mb * 1024**2))
