"""Files holding a person's data are created readable by their owner only.

Videos, landmark series, tables, reports, exports and the history store are health data: on a
shared machine no other user may read them. Files get mode 0600 and folders 0700; on systems
without POSIX modes (Windows) the calls change nothing.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import BinaryIO

OWNER_ONLY_FILE = 0o600
OWNER_ONLY_DIR = 0o700
PRIVATE_UMASK = 0o077  # what the command line runs with: new files 0600, new folders 0700


def owner_only(path: Path) -> Path:
    """Make ``path`` readable and writable by its owner only (0600 for a file, 0700 for a folder); return it."""
    path = Path(path)
    with contextlib.suppress(OSError, NotImplementedError):
        path.chmod(OWNER_ONLY_DIR if path.is_dir() else OWNER_ONLY_FILE)
    return path


def open_private(path: Path) -> BinaryIO:
    """Open ``path`` for writing (created or truncated) with mode 0600 from the start; return the binary file."""
    descriptor = os.open(Path(path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0),
                         OWNER_ONLY_FILE)
    with contextlib.suppress(OSError, AttributeError):
        os.fchmod(descriptor, OWNER_ONLY_FILE)  # an existing file keeps its mode through O_CREAT
    return os.fdopen(descriptor, "wb")


def make_private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) if needed, and make the folder itself owner-only; return it."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True, mode=OWNER_ONLY_DIR)
    return owner_only(path)


def use_private_umask() -> int:
    """Make every file this process creates from now on owner-only (umask 077); return the previous umask."""
    return os.umask(PRIVATE_UMASK)
