"""Decoding frames in a background thread so that decoding overlaps with pose inference."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator

from screening.source.base import Frame, FrameFilter, FrameSource

_DONE = object()


def prefetched(
    source: FrameSource, depth: int = 8, prepare: Callable[[Frame], Frame] | None = None,
    wanted: FrameFilter | None = None,
) -> Iterator[Frame]:
    """Yield ``source``'s frames, decoded up to ``depth`` frames ahead in a thread.

    ``prepare`` runs on each frame with an image in that thread too (e.g. the pose model's colour
    conversion); ``wanted`` is handed to the source (frames it refuses come without an image).
    An error while decoding is raised in the consumer; closing the generator early stops the thread.
    """
    buffer: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for frame in source.frames(wanted):
                if prepare is not None and frame.image is not None:
                    frame = prepare(frame)
                while not stop.is_set():
                    try:
                        buffer.put(frame, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            buffer.put(_DONE)
        except Exception as error:  # handed to the consumer, which re-raises it
            buffer.put(error)

    worker = threading.Thread(target=produce, name="frame-decoder", daemon=True)
    worker.start()
    try:
        while True:
            item = buffer.get()
            if item is _DONE:
                return
            if isinstance(item, Exception):
                raise item
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        worker.join(timeout=5)
        source.close()
