"""The Streamlit-free helpers behind the dashboard: safe upload names, cache keys, progress, figures."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from screening.config import load_settings
from screening.errors import InputFileError
from screening.model.findings import Finding
from screening.model.profile import AthleteProfile
from screening.model.results import Rep
from screening.present.findings import norm_text
from screening.present.numbers import format_value
from screening.ui.figures import angles_figure, left_right_figure, trend_figure
from screening.ui.jobs import AnalysisJob, Progress
from screening.ui.present import findings_table
from screening.ui.uploads import analysis_key, safe_suffix, write_upload


@pytest.mark.parametrize(("name", "suffix"), [("clip.MP4", ".mp4"), ("../../x.mp4", ".mp4"),
                                              ("..\\..\\evil.mov", ".mov"), ("/etc/passwd.jpg", ".jpg")])
def test_safe_suffix_keeps_only_a_supported_suffix(name: str, suffix: str) -> None:
    assert safe_suffix(name) == suffix


@pytest.mark.parametrize("name", ["run.sh", "noext", "clip.mp4.exe", "../"])
def test_safe_suffix_refuses_other_types(name: str) -> None:
    with pytest.raises(InputFileError, match="Expected a video or photo"):
        safe_suffix(name)


def test_write_upload_uses_a_generated_name_inside_the_folder(tmp_path: Path) -> None:
    path = write_upload(b"data", "../../../tmp/evil name;rm.mp4", tmp_path, index=2)
    assert path.parent == tmp_path
    assert path.name == "evil_name_rm.mp4"  # no "3_" prefix: the name is shown in results and reports
    assert write_upload(b"data", "..\\..\\%%%.mp4", tmp_path).name == "clip.mp4"
    assert write_upload(b"other", "evil name;rm.mp4", tmp_path, index=4).name == "evil_name_rm-5.mp4"
    assert path.read_bytes() == b"data"
    with pytest.raises(InputFileError, match="empty"):
        write_upload(b"", "a.mp4", tmp_path)


def test_analysis_key_changes_with_content_protocol_and_settings() -> None:
    settings = load_settings()
    base = analysis_key([b"abc"], "squat", settings, AthleteProfile(), [""])
    assert base == analysis_key([b"abc"], "squat", settings, AthleteProfile(), [""])
    assert base != analysis_key([b"abd"], "squat", settings, AthleteProfile(), [""])
    assert base != analysis_key([b"abc"], "posture", settings, AthleteProfile(), [""])
    assert base != analysis_key([b"abc"], "squat", load_settings(cutoff_hz=4.0), AthleteProfile(), [""])
    assert base != analysis_key([b"abc"], "squat", settings, AthleteProfile(), ["left"])


def test_progress_fraction_and_time_left() -> None:
    progress = Progress(clip_index=1, n_clips=2, frames_done=50, frames_total=100, elapsed_s=30.0, stage="pose")
    assert progress.fraction == pytest.approx(0.75)
    assert progress.remaining_s == pytest.approx(10.0)
    assert progress.describe() == "Clip 2 of 2 · frame 50 of 100 · about 10 s left"


def test_job_can_be_cancelled() -> None:
    def work(on_progress, should_stop, set_stage):
        for frame in range(1000):
            if should_stop():
                raise RuntimeError("stopped")
            on_progress(0, frame, 1000)
            time.sleep(0.01)
        return "finished"

    job = AnalysisJob(work).start()
    time.sleep(0.1)
    job.cancel()
    assert job.wait(5.0)
    assert isinstance(job.error, RuntimeError) and job.result is None


def finding(side: str, value: float) -> Finding:
    return Finding("overhead_reach", "shoulder_flexion", side, value, "deg", "normal", "high", "ok", "x",
                   normal_min=160.0, normal_max=180.0, label=f"Shoulder flexion ({side})")


def test_value_and_norm_are_written_with_units() -> None:
    assert format_value(169.9, "deg") == "170°"
    assert format_value(4.46, "deg", signed=True) == "+4.5°"
    assert format_value(None, "deg") == "–"
    assert norm_text(finding("left", 170.0)) == "normal 160–180°"
    table = findings_table([finding("left", 170.0)])
    assert table.loc[0, "Value"] == "170°" and table.loc[0, "Normal range"] == "160–180°"  # the PDF's cell


def test_angle_figure_shades_reps_marks_peaks_and_draws_the_band() -> None:
    time_s = np.linspace(0, 4, 121)
    angles = pd.DataFrame({"shoulder_flexion_left": 85 - 85 * np.cos(np.pi * time_s)}, index=time_s)
    reps = {"shoulder_flexion_left": [Rep(0, 0.2, 1.0, 1.8, 170.0), Rep(1, 2.2, 3.0, 3.8, 170.0)]}
    figure = angles_figure(angles, ["shoulder_flexion_left"], reps, [finding("left", 170.0)])
    shapes = figure.layout.shapes
    assert sum(s.type == "rect" and s.xref.endswith("domain") for s in shapes) == 1  # the normal band
    assert sum(s.type == "rect" and s.yref.endswith("domain") for s in shapes) == 2  # two reps
    peaks = [t for t in figure.data if t.name == "rep peak"][0]
    assert list(peaks.text) == ["170°", "170°"]
    assert "normal range 160–180°" in figure.layout.annotations[0].text


def test_left_right_and_trend_figures() -> None:
    figure = left_right_figure([finding("left", 170.0), finding("right", 150.0)])
    assert figure is not None and [t.name for t in figure.data] == ["left", "right"]
    assert left_right_figure([]) is None
    trends = pd.DataFrame({"recorded_at": pd.to_datetime(["2025-01-01", "2025-02-01"]), "metric": ["m", "m"],
                           "side": ["left", "left"], "value": [150.0, 165.0], "unit": ["deg", "deg"],
                           "typical_error": [3.0, 3.0], "change_is_real": [False, True]})
    assert len(trend_figure(trends, "m").data) == 1


def test_every_angle_has_a_readable_name() -> None:
    from screening.kinematics.angles import ANGLE_BY_COLUMN
    from screening.present.labels import angle_label

    for column in ANGLE_BY_COLUMN:
        label = angle_label(column)
        assert "_" not in label and "corrected" not in label.lower() and "fppa" not in label.lower(), label
    assert angle_label("shoulder_flexion_corrected_left") == "Shoulder flexion (left)"
    assert angle_label("knee_fppa_right") == "Knee valgus angle (right)"


def test_readable_names_angles_but_leaves_file_names_as_the_user_named_them() -> None:
    from screening.present.labels import readable

    assert readable("knee_fppa_left peaked") == "Knee valgus angle (left) peaked"
    assert readable("Other people in view (street_walkers.mp4)") == "Other people in view (street_walkers.mp4)"
    assert readable("'squat_left.MOV': trunk_inclination") == "'squat_left.MOV': Trunk forward lean"


def test_live_and_video_readouts_use_names_and_never_minus_zero() -> None:
    from screening.report.annotate import readout_lines
    from screening.ui.live import LiveStatus

    status = LiveStatus(33, {"shoulder_flexion_corrected_left": 120.4, "trunk_inclination": -0.3})
    assert status.describe() == "landmarks: 33 · Shoulder flexion (left): 120° · Trunk forward lean: 0°"
    lines = readout_lines({"trunk_inclination": -0.2, "knee_fppa_left": 3.6}, ("trunk_inclination", "knee_fppa_left"))
    assert lines == ["Trunk forward lean: 0 deg", "Knee valgus angle (left): 4 deg"]


def test_key_frame_degrees_round_like_the_cards() -> None:
    from screening.report.keyframes import format_deg

    # 19.96 reads "20.0°" as in the protocols' explanation texts (abs < 20: one decimal), not "20°"
    assert [format_deg(v) for v in (145.4, 2.2, -0.6, -0.04, 19.96)] == ["145°", "2.2°", "−0.6°", "0.0°", "20.0°"]


def test_history_tables_number_sessions_per_athlete_in_words() -> None:
    import datetime as dt
    from types import SimpleNamespace

    from screening.store.trends import trend_table
    from screening.ui.history import changes_table, session_numbers, sessions_table

    when = [dt.datetime(2025, 1, day, 9, 0, tzinfo=dt.UTC) for day in (3, 10)]
    clips = [SimpleNamespace(source_name="left.mp4")]
    sessions = [SimpleNamespace(id=sid, recorded_at=at, protocol="overhead_reach", finding_count=3, flagged_count=1,
                                clips=clips) for sid, at in zip((7, 12), when, strict=True)]
    numbers = session_numbers(sessions)
    assert numbers == {7: 1, 12: 2}  # the store's ids (7, 12) count over all athletes
    assert list(sessions_table(sessions)["Session"]) == [1, 2]
    history = pd.DataFrame({"session_id": [7, 12], "recorded_at": pd.to_datetime(when), "protocol": "overhead_reach",
                            "metric": "shoulder_flexion", "side": "left", "value": [150.0, 162.0], "unit": "deg",
                            "severity": "mild", "confidence": "high", "label": "Shoulder flexion (left)"})
    table = changes_table(trend_table(history), numbers)
    assert list(table["Session"]) == [1, 2]
    assert list(table["Measure"]) == ["Shoulder flexion (left)"] * 2
    assert table["Change vs previous"].iloc[1] == "+12°"  # the one rounding rule: whole when whole
    assert list(table["Value"]) == ["150°", "162°"]  # as the card showed them (was "150.0°")
    assert not any("_" in column for column in table.columns)


def test_camera_messages_are_the_apps_own() -> None:
    from screening.ui.browser import camera_message

    assert camera_message(None) == "" and camera_message({"cameras": 1, "secure": True}) == ""
    assert camera_message({"cameras": 0, "secure": True}).startswith("No camera found on this device.")
    assert "secure connection" in camera_message({"cameras": -1, "secure": False})
    assert "does not give the page access" in camera_message({"cameras": -1, "secure": True})
