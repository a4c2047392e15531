"""The dashboard bugs of issue #14, each driven through the page with AppTest and real MediaPipe."""

from __future__ import annotations

import base64
import io
import json
import re
import zipfile
from pathlib import Path

import numpy as np
import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from screening.kinematics.angles import ANGLE_BY_COLUMN
from screening.report.charts import REP_RGB
from screening.store import open_store
from tests.app.test_page import finish, new_athlete, texts

ROOT = Path(__file__).resolve().parents[2]
VIDEOS = ROOT / "test_videos"
SNAKE = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")


def upload_files(at: AppTest, *paths: Path) -> AppTest:
    """Put files in the multi-file uploader (whatever its key this round) and press Analyse."""
    source = at.radio(key="source")
    source.set_value(next(o for o in source.options if o.startswith("Upload"))).run()
    uploader = next(u for u in at.file_uploader if u.accept_multiple_files)
    uploader.set_value([(p.name, p.read_bytes(), "application/octet-stream") for p in paths]).run()
    at.button(key="run_upload").click().run()
    return at


def array(value: list | dict) -> np.ndarray:
    """Return a plotly JSON array as numbers (plotly ≥ 6 sends numpy arrays as base64 ``bdata``)."""
    if isinstance(value, dict):
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).astype(float)
    return np.asarray(value, dtype=float)


def charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def all_text(at: AppTest) -> str:
    parts = [texts(at)] + [e.value for e in [*at.success, *at.info, *at.warning, *at.error, *at.subheader]]
    parts += [d.value.to_csv() for d in at.table]
    return "\n".join(parts)


