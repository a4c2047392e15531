"""The one structured finding type shared by the dashboard, the reports and the store.

A finding is a *screening* result: a measured value compared with a published range. It is
never a diagnosis.
"""

from __future__ import annotations

import json
from dataclasses import MISSING, asdict, dataclass, field, fields
from typing import Any

from screening.errors import SeriesFormatError

SEVERITIES = ("normal", "mild", "marked", "info", "invalid")
CONFIDENCES = ("high", "medium", "low")

DISCLAIMER = (
    "This is a movement screening, not a diagnosis. The numbers come from a single camera and "
    "have measurement error; a qualified clinician should interpret them. If there is pain, "
    "swelling, numbness, fever, a recent injury or surgery, or symptoms that get worse, see a "
    "doctor before testing or training."
)


@dataclass(frozen=True)
class Finding:
    """One measured value and what it means for a screen.

    ``value`` is in ``unit`` (usually ``"deg"``); ``normal_min``/``normal_max`` bound the
    published normal range (None when open), with ``norm_source`` citing it. ``side`` is the
    subject's ``"left"``, ``"right"``, ``"both"`` (asymmetry) or ``""``.
    """

    protocol: str
    metric: str
    side: str
    value: float | None
    unit: str
    severity: str
    confidence: str
    confidence_reason: str
    explanation: str
    normal_min: float | None = None
    normal_max: float | None = None
    norm_source: str = ""
    follow_up: str = ""
    label: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"Expected severity in {SEVERITIES}, but got {self.severity!r}.")
        if self.confidence not in CONFIDENCES:
            raise ValueError(f"Expected confidence in {CONFIDENCES}, but got {self.confidence!r}.")

    @property
    def flagged(self) -> bool:
        """Return True when the finding needs attention (mild or marked)."""
        return self.severity in ("mild", "marked")

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        """Build a finding from :meth:`to_dict` output, checking the keys."""
        if not isinstance(data, dict):
            raise SeriesFormatError(f"Expected a finding object, but got {type(data).__name__}.")
        names = {f.name for f in fields(cls)}
        required = {f.name for f in fields(cls) if f.default is MISSING and f.default_factory is MISSING}
        missing = required - set(data)
        if missing:
            raise SeriesFormatError(f"Expected finding keys {sorted(missing)}, but they are missing.")
        try:
            return cls(**{key: value for key, value in data.items() if key in names})
        except (TypeError, ValueError) as error:
            raise SeriesFormatError(f"Expected a valid finding, but got: {error}") from error


def findings_from_json(text: str) -> list[Finding]:
    """Parse the ``findings`` list of a summary JSON document (or a bare list)."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise SeriesFormatError(f"Expected findings as JSON, but could not parse it: {error}") from error
    items = data.get("findings") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise SeriesFormatError(f"Expected a list of findings, but got {type(items).__name__}.")
    return [Finding.from_dict(item) for item in items]
