"""Matplotlib figures for the PDF report, returned as PNG bytes (the dashboard draws its own with Plotly).

Figures are made with :class:`matplotlib.figure.Figure` and the Agg canvas, never ``pyplot``,
so they are safe to draw from any thread and leave no global state behind.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from screening.model.findings import Finding
from screening.model.results import Rep
from screening.present.colours import BAND_RGB, LEFT_RGB, REP_RGB, RIGHT_RGB, side_colour
from screening.present.findings import finding_value
from screening.present.frames import norm_for_column
from screening.present.labels import angle_label
from screening.present.numbers import format_angle, format_range, typeset
from screening.present.sides import left_right_pairs

if TYPE_CHECKING:  # matplotlib is imported when a chart is drawn, not with the dashboard's first page
    from matplotlib.figure import Figure

DPI = 200
MAX_PANELS = 4


def font_path(bold: bool = False, italic: bool = False, mono: bool = False) -> Path:
    """Return the path of a DejaVu TTF font shipped with matplotlib (full Unicode: °, –, ≥, ±).

    Parameters
    ----------
    bold, italic, mono
        Which face to return; ``mono`` ignores ``italic``.

    Returns
    -------
    pathlib.Path
        The ``.ttf`` file in matplotlib's ``mpl-data/fonts/ttf`` folder.
    """
    family = "DejaVuSansMono" if mono else "DejaVuSans"
    style = "Bold" if bold else ""
    if italic and not mono:
        style += "Oblique"
    import matplotlib

    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return fonts / (f"{family}-{style}.ttf" if style else f"{family}.ttf")


def _png(figure: Figure) -> bytes:
    """Return ``figure`` rendered as PNG bytes at :data:`DPI`."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", facecolor="white")
    return buffer.getvalue()


def angles_over_time_png(angles: pd.DataFrame, columns: Sequence[str], reps: dict[str, list[Rep]],
                         title: str = "", width_in: float = 7.0, findings: Sequence[Finding] = ()) -> bytes | None:
    """Return a PNG of key angles over time: one panel per angle, reps shaded, the normal range as a band.

    Parameters
    ----------
    angles
        Per-frame angles in degrees, indexed by time in seconds (``ClipAnalysis.angles``).
    columns
        Angle columns to plot; those without any finite value are skipped (at most
        :data:`MAX_PANELS` panels).
    reps
        Reps by angle column (times in s); each rep is shaded and its peak marked.
    title
        Figure title, e.g. the clip name.
    width_in
        Figure width in inches.
    findings
        The analysis' findings: a matching finding's published normal range is drawn, else the
        angle's typical range (:func:`screening.present.frames.norm_for_column`, as on the dashboard).

    Returns
    -------
    bytes or None
        PNG bytes, or None when there is nothing to plot (no finite values, or a single frame).
    """
    present = [c for c in columns if c in angles and np.isfinite(angles[c].to_numpy(dtype=float)).any()]
    present = present[:MAX_PANELS]
    if not present or len(angles.index) < 2:
        return None
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_in, 1.55 * len(present) + 0.5))
    axes = figure.subplots(len(present), 1, sharex=True, squeeze=False)[:, 0]
    time_s = angles.index.to_numpy(dtype=float)
    for ax, column in zip(axes, present, strict=True):
        values = angles[column].to_numpy(dtype=float)
        low, high, band = norm_for_column(findings, column)
        if high is not None:
            low = low if low is not None else 0.0
            ax.axhspan(low, high, color=BAND_RGB, alpha=0.10, lw=0,
                       label=typeset(f"{band} {format_range(low, high, 'deg')}"))
        for rep in reps.get(column, []):
            ax.axvspan(rep.start_s, rep.end_s, color=REP_RGB, alpha=0.16, lw=0)
            if not np.isfinite(rep.peak_deg):  # the curve has no value there: no peak to mark
                continue
            ax.plot([rep.peak_s], [rep.peak_deg], marker="v", color="black", ms=5, zorder=4)
            ax.annotate(typeset(format_angle(rep.peak_deg)), (rep.peak_s, rep.peak_deg), textcoords="offset points",
                        xytext=(0, 5), ha="center", fontsize=7)
        ax.plot(time_s, values, color=side_colour(column), lw=1.6, zorder=3)
        ax.set_ylabel("angle (°)", fontsize=8)
        ax.set_title(angle_label(column), fontsize=9, loc="left")
        ax.tick_params(labelsize=7)
        ax.grid(True, lw=0.4, alpha=0.5)
        ax.margins(x=0.01, y=0.18)
        if high is not None:
            ax.legend(loc="upper right", fontsize=6.5, frameon=False)
    axes[-1].set_xlabel("time (s)   —   grey bands: detected repetitions, ▼ peak", fontsize=8)
    if title:
        figure.suptitle(title, fontsize=10, x=0.01, ha="left")
    figure.tight_layout()
    return _png(figure)


def left_right_png(findings: Sequence[Finding], width_in: float = 7.0) -> bytes | None:
    """Return a PNG of horizontal bars comparing the left and right value of each metric measured on both sides.

    Parameters
    ----------
    findings
        All findings; the pairs are :func:`screening.present.sides.left_right_pairs` (the dashboard's
        too). Each bar is labelled with the finding's value as in the findings table; the published
        normal range of each metric is drawn as a green band behind its bars.
    width_in
        Figure width in inches.

    Returns
    -------
    bytes or None
        PNG bytes, or None when no metric was measured on both sides.
    """
    pairs = left_right_pairs(findings)
    if not pairs:
        return None
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_in, 0.75 * len(pairs) + 1.0))
    ax = figure.subplots()
    top = max(abs(float(pair.finding(side).value or 0.0)) for pair in pairs for side in ("left", "right"))
    for row, pair in enumerate(pairs):
        low, high = pair.normal_range
        low = low if low is not None else 0.0
        high = high if high is not None else max(top, low) * 1.1
        ax.fill_between([low, high], row - 0.42, row + 0.42, color=BAND_RGB, alpha=0.13, lw=0)
        for offset, side, colour in ((-0.18, "left", LEFT_RGB), (0.18, "right", RIGHT_RGB)):
            measured = pair.finding(side)
            value = float(measured.value or 0.0)
            ax.barh(row + offset, value, height=0.34, color=colour, label=side)
            ax.text(value, row + offset, f" {typeset(finding_value(measured))}", va="center", fontsize=7.5)
    ax.set_yticks(range(len(pairs)), [pair.name for pair in pairs], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("angle (°)   —   green band: published normal range", fontsize=8)
    ax.tick_params(axis="x", labelsize=7)
    ax.set_xlim(min(0.0, ax.get_xlim()[0]), max(top * 1.15, 10.0))
    ax.grid(True, axis="x", lw=0.4, alpha=0.5)
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    if unique:
        ax.legend(unique.values(), unique.keys(), fontsize=7, loc="lower right", frameon=False)
    ax.set_title("Left / right comparison", fontsize=10, loc="left")
    figure.tight_layout()
    return _png(figure)
