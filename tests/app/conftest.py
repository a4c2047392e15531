"""Fixtures for the Streamlit page tests: a private history store and a fresh AppTest."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "app.py"
TIMEOUT_S = 300  # real MediaPipe on a shared 2-core machine


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty history store (SQLite in a temp folder), so tests never touch the user's data."""
    monkeypatch.setenv("SCREENING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SCREENING_DB_URL", raising=False)
    return tmp_path / "data"


@pytest.fixture
def app(data_dir: Path) -> AppTest:
    """The dashboard, run once, with Streamlit's caches cleared (so the store is opened in ``data_dir``)."""
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT_S)
    at.run()
    return at
