"""The result of one analysis: its clips, the protocol's findings, and the settings and profile used."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from screening import __version__
from screening.config import Settings
from screening.model.clip import ClipAnalysis
from screening.model.profile import AthleteProfile
from screening.model.results import ProtocolResult


@dataclass
class Analysis:
    """The result of analysing one or more clips with one protocol."""

    protocol: str | None
    clips: list[ClipAnalysis]
    result: ProtocolResult | None
    settings: Settings
    profile: AthleteProfile = field(default_factory=AthleteProfile)
    created_at: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    software_version: str = __version__
