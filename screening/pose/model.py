"""The pose model bundle: where the default one lives, and its name and hash.

A MediaPipe Pose Landmarker ``.task`` file is an uncompressed zip holding two
tflite models (see ``models/README.md``). The name and sha256 returned here go
into the attributes of every landmark series, so a result can be traced to the
exact model that produced it.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path

from screening.config import DEFAULT_MODEL_PATH
from screening.errors import ModelError

__all__ = ["BUNDLE_MEMBERS", "DEFAULT_MODEL_PATH", "ModelInfo", "model_info"]

# Files a Pose Landmarker bundle must contain (Google's own bundles use the same names).
BUNDLE_MEMBERS = ("pose_detector.tflite", "pose_landmarks_detector.tflite")

_CHUNK_BYTES = 1 << 20


@dataclass(frozen=True)
class ModelInfo:
    """Identity of a pose model bundle.

    Attributes
    ----------
    name : str
        File stem, e.g. ``"pose_landmarker_full"``.
    sha256 : str
        Lowercase hex sha256 of the whole file.
    path : Path
        Absolute path of the bundle.
    """

    name: str
    sha256: str
    path: Path


def model_info(path: Path) -> ModelInfo:
    """Check that ``path`` is a Pose Landmarker bundle and return its identity.

    Parameters
    ----------
    path : Path
        A ``.task`` file.

    Returns
    -------
    ModelInfo
        Name, sha256 and absolute path of the bundle.

    Raises
    ------
    ModelError
        If the file is missing, unreadable, not a zip, or lacks the two tflite
        models of a Pose Landmarker bundle.
    """
    expected = f"a MediaPipe Pose Landmarker .task bundle (zip with {', '.join(BUNDLE_MEMBERS)})"
    try:  # a symbolic link loop (RuntimeError) or a name too long (OSError) is a bad path, not a bug
        path = Path(path).expanduser().resolve()
        exists, is_file = path.exists(), path.is_file()
    except (OSError, RuntimeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise ModelError(f"Expected {expected} at {str(path)[:200]}, but the path cannot be used: {reason}.") from error
    if not exists:
        raise ModelError(f"Expected {expected} at {path}, but no such file exists.")
    if not is_file:
        raise ModelError(f"Expected {expected} at {path}, but found a directory or special file.")
    try:
        digest = _sha256(path)
        with zipfile.ZipFile(path) as bundle:
            members = set(bundle.namelist())
    except zipfile.BadZipFile:
        raise ModelError(f"Expected {expected} at {path}, but the file is not a zip archive.") from None
    except OSError as exc:
        raise ModelError(f"Expected {expected} at {path}, but it cannot be read: {exc.strerror or exc}.") from exc
    missing = [name for name in BUNDLE_MEMBERS if name not in members]
    if missing:
        found = ", ".join(sorted(members)) or "nothing"
        raise ModelError(f"Expected {expected} at {path}, but it holds {found}; missing {', '.join(missing)}.")
    name = path.stem.encode("utf-8", "surrogateescape").decode("utf-8", "replace")  # printable in every report
    return ModelInfo(name=name, sha256=digest, path=path)


def _sha256(path: Path) -> str:
    """Return the hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK_BYTES), b""):
            digest.update(chunk)
    return digest.hexdigest()
