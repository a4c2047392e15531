"""A finding as a reader sees it: title, value, normal range, severity (word, colours, order) and details."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from screening.model.findings import SEVERITIES, Finding
from screening.present.labels import angle_name, readable
from screening.present.numbers import MISSING, finding_style, format_range, number, stated_value, unit_symbol


@dataclass(frozen=True)
class SeverityStyle:
    """How a severity is shown.

    ``word`` and ``short`` are what a reader reads (card and table / PDF); ``colour`` and
    ``colour_name`` the page's hex and Streamlit colour; ``icon`` a Material Symbols name;
    ``fill`` and ``ink`` the print colours of the PDF's severity cells.
    """

    word: str
    short: str
    colour: str
    colour_name: str
    icon: str
    fill: str
    ink: str


SEVERITY_STYLES = {  # icons are Material Symbols names (bundled with Streamlit, no emoji font needed)
    "normal": SeverityStyle("Within normal range", "Normal", "#2e7d32", "green", "check_circle", "#d8efdf", "#1d6b37"),
    "mild": SeverityStyle("Mildly outside range", "Mild", "#b26a00", "orange", "warning", "#ffe6a8", "#7a5200"),
    "marked": SeverityStyle("Markedly outside range", "Marked", "#c62828", "red", "error", "#f6c4bd", "#9b1c10"),
    "info": SeverityStyle("For information", "Info", "#1565c0", "blue", "info", "#dbe6f1", "#274b6d"),
    "invalid": SeverityStyle("Could not be measured", "Invalid", "#616161", "gray", "block", "#e2e2e2", "#444444"),
}
# the one order of findings on the page, in the PDF and in the printout: what needs attention first, then
# what could not be measured, then the graded normal ones, then those shown for information only
SEVERITY_ORDER = ("marked", "mild", "invalid", "normal", "info")
if not set(SEVERITY_ORDER) == set(SEVERITIES) == set(SEVERITY_STYLES):
    raise ValueError(f"Expected a place and a style for each severity {SEVERITIES}, but got {SEVERITY_ORDER}.")
DETAIL_UNITS = (("_deg", "°"), ("_pct_torso", " % of torso length"), ("_pct", " %"), ("_cm", " cm"), ("_s", " s"))
DETAILS_LEFT_OUT = ("threshold_note", "clip", "reps")


def severity_rank(severity: str) -> int:
    """Return a severity's place in :data:`SEVERITY_ORDER` (unknown ones last)."""
    return SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else len(SEVERITY_ORDER)


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Return findings in :data:`SEVERITY_ORDER` (marked, mild, invalid, normal, info), stable within each."""
    return sorted(findings, key=lambda f: severity_rank(f.severity))


def summary_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """Return how many findings have each severity, in :data:`SEVERITY_ORDER`."""
    items = list(findings)
    return {s: sum(f.severity == s for f in items) for s in SEVERITY_ORDER}


def finding_title(finding: Finding) -> str:
    """Return the finding's label in words, e.g. ``"Shoulder flexion (left)"`` (never a column name)."""
    if finding.label:
        return readable(finding.label)
    name = angle_name(finding.metric)
    return f"{name} ({finding.side})" if finding.side in ("left", "right") else name


def finding_value(finding: Finding) -> str:
    """Return a finding's value as its explanation text writes it: ``"170°"``, ``"+2.2°"`` (``"–"`` when missing).

    The same text is shown on the card, in the tables, the PDF, the key frame captions and the printout.
    """
    if finding.value is None or not math.isfinite(finding.value):
        return MISSING
    stated = stated_value(finding.label, finding.explanation)
    if stated is not None:
        return stated
    digits, signed = finding_style(finding.unit, finding.normal_min, finding.metric, finding.label,
                                   finding.explanation)
    return number(finding.value, digits, signed) + unit_symbol(finding.unit)


def finding_range(finding: Finding) -> str:
    """Return the finding's normal range: ``"160–180°"``, ``"≤ 5°"`` or ``"no published range"``."""
    return format_range(finding.normal_min, finding.normal_max, finding.unit)


def norm_text(finding: Finding) -> str:
    """Return the normal range in words, e.g. ``"normal 160–180°"``, ``"normal ≤ 5°"`` or ``"no published range"``."""
    if finding.normal_min is None and finding.normal_max is None:
        return finding_range(finding)
    return f"normal {finding_range(finding)}"


def finding_line(finding: Finding) -> str:
    """Return the printout's line: ``"[mild   ] Shoulder flexion (right): 140° (confidence high)"``.

    A finding without a value shows why (its confidence reason) in place of the value.
    """
    value = finding_value(finding)
    shown = finding.confidence_reason if value == MISSING else value
    return f"[{finding.severity:7}] {finding_title(finding)}: {shown} (confidence {finding.confidence})"


def detail_lines(details: dict[str, Any]) -> list[str]:
    """Return the numeric details of a finding as ``"best rep: 169°"`` strings, units from the key names."""
    lines = []
    for key, value in details.items():
        if key in DETAILS_LEFT_OUT or isinstance(value, list | dict) or value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            continue
        if isinstance(value, float) and not math.isfinite(value):
            continue
        name, suffix = key, ""
        for ending, unit in DETAIL_UNITS:
            if key.endswith(ending):
                name, suffix = key[: -len(ending)], unit
                break
        text = f"{value:g}" if isinstance(value, int | float) else readable(value)
        lines.append(f"{name.replace('_', ' ')}: {text}{suffix}")
    return lines


@dataclass(frozen=True)
class FindingRow:
    """One finding as a table row (dashboard table and PDF table show the same cells)."""

    severity: str
    title: str
    side: str
    value: str
    normal_range: str
    confidence: str
    confidence_reason: str
    flagged: bool


def finding_rows(findings: Sequence[Finding]) -> list[FindingRow]:
    """Return one row per finding, in :data:`SEVERITY_ORDER`."""
    return [FindingRow(f.severity, finding_title(f), f.side or MISSING, finding_value(f), finding_range(f),
                       f.confidence, readable(f.confidence_reason), f.flagged)
            for f in sorted_findings(findings)]
