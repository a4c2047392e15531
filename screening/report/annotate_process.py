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
import os
import pickle
import queue
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, BinaryIO

import numpy as np

import screening
from screening.errors import OutputError
from screening.killpoints import delay_at
from screening.pose.estimator import PoseDetection
from screening.report.annotate import partial_path
from screening.source.base import Frame

RENDER_NICENESS = 10  # the child's lower CPU priority (POSIX nice; below-normal class on Windows)
SEND_EVERY = 30  # frames of landmarks sent to the child in one message
# No fixed time limit: a busy machine may render slowly, and that is fine as long as it renders.
# The child reports its progress about once a second; close() gives up only when the child has
# reported nothing for this long (stuck, e.g. a decoder hanging on a damaged file).
STALL_S = 120.0
PROGRESS_EVERY_S = 1.0
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
    "from screening.lifetime import die_with_parent\n"
    "die_with_parent({parent})\n"
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
    every = int(job.get("every", 1))
    pending: list[tuple[int, np.ndarray | None]] = []
    sent: int | None = None
    drawn = 0
    reported = time.monotonic()
    try:
        with contextlib.closing(open_source(Path(job["source"]), job["max_bytes"])) as source:
            drawn_frames = (f for f in source.frames(lambda index: index % every == 0) if not f.index % every)
            for frame in drawn_frames:
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
                delay_at("render")
                if time.monotonic() - reported >= PROGRESS_EVERY_S:
                    _write_line({"progress": drawn})
                    reported = time.monotonic()
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
    _write_line(reply)
    return 0 if reply["status"] == "ok" else 1


def _write_line(message: dict) -> None:
    """Child: write one JSON line to the parent (a progress report, or the final reply)."""
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _read_lines(stream: IO[bytes], lines: queue.Queue) -> None:
    """Parent's reader thread: put each line the child writes into ``lines``; None when it closes stdout."""
    try:
        for line in stream:
            lines.put(line)
    except (OSError, ValueError):
        pass
    lines.put(None)


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
        self, path: Path, source_path: Path, columns: tuple[str, ...], max_bytes: int, max_side_px: int = 720,
        every: int = 1,
    ) -> None:
        self.path = Path(path)
        self._sent = 0
        self._drawn = 0
        self._batch: Landmarks = []
        self._lines: queue.Queue = queue.Queue()
        self._stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115  (the child's traceback; closed in close/abort)
        root = str(Path(screening.__file__).resolve().parents[1])
        code = _CHILD_CODE.format(niceness=RENDER_NICENESS, root=root, parent=os.getpid())
        below_normal = getattr(subprocess, "BELOW_NORMAL_PRIORITY_CLASS", 0)  # Windows only
        try:  # started now, while the parent loads the model
            self._process = subprocess.Popen(
                [sys.executable, "-P", "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=self._stderr, creationflags=below_normal,
            )
        except OSError as error:
            self._stderr.close()
            raise OutputError(f"Expected to start the video renderer, but could not: {error}") from error
        assert self._process.stdout is not None
        threading.Thread(target=_read_lines, args=(self._process.stdout, self._lines), daemon=True).start()
        job = {"out": str(self.path), "source": str(Path(source_path).absolute()), "columns": list(columns),
               "max_bytes": max_bytes, "max_side_px": max_side_px, "every": every}
        self._send(job)

    def add(self, frame: Frame, detection: PoseDetection | None) -> None:
        """Queue the subject's landmarks of one analysed frame (None when nobody was found)."""
        self.add_landmarks(frame.index, None if detection is None else detection.position_px)

    def add_landmarks(self, index: int, position_px: np.ndarray | None) -> None:
        """Queue the landmarks (``(2, 33)`` pixels, or None for nobody) to draw on frame ``index``.

        With ``every`` > 1, only frames whose index is a multiple of it are drawn, and only they
        may be added.
        """
        position = None if position_px is None else np.asarray(position_px, dtype=np.float32)
        self._batch.append((index, position))
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
            raise self._failure(self._reply()) from error

    def _reply(self, stall_s: float | None = None) -> dict:
        """Wait for the child to end and return its reply: ``status``, ``detail`` (and ``errno``, ``strerror``).

        The child may take as long as it needs while it reports progress; after ``stall_s``
        (default :data:`STALL_S`) without any, it is stopped and the reply says so.
        """
        stall_s = STALL_S if stall_s is None else stall_s
        with contextlib.suppress(OSError):
            if self._process.stdin is not None:
                self._process.stdin.close()
        while True:
            try:
                line = self._lines.get(timeout=stall_s)
            except queue.Empty:
                self._process.kill()
                self._process.wait()
                return {"status": "error", "stalled": True,
                        "detail": f"the video renderer made no progress for {stall_s:.0f} s (stuck after frame "
                                  f"{self._drawn} of {self._sent}) and was stopped"}
            if line is None:
                break
            try:
                message = json.loads(line.decode("utf-8"))
            except ValueError:
                continue
            if "progress" in message:
                self._drawn = int(message["progress"])
                continue
            self._process.wait()
            return {**message, "status": str(message.get("status")), "detail": str(message.get("detail"))}
        self._process.wait()
        detail = f"the renderer process ended with exit code {self._process.returncode}{self._last_words()}"
        return {"status": "error", "detail": detail}

    @staticmethod
    def _failure(reply: dict) -> OutputError:
        """Return the OutputError for a failed reply, caused by the child's OSError (e.g. a full disk) if any."""
        error = OutputError(f"Writing the annotated video failed: {reply['detail']}")
        if not reply.get("errno"):  # not the disk: "Free some disk space" would send the user the wrong way
            error.hint = ("Nothing was saved. Try again, or analyse with --no-video; if it happens again, run with "
                          "SCREENING_DEBUG=1 and report the output.")
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
            reply = self._reply()
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
