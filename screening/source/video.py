"""Video files read with OpenCV, upright (rotation metadata applied) with real timestamps."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from pathlib import Path

import av
import cv2
import numpy as np

from screening.errors import InvalidVideoError
from screening.source.base import (
    Frame,
    FrameFilter,
    SourceInfo,
    decoder_path,
    display_name,
    file_sha256,
    register_source,
)

FALLBACK_FPS = 30.0
PLAUSIBLE_FPS = (1.0, 1000.0)
MIN_STEP_S = 0.5 / PLAUSIBLE_FPS[1]  # timestamps closer than this are not real capture times
MIN_DECODED_FRACTION = 0.8  # fewer decoded frames than this share of the container's count: truncated


def plausible_fps(value: float) -> float:
    """Return ``value`` if it is a usable frame rate, else :data:`FALLBACK_FPS`."""
    if math.isfinite(value) and PLAUSIBLE_FPS[0] <= value <= PLAUSIBLE_FPS[1]:
        return float(value)
    return FALLBACK_FPS


def why_unreadable(path: Path) -> str:
    """Return, in a few words, why a video file cannot be read (probed with PyAV/FFmpeg)."""
    try:
        with decoder_path(Path(path)) as safe, av.open(str(safe), metadata_errors="ignore") as container:
            streams = container.streams.video
            if not streams:
                return "the file holds no video (no video stream, or one without frames)"
            stream = streams[0]
            codec = stream.codec_context.name if stream.codec_context is not None else "unknown"
            if stream.frames == 0 and not stream.duration:
                return "its video stream holds no frames"
            try:
                next(container.decode(stream), None)
            except av.error.FFmpegError:
                return f"its {codec} video could not be decoded (damaged, or a codec this tool lacks)"
            return f"its {codec} video could not be decoded"
    except (av.error.InvalidDataError, av.error.EOFError):
        return "the file is damaged, incomplete (an interrupted copy or upload?) or not a video"
    except (av.error.FFmpegError, OSError, UnicodeDecodeError, ValueError) as error:
        return f"it could not be opened ({error})"


# Up to this many pixels a frame, one decoder thread keeps ahead of pose inference (1080p H.264
# decodes at well over 200 frames/s on one core), and more threads only take time from inference
# on a 2-core machine (measured: about 2 % of the analysis time). Larger frames use every core.
SINGLE_THREAD_DECODE_MAX_PIXELS = 1920 * 1080


@register_source((".mp4", ".mov", ".m4v", ".avi", ".webm", ".mkv"))
class VideoFileSource:
    """Stream frames of a video file.

    Rotation metadata (phone videos in portrait) is applied by OpenCV, so frames are upright.
    ``time_s`` comes from each frame's presentation timestamp, so variable frame rate is kept;
    where the container gives no usable timestamps (or an implausible frame rate), ``index / fps``
    is used instead, and timestamps are forced to increase by at least 1 ms. A file that ends
    well before the frame count its container declares raises :class:`InvalidVideoError`
    (truncated), after the frames that could be decoded.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._name = display_name(self.path)
        self._alias = contextlib.ExitStack()  # a safe name for OpenCV, kept while the file is open
        self._decoder_path = self._alias.enter_context(decoder_path(self.path))
        try:
            self._start()
        except BaseException:
            self._alias.close()
            raise

    def _start(self) -> None:
        """Open the decoder and read the first frame and the container's facts."""
        self._capture = self._open(decoder_threads=1)
        first = self._read()
        if first is not None and first.shape[0] * first.shape[1] > SINGLE_THREAD_DECODE_MAX_PIXELS:  # 4K: all cores
            self._capture.release()
            self._capture = self._open(decoder_threads=0)
            first = self._read()
        if first is None or first.size == 0:
            self._capture.release()
            reason = why_unreadable(self.path)
            reason = "not one frame could be decoded" if reason.endswith("could not be decoded") else reason
            raise InvalidVideoError(f"Expected frames in '{self._name}', but {reason}.")
        self._first = first
        self._first_msec = float(self._capture.get(cv2.CAP_PROP_POS_MSEC))
        raw_fps = float(self._capture.get(cv2.CAP_PROP_FPS))
        self._trust_timestamps = plausible_fps(raw_fps) == raw_fps
        height, width = first.shape[:2]
        self.info = SourceInfo(
            name=self._name,
            kind="video",
            width=int(width),
            height=int(height),
            fps=plausible_fps(raw_fps),
            frame_count=max(int(self._capture.get(cv2.CAP_PROP_FRAME_COUNT)), 1),
            sha256=file_sha256(self.path),
            rotation_deg=int(self._capture.get(cv2.CAP_PROP_ORIENTATION_META) or 0),
        )

    def _open(self, decoder_threads: int) -> cv2.VideoCapture:
        """Open the file with FFmpeg, rotation applied, and ``decoder_threads`` threads (0 = one per core)."""
        capture = cv2.VideoCapture(str(self._decoder_path), cv2.CAP_FFMPEG, [cv2.CAP_PROP_N_THREADS, decoder_threads])
        if not capture.isOpened():
            capture.release()
            raise InvalidVideoError(f"Expected a video in '{self._name}', but {why_unreadable(self.path)}.")
        capture.set(cv2.CAP_PROP_ORIENTATION_AUTO, 1)
        return capture

    def _read(self) -> np.ndarray | None:
        """Return the next decoded frame, or None at the end of the stream."""
        try:
            ok, image = self._capture.read()
        except cv2.error as error:
            raise InvalidVideoError(f"Expected decodable frames in '{self._name}', but got: {error}") from error
        return image if ok and image is not None and image.size else None

    def _grab(self) -> bool:
        """Decode the next frame without converting it to pixels; return False at the end of the stream."""
        try:
            return bool(self._capture.grab())
        except cv2.error as error:
            raise InvalidVideoError(f"Expected decodable frames in '{self._name}', but got: {error}") from error

    def _retrieve(self) -> np.ndarray | None:
        """Return the grabbed frame as BGR pixels (None if it cannot be converted)."""
        try:
            ok, image = self._capture.retrieve()
        except cv2.error as error:
            raise InvalidVideoError(f"Expected decodable frames in '{self._name}', but got: {error}") from error
        return image if ok and image is not None and image.size else None

    def _time_s(self, index: int, last_time: float) -> float:
        """Return the capture time (s) of frame ``index``, which follows a frame at ``last_time``."""
        if not self._trust_timestamps:
            return max(index / self.info.fps, last_time + 0.001)
        msec = self._first_msec if index == 0 else float(self._capture.get(cv2.CAP_PROP_POS_MSEC))
        time_s = (msec - self._first_msec) / 1000.0 if math.isfinite(msec) else math.nan
        if not math.isfinite(time_s) or time_s - last_time < MIN_STEP_S:
            time_s = max(index / self.info.fps, last_time + 0.001)
        return time_s

    def frames(self, wanted: FrameFilter | None = None) -> Iterator[Frame]:
        """Yield upright BGR frames with capture times in seconds from the first frame.

        Frames that ``wanted`` refuses are decoded (for their time, and because later frames
        depend on them) but not converted to BGR: they come without an image. The first frame
        always has its image.
        """
        image: np.ndarray | None = self._first
        index, last_time = 0, -math.inf
        try:
            while True:
                last_time = self._time_s(index, last_time)
                yield Frame(index=index, time_s=last_time, image=image)
                index += 1
                if wanted is None or wanted(index):
                    image = self._read()
                    if image is None:
                        break
                elif self._grab():
                    image = None
                else:
                    break
        finally:
            self.close()
        expected = self.info.frame_count
        if expected > 2 and index < MIN_DECODED_FRACTION * expected:
            raise InvalidVideoError(
                f"Expected {expected} frames in '{self._name}', but only {index} could be decoded; "
                "the file looks truncated or damaged.",
                hint="Copy or export the clip again and check that it plays to the end.",
            )

    def close(self) -> None:
        """Release the decoder (and the alias of a file name OpenCV cannot take)."""
        self._capture.release()
        self._alias.close()
