"""The history store: athletes, their sessions and findings, in SQLite or PostgreSQL.

Everything that writes runs in one transaction; a save's files are staged and moved into
place only after its rows are committed (see :mod:`screening.store.files`).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session as DbSession

from screening.errors import StoreError
from screening.killpoints import pause_at
from screening.model.findings import Finding
from screening.store import writer as rows
from screening.store.engine import DEFAULT_BUSY_TIMEOUT_S, make_engine, translated_errors, writer
from screening.store.files import FileArea
from screening.store.migrate import upgrade
from screening.store.paths import describe, resolve_data_dir, resolve_url
from screening.store.records import AthleteRecord, ClipRecord, SessionRecord, clean_name, clean_profile, name_key
from screening.store.schema import FINDING_FIELDS, Athlete, ClipFile, FindingRow, Session, StoreMeta
from screening.store.trends import HISTORY_COLUMNS, trend_table

if TYPE_CHECKING:
    from screening.model.analysis import Analysis

FLAGGED = ("mild", "marked")


def open_store(url: str | None = None, data_dir: Path | None = None, *,
               busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S) -> Store:
    """Open (creating and migrating as needed) the history store.

    Parameters
    ----------
    url
        Database URL; default ``SCREENING_DB_URL``, else ``history.sqlite3`` in the data folder.
    data_dir
        Folder for landmark files and kept videos; default ``SCREENING_DATA_DIR``, else the
        user's data folder (platformdirs).
    busy_timeout_s
        How long a write waits for another writer before failing with a :class:`StoreError` (s).
    """
    folder = resolve_data_dir(data_dir)
    return Store(resolve_url(url, folder), folder, busy_timeout_s)


class Store:
    """Athletes and their screening history. Returns frozen records, never ORM objects."""

    def __init__(self, url: URL, data_dir: Path, busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S) -> None:
        self.url = url
        self.data_dir = data_dir
        self.busy_timeout_s = busy_timeout_s
        self._engine: Engine = make_engine(url, busy_timeout_s)
        try:
            with self._errors("open"):
                upgrade(self._engine)
                with DbSession(self._engine) as db:
                    store_id = db.scalar(select(StoreMeta.value).where(StoreMeta.key == "store_id"))
            if not store_id:
                raise StoreError(f"Expected a store_id in the database '{describe(url)}', but found none.")
            self._make_database_file_private()
            self.files = FileArea(data_dir, store_id)
            self.files.sweep(self._session_folders, self._athlete_ids)
        except BaseException:
            self._engine.dispose()
            raise

    # -- plumbing -------------------------------------------------------------------------------
    def _errors(self, action: str) -> Any:
        return translated_errors(self.url, f"{action}", self.busy_timeout_s)

    @contextmanager
    def _read(self) -> Iterator[DbSession]:
        with self._errors("read"), DbSession(self._engine, expire_on_commit=False) as db, db.begin():
            yield db

    @contextmanager
    def _write(self, action: str) -> Iterator[DbSession]:
        with self._errors(action), DbSession(writer(self._engine), expire_on_commit=False) as db, db.begin():
            yield db

    def _session_folders(self) -> set[str]:
        with self._read() as db:
            return set(db.scalars(select(Session.folder)))

    def _athlete_ids(self) -> set[int]:
        with self._read() as db:
            return set(db.scalars(select(Athlete.id)))

    def _make_database_file_private(self) -> None:
        """Make a SQLite database file owner-only (its -wal and -shm files take the same mode)."""
        database = self.url.database if self.url.get_backend_name() == "sqlite" else None
        if database and database != ":memory:" and "mode" not in self.url.query and not database.startswith("file:"):
            from screening.private import owner_only

            owner_only(Path(database))

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- athletes -------------------------------------------------------------------------------
    def list_athletes(self) -> list[AthleteRecord]:
        """Return every athlete, by name, with their session count and last session time."""
        with self._read() as db:
            found = db.execute(_athlete_query().order_by(Athlete.name_key)).all()
            return [_athlete_record(athlete, count, last) for athlete, count, last in found]

    def find_athlete(self, name: str) -> AthleteRecord | None:
        """Return the athlete called ``name`` (case and extra spaces ignored), or None."""
        with self._read() as db:
            found = db.execute(_athlete_query().where(Athlete.name_key == name_key(name))).first()
        return _athlete_record(*found) if found else None

    def get_athlete(self, athlete_id: int) -> AthleteRecord:
        """Return the athlete with this id; raise :class:`StoreError` if there is none."""
        with self._read() as db:
            found = db.execute(_athlete_query().where(Athlete.id == athlete_id)).first()
        if found is None:
            raise StoreError(f"Expected an athlete with id {athlete_id}, but there is none.")
        return _athlete_record(*found)

    def require_athlete(self, name_or_id: str) -> AthleteRecord:
        """Return the athlete named ``name_or_id`` (or with that numeric id); raise :class:`StoreError` if none."""
        found = self.find_athlete(name_or_id)
        if found is None and name_or_id.strip().isdigit():
            with self._read() as db:
                exists = db.get(Athlete, int(name_or_id))
            found = self.get_athlete(int(name_or_id)) if exists else None
        if found is None:
            known = [a.name for a in self.list_athletes()]
            listing = ", ".join(known[:10]) + (" …" if len(known) > 10 else "") if known else "none yet"
            raise StoreError(f"Expected an athlete named {name_or_id!r}, but found none (known: {listing}).")
        return found

    def get_or_create_athlete(self, name: str, **profile: Any) -> AthleteRecord:
        """Return the athlete called ``name``, creating them with ``profile`` if new.

        ``profile`` keys: ``birth_year``, ``sex`` (``"female"``/``"male"``/``""``), ``height_cm`` (cm),
        ``dominant_side`` (``"left"``/``"right"``/``""``), ``sport``, ``notes``. An existing
        athlete is returned unchanged (use :meth:`update_athlete`).
        """
        name, values = clean_name(name), clean_profile(profile)
        for _attempt in range(2):
            found = self.find_athlete(name)
            if found is not None:
                return found
            try:
                with self._write("add an athlete to") as db:
                    if db.scalar(select(Athlete.id).where(Athlete.name_key == name_key(name))) is None:
                        db.add(Athlete(name=name, name_key=name_key(name), created_at=dt.datetime.now(dt.UTC),
                                       **{**_EMPTY_PROFILE, **values}))
            except StoreError as error:
                if not isinstance(error.__cause__, IntegrityError):
                    raise
                # another program created the same athlete at the same moment: read theirs
        found = self.find_athlete(name)
        if found is None:
            raise StoreError(f"Expected to find athlete {name!r} after adding them, but they are missing.")
        return found

    def update_athlete(self, athlete_id: int, **profile: Any) -> AthleteRecord:
        """Change an athlete's profile (any :meth:`get_or_create_athlete` key, or ``name``) and return them."""
        values = clean_profile(profile, allow_name=True)
        with self._write("update an athlete in") as db:
            athlete = db.get(Athlete, athlete_id)
            if athlete is None:
                raise StoreError(f"Expected an athlete with id {athlete_id}, but there is none.")
            if "name" in values:
                values["name_key"] = values["name"].casefold()
            for key, value in values.items():
                setattr(athlete, key, value)
        return self.get_athlete(athlete_id)

    # -- sessions -------------------------------------------------------------------------------
    def save_analysis(self, athlete_id: int, analysis: Analysis, keep_video: bool = False,
                      content_key: str | None = None) -> int:
        """Save an analysis to an athlete's history in one transaction; return the session id.

        The raw landmark series of every clip is copied into the data folder; with
        ``keep_video`` also the source and annotated videos. If anything fails, neither rows
        nor files of this session remain. With ``content_key`` (a hex sha256 of what was
        analysed, e.g. a batch job's ledger key), a session already saved under that key is
        returned instead of saving a second one: saving is idempotent, also for two programs
        saving at once (the key is unique in the database).
        """
        self.get_athlete(athlete_id)
        if content_key is not None and (existing := self.session_by_key(content_key)) is not None:
            return existing
        with self.files.staging(athlete_id) as staged:
            clip_rows = rows.stage_clip_files(staged, analysis, keep_video)
            session = rows.session_row(athlete_id, analysis, staged.folder)
            session.content_key = content_key
            try:
                with self._write("save the session to") as db:
                    session_id = rows.insert_session(db, session)
                    rows.insert_clips(db, session_id, clip_rows)
                    rows.insert_findings(db, session_id, session.summary.get("findings", []))
                    pause_at("db-write")
            except StoreError as error:
                existing = self.session_by_key(content_key) if content_key is not None else None
                if existing is not None and isinstance(error.__cause__, IntegrityError):
                    return existing  # another program saved the same analysis at the same moment
                raise
            pause_at("db-committed")
            try:
                self.files.publish(staged)
            except OSError as error:
                self._undo_save(session_id)
                raise StoreError(f"Expected to move the session's files into '{self.files.root}', but could not: "
                                 f"{error.strerror or error}; the session was not saved.") from error
        return session_id

    def session_by_key(self, content_key: str) -> int | None:
        """Return the id of the session saved under ``content_key``, or None."""
        with self._read() as db:
            return db.scalar(select(Session.id).where(Session.content_key == content_key))

    def _undo_save(self, session_id: int) -> None:
        """Remove the rows of a session whose files could not be put in place."""
        with self._write("undo a session in") as db:
            db.execute(delete(Session).where(Session.id == session_id))

    def list_sessions(self, athlete_id: int) -> list[SessionRecord]:
        """Return an athlete's sessions, oldest first."""
        with self._read() as db:
            sessions = list(db.scalars(select(Session).where(Session.athlete_id == athlete_id)
                                       .order_by(Session.recorded_at, Session.id)))
            ids = [s.id for s in sessions]
            clips = list(db.scalars(select(ClipFile).where(ClipFile.session_id.in_(ids))
                                    .order_by(ClipFile.session_id, ClipFile.position))) if ids else []
            counts = dict(db.execute(select(FindingRow.session_id, func.count()).where(FindingRow.session_id.in_(ids))
                                     .group_by(FindingRow.session_id)).all()) if ids else {}
            flagged = dict(db.execute(select(FindingRow.session_id, func.count())
                                      .where(FindingRow.session_id.in_(ids), FindingRow.severity.in_(FLAGGED))
                                      .group_by(FindingRow.session_id)).all()) if ids else {}
            return [self._session_record(s, [c for c in clips if c.session_id == s.id], counts.get(s.id, 0),
                                         flagged.get(s.id, 0)) for s in sessions]

    def _session_record(self, row: Session, clips: list[ClipFile], count: int, flagged: int) -> SessionRecord:
        return SessionRecord(
            id=row.id, athlete_id=row.athlete_id, recorded_at=row.recorded_at, saved_at=row.saved_at,
            protocol=row.protocol, software_version=row.software_version, model_name=row.model_name,
            model_sha256=row.model_sha256, settings=dict(row.settings or {}), notes=row.notes,
            clips=tuple(ClipRecord(
                source_name=c.source_name, source_sha256=c.source_sha256, frames=c.frames, duration_s=c.duration_s,
                landmarks_path=self.files.root / c.landmarks_file, video_path=self.files.absolute(c.video_file),
                annotated_video_path=self.files.absolute(c.annotated_video_file)) for c in clips),
            finding_count=count, flagged_count=flagged,
        )

    def session_summary(self, session_id: int) -> dict[str, Any]:
        """Return the JSON summary saved with a session (as :func:`screening.report.tables.summary` made it)."""
        with self._read() as db:
            document = db.scalar(select(Session.summary).where(Session.id == session_id))
        if document is None:
            raise StoreError(f"Expected a session with id {session_id}, but there is none.")
        return dict(document)

    def session_findings(self, session_id: int) -> list[Finding]:
        """Return a session's findings in their original order."""
        with self._read() as db:
            found = db.scalars(select(FindingRow).where(FindingRow.session_id == session_id)
                               .order_by(FindingRow.position)).all()
            return [Finding.from_dict({name: getattr(row, name) for name in FINDING_FIELDS}) for row in found]

    def history(self, athlete_id: int) -> pd.DataFrame:
        """Return one row per finding of an athlete, oldest session first.

        Columns: session_id, recorded_at (UTC), protocol, metric, side, value (in ``unit``; NaN
        when the finding has none), unit, severity, confidence, label.
        """
        query = (select(Session.id, Session.recorded_at, FindingRow.protocol, FindingRow.metric, FindingRow.side,
                        FindingRow.value, FindingRow.unit, FindingRow.severity, FindingRow.confidence, FindingRow.label)
                 .join(FindingRow, FindingRow.session_id == Session.id).where(Session.athlete_id == athlete_id)
                 .order_by(Session.recorded_at, Session.id, FindingRow.position))
        with self._read() as db:
            table = pd.DataFrame(db.execute(query).all(), columns=list(HISTORY_COLUMNS))
        table["value"] = pd.to_numeric(table["value"], errors="coerce").astype(float)
        table["recorded_at"] = pd.to_datetime(table["recorded_at"], utc=True)
        return table

    def trends(self, athlete_id: int) -> pd.DataFrame:
        """Return the numeric history with changes vs previous and first session (see :func:`trend_table`)."""
        return trend_table(self.history(athlete_id))

    def set_session_notes(self, session_id: int, notes: str) -> None:
        """Replace a session's free-text notes."""
        with self._write("update a session in") as db:
            session = db.get(Session, session_id)
            if session is None:
                raise StoreError(f"Expected a session with id {session_id}, but there is none.")
            session.notes = str(notes)

    # -- privacy --------------------------------------------------------------------------------
    def delete_athlete(self, athlete_id: int) -> None:
        """Delete an athlete with every session, finding, landmark file and video of theirs."""
        with self._write("delete an athlete from") as db:
            if db.get(Athlete, athlete_id) is None:
                raise StoreError(f"Expected an athlete with id {athlete_id}, but there is none.")
            db.execute(delete(Athlete).where(Athlete.id == athlete_id))
        self.files.remove(self.files.athlete_dir(athlete_id))
        self._forget_deleted()

    def delete_session(self, session_id: int) -> None:
        """Delete one session with its findings and files."""
        with self._write("delete a session from") as db:
            folder = db.scalar(select(Session.folder).where(Session.id == session_id))
            if folder is None:
                raise StoreError(f"Expected a session with id {session_id}, but there is none.")
            db.execute(delete(Session).where(Session.id == session_id))
        self.files.remove(self.files.root / folder)
        self._forget_deleted()

    def _forget_deleted(self) -> None:
        """Fold SQLite's write-ahead log back into the file so deleted rows leave no copy there."""
        if self.url.get_backend_name() != "sqlite":
            return
        # if a reader holds the log, SQLite folds it back at a later checkpoint
        with suppress(DBAPIError, sqlite3.Error), self._engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            if raw is not None:
                raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def export_athlete(self, athlete_id: int, zip_path: Path) -> Path:
        """Write all of an athlete's data (JSON, CSV and files) to one zip; return its path."""
        from screening.store.export import write_export

        return write_export(self, athlete_id, Path(zip_path))


