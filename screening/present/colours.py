"""The colours shared by the annotated video, the PDF's charts and the dashboard's plots."""

from __future__ import annotations

LEFT_RGB = "#2890ff"  # the subject's left, as on the annotated video
RIGHT_RGB = "#ff8c28"  # the subject's right
OTHER_RGB = "#555555"  # neither side (trunk, pelvis)
BAND_RGB = "#2e9e57"  # a normal or typical range
REP_RGB = "#8a8a8a"  # a repetition's band


def side_colour(side_or_column: str) -> str:
    """Return the colour of the subject's left (blue), right (orange) or neither (grey)."""
    if side_or_column.endswith("left"):
        return LEFT_RGB
    if side_or_column.endswith("right"):
        return RIGHT_RGB
    return OTHER_RGB
