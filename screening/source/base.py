"""Frame sources: what every reader yields, and the registry that picks a reader by file type."""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import hashlib
import os
import struct
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from screening.errors import InputFileError, InvalidVideoError

DEFAULT_MAX_FILE_BYTES = 2 * 1024**3  # 2 GiB; larger uploads are refused
# Frames longer than this on their long side (px) are scaled down before pose inference. MediaPipe
# looks at a 256 px crop anyway; a 4K or 8K frame would only cost memory (8K BGR is 100 MB a frame).
DEFAULT_MAX_SIDE_PX = 1920
# Photos declaring more pixels than this are refused before decoding (a 200 MP phone photo is
# 600 MB as BGR; OpenCV's own limit, 2^30 pixels, would take 3 GB and ends in an unreadable error).
MAX_PHOTO_PIXELS = 200_000_000

# What a file holds, from its first bytes: (offset, magic bytes, kind, name).
_SIGNATURES: tuple[tuple[int, bytes, str, str], ...] = (
    (0, b"\xff\xd8\xff", "photo", "JPEG"),
    (0, b"\x89PNG\r\n\x1a\n", "photo", "PNG"),
    (0, b"BM", "photo", "BMP"),
    (0, b"II*\x00", "photo", "TIFF"),
    (0, b"MM\x00*", "photo", "TIFF"),
    (8, b"WEBP", "photo", "WebP"),
    (4, b"ftyp", "video", "MP4/MOV"),
    (4, b"moov", "video", "MOV"),
    (4, b"mdat", "video", "MOV"),
    (4, b"wide", "video", "MOV"),
    (8, b"AVI ", "video", "AVI"),
    (0, b"\x1aE\xdf\xa3", "video", "Matroska/WebM"),
)
_PHOTO_SUFFIX = {"JPEG": ".jpg", "PNG": ".png", "BMP": ".bmp", "TIFF": ".tif", "WebP": ".webp"}


@dataclass(frozen=True)
class Frame:
    """One upright BGR frame and its capture time.

    ``time_s`` is the real timestamp in seconds from the first frame (variable frame rate
    is kept as it is); ``index`` counts decoded frames from 0.
    """

    index: int
    time_s: float
    image: np.ndarray | None  # None: decoded but not converted to pixels (a frame the analysis skips)
    model_input: object = dataclasses.field(default=None, compare=False)  # the image prepared for the pose model

    @property
    def skipped(self) -> bool:
        """Return True for a frame read only for its time (``wanted`` said no), without an image."""
        return self.image is None


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
    scale: float = 1.0  # frames were resized by this factor (< 1 when scaled down, see DEFAULT_MAX_SIDE_PX)


# Called with each frame's index before its pixels are made: False skips the colour conversion and
# copies (the frame is still decoded, for its time); a source may ignore it and give every image.
FrameFilter = Callable[[int], bool]


class FrameSource(Protocol):
    """A stream of frames that is read once, in order, without holding them all."""

    info: SourceInfo

    def frames(self, wanted: FrameFilter | None = None) -> Iterator[Frame]:
        """Yield frames in capture order; those ``wanted`` refuses have no image."""
        ...

    def close(self) -> None:
        """Release the file or device."""
        ...


SourceOpener = Callable[[Path], FrameSource]
_OPENERS: dict[str, SourceOpener] = {}


_KINDS: dict[str, str] = {}


def register_source(suffixes: tuple[str, ...], kind: str = "video") -> Callable[[SourceOpener], SourceOpener]:
    """Register ``opener`` for files whose lower-case suffix is in ``suffixes``; ``kind`` is "video" or "photo"."""

    def decorator(opener: SourceOpener) -> SourceOpener:
        for suffix in suffixes:
            _OPENERS[suffix.lower()] = opener
            _KINDS[suffix.lower()] = kind
        return opener

    return decorator


def supported_suffixes() -> list[str]:
    """Return the file suffixes that can be opened, e.g. ``[".mp4", ".jpg"]``."""
    return sorted(_OPENERS)


def kind_by_suffix(path: Path) -> str:
    """Return the kind of file its suffix names: ``"photo"`` or ``"video"`` (unknown suffixes count as video)."""
    return _KINDS.get(Path(path).suffix.lower(), "video")


