"""The per-clip work of a batch: pose inference on one file, returned as plain bytes.

:func:`extract_clip` is what a worker process or a Ray task runs. It takes a picklable
:class:`ClipTask` and returns a picklable :class:`ClipOutcome` holding the raw landmark series as
``.npz`` bytes (the project's own checked format, lossless: the series is float32 either way) and,
on request, the annotated video as MP4 bytes. It never raises for a bad clip (the error goes into
the outcome) and never touches the history store: the driver rebuilds the analysis from the
landmarks without inference and saves it (see :mod:`screening.batch.run`).
"""

from __future__ import annotations

import os
import signal
import socket
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from screening.config import Settings
from screening.errors import ScreeningError


@dataclass(frozen=True)
class ClipTask:
    """One clip to run pose inference on.

    Attributes
    ----------
    job_index, clip_index
        Where the clip belongs in the batch (job, then position in the job).
    path
        The input file (video, photo or saved ``.npz`` landmarks).
    settings
        The analysis settings (thresholds, model path; ``annotate_video`` asks for the video).
    protocol
        The job's protocol, whose key angles the annotated video shows (None: default angles).
    data
        The file's bytes, when shipped to another machine (Ray); written to a temporary file
        of the same name before reading. None: read ``path`` directly.
    """

    job_index: int
    clip_index: int
    path: Path
    settings: Settings
    protocol: str | None = None
    data: bytes | None = None


@dataclass(frozen=True)
class ClipOutcome:
    """What a worker returns for one clip: landmark bytes, or the error in one line.

    Attributes
    ----------
    landmarks_npz
        The raw landmark series saved by :func:`screening.io.npz.save_series` (None on error).
    annotated_mp4
        The annotated H.264 video, when ``settings.annotate_video`` asked for one.
    error, error_type
        One readable line and the exception's class name; both ``""`` on success.
    seconds
        Wall time of the clip in the worker (s).
    cpu_seconds
        CPU time of the worker process (all its threads) during the clip (s).
    worker
        ``host:pid`` of the process that ran it.
    """

    job_index: int
    clip_index: int
    landmarks_npz: bytes | None
    annotated_mp4: bytes | None = None
    error: str = ""
    error_type: str = ""
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    worker: str = ""

    @property
    def ok(self) -> bool:
        """Return True when the clip gave landmarks."""
        return not self.error and self.landmarks_npz is not None


def init_worker() -> None:
    """Prepare a worker process: die with the driver, quiet native logs, one thread, Ctrl-C left to the driver.

    The driver owns interruption: it cancels pending clips and ends the workers, so a worker
    ignores SIGINT instead of dying half-way through writing its result.
    """
    import multiprocessing

    from screening.lifetime import die_with_parent

    parent = multiprocessing.parent_process()
    die_with_parent(parent.pid if parent is not None else None)  # a driver killed with SIGKILL takes its workers
    os.environ.setdefault("GLOG_minloglevel", "2")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import cv2

    cv2.setNumThreads(1)  # the worker pool is the parallelism; OpenCV's own threads only contend
    from screening import pipeline  # noqa: F401  (load the analysis code and MediaPipe now,
    from screening.pose import mediapipe_backend  # noqa: F401  while the driver hashes the files)
    from screening.pose.quiet import route_native_stderr_away

    route_native_stderr_away()


@contextmanager
def _input_file(task: ClipTask) -> Iterator[Path]:
    """Yield the path to read: ``task.path``, or a temporary copy of the shipped bytes under the same name."""
    if task.data is None:
        yield Path(task.path)
        return
    with tempfile.TemporaryDirectory(prefix="screening-clip-") as folder:
        local = Path(folder) / Path(task.path).name
        local.write_bytes(task.data)
        yield local


def _landmarks(path: Path, task: ClipTask, folder: Path) -> tuple[bytes, bytes | None]:
    """Run inference on ``path``; return the landmark ``.npz`` bytes and the annotated MP4 bytes (or None)."""
    from screening.io.npz import save_series
    from screening.pipeline import DEFAULT_READOUTS, landmarks_from_file
    from screening.protocols.base import get_protocol
    from screening.report.render import render_annotated

    raw = landmarks_from_file(path, task.settings, threads=False)
    video = None
    if task.settings.annotate_video and path.suffix.lower() != ".npz":
        columns = get_protocol(task.protocol).spec.key_angles if task.protocol else DEFAULT_READOUTS
        video = render_annotated(path, raw, folder / f"{path.stem}_annotated.mp4", columns,
                                 int(task.settings.max_file_mb * 1024**2), in_process=True)
    target = folder / f"{path.stem}_landmarks.npz"
    save_series(raw, target)
    return target.read_bytes(), (video.read_bytes() if video else None)


def extract_clip(task: ClipTask) -> ClipOutcome:
    """Run pose inference on one clip and return its landmarks as bytes, or the error (never raises for a bad clip).

    Parameters
    ----------
    task
        The clip, its settings and (for Ray on other machines) its bytes.

    Returns
    -------
    ClipOutcome
        Landmark ``.npz`` bytes (and annotated MP4 bytes when asked), or ``error`` set.
    """
    start, cpu_start = time.perf_counter(), time.process_time()
    where = f"{socket.gethostname()}:{os.getpid()}"
    try:
        with _input_file(task) as path, tempfile.TemporaryDirectory(prefix="screening-out-") as folder:
            landmarks, video = _landmarks(path, task, Path(folder))
        return ClipOutcome(task.job_index, task.clip_index, landmarks, video, seconds=time.perf_counter() - start,
                           cpu_seconds=time.process_time() - cpu_start, worker=where)
    except ScreeningError as error:
        message, kind = error.one_line(), type(error).__name__
    except Exception as error:  # a broken clip must not stop the batch: report it with its type, go on
        message, kind = f"unexpected {type(error).__name__}: {error}", type(error).__name__
    return ClipOutcome(task.job_index, task.clip_index, None, error=message, error_type=kind,
                       seconds=time.perf_counter() - start, cpu_seconds=time.process_time() - cpu_start, worker=where)
