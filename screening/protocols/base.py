"""What every screening protocol has, and the registry that finds one by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import pandas as pd

from screening.errors import UnknownProtocolError
from screening.kinematics.nanstats import nanmean, nanmedian
from screening.kinematics.reps import nearest_index
from screening.kinematics.view import body_yaw_deg, check_view
from screening.model.clip import Clip
from screening.model.profile import AthleteProfile
from screening.model.results import MovementCheck, ProtocolResult, Rep, ViewCheck
from screening.model.series import LandmarkSeries

FOLLOW_UP_PRECAUTION = (
    "Before any muscle testing: pain, swelling, fever, numbness, recent surgery or a serious injury "
    "need a doctor first."
)


# "high" confidence is defined by the error measured on clips filmed at most this far off the required
# view (docs/accuracy.md); between this and the view check's limit (20°) a number is at most "medium".
HIGH_CONFIDENCE_MAX_OFF_DEG = 10.0


@dataclass(frozen=True)
class ProtocolSpec:
    """The user-facing description of a protocol."""

    name: str
    title: str
    view: str  # "side", "front" or "front+side"
    hint: str  # one line for `screening protocols`
    setup: str  # plain-language camera and body set-up
    diagram: str  # a small text diagram of the camera placement
    key_angles: tuple[str, ...]
    # Landmark pairs whose segment the movement keeps in the image plane: frames where one looks far
    # too short are masked before filtering (``signal.cleaning.mask_short_segments``).
    in_plane_segments: tuple[tuple[str, str], ...] = ()
    # A still pose (posture): one photo holds all it measures; the other screens measure repetitions in a video.
    still_pose: bool = False


class ScreeningProtocol(Protocol):
    """A screen: its spec, and how it turns clips into findings."""

    spec: ProtocolSpec

    def expected_view(self, clip_series: LandmarkSeries) -> str:
        """Return the view a clip must have ("side" or "front")."""
        ...

    def recognise(self, clip: Clip) -> MovementCheck:
        """Return whether the clip shows this screen's movement (checked before anything is measured)."""
        ...

    def evaluate(self, clips: list[Clip], profile: AthleteProfile) -> ProtocolResult:
        """Return the findings for the clips (only clips whose movement was recognised)."""
        ...


_PROTOCOLS: dict[str, ScreeningProtocol] = {}


def register_protocol(factory: Callable[[], ScreeningProtocol]) -> Callable[[], ScreeningProtocol]:
    """Register a protocol class by its ``spec.name``."""
    instance = factory()
    _PROTOCOLS[instance.spec.name] = instance
    return factory


def get_protocol(name: str) -> ScreeningProtocol:
    """Return the protocol registered as ``name``."""
    try:
        return _PROTOCOLS[name]
    except KeyError:
        known = ", ".join(sorted(_PROTOCOLS))
        raise UnknownProtocolError(f"Expected a protocol name ({known}), but got '{name}'.") from None


def list_protocols() -> list[ProtocolSpec]:
    """Return the specs of all registered protocols, sorted by name."""
    return [_PROTOCOLS[name].spec for name in sorted(_PROTOCOLS)]


# ---------------------------------------------------------------- shared helpers for protocols


FRONT_VIEW_MAX_YAW_DEG = 45.0  # body yaw below this: the clip is nearer to a front view than to a side view


def nearer_view(series: LandmarkSeries) -> str:
    """Return "front" or "side", whichever the clip's median body yaw is nearer to."""
    yaw = body_yaw_deg(series)
    return "front" if np.isfinite(yaw).any() and float(nanmedian(yaw)) < FRONT_VIEW_MAX_YAW_DEG else "side"


def make_clip(series: LandmarkSeries, angles: pd.DataFrame, expected_view: str, side_hint: str = "") -> Clip:
    """Return a :class:`Clip` with its view checked against ``expected_view``."""
    return Clip(series, angles, check_view(series, expected_view), side_hint)


