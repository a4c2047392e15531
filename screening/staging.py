"""The hidden staging folders in ``--out``: results appear there first and move in only when complete.

A run writes into ``OUT/.partial-<host>-<pid>-<random>/``. When everything is written (and saved
to the history), it puts a ``.publishing`` mark in the folder and moves the files into ``OUT``
one rename at a time. A run killed before the mark leaves a folder that the next run into the
same ``OUT`` deletes (``OUT`` was not touched); one killed while moving leaves a marked folder
whose remaining files the next run moves in (rolls forward), so ``OUT`` ends up complete. A
folder is stale when the process named in it no longer runs on this machine; folders of another
host, or made by versions of the tool without a process id in the name, when older than a day
or ten minutes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import tempfile
import time
from pathlib import Path

from screening.killpoints import pause_at

PREFIX = ".partial-"
PUBLISHING_MARK = ".publishing"
OTHER_HOST_STALE_S = 24 * 3600.0
LEGACY_STALE_S = 600.0


def _host() -> str:
    """Return this machine's name with only letters, digits and ``_`` (it sits between dashes)."""
    return "".join(c if c.isascii() and c.isalnum() else "_" for c in socket.gethostname())[:40] or "host"


def owner_tag() -> str:
    """Return ``<host>-<pid>``: put in the names of temporary files so a later run can tell they are stale."""
    return f"{_host()}-{os.getpid()}"


def new_staging(out: Path) -> Path:
    """Create and return a fresh owner-only staging folder in ``out`` named after this host and process."""
    return Path(tempfile.mkdtemp(prefix=f"{PREFIX}{owner_tag()}-", dir=out))


def publish(staging: Path, out: Path) -> None:
    """Mark ``staging`` as publishing, then move each of its files into ``out`` (renames on one file system)."""
    (staging / PUBLISHING_MARK).touch()
    _move_files(staging, out, pause=True)


def _move_files(staging: Path, out: Path, pause: bool = False) -> None:
    """Move every file of ``staging`` but the mark into ``out``; ``pause`` lets the kill test stop before each."""
    for path in sorted(staging.iterdir()):
        if path.name != PUBLISHING_MARK:
            if pause:
                pause_at("publish")
            path.replace(out / path.name)


def sweep_staging(out: Path) -> list[Path]:
    """Finish or delete the staging folders that killed runs left in ``out``; return the folders handled."""
    handled = []
    for folder in sorted(Path(out).glob(f"{PREFIX}*")):
        if not folder.is_dir() or folder.is_symlink() or not _stale(folder):
            continue
        if (folder / PUBLISHING_MARK).exists():
            with contextlib.suppress(OSError):
                _move_files(folder, out)  # roll forward: the killed run had finished writing
        shutil.rmtree(folder, ignore_errors=True)
        handled.append(folder)
    return handled


def sweep_partial_files(folder: Path) -> list[Path]:
    """Delete temporary ``*.partial`` files under ``folder`` that killed runs left; return them.

    The files are those of :func:`screening.report.tables.write_atomically`, named
    ``.<name>.<host>-<pid>-<random>.partial``; the same staleness rule as for staging folders.
    """
    removed = []
    for path in sorted(Path(folder).rglob("*.partial")):
        tag = path.name[: -len(".partial")].rsplit(".", 1)[-1]
        if path.is_file() and not path.is_symlink() and _stale(path, f"{PREFIX}{tag}"):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _stale(folder: Path, name: str | None = None) -> bool:
    """Return True if the run that made ``folder`` (named like a staging folder) is gone (see the module docstring)."""
    host, pid = _owner(name or folder.name)
    try:
        age_s = time.time() - folder.stat().st_mtime
    except OSError:
        return False
    if pid is None:
        return age_s > LEGACY_STALE_S
    if host != _host():
        return age_s > OTHER_HOST_STALE_S
    return not _pid_alive(pid)


def _owner(name: str) -> tuple[str, int | None]:
    """Return (host, pid) from a staging folder's name; pid None for a name without them."""
    parts = name[len(PREFIX):].split("-")
    if len(parts) >= 3 and parts[1].isdigit():
        return parts[0], int(parts[1])
    return "", None


def _pid_alive(pid: int) -> bool:
    """Return True if process ``pid`` runs on this machine (True where that cannot be asked)."""
    if os.name == "nt" or pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


