"""The annotated video: skeleton and angle readouts drawn on each frame, encoded H.264 in MP4.

Drawing and encoding run in a background thread (libx264 via PyAV), fed by the analysis loop,
so they overlap with pose inference. Frames are scaled down to at most ``max_side_px``.
The video shows each frame's own detection (before filtering); the CSV holds the cleaned angles.
The file is written under a temporary name and renamed when complete.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np

from screening.errors import OutputError
from screening.kinematics.angles import ANGLE_BY_COLUMN, compute_angles
from screening.kinematics.view import yaw_from_image
from screening.model.keypoints import LANDMARK_INDEX, SKELETON_EDGES
from screening.model.series import make_landmark_series
from screening.pose.estimator import PoseDetection
from screening.present.labels import angle_label
from screening.present.numbers import number
from screening.source.base import Frame

LEFT_COLOUR = (255, 160, 40)  # BGR: blue-ish for the subject's left
RIGHT_COLOUR = (40, 140, 255)  # orange for the subject's right
CENTRE_COLOUR = (230, 230, 230)
BATCH = 30  # frames whose angles are computed together (shrunk frames; the queue holds at most QUEUE full ones)
QUEUE = 8
SIDE_ON_YAW_DEG = 45.0  # body yaw (0 front, 90 side) from which side-view angles are shown instead of front-view ones


def _edge_colour(a: str, b: str) -> tuple[int, int, int]:
    if a.startswith("left") and b.startswith("left"):
        return LEFT_COLOUR
    if a.startswith("right") and b.startswith("right"):
        return RIGHT_COLOUR
    return CENTRE_COLOUR


def draw_skeleton(image: np.ndarray, position_px: np.ndarray, scale: float = 1.0) -> None:
    """Draw bones and joints of ``position_px`` (``(2, 33)`` pixels of the original frame) in place."""
    points = position_px.T * scale
    thickness = max(2, int(round(image.shape[0] / 300)))
    for a, b in SKELETON_EDGES:
        p, q = points[LANDMARK_INDEX[a]], points[LANDMARK_INDEX[b]]
        if np.isfinite(p).all() and np.isfinite(q).all():
            cv2.line(image, (int(p[0]), int(p[1])), (int(q[0]), int(q[1])), _edge_colour(a, b), thickness, cv2.LINE_AA)
    for p in points[11:]:
        if np.isfinite(p).all():
            cv2.circle(image, (int(p[0]), int(p[1])), thickness + 1, (255, 255, 255), -1, cv2.LINE_AA)


def draw_subject_tag(image: np.ndarray, position_px: np.ndarray, scale: float = 1.0, text: str = "measured") -> None:
    """Write ``text`` in a small dark box just above the highest landmark of ``position_px``, in place.

    Drawn on every frame with a subject, so that with other people in view it is plain which person the
    numbers belong to (issue 13); the box stays inside the image.
    """
    points = position_px.T[np.isfinite(position_px.T).all(axis=1)] * scale
    if not len(points):
        return
    font_scale = max(0.4, image.shape[0] / 1400)
    (w, h), base = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, font_scale, 1)
    x = int(np.clip(points[:, 0].mean() - w / 2, 0, max(0, image.shape[1] - w - 8)))
    y = int(np.clip(points[:, 1].min() - h - 2 * base - 6, 0, max(0, image.shape[0] - h - 2 * base)))
    cv2.rectangle(image, (x, y), (x + w + 8, y + h + 2 * base), (20, 20, 20), -1)
    cv2.putText(image, text, (x + 4, y + h + base // 2 + 1), cv2.FONT_HERSHEY_SIMPLEX, font_scale, (255, 255, 255), 1,
                cv2.LINE_AA)


def draw_readouts(image: np.ndarray, lines: list[str]) -> None:
    """Write angle readouts in a dark box at the top left, in place."""
    scale = max(0.45, image.shape[0] / 1100)
    height = int(26 * scale / 0.6)
    box_w = int(max((len(t) for t in lines), default=0) * 11 * scale / 0.6) + 16
    overlay = image.copy()
    cv2.rectangle(overlay, (0, 0), (box_w, height * len(lines) + 10), (20, 20, 20), -1)
    cv2.addWeighted(overlay, 0.6, image, 0.4, 0, image)
    for i, text in enumerate(lines):
        cv2.putText(
            image, text, (8, height * (i + 1)), cv2.FONT_HERSHEY_SIMPLEX, scale, (255, 255, 255), 1, cv2.LINE_AA
        )


def readout_lines(angles: dict[str, float], columns: tuple[str, ...]) -> list[str]:
    """Return ``"label: value°"`` lines for the finite values of ``columns``.

    A trunk-corrected column (``*_corrected_*``, computed over the whole clip) falls back to its
    per-frame uncorrected twin, since the video is drawn frame by frame.
    """
    lines = []
    for wanted in columns:
        column = wanted if wanted in angles else wanted.replace("_corrected", "")
        value = angles.get(column, float("nan"))
        if np.isfinite(value):
            name = angle_label(column)
            lines.append(f"{name}: {number(value, 0)} deg" if column in ANGLE_BY_COLUMN
                         else f"{name}: {number(value, 1)}")
    return lines


def partial_path(path: Path) -> Path:
    """Return where the video ``path`` is written until it is complete."""
    return path.with_name(path.name + ".partial.mp4")


class AnnotatedVideoWriter:
    """Writes an annotated H.264 MP4 from frames and detections given in capture order.

    Parameters
    ----------
    path
        Final ``.mp4`` path; the file appears only when :meth:`close` succeeds.
    columns
        Angle columns to print on each frame.
    max_side_px
        Longest side of the output video in pixels.
    """

    def __init__(self, path: Path, columns: tuple[str, ...], max_side_px: int = 720) -> None:
        self.path = Path(path)
        self._tmp = partial_path(self.path)
        self.columns = columns
        self.max_side_px = max_side_px
        self.scale, self.size = 1.0, (0, 0)
        self._attrs: dict = {}
        self._queue: queue.Queue[tuple[float, np.ndarray, PoseDetection | None] | None] = queue.Queue(maxsize=QUEUE)
        self._error: BaseException | None = None
        self._frames_written = 0
        self._last_pts = -1
        self._thread: threading.Thread | None = None

    def _start(self, width: int, height: int) -> None:
        """Open the encoder for frames of ``width`` × ``height`` pixels and start the worker thread."""
        self.scale = min(1.0, self.max_side_px / max(width, height))
        self.size = (int(width * self.scale) // 2 * 2, int(height * self.scale) // 2 * 2)
        self._attrs = {
            "fps": 30.0,
            "frame_width": width,
            "frame_height": height,
            "source_name": "",
            "model_name": "",
            "model_sha256": "",
        }
        try:
            self._container = av.open(str(self._tmp), mode="w", options={"movflags": "+faststart"})
        except (OSError, av.error.FFmpegError) as error:
            raise OutputError(f"Expected to write the annotated video '{self.path}', but could not: {error}") from error
        stream = self._container.add_stream("libx264", rate=30)
        stream.width, stream.height = self.size
        stream.pix_fmt = "yuv420p"
        stream.time_base = Fraction(1, 1000)
        stream.codec_context.time_base = Fraction(1, 1000)
        # ultrafast: the least CPU taken from pose inference on the other core (bench/pipeline_speed.py:
        # analyze/bare 0.92 against 0.87 with veryfast); Constrained Baseline plays in every browser;
        # about 1.5 Mbit/s at 720 px, three times veryfast's size.
        stream.options = {"preset": "ultrafast", "crf": "24"}
        self._stream = stream
        self._thread = threading.Thread(target=self._run, name="video-annotator", daemon=True)
        self._thread.start()

    def add(self, frame: Frame, detection: PoseDetection | None) -> None:
        """Queue one frame and its subject detection (None when nobody was found)."""
        if self._thread is None:
            self._start(frame.image.shape[1], frame.image.shape[0])
        if self._error is not None:
            raise OutputError(f"Writing the annotated video failed: {self._error}") from self._error
        self._queue.put((frame.time_s, frame.image, detection))

    def _run(self) -> None:
        batch: list[tuple[float, np.ndarray, PoseDetection | None]] = []
        try:
            while (item := self._queue.get()) is not None:
                time_s, frame, detection = item
                if (frame.shape[1], frame.shape[0]) != self.size:  # shrink at once: the batch then holds small frames
                    frame = cv2.resize(frame, self.size, interpolation=cv2.INTER_LINEAR)
                else:  # draw on a copy: the analysis may still be reading the frame
                    frame = frame.copy()
                batch.append((time_s, frame, detection))
                if len(batch) == BATCH:
                    self._write_batch(batch)
                    batch = []
            if batch:
                self._write_batch(batch)
            for packet in self._stream.encode():
                self._container.mux(packet)
        except (OSError, ValueError, av.error.FFmpegError) as error:
            self._error = error
            while self._queue.get() is not None:  # drain so the producer never blocks
                pass

    def _batch_angles(self, batch: list[tuple[float, np.ndarray, PoseDetection | None]]) -> list[dict[str, float]]:
        """Return the angles of each frame of ``batch`` from its own detection, for the view it is seen in.

        A side-view (sagittal) angle is left out of a frame where the body is seen more from the
        front than from the side, and a front-view (frontal) angle the other way round (body yaw
        from the 2-D shoulder and hip widths; 45° splits the two): a knee "FPPA" read in a side
        view is the knee's bend, and would look like extreme valgus.
        """
        n = len(batch)
        nan = np.full((2, 33), np.nan)
        position = np.stack([d.position_px if d is not None else nan for _, _, d in batch])
        world = np.full((n, 3, 33), np.nan)
        scores = np.ones((n, 33))
        times = np.array([t for t, _, _ in batch])
        times = times + np.arange(n) * 1e-9  # strictly increasing even if two frames share a time
        series = make_landmark_series(times, position, world, scores, scores, self._attrs)
        frame = compute_angles(series)
        yaw = yaw_from_image(series)
        seen, side_on = np.isfinite(yaw), yaw >= SIDE_ON_YAW_DEG
        wanted = ({c.replace("_corrected", "") for c in self.columns} | set(self.columns)) & set(frame.columns)
        planes = {c: ANGLE_BY_COLUMN[c].plane if c in ANGLE_BY_COLUMN else "" for c in wanted}
        values = {c: frame[c].to_numpy(dtype=float) for c in wanted}
        return [
            {
                c: float(values[c][i])
                for c, plane in planes.items()
                if not (seen[i] and plane in ("sagittal", "frontal") and (plane == "sagittal") != side_on[i])
            }
            for i in range(n)
        ]

    def _write_batch(self, batch: list[tuple[float, np.ndarray, PoseDetection | None]]) -> None:
        for (time_s, frame, detection), angles in zip(batch, self._batch_angles(batch), strict=True):
            image: np.ndarray = frame
            if detection is not None:
                draw_skeleton(image, detection.position_px, self.scale)
                draw_subject_tag(image, detection.position_px, self.scale)
            draw_readouts(image, [f"t = {time_s:.2f} s", *readout_lines(angles, self.columns)])
            video_frame = av.VideoFrame.from_ndarray(image.astype(np.uint8, copy=False), format="bgr24")
            pts = max(int(round(time_s * 1000)), self._last_pts + 1)
            video_frame.pts, video_frame.time_base, self._last_pts = pts, Fraction(1, 1000), pts
            for packet in self._stream.encode(video_frame):
                self._container.mux(packet)
            self._frames_written += 1

    def close(self) -> Path:
        """Finish encoding, rename to the final path and return it."""
        if self._thread is None:
            raise OutputError("No frames were given for the annotated video.")
        self._queue.put(None)
        self._thread.join()
        self._container.close()
        if self._error is not None or self._frames_written == 0:
            self._tmp.unlink(missing_ok=True)
            raise OutputError(f"Writing the annotated video failed: {self._error or 'no frames'}")
        from screening.private import owner_only

        owner_only(self._tmp).replace(self.path)  # a video of a person: owner-only
        return self.path

    def abort(self) -> None:
        """Stop and delete the partial file."""
        if self._thread is None:
            return
        self._queue.put(None)
        self._thread.join(timeout=10)
        with contextlib.suppress(OSError, av.error.FFmpegError):
            self._container.close()
        self._tmp.unlink(missing_ok=True)
