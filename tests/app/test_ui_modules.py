"""The pieces moved out of app.py: the typed history access, the analysis cache, finding cards, profile fields."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from screening.model.findings import Finding
from screening.ui.cache import AnalysisCache
from screening.ui.history_access import HistoryAccess
from screening.ui.widgets import card_html, profile_fields, summary_line


def test_history_access_holds_a_store_or_the_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCREENING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SCREENING_DB_URL", raising=False)
    history = HistoryAccess.open()
    assert history.store is not None and history.reason == ""
    athlete = history.store.get_or_create_athlete("Cache Tester")
    assert history.saver(None, keep_video=False) is None
    assert callable(history.saver(athlete, keep_video=False))
    assert history.session_number(athlete.id, 12345) is None  # no such session
    history.store.close()
    monkeypatch.setenv("SCREENING_DB_URL", "nosuchdriver://nowhere/db")
    broken = HistoryAccess.open()
    assert broken.store is None and broken.reason  # the page shows the reason and keeps working
    assert broken.saver(athlete, keep_video=False) is None and broken.session_number(athlete.id, 1) is None
    with pytest.raises(ValueError, match="either a store or the reason"):
        HistoryAccess()


def test_analysis_cache_drops_the_oldest() -> None:
    cache = AnalysisCache(max_entries=2)
    for key in ("a", "b", "a", "c"):  # "a" used again: "b" is now the oldest
        cache.remember(key, SimpleNamespace(key=key))  # type: ignore[arg-type]
    assert "b" not in cache and "a" in cache and "c" in cache and len(cache) == 2
    assert cache.get("a").key == "a" and cache.get("b") is None
    with pytest.raises(ValueError, match="at least 1"):
        AnalysisCache(0)


def test_card_shows_the_value_escaped_and_in_its_severity_colour() -> None:
    finding = Finding("squat", "knee_valgus_fppa", "left", 12.34, "deg", "marked", "high", "good view",
                      "Knee <valgus> (left): 12.3° vs normal ≤ 8°.", normal_max=8.0, label="Knee <valgus> (left)")
    html = card_html(finding)
    assert "Knee &lt;valgus&gt; (left)" in html and ">12.3°<" in html and "normal ≤ 8°" in html
    assert "#c62828" in html  # marked
    assert summary_line([finding, finding]) == ":red[:material/error: **2** markedly outside range]"


class FakeWidgets:
    """Records the fields drawn and answers with the given values (as Streamlit would)."""

    def __init__(self, answers: dict[str, object]) -> None:
        self.answers, self.keys = answers, []

    def number_input(self, label: str, **kwargs: object) -> object:
        self.keys.append(kwargs["key"])
        return self.answers.get(str(kwargs["key"]))

    def selectbox(self, label: str, options: list[str], **kwargs: object) -> object:
        self.keys.append(kwargs["key"])
        return self.answers.get(str(kwargs["key"]), options[0])


def test_profile_fields_are_one_set_of_widgets_with_own_keys() -> None:
    ui = FakeWidgets({"p_year": 1990.0, "p_sex": "female", "p_height": 171.5})
    fields = profile_fields(ui, "p")
    assert ui.keys == ["p_year", "p_sex", "p_height"]
    assert fields.profile() == fields.profile() and fields.birth_year == 1990 and fields.height_cm == 171.5
    empty = profile_fields(FakeWidgets({}), "new")
    assert (empty.birth_year, empty.sex, empty.height_cm) == (None, "", None)

