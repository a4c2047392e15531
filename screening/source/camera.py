"""Live webcam or stream URL, with timestamps from a monotonic clock."""

from __future__ import annotations

import time
from collections.abc import Iterator

import cv2
import numpy as np

from screening.errors import CameraError
from screening.source.base import Frame, FrameFilter, SourceInfo
from screening.source.video import plausible_fps


class CameraSource:
    """Frames from a webcam index (``0``) or a stream URL, until :meth:`close` or ``max_seconds``.

    ``mirrored`` flips frames left-right, as a selfie view does; it is recorded so
    "left" still means the subject's left.
    """

    def __init__(self, device: int | str = 0, mirrored: bool = False, max_seconds: float = 3600.0) -> None:
        self._capture = cv2.VideoCapture(device)
        if not self._capture.isOpened():
            raise CameraError(
                f"Expected a camera at '{device}', but none could be opened.",
                hint="Plug in a webcam, allow camera access, or analyse a recorded video instead.",
            )
        ok, first = self._capture.read()
        if not ok or first is None:
            self._capture.release()
            raise CameraError(f"Camera '{device}' opened but gave no picture.", hint="Check that no other app uses it.")
        self._first = cv2.flip(first, 1) if mirrored else first
        self._stop = False
        self.max_seconds = max_seconds
        height, width = first.shape[:2]
        fps = plausible_fps(float(self._capture.get(cv2.CAP_PROP_FPS) or 0.0))
        self.info = SourceInfo(
            name=f"camera {device}", kind="camera", width=width, height=height, fps=fps, frame_count=0,
            mirrored=mirrored,
        )

    def frames(self, wanted: FrameFilter | None = None) -> Iterator[Frame]:
        """Yield frames until stopped, the stream ends or ``max_seconds`` pass; times increase by ≥ 1 µs.

        Every frame has its image (``wanted`` is ignored): live frames are not skipped.
        """
        start = time.monotonic()
        image: np.ndarray | None = self._first
        index, last = 0, -1.0
        try:
            while image is not None and not self._stop:
                now = max(time.monotonic() - start, last + 1e-6)
                if now > self.max_seconds:
                    break
                yield Frame(index=index, time_s=now, image=image)
                index, last = index + 1, now
                ok, raw = self._capture.read()
                image = (cv2.flip(raw, 1) if self.info.mirrored else raw) if ok and raw is not None else None
        finally:
            self.close()

    def close(self) -> None:
        """Stop reading and release the device."""
        self._stop = True
        self._capture.release()
