"""Plotly figures for the dashboard (the PDF report draws its own with matplotlib)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from screening.model.findings import Finding
from screening.model.results import Rep
from screening.present.colours import BAND_RGB, REP_RGB, side_colour
from screening.present.findings import finding_value
from screening.present.frames import norm_for_column
from screening.present.labels import angle_label
from screening.present.numbers import format_angle, format_range
from screening.present.sides import left_right_pairs

FONT = {"size": 14}
FIXED = {"dragmode": False}  # a finger on a chart scrolls the page on a phone, it does not zoom


def _panel_range(values: np.ndarray, low: float | None, high: float | None) -> list[float]:
    """Return a y range covering the data and the band, with room above for the peak labels."""
    finite = values[np.isfinite(values)]
    points = [*finite.tolist(), *(v for v in (low, high) if v is not None)] or [0.0, 1.0]
    bottom, top = min(points), max(points)
    pad = max(top - bottom, 5.0) * 0.12
    return [bottom - pad, top + 2 * pad]


def angles_figure(angles: pd.DataFrame, columns: Sequence[str], reps: dict[str, list[Rep]],
                  findings: Sequence[Finding] = ()) -> go.Figure:
    """Return key angles over time: one panel per column, reps shaded, peaks marked, normal range as a band.

    Parameters
    ----------
    angles
        Per-frame angles in degrees indexed by time in seconds.
    columns
        Angle columns to plot, one panel each.
    reps
        Reps by angle column (times in s).
    findings
        The analysis' findings; a matching finding's normal range is drawn, else the typical range.
    """
    columns = list(columns)
    bands = [norm_for_column(list(findings), c) for c in columns]
    titles = [angle_label(c) + (f"<br><span style='font-size:12px'>green: {label} "
                                f"{format_range(low if low is not None else 0.0, high, 'deg')}</span>"
                                if high is not None else "")
              for c, (low, high, label) in zip(columns, bands, strict=True)]
    figure = make_subplots(rows=max(len(columns), 1), cols=1, shared_xaxes=True, vertical_spacing=0.1,
                           subplot_titles=titles)
    time_s = angles.index.to_numpy(dtype=float)
    for row, (column, (low, high, _)) in enumerate(zip(columns, bands, strict=True), start=1):
        values = angles[column].to_numpy(dtype=float)
        # the curve first: plotly skips shapes on subplots that have no trace yet
        figure.add_trace(go.Scatter(x=time_s, y=values, mode="lines", name=angle_label(column),
                                    line={"color": side_colour(column), "width": 2.5},
                                    hovertemplate="%{x:.2f} s: %{y:.1f}°<extra></extra>"), row=row, col=1)
        if high is not None:
            figure.add_hrect(y0=low if low is not None else 0.0, y1=high, fillcolor=BAND_RGB, opacity=0.18,
                             line_width=0, layer="below", row=row, col=1)
        for rep in reps.get(column, []):
            figure.add_vrect(x0=rep.start_s, x1=rep.end_s, fillcolor=REP_RGB, opacity=0.16, line_width=0,
                             layer="below", row=row, col=1)
        peaks = [r for r in reps.get(column, []) if np.isfinite(r.peak_deg)]  # a peak off the curve is not drawn
        if peaks:
            figure.add_trace(go.Scatter(
                x=[r.peak_s for r in peaks], y=[r.peak_deg for r in peaks], mode="markers+text", cliponaxis=False,
                marker={"symbol": "triangle-down", "size": 12, "color": "black"},
                text=[format_angle(r.peak_deg) for r in peaks], textposition="top center", name="rep peak",
                hovertemplate="peak at %{x:.2f} s: %{y:.1f}°<extra></extra>"), row=row, col=1)
        figure.update_yaxes(title_text="angle (°)", range=_panel_range(values, low, high), row=row, col=1)
    figure.update_xaxes(title_text="time (s) · grey: reps, ▼ peak", row=len(columns), col=1)
    figure.update_layout(height=230 * max(len(columns), 1) + 70, margin={"l": 50, "r": 10, "t": 50, "b": 50},
                         font=FONT, showlegend=False, hovermode="x unified", **FIXED)
    figure.update_annotations(font_size=14, x=0, xanchor="left")
    return figure


def left_right_figure(findings: Sequence[Finding]) -> go.Figure | None:
    """Return horizontal bars of the left and right value of each metric measured on both sides, in degrees.

    The pairs are :func:`screening.present.sides.left_right_pairs` (the PDF's too); each bar is
    labelled with the finding's value as its card shows it, and the published normal range of
    each metric is drawn as a green band behind its bars (None when no metric has both sides).
    """
    pairs = left_right_pairs(findings)
    if not pairs:
        return None
    names = [pair.name for pair in pairs]
    figure = go.Figure()
    for side in ("left", "right"):
        measured = [pair.finding(side) for pair in pairs]
        figure.add_trace(go.Bar(
            y=names, x=[f.value for f in measured], orientation="h", name=side, marker_color=side_colour(side),
            text=[finding_value(f) for f in measured], textposition="outside",
            hovertemplate=f"{side}: %{{x:.1f}}°<extra></extra>"))
    for row, pair in enumerate(pairs):
        low, high = pair.normal_range
        if low is None and high is None:
            continue
        low = low if low is not None else 0.0
        high = high if high is not None else low
        figure.add_shape(type="rect", x0=low, x1=high, y0=row - 0.45, y1=row + 0.45, yref="y", xref="x",
                         fillcolor=BAND_RGB, opacity=0.15, line_width=0, layer="below")
    values = [float(pair.finding(side).value or 0.0) for pair in pairs for side in ("left", "right")]
    limits = [float(v) for pair in pairs for v in pair.normal_range if v is not None]
    top, bottom = max([0.0, *values, *limits]), min([0.0, *values, *limits])
    pad = max(top - bottom, 10.0) * 0.25
    figure.update_layout(barmode="group", height=80 * len(names) + 110, font=FONT, **FIXED,
                         xaxis={"title": "angle (°) — green band: published normal range",
                                "range": [bottom - pad if bottom < 0 else 0.0, top + pad]},
                         yaxis={"autorange": "reversed"}, margin={"l": 20, "r": 20, "t": 20, "b": 50},
                         legend={"orientation": "h", "y": 1.08})
    return figure


def session_labels(rows: pd.DataFrame, numbers: dict[int, int] | None = None) -> list[str]:
    """Return one x label per row: ``"#3 2025-02-01"`` (the athlete's session number and UTC date).

    ``numbers`` maps session ids to the athlete's own session numbers (1, 2, …); without it the
    ids are shown; without a ``session_id`` column, the date alone.
    """
    dates = pd.to_datetime(rows["recorded_at"]).dt.strftime("%Y-%m-%d")
    if "session_id" not in rows:
        return list(dates)
    numbers = numbers or {}
    return [f"#{numbers.get(int(sid), sid)} {date}" for sid, date in zip(rows["session_id"], dates, strict=True)]


def trend_figure(trends: pd.DataFrame, metric: str, unit: str = "deg", numbers: dict[int, int] | None = None
                 ) -> go.Figure:
    """Return one metric's value per session and side, with its typical error as error bars.

    ``trends`` has the columns of ``Store.trends``: recorded_at, metric, side, value,
    typical_error and change_is_real. Sessions where the change is larger than the measurement
    error are drawn as filled diamonds; sessions left out of the trend (wrong view, movement not
    found) as grey crosses, with the reason on hover.
    """
    data = trends[trends["metric"] == metric].sort_values("recorded_at")
    figure = go.Figure()
    symbol = "°" if unit == "deg" else f" {unit}"
    if "in_trend" in data:
        left_out = data[~data["in_trend"].astype(bool)]
        data = data[data["in_trend"].astype(bool)]
        if not left_out.empty:
            figure.add_trace(go.Scatter(
                x=session_labels(left_out), y=left_out["value"].astype(float), mode="markers",
                name="left out", marker={"color": "#9e9e9e", "symbol": "x", "size": 9},
                customdata=left_out["note"],
                hovertemplate=f"%{{x}}: %{{y:.1f}}{symbol}<br>%{{customdata}}<extra></extra>"))
    for side, rows in data.groupby("side", sort=True):
        real = rows["change_is_real"].fillna(False).astype(bool)
        errors = rows["typical_error"].astype(float) if "typical_error" in rows else None
        figure.add_trace(go.Scatter(
            x=session_labels(rows, numbers), y=rows["value"].astype(float), mode="lines+markers",
            name=str(side or "—"), line={"color": side_colour(str(side))},
            marker={"size": [14 if r else 9 for r in real], "symbol": ["diamond" if r else "circle" for r in real]},
            error_y={"type": "data", "array": errors, "visible": errors is not None},
            hovertemplate=f"%{{x}}: %{{y:.1f}}{symbol}<extra>{side}</extra>"))
    figure.update_layout(height=300, font=FONT, margin={"l": 50, "r": 10, "t": 30, "b": 40}, **FIXED,
                         yaxis={"title": f"value ({symbol.strip() or unit})"},
                         xaxis={"title": "session", "type": "category", "categoryorder": "trace"},
                         legend={"orientation": "h", "y": 1.12})
    return figure
