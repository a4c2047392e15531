"""The store's files (landmark series, kept videos) and how they stay in step with the database.

Layout, under ``<data dir>/files/<store id>/`` (the store id comes from the database, so two
databases never share or sweep each other's files)::

    athletes/<athlete id>/<session token>/01_<clip>_landmarks.npz   (and videos, if kept)
    .staging/<host>-<pid>-<token>/                                   (a save in progress)

A save writes its files into a staging folder, commits the database rows, and only then moves
the folder into place (one rename). If the program dies in between, the next
:meth:`FileArea.sweep` finishes the move when the session row exists and deletes the folder
when it does not. Folders under ``athletes/`` that no row refers to (left by a delete that
died half-way) are removed by the same sweep.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import socket
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from screening.errors import StoreError
from screening.private import make_private_dir

STAGING = ".staging"
ATHLETES = "athletes"
TARGET_FILE = "TARGET"
SAFE_CHARS = re.compile(r"[^A-Za-z0-9._-]+")
MAX_STEM_CHARS = 60


def safe_stem(name: str) -> str:
    """Return ``name``'s stem with only letters, digits, ``._-`` (at most 60 characters)."""
    stem = SAFE_CHARS.sub("_", Path(name).stem).strip("._") or "clip"
    return stem[:MAX_STEM_CHARS]


def sha256_of(path: Path) -> str:
    """Return the SHA-256 hex digest of a file."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class Staged:
    """A save's staging folder and the folder (relative to the file root) it will become."""

    path: Path
    folder: str


class FileArea:
    """The file folder of one store, rooted at ``<data dir>/files/<store id>``."""

    def __init__(self, data_dir: Path, store_id: str) -> None:
        self.root = Path(data_dir) / "files" / store_id
        self._host = safe_stem(socket.gethostname()).replace("-", "_")

    def absolute(self, relative: str | None) -> Path | None:
        """Return the absolute path of a stored relative path (None stays None)."""
        return None if relative is None else self.root / relative

    def athlete_dir(self, athlete_id: int) -> Path:
        """Return the folder holding all files of one athlete."""
        return self.root / ATHLETES / str(int(athlete_id))

    @contextlib.contextmanager
    def staging(self, athlete_id: int) -> Iterator[Staged]:
        """Yield a fresh staging folder for a session of ``athlete_id``; remove it if the block fails."""
        token = uuid.uuid4().hex
        path = self.root / STAGING / f"{self._host}-{os.getpid()}-{token}"
        folder = f"{ATHLETES}/{int(athlete_id)}/{token}"
        try:
            for folder_path in (self.root.parent.parent, self.root.parent, self.root, self.root / STAGING):
                make_private_dir(folder_path)
            path.mkdir(mode=0o700)
            (path / TARGET_FILE).write_text(folder, encoding="utf-8")
        except OSError as error:
            raise StoreError(f"Expected to write in the data folder '{self.root}', but could not: "
                             f"{error.strerror or error}") from error
        try:
            yield Staged(path, folder)
        finally:
            shutil.rmtree(path, ignore_errors=True)

    def publish(self, staged: Staged) -> Path:
        """Move a staged folder to its final place (the database rows are already committed)."""
        final = self.root / staged.folder
        (staged.path / TARGET_FILE).unlink(missing_ok=True)
        make_private_dir(final.parent.parent)
        make_private_dir(final.parent)
        staged.path.replace(final)
        return final

    def remove(self, path: Path) -> None:
        """Delete a folder of the store and everything in it.

        Raises
        ------
        StoreError
            If files remain (they will be removed by the next sweep).
        """
        if not path.exists():
            return
        shutil.rmtree(path, ignore_errors=True)
        if path.exists():
            left = [p for p in path.rglob("*") if p.is_file()]
            raise StoreError(f"Expected to delete every file in '{path}', but {len(left)} remain.",
                             hint="Close programs using them; the next start of the tool retries.")

    def sweep(self, session_folders: Callable[[], set[str]], athlete_ids: Callable[[], set[int]]) -> None:
        """Finish or undo interrupted saves and deletes (see the module docstring).

        The folders are listed *before* the database is asked which ones it refers to, so a save
        that another process commits meanwhile is never mistaken for an orphan.
        """
        staged = self._dead_staging_folders()
        athlete_dirs = sorted((self.root / ATHLETES).glob("*")) if (self.root / ATHLETES).is_dir() else []
        session_dirs = [d for a in athlete_dirs if a.is_dir() for d in a.iterdir() if d.is_dir()]
        if not (staged or athlete_dirs):
            return
        known_folders, known_athletes = session_folders(), athlete_ids()
        for path in staged:
            target = (path / TARGET_FILE).read_text(encoding="utf-8").strip() if (path / TARGET_FILE).exists() else ""
            if target in known_folders and not (self.root / target).exists():
                self.publish(Staged(path, target))
            else:
                shutil.rmtree(path, ignore_errors=True)
        for directory in athlete_dirs:
            if not directory.name.isdigit() or int(directory.name) not in known_athletes:
                shutil.rmtree(directory, ignore_errors=True)
        for directory in session_dirs:
            folder = directory.relative_to(self.root).as_posix()
            if directory.exists() and folder not in known_folders:
                shutil.rmtree(directory, ignore_errors=True)

    def _dead_staging_folders(self) -> list[Path]:
        """Return staging folders of this host whose process no longer runs."""
        base = self.root / STAGING
        if not base.is_dir():
            return []
        dead = []
        for path in base.iterdir():
            host, _, rest = path.name.partition("-")
            pid = rest.partition("-")[0]
            if host == self._host and pid.isdigit() and not _pid_alive(int(pid)):
                dead.append(path)
        return dead


def _pid_alive(pid: int) -> bool:
    """Return True if a process ``pid`` runs on this machine (always True where that cannot be asked)."""
    if os.name == "nt":  # os.kill(pid, 0) would terminate the process on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