def file_sha256(path: Path, chunk_bytes: int = 1 << 20) -> str:
    """Return the SHA-256 of a file's content, read in chunks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while chunk := handle.read(chunk_bytes):
            digest.update(chunk)
    return digest.hexdigest()


def display_name(path: Path | str) -> str:
    """Return ``path``'s file name as printable UTF-8 text.

    A name with bytes that are not UTF-8 (a file from an old camera card or a Windows share)
    reaches Python with surrogate escapes, which cannot be written to JSON, CSV or a PDF; they
    become U+FFFD here. Control characters (newline, NUL...) become U+FFFD too.
    """
    name = Path(path).name
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join("\ufffd" if ord(char) < 32 or ord(char) == 127 else char for char in text)


def needs_alias(path: Path | str) -> bool:
    """Return True if native decoders must not get ``path`` as text (not UTF-8, or control characters)."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return any(ord(char) < 32 or ord(char) == 127 for char in text)


@contextlib.contextmanager
def decoder_path(path: Path) -> Iterator[Path]:
    """Yield a path to hand native decoders (OpenCV, FFmpeg) for ``path``: itself, or a safe alias.

    OpenCV's Python binding crashes the process (segmentation fault) on a path that is not
    valid UTF-8 (or holds control characters): such a path is given as a symbolic link with an
    ASCII name in a private temporary folder (mode 0700), removed afterwards; the file itself is
    not copied. Other paths are made absolute, since FFmpeg takes a relative name such as
    ``pipe:1.mp4`` or ``concat:a.mp4`` for a protocol.
    """
    path = Path(path)
    if not needs_alias(path):  # absolute: FFmpeg would read "pipe:1.mp4" or "concat:a.mp4|b.mp4" as protocols
        yield path if path.is_absolute() else Path(os.path.abspath(path))
        return
    with tempfile.TemporaryDirectory(prefix="screening-alias-") as folder:
        alias = Path(folder) / f"input{_ascii_suffix(path)}"
        os.symlink(os.fsencode(os.path.abspath(path)), os.fsencode(alias))
        yield alias


def _ascii_suffix(path: Path) -> str:
    """Return ``path``'s suffix if it is plain ASCII letters and digits, else ``""``."""
    suffix = path.suffix
    return suffix if suffix[1:].isascii() and suffix[1:].isalnum() else ""


