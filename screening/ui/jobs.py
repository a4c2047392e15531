"""An analysis running in a worker thread, so a page can show progress and offer Cancel meanwhile."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ProgressFn = Callable[[int, int, int], None]
StopFn = Callable[[], bool]


@dataclass(frozen=True)
class Progress:
    """A snapshot of a job's progress: clip ``clip_index`` of ``n_clips``, frames done of frames expected."""

    clip_index: int
    n_clips: int
    frames_done: int
    frames_total: int
    elapsed_s: float
    stage: str

    @property
    def fraction(self) -> float:
        """Return overall progress in [0, 1], each clip counting equally."""
        within = self.frames_done / self.frames_total if self.frames_total > 0 else 0.0
        return min(1.0, (self.clip_index + min(within, 1.0)) / max(self.n_clips, 1))

    @property
    def remaining_s(self) -> float | None:
        """Return the estimated seconds left (None until enough is done to tell)."""
        if self.fraction < 0.03 or self.elapsed_s < 0.5:
            return None
        return self.elapsed_s * (1.0 - self.fraction) / self.fraction

    def describe(self) -> str:
        """Return e.g. ``"Clip 1 of 2 · frame 40 of 120 · about 6 s left"``."""
        parts = [f"Clip {self.clip_index + 1} of {self.n_clips}"] if self.n_clips > 1 else []
        if self.stage != "pose":
            parts.append(self.stage)
        elif self.frames_total:
            parts.append(f"frame {self.frames_done} of {self.frames_total}")
        else:
            parts.append("starting")
        left = self.remaining_s
        if self.stage == "pose" and left is not None:
            parts.append(f"about {left:.0f} s left" if left < 90 else f"about {left / 60:.0f} min left")
        return " · ".join(parts)


class AnalysisJob:
    """Run ``work(on_progress, should_stop, set_stage)`` in a daemon thread.

    ``work`` must call ``on_progress(clip_index, frames_done, frames_total)`` as it goes and stop
    (raising) when ``should_stop()`` returns True. Read :attr:`result` or :attr:`error` when
    :attr:`done` is True.
    """

    def __init__(self, work: Callable[[ProgressFn, StopFn, Callable[[str], None]], Any], n_clips: int = 1) -> None:
        self._work = work
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._started = time.monotonic()
        self._state = (0, 0, 0, "pose")
        self.n_clips = n_clips
        self.result: Any = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="screening-analysis", daemon=True)

    def start(self) -> AnalysisJob:
        """Start the worker thread and return self."""
        self._started = time.monotonic()
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            self.result = self._work(self._on_progress, self._cancel.is_set, self._set_stage)
        except BaseException as error:  # handed to the page, which shows it
            self.error = error

    def _on_progress(self, clip_index: int, frames_done: int, frames_total: int) -> None:
        with self._lock:
            self._state = (clip_index, frames_done, frames_total, "pose")

    def _set_stage(self, stage: str) -> None:
        with self._lock:
            self._state = (*self._state[:3], stage)

    def cancel(self) -> None:
        """Ask the worker to stop at its next frame."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        """Return True once :meth:`cancel` was called."""
        return self._cancel.is_set()

    @property
    def done(self) -> bool:
        """Return True when the worker has finished (with a result or an error)."""
        return not self._thread.is_alive()

    def wait(self, timeout_s: float) -> bool:
        """Wait up to ``timeout_s`` seconds for the worker; return :attr:`done`."""
        self._thread.join(timeout_s)
        return self.done

    def progress(self) -> Progress:
        """Return the current progress."""
        with self._lock:
            clip_index, done, total, stage = self._state
        return Progress(clip_index, self.n_clips, done, total, time.monotonic() - self._started, stage)