_EMPTY_PROFILE: dict[str, Any] = {"birth_year": None, "sex": "", "height_cm": None, "dominant_side": "",
                                  "sport": "", "notes": ""}


def _athlete_query() -> Any:
    """Select each athlete with their session count and last session time."""
    return (select(Athlete, func.count(Session.id), func.max(Session.recorded_at))
            .outerjoin(Session, Session.athlete_id == Athlete.id).group_by(Athlete.id))


def _athlete_record(row: Athlete, count: int, last: dt.datetime | str | None) -> AthleteRecord:
    if isinstance(last, str):  # SQLite returns max() of a date-time as text
        last = dt.datetime.fromisoformat(last)
    if last is not None:
        last = last.replace(tzinfo=dt.UTC) if last.tzinfo is None else last.astimezone(dt.UTC)
    return AthleteRecord(
        id=row.id, name=row.name, birth_year=row.birth_year, sex=row.sex, height_cm=row.height_cm,
        dominant_side=row.dominant_side, sport=row.sport, notes=row.notes, created_at=row.created_at,
        session_count=int(count), last_session_at=last,
    )


def save_analysis_for(athlete_name: str, analysis: Analysis, keep_video: bool = False,
                      content_key: str | None = None) -> int:
    """Save ``analysis`` to the history of the athlete called ``athlete_name`` (created if new).

    Uses the default store (``SCREENING_DB_URL`` / ``SCREENING_DATA_DIR`` / the user's data
    folder). Profile fields the athlete does not have yet (birth year, sex, height) are taken
    from ``analysis.profile``; fields already set are kept. Returns the session id.
    """
    profile = {"birth_year": analysis.profile.birth_year, "sex": analysis.profile.sex or "",
               "height_cm": analysis.profile.height_cm}
    given = {key: value for key, value in profile.items() if value not in (None, "")}
    with open_store() as store:
        athlete = store.get_or_create_athlete(athlete_name, **given)
        missing = {key: value for key, value in given.items() if getattr(athlete, key) in (None, "")}
        if missing:
            store.update_athlete(athlete.id, **missing)
        return store.save_analysis(athlete.id, analysis, keep_video=keep_video, content_key=content_key)
