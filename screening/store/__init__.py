"""Athlete and session history in a database (SQLite by default, PostgreSQL by URL).

>>> store = open_store()                              # doctest: +SKIP
>>> athlete = store.get_or_create_athlete("A-017", sport="football")  # doctest: +SKIP
>>> store.save_analysis(athlete.id, analysis)         # doctest: +SKIP
>>> store.trends(athlete.id)                          # doctest: +SKIP

The names below are imported on first use, so ``import screening.store`` (and the CLI's
``--help``) stays fast. See ``docs/store.md``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from screening.store.records import AthleteRecord, ClipRecord, SessionRecord
    from screening.store.store import Store, open_store, save_analysis_for

_WHERE = {
    "AthleteRecord": "screening.store.records", "ClipRecord": "screening.store.records",
    "SessionRecord": "screening.store.records", "Store": "screening.store.store",
    "open_store": "screening.store.store", "save_analysis_for": "screening.store.store",
}
__all__ = ["AthleteRecord", "ClipRecord", "SessionRecord", "Store", "open_store", "save_analysis_for"]


def __getattr__(name: str) -> Any:
    """Import a public name of the store on first use."""
    if name not in _WHERE:
        raise AttributeError(f"module 'screening.store' has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value
