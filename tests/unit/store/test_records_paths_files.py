"""Profile checks, where the store lives (arguments, environment, defaults), and the file sweep."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from store_testkit import AnalysisFactory

from screening.errors import StoreError
from screening.store import Store, open_store
from screening.store.files import TARGET_FILE, safe_stem
from screening.store.paths import DB_FILE_NAME, resolve_data_dir, resolve_url
from screening.store.records import clean_name, clean_profile


def test_clean_profile_normalises_and_refuses_unknown_keys() -> None:
    assert clean_profile({"sex": None, "height_cm": 170, "sport": "  golf "}) == {
        "sex": "", "height_cm": 170.0, "sport": "golf"}
    with pytest.raises(StoreError, match=r"Expected profile keys among \[.*\], but got \['name'\]"):
        clean_profile({"name": "x"})
    with pytest.raises(StoreError, match="Expected birth_year as a year"):
        clean_profile({"birth_year": True})


def test_clean_name_refuses_empty_and_overlong_names() -> None:
    assert clean_name("  A   017 ") == "A 017"
    with pytest.raises(StoreError, match="Expected an athlete name or code, but got ' '"):
        clean_name(" ")
    with pytest.raises(StoreError, match="at most 200 characters, but got 201"):
        clean_name("x" * 201)


def test_environment_chooses_data_folder_and_url_unless_arguments_do(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCREENING_DATA_DIR", str(tmp_path / "env-data"))
    assert resolve_data_dir() == tmp_path / "env-data"
    assert resolve_data_dir(tmp_path / "arg") == tmp_path / "arg"
    assert resolve_url(None, tmp_path).database == str(tmp_path / DB_FILE_NAME)
    monkeypatch.setenv("SCREENING_DB_URL", "postgresql://u@db.example/screening")
    assert resolve_url(None, tmp_path).drivername == "postgresql+psycopg"
    assert resolve_url(f"sqlite:///{tmp_path / 'x.db'}", tmp_path).database == str(tmp_path / "x.db")


def test_default_data_folder_comes_from_platformdirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SCREENING_DATA_DIR")
    monkeypatch.setattr("screening.store.paths.user_data_dir", lambda app, appauthor: str(tmp_path / app))
    assert resolve_data_dir() == tmp_path / "movement-screening"


def test_open_store_without_arguments_uses_sqlite_in_the_data_folder(tmp_path: Path) -> None:
    with open_store() as store:
        assert store.data_dir == tmp_path / "default-data"
        assert store.url.database == str(tmp_path / "default-data" / DB_FILE_NAME)


def test_safe_stem_keeps_file_names_portable() -> None:
    assert safe_stem("../My clip (1).MOV") == "My_clip_1"
    assert safe_stem("...") == "clip"


def dead_pid() -> int:
    """Return the id of a process that has finished."""
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                           check=True)
    return int(child.stdout)


def test_sweep_finishes_a_save_that_died_after_commit_and_removes_orphans(
        store: Store, make_analysis: AnalysisFactory, db_url: str, data_dir: Path) -> None:
    athlete = store.get_or_create_athlete("A-020")
    store.save_analysis(athlete.id, make_analysis())
    [session] = store.list_sessions(athlete.id)
    final = session.clips[0].landmarks_path.parent
    host = store.files._host
    # a process died after its commit, before moving the files into place:
    committed = store.files.root / ".staging" / f"{host}-{dead_pid()}-aaaa"
    final.rename(committed)
    (committed / TARGET_FILE).write_text(final.relative_to(store.files.root).as_posix())
    # a process died before its commit; and a delete died after its commit:
    uncommitted = store.files.root / ".staging" / f"{host}-{dead_pid()}-bbbb"
    uncommitted.mkdir()
    (uncommitted / TARGET_FILE).write_text("athletes/1/never-committed")
    orphan_athlete = store.files.root / "athletes" / "77" / "cccc"
    orphan_athlete.mkdir(parents=True)
    (orphan_athlete / "01_x_landmarks.npz").write_bytes(b"left behind")
    # and a live save of this very process is left alone:
    live = store.files.root / ".staging" / f"{host}-{os.getpid()}-dddd"
    live.mkdir()

    with open_store(db_url, data_dir):
        pass

    assert session.clips[0].landmarks_path.is_file()
    assert not committed.exists() and not uncommitted.exists()
    assert not (store.files.root / "athletes" / "77").exists()
    assert live.exists()
