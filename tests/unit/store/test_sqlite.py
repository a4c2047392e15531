"""SQLite only: the pragmas that make it safe for several writers, and a locked database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from store_testkit import AnalysisFactory, snapshot

from screening.errors import StoreError
from screening.store import open_store


def test_connections_use_wal_busy_timeout_foreign_keys_and_secure_delete(tmp_path: Path) -> None:
    with open_store(data_dir=tmp_path, busy_timeout_s=2.5) as store, store._engine.connect() as connection:
        pragma = {name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                  for name in ("journal_mode", "busy_timeout", "foreign_keys", "secure_delete")}
    assert pragma == {"journal_mode": "wal", "busy_timeout": 2500, "foreign_keys": 1, "secure_delete": 1}


def test_a_database_locked_by_another_program_gives_a_clear_error_and_no_half_session(
        tmp_path: Path, make_analysis: AnalysisFactory) -> None:
    store = open_store(data_dir=tmp_path / "data", busy_timeout_s=0.2)
    athlete = store.get_or_create_athlete("A-030")
    before = snapshot(store)
    other = sqlite3.connect(store.url.database, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match=r"Expected to save the session to the history database .* within "
                                             r"0.2 s, but another program kept it locked"):
            store.save_analysis(athlete.id, make_analysis())
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert snapshot(store) == before
    store.save_analysis(athlete.id, make_analysis())  # works once the lock is gone
    store.close()


def test_a_read_only_database_can_be_read_and_refuses_writes_clearly(tmp_path: Path) -> None:
    with open_store(data_dir=tmp_path) as store:
        store.get_or_create_athlete("A-031")
    url = f"sqlite:///file:{tmp_path / 'history.sqlite3'}?mode=ro&uri=true"
    with open_store(url, tmp_path) as read_only:
        assert [a.name for a in read_only.list_athletes()] == ["A-031"]
        with pytest.raises(StoreError, match="Expected a writable history database at .* but it is read-only"):
            read_only.get_or_create_athlete("A-032")
