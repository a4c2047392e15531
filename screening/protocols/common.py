"""Building findings the same way in every protocol."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd

from screening.kinematics.asymmetry import asymmetry
from screening.kinematics.nanstats import nanmedian
from screening.kinematics.orientation import point, torso_length
from screening.kinematics.reps import detect_reps
from screening.model.findings import Finding
from screening.model.results import Rep
from screening.model.series import LandmarkSeries
from screening.protocols.base import FOLLOW_UP_PRECAUTION, grade, grade_excess
from screening.protocols.metrics import CONFIDENCE_RANK, cap_confidence, metric
from screening.protocols.norms import NORMS

UNIT_SYMBOLS = {"deg": "°", "%": " %"}


def _fmt(value: float, unit: str, signed: bool = False) -> str:
    """Return ``value`` with its unit symbol, rounded as the reports round it."""
    digits = 0 if unit == "deg" and abs(value) >= 20 else 1
    return f"{value:{'+' if signed else ''}.{digits}f}{UNIT_SYMBOLS.get(unit, ' ' + unit)}"


def _whole(value: float, unit: str, signed: bool = False) -> str:
    """Return ``value`` rounded to a whole number with its unit symbol."""
    return f"{value:{'+' if signed else ''}.0f}{UNIT_SYMBOLS.get(unit, ' ' + unit)}"


def unmeasured_finding(protocol: str, metric_key: str, side: str, label: str) -> Finding:
    """Return an ``invalid`` finding for a metric whose landmarks were missing."""
    return Finding(
        protocol=protocol,
        metric=metric_key,
        side=side,
        value=None,
        unit=metric(metric_key).unit,
        severity="invalid",
        confidence="low",
        confidence_reason="the landmarks this measure needs were not found",
        label=label,
        explanation=f"{label}: could not be measured; the landmarks it needs were not visible. Film again with the "
        "whole body in view.",
    )


def implausible_finding(protocol: str, metric_key: str, side: str, label: str, value: float,
                        details: dict | None = None) -> Finding:
    """Return an ``invalid`` finding for a value outside the metric's physiological range."""
    row = metric(metric_key)
    low, high = row.plausible
    reason = (f"{_fmt(value, row.unit)} is outside the plausible {_fmt(low, row.unit)} to {_fmt(high, row.unit)} "
              "for this screen")
    return Finding(
        protocol=protocol,
        metric=metric_key,
        side=side,
        value=None,
        unit=row.unit,
        severity="invalid",
        confidence="low",
        confidence_reason=reason,
        label=label,
        explanation=f"{label}: not graded; {reason}, so a landmark was misplaced or the movement was not the one "
        "this screen asks for. Check the annotated video, and film again as `screening protocols` describes.",
        details={**(details or {}), "implausible_value": round(value, 1)},
    )


def _graded_finding(
    protocol: str, metric_key: str, side: str, value: float, severity: str, confidence: tuple[str, str],
    label: str, explanation: str, follow_up: str, details: dict | None,
) -> Finding:
    """Return a finding of ``value`` graded ``severity`` against its metric's own norm row."""
    row, norm = metric(metric_key), NORMS[metric_key]
    level, reason = confidence
    if cap_confidence(level, row.max_confidence) != level:
        level, reason = row.max_confidence, f"{reason}; {row.confidence_note}"
    return Finding(
        protocol=protocol,
        metric=metric_key,
        side=side,
        value=round(value, 1),
        unit=row.unit,
        severity=severity,
        confidence=level,
        confidence_reason=reason,
        explanation=explanation,
        normal_min=norm.normal_min,
        normal_max=norm.normal_max,
        norm_source=norm.source,
        follow_up=f"{follow_up} {FOLLOW_UP_PRECAUTION}" if severity != "normal" and follow_up else "",
        label=label,
        details={"threshold_note": norm.threshold_note, **(details or {})},
    )


def _checked(protocol: str, metric_key: str, side: str, label: str, value: float,
             details: dict | None) -> Finding | None:
    """Return the invalid finding a missing or implausible ``value`` gets, or None when it can be graded."""
    if not math.isfinite(value):
        return unmeasured_finding(protocol, metric_key, side, label)
    low, high = metric(metric_key).plausible
    if not low <= value <= high:
        return implausible_finding(protocol, metric_key, side, label, value, details)
    return None


def _wording(metric_key: str, side: str, label: str, flagged: str, follow_up: str | None) -> tuple[str, str, str]:
    """Return ``(label, flagged, follow_up)``: the given ones, else the metric table's (label with the side)."""
    row = metric(metric_key)
    if not label:
        label = f"{row.label} ({side})" if side in ("left", "right") else row.label
    return label, flagged or row.flagged, row.follow_up if follow_up is None else follow_up


