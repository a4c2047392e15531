"""Analysis settings: one model, loaded from a commented TOML file, from which the CLI options are made.

The pipeline never receives this object whole: it passes the plain values on.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from screening.errors import ScreeningError

# The MediaPipe Pose Landmarker bundle committed in models/ (``screening.pose.model`` checks and hashes it).
DEFAULT_MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "pose_landmarker_full.task"


class Settings(BaseModel):
    """Every tunable of an analysis, with units in the names."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    model_path: Path = Field(DEFAULT_MODEL_PATH, description="MediaPipe Pose Landmarker .task bundle")
    num_poses: int = Field(
        1, ge=1, le=5, description="people tracked per frame (others are still counted every census_interval_s)"
    )
    census_interval_s: float = Field(1.0, gt=0, le=3600, description="how often to count the people in view (s)")
    stride: str = Field(
        "auto", description='frames between pose inferences: "auto" (follows the movement) or N (1 = every frame)'
    )
    min_detection_confidence: float = Field(0.5, ge=0, le=1, description="MediaPipe detection threshold (0-1)")
    min_tracking_confidence: float = Field(0.5, ge=0, le=1, description="MediaPipe tracking threshold (0-1)")
    min_visibility: float = Field(0.5, ge=0, le=1, description="landmarks below this visibility are masked (0-1)")
    max_gap_s: float = Field(0.25, ge=0, le=3600, description="gaps up to this many seconds are interpolated")
    cutoff_hz: float = Field(6.0, gt=0, description="Butterworth low-pass cut-off frequency (Hz)")
    filter_order: int = Field(4, ge=1, le=8, description="Butterworth filter order")
    max_file_mb: float = Field(2048.0, gt=0, le=1e7, description="largest input file accepted (MB)")
    annotate_video: bool = Field(True, description="write an annotated H.264 video")
    early_check_s: float = Field(
        3.0, ge=0, le=60, description="seconds at the start of a clip whose set-up is checked first (0 = off)"
    )

    @field_validator("stride", mode="before")
    @classmethod
    def _stride_word_or_count(cls, value: object) -> str:
        """Accept "auto" or a whole number from 1 to 1000 (also as text), kept as text."""
        text = str(value).strip().lower()
        if text == "auto":
            return text
        if text.isdigit() and 1 <= int(text) <= 1000:
            return str(int(text))
        raise ValueError(f'expected "auto" or a whole number from 1 to 1000, got {value!r}')

    def stride_value(self) -> str | int:
        """Return the stride as ``"auto"`` or an int."""
        return "auto" if self.stride == "auto" else int(self.stride)

    def fingerprint(self) -> dict[str, object]:
        """Return the settings that change results, for summaries and caches."""
        return {key: (str(value) if isinstance(value, Path) else value) for key, value in self.model_dump().items()}


DEFAULT_CONFIG_PATH = Path(__file__).with_name("default_config.toml")


def load_settings(path: Path | None = None, **overrides: object) -> Settings:
    """Load settings from a TOML file (default: ``default_config.toml``) and apply ``overrides``."""
    source = Path(path) if path else DEFAULT_CONFIG_PATH
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ScreeningError(f"Expected a TOML settings file at '{source}', but could not read it: {error}") from error
    data.update({key: value for key, value in overrides.items() if value is not None})
    try:
        return Settings(**data)
    except ValidationError as error:
        first = error.errors()[0]
        raise ScreeningError(f"Setting '{first['loc'][0]}' is invalid: {first['msg']}.") from error
