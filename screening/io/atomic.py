"""Write a file of a person's data owner-only and whole: through a temporary name and a rename."""

from __future__ import annotations

import os
from pathlib import Path

from screening.errors import OutputError
from screening.private import open_private


def write_private(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` (mode 0600) through ``.<name>.<pid>.partial``; return the path.

    Raises
    ------
    OutputError
        If the file cannot be written; no partial file is left.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with open_private(tmp) as handle:
            handle.write(data)
        tmp.replace(path)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"Expected to write '{path}', but could not: {error.strerror or error}") from error
    return path
