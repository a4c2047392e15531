"""The landmark series as netCDF, shaped like a ``movement`` poses dataset.

``movement`` (neuroinformatics-unit) keeps poses in an :class:`xarray.Dataset` with
``position(time, space, keypoints, individuals)`` and ``confidence(time, keypoints, individuals)``,
``time`` in seconds and the attributes ``source_software``, ``ds_type="poses"``, ``fps`` and
``time_unit``. The file written here has exactly that (``position`` in image pixels, x right and
y down; ``confidence`` = MediaPipe's visibility; one individual, ``"subject"``), so
``xarray.open_dataset`` hands ``movement``'s kinematics and filters a dataset they accept. It also
holds ``world_position(time, world_space, keypoints, individuals)`` in metres, ``presence``, and
the series' own attributes as JSON (``screening_attrs``), so :func:`load_netcdf` gives the series
back unchanged. Missing is NaN.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

import numpy as np
import xarray as xr

from screening import __version__
from screening.errors import OutputError, SeriesFormatError
from screening.model.keypoints import LANDMARK_NAMES
from screening.model.series import LandmarkSeries, make_landmark_series

INDIVIDUAL = "subject"
SOURCE_SOFTWARE = "MediaPipe Pose Landmarker"
ENGINE: Final = "netcdf4"  # the netCDF4 library: netCDF-4 (HDF5) files, as movement's own installs write and read
VARIABLES = {"position": "position", "confidence": "visibility", "world_position": "world_position",
             "presence": "presence"}  # name in the file -> name in the series


def to_movement_dataset(series: LandmarkSeries) -> xr.Dataset:
    """Return ``series`` as a ``movement`` poses dataset (dimension and variable names as ``movement`` has them)."""
    def one_individual(name: str) -> xr.DataArray:
        array = series[name].rename({"keypoint": "keypoints"})
        return array.expand_dims(individuals=[INDIVIDUAL], axis=array.ndim)

    attrs = {
        "source_software": SOURCE_SOFTWARE,
        "ds_type": "poses",
        "fps": float(series.attrs.get("fps") or 0.0),
        "time_unit": "seconds",
        "source_file": str(series.attrs.get("source_name", "")),
        "position_units": "px (x right, y down)",
        "world_position_units": "m",
        "written_by": f"movement-screening {__version__}",
        "screening_attrs": json.dumps(series.attrs, default=str),
    }
    return xr.Dataset({name: one_individual(ours) for name, ours in VARIABLES.items()}, attrs=attrs)


def save_netcdf(series: LandmarkSeries, path: Path) -> Path:
    """Write ``series`` to a netCDF file at ``path`` (see the module's docstring); return the path.

    Raises
    ------
    OutputError
        If the file cannot be written.
    """
    from screening.private import owner_only

    path = Path(path)
    tmp = path.with_name(f".{path.name}.partial")
    try:
        to_movement_dataset(series).to_netcdf(tmp, engine=ENGINE)
        owner_only(tmp)
        tmp.replace(path)
    except (OSError, RuntimeError, ValueError) as error:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"Expected to write the netCDF file '{path}', but could not: {error}") from error
    return path


def load_netcdf(path: Path) -> LandmarkSeries:
    """Return the landmark series saved by :func:`save_netcdf`.

    Raises
    ------
    SeriesFormatError
        If the file is not such a netCDF file.
    """
    name = Path(path).name
    try:
        with xr.open_dataset(Path(path), engine=ENGINE) as opened:
            data = opened.load()
    except (OSError, ValueError, RuntimeError) as error:
        raise SeriesFormatError(f"Expected a netCDF landmark file at {name}, but could not read it: {error}") from error
    missing = [key for key in VARIABLES if key not in data] + ([] if "screening_attrs" in data.attrs else ["attrs"])
    if missing:
        raise SeriesFormatError(f"Expected a landmark file written by this tool at {name}, but it lacks {missing}.")
    if list(data["keypoints"].values) != list(LANDMARK_NAMES):
        raise SeriesFormatError(f"Expected the {len(LANDMARK_NAMES)} MediaPipe keypoints in {name}, "
                                f"but got {data.sizes['keypoints']} others.")
    attrs: dict[str, Any] = json.loads(data.attrs["screening_attrs"])

    def values(key: str) -> np.ndarray:
        return data[key].isel(individuals=0).values

    return make_landmark_series(data["time"].values, values("position"), values("world_position"),
                                values("confidence"), values("presence"), attrs)
