"""`screening analyze` end to end with real MediaPipe inference on rendered people (test_videos/)."""

from __future__ import annotations

import csv
import json

import av
import pytest

from screening.report.render import render_every
from tests.integration.conftest import VIDEOS, analyze, run_cli


def test_analyze_writes_csv_json_and_browser_playable_h264(analyzed):
    run = analyzed("squat_side.mp4", protocol="squat")
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader((run.out / "angles.csv").open(encoding="utf-8")))
    assert len(rows) == run.summary["clips"][0]["frames"] > 100
    assert {"clip", "time_s", "knee_flexion_left", "shoulder_flexion_right", "knee_fppa_left"} <= set(rows[0])
    summary = run.summary
    assert summary["model"]["name"] == "pose_landmarker_full" and len(summary["model"]["sha256"]) == 64
    assert summary["settings"]["cutoff_hz"] == 6.0 and summary["software_version"]
    assert "not a diagnosis" in summary["disclaimer"]
    video = run.out / "squat_side_annotated.mp4"
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert stream.codec_context.pix_fmt == "yuv420p"
        # drawn at about RENDER_HZ frames a second (every 2nd frame of this 30-fps clip), after the analysis
        assert sum(1 for _ in container.decode(stream)) == len(range(0, len(rows), render_every(30.0)))
    assert (run.out / "squat_side_landmarks.npz").exists()
    assert not list(run.out.glob("*partial*"))


def test_analysis_is_deterministic(analyzed, tmp_path):
    first = analyzed("squat_side.mp4", protocol="squat")
    second = analyze(tmp_path, "squat_side.mp4", protocol="squat")
    assert second.returncode == 0, second.stderr
    assert (first.out / "angles.csv").read_bytes() == (second.out / "angles.csv").read_bytes()


def test_saved_landmarks_rerun_without_inference(analyzed, tmp_path):
    run = analyzed("squat_side.mp4", protocol="squat")
    again = run_cli("analyze", str(run.out / "squat_side_landmarks.npz"), "--protocol", "squat", "--out", str(tmp_path))
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "angles.csv").read_bytes() == (run.out / "angles.csv").read_bytes()


def test_protocols_command_lists_every_screen_with_a_hint():
    done = run_cli("protocols")
    assert done.returncode == 0
    names = [line.split()[0] for line in done.stdout.splitlines()]
    assert names == sorted(["hip_rotation", "overhead_reach", "posture", "single_leg_squat", "squat", "toe_touch"])
    assert all("view" in line or "photo" in line for line in done.stdout.splitlines())


def test_bad_input_one_line_and_non_zero(tmp_path):
    bad = tmp_path / "clip.mp4"
    bad.write_bytes(b"not a video at all")
    done = run_cli("analyze", str(bad), "--out", str(tmp_path / "out"))
    assert done.returncode == 3
    assert done.stderr.strip().count("\n") == 0 and done.stderr.startswith("error: Expected a video")
    assert not (tmp_path / "out" / "summary.json").exists()


def test_no_person_is_a_clear_error(tmp_path):
    done = run_cli("analyze", str(VIDEOS / "no_person.mp4"), "--out", str(tmp_path))
    assert done.returncode == 6 and "Expected a person" in done.stderr
    assert json.loads("[]") == [p.name for p in tmp_path.glob("*.mp4")]


@pytest.mark.parametrize("name", ["nosuch"])
def test_unknown_protocol(name, tmp_path):
    done = run_cli("analyze", str(VIDEOS / "squat_side.mp4"), "--protocol", name, "--out", str(tmp_path))
    assert done.returncode == 2 and "Expected a protocol name" in done.stderr
