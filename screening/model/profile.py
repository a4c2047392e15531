"""The athlete profile: what norms may depend on (entered once, used by protocols, store and pages)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AthleteProfile:
    """What norms may depend on. ``sex`` is ``"female"``, ``"male"`` or ``""``; height in cm."""

    birth_year: int | None = None
    sex: str = ""
    height_cm: float | None = None
