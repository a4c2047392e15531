"""Per-frame angle tables (CSV) and the analysis summary (JSON), written atomically."""

from __future__ import annotations

import json
import math
import os
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from screening.errors import OutputError
from screening.model.analysis import Analysis
from screening.model.findings import DISCLAIMER
from screening.model.series import detected_fraction
from screening.staging import owner_tag


def write_atomically(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename (no partial file on failure).

    The temporary file, ``.<name>.<host>-<pid>-<random>.partial`` in the same folder, is unique, so two writers
    of one path never mix their bytes; the last complete write wins.

    Raises
    ------
    OutputError
        If the file cannot be written (disk full, read-only folder...); nothing is left behind.
    """
    path = Path(path)
    tmp: Path | None = None
    try:
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=f".{path.name}.{owner_tag()}-",
                                         suffix=".partial", delete=False) as handle:
            tmp = Path(handle.name)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except OSError as error:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise OutputError(f"Expected to write '{path}', but could not: {error.strerror or error}.") from error
    return path


def angles_table(analysis: Analysis) -> pd.DataFrame:
    """Return every clip's per-frame angles (degrees), with ``clip`` and ``time_s`` columns first."""
    frames = []
    for clip in analysis.clips:
        table = clip.angles.round(3).reset_index()
        table.insert(0, "clip", clip.name)
        frames.append(table)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def angles_csv(analysis: Analysis) -> bytes:
    """Return the per-frame angles as CSV bytes (UTF-8; empty cells where a value is missing)."""
    return angles_table(analysis).to_csv(index=False, float_format="%.3f").encode("utf-8")


def _clean(value: Any) -> Any:
    """Return ``value`` with NaN/inf as None, numpy scalars as Python numbers and text as UTF-8, recursively."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Path):
        value = str(value)
    if isinstance(value, str):  # a path with bytes that are not UTF-8 (surrogate escapes): U+FFFD, JSON-safe
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return value


def summary(analysis: Analysis) -> dict[str, Any]:
    """Return the JSON-ready summary: provenance, clips, view checks, findings, reps and the disclaimer."""
    clips = []
    for clip in analysis.clips:
        attrs = clip.series.attrs
        time_s = clip.series["time"].values
        clips.append({
            "source_name": attrs.get("source_name"), "source_sha256": attrs.get("source_sha256"),
            "frames": int(len(time_s)), "duration_s": float(time_s[-1] - time_s[0]) if len(time_s) else 0.0,
            "fps": attrs.get("fps"), "frame_size_px": [attrs.get("frame_width"), attrs.get("frame_height")],
            "detected_fraction": detected_fraction(clip.raw),
            "people_checks": attrs.get("people_checks"),
            "people_checks_with_others": attrs.get("people_checks_with_others"),
            "people_most_counted": attrs.get("people_most_counted"),
            "processing_log": attrs.get("processing_log", []),
            "view_check": asdict(clip.clip.view) if clip.clip else None,
            "movement_check": asdict(clip.clip.movement) if clip.clip and clip.clip.movement else None,
            "annotated_video": clip.annotated_video.name if clip.annotated_video else None,
        })
    first = analysis.clips[0].series.attrs if analysis.clips else {}
    result = analysis.result
    return _clean({
        "software": "movement-screening", "software_version": analysis.software_version,
        "created_at": analysis.created_at, "protocol": analysis.protocol,
        "model": {"name": first.get("model_name"), "sha256": first.get("model_sha256")},
        "settings": analysis.settings.fingerprint(), "profile": asdict(analysis.profile),
        "clips": clips,
        "findings": [f.to_dict() for f in result.findings] if result else [],
        "reps": {k: [asdict(r) for r in v] for k, v in result.reps.items()} if result else {},
        "notes": result.notes if result else [],
        "disclaimer": DISCLAIMER,
    })


def summary_json(analysis: Analysis) -> bytes:
    """Return the summary as indented JSON bytes."""
    return json.dumps(summary(analysis), indent=2, ensure_ascii=False).encode("utf-8")
