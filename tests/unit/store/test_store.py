"""The store on SQLite and PostgreSQL: athletes, saving analyses, history, integrity, privacy."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from store_testkit import AnalysisFactory, finding, snapshot

from screening.errors import StoreError
from screening.io.npz import load_series
from screening.store import Store, open_store
from screening.store import writer as store_writer
from screening.store.migrate import current_revision, head_revision
from screening.store.schema import Base


# -- schema ---------------------------------------------------------------------------------------
def test_open_migrates_an_empty_database_to_head_matching_the_models(store: Store) -> None:
    assert current_revision(store._engine) == head_revision()
    with store._engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_opening_twice_keeps_the_data_and_the_store_id(store: Store, db_url: str, data_dir: Path) -> None:
    store.get_or_create_athlete("A-001")
    with open_store(db_url, data_dir) as again:
        assert [a.name for a in again.list_athletes()] == ["A-001"]
        assert again.files.root == store.files.root


# -- athletes -------------------------------------------------------------------------------------
def test_get_or_create_athlete_matches_names_ignoring_case_and_spaces(store: Store) -> None:
    first = store.get_or_create_athlete("Anna  Berg", birth_year=1998, sex="female", height_cm=168.5,
                                        dominant_side="right", sport="handball", notes="returning from ankle sprain")
    again = store.get_or_create_athlete("  anna berg ", sport="ignored for an existing athlete")

    assert again == first
    assert first.name == "Anna Berg"
    assert (first.birth_year, first.sex, first.height_cm, first.dominant_side, first.sport) == (
        1998, "female", 168.5, "right", "handball")
    assert first.created_at.tzinfo is not None
    assert store.find_athlete("ANNA BERG") == first
    assert store.find_athlete("nobody") is None


@pytest.mark.parametrize(("profile", "expected"), [
    ({"birth_year": 1850}, "birth_year"), ({"height_cm": 400}, "height_cm"), ({"sex": "x"}, "sex"),
    ({"dominant_side": "both"}, "dominant_side"), ({"shoe_size": 42}, "profile keys"),
])
def test_invalid_profiles_are_refused_saying_what_was_expected(store: Store, profile: dict, expected: str) -> None:
    with pytest.raises(StoreError, match=f"Expected {expected}.*but got"):
        store.get_or_create_athlete("A-002", **profile)
    assert store.list_athletes() == []


def test_update_athlete_changes_only_the_given_fields_and_can_rename(store: Store) -> None:
    athlete = store.get_or_create_athlete("A-003", sport="rowing", height_cm=180.0)
    updated = store.update_athlete(athlete.id, name="Rower 3", notes="left knee surgery 2021")

    assert (updated.name, updated.sport, updated.height_cm, updated.notes) == (
        "Rower 3", "rowing", 180.0, "left knee surgery 2021")
    assert store.find_athlete("rower 3") == updated
    assert store.find_athlete("A-003") is None
    with pytest.raises(StoreError, match="Expected an athlete with id 999"):
        store.update_athlete(999, notes="x")


def test_list_athletes_is_sorted_by_name_with_session_counts(store: Store, make_analysis: AnalysisFactory) -> None:
    zed, amy = store.get_or_create_athlete("zed"), store.get_or_create_athlete("Amy")
    store.save_analysis(zed.id, make_analysis(created_at="2024-01-01T08:00:00+00:00"))
    store.save_analysis(zed.id, make_analysis(created_at="2024-02-01T08:00:00+02:00"))

    listed = store.list_athletes()

    assert [(a.name, a.session_count) for a in listed] == [("Amy", 0), ("zed", 2)]
    assert listed[0].last_session_at is None
    assert listed[1].last_session_at == dt.datetime(2024, 2, 1, 6, 0, tzinfo=dt.UTC)
    assert amy.id != zed.id


def test_require_athlete_lists_the_known_names_when_there_is_no_match(store: Store) -> None:
    athlete = store.get_or_create_athlete("A-004")
    assert store.require_athlete(str(athlete.id)) == athlete
    with pytest.raises(StoreError, match=r"Expected an athlete named 'B-1', but found none \(known: A-004\)"):
        store.require_athlete("B-1")


# -- saving ---------------------------------------------------------------------------------------
def test_save_analysis_stores_session_findings_and_landmark_files(store: Store,
                                                                  make_analysis: AnalysisFactory) -> None:
    findings = [finding("squat_depth_knee_flexion", "left", 95.5, "mild"),
                finding("squat_depth_knee_flexion", "right", 110.0),
                finding("view_check", "", None, "invalid", unit="")]
    analysis = make_analysis(findings, created_at="2024-03-01T11:30:00+01:00", clips=2)
    athlete = store.get_or_create_athlete("A-005")

    session_id = store.save_analysis(athlete.id, analysis)

    [session] = store.list_sessions(athlete.id)
    assert session.id == session_id
    assert session.recorded_at == dt.datetime(2024, 3, 1, 10, 30, tzinfo=dt.UTC)
    assert (session.protocol, session.model_name, session.model_sha256) == ("squat", "pose_landmarker_full", "c" * 64)
    assert session.settings == analysis.settings.fingerprint() | {"model_path": str(analysis.settings.model_path)}
    assert (session.finding_count, session.flagged_count, session.notes) == (3, 1, "")
    assert store.session_findings(session_id) == findings
    assert [c.source_name for c in session.clips] == [c.name for c in analysis.clips]
    for clip, stored in zip(analysis.clips, session.clips, strict=True):
        assert stored.source_sha256 == clip.raw.attrs["source_sha256"]
        assert stored.landmarks_path.is_relative_to(store.data_dir)
        assert stored.video_path is None and stored.annotated_video_path is None
        reloaded = load_series(stored.landmarks_path)
        np.testing.assert_array_equal(reloaded["position"].values, clip.raw["position"].values)
    assert store.session_summary(session_id)["findings"][0]["details"] == {"threshold_note": "test",
                                                                            "reps": [1, 2, 3], "ratio": 0.5}


def test_videos_are_kept_only_when_asked(store: Store, make_analysis: AnalysisFactory) -> None:
    athlete = store.get_or_create_athlete("A-006")
    without = store.save_analysis(athlete.id, make_analysis(with_videos=True))
    kept = store.save_analysis(athlete.id, make_analysis(with_videos=True), keep_video=True)

    sessions = {s.id: s for s in store.list_sessions(athlete.id)}
    assert sessions[without].clips[0].video_path is None
    clip = sessions[kept].clips[0]
    assert clip.video_path is not None and clip.video_path.read_bytes().startswith(b"fake source video")
    assert clip.annotated_video_path is not None
    assert clip.annotated_video_path.read_bytes().startswith(b"fake annotated video")
    assert sorted(store.data_dir.rglob("*.mp4")) == sorted([clip.video_path, clip.annotated_video_path])


def test_save_analysis_for_unknown_athlete_id_is_refused(store: Store, make_analysis: AnalysisFactory) -> None:
    with pytest.raises(StoreError, match="Expected an athlete with id 42"):
        store.save_analysis(42, make_analysis())


# -- integrity ------------------------------------------------------------------------------------
def test_an_error_in_the_middle_of_a_save_leaves_database_and_folder_unchanged(
        store: Store, make_analysis: AnalysisFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    athlete = store.get_or_create_athlete("A-007")
    store.save_analysis(athlete.id, make_analysis(created_at="2024-01-01T00:00:00+00:00"))
    before = snapshot(store)
    reached: list[int] = []

    def crash_after_session_row(db, session_id, findings) -> None:  # noqa: ANN001
        reached.append(session_id)  # the session row is in the transaction at this point
        raise RuntimeError("power cut while writing findings")

    monkeypatch.setattr(store_writer, "insert_findings", crash_after_session_row)
    with pytest.raises(RuntimeError, match="power cut"):
        store.save_analysis(athlete.id, make_analysis(created_at="2024-02-01T00:00:00+00:00", with_videos=True),
                            keep_video=True)

    assert reached, "the injected failure did not run"
    assert snapshot(store) == before
    assert len(store.list_sessions(athlete.id)) == 1


def test_an_error_while_writing_files_leaves_database_and_folder_unchanged(
        store: Store, make_analysis: AnalysisFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    athlete = store.get_or_create_athlete("A-008")
    before = snapshot(store)

    def disk_full(series, path) -> None:  # noqa: ANN001
        Path(path).write_bytes(b"half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_writer, "save_series", disk_full)
    with pytest.raises(OSError, match="No space"):
        store.save_analysis(athlete.id, make_analysis())
    assert snapshot(store) == before


def test_a_failed_file_move_after_commit_removes_the_session_again(
        store: Store, make_analysis: AnalysisFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    athlete = store.get_or_create_athlete("A-009")
    before = snapshot(store)

    def refuse(staged) -> Path:  # noqa: ANN001
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(store.files, "publish", refuse)
    with pytest.raises(StoreError, match="Expected to move the session's files.*not saved"):
        store.save_analysis(athlete.id, make_analysis())
    assert snapshot(store) == before


def test_two_writers_at_once_both_succeed_and_nothing_is_lost(
        db_url: str, data_dir: Path, store: Store, make_analysis: AnalysisFactory) -> None:
    athlete = store.get_or_create_athlete("A-010")
    analyses = [make_analysis([finding(value=float(i))], created_at=f"2024-01-{i + 1:02d}T00:00:00+00:00")
                for i in range(8)]
    errors: list[BaseException] = []

    def write(part: list) -> None:
        try:
            with open_store(db_url, data_dir) as own:  # its own engine and connections, like a second dashboard
                for analysis in part:
                    own.save_analysis(athlete.id, analysis)
                    own.get_or_create_athlete("shared new athlete")
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(analyses[i::2],)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    values = sorted(store.history(athlete.id)["value"])
    assert values == [float(i) for i in range(8)]
    assert [a.name for a in store.list_athletes()] == ["A-010", "shared new athlete"]
    if store.url.get_backend_name() == "sqlite":
        with store._engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


# -- history and trends ---------------------------------------------------------------------------
def test_history_has_one_row_per_finding_in_time_order(store: Store, make_analysis: AnalysisFactory) -> None:
    athlete = store.get_or_create_athlete("A-011")
    later = store.save_analysis(athlete.id, make_analysis([finding(value=120.0)], "2024-05-01T00:00:00+00:00"))
    earlier = store.save_analysis(athlete.id, make_analysis(
        [finding(value=100.0), finding("view_check", "", None, "invalid", unit="")], "2024-04-01T00:00:00+00:00"))

    history = store.history(athlete.id)

    assert list(history.columns[:9]) == ["session_id", "recorded_at", "protocol", "metric", "side", "value", "unit",
                                         "severity", "confidence"]
    assert history["session_id"].tolist() == [earlier, earlier, later]
    assert history["value"].tolist()[0] == 100.0 and np.isnan(history["value"].tolist()[1])
    assert str(history["recorded_at"].dt.tz) == "UTC"


def test_trends_give_changes_vs_previous_and_baseline_with_typical_error_notes(
        store: Store, make_analysis: AnalysisFactory) -> None:
    athlete = store.get_or_create_athlete("A-012")
    for day, value in ((1, 100.0), (2, 103.0), (3, 112.0)):
        store.save_analysis(athlete.id, make_analysis([finding(value=value)], f"2024-06-{day:02d}T09:00:00+00:00"))

    trends = store.trends(athlete.id)

    assert trends["change_vs_previous"].tolist()[1:] == [3.0, 9.0]
    assert trends["change_vs_baseline"].tolist()[1:] == [3.0, 12.0]
    assert trends["typical_error"].tolist() == [5.0, 5.0, 5.0]
    assert trends["change_is_real"].tolist() == [False, False, True]
    assert trends["note"].tolist()[0] == "first session (baseline)"
    assert "within the typical error" in trends["note"].tolist()[1]


def test_an_athlete_without_sessions_has_empty_history_and_trends(store: Store) -> None:
    athlete = store.get_or_create_athlete("A-013")
    assert store.history(athlete.id).empty
    assert store.trends(athlete.id).empty
    assert "change_is_real" in store.trends(athlete.id).columns


# -- privacy --------------------------------------------------------------------------------------
def test_delete_athlete_leaves_no_row_and_no_file_of_theirs(store: Store, make_analysis: AnalysisFactory) -> None:
    secret = "Zebulon-Quixote-Secret"
    gone = store.get_or_create_athlete(secret, notes=f"notes about {secret}")
    kept = store.get_or_create_athlete("Kept Athlete")
    for _ in range(2):
        store.save_analysis(gone.id, make_analysis(with_videos=True), keep_video=True)
    kept_session = store.save_analysis(kept.id, make_analysis(with_videos=True), keep_video=True)
    gone_files = {p for s in store.list_sessions(gone.id) for c in s.clips
                  for p in (c.landmarks_path, c.video_path, c.annotated_video_path)}
    kept_files = {p for c in store.list_sessions(kept.id)[0].clips
                  for p in (c.landmarks_path, c.video_path, c.annotated_video_path)}
    assert all(p is not None and p.is_file() for p in gone_files | kept_files)

    store.delete_athlete(gone.id)

    with store._engine.connect() as connection:
        assert connection.exec_driver_sql(f"SELECT count(*) FROM athletes WHERE id = {gone.id}").scalar() == 0
        assert connection.exec_driver_sql(f"SELECT count(*) FROM sessions WHERE athlete_id = {gone.id}").scalar() == 0
        assert connection.exec_driver_sql(
            f"SELECT count(*) FROM clips WHERE session_id <> {kept_session}").scalar() == 0
        assert connection.exec_driver_sql(
            f"SELECT count(*) FROM findings WHERE session_id <> {kept_session}").scalar() == 0
    remaining = {p for p in store.data_dir.rglob("*") if p.is_file()}
    assert not remaining & gone_files
    assert kept_files <= remaining
    assert not [p for p in store.data_dir.rglob("*") if f"athletes/{gone.id}" in p.as_posix()]
    if store.url.get_backend_name() == "sqlite":  # not even in free pages or the write-ahead log
        assert not [p for p in remaining if secret.encode() in p.read_bytes()]
    assert [a.name for a in store.list_athletes()] == ["Kept Athlete"]


def test_delete_session_removes_its_rows_and_files_only(store: Store, make_analysis: AnalysisFactory) -> None:
    athlete = store.get_or_create_athlete("A-014")
    first = store.save_analysis(athlete.id, make_analysis())
    second = store.save_analysis(athlete.id, make_analysis())
    first_file = store.list_sessions(athlete.id)[0].clips[0].landmarks_path

    store.delete_session(first)

    assert [s.id for s in store.list_sessions(athlete.id)] == [second]
    assert store.session_findings(first) == []
    assert not first_file.exists()
    with pytest.raises(StoreError, match=f"Expected a session with id {first}"):
        store.delete_session(first)


def test_export_holds_json_csv_and_every_file_of_the_athlete(
        store: Store, make_analysis: AnalysisFactory, tmp_path: Path) -> None:
    athlete = store.get_or_create_athlete("A-015", sport="judo")
    other = store.get_or_create_athlete("Someone Else")
    store.save_analysis(other.id, make_analysis())
    store.save_analysis(athlete.id, make_analysis([finding(value=100.0)], "2024-01-01T00:00:00+00:00"))
    store.save_analysis(athlete.id, make_analysis([finding(value=104.0), finding(side="right", value=90.0)],
                                                  "2024-02-01T00:00:00+00:00", with_videos=True), keep_video=True)

    path = store.export_athlete(athlete.id, tmp_path / "out" / "a015.zip")

    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        document = json.loads(archive.read("athlete.json"))
        findings = pd.read_csv(archive.open("findings.csv"))
        trends = pd.read_csv(archive.open("trends.csv"))
        for name in (n for n in names if n.endswith("_landmarks.npz")):
            archive.extract(name, tmp_path / "unzipped")
    assert {"README.txt", "athlete.json", "sessions.csv", "findings.csv", "trends.csv"} <= names
    assert document["athlete"]["name"] == "A-015" and document["athlete"]["sport"] == "judo"
    assert [len(s["findings"]) for s in document["sessions"]] == [1, 2]
    assert document["missing_files"] == []
    assert findings["value"].tolist() == [100.0, 104.0, 90.0]
    assert trends["change_vs_baseline"].dropna().tolist() == [4.0]
    stored = [n for n in names if n.startswith("files/")]
    assert len([n for n in stored if n.endswith(".npz")]) == 2 and len([n for n in stored if n.endswith(".mp4")]) == 2
    for clip in (c for s in document["sessions"] for c in s["clips"]):
        assert clip["landmarks_path"] in names
    assert all(load_series(p).sizes["time"] == 6 for p in (tmp_path / "unzipped").rglob("*.npz"))
    assert "Someone Else" not in json.dumps(document)


# -- errors ---------------------------------------------------------------------------------------
def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "history.sqlite3"
    bogus.write_bytes(b"this is a text file, not SQLite" * 100)
    with pytest.raises(StoreError, match="Expected a SQLite history database at .*but found another kind of file"):
        open_store(f"sqlite:///{bogus}", tmp_path / "data")


def test_unsupported_and_unreachable_databases_give_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="Expected a SQLite or PostgreSQL database URL, but got a 'mysql' one"):
        open_store("mysql://u@localhost/db", tmp_path)
    with pytest.raises(StoreError, match="Expected to open the PostgreSQL history database .*:1/none"):
        open_store("postgresql://nobody:secret@127.0.0.1:1/none", tmp_path, busy_timeout_s=1)


def test_password_is_never_printed_in_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://nobody:hunter2@127.0.0.1:1/none", tmp_path, busy_timeout_s=1)
    assert "hunter2" not in caught.value.one_line()


KILLED_WRITER = """
import os, sys
sys.path.insert(0, {testkit_dir!r})
import pandas as pd
from store_testkit import finding, tiny_series
from screening.config import Settings
from screening.model.analysis import Analysis
from screening.model.clip import ClipAnalysis
from screening.model.results import ProtocolResult
from screening.store import open_store
from screening.store import writer

