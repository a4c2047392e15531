"""Export all of one athlete's data as a single zip (for a data-access request, or to move it).

The zip holds ``athlete.json`` (profile, sessions with their full summaries and findings),
``sessions.csv``, ``findings.csv``, ``trends.csv``, ``README.txt`` and, under ``files/``, every
stored landmark series and kept video. It is written to a temporary name and renamed, so a
failed export leaves no partial zip.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pandas as pd

from screening import __version__
from screening.errors import OutputError
from screening.model.findings import DISCLAIMER
from screening.private import open_private

if TYPE_CHECKING:
    from screening.model.findings import Finding
    from screening.store.records import AthleteRecord, SessionRecord

STORED_SUFFIXES = (".npz", ".mp4", ".mov", ".m4v", ".webm", ".jpg", ".jpeg", ".png")  # already compressed

README = """Movement screening — export of one athlete's data
Exported {exported_at} by movement-screening {version}.

athlete.json   profile, and every session with its settings, full summary and findings
sessions.csv   one row per session
findings.csv   one row per finding (values in the unit of the 'unit' column; angles in degrees)
trends.csv     per metric and side: change vs the previous and the first session
files/         stored landmark series (.npz, see screening.io.npz.load_series) and any kept videos

{disclaimer}
"""


class ExportSource(Protocol):
    """What an export reads from the history (``store.Store`` has it); the store imports this module, not back."""

    def get_athlete(self, athlete_id: int) -> AthleteRecord:
        """Return the athlete's record."""
        ...

    def list_sessions(self, athlete_id: int) -> list[SessionRecord]:
        """Return the athlete's sessions, oldest first."""
        ...

    def session_findings(self, session_id: int) -> list[Finding]:
        """Return a session's findings."""
        ...

    def session_summary(self, session_id: int) -> dict[str, Any]:
        """Return a session's saved summary document."""
        ...

    def trends(self, athlete_id: int) -> pd.DataFrame:
        """Return the athlete's trends table."""
        ...


def write_export(store: ExportSource, athlete_id: int, zip_path: Path) -> Path:
    """Write the export zip of ``athlete_id`` to ``zip_path`` atomically and return the path.

    Raises
    ------
    OutputError
        If the zip cannot be written.
    """
    athlete = store.get_athlete(athlete_id)
    sessions = store.list_sessions(athlete_id)
    exported_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    members, missing = _file_members(sessions)
    document = {
        "software": "movement-screening", "software_version": __version__, "exported_at": exported_at,
        "athlete": _jsonable(dataclasses.asdict(athlete)),
        "sessions": [_session_document(store, s) for s in sessions],
        "missing_files": missing, "disclaimer": DISCLAIMER,
    }
    findings = [{"session_id": s["id"], "recorded_at": s["recorded_at"], **f}
                for s in document["sessions"] for f in s["findings"]]
    tables = {
        "sessions.csv": pd.DataFrame([{k: v for k, v in s.items() if k not in ("findings", "summary", "clips")}
                                      for s in document["sessions"]]),
        "findings.csv": pd.DataFrame(findings).drop(columns=["details"], errors="ignore"),
        "trends.csv": store.trends(athlete_id),
    }
    zip_path = Path(zip_path)
    tmp = zip_path.with_name(f".{zip_path.name}.partial")
    try:
        zip_path.parent.mkdir(parents=True, exist_ok=True)
        with open_private(tmp) as handle, zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("README.txt", README.format(exported_at=exported_at, version=__version__,
                                                         disclaimer=DISCLAIMER))
            archive.writestr("athlete.json", json.dumps(document, indent=2, ensure_ascii=False))
            for name, table in tables.items():
                archive.writestr(name, table.to_csv(index=False))
            for source, arcname in members:
                stored = source.suffix.lower() in STORED_SUFFIXES
                archive.write(source, arcname, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
        tmp.replace(zip_path)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        reason = error.strerror or error
        raise OutputError(f"Expected to write the export '{zip_path}', but could not: {reason}") from error
    return zip_path


def _session_document(store: ExportSource, session: SessionRecord) -> dict[str, Any]:
    """Return one session as a JSON-ready dict, with its findings and saved summary."""
    data = _jsonable(dataclasses.asdict(session))
    data["clips"] = [{**clip, **{key: _arcname(session, clip[key]) for key in
                                 ("landmarks_path", "video_path", "annotated_video_path") if clip.get(key)}}
                     for clip in data["clips"]]
    data["findings"] = [f.to_dict() for f in store.session_findings(session.id)]
    data["summary"] = store.session_summary(session.id)
    return data


def _file_members(sessions: list[SessionRecord]) -> tuple[list[tuple[Path, str]], list[str]]:
    """Return (file, name in the zip) pairs of every stored file, and the names of files that are missing."""
    members, missing = [], []
    for session in sessions:
        for clip in session.clips:
            for path in (clip.landmarks_path, clip.video_path, clip.annotated_video_path):
                if path is None:
                    continue
                if path.is_file():
                    members.append((path, _arcname(session, str(path))))
                else:
                    missing.append(_arcname(session, str(path)))
    return members, missing


def _arcname(session: SessionRecord, path: str) -> str:
    """Return the name of a stored file inside the zip: ``files/session_<id>_<date>/<file name>``."""
    return f"files/session_{session.id}_{session.recorded_at:%Y%m%dT%H%M%SZ}/{Path(path).name}"


def _jsonable(value: Any) -> Any:
    """Return ``value`` with dates as ISO text and paths as text, recursively."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    return value
