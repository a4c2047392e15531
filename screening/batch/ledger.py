"""The batch ledger: a small SQLite file in the output folder that remembers which jobs are done.

A job's key is the sha256 of its identity: the content hash of each input file (in order, with
its side), the model bundle's hash, the settings that change results, the protocol, the athlete
(case and spaces ignored) and their profile. A second run skips keys recorded ``done`` and redoes
``failed`` ones and any that never finished (an interrupted run records nothing for the jobs it
was working on). One row per key; every write is its own transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from screening.batch.plan import Job
from screening.config import Settings
from screening.errors import OutputError

LEDGER_NAME = "batch_ledger.sqlite3"
LEDGER_VERSION = 1
# Settings that do not change results: the model is identified by its hash, not its path.
NEUTRAL_SETTINGS = ("model_path", "annotate_video", "max_file_mb")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    run INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL, finished_at TEXT,
    source TEXT NOT NULL, backend TEXT NOT NULL, outcome TEXT NOT NULL DEFAULT 'running');
CREATE TABLE IF NOT EXISTS jobs (
    key TEXT PRIMARY KEY, athlete TEXT NOT NULL, protocol TEXT, files TEXT NOT NULL,
    file_sha256 TEXT NOT NULL, model_sha256 TEXT NOT NULL, settings_sha256 TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('done', 'failed')), error TEXT NOT NULL DEFAULT '',
    session_id INTEGER, summary TEXT, run INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 1,
    seconds REAL, updated_at TEXT NOT NULL);
"""


def settings_sha256(settings: Settings) -> str:
    """Return the sha256 of the settings that change results (see ``NEUTRAL_SETTINGS``)."""
    values = {k: v for k, v in settings.fingerprint().items() if k not in NEUTRAL_SETTINGS}
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode("utf-8")).hexdigest()


def job_key(job: Job, file_sha256: Sequence[str], model_sha256: str, settings_digest: str) -> str:
    """Return the ledger key of ``job`` (hex sha256 of its identity; see the module docstring)."""
    identity = {
        "version": LEDGER_VERSION, "athlete": job.athlete.casefold(), "protocol": job.protocol or "",
        "files": [[sha, clip.side] for sha, clip in zip(file_sha256, job.clips, strict=True)],
        "model": model_sha256, "settings": settings_digest, "profile": asdict(job.profile),
    }
    return hashlib.sha256(json.dumps(identity, sort_keys=True).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class LedgerEntry:
    """One recorded job: ``status`` ``"done"`` (with its store session and summary) or ``"failed"`` (with the error)."""

    key: str
    athlete: str
    protocol: str | None
    files: list[str]
    status: str
    error: str
    session_id: int | None
    summary: dict[str, Any] | None
    run: int
    attempts: int
    seconds: float | None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Ledger:
    """The ledger file of one output folder (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            with self._connect() as db:
                db.executescript(_SCHEMA)
                db.execute("INSERT OR IGNORE INTO meta VALUES ('version', ?)", (str(LEDGER_VERSION),))
        except sqlite3.Error as error:
            raise OutputError(f"Expected to open the batch ledger '{self.path}', but could not: {error}") from error

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=30.0)) as db, db:
            yield db

    def start_run(self, source: str, backend: str) -> int:
        """Record the start of a run and return its number (1, 2, ...)."""
        with self._connect() as db:
            cursor = db.execute("INSERT INTO runs (started_at, source, backend) VALUES (?, ?, ?)",
                                (_now(), source, backend))
            return int(cursor.lastrowid or 0)

    def finish_run(self, run: int, outcome: str) -> None:
        """Record how a run ended: ``"finished"`` or ``"interrupted"``."""
        with self._connect() as db:
            db.execute("UPDATE runs SET finished_at = ?, outcome = ? WHERE run = ?", (_now(), outcome, run))

    def get(self, key: str) -> LedgerEntry | None:
        """Return the entry of ``key``, or None if the job was never recorded."""
        with self._connect() as db:
            row = db.execute(f"SELECT {_COLUMNS} FROM jobs WHERE key = ?", (key,)).fetchone()
        return _entry(row) if row else None

    def entries(self) -> list[LedgerEntry]:
        """Return every entry, oldest update first."""
        with self._connect() as db:
            rows = db.execute(f"SELECT {_COLUMNS} FROM jobs ORDER BY updated_at, rowid").fetchall()
        return [_entry(row) for row in rows]

    def record(self, key: str, job: Job, identity: tuple[Sequence[str], str, str], run: int, *, status: str,
               error: str = "", session_id: int | None = None, summary: dict[str, Any] | None = None,
               seconds: float | None = None) -> None:
        """Record the outcome of ``job`` (``identity`` = file hashes, model hash, settings hash)."""
        files, model, settings = identity
        with self._connect() as db:
            db.execute(
                "INSERT INTO jobs (key, athlete, protocol, files, file_sha256, model_sha256, settings_sha256, status, "
                "error, session_id, summary, run, seconds, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT(key) DO UPDATE SET status=excluded.status, error=excluded.error, "
                "session_id=excluded.session_id, summary=excluded.summary, run=excluded.run, "
                "seconds=excluded.seconds, updated_at=excluded.updated_at, attempts=jobs.attempts + 1",
                (key, job.athlete, job.protocol, json.dumps([str(c.path) for c in job.clips]), json.dumps(list(files)),
                 model, settings, status, error, session_id, json.dumps(summary) if summary is not None else None,
                 run, seconds, _now()))


_COLUMNS = "key, athlete, protocol, files, status, error, session_id, summary, run, attempts, seconds"


def _entry(row: tuple[Any, ...]) -> LedgerEntry:
    key, athlete, protocol, files, status, error, session_id, summary, run, attempts, seconds = row
    return LedgerEntry(key, athlete, protocol, json.loads(files), status, error, session_id,
                       json.loads(summary) if summary else None, run, attempts, seconds)
