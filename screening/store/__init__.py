"""Athlete and session history in a database (SQLite by default, PostgreSQL by URL).

>>> store = open_store()                              # doctest: +SKIP
>>> athlete = store.get_or_create_athlete("A-017", sport="football")  # doctest: +SKIP
>>> store.save_analysis(athlete.id, analysis)         # doctest: +SKIP
>>> store.trends(athlete.id)                          # doctest: +SKIP

See ``docs/store.md``.
"""

from __future__ import annotations

from screening.store.records import AthleteRecord, ClipRecord, SessionRecord
from screening.store.store import Store, open_store, save_analysis_for

__all__ = ["AthleteRecord", "ClipRecord", "SessionRecord", "Store", "open_store", "save_analysis_for"]
