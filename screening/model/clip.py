"""A clip: as a protocol sees it (cleaned landmarks, angles, checks) and as the pipeline returns it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from screening.model.results import MovementCheck, ViewCheck
from screening.model.series import LandmarkSeries


@dataclass(frozen=True)
class Clip:
    """One analysed clip: its cleaned landmarks, its per-frame angles (degrees) and its view check."""

    series: LandmarkSeries
    angles: pd.DataFrame
    view: ViewCheck
    side_hint: str = ""  # "left"/"right" when the user says which side this clip tests
    movement: MovementCheck | None = None  # the protocol's check that the clip shows its movement

    @property
    def name(self) -> str:
        """Return the source file name."""
        return str(self.series.attrs.get("source_name", ""))


@dataclass
class ClipAnalysis:
    """One clip: raw and cleaned landmarks, per-frame angles (degrees) and the protocol's view check."""

    raw: LandmarkSeries
    series: LandmarkSeries
    angles: pd.DataFrame
    clip: Clip | None = None
    annotated_video: Path | None = None
    source_path: Path | None = None

    @property
    def name(self) -> str:
        """Return the source file name."""
        return str(self.series.attrs.get("source_name", ""))
