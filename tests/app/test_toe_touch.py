"""The sixth screen on the dashboard: both rendered toe-touch clips uploaded, analysed with real MediaPipe.

``test_videos/toe_touch_side.mp4`` (left side, 2 forward bends, fingertips 9.8 % of height above the
floor) and ``toe_touch_front.mp4`` (facing, the trunk shifting to the right); see their ``.json`` truth.
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from screening.protocols.base import get_protocol
from tests.app.test_issue14 import VIDEOS, all_text, upload_files
from tests.app.test_page import finish


def test_toe_touch_screen_runs_on_the_dashboard(app: AppTest) -> None:
    spec = get_protocol("toe_touch").spec
    app.selectbox(key="protocol").select("toe_touch").run()
    assert spec.setup in all_text(app)
    finish(upload_files(app, VIDEOS / "toe_touch_side.mp4", VIDEOS / "toe_touch_front.mp4"))
    assert not app.error, [e.value for e in app.error]
    assert [h.value for h in app.header] == [f"Results: {spec.title}"]
    page = all_text(app)
    for label in ("Forward bend (trunk to thigh) (left)", "Fingertip to floor (% of height) (left)",
                  "Knee bend during the forward bend (left)", "Sideways shift in the forward bend"):
        assert label in page, label
    table = app.table[0].value
    assert {"Forward bend (trunk to thigh) (left)", "Fingertip to floor (% of height) (left)"} <= set(table["Measure"])