def check_input_file(path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> None:
    """Raise :class:`InputFileError` unless ``path`` is a readable, non-empty file of at most ``max_bytes``."""
    path = Path(path)
    try:
        if path.is_symlink() and not path.exists():
            try:
                path.stat()
            except OSError as error:
                if error.errno == errno.ELOOP:
                    raise InputFileError(f"Expected a video or photo at '{path}', but it is a symbolic link that "
                                         "loops back on itself.") from error
            raise InputFileError(f"Expected a video or photo at '{path}', but it is a symbolic link to a missing "
                                 "file.")
        if not path.exists():
            raise InputFileError(f"Expected a video or photo at '{path}', but there is no such file.")
        if not path.is_file():
            raise InputFileError(f"Expected a file at '{path}', but found a folder or device.")
        size = path.stat().st_size
        with path.open("rb"):
            pass
    except OSError as error:
        raise InputFileError(f"Expected to read '{path}', but could not: {error.strerror or error}.") from error
    if size == 0:
        raise InputFileError(f"Expected a video or photo in '{display_name(path)}', but the file is empty (0 bytes).",
                             hint="Copy or upload the file again; it may not have been saved completely.")
    if size > max_bytes:
        raise InputFileError(
            f"Expected a file of at most {max_bytes / 1024**2:.3g} MB, but '{display_name(path)}' is "
            f"{size / 1024**2:.3g} MB.",
            hint="Trim the clip to the movement being screened, or export it at a lower resolution.",
        )


def sniff_kind(path: Path) -> tuple[str, str]:
    """Return ``(kind, format name)`` of a file from its first bytes.

    ``kind`` is ``"photo"``, ``"video"``, ``"text"`` or ``""`` (unknown).
    """
    with Path(path).open("rb") as handle:
        head = handle.read(4096)
    for offset, magic, kind, name in _SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            return kind, name
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            if error.start < len(head) - 3:  # not just a character cut at the end of the sample
                return "", ""
        return "text", "text"
    return "", ""


def declared_size(path: Path) -> tuple[int, int] | None:
    """Return the (width, height) in pixels a photo's header declares, without decoding it (None if unknown)."""
    with Path(path).open("rb") as handle:
        head = handle.read(32)
    if head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR" and len(head) >= 24:
        width, height = struct.unpack(">II", head[16:24])
        return int(width), int(height)
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = None  # the limit is checked here, with our own message
    try:
        with Image.open(path) as image:
            return int(image.size[0]), int(image.size[1])
    except Exception:  # noqa: BLE001  (not a format Pillow reads: OpenCV will say)
        return None


def check_photo_size(path: Path, max_pixels: int = MAX_PHOTO_PIXELS) -> None:
    """Raise :class:`InvalidVideoError` if the photo's header declares more than ``max_pixels`` pixels."""
    size = declared_size(path)
    if size is not None and size[0] * size[1] > max_pixels:
        raise InvalidVideoError(
            f"Expected a photo of at most {max_pixels / 1e6:.0f} megapixels, but '{display_name(path)}' is "
            f"{size[0]}×{size[1]} pixels ({size[0] * size[1] / 1e6:.0f} megapixels): too large.",
            hint="Save the photo again at a lower resolution (e.g. 4000 pixels on the long side).",
        )


def _check_content(path: Path, suffix_kind: str) -> None:
    """Raise :class:`InvalidVideoError` when the file's content plainly is not what its suffix says."""
    kind, name = sniff_kind(path)
    what = "a video" if suffix_kind == "video" else "a photo"
    shown = display_name(path)
    if kind == "text":
        raise InvalidVideoError(f"Expected {what} in '{shown}', but the file holds text.",
                                hint="Choose the video or photo itself, not a text or web page file.")
    if suffix_kind == "video" and kind == "photo":
        raise InvalidVideoError(f"Expected a video in '{shown}', but the file holds a photo ({name}).",
                                hint=f"Rename it to {_PHOTO_SUFFIX[name]} to analyse it as a photo.")
    if suffix_kind == "photo" and kind == "video":
        raise InvalidVideoError(f"Expected a photo in '{shown}', but the file holds a video ({name}).",
                                hint="Rename it to .mp4 (or .mov) to analyse it as a video.")


class DownscaledSource:
    """Another source's frames, scaled down (INTER_AREA) so that the long side is ``max_side_px``."""

    def __init__(self, source: FrameSource, max_side_px: int) -> None:
        self._source = source
        info = source.info
        scale = max_side_px / max(info.width, info.height)
        self._size = (max(1, round(info.width * scale)), max(1, round(info.height * scale)))
        self.info = dataclasses.replace(info, width=self._size[0], height=self._size[1], scale=info.scale * scale)

    def frames(self, wanted: FrameFilter | None = None) -> Iterator[Frame]:
        """Yield the frames of the wrapped source, scaled down (skipped frames stay without an image)."""
        for frame in self._source.frames(wanted):
            if frame.image is None:
                yield frame
                continue
            image = cv2.resize(frame.image, self._size, interpolation=cv2.INTER_AREA)
            yield Frame(index=frame.index, time_s=frame.time_s, image=image)

    def close(self) -> None:
        """Close the wrapped source."""
        self._source.close()


def open_source(
    path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES, max_side_px: int | None = DEFAULT_MAX_SIDE_PX
) -> FrameSource:
    """Open a video or photo file with the reader registered for its suffix.

    Parameters
    ----------
    path
        The file; its suffix picks the reader, and its first bytes must not contradict the suffix.
    max_bytes
        Larger files are refused with :class:`InputFileError`.
    max_side_px
        Frames whose long side is longer are scaled down to it (``SourceInfo.scale`` records the
        factor; pixel positions are then in the scaled frame). None keeps full resolution.
    """
    path = Path(path)
    check_input_file(path, max_bytes)
    opener = _OPENERS.get(path.suffix.lower())
    if opener is None:
        raise InputFileError(
            f"Expected a video or photo ({', '.join(supported_suffixes())}), but got '{path.suffix or 'no suffix'}'."
        )
    _check_content(path, kind_by_suffix(path))
    if kind_by_suffix(path) == "photo":
        check_photo_size(path)
    source = opener(path)
    if max_side_px is not None and max(source.info.width, source.info.height) > max_side_px:
        return DownscaledSource(source, max_side_px)
    return source
