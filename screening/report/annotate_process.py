"""The annotated video rendered in a child process that decodes the source itself.

Why a process: drawing, computing readouts and encoding in a thread of the analysing process
compete with MediaPipe for the GIL. Measured on 2 cores by ``bench/gil_contention.py`` (see
``docs/performance.md``): pure Python work in a second thread cuts MediaPipe's detect to about
0.3 of its speed, and H.264 encoding with PyAV in a thread costs it 6–16 %. The child decodes the
same file with the same reader, so its frames match the analysed ones index for index, and
receives only the subject's landmarks (about 300 bytes a frame) on its standard input: first the
job (as JSON, so no file name shows on the command line), then batches of landmarks, then the
number of frames sent. A thread in the child reads them as they come, so the analysis never
waits for the video. The child runs at a lower CPU priority: the analysis comes first, and the
video catches up at the end.
"""

from __future__ import annotations

import contextlib
import json
import pickle
import queue
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import IO, BinaryIO

import numpy as np

import screening
from screening.errors import OutputError
from screening.pose.estimator import PoseDetection
from screening.report.annotate import partial_path
from screening.source.base import Frame

RENDER_NICENESS = 10  # the child's lower CPU priority (POSIX nice; below-normal class on Windows)
SEND_EVERY = 30  # frames of landmarks sent to the child in one message
MIN_RENDER_FPS = 10.0  # close() waits at most 60 s + the frames still to render at this rate
_NO_SCORES = np.full(33, np.nan)
_NO_WORLD = np.full((3, 33), np.nan)

Landmarks = list[tuple[int, np.ndarray | None]]  # (frame index, (2, 33) pixels or None)

# The child: lower its priority before the heavy imports start their threads (on Linux nice is per
# thread), then run _child_main. ``-P`` keeps the working directory off sys.path; the package's
# own root is appended (not prepended), so an installed copy is used as it is.
_CHILD_CODE = (
    "import os, sys\n"
    "if hasattr(os, 'nice'): os.nice({niceness})\n"
    "sys.path.append({root!r})\n"
    "from screening.report.annotate_process import _child_main\n"
    "raise SystemExit(_child_main())\n"
)


def render(job: dict, messages: queue.Queue) -> str:
    """Decode ``job["source"]``, draw the landmarks taken from ``messages``, encode; return the video's path.

    ``messages`` yields lists of ``(frame index, (2, 33) pixels or None)``, then the number of
    frames sent (an ``int``), which must equal the number drawn.
    """
    from screening.report.annotate import AnnotatedVideoWriter
    from screening.source.base import open_source

    writer = AnnotatedVideoWriter(Path(job["out"]), tuple(job["columns"]), job["max_side_px"])
    pending: list[tuple[int, np.ndarray | None]] = []
    sent: int | None = None
    drawn = 0
    try:
        with contextlib.closing(open_source(Path(job["source"]), job["max_bytes"])) as source:
            for frame in source.frames():
                while not pending and sent is None:
                    message = messages.get()
                    if isinstance(message, BaseException):
                        raise message
                    if isinstance(message, int):
                        sent = message
                    else:
                        pending.extend(reversed(message))
                if not pending:
                    break
                index, position = pending.pop()
                if index != frame.index:
                    raise ValueError(f"expected landmarks of frame {frame.index}, got frame {index}")
                detection = None if position is None else PoseDetection(position, _NO_WORLD, _NO_SCORES, _NO_SCORES)
                writer.add(frame, detection)
                drawn += 1
        while sent is None:  # the video ended first: wait for the parent's count
            message = messages.get()
            if isinstance(message, BaseException):
                raise message
            sent = message if isinstance(message, int) else None
        if drawn != sent:
            raise ValueError(f"the analysis sent landmarks of {sent} frames, but {drawn} frames were decoded")
        return str(writer.close())
    except BaseException:
        writer.abort()
        raise


def _read_messages(stream: BinaryIO, messages: queue.Queue) -> None:
    """Child's reader thread: unpickle the parent's messages into ``messages`` as they arrive."""
    try:
        while True:
            message = pickle.load(stream)  # noqa: S301  (our own parent's pipe)
            messages.put(message)
            if isinstance(message, int):
                return
    except Exception as error:  # a parent that died mid-way: EOFError
        messages.put(error)


