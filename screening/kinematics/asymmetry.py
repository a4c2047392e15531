"""Left/right asymmetry of one metric."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Asymmetry:
    """Left vs right comparison of a range of motion (degrees).

    ``difference_deg`` is left − right. ``symmetry_index_pct`` is the limb symmetry index,
    smaller / larger × 100, the larger side being the reference (the involved side is not
    known to a screen); None when a side is ≤ 0°, where a ratio means nothing.
    """

    left_deg: float
    right_deg: float
    difference_deg: float
    symmetry_index_pct: float | None
    threshold_deg: float
    threshold_source: str
    min_symmetry_index_pct: float
    flagged: bool

    @property
    def smaller_side(self) -> str:
        """Return the side with the smaller value (``"left"`` or ``"right"``)."""
        return "left" if self.left_deg < self.right_deg else "right"


def asymmetry(
    left_deg: float,
    right_deg: float,
    threshold_deg: float = 10.0,
    threshold_source: str = "Ellison et al. 1990 (hip rotation); LSI ≥ 90 % usual criterion",
    min_symmetry_index_pct: float = 90.0,
    use_symmetry_index: bool = True,
) -> Asymmetry:
    """Compare two sides: flagged when |left − right| > ``threshold_deg`` or LSI < ``min_symmetry_index_pct``.

    The difference is ``left − right`` in degrees; the LSI is ``min / max × 100`` (%). It is a
    ratio of ranges of motion: for signed deviations (valgus, tilt), whose values sit near zero,
    pass ``use_symmetry_index=False`` and only the difference is judged.
    """
    difference = left_deg - right_deg
    larger, smaller = max(left_deg, right_deg), min(left_deg, right_deg)
    index = 100.0 * smaller / larger if use_symmetry_index and smaller > 0 and larger > 0 else None
    flagged = abs(difference) > threshold_deg or (index is not None and index < min_symmetry_index_pct)
    return Asymmetry(
        left_deg, right_deg, difference, index, threshold_deg, threshold_source, min_symmetry_index_pct, flagged
    )
