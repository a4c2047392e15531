"""Kill-anywhere safety and concurrent saves, on SQLite and PostgreSQL, with the real CLI and MediaPipe.

``screening analyze --athlete X`` and ``screening batch`` are killed with SIGKILL at named points
(``screening.killpoints``: inference, inside the database transaction, after the commit, between
the file moves into ``--out``, between a batch save and its ledger entry) and at times spread
over a run. After every kill: the database passes its integrity check and holds no half session,
``--out`` is untouched, complete, or (killed between two moves) completed by the next run, no
process of the run is left, and the next run cleans what the killed one left. After the last
kill a run to the end works; a resumed batch holds every job's session exactly once.

The PostgreSQL cases need ``SCREENING_TEST_POSTGRES_URL`` (``eval "$(.ci/start_postgres.sh)"``).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from screening.killpoints import PAUSE_ENV, PAUSE_FILE_ENV
from tests.unit.source.media import REPO, person_frames, write_video

pytestmark = pytest.mark.slow  # about 10 minutes on 2 busy cores: real runs of the CLI, killed

PG_URL_ENV = "SCREENING_TEST_POSTGRES_URL"
TAG_ENV = "SCREENING_KILL_TEST_TAG"  # marks every process of one run, to find orphans
RESULTS = {"angles.csv", "summary.json", "clip_annotated.mp4", "clip_landmarks.npz"}  # of the video
NPZ_RESULTS = RESULTS - {"clip_annotated.mp4"}  # of its saved landmarks, re-analysed without inference

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=[pytest.mark.postgres, pytest.mark.skipif(
        not os.environ.get(PG_URL_ENV), reason=f"{PG_URL_ENV} is not set; run `eval \"$(.ci/start_postgres.sh)\"`")]),
]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty history database: a SQLite file, or a fresh PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'history.sqlite3'}"
        return
    base, schema = os.environ[PG_URL_ENV], f"kill_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        yield sa.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


# --- running and killing ----------------------------------------------------------------------------------------


def _env(db_url: str, data: Path, tag: str, pause: str | None = None, pause_file: Path | None = None) -> dict:
    env = {**os.environ, "SCREENING_DB_URL": db_url, "SCREENING_DATA_DIR": str(data), TAG_ENV: tag}
    env.pop(PAUSE_ENV, None)
    if pause:
        env.update({PAUSE_ENV: pause, PAUSE_FILE_ENV: str(pause_file)})
    return env


def _processes_tagged(tag: str) -> list[int]:
    """Return the pids of live processes (not zombies) whose environment holds ``TAG_ENV=tag``."""
    found, needle = [], f"{TAG_ENV}={tag}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0") and \
                    (entry / "stat").read_text().split(") ")[-1][0] != "Z":
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _no_orphans(tag: str, within_s: float = 10.0) -> None:
    deadline = time.monotonic() + within_s
    while (left := _processes_tagged(tag)) and time.monotonic() < deadline:
        time.sleep(0.1)
    cmdlines = [Path(f"/proc/{pid}/cmdline").read_bytes()[:120] for pid in left if Path(f"/proc/{pid}").exists()]
    assert not left, f"processes of the killed run still running: {cmdlines}"


def _run_and_kill(argv: list[str], env: dict, *, pause_file: Path | None = None, after_s: float | None = None,
                  cwd: Path) -> None:
    """Start ``python -m screening ARGV``; SIGKILL it when it reaches its pause point, or after ``after_s``."""
    process = subprocess.Popen([sys.executable, "-m", "screening", *argv], env=env, cwd=cwd,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 300
        if pause_file is not None:
            while not pause_file.exists():
                if process.poll() is not None or time.monotonic() > deadline:
                    err = process.stderr.read().decode() if process.stderr else ""
                    pytest.fail(f"{argv[0]} ended (exit {process.returncode}) before its pause point: {err}")
                time.sleep(0.02)
            pause_file.unlink()
        else:
            time.sleep(after_s or 0.0)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
        if process.stderr:
            process.stderr.close()


def _run(argv: list[str], env: dict, cwd: Path) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "screening", *argv], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=600)
    return done


# --- the checks ---------------------------------------------------------------------------------------------------


def _database_consistent(db_url: str) -> dict[str, int]:
    """Check integrity and that every session is whole; return the session count per athlete."""
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
                assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            tables = set(sa.inspect(connection).get_table_names())
            if "sessions" not in tables:  # killed before the database was made
                return {}
            rows = connection.execute(sa.text(
                "SELECT s.id, a.name, s.summary, (SELECT count(*) FROM clips c WHERE c.session_id = s.id), "
                "(SELECT count(*) FROM findings f WHERE f.session_id = s.id) FROM sessions s "
                "JOIN athletes a ON a.id = s.athlete_id")).all()
            orphans = connection.execute(sa.text(
                "SELECT (SELECT count(*) FROM clips WHERE session_id NOT IN (SELECT id FROM sessions)) + "
                "(SELECT count(*) FROM findings WHERE session_id NOT IN (SELECT id FROM sessions))")).scalar()
    finally:
        engine.dispose()
    assert orphans == 0
    counts: dict[str, int] = {}
    for _id, name, summary, clips, findings in rows:
        document = summary if isinstance(summary, dict) else json.loads(summary)
        assert (clips, findings) == (len(document["clips"]), len(document["findings"])), "a half session"
        assert clips >= 1
        counts[name] = counts.get(name, 0) + 1
    return counts


def _out_state(out: Path, complete: set[str]) -> str:
    """Return "untouched", "complete" or "moving" (killed between two moves; a marked staging folder remains)."""
    if not out.exists():
        return "untouched"
    visible = {p.name for p in out.iterdir() if not p.name.startswith(".")}
    if not visible:
        return "untouched"
    if visible in (complete, RESULTS, NPZ_RESULTS):  # a run's own, or a killed one's rolled forward
        return "complete"
    assert visible < complete, visible
    marked = [p for p in out.glob(".partial-*") if (p / ".publishing").exists()]
    assert marked, f"--out half written without a publishing mark: {sorted(visible)}"
    return "moving"


def _store_files_in_place(data: Path) -> None:
    """After a complete run: nothing staged is left, every session folder has its landmark files."""
    for store in (data / "files").glob("*"):
        assert list((store / ".staging").glob("*")) == [], "staged files of a killed save were left"
        for folder in (store / "athletes").glob("*/*"):
            assert list(folder.glob("*_landmarks.npz")), f"session folder without landmarks: {folder}"


def _clip(path: Path, frames: int = 30) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_video(path, list(person_frames()[:frames]))


# --- analyze ------------------------------------------------------------------------------------------------------

# (pause point, sessions the killed run committed, how --out may be left). Inference runs on the
# video (with the renderer child); the later points re-analyse its saved landmarks (seconds, not tens).
ANALYZE_POINTS = [
    ("inference:3", 0, {"untouched"}),
    ("inference:25", 0, {"untouched"}),
    ("db-write", 0, {"untouched"}),
    ("db-committed", 1, {"untouched"}),
    ("publish:2", 1, {"moving"}),  # before publish:1, whose marked folder the next run rolls forward
    ("publish:1", 1, {"untouched"}),
]
TIMED_FRACTIONS = (0.2, 0.4, 0.6, 0.8)


def test_kill_analyze_anywhere(db_url: str, tmp_path: Path) -> None:
    clip, out, data = _clip(tmp_path / "in" / "clip.mp4"), tmp_path / "out", tmp_path / "data"
    video_argv = ["analyze", str(clip), "--out", str(out), "--athlete", "X"]
    start = time.monotonic()
    first = _run(video_argv, _env(db_url, data, "first"), tmp_path)  # a whole run: the time line of the timed kills
    whole_s = time.monotonic() - start
    assert first.returncode == 0, first.stderr
    landmarks = tmp_path / "in" / "npz" / "clip_landmarks.npz"
    landmarks.parent.mkdir()
    (out / "clip_landmarks.npz").rename(landmarks)
    npz_argv = ["analyze", str(landmarks), "--out", str(out), "--athlete", "X"]
    saved = 1
    points = [(p, n, s) for p, n, s in ANALYZE_POINTS] + [(f, None, None) for f in TIMED_FRACTIONS]
    for point, committed, allowed in points:
        for visible in out.iterdir():  # an empty --out (the hidden leftovers of killed runs stay)
            if not visible.name.startswith("."):
                visible.unlink()
        tag, marker = uuid.uuid4().hex, tmp_path / "paused"
        argv = video_argv if not isinstance(point, str) or point.startswith("inference") else npz_argv
        if isinstance(point, str):
            _run_and_kill(argv, _env(db_url, data, tag, point, marker), pause_file=marker, cwd=tmp_path)
        else:
            _run_and_kill(argv, _env(db_url, data, tag), after_s=point * whole_s, cwd=tmp_path)
        _no_orphans(tag)
        counts = _database_consistent(db_url)
        if committed is not None:
            saved += committed
            assert counts == {"X": saved}, point
        else:
            assert counts.get("X", 0) in (saved, saved + 1), point
            saved = counts.get("X", 0)
        state = _out_state(out, RESULTS if argv is video_argv else NPZ_RESULTS)
        assert allowed is None or state in allowed, (point, state)
        partials = list(out.glob(".partial-*"))
        assert len(partials) <= 1, f"{point}: staging folders of earlier killed runs were not cleaned: {partials}"
        if state == "moving":  # the next run finishes the move, then does its own
            again = _run(argv, _env(db_url, data, uuid.uuid4().hex), tmp_path)
            assert again.returncode == 0, again.stderr
            assert {p.name for p in out.iterdir()} == NPZ_RESULTS
            saved += 1
    for visible in out.iterdir():
        if not visible.name.startswith("."):
            visible.unlink()
    done = _run(video_argv, _env(db_url, data, "last"), tmp_path)
    assert done.returncode == 0, done.stderr
    assert {p.name for p in out.iterdir()} == RESULTS, "the last run left a staging folder or missed a file"
    assert _database_consistent(db_url) == {"X": saved + 1}
    _store_files_in_place(data)


# --- batch ------------------------------------------------------------------------------------------------------

BATCH_POINTS = ["inference:2", "batch-saved:1", "db-write:2", "db-committed:1"]


def _team(folder: Path) -> Path:
    for name in ("A-1", "B-2", "C-3"):
        _clip(folder / f"{name}__overhead_reach.mp4")
    return folder


def test_kill_batch_anywhere_then_resume_without_duplicates(db_url: str, tmp_path: Path) -> None:
    team, out, data = _team(tmp_path / "team"), tmp_path / "out", tmp_path / "data"
    argv = ["batch", str(team), "--out", str(out), "--workers", "2"]
    timed = [4.0, 9.0]
    for point in [*BATCH_POINTS, *timed]:
        tag, marker = uuid.uuid4().hex, tmp_path / "paused"
        if isinstance(point, str):
            _run_and_kill(argv, _env(db_url, data, tag, point, marker), pause_file=marker, cwd=tmp_path)
        else:
            _run_and_kill(argv, _env(db_url, data, tag), after_s=point, cwd=tmp_path)
        _no_orphans(tag)
        counts = _database_consistent(db_url)
        assert all(count == 1 for count in counts.values()), f"{point}: a job saved twice: {counts}"
        if point == "batch-saved:1":
            assert sum(counts.values()) >= 1  # saved, but the ledger does not know yet: the resume must not redo it
    done = _run(argv, _env(db_url, data, "last"), tmp_path)
    assert done.returncode == 0, done.stderr
    assert _database_consistent(db_url) == {"A-1": 1, "B-2": 1, "C-3": 1}
    with sqlite3.connect(out / "batch_ledger.sqlite3") as ledger:
        assert ledger.execute("SELECT count(*), sum(status = 'done') FROM jobs").fetchone() == (3, 3)
    assert not list((out / "jobs").rglob("*.partial")), "temporary files of killed runs were left"
    _store_files_in_place(data)


# --- concurrency --------------------------------------------------------------------------------------------------


def test_four_parallel_analyses_of_one_athlete_are_each_saved_once(db_url: str, tmp_path: Path) -> None:
    from screening.store import open_store

    clips = [_clip(tmp_path / f"in{i}" / f"clip{i}.mp4", frames=24 + 2 * i) for i in range(4)]
    env = _env(db_url, tmp_path / "data", "parallel")
    processes = [subprocess.Popen([sys.executable, "-m", "screening", "analyze", str(clip), "--out",
                                   str(tmp_path / f"out{i}"), "--athlete", "Same Person", "--no-video"],
                                  env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for i, clip in enumerate(clips)]
    results = [(p.wait(timeout=600), p.communicate()[1]) for p in processes]
    assert [code for code, _ in results] == [0, 0, 0, 0], [err for _, err in results]
    assert not any("locked" in err for _, err in results)
    assert _database_consistent(db_url) == {"Same Person": 4}
    with open_store(db_url, tmp_path / "data") as store:
        athlete = store.require_athlete("same person")
        sessions = store.list_sessions(athlete.id)
        assert sorted(s.clips[0].frames for s in sessions) == [24, 26, 28, 30]  # each clip once
        assert len({s.id for s in sessions}) == 4


def test_a_batch_and_a_dashboard_save_at_once_keep_every_session_once(db_url: str, tmp_path: Path) -> None:
    """A batch writes while another program (as the dashboard does, in its process) saves to the same database."""
    import threading

    from screening.config import load_settings
    from screening.pipeline import analyze
    from screening.store import open_store

    data = tmp_path / "data"
    team = _team(tmp_path / "team")
    _clip(team / "A-1__overhead_reach.mp4", frames=120)  # the whole reach: findings, so trends to check
    landmarks = tmp_path / "dash" / "clip_landmarks.npz"
    first = _run(["analyze", str(team / "A-1__overhead_reach.mp4"), "--out", str(landmarks.parent), "--no-video"],
                 _env(db_url, data, "dash"), tmp_path)
    assert first.returncode == 0, first.stderr
    (landmarks.parent / "A-1__overhead_reach_landmarks.npz").rename(landmarks)
    analysis = analyze([landmarks], load_settings(), "overhead_reach")
    batch = subprocess.Popen([sys.executable, "-m", "screening", "batch", str(team), "--out", str(tmp_path / "out"),
                              "--workers", "2"], env=_env(db_url, data, "batch"), cwd=tmp_path,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    errors: list[BaseException] = []
    saved: list[int] = []

    def dashboard() -> None:  # saves for as long as the batch runs, so that the writes overlap
        try:
            with open_store(db_url, data) as store:
                athlete = store.get_or_create_athlete("A-1")
                while batch.poll() is None:
                    saved.append(store.save_analysis(athlete.id, analysis))
                    time.sleep(0.3)
        except BaseException as error:  # noqa: BLE001  (reported below)
            errors.append(error)

    thread = threading.Thread(target=dashboard)
    thread.start()
    _out, err = batch.communicate(timeout=600)
    thread.join()
    assert batch.returncode == 0, err
    assert errors == []
    assert len(saved) >= 3
    assert _database_consistent(db_url) == {"A-1": 1 + len(saved), "B-2": 1, "C-3": 1}
    with open_store(db_url, data) as store:
        trends = store.trends(store.require_athlete("A-1").id).dropna(subset=["value"])
    assert len(trends) > 0
    for _, rows in trends.groupby(["metric", "side"]):  # the same clip every time: equal values, no change
        assert rows["session_id"].nunique() == 1 + len(saved) and rows["value"].nunique() == 1
        assert (rows["change_vs_previous"].dropna() == 0).all()
        assert rows["change_vs_previous"].notna().sum() == len(saved)


def test_the_kill_points_are_where_the_docstring_says() -> None:
    """Every point this test pauses at exists in the code (a renamed point would make the test wait in vain)."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "screening").rglob("*.py"))
    for point in {p.split(":")[0] for p, _, _ in ANALYZE_POINTS} | {p.split(":")[0] for p in BATCH_POINTS}:
        assert f'pause_at("{point}")' in source, point