def test_export_zip_then_delete_does_not_crash(app: AppTest, data_dir: Path) -> None:
    new_athlete(app, "Export Athlete")
    finish(app.button(key="run_sample").click().run())
    app.button(key="export").click().run()
    assert not app.exception, [e.value for e in app.exception]  # was StreamlitWidgetAlreadyInstantiatedError
    athlete_id, data = app.session_state["export_zip"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert any(n.endswith(".json") for n in names), names
    assert any(b.label == "Delete permanently" for b in app.button)  # the delete box stays
    app.text_input(key="delete_confirm").input("Export Athlete").run()
    app.button(key="delete").click().run()
    assert not app.exception
    with open_store(data_dir=data_dir) as store:
        assert store.find_athlete("Export Athlete") is None


def test_history_tab_works_while_an_analysis_runs(app: AppTest) -> None:
    new_athlete(app, "Busy Athlete")
    app.button(key="run_sample").click().run()
    assert "job" in app.session_state  # the page run ended although the analysis still runs
    assert any(h.value == "History: Busy Athlete" for h in app.header)
    assert not app.button(key="export").disabled
    app.button(key="export").click().run()  # export works meanwhile
    assert not app.exception
    assert "export_zip" in app.session_state
    finish(app)
    assert any("Saved to Busy Athlete's history" in s.value for s in app.success)


def test_new_upload_is_analysed_alone(app: AppTest) -> None:
    finish(upload_files(app, VIDEOS / "overhead_reach_side_left.mp4"))
    uploader = next(u for u in app.file_uploader if u.accept_multiple_files)
    assert not uploader.value  # emptied for the next upload
    finish(upload_files(app, VIDEOS / "overhead_reach_side_right.mp4"))
    assert not app.error, [e.value for e in app.error]
    page = texts(app)
    assert "Clip 1: overhead_reach_side_right.mp4" in page  # no "1_" prefix on the name
    assert "Clip 2" not in page and "overhead_reach_side_left.mp4" not in page
    assert "1 clip(s)" in page


def test_same_clip_again_saves_a_new_session_numbered_per_athlete(app: AppTest, data_dir: Path) -> None:
    new_athlete(app, "First Athlete")
    finish(app.button(key="run_sample").click().run())
    new_athlete(app, "Second Athlete")
    finish(app.button(key="run_sample").click().run())
    assert any("Saved to Second Athlete's history (session 1)" in s.value for s in app.success)
    finish(app.button(key="run_sample").click().run())  # the same clip again
    assert any("Saved to Second Athlete's history (session 2)" in s.value for s in app.success)
    with open_store(data_dir=data_dir) as store:
        athlete = store.find_athlete("Second Athlete")
        assert len(store.list_sessions(athlete.id)) == 2
    sessions = next(d.value for d in app.table if "Session" in d.value)
    assert list(sessions["Session"]) == [1, 2]


def test_posture_photos_are_pictures_with_their_own_view_values(app: AppTest) -> None:
    app.selectbox(key="protocol").select("posture").run()
    finish(upload_files(app, VIDEOS / "posture_front.jpg", VIDEOS / "posture_side.jpg"))
    assert not app.error, [e.value for e in app.error]
    assert len(app.get("video")) == 0  # no empty 0:00 players
    assert len(app.get("image")) >= 2
    tables = [d.value for d in app.table if "Angle" in d.value]
    assert len(tables) == 2
    front, side = (set(t["Angle"]) for t in tables)
    assert "Shoulder height difference" in front and "Pelvic obliquity" in front
    assert not {"Shoulder height difference", "Pelvic obliquity", "Trunk side lean"} & side
    assert "Forward head" in side
    page = all_text(app)
    assert "1 reps" not in page
    for chart in charts(app):  # the left/right comparison shows its (negative) knee values
        if chart["data"] and chart["data"][0].get("type") == "bar":
            values = [v for trace in chart["data"] for v in trace["x"] if v is not None]
            low, high = chart["layout"]["xaxis"]["range"]
            assert values and all(low < v < high for v in values), (values, low, high)


@pytest.mark.parametrize(("protocol", "clip"), [("squat", "squat_side.mp4"),
                                               ("single_leg_squat", "single_leg_squat_front_left.mp4")])
def test_plots_have_rep_bands_and_peaks_on_the_curve_and_readable_names(app: AppTest, protocol: str,
                                                                        clip: str) -> None:
    app.selectbox(key="protocol").select(protocol).run()
    finish(upload_files(app, VIDEOS / clip))
    assert not app.error, [e.value for e in app.error]
    angle_charts = [c for c in charts(app) if len(c["data"]) > 1 and c["data"][0].get("mode") == "lines"]
    assert angle_charts
    chart = angle_charts[0]
    bands = [s for s in chart["layout"].get("shapes", []) if s.get("type") == "rect" and s.get("fillcolor") == REP_RGB
             and not str(s.get("xref", "")).endswith("domain")]
    assert len(bands) >= 3  # three squats
    peaks = [t for t in chart["data"] if t.get("name") == "rep peak"]
    assert peaks and sum(len(array(t["x"])) for t in peaks) >= 3
    curves = [t for t in chart["data"] if t.get("mode") == "lines"]
    for curve, marks in zip(curves, peaks, strict=False):  # each marker sits on its own panel's curve
        if marks.get("yaxis", "y") != curve.get("yaxis", "y"):
            continue
        times, values = array(curve["x"]), array(curve["y"])
        for x, y in zip(array(marks["x"]), array(marks["y"]), strict=True):
            at = int(np.argmin(np.abs(times - x)))
            assert abs(values[at] - y) < 0.05, (curve["name"], x, y, values[at])
    cards_match_their_text(app)  # the squat's 98.5 read 98° on the card and 99° in its text
    titles = " ".join(a["text"] for a in chart["layout"]["annotations"])
    assert "fppa" not in titles.lower() and "corrected" not in titles.lower()
    assert not SNAKE.search(re.sub(r"<[^>]+>", "", titles))


CARD = re.compile(r"font-size:1.05rem;font-weight:600'>(?P<title>[^<]+)</div>"
                  r".*?font-weight:700;[^>]*>(?P<value>[^<]+)<")


def test_cards_show_readable_names_rounded_as_their_text(app: AppTest) -> None:
    finish(app.button(key="run_sample").click().run())
    page = all_text(app)
    assert "corrected" not in page.lower() and "fppa" not in page.lower()
    cards_match_their_text(app)


def cards_match_their_text(app: AppTest) -> None:
    """Each card's big number is the number its explanation states ("170°" on both, never 98° beside 99°)."""
    cards = [m for m in (CARD.search(md.value) for md in app.markdown) if m]
    assert len(cards) >= 2
    explanations = [md.value for md in app.markdown]
    for card in cards:
        text = next(e for e in explanations if e.startswith(f"{card['title']}:"))
        assert text.startswith(f"{card['title']}: {card['value']}"), (card["title"], card["value"], text)
    table = next(t.value for t in app.table if "Measure" in t.value)
    assert set(table["Value"]) >= {card["value"] for card in cards}


@pytest.fixture(scope="module")
def reach_analysis():
    from screening.config import load_settings
    from screening.pipeline import analyze

    return analyze([VIDEOS / "overhead_reach_side_left.mp4"], load_settings(), "overhead_reach")


def test_pdf_and_key_frames_use_names_and_the_card_rounding(reach_analysis) -> None:
    from screening.present.frames import angles_at, keyframe_caption, select_keyframes
    from screening.present.numbers import format_angle
    from screening.report.pdf import build_pdf

    pdf = PdfReader(io.BytesIO(build_pdf(reach_analysis, blur_faces=True)))
    text = "\n".join(page.extract_text() for page in pdf.pages).replace("−", "-")
    internal = set(ANGLE_BY_COLUMN) | {f.metric for f in reach_analysis.result.findings}
    internal |= {f"{f.metric}_{f.side}" for f in reach_analysis.result.findings}
    words = set(SNAKE.findall(text)) & internal
    assert not words, words  # e.g. shoulder_flexion_corrected_left
    assert "flexion corrected" not in text.lower()
    flat = text.replace("\n", " ")
    for finding in reach_analysis.result.findings:
        written = re.match(r"[+-]?\d+(?:\.\d+)?°", finding.explanation.removeprefix(f"{finding.label}: "))
        if finding.value is not None and written:
            assert f"{finding.label} — {written.group(0)}" in flat, written.group(0)  # PDF title as its text
    frames = select_keyframes(reach_analysis, limit=8, photos=False)  # the page's key frames, the PDF's too
    assert frames
    for frame in frames:
        drawn = angles_at(reach_analysis, frame)
        caption = keyframe_caption(reach_analysis, frame)
        for column, value in drawn.items():
            assert format_angle(value) in caption, (caption, column, value)  # as drawn at the joint
