"""The annotated video rendered in a child process that decodes the source itself.

Why a process: drawing, computing readouts and encoding in a thread of the analysing process
compete with MediaPipe for the GIL. Measured on 2 cores by ``bench/gil_contention.py`` (see
``docs/performance.md``): pure Python work in a second thread cuts MediaPipe's detect to about
0.3 of its speed, and H.264 encoding with PyAV in a thread costs it 6–16 %. The child
(``python -m screening.report.annotate_process``) decodes the same file with the same reader,
so its frames match the analysed ones index for index, and receives only the subject's
landmarks, 264 bytes a frame, on its standard input. It runs at a lower CPU priority: the
analysis comes first, and the video catches up at the end.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from collections import deque
from pathlib import Path
from typing import BinaryIO

import numpy as np

import screening
from screening.errors import OutputError
from screening.pose.estimator import PoseDetection
from screening.report.annotate import partial_path
from screening.source.base import Frame

RENDER_NICENESS = 10  # the child's lower CPU priority when cores are short (0 = same as the analysis)
SEND_EVERY = 30  # frames of landmarks sent to the child in one message
_NO_SCORES = np.full(33, np.nan)
_NO_WORLD = np.full((3, 33), np.nan)

Landmarks = list[tuple[int, np.ndarray | None]]  # (frame index, (2, 33) pixels or None)


def render(job: dict, messages: BinaryIO) -> str:
    """Decode ``job["source"]``, draw the landmarks read from ``messages``, encode; return the video's path.

    ``messages`` holds pickled lists of ``(frame index, (2, 33) pixels or None)`` and a final
    ``None``; it is read to the end even when the video ends first.
    """
    from screening.report.annotate import AnnotatedVideoWriter
    from screening.source.base import open_source

    writer = AnnotatedVideoWriter(Path(job["out"]), tuple(job["columns"]), job["max_side_px"])
    pending: deque[tuple[int, np.ndarray | None]] = deque()
    finished = False
    try:
        source = open_source(Path(job["source"]), job["max_bytes"])
        try:
            for frame in source.frames():
                while not pending and not finished:
                    message = pickle.load(messages)  # noqa: S301  (our own parent's pipe)
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
            finished = pickle.load(messages) is None  # noqa: S301
        return str(writer.close())
    except BaseException:
        writer.abort()
        raise


def _child_main() -> int:
    """Entry point of the child: the job as JSON in ``argv[1]``, landmarks on stdin, one JSON reply on stdout."""
    job = json.loads(sys.argv[1])
    if hasattr(os, "nice"):
        os.nice(RENDER_NICENESS)
    try:
        reply = {"status": "ok", "detail": render(job, sys.stdin.buffer)}
    except Exception as error:  # reported to the parent, which raises OutputError
        reply = {"status": "error", "detail": f"{type(error).__name__}: {error}"}
    sys.stdout.write(json.dumps(reply) + "\n")
    sys.stdout.flush()
    return 0 if reply["status"] == "ok" else 1


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
        job = {"out": str(self.path), "source": str(Path(source_path).resolve()), "columns": list(columns),
               "max_bytes": max_bytes, "max_side_px": max_side_px}
        package_root = str(Path(screening.__file__).resolve().parents[1])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        try:  # started now, while the parent loads the model
            self._process = subprocess.Popen(
                [sys.executable, "-m", "screening.report.annotate_process", json.dumps(job)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
            )
        except OSError as error:
            raise OutputError(f"Expected to start the video renderer, but could not: {error}") from error
        self._batch: Landmarks = []

    def add(self, frame: Frame, detection: PoseDetection | None) -> None:
        """Queue the subject's landmarks of one analysed frame (None when nobody was found)."""
        position = None if detection is None else np.asarray(detection.position_px, dtype=np.float32)
        self._batch.append((frame.index, position))
        if len(self._batch) >= SEND_EVERY:
            self._send(self._batch)
            self._batch = []

    def _send(self, message: Landmarks | None) -> None:
        assert self._process.stdin is not None
        try:
            pickle.dump(message, self._process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self._process.stdin.flush()
        except OSError as error:  # the child stopped early: its reply says why
            raise OutputError(f"Writing the annotated video failed: {self._reply()[1]}") from error

    def _reply(self) -> tuple[str, str]:
        """Wait for the child to end and return its ``(status, detail)``."""
        try:
            out, _ = self._process.communicate(timeout=600)
            reply = json.loads(out.decode("utf-8").strip().splitlines()[-1])
            return str(reply["status"]), str(reply["detail"])
        except (OSError, ValueError, IndexError, KeyError, subprocess.TimeoutExpired):
            self._process.kill()
            self._process.wait()
            return "error", f"the renderer process ended with exit code {self._process.returncode}"

    def close(self) -> Path:
        """Wait until the video is complete and return its path."""
        try:
            if self._batch:
                self._send(self._batch)
            self._send(None)
        except OutputError:
            partial_path(self.path).unlink(missing_ok=True)
            raise
        status, detail = self._reply()
        if status != "ok":
            partial_path(self.path).unlink(missing_ok=True)
            raise OutputError(f"Writing the annotated video failed: {detail}")
        return Path(detail)

    def abort(self) -> None:
        """Stop the child and delete any partial file."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        for pipe in (self._process.stdin, self._process.stdout):
            if pipe is not None:
                pipe.close()
        partial_path(self.path).unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(_child_main())
