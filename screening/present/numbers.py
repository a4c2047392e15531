"""Numbers with units, rounded by one rule wherever they are shown (card, text, PDF, key frame, printout).

The rule (:func:`decimals`): angles in whole degrees from 20° up, or when the value is whole;
otherwise one decimal; other units one decimal. It is the rounding the protocols use in the
findings' explanation texts, so a finding's value is shown as its text states it
(:func:`stated_value`). Never ``-0``. Printed documents and images use a true minus sign
(:func:`typeset`); the page and the terminal an ASCII one.
"""

from __future__ import annotations

import datetime as dt
import math
import re

MISSING = "–"  # a value that could not be measured
NO_RANGE = "no published range"
MINUS = "−"  # U+2212, for print (PDF, key frames)
UNIT_SYMBOLS = {"deg": "°", "%": " %", "pct": " %", "cm": " cm", "mm": " mm", "m": " m", "s": " s", "px": " px",
                "Hz": " Hz", "": ""}


def unit_symbol(unit: str) -> str:
    """Return what follows a number of ``unit``: ``"°"`` for ``"deg"``, ``" %"``, ``" cm"``, else ``" <unit>"``."""
    return UNIT_SYMBOLS.get(unit, f" {unit}")


def number(value: float, digits: int, signed: bool = False) -> str:
    """Return ``value`` rounded to ``digits`` decimals, never ``"-0"`` (the one rounding used on every page)."""
    rounded = round(float(value), digits) + 0.0  # + 0.0 turns −0.0 into 0.0
    return f"{rounded:+.{digits}f}" if signed else f"{rounded:.{digits}f}"


def decimals(value: float, unit: str) -> int:
    """Return the decimals a value of ``unit`` is shown with: 0 for angles ≥ 20° (or whole), else 1."""
    return 0 if unit == "deg" and (abs(value) >= 20 or float(value).is_integer()) else 1


def format_number(value: float, unit: str, signed: bool = False) -> str:
    """Return a number rounded for its unit (:func:`decimals`), without the unit: ``"170"``, ``"+4.5"``."""
    return number(value, decimals(value, unit), signed)


def format_value(value: float | None, unit: str, signed: bool = False) -> str:
    """Return a value with its unit, e.g. ``"170°"``, ``"+4.5°"``, ``"3.2 cm"`` (``"–"`` when missing)."""
    if value is None or not math.isfinite(value):
        return MISSING
    return format_number(value, unit, signed) + unit_symbol(unit)


def format_angle(value: float | None) -> str:
    """Return an angle in degrees: ``"169°"``, ``"-4.5°"``, ``"2.2°"`` (``"–"`` when missing)."""
    return format_value(value, "deg")


def format_range(low: float | None, high: float | None, unit: str) -> str:
    """Return a normal range with its unit: ``"160–180°"``, ``"-5 to 10°"``, ``"≥ 160°"``, ``"≤ 10°"``.

    ``"no published range"`` when both limits are open.
    """
    if low is None and high is None:
        return NO_RANGE
    if low is None:
        return f"≤ {format_value(high, unit)}"
    if high is None:
        return f"≥ {format_value(low, unit)}"
    dash = " to " if low < 0 or high < 0 else "–"  # "-5 to 10°" rather than "-5–10°"
    return f"{format_number(low, unit)}{dash}{format_value(high, unit)}"


_ASCII_MINUS = re.compile(r"(?<![\w.])-(?=\d)")


def typeset(text: str) -> str:
    """Return ``text`` with the minus sign of each number as a true minus (``"-4°"`` → ``"−4°"``), hyphens kept."""
    return _ASCII_MINUS.sub(MINUS, text)


def format_time(created_at: str) -> str:
    """Return an ISO timestamp as ``"2025-03-01 14:05 UTC"`` (no zone when it has none; unchanged if unreadable)."""
    try:
        when = dt.datetime.fromisoformat(created_at)
    except (TypeError, ValueError):
        return created_at
    if when.tzinfo is None:
        return when.strftime("%Y-%m-%d %H:%M")
    return when.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


_STATED = re.compile(r"([+-]?\d+(?:\.\d+)?)(°| %| cm| mm| s)?")


def stated_value(label: str, explanation: str) -> str | None:
    """Return the value as a finding's explanation states it (``"99°"``, ``"+5.0°"``), or None.

    The protocol writes the explanation from the unrounded measurement, so showing its number
    keeps card, table, PDF and text identical (a stored 98.5 would otherwise read 98 beside 99).
    """
    if not label or not explanation.startswith(f"{label}: "):
        return None
    match = _STATED.match(explanation[len(label) + 2:])
    return match.group(0) if match and match.group(2) else None


def finding_style(unit: str, normal_min: float | None, metric: str, label: str = "", explanation: str = ""
                  ) -> tuple[int, bool]:
    """Return ``(decimals, signed)`` for showing a finding's value as its explanation text writes it.

    The explanation (``"Shoulder flexion (left): 170° vs …"``, ``"Elbow bend …: +5.0° (flagged …"``)
    is made by the protocol; the card, table, PDF and key frame copy its rounding so the same
    number reads the same everywhere. Without such a text: ranges of motion (a positive lower
    normal limit) and left/right differences in whole degrees, other angles signed with one decimal.
    """
    if label and explanation.startswith(f"{label}: "):
        match = re.match(r"([+-]?)\d+(?:\.(\d+))?", explanation[len(label) + 2:])
        if match:
            return len(match.group(2) or ""), bool(match.group(1) == "+" or match.group(0).startswith("+"))
    if unit == "deg" and ((normal_min is not None and normal_min > 0) or metric.endswith("_asymmetry")):
        return 0, metric.endswith("_asymmetry")
    return 1, unit == "deg"