def rom_finding(
    protocol: str,
    metric_key: str,
    *,
    side: str,
    value: float,
    confidence: tuple[str, str],
    label: str = "",
    flagged: str = "",
    follow_up: str | None = None,
    details: dict | None = None,
) -> Finding:
    """Return a finding for a range of motion (its metric's ``unit``) where less than the norm is worse.

    ``label``, ``flagged`` (the wording when graded mild or marked) and ``follow_up`` default to the
    metric table's row (:mod:`screening.protocols.metrics`).
    """
    label, flagged, follow_up = _wording(metric_key, side, label, flagged, follow_up)
    if (invalid := _checked(protocol, metric_key, side, label, value, details)) is not None:
        return invalid
    norm = NORMS[metric_key]
    severity = grade(value, norm.mild, norm.marked)
    usual = f"{_fmt(norm.normal_min, norm.unit)}–{_fmt(norm.normal_max, norm.unit)}" if norm.normal_min is not None \
        and norm.normal_max is not None else "–"
    where = f"{_fmt(value, norm.unit)} (normal range {usual}; flagged below {_fmt(norm.mild, norm.unit)})"
    in_range = norm.normal_min is None or value >= norm.normal_min
    verdict = "Within the normal range." if in_range else "Just below the normal range, not flagged."
    explanation = f"{label}: {where}. " + (flagged if severity != "normal" else verdict)
    return _graded_finding(protocol, metric_key, side, value, severity, confidence, label, explanation,
                           follow_up, details)


def deviation_finding(
    protocol: str,
    metric_key: str,
    *,
    side: str,
    value: float,
    confidence: tuple[str, str],
    label: str = "",
    flagged: str = "",
    follow_up: str | None = None,
    details: dict | None = None,
) -> Finding:
    """Return a finding for a deviation (compensation, tilt) where more than the norm is worse.

    ``value`` is signed as the metric defines. Metrics graded on one sign (``graded_sign="positive"``)
    grade only positive values, the sign the wording describes; the others grade the magnitude.
    ``label``, ``flagged`` and ``follow_up`` default to the metric table's row.
    """
    label, flagged, follow_up = _wording(metric_key, side, label, flagged, follow_up)
    if (invalid := _checked(protocol, metric_key, side, label, value, details)) is not None:
        return invalid
    row, norm = metric(metric_key), NORMS[metric_key]
    graded = max(value, 0.0) if row.graded_sign == "positive" else abs(value)
    severity = grade_excess(graded, norm.mild, norm.marked)
    if severity != "normal":
        verdict = flagged
    elif row.graded_sign == "positive" and value < 0 and row.positive_means:
        verdict = f"No {row.positive_means} (the value is negative); within the usual range."
    else:
        verdict = "Within the usual range."
    explanation = f"{label}: {_fmt(value, norm.unit, signed=True)} (flagged above {_fmt(norm.mild, norm.unit)}). "
    return _graded_finding(protocol, metric_key, side, value, severity, confidence, label, explanation + verdict,
                           follow_up, details)