def die(db, session_id, findings):
    os._exit(9)  # the process is killed with the session and clip rows written but not committed

writer.insert_findings = die
store = open_store({url!r}, {data_dir!r})
series = tiny_series()
analysis = Analysis("squat", [ClipAnalysis(series, series, pd.DataFrame())],
                    ProtocolResult("squat", [finding()]), Settings())
store.save_analysis({athlete_id}, analysis)
"""


@pytest.mark.slow
def test_a_process_killed_in_the_middle_of_a_save_leaves_no_trace_after_reopening(
        store: Store, db_url: str, data_dir: Path, make_analysis: AnalysisFactory) -> None:
    athlete = store.get_or_create_athlete("A-016")
    store.save_analysis(athlete.id, make_analysis())
    before = snapshot(store)
    script = KILLED_WRITER.format(testkit_dir=str(Path(__file__).parent), url=db_url, data_dir=str(data_dir),
                                  athlete_id=athlete.id)

    killed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)

    assert killed.returncode == 9, killed.stderr
    assert list((store.files.root / ".staging").iterdir()), "the killed save should have left its staging folder"
    with open_store(db_url, data_dir) as reopened:
        assert snapshot(reopened) == before


def test_saving_under_one_content_key_twice_keeps_one_session(store: Store, make_analysis: AnalysisFactory) -> None:
    """A resumed batch saves a job its killed run had saved already: the key finds it, nothing is added."""
    athlete = store.get_or_create_athlete("A-1")
    key = "a" * 64
    first = store.save_analysis(athlete.id, make_analysis([finding()]), content_key=key)
    again = store.save_analysis(athlete.id, make_analysis([finding()]), content_key=key)
    other = store.save_analysis(athlete.id, make_analysis([finding()]), content_key="b" * 64)
    plain = store.save_analysis(athlete.id, make_analysis([finding()]))  # no key: a new session each time
    assert again == first and len({first, other, plain}) == 3
    assert len(store.list_sessions(athlete.id)) == 3
    assert store.session_by_key(key) == first and store.session_by_key("c" * 64) is None


def test_two_programs_saving_one_content_key_at_once_keep_one_session(store: Store, db_url: str, data_dir: Path,
                                                                      make_analysis: AnalysisFactory) -> None:
    athlete = store.get_or_create_athlete("A-1")
    analyses = [make_analysis([finding()]) for _ in range(4)]
    ids: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def save(analysis) -> None:  # noqa: ANN001
        try:
            with open_store(db_url, data_dir) as mine:
                barrier.wait()
                ids.append(mine.save_analysis(athlete.id, analysis, content_key="d" * 64))
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=save, args=(a,)) for a in analyses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(set(ids)) == 1 and len(ids) == 4
    assert len(store.list_sessions(athlete.id)) == 1
    folders = list((store.files.root / "athletes" / str(athlete.id)).iterdir())
    assert len(folders) == 1  # the losers' staged files are gone
