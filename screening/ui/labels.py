"""Moved to :mod:`screening.present.labels` and :mod:`screening.present.numbers` (the presentation layer).

Kept as a re-export so code written against the old place still imports; new code imports
``screening.present``.
"""

from screening.present.labels import ANGLE_NAMES, SIDES, angle_label, angle_name, plural, readable, split_side
from screening.present.numbers import finding_style, number, stated_value

__all__ = ["ANGLE_NAMES", "SIDES", "angle_label", "angle_name", "finding_style", "number", "plural", "readable",
           "split_side", "stated_value"]
