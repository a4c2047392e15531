"""Uploaded files: safe names in a private folder, and cache keys from content hashes."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path, PurePosixPath, PureWindowsPath

from screening.config import Settings
from screening.errors import InputFileError
from screening.model.profile import AthleteProfile
from screening.source import supported_suffixes


def safe_suffix(filename: str) -> str:
    """Return the lower-case suffix of an uploaded file name if it is a supported type.

    Path parts are stripped (``"../../x.mp4"`` → ``".mp4"``) with both POSIX and Windows rules;
    nothing else of the name is kept.

    Raises
    ------
    InputFileError
        If the suffix is not one of :func:`screening.source.supported_suffixes`.
    """
    name = PureWindowsPath(PurePosixPath(str(filename)).name).name
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in supported_suffixes():
        raise InputFileError(
            f"Expected a video or photo ({', '.join(supported_suffixes())}), but got '{suffix or 'no suffix'}'."
        )
    return suffix


def private_dir(prefix: str = "screening-") -> Path:
    """Return a new folder readable only by this user (mode 0700)."""
    return Path(tempfile.mkdtemp(prefix=prefix))


def safe_stem(filename: str, max_chars: int = 40) -> str:
    """Return a display stem made only of letters, digits, ``_`` and ``-`` (``"clip"`` when nothing is left)."""
    name = PureWindowsPath(PurePosixPath(str(filename)).name).name
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", PurePosixPath(name).stem)[:max_chars].strip("_-")
    return stem or "clip"


def write_upload(data: bytes, filename: str, folder: Path, index: int = 0) -> Path:
    """Write uploaded bytes to ``folder`` under a generated name ``<safe stem><suffix>``.

    Of the uploaded name only a sanitised stem (shown in results and reports) and a supported
    suffix are kept; no path part of it is ever used. A second upload with the same name gets
    ``-<index + 1>`` after its stem.
    """
    suffix = safe_suffix(filename)
    if not data:
        raise InputFileError("Expected a video or photo, but the uploaded file is empty (0 bytes).")
    path = Path(folder) / f"{safe_stem(filename)}{suffix}"
    if path.exists():
        path = path.with_name(f"{safe_stem(filename)}-{index + 1}{suffix}")
    path.write_bytes(data)
    path.chmod(0o600)
    return path


def remove_dir(folder: Path | None) -> None:
    """Delete ``folder`` and everything in it, ignoring a folder that is already gone."""
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def analysis_key(contents: Sequence[bytes | str], protocol: str, settings: Settings, profile: AthleteProfile,
                 side_hints: Sequence[str]) -> str:
    """Return a SHA-256 key for an analysis from its inputs' content and everything that changes the result.

    ``contents`` holds the bytes of each input, or a content hash already computed.
    """
    digest = hashlib.sha256()
    for item in contents:
        digest.update(item.encode() if isinstance(item, str) else hashlib.sha256(item).hexdigest().encode())
    meta = {"protocol": protocol, "settings": settings.fingerprint(), "profile": asdict(profile),
            "sides": list(side_hints)}
    digest.update(json.dumps(meta, sort_keys=True, default=str).encode())
    return digest.hexdigest()
