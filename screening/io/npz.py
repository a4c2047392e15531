"""The landmark series as a compressed ``.npz`` file (no pickles): the tool's own format, read back exactly."""

from __future__ import annotations

import json
import zipfile
import zlib
from pathlib import Path

import numpy as np

from screening.errors import OutputError, SeriesFormatError
from screening.model.series import LandmarkSeries, make_landmark_series

FORMAT_VERSION = 1


def save_series(series: LandmarkSeries, path: Path) -> None:
    """Save a landmark series to a compressed ``.npz`` file (no pickles), atomically."""
    path = Path(path)
    tmp = path.with_name(path.name + ".partial")
    try:
        _write_npz(series, tmp)
        tmp.replace(path)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"Expected to write '{path}', but could not: {error.strerror or error}") from error


def _write_npz(series: LandmarkSeries, tmp: Path) -> None:
    """Write the arrays and attributes of ``series`` to ``tmp``."""
    from screening.private import open_private

    with open_private(tmp) as handle:  # a person's movement data: owner-only
        np.savez_compressed(
            handle,
            format_version=np.array(FORMAT_VERSION),
            time_s=series["time"].values,
            position_px=series["position"].values,
            world_position_m=series["world_position"].values,
            visibility=series["visibility"].values,
            presence=series["presence"].values,
            attrs_json=np.array(json.dumps(series.attrs, default=str)),
        )


def load_series(path: Path) -> LandmarkSeries:
    """Load a landmark series saved by :func:`save_series`.

    Raises
    ------
    SeriesFormatError
        If the file is not such a series.
    """
    try:
        with np.load(Path(path), allow_pickle=False) as data:
            version = int(data["format_version"])
            if version != FORMAT_VERSION:
                raise SeriesFormatError(f"Expected landmark file format {FORMAT_VERSION}, but got {version}.")
            arrays = {key: data[key] for key in ("time_s", "position_px", "world_position_m", "visibility", "presence")}
            attrs = json.loads(str(data["attrs_json"]))
    except SeriesFormatError:
        raise
    except (
        OSError, ValueError, KeyError, TypeError, EOFError, OverflowError, NotImplementedError,
        zipfile.BadZipFile, zlib.error,
    ) as error:
        raise SeriesFormatError(
            f"Expected a landmark series (.npz) at {Path(path).name}, but could not read it: {error}"
        ) from error
    if not isinstance(attrs, dict):
        raise SeriesFormatError(
            f"Expected the attributes of {Path(path).name} to be a mapping, but got {type(attrs).__name__}."
        )
    return make_landmark_series(
        arrays["time_s"],
        arrays["position_px"],
        arrays["world_position_m"],
        arrays["visibility"],
        arrays["presence"],
        attrs,
    )
