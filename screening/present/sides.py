"""The left/right comparison: which findings are compared, under which name, with which normal range."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from screening.model.findings import Finding
from screening.present.findings import finding_title

SIDES = ("left", "right")


@dataclass(frozen=True)
class LeftRight:
    """One metric measured on both sides: its name without the side and the two findings."""

    metric: str
    name: str
    left: Finding
    right: Finding

    def finding(self, side: str) -> Finding:
        """Return the finding of ``side`` (``"left"`` or ``"right"``)."""
        return self.left if side == "left" else self.right

    @property
    def normal_range(self) -> tuple[float | None, float | None]:
        """Return the published ``(low, high)`` normal range of the metric (None where open)."""
        return self.left.normal_min, self.left.normal_max


def metric_name(finding: Finding) -> str:
    """Return the finding's title without its side: ``"Shoulder flexion"``, ``"Knee valgus, FPPA"``."""
    title = finding_title(finding)
    title = re.sub(rf"\s*\({finding.side}\)", "", title)
    return re.sub(rf"\({finding.side}[;,]\s*", "(", title).strip()


def left_right_pairs(findings: Iterable[Finding]) -> list[LeftRight]:
    """Return the metrics measured in degrees on both sides, in the order they are first met.

    Findings are grouped by metric (not by label, which may carry more than the side); a metric
    measured on one side only, or without a finite value, has nothing to compare and is left out.
    """
    groups: dict[str, dict[str, Finding]] = {}
    for finding in findings:
        if finding.side in SIDES and finding.unit == "deg" and finding.value is not None \
                and math.isfinite(finding.value):
            groups.setdefault(finding.metric, {})[finding.side] = finding
    return [LeftRight(metric, metric_name(sides["left"]), sides["left"], sides["right"])
            for metric, sides in groups.items() if len(sides) == 2]
