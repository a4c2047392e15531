"""Pieces of the page drawn the same way wherever they appear: finding cards and the profile fields.

Streamlit is passed in (``ui``: the ``streamlit`` module, or a container such as a column), so
only ``app.py`` imports it and the HTML is testable without a page.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from screening.model.findings import Finding
from screening.model.profile import AthleteProfile
from screening.present.findings import SEVERITY_STYLES, finding_title, finding_value, norm_text, summary_counts
from screening.present.labels import readable

BIRTH_YEARS = (1900, 2030)
HEIGHTS_CM = (40.0, 260.0)
SEXES = ("", "female", "male")


def not_given(value: str) -> str:
    """Return ``value``, or ``"not given"`` for an empty choice."""
    return value or "not given"


def card_html(finding: Finding) -> str:
    """Return the head of a finding's card: title, and the value in its severity colour next to the normal range."""
    style = SEVERITY_STYLES[finding.severity]
    return (f"<div style='border-left:8px solid {style.colour};padding-left:10px'>"
            f"<div style='font-size:1.05rem;font-weight:600'>{html.escape(finding_title(finding))}</div>"
            f"<div style='font-size:1.7rem;font-weight:700;color:{style.colour}'>{html.escape(finding_value(finding))}"
            f"<span style='font-size:0.95rem;font-weight:400;color:#444'>&nbsp;&nbsp;{html.escape(norm_text(finding))}"
            "</span></div></div>")


def severity_badge(severity: str, count: int | None = None) -> str:
    """Return the coloured Markdown badge of a severity: ``:red[:material/error: **Markedly outside range**]``.

    With ``count``, the summary form: ``:red[:material/error: **2** markedly outside range]``.
    """
    style = SEVERITY_STYLES[severity]
    if count is None:
        return f":{style.colour_name}[:material/{style.icon}: **{style.word}**]"
    return f":{style.colour_name}[:material/{style.icon}: **{count}** {style.word.lower()}]"


def summary_line(findings: Sequence[Finding]) -> str:
    """Return the counts of findings by severity as one Markdown line (severities without findings left out)."""
    return " · ".join(severity_badge(s, n) for s, n in summary_counts(findings).items() if n)


def finding_card(ui: ModuleType | Any, finding: Finding) -> None:
    """Draw one finding: severity colour, value vs norm with units, confidence and why, explanation, follow-up."""
    with ui.container(border=True):
        ui.markdown(card_html(finding), unsafe_allow_html=True)
        ui.markdown(severity_badge(finding.severity))
        ui.write(readable(finding.explanation))
        if finding.follow_up:
            ui.markdown(f"**Follow-up:** {finding.follow_up}")
        ui.caption(f"Confidence: {finding.confidence} — {readable(finding.confidence_reason)}"
                   + (f"  \nNorm: {finding.norm_source}" if finding.norm_source else ""))


@dataclass(frozen=True)
class ProfileFields:
    """What the profile fields hold: birth year, sex (``""`` when not given) and height (cm)."""

    birth_year: int | None
    sex: str
    height_cm: float | None

    def profile(self) -> AthleteProfile:
        """Return the profile the norms use."""
        return AthleteProfile(self.birth_year, self.sex, self.height_cm)


def profile_fields(ui: ModuleType | Any, key_prefix: str) -> ProfileFields:
    """Draw the birth year, sex and height fields (the new-athlete form's and the one-off profile's).

    ``key_prefix`` keeps the widgets of the two places apart (``"new"`` and ``"p"``).
    """
    birth_year = ui.number_input("Birth year", min_value=BIRTH_YEARS[0], max_value=BIRTH_YEARS[1], value=None,
                                 step=1, key=f"{key_prefix}_year")
    sex = ui.selectbox("Sex (for norms)", list(SEXES), format_func=not_given, key=f"{key_prefix}_sex")
    height_cm = ui.number_input("Height (cm)", min_value=HEIGHTS_CM[0], max_value=HEIGHTS_CM[1], value=None,
                                step=1.0, key=f"{key_prefix}_height")
    return ProfileFields(int(birth_year) if birth_year else None, str(sex or ""),
                         float(height_cm) if height_cm else None)
