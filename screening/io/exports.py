"""The interchange files of an analysed clip, by format name: ``netcdf``, ``trc``, ``mot``.

``screening analyze --export netcdf,trc,mot`` writes, per clip, next to ``<clip>_landmarks.npz``:

- ``netcdf``: ``<clip>_landmarks.nc``, the raw landmarks as a ``movement`` poses dataset (as the ``.npz``);
- ``trc``: ``<clip>_markers.trc``, the cleaned (gap-filled, filtered) world positions in metres for OpenSim;
- ``mot``: ``<clip>_angles.mot``, the per-frame angles (degrees) the findings were measured on.

A new format is one writer module in ``screening.io`` and one row in :data:`EXPORTS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from screening.errors import UsageError
from screening.io.mot import save_mot
from screening.io.netcdf import save_netcdf
from screening.io.trc import save_trc
from screening.model.clip import ClipAnalysis


@dataclass(frozen=True)
class ExportFormat:
    """One interchange format: the file name's ending and the function that writes a clip's file."""

    suffix: str
    write: Callable[[ClipAnalysis, Path], Path]
    description: str


EXPORTS: dict[str, ExportFormat] = {
    "netcdf": ExportFormat("_landmarks.nc", lambda clip, path: save_netcdf(clip.raw, path),
                           "raw landmarks as a movement poses dataset (netCDF)"),
    "trc": ExportFormat("_markers.trc", lambda clip, path: save_trc(clip.series, path),
                        "cleaned world positions (m) for OpenSim, Pose2Sim, Sports2D"),
    "mot": ExportFormat("_angles.mot", lambda clip, path: save_mot(clip.angles, path),
                        "per-frame angles (degrees) as an OpenSim motion file"),
}


def parse_formats(text: str) -> tuple[str, ...]:
    """Return the format names of a comma-separated list (``"netcdf,trc"``), in the order given, once each.

    Raises
    ------
    UsageError
        If a name is not a known format.
    """
    names = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [name for name in names if name not in EXPORTS]
    if unknown or not names:
        raise UsageError(f"Expected export formats from {', '.join(EXPORTS)} (comma-separated), but got "
                         f"'{text}'.", hint="For example: --export netcdf,trc,mot")
    return names


def export_clip(clip: ClipAnalysis, folder: Path, formats: tuple[str, ...]) -> list[Path]:
    """Write ``clip``'s files in ``formats`` to ``folder`` as ``<clip name stem><suffix>``; return their paths."""
    stem = Path(clip.name).stem
    return [EXPORTS[name].write(clip, Path(folder) / f"{stem}{EXPORTS[name].suffix}") for name in formats]
