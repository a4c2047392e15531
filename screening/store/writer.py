"""Turn an :class:`~screening.model.analysis.Analysis` into stored files and rows.

The functions here run inside the caller's transaction and staging folder
(:meth:`screening.store.Store.save_analysis`); none of them commits.
"""

from __future__ import annotations

import datetime as dt
import math
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session as DbSession

from screening.errors import StoreError
from screening.io.npz import save_series
from screening.private import owner_only
from screening.store.files import Staged, safe_stem, sha256_of
from screening.store.schema import FINDING_FIELDS, ClipFile, FindingRow, Session

if TYPE_CHECKING:
    from screening.model.analysis import Analysis

LANDMARK_SUFFIX = ".npz"


def parse_created_at(text: str) -> dt.datetime:
    """Return the analysis time as an aware UTC date-time (an ISO string without zone is taken as UTC)."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except (TypeError, ValueError) as error:
        raise StoreError(f"Expected the analysis time as an ISO date-time, but got {text!r}.") from error
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def stage_clip_files(staged: Staged, analysis: Analysis, keep_video: bool) -> list[dict[str, Any]]:
    """Write each clip's raw landmark series (and, with ``keep_video``, its videos) into the staging folder.

    Returns one dict of :class:`~screening.store.schema.ClipFile` columns per clip, paths
    relative to the store's file root. Videos kept are the source video (not a landmark file)
    and the annotated video, where they exist.
    """
    rows = []
    for index, clip in enumerate(analysis.clips, start=1):
        attrs = clip.raw.attrs
        stem = f"{index:02d}_{safe_stem(clip.name or f'clip{index}')}"
        landmarks = staged.path / f"{stem}_landmarks{LANDMARK_SUFFIX}"
        save_series(clip.raw, landmarks)
        time_s = clip.raw["time"].values
        row: dict[str, Any] = {
            "position": index, "source_name": str(attrs.get("source_name", ""))[:500],
            "source_sha256": str(attrs.get("source_sha256") or "")[:64], "frames": int(len(time_s)),
            "duration_s": float(time_s[-1] - time_s[0]) if len(time_s) else 0.0,
            "landmarks_file": f"{staged.folder}/{landmarks.name}", "landmarks_sha256": sha256_of(landmarks),
            "video_file": None, "annotated_video_file": None,
        }
        if keep_video:
            row["video_file"] = _copy_video(clip.source_path, staged, f"{stem}_source")
            row["annotated_video_file"] = _copy_video(clip.annotated_video, staged, f"{stem}_annotated")
        rows.append(row)
    return rows


def _copy_video(source: Path | None, staged: Staged, stem: str) -> str | None:
    """Copy a video into the staging folder; return its stored relative path (None if there is none)."""
    if source is None or Path(source).suffix.lower() == LANDMARK_SUFFIX or not Path(source).is_file():
        return None
    target = staged.path / f"{stem}{Path(source).suffix.lower()}"
    try:
        shutil.copyfile(source, target)
        owner_only(target)  # a video of a person: owner-only
    except OSError as error:
        raise StoreError(f"Expected to copy the video '{source}' into the data folder, but could not: "
                         f"{error.strerror or error}") from error
    return f"{staged.folder}/{target.name}"


def session_row(athlete_id: int, analysis: Analysis, folder: str) -> Session:
    """Return the (unsaved) session row of an analysis, with its JSON summary."""
    from screening.report.tables import summary  # imports the pipeline (and MediaPipe): only when saving

    document = summary(analysis)
    first = analysis.clips[0].series.attrs if analysis.clips else {}
    return Session(
        athlete_id=athlete_id, recorded_at=parse_created_at(analysis.created_at), saved_at=dt.datetime.now(dt.UTC),
        protocol=analysis.protocol, software_version=str(analysis.software_version)[:32],
        model_name=str(first.get("model_name") or "")[:200], model_sha256=str(first.get("model_sha256") or "")[:64],
        settings=document["settings"], profile=document["profile"], summary=document, folder=folder, notes="",
    )


def insert_session(db: DbSession, row: Session) -> int:
    """Add the session row and return its id (the transaction stays open)."""
    db.add(row)
    db.flush()
    return row.id


def insert_clips(db: DbSession, session_id: int, rows: list[dict[str, Any]]) -> None:
    """Add the clip rows of a session."""
    db.add_all([ClipFile(session_id=session_id, **row) for row in rows])
    db.flush()


def insert_findings(db: DbSession, session_id: int, findings: list[dict[str, Any]]) -> None:
    """Add the finding rows of a session (``findings`` as JSON-ready dicts, e.g. from the summary)."""
    db.add_all([FindingRow(session_id=session_id, position=i, **finding_columns(f)) for i, f in enumerate(findings)])
    db.flush()


def finding_columns(finding: dict[str, Any]) -> dict[str, Any]:
    """Return the columns of one finding dict; non-finite numbers become NULL, text is never NULL."""
    out: dict[str, Any] = {}
    for name in FINDING_FIELDS:
        value = finding.get(name)
        if name in ("value", "normal_min", "normal_max"):
            out[name] = float(value) if isinstance(value, int | float) and math.isfinite(value) else None
        elif name == "details":
            out[name] = value if isinstance(value, dict) else {}
        else:
            out[name] = "" if value is None else str(value)
    return out
