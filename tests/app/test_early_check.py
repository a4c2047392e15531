"""An uploaded clip filmed from the wrong view is refused on its first seconds, with the live capture's advice."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_issue14 import all_text, upload_files
from tests.app.test_page import finish
from tests.unit.source.media import VIDEOS


def test_wrong_view_upload_is_refused_with_turning_advice_and_the_page_keeps_working(app: AppTest) -> None:
    finish(upload_files(app, VIDEOS / "overhead_reach_wrong_view.mp4"))
    errors = [e.value for e in app.error]
    assert any("in the first 3 s of 'overhead_reach_wrong_view.mp4'" in e and "Turn about" in e for e in errors), \
        errors
    assert not [h for h in app.header if h.value.startswith("Results")]
    finish(upload_files(app, VIDEOS / "overhead_reach_side_left.mp4"))  # the next clip is analysed as usual
    assert not app.error and [h for h in app.header if h.value.startswith("Results")]


@pytest.mark.parametrize("clip", ["street_walkers.mp4", "roof_jump_walker.mp4"])
def test_real_footage_grades_nothing_names_the_others_and_the_page_keeps_working(app: AppTest, clip: str) -> None:
    """Real footage of no screen (test_videos/real/) uploaded for the default screen (overhead reach)."""
    finish(upload_files(app, VIDEOS / "real" / clip))
    text = all_text(app)
    errors = [e.value for e in app.error]
    if errors:  # refused on its first seconds: the refusal names the people
        assert any("person was counted in view" in e for e in errors), errors
    else:  # measured and flagged: nothing graded, the others named with the file as the user named it
        assert "Could not be measured" in text and f"Other people in view ({clip})" in text
        for graded in ("Within normal range", "Mildly outside range", "Markedly outside range"):
            assert graded not in text
    finish(upload_files(app, VIDEOS / "overhead_reach_side_left.mp4"))  # the next clip is analysed as usual
    assert not app.error and [h for h in app.header if h.value.startswith("Results")]
