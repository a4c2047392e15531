"""The analyses the dashboard keeps in memory, by content key (most recent last)."""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from screening.ui.session import AnalysisBundle


class AnalysisCache:
    """At most ``max_entries`` analysis bundles by key; the oldest is dropped first. Safe across threads.

    One cache is shared by every browser session of the server (``app.py`` keeps it with
    ``st.cache_resource``), so a second visitor analysing the same clip gets the result at once.
    """

    def __init__(self, max_entries: int = 6) -> None:
        if max_entries < 1:
            raise ValueError(f"Expected at least 1 cached analysis, but got max_entries={max_entries}.")
        self.max_entries = max_entries
        self._bundles: OrderedDict[str, AnalysisBundle] = OrderedDict()
        self._lock = Lock()

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._bundles

    def __len__(self) -> int:
        with self._lock:
            return len(self._bundles)

    def get(self, key: str) -> AnalysisBundle | None:
        """Return the bundle kept under ``key`` (None when there is none)."""
        with self._lock:
            return self._bundles.get(key)

    def remember(self, key: str, bundle: AnalysisBundle) -> None:
        """Keep ``bundle`` under ``key`` as the most recent, dropping the oldest beyond ``max_entries``."""
        with self._lock:
            self._bundles[key] = bundle
            self._bundles.move_to_end(key)
            while len(self._bundles) > self.max_entries:
                self._bundles.popitem(last=False)