def asymmetry_finding(protocol: str, metric_key: str, *, left: Finding, right: Finding,
                      follow_up: str | None = None, part: str = "") -> Finding:
    """Return the left/right comparison of two findings of ``metric_key`` (difference left − right).

    For a range of motion the limb symmetry index is given too and the side that moves less is
    named; for a deviation (valgus) only the difference counts, and the side with more of it is
    named (``part`` is the body part, e.g. ``"knee"``).
    """
    row = metric(f"{metric_key}_asymmetry")
    label = row.label
    follow_up = metric(metric_key).follow_up if follow_up is None else follow_up
    if left.value is None or right.value is None or left.severity == "invalid" or right.severity == "invalid":
        return unmeasured_finding(protocol, row.key, "both", label)
    norm = NORMS[row.key]
    is_range = metric(metric_key).kind == "range"
    result = asymmetry(float(left.value), float(right.value), norm.mild, norm.source,
                       use_symmetry_index=is_range)
    difference = abs(result.difference_deg)
    severity = "normal" if not result.flagged else ("marked" if difference > norm.marked else "mild")
    confidence = min((left.confidence, right.confidence), key=CONFIDENCE_RANK.__getitem__)
    reason = f"left: {left.confidence}; right: {right.confidence}"
    if cap_confidence(confidence, row.max_confidence) != confidence:  # the difference can err more than either side
        confidence, reason = row.max_confidence, f"{reason}; {row.confidence_note}"
    compared = f"Left {_fmt(result.left_deg, row.unit)} vs right {_fmt(result.right_deg, row.unit)}: difference " \
               f"{_whole(result.difference_deg, row.unit, signed=True)} (left − right)"
    if is_range:
        lsi = f"{result.symmetry_index_pct:.0f} %" if result.symmetry_index_pct is not None else "n/a"
        verdict = f"The {result.smaller_side} side moves less." if result.flagged else "Sides are comparable."
        explanation = f"{compared}, limb symmetry index {lsi}. {verdict}"
    else:
        more = "left" if result.difference_deg > 0 else "right"
        shows = f"shows {_whole(difference, row.unit)} more {row.more_of} than the other"
        verdict = f"The {more} {part or 'side'} {shows}." if result.flagged else "Sides are comparable."
        explanation = f"{compared}. {verdict}"
    return Finding(
        protocol=protocol,
        metric=row.key,
        side="both",
        value=round(result.difference_deg, 1),
        unit=row.unit,
        severity=severity,
        confidence=confidence,
        confidence_reason=reason,
        explanation=explanation,
        normal_min=norm.normal_min,
        normal_max=norm.normal_max,
        norm_source=norm.source,
        follow_up=f"{follow_up} {FOLLOW_UP_PRECAUTION}" if result.flagged else "",
        label=label,
        details={
            "left_deg": round(result.left_deg, 1),
            "right_deg": round(result.right_deg, 1),
            "symmetry_index_pct": None if result.symmetry_index_pct is None else round(result.symmetry_index_pct, 1),
            "threshold_deg": result.threshold_deg,
            "min_symmetry_index_pct": result.min_symmetry_index_pct if is_range else None,
            "smaller_side": result.smaller_side if is_range else None,
            "more_side": None if is_range else ("left" if result.difference_deg > 0 else "right"),
        },
    )


def _check_finding(protocol: str, metric_key: str, label: str, lead: str, problems: list[str], hint: str) -> Finding:
    """Return the ``invalid`` finding of a failed clip check: ``lead``, then the problems, then ``hint``."""
    return Finding(
        protocol=protocol,
        metric=metric_key,
        side="",
        value=None,
        unit="",
        severity="invalid",
        confidence="low",
        confidence_reason="; ".join(problems),
        label=label,
        explanation=f"{lead}: {'; '.join(problems)}. {hint}",
    )


def view_finding(protocol: str, problems: list[str]) -> Finding:
    """Return an ``invalid`` finding that says why clips could not be measured as filmed."""
    return _check_finding(protocol, "view_check", "Camera view",
                          "The clip does not match the set-up this screen needs, so its numbers are unreliable",
                          problems, "Film again as the set-up describes.")


def ungraded(finding: Finding, reason: str) -> Finding:
    """Return ``finding`` left ungraded (``invalid``, low confidence) for ``reason`` (a wrong view, say).

    The measured value is kept for the record; no severity, norm comparison or follow-up is given.
    """
    if finding.severity in ("invalid", "info"):
        return finding
    return replace(
        finding,
        severity="invalid",
        confidence="low",
        confidence_reason=reason,
        follow_up="",
        explanation=f"Not graded: {reason}. As measured: {finding.explanation}",
    )


def movement_finding(protocol: str, problems: list[str]) -> Finding:
    """Return the ``invalid`` finding for clips that do not show the protocol's movement."""
    return _check_finding(protocol, "movement_check", "Movement",
                          "The clip does not show the movement this screen measures, so nothing was measured",
                          problems, "Film again as `screening protocols` describes.")


def hip_drop_signal(series: LandmarkSeries) -> pd.Series:
    """Return the mid-hip's downward displacement in torso lengths (0 = standing), indexed by time (s)."""
    hip_y = point(series, "mid_hip")[:, 1]
    torso = float(nanmedian(torso_length(series)))
    baseline = float(np.nanpercentile(hip_y, 5)) if np.isfinite(hip_y).any() else 0.0
    return pd.Series((hip_y - baseline) / torso if torso else hip_y * np.nan, index=series["time"].values)


def hip_drop_reps(series: LandmarkSeries, min_drop_torso: float = 0.2) -> list[Rep]:
    """Return squat reps: the hip dropping by at least ``min_drop_torso`` torso lengths and rising again."""
    return detect_reps(hip_drop_signal(series), min_prominence_deg=min_drop_torso, min_duration_s=0.5)
