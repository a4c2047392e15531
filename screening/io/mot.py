"""Joint angles as an OpenSim motion file (``.mot``, the Storage format), as Sports2D writes its angles.

One column per angle in degrees (``inDegrees=yes``), after ``time`` in seconds; the header is the
one OpenSim's ``STOFileAdapter`` reads::

    Coordinates
    version=1
    nRows=<frames>
    nColumns=<1 + angles>
    inDegrees=yes

    Units are S.I. units (second, meters, Newtons, ...)
    If the header above contains a line with 'inDegrees', ...

    endheader
    time  <angle 1>  <angle 2> ...

The columns are this tool's angle names (``docs/angles.md``), not the coordinates of an OpenSim
model: they are image-plane angles, meaningful only for movement square to the camera. A frame
where an angle could not be measured holds ``NaN``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from screening.errors import OutputError
from screening.io.atomic import write_private


def mot_text(angles: pd.DataFrame, name: str = "Coordinates") -> str:
    """Return the ``.mot`` text of an angle table (index: time in s; columns: angles in degrees)."""
    if angles.columns.duplicated().any() or any(not str(c) or any(ch.isspace() for ch in str(c))
                                                 for c in angles.columns):
        raise OutputError(f"Expected unique angle names without spaces for a .mot file, but got "
                          f"{list(angles.columns)}.")
    time_s = np.asarray(angles.index, dtype=float)
    header = [
        name,
        "version=1",
        f"nRows={len(angles)}",
        f"nColumns={len(angles.columns) + 1}",
        "inDegrees=yes",
        "",
        "Units are S.I. units (second, meters, Newtons, ...)",
        "If the header above contains a line with 'inDegrees', this indicates whether rotational values are in "
        "degrees (yes) or radians (no).",
        "",
        "endheader",
        "\t".join(["time", *map(str, angles.columns)]),
    ]
    values = angles.to_numpy(dtype=float)
    rows = ["\t".join([f"{t:.6f}", *(f"{v:.4f}" if np.isfinite(v) else "NaN" for v in row)])
            for t, row in zip(time_s, values, strict=True)]
    return "\n".join(header + rows) + "\n"


def save_mot(angles: pd.DataFrame, path: Path) -> Path:
    """Write an angle table (degrees, indexed by time in s) to a ``.mot`` file at ``path``; return the path.

    Raises
    ------
    OutputError
        If the file cannot be written.
    """
    return write_private(Path(path), mot_text(angles).encode("utf-8"))
