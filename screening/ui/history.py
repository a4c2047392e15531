"""The History tab's tables in words: the athlete's own session numbers, and changes between sessions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from screening.present.labels import angle_name, readable
from screening.present.numbers import format_value
from screening.protocols.base import get_protocol


def session_numbers(sessions: Sequence[Any]) -> dict[int, int]:
    """Return the athlete's own number (1 = first, by time) of each session id.

    ``sessions`` are one athlete's session records (``.id``), oldest first as ``Store.list_sessions``
    returns them; the store's ids count over all athletes and are never shown.
    """
    return {int(session.id): number for number, session in enumerate(sessions, start=1)}


def protocol_title(name: str | None) -> str:
    """Return a protocol's title, e.g. ``"Overhead reach (shoulder flexion)"`` (``"–"`` when none)."""
    if not name:
        return "–"
    try:
        return get_protocol(name).spec.title
    except Exception:  # a protocol removed since the session was saved
        return name.replace("_", " ").capitalize()


def sessions_table(sessions: Sequence[Any]) -> pd.DataFrame:
    """Return one row per session: the athlete's session number, date, protocol, findings and clips."""
    numbers = session_numbers(sessions)
    return pd.DataFrame([{
        "Session": numbers[int(s.id)], "Recorded (UTC)": s.recorded_at.strftime("%Y-%m-%d %H:%M"),
        "Screen": protocol_title(s.protocol), "Flagged": f"{s.flagged_count} of {s.finding_count}",
        "Clips": ", ".join(c.source_name for c in s.clips)} for s in sessions],
        columns=["Session", "Recorded (UTC)", "Screen", "Flagged", "Clips"])


def metric_title(trends: pd.DataFrame, metric: str) -> str:
    """Return a metric's name for a trend chart: its finding label without the side (``"Shoulder flexion"``)."""
    labels = trends.loc[trends["metric"] == metric, "label"].dropna().astype(str) if "label" in trends else []
    for label in labels:
        if label.strip():
            return readable(label.split(" (")[0])
    return angle_name(metric)


def _signed(value: float | None, unit: str) -> str:
    return format_value(None if value is None else float(value), unit, signed=True)


def changes_table(trends: pd.DataFrame, numbers: dict[int, int]) -> pd.DataFrame:
    """Return the changes between sessions in words: session, measure, side, value, changes and the note."""
    columns = ["Session", "Measure", "Side", "Value", "Change vs previous", "Change vs first",
               "Beyond the measurement error?"]
    rows = []
    for row in trends.itertuples(index=False):
        unit = str(row.unit or "")
        label = readable(str(row.label)) if getattr(row, "label", "") else angle_name(str(row.metric))
        rows.append({
            "Session": numbers.get(int(row.session_id), int(row.session_id)),
            "Measure": label,
            "Side": row.side or "–",
            "Value": format_value(float(row.value), unit),
            "Change vs previous": _signed(row.change_vs_previous, unit),
            "Change vs first": _signed(row.change_vs_baseline, unit),
            "Beyond the measurement error?": "yes" if bool(row.change_is_real) else "no",
        })
    return pd.DataFrame(rows, columns=columns)
