"""Building findings the same way in every protocol."""

from __future__ import annotations

import math

from screening.findings import Finding
from screening.kinematics.asymmetry import asymmetry
from screening.protocols.base import FOLLOW_UP_PRECAUTION, grade, grade_excess
from screening.protocols.norms import NORMS


def unmeasured_finding(protocol: str, metric: str, side: str, label: str) -> Finding:
    """Return an ``invalid`` finding for a metric whose landmarks were missing."""
    return Finding(
        protocol=protocol,
        metric=metric,
        side=side,
        value=None,
        unit="deg",
        severity="invalid",
        confidence="low",
        confidence_reason="the landmarks this measure needs were not found",
        label=label,
        explanation=f"{label}: could not be measured; the landmarks it needs were not visible. Film again with the "
        "whole body in view.",
    )


def _graded_finding(
    protocol: str, metric: str, norm_key: str, side: str, value: float, severity: str, confidence: tuple[str, str],
    label: str, explanation: str, follow_up: str, details: dict | None,
) -> Finding:
    """Return a finding of ``value`` (degrees) graded ``severity`` against the norm ``norm_key``."""
    norm = NORMS[norm_key]
    return Finding(
        protocol=protocol,
        metric=metric,
        side=side,
        value=round(value, 1),
        unit="deg",
        severity=severity,
        confidence=confidence[0],
        confidence_reason=confidence[1],
        explanation=explanation,
        normal_min=norm.normal_min,
        normal_max=norm.normal_max,
        norm_source=norm.source,
        follow_up=f"{follow_up} {FOLLOW_UP_PRECAUTION}" if severity != "normal" and follow_up else "",
        label=label,
        details={"threshold_note": norm.threshold_note, **(details or {})},
    )


def rom_finding(
    protocol: str,
    metric: str,
    norm_key: str,
    side: str,
    value: float,
    confidence: tuple[str, str],
    label: str,
    explanation_limited: str,
    follow_up: str,
    details: dict | None = None,
) -> Finding:
    """Return a finding for a range of motion where less than the norm is worse."""
    if not math.isfinite(value):
        return unmeasured_finding(protocol, metric, side, label)
    norm = NORMS[norm_key]
    severity = grade(value, norm.mild, norm.marked)
    where = f"{value:.0f}° vs normal ≥ {norm.mild:.0f}°"
    explanation = f"{label}: {where}. " + (explanation_limited if severity != "normal" else "Within the normal range.")
    return _graded_finding(protocol, metric, norm_key, side, value, severity, confidence, label, explanation,
                           follow_up, details)


def deviation_finding(
    protocol: str,
    metric: str,
    norm_key: str,
    side: str,
    value: float,
    confidence: tuple[str, str],
    label: str,
    explanation_flagged: str,
    follow_up: str = "",
    details: dict | None = None,
) -> Finding:
    """Return a finding for a deviation (compensation, tilt) where more than the norm is worse.

    ``value`` is signed as the metric defines; the magnitude is graded.
    """
    if not math.isfinite(value):
        return unmeasured_finding(protocol, metric, side, label)
    norm = NORMS[norm_key]
    severity = grade_excess(abs(value), norm.mild, norm.marked)
    explanation = f"{label}: {value:+.1f}° (flagged above {norm.mild:.0f}°). " + (
        explanation_flagged if severity != "normal" else "Within the usual range."
    )
    return _graded_finding(protocol, metric, norm_key, side, value, severity, confidence, label, explanation,
                           follow_up, details)


def asymmetry_finding(protocol: str, metric: str, left: Finding, right: Finding, follow_up: str) -> Finding:
    """Return the left/right comparison of two findings of the same metric."""
    if left.value is None or right.value is None:
        return unmeasured_finding(protocol, f"{metric}_asymmetry", "both", f"{left.label.split(' (')[0]} asymmetry")
    norm = NORMS["asymmetry"]
    result = asymmetry(float(left.value or 0.0), float(right.value or 0.0), norm.mild, norm.source)
    difference = abs(result.difference_deg)
    severity = "normal" if not result.flagged else ("marked" if difference > norm.marked else "mild")
    ranks = {"high": 2, "medium": 1, "low": 0}
    confidence = min((left.confidence, right.confidence), key=ranks.__getitem__)
    lsi = f"{result.symmetry_index_pct:.0f} %" if result.symmetry_index_pct is not None else "n/a"
    explanation = (
        f"Left {result.left_deg:.0f}° vs right {result.right_deg:.0f}°: difference {result.difference_deg:+.0f}° "
        f"(left − right), limb symmetry index {lsi}. "
        + (f"The {result.smaller_side} side moves less." if result.flagged else "Sides are comparable.")
    )
    return Finding(
        protocol=protocol,
        metric=f"{metric}_asymmetry",
        side="both",
        value=round(result.difference_deg, 1),
        unit="deg",
        severity=severity,
        confidence=confidence,
        confidence_reason=f"left: {left.confidence}; right: {right.confidence}",
        explanation=explanation,
        normal_min=-norm.mild,
        normal_max=norm.mild,
        norm_source=norm.source,
        follow_up=f"{follow_up} {FOLLOW_UP_PRECAUTION}" if result.flagged else "",
        label=f"{left.label.split(' (')[0]} asymmetry",
        details={
            "left_deg": round(result.left_deg, 1),
            "right_deg": round(result.right_deg, 1),
            "symmetry_index_pct": None if result.symmetry_index_pct is None else round(result.symmetry_index_pct, 1),
            "threshold_deg": result.threshold_deg,
            "min_symmetry_index_pct": result.min_symmetry_index_pct,
            "smaller_side": result.smaller_side,
        },
    )


def view_finding(protocol: str, problems: list[str]) -> Finding:
    """Return an ``invalid`` finding that says why clips could not be measured as filmed."""
    return Finding(
        protocol=protocol,
        metric="view_check",
        side="",
        value=None,
        unit="",
        severity="invalid",
        confidence="low",
        confidence_reason="; ".join(problems),
        label="Camera view",
        explanation="The clip does not match the set-up this screen needs, so its numbers are unreliable: "
        + "; ".join(problems)
        + ". Film again as the set-up describes.",
    )
