"""Video files read with OpenCV, upright (rotation metadata applied) with real timestamps."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np

from screening.errors import InvalidVideoError
from screening.source.base import Frame, SourceInfo, file_sha256, register_source

FALLBACK_FPS = 30.0
PLAUSIBLE_FPS = (1.0, 1000.0)


def _plausible_fps(value: float) -> float:
    """Return ``value`` if it is a usable frame rate, else :data:`FALLBACK_FPS`."""
    if math.isfinite(value) and PLAUSIBLE_FPS[0] <= value <= PLAUSIBLE_FPS[1]:
        return float(value)
    return FALLBACK_FPS


@register_source((".mp4", ".mov", ".m4v", ".avi", ".webm", ".mkv"))
class VideoFileSource:
    """Stream frames of a video file.

    Rotation metadata (phone videos in portrait) is applied by OpenCV, so frames are upright.
    ``time_s`` comes from each frame's presentation timestamp, so variable frame rate is kept;
    where the container gives no usable timestamps, ``index / fps`` is used instead and
    timestamps are forced to increase by at least 1 ms.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._capture = cv2.VideoCapture(str(self.path), cv2.CAP_FFMPEG)
        if not self._capture.isOpened():
            self._capture.release()
            raise InvalidVideoError(f"Expected a video in '{self.path.name}', but it could not be opened or decoded.")
        self._capture.set(cv2.CAP_PROP_ORIENTATION_AUTO, 1)
        ok, first = self._capture.read()
        if not ok or first is None or first.size == 0:
            self._capture.release()
            raise InvalidVideoError(f"Expected frames in '{self.path.name}', but not one frame could be decoded.")
        self._first = first
        self._first_msec = float(self._capture.get(cv2.CAP_PROP_POS_MSEC))
        height, width = first.shape[:2]
        self.info = SourceInfo(
            name=self.path.name,
            kind="video",
            width=int(width),
            height=int(height),
            fps=_plausible_fps(float(self._capture.get(cv2.CAP_PROP_FPS))),
            frame_count=max(int(self._capture.get(cv2.CAP_PROP_FRAME_COUNT)), 1),
            sha256=file_sha256(self.path),
            rotation_deg=int(self._capture.get(cv2.CAP_PROP_ORIENTATION_META) or 0),
        )

    def frames(self) -> Iterator[Frame]:
        """Yield upright BGR frames with capture times in seconds from the first frame."""
        image: np.ndarray | None = self._first
        index, last_time = 0, -math.inf
        while image is not None:
            msec = self._first_msec if index == 0 else float(self._capture.get(cv2.CAP_PROP_POS_MSEC))
            time_s = (msec - self._first_msec) / 1000.0 if math.isfinite(msec) else math.nan
            if not math.isfinite(time_s) or time_s <= last_time:
                time_s = max(index / self.info.fps, last_time + 0.001)
            last_time = time_s
            yield Frame(index=index, time_s=time_s, image=image)
            index += 1
            ok, image = self._capture.read()
            if not ok:
                image = None
        self.close()

    def close(self) -> None:
        """Release the decoder."""
        self._capture.release()
