"""Silencing the native (C++) log lines MediaPipe and LiteRT print on stderr while a model loads."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator


@contextlib.contextmanager
def native_stderr_silenced() -> Iterator[None]:
    """Send file descriptor 2 to a temporary file for the duration; set ``SCREENING_DEBUG=1`` to keep it."""
    if os.environ.get("SCREENING_DEBUG"):
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def route_native_stderr_away() -> None:
    """For a command-line run: keep Python's ``sys.stderr`` on the terminal, send native logs to /dev/null.

    Python's messages (errors, progress bars) go through a duplicate of the original stderr;
    file descriptor 2, where C++ libraries log, is pointed at /dev/null. ``SCREENING_DEBUG=1`` keeps both.
    """
    if os.environ.get("SCREENING_DEBUG"):
        return
    sys.stderr.flush()
    terminal = os.dup(2)
    sys.stderr = os.fdopen(terminal, "w", buffering=1, encoding="utf-8", errors="replace")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
