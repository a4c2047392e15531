"""The dashboard's history store, or the one-line reason it is unavailable (the page keeps working without it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from screening.errors import ScreeningError
from screening.ui.history import session_numbers

if TYPE_CHECKING:
    from screening.model.analysis import Analysis
    from screening.store.records import AthleteRecord
    from screening.store.store import Store


@dataclass(frozen=True)
class HistoryAccess:
    """The opened history :class:`~screening.store.store.Store`, or why there is none.

    Exactly one of ``store`` and ``reason`` is set; :meth:`open` never raises.
    """

    store: Store | None = None
    reason: str = ""

    def __post_init__(self) -> None:
        if (self.store is None) == (not self.reason):
            raise ValueError("Expected either a store or the reason it is unavailable, but got "
                             f"store={self.store!r}, reason={self.reason!r}.")

    @classmethod
    def open(cls) -> HistoryAccess:
        """Open the default store (``SCREENING_DB_URL`` / ``SCREENING_DATA_DIR``), or keep why it failed."""
        try:
            from screening.store import open_store
        except ImportError as error:
            return cls(reason=f"The history store is not installed in this version ({error}).")
        try:
            return cls(store=open_store())
        except ScreeningError as error:
            return cls(reason=error.one_line())

    def saver(self, athlete: AthleteRecord | None, keep_video: bool) -> Callable[[Analysis], int] | None:
        """Return a function that saves an analysis as a session of ``athlete`` (None without store or athlete)."""
        store = self.store
        if athlete is None or store is None:
            return None
        athlete_id = athlete.id
        return lambda analysis: store.save_analysis(athlete_id, analysis, keep_video=keep_video)

    def session_number(self, athlete_id: int | None, session_id: int | None) -> int | None:
        """Return the athlete's own number (1, 2, …) of a saved session (None when unknown or unreadable)."""
        if self.store is None or athlete_id is None or session_id is None:
            return None
        try:
            return session_numbers(self.store.list_sessions(athlete_id)).get(session_id)
        except ScreeningError:
            return None
