"""Where the per-clip work runs: in this process, in a local process pool, or as Ray tasks.

Every runner takes an iterable of :class:`~screening.batch.worker.ClipTask` and yields
:class:`~screening.batch.worker.ClipOutcome` as clips finish (not in order), keeping only a
few clips per worker in flight so that jobs finish, and are saved, early. ``close()`` cancels
what is still pending; runners are context managers.

Ray is optional: ``import ray`` happens only inside :class:`RayRunner`.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from screening.batch import worker
from screening.batch.worker import ClipOutcome, ClipTask
from screening.errors import ScreeningError

IN_FLIGHT_PER_WORKER = 2


class Runner(Protocol):
    """Runs clip tasks somewhere and yields their outcomes as they finish."""

    description: str
    workers: int

    def run(self, tasks: Iterable[ClipTask]) -> Iterator[ClipOutcome]:
        """Yield one outcome per task, in the order they finish."""
        ...

    def close(self) -> None:
        """Cancel pending work and release the workers."""
        ...

    def __enter__(self) -> Runner: ...

    def __exit__(self, *exc: object) -> None: ...


def default_workers() -> int:
    """Return the local worker count: one per CPU this process may use (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class _Closing:
    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release nothing (overridden by runners that hold resources)."""


class InProcessRunner(_Closing):
    """Run every clip here, one after the other (``--workers 0``: debugging, tests, tiny batches)."""

    description = "in this process"
    workers = 1

    def run(self, tasks: Iterable[ClipTask]) -> Iterator[ClipOutcome]:
        """Yield each task's outcome in turn."""
        for task in tasks:
            yield worker.extract_clip(task)  # looked up on the module, so tests can replace it


class PoolRunner(_Closing):
    """A local pool of ``workers`` processes started with ``spawn`` (one MediaPipe landmarker each at a time).

    If a worker process dies (a crash in native code), the pool is started again and the clips
    that were in flight are tried once more; a clip in flight during two deaths is reported failed.
    """

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise ScreeningError(f"Expected at least 1 worker process, but got {workers}.")
        self.workers = workers
        self.description = f"{workers} local worker process{'es' if workers > 1 else ''}"
        self._pool: ProcessPoolExecutor | None = None

    def _start(self) -> ProcessPoolExecutor:
        self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=worker.init_worker)
        return self._pool

    def run(self, tasks: Iterable[ClipTask]) -> Iterator[ClipOutcome]:
        """Yield outcomes as clips finish, with at most two clips per worker in flight."""
        pool = self._pool or self._start()
        queue, limit = iter(tasks), self.workers * IN_FLIGHT_PER_WORKER
        pending: dict[Future[ClipOutcome], ClipTask] = {}
        retried: set[tuple[int, int]] = set()
        while True:
            for task in queue:
                pending[pool.submit(worker.extract_clip, task)] = task
                if len(pending) >= limit:
                    break
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                task = pending.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    ident = (task.job_index, task.clip_index)
                    if ident in retried:
                        yield ClipOutcome(task.job_index, task.clip_index, None, error_type="WorkerCrashed",
                                          error="the worker process died twice while analysing this clip")
                    else:
                        retried.add(ident)
                        if _broken(pool):
                            pool = self._restart()
                        pending[pool.submit(worker.extract_clip, task)] = task

    def _restart(self) -> ProcessPoolExecutor:
        self.close()
        return self._start()

    def close(self) -> None:
        """Cancel pending clips and end the worker processes now (they ignore Ctrl-C; the driver decides)."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        processes = list(getattr(pool, "_processes", {}).values())  # no public way to stop running tasks
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(timeout=5)


def _broken(pool: ProcessPoolExecutor) -> bool:
    return bool(getattr(pool, "_broken", False))


class RayRunner(_Closing):
    """Run clips as Ray tasks, on a local Ray instance (``address=None``) or an existing cluster.

    On a cluster the file bytes are shipped with each task (workers need no shared disk); every
    node needs this package installed (same version) and the model at ``settings.model_path`` or
    the default model. Usage statistics are switched off before Ray starts, and a local instance
    listens on 127.0.0.1 only, without dashboard.
    """

    def __init__(self, address: str | None = None, num_cpus: int | None = None) -> None:
        os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
        try:
            import ray
        except ImportError as error:
            raise ScreeningError("Expected Ray to be installed for --ray, but it is not.",
                                 hint="pip install 'movement-screening[cluster]' (or pip install ray).") from error
        self._ray = ray
        self._started = False
        self.ship_files = address is not None
        if not ray.is_initialized():
            options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                                       "configure_logging": False}
            if address is None:  # "local": always a new instance, never one that `ray start` left running
                options.update(address="local", num_cpus=num_cpus or default_workers(), _node_ip_address="127.0.0.1")
            else:
                options["address"] = address
            ray.init(**options)
            self._started = True
        self.workers = int(ray.cluster_resources().get("CPU", 1))
        where = "local Ray instance" if address is None else f"Ray cluster at {address}"
        self.description = f"{where} ({self.workers} CPUs)"
        self._remote = ray.remote(num_cpus=1, max_retries=1)(worker.extract_clip)
        self._pending: dict[Any, ClipTask] = {}

    def run(self, tasks: Iterable[ClipTask]) -> Iterator[ClipOutcome]:
        """Yield outcomes as Ray tasks finish, with at most two clips per CPU in flight."""
        ray, queue, limit = self._ray, iter(tasks), self.workers * IN_FLIGHT_PER_WORKER
        while True:
            for task in queue:
                sent = replace(task, data=Path(task.path).read_bytes()) if self.ship_files else task
                self._pending[self._remote.remote(sent)] = task
                if len(self._pending) >= limit:
                    break
            if not self._pending:
                return
            ready, _ = ray.wait(list(self._pending), num_returns=1)
            task = self._pending.pop(ready[0])
            try:
                yield ray.get(ready[0])
            except ray.exceptions.RayError as error:  # the worker or node died; the clip is reported
                yield ClipOutcome(task.job_index, task.clip_index, None, error_type=type(error).__name__,
                                  error=f"the Ray task failed: {str(error).splitlines()[0]}")

    def close(self) -> None:
        """Cancel pending tasks; shut Ray down if this runner started it."""
        for ref in self._pending:
            self._ray.cancel(ref, force=True)
        self._pending.clear()
        if self._started and self._ray.is_initialized():
            self._ray.shutdown()
            self._started = False


def make_runner(workers: int | None = None, ray_address: str | None = None, use_ray: bool = False) -> Runner:
    """Return the runner for the CLI options: Ray if asked, else a process pool (``workers`` 0: in this process)."""
    if use_ray:
        return RayRunner(ray_address, num_cpus=workers or None)
    count = default_workers() if workers is None else workers
    return InProcessRunner() if count == 0 else PoolRunner(count)
