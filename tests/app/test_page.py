"""The dashboard page, driven by Streamlit's AppTest (no browser).

The analyses run the real MediaPipe model on the bundled clips. An analysis runs in a worker
thread while only the progress fragment re-runs, so each test re-runs the page until it ends.
"""

from __future__ import annotations

import time

from streamlit.testing.v1 import AppTest

from screening.model.findings import DISCLAIMER
from screening.protocols.base import get_protocol
from tests.app.conftest import TIMEOUT_S


def texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [c.value for c in at.code])


def finish(at: AppTest, timeout_s: float = TIMEOUT_S) -> AppTest:
    """Re-run the page until the running analysis has ended (its result or error is then shown)."""
    deadline = time.monotonic() + timeout_s
    while "job" in at.session_state:
        assert time.monotonic() < deadline, "the analysis did not end in time"
        time.sleep(0.5)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def new_athlete(at: AppTest, name: str) -> None:
    at.selectbox(key="athlete_choice").select("➕ New athlete or client…").run()
    at.text_input[0].input(name)
    next(b for b in at.button if b.label == "Create").click().run()
    assert at.session_state["athlete_choice"] == name


def test_page_renders_short_disclaimer_athlete_first_and_sample_button(app: AppTest) -> None:
    assert not app.exception
    assert [t.value for t in app.title] == ["Movement screening"]
    assert [w.value for w in app.warning] == ["**Screening only — not a diagnosis.**"]  # short; the rest folds away
    assert DISCLAIMER in [m.value for m in app.expander[0].markdown]
    assert app.selectbox(key="athlete_choice")  # on the page, not in a sidebar a phone collapses
    assert len(app.sidebar.selectbox) == 0
    assert app.button(key="run_sample").label == "Analyse the sample clip"


def test_protocol_select_shows_setup_and_diagram(app: AppTest) -> None:
    app.selectbox(key="protocol").select("squat").run()
    spec = get_protocol("squat").spec
    assert not app.exception
    assert spec.setup in texts(app)
    assert spec.diagram.strip() in texts(app)


def test_sample_analysis_produces_findings_and_downloads(app: AppTest) -> None:
    finish(app.button(key="run_sample").click().run())
    assert not app.error, [e.value for e in app.error]
    assert [h.value for h in app.header] == ["Results: Overhead reach (shoulder flexion)"]
    page = texts(app)
    assert "Shoulder flexion (left)" in page
    # the synthetic arm reaches 170°; side-view shoulder flexion is within 5° on good views (docs/accuracy.md)
    assert any(f"{value}°" in page for value in range(165, 176))
    assert "Confidence: high" in page
    table = app.table[0].value
    assert "Shoulder flexion (left)" in set(table["Measure"])
    assert any("Screening only" in w.value for w in app.warning)  # still visible with results


def test_changing_a_widget_reuses_the_cached_analysis(app: AppTest) -> None:
    finish(app.button(key="run_sample").click().run())
    key = app.session_state["current"]
    app.selectbox(key="protocol").select("posture").run()  # a widget change: no new inference
    assert "job" not in app.session_state
    assert app.session_state["current"] == key
    app.button(key="run_sample").click().run()  # the same input again, nothing saved: served from the cache
    assert "job" not in app.session_state
    assert app.session_state["current"] == key
    assert [h.value for h in app.header] == ["Results: Overhead reach (shoulder flexion)"]


def test_history_tab_asks_for_an_athlete(app: AppTest) -> None:
    assert any("Choose or create an athlete" in i.value for i in app.info)


def test_create_athlete_save_sample_and_see_history(app: AppTest) -> None:
    new_athlete(app, "Test Athlete 1")
    finish(app.button(key="run_sample").click().run())
    assert not app.error, [e.value for e in app.error]
    assert any("Saved to Test Athlete 1's history" in s.value for s in app.success)
    assert any(h.value == "History: Test Athlete 1" for h in app.header)
    sessions = next(d.value for d in app.table if "Session" in d.value)
    assert list(sessions["Session"]) == [1]
