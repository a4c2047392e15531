"""Movement screening: video → body landmarks → joint angles → range-of-motion findings.

The tool measures and flags; it never diagnoses.
"""

from __future__ import annotations

__version__ = "0.1.0"
