"""Frame sources: what every reader yields, and the registry that picks a reader by file type."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from screening.errors import InputFileError

DEFAULT_MAX_FILE_BYTES = 2 * 1024**3  # 2 GiB; larger uploads are refused


@dataclass(frozen=True)
class Frame:
    """One upright BGR frame and its capture time.

    ``time_s`` is the real timestamp in seconds from the first frame (variable frame rate
    is kept as it is); ``index`` counts decoded frames from 0.
    """

    index: int
    time_s: float
    image: np.ndarray


@dataclass(frozen=True)
class SourceInfo:
    """What is known about a source before reading it.

    ``frame_count`` is the container's estimate (0 when unknown, e.g. a webcam);
    ``fps`` the nominal rate in frames per second; width and height are of the upright frame.
    """

    name: str
    kind: str  # "video", "photo" or "camera"
    width: int
    height: int
    fps: float
    frame_count: int
    sha256: str = ""
    rotation_deg: int = 0
    mirrored: bool = False


class FrameSource(Protocol):
    """A stream of frames that is read once, in order, without holding them all."""

    info: SourceInfo

    def frames(self) -> Iterator[Frame]:
        """Yield frames in capture order."""
        ...

    def close(self) -> None:
        """Release the file or device."""
        ...


SourceOpener = Callable[[Path], FrameSource]
_OPENERS: dict[str, SourceOpener] = {}


def register_source(suffixes: tuple[str, ...]) -> Callable[[SourceOpener], SourceOpener]:
    """Register ``opener`` for files whose lower-case suffix is in ``suffixes``."""

    def decorator(opener: SourceOpener) -> SourceOpener:
        for suffix in suffixes:
            _OPENERS[suffix.lower()] = opener
        return opener

    return decorator


def supported_suffixes() -> list[str]:
    """Return the file suffixes that can be opened, e.g. ``[".mp4", ".jpg"]``."""
    return sorted(_OPENERS)


def file_sha256(path: Path, chunk_bytes: int = 1 << 20) -> str:
    """Return the SHA-256 of a file's content, read in chunks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while chunk := handle.read(chunk_bytes):
            digest.update(chunk)
    return digest.hexdigest()


def check_input_file(path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> None:
    """Raise :class:`InputFileError` unless ``path`` is a readable, non-empty file of at most ``max_bytes``."""
    path = Path(path)
    if not path.exists():
        raise InputFileError(f"Expected a video or photo at '{path}', but there is no such file.")
    if not path.is_file():
        raise InputFileError(f"Expected a file at '{path}', but found a folder or device.")
    size = path.stat().st_size
    if size == 0:
        raise InputFileError(f"Expected a video or photo in '{path.name}', but the file is empty (0 bytes).")
    if size > max_bytes:
        raise InputFileError(
            f"'{path.name}' is {size / 1024**2:.0f} MB; the limit is {max_bytes / 1024**2:.0f} MB.",
            hint="Trim the clip to the movement being screened.",
        )


def open_source(path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> FrameSource:
    """Open a video or photo file with the reader registered for its suffix."""
    path = Path(path)
    check_input_file(path, max_bytes)
    opener = _OPENERS.get(path.suffix.lower())
    if opener is None:
        raise InputFileError(
            f"Expected a video or photo ({', '.join(supported_suffixes())}), but got '{path.suffix or 'no suffix'}'."
        )
    return opener(path)