def _os_reason(error: BaseException | None) -> dict:
    """Return ``{"errno", "strerror"}`` of the first OSError in ``error``'s chain (e.g. a full disk), or ``{}``."""
    while error is not None:
        if isinstance(error, OSError) and error.errno and error.strerror:
            return {"errno": error.errno, "strerror": error.strerror}
        error = error.__cause__ or error.__context__
    return {}


def _child_main() -> int:
    """Entry point of the child: job and landmarks on stdin, one JSON reply on stdout."""
    stdin = sys.stdin.buffer
    job = pickle.load(stdin)  # noqa: S301
    messages: queue.Queue = queue.Queue()
    threading.Thread(target=_read_messages, args=(stdin, messages), daemon=True).start()
    try:
        reply = {"status": "ok", "detail": render(job, messages)}
    except Exception as error:  # reported to the parent, which raises OutputError
        reply = {"status": "error", "detail": f"{type(error).__name__}: {error}", **_os_reason(error)}
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
        self._sent = 0
        self._batch: Landmarks = []
        self._stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115  (the child's traceback; closed in close/abort)
        root = str(Path(screening.__file__).resolve().parents[1])
        code = _CHILD_CODE.format(niceness=RENDER_NICENESS, root=root)
        below_normal = getattr(subprocess, "BELOW_NORMAL_PRIORITY_CLASS", 0)  # Windows only
        try:  # started now, while the parent loads the model
            self._process = subprocess.Popen(
                [sys.executable, "-P", "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=self._stderr, creationflags=below_normal,
            )
        except OSError as error:
            self._stderr.close()
            raise OutputError(f"Expected to start the video renderer, but could not: {error}") from error
        job = {"out": str(self.path), "source": str(Path(source_path).resolve()), "columns": list(columns),
               "max_bytes": max_bytes, "max_side_px": max_side_px}
        self._send(job)

    def add(self, frame: Frame, detection: PoseDetection | None) -> None:
        """Queue the subject's landmarks of one analysed frame (None when nobody was found)."""
        position = None if detection is None else np.asarray(detection.position_px, dtype=np.float32)
        self._batch.append((frame.index, position))
        self._sent += 1
        if len(self._batch) >= SEND_EVERY:
            self._send(self._batch)
            self._batch = []

    def _send(self, message: object) -> None:
        assert self._process.stdin is not None
        try:
            pickle.dump(message, self._process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self._process.stdin.flush()
        except OSError as error:  # the child stopped early: its reply says why
            raise self._failure(self._reply(timeout_s=30)) from error

    def _reply(self, timeout_s: float) -> dict:
        """Wait for the child to end and return its reply: ``status``, ``detail`` (and ``errno``, ``strerror``)."""
        try:
            out, _ = self._process.communicate(timeout=timeout_s)
            reply = json.loads(out.decode("utf-8").strip().splitlines()[-1])
            return {**reply, "status": str(reply["status"]), "detail": str(reply["detail"])}
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
            return {"status": "error", "detail": f"the renderer took longer than {timeout_s:.0f} s and was stopped"}
        except (OSError, ValueError, IndexError, KeyError):
            self._process.wait()
            detail = f"the renderer process ended with exit code {self._process.returncode}{self._last_words()}"
            return {"status": "error", "detail": detail}

    @staticmethod
    def _failure(reply: dict) -> OutputError:
        """Return the OutputError for a failed reply, caused by the child's OSError (e.g. a full disk) if any."""
        error = OutputError(f"Writing the annotated video failed: {reply['detail']}")
        if reply.get("errno"):
            error.__cause__ = OSError(int(reply["errno"]), str(reply.get("strerror", "")))
        return error

    def _last_words(self) -> str:
        """Return the last line the child wrote to stderr (its exception), prefixed for a message."""
        self._stderr.seek(0)
        lines = [line for line in self._stderr.read().decode("utf-8", "replace").splitlines() if line.strip()]
        return f": {lines[-1].strip()}" if lines else ""

    def close(self) -> Path:
        """Wait until the video is complete and return its path."""
        try:
            if self._batch:
                self._send(self._batch)
            self._send(self._sent)
            reply = self._reply(timeout_s=60 + self._sent / MIN_RENDER_FPS)
        except OutputError:
            self.abort()
            raise
        self._stderr.close()
        if reply["status"] != "ok":
            partial_path(self.path).unlink(missing_ok=True)
            raise self._failure(reply)
        return Path(reply["detail"])

    def abort(self) -> None:
        """Stop the child and delete any partial file."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        for pipe in (self._process.stdin, self._process.stdout, self._stderr):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()
        partial_path(self.path).unlink(missing_ok=True)