def grade(value: float, limited_below: float, marked_below: float) -> str:
    """Return ``normal``/``mild``/``marked`` for a range of motion where less is worse."""
    if value < marked_below:
        return "marked"
    if value < limited_below:
        return "mild"
    return "normal"


def grade_excess(value: float, mild_above: float, marked_above: float) -> str:
    """Return ``normal``/``mild``/``marked`` for a deviation where more is worse."""
    if value > marked_above:
        return "marked"
    if value > mild_above:
        return "mild"
    return "normal"


def mean_visibility(series: LandmarkSeries, names: tuple[str, ...], frames: np.ndarray | None = None) -> float:
    """Return the mean MediaPipe visibility (0–1) of ``names`` over ``frames`` (all by default)."""
    values = series["visibility"].sel(keypoint=list(names)).values
    if frames is not None:
        values = values[frames]
    return float(nanmean(values)) if np.isfinite(values).any() else 0.0


def confidence_for(
    view: ViewCheck, n_reps: int, visibility: float, extra: list[str] | None = None, min_reps: int = 2
) -> tuple[str, str]:
    """Return ``(confidence, reason)`` for a number from the view (and its offset), the rep count and visibility.

    "high" needs a view within ``HIGH_CONFIDENCE_MAX_OFF_DEG``, enough reps and visibility ≥ 0.7; a failed view,
    visibility under 0.5 or no rep make it "low"; anything else "medium". The metric table may cap it lower.
    """
    problems = list(extra or [])
    if not view.ok:
        problems.append(view.reason)
    elif view.off_by_deg > HIGH_CONFIDENCE_MAX_OFF_DEG:
        problems.append(f"camera about {view.off_by_deg:.0f}° off the {view.expected} view (high confidence is "
                        f"measured up to {HIGH_CONFIDENCE_MAX_OFF_DEG:.0f}° off; errors grow beyond)")
    if n_reps < min_reps:
        problems.append(f"only {n_reps} rep(s) found, {min_reps} or more expected")
    if visibility < 0.7:
        problems.append(f"landmarks of low visibility ({visibility:.2f})")
    if not problems:
        reps = f"{n_reps} rep{'s' if n_reps != 1 else ''}; " if min_reps > 1 or n_reps > 1 else ""
        return "high", f"{view.reason}; {reps}landmark visibility {visibility:.2f}"
    low = (not view.ok) or visibility < 0.5 or n_reps == 0
    return ("low" if low else "medium"), "; ".join(problems)


def rep_window(angles: pd.DataFrame, rep: Rep) -> pd.DataFrame:
    """Return the rows of ``angles`` between a rep's start and end."""
    index = angles.index
    return angles[(index >= rep.start_s) & (index <= rep.end_s)]


def value_at(angles: pd.DataFrame, column: str, time_s: float) -> float:
    """Return ``angles[column]`` at the sample nearest to ``time_s`` (NaN if missing)."""
    return float(angles[column].iloc[nearest_index(angles.index.to_numpy(), time_s)])


def rep_details(reps: list[Rep]) -> list[dict[str, float]]:
    """Return reps as plain dicts (times in s, peak in degrees) for findings' details."""
    return [
        {
            "start_s": round(r.start_s, 3),
            "peak_s": round(r.peak_s, 3),
            "end_s": round(r.end_s, 3),
            "peak_deg": round(r.peak_deg, 1),
        }
        for r in reps
    ]


def rest_value(values: pd.Series, reps: list[Rep], min_frames: int = 5) -> float:
    """Return the median of ``values`` outside every rep (the resting posture), or the first value."""
    index = values.index.to_numpy()
    resting = np.ones(len(values), dtype=bool)
    for rep in reps:
        resting &= ~((index >= rep.start_s) & (index <= rep.end_s))
    rest = values[resting].dropna()
    if len(rest) >= min_frames:
        return float(rest.median())
    finite = values.dropna()
    return float(finite.iloc[0]) if len(finite) else float("nan")
