"""Live webcam pose: skeleton and angle readout on each frame, and recording a clip to analyse.

Nothing here knows about the browser: :class:`LivePose` takes BGR frames with their times and
returns annotated frames; its latest :class:`LiveStatus` is handed to the page through a
``queue.Queue``. The WebRTC adapter in ``app.py`` only converts frames.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

import av
import numpy as np

from screening.capture.guide import CaptureGuide, GuideState
from screening.capture.setup import frame_brightness
from screening.config import Settings
from screening.errors import OutputError
from screening.kinematics.angles import compute_angles
from screening.model.series import make_landmark_series
from screening.pose.estimator import PoseDetection
from screening.pose.factory import make_estimator
from screening.pose.subject import SubjectTracker
from screening.report.annotate import draw_readouts, draw_skeleton, readout_lines
from screening.ui.labels import angle_label, number

if TYPE_CHECKING:  # MediaPipe is imported when the camera starts, not with the page
    from screening.pose.mediapipe_backend import MediaPipePoseEstimator


@dataclass(frozen=True)
class LiveStatus:
    """What the live view shows in text: landmarks found (of 33), angles in degrees, frames seen, recording."""

    landmarks: int
    angles: dict[str, float] = field(default_factory=dict)
    frames: int = 0
    time_s: float = 0.0
    recording_s: float = 0.0
    guide: GuideState | None = None  # guided capture: the set-up advice, countdown and reps
    first_advice_s: float = float("nan")  # stream time (s from the first frame) when the first set-up state showed

    @property
    def advice(self) -> str:
        """Return the set-up line (the advice, or that it is right; empty without guided capture)."""
        return self.guide.setup.describe() if self.guide is not None else ""

    @property
    def reps(self) -> int | None:
        """Return the reps counted in the recording (None when not counting)."""
        return self.guide.reps if self.guide is not None and self.guide.recording else None

    def describe(self, labels: dict[str, str] | None = None) -> str:
        """Return e.g. ``"landmarks: 33 · shoulder flexion left: 120°"``."""
        parts = [f"landmarks: {self.landmarks}"]
        for column, value in self.angles.items():
            if np.isfinite(value):
                parts.append(f"{(labels or {}).get(column) or angle_label(column)}: {number(value, 0)}°")
        if self.recording_s > 0:
            parts.append(f"recording {self.recording_s:.1f} s")
        return " · ".join(parts)


def frame_angles(detection: PoseDetection, time_s: float, width: int, height: int,
                 columns: tuple[str, ...]) -> dict[str, float]:
    """Return the angles (degrees) of ``columns`` in one frame, from its own detection (no filtering)."""
    nan_world = np.full((1, 3, 33), np.nan)
    attrs = {"fps": 30.0, "frame_width": width, "frame_height": height, "source_name": "webcam",
             "model_name": "", "model_sha256": ""}
    series = make_landmark_series(np.array([time_s]), detection.position_px[None], nan_world,
                                  np.nan_to_num(detection.visibility, nan=0.0)[None],
                                  np.nan_to_num(detection.presence, nan=0.0)[None], attrs)
    table = compute_angles(series)
    return {c: float(table[c].iloc[0]) for c in columns if c in table}


class ClipRecorder:
    """Writes BGR frames with their real capture times to an H.264 MP4 (PyAV), for later analysis."""

    def __init__(self, path: Path, fps_hint: int = 30) -> None:
        self.path = Path(path)
        self._fps_hint = fps_hint
        self._container: av.container.OutputContainer | None = None
        self._stream: av.video.stream.VideoStream | None = None
        self._first_s: float | None = None
        self._last_pts = -1
        self.frames = 0

    def add(self, image: np.ndarray, time_s: float) -> None:
        """Encode one frame taken at ``time_s`` seconds (any clock; the first frame becomes 0 s)."""
        if self._container is None:
            try:
                self._container = av.open(str(self.path), mode="w")
            except (OSError, av.error.FFmpegError) as error:
                raise OutputError(f"Expected to write the recording '{self.path}', but could not: {error}") from error
            stream = self._container.add_stream("libx264", rate=self._fps_hint)
            stream.width, stream.height = image.shape[1] // 2 * 2, image.shape[0] // 2 * 2
            stream.pix_fmt = "yuv420p"
            stream.time_base = Fraction(1, 1000)
            stream.codec_context.time_base = Fraction(1, 1000)
            stream.options = {"preset": "veryfast", "crf": "20"}
            self._stream = stream
            self._first_s = time_s
        assert self._stream is not None and self._first_s is not None
        height, width = self._stream.height, self._stream.width
        frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(image[:height, :width]), format="bgr24")
        pts = max(int(round((time_s - self._first_s) * 1000)), self._last_pts + 1)
        frame.pts, frame.time_base, self._last_pts = pts, Fraction(1, 1000), pts
        for packet in self._stream.encode(frame):
            self._container.mux(packet)
        self.frames += 1

    @property
    def duration_s(self) -> float:
        """Return the recorded time in seconds."""
        return max(self._last_pts, 0) / 1000.0

    def close(self) -> Path | None:
        """Finish the file and return its path (None when no frame was recorded)."""
        if self._container is None or self._stream is None:
            return None
        for packet in self._stream.encode():
            self._container.mux(packet)
        self._container.close()
        self._container = None
        return self.path if self.frames else None


class LivePose:
    """Runs MediaPipe on live frames and draws the skeleton and angle readouts on them.

    Parameters
    ----------
    settings
        Model path and thresholds.
    columns
        Angle columns to read out (e.g. the protocol's key angles).
    status
        Receives the latest :class:`LiveStatus`; old ones are dropped so the page sees the newest.
    protocol_name
        With ``record_path``, guided capture for this screen: each frame's set-up is checked and
        advice drawn on it, the recording starts on its own once the set-up is right (or when a
        countdown from :meth:`start_countdown` ends), and reps are counted while recording.
    record_path
        Returns a new path (``.mp4``) for a recording started by the guide.
    """

    def __init__(self, settings: Settings, columns: tuple[str, ...], status: queue.Queue[LiveStatus],
                 protocol_name: str = "", record_path: Callable[[], Path] | None = None) -> None:
        self.settings, self.columns, self.status = settings, columns, status
        self.guide = CaptureGuide(protocol_name) if protocol_name and record_path is not None else None
        self._record_path = record_path
        self._first_advice_s = float("nan")
        self._estimator: MediaPipePoseEstimator | None = None
        self._tracker: SubjectTracker | None = None
        self._lock = threading.Lock()
        self._recorder: ClipRecorder | None = None
        self._first_s: float | None = None
        self.frames = 0

    def process(self, image: np.ndarray, time_s: float) -> np.ndarray:
        """Return ``image`` (BGR) with skeleton and readouts drawn; record the raw frame when recording."""
        if self._estimator is None:  # two people tracked, so a second one is told to step out
            self._estimator = make_estimator(self.settings.model_copy(update={"num_poses": 2}), "video")
            self._tracker = SubjectTracker(image.shape[1], image.shape[0])
            self._estimator.detect(image, 0.0)  # loads the model (seconds): the clock starts at the next frame
            out = image.copy()
            draw_readouts(out, ["starting the pose model..."])
            return out
        if self._first_s is None:
            self._first_s = time_s
        assert self._tracker is not None
        relative_s = time_s - self._first_s
        detections = self._estimator.detect(image, relative_s)
        guided = self._guide(detections, image, relative_s)
        with self._lock:
            if self._recorder is not None:
                self._recorder.add(image, relative_s)
                recording_s = self._recorder.duration_s
            else:
                recording_s = 0.0
        detection = guided.subject if guided is not None else self._tracker.choose(detections)
        out = image.copy()
        angles: dict[str, float] = {}
        landmarks = 0
        if detection is not None:
            landmarks = int(np.isfinite(detection.position_px).all(axis=0).sum())
            angles = frame_angles(detection, relative_s, image.shape[1], image.shape[0], self.columns)
            draw_skeleton(out, detection.position_px)
        lines = [f"landmarks: {landmarks}", *readout_lines(angles, self.columns)]
        if guided is not None:
            lines.insert(0, guided.describe())
        if recording_s:
            lines.append(f"REC {recording_s:.1f} s")
        draw_readouts(out, lines)
        self.frames += 1
        self._publish(LiveStatus(landmarks, angles, self.frames, relative_s, recording_s, guided,
                                 self._first_advice_s))
        return out

    def _guide(self, detections: list[PoseDetection], image: np.ndarray, time_s: float) -> GuideState | None:
        """Check the frame's set-up; start recording when the guide says so (before this frame is recorded)."""
        if self.guide is None:
            return None
        with self._lock:
            state = self.guide.update(detections, image.shape[1], image.shape[0], time_s, frame_brightness(image))
            if state.setup.decided and not np.isfinite(self._first_advice_s):
                self._first_advice_s = time_s
            if state.recording and self._recorder is None and self._record_path is not None:
                self._recorder = ClipRecorder(self._record_path())
        return state

    def start_countdown(self) -> None:
        """Start recording after the guide's countdown, whatever the set-up."""
        if self.guide is not None:
            with self._lock:
                self.guide.start_countdown()

    def _publish(self, status: LiveStatus) -> None:
        with contextlib.suppress(queue.Empty):
            self.status.get_nowait()
        with contextlib.suppress(queue.Full):
            self.status.put_nowait(status)

    def start_recording(self, path: Path) -> None:
        """Start writing raw frames to ``path`` (an ``.mp4``)."""
        with self._lock:
            self._recorder = ClipRecorder(path)

    def stop_recording(self) -> Path | None:
        """Stop recording; return the clip's path (None if nothing was recorded)."""
        with self._lock:
            recorder, self._recorder = self._recorder, None
            if self.guide is not None:
                self.guide.stop()
        return recorder.close() if recorder is not None else None

    @property
    def recording(self) -> bool:
        """Return True while frames are being recorded."""
        return self._recorder is not None

    @property
    def counting_down(self) -> bool:
        """Return True while a countdown to the recording runs."""
        return self.guide is not None and self.guide.countdown_pending

    def close(self) -> None:
        """Stop recording and release the model."""
        self.stop_recording()
        if self._estimator is not None:
            self._estimator.close()
            self._estimator = None
