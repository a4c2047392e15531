"""The annotated video rendered in a child process that decodes the source itself.

Why a process: drawing, computing readouts and encoding in a thread of the analysing process
compete with MediaPipe for the GIL. Measured on 2 cores (``bench/pipeline_speed.py`` and the note in
``docs/scaling.md``): pure Python work in a second thread cuts MediaPipe's own detect from about
100 to 26 frames/s, and a thread encoding H.264 with PyAV cuts it by 16 %. The child process decodes
the same file with the same reader (so its frames match the analysed ones index for index) and
receives only the subject's landmarks, 264 bytes a frame, from the parent.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections import deque
from multiprocessing.connection import Connection
from pathlib import Path

import numpy as np

from screening.errors import OutputError
from screening.pose.estimator import PoseDetection
from screening.report.annotate import partial_path
from screening.source.base import Frame

RENDER_NICENESS = 10  # the child's lower CPU priority when cores are short (0 = same as the analysis)
SEND_EVERY = 30  # frames of landmarks sent to the child in one message
_NO_SCORES = np.full(33, np.nan)
_NO_WORLD = np.full((3, 33), np.nan)

Landmarks = list[tuple[int, np.ndarray | None]]  # (frame index, (2, 33) pixels or None)


def _render(
    conn: Connection,
    reply: Connection,
    out_path: str,
    source_path: str,
    max_bytes: int,
    columns: tuple[str, ...],
    max_side_px: int,
) -> None:
    """Child process: decode ``source_path``, draw the landmarks received on ``conn``, encode to ``out_path``.

    Sends ``("ok", path)`` or ``("error", reason)`` on ``reply`` when the parent has sent ``None`` (all
    landmarks given) and the video is complete.
    """
    from screening.report.annotate import AnnotatedVideoWriter
    from screening.source.base import open_source

    if hasattr(os, "nice"):  # the analysis comes first; the video catches up at the end
        os.nice(RENDER_NICENESS)
    writer = AnnotatedVideoWriter(Path(out_path), columns, max_side_px)
    pending: deque[tuple[int, np.ndarray | None]] = deque()
    finished = False
    try:
        source = open_source(Path(source_path), max_bytes)
        try:
            for frame in source.frames():
                while not pending and not finished:
                    message = conn.recv()
                    finished = message is None
                    pending.extend(message or [])
                if not pending:
                    break
                index, position = pending.popleft()
                if index != frame.index:
                    raise ValueError(f"expected landmarks of frame {frame.index}, got frame {index}")
                detection = None if position is None else PoseDetection(position, _NO_WORLD, _NO_SCORES, _NO_SCORES)
                writer.add(frame, detection)
        finally:
            source.close()
        while not finished:  # the parent may still be sending: read to the end
            finished = conn.recv() is None
        reply.send(("ok", str(writer.close())))
    except BaseException as error:  # reported to the parent, which raises OutputError
        writer.abort()
        with contextlib.suppress(OSError):
            reply.send(("error", f"{type(error).__name__}: {error}"))


class BackgroundVideoWriter:
    """Writes the annotated H.264 MP4 of a video file in a child process.

    Same use as :class:`~screening.report.annotate.AnnotatedVideoWriter` (``add`` each analysed
    frame with its subject, then ``close`` or ``abort``), but only the landmarks cross to the
    child; the frames given to :meth:`add` are not used.

    Parameters
    ----------
    path
        Final ``.mp4`` path; the file appears only when :meth:`close` succeeds.
    source_path, max_bytes
        The analysed file and the size limit it was opened with (the child opens it the same way).
    columns
        Angle columns to print on each frame.
    """

    def __init__(
        self, path: Path, source_path: Path, columns: tuple[str, ...], max_bytes: int, max_side_px: int = 720
    ) -> None:
        self.path = Path(path)
        context = multiprocessing.get_context("spawn")  # never fork a process that runs MediaPipe threads
        # two one-way OS pipes (a duplex Pipe would be a socket pair; the tool opens no sockets)
        child_in, self._conn = context.Pipe(duplex=False)
        self._reply, child_out = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_render, name="video-annotator", daemon=True,
            args=(child_in, child_out, str(self.path), str(source_path), max_bytes, tuple(columns), max_side_px),
        )
        self._process.start()  # starts while the parent loads the model
        child_in.close()
        child_out.close()
        self._batch: Landmarks = []

    def add(self, frame: Frame, detection: PoseDetection | None) -> None:
        """Queue the subject's landmarks of one analysed frame (None when nobody was found)."""
        position = None if detection is None else np.asarray(detection.position_px, dtype=np.float32)
        self._batch.append((frame.index, position))
        if len(self._batch) >= SEND_EVERY:
            self._send(self._batch)
            self._batch = []

    def _send(self, message: Landmarks | None) -> None:
        try:
            self._conn.send(message)
        except OSError as error:  # the child stopped early: its reply says why
            raise OutputError(f"Writing the annotated video failed: {self._reason(error)}") from error

    def _reason(self, error: BaseException | None = None) -> str:
        """Return the child's own error message, or why there is none."""
        try:
            if self._reply.poll(5):
                status, detail = self._reply.recv()
                return str(detail) if status != "ok" else f"the renderer stopped early ({error})"
        except (OSError, EOFError):
            pass
        self._process.join(timeout=5)
        return f"the renderer process ended with exit code {self._process.exitcode}"

    def close(self) -> Path:
        """Wait until the video is complete and return its path."""
        try:
            if self._batch:
                self._send(self._batch)
            self._send(None)
            status, detail = self._reply.recv()
        except OutputError:
            self.abort()
            raise
        except (OSError, EOFError):
            status, detail = "error", self._reason()
        finally:
            self._process.join(timeout=30)
        self._conn.close()
        self._reply.close()
        if status != "ok":
            partial_path(self.path).unlink(missing_ok=True)
            raise OutputError(f"Writing the annotated video failed: {detail}")
        return Path(detail)

    def abort(self) -> None:
        """Stop the child and delete any partial file."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(timeout=10)
        self._conn.close()
        self._reply.close()
        partial_path(self.path).unlink(missing_ok=True)
