"""What a batch holds: jobs (one athlete, one protocol, one or more clips) read from a manifest or a folder.

Two ways to describe a batch:

- a **manifest**, a CSV file with the columns ``athlete``, ``protocol``, ``file`` and optionally
  ``side`` (``left``/``right``), ``view`` (``front``/``side``, recorded only), ``birth_year``, ``sex``
  and ``height_cm``; relative ``file`` paths are taken from the manifest's folder;
- a **folder** of clips named ``ATHLETE__PROTOCOL[__SIDE][__TAG].ext`` (two underscores between the
  parts; ``SIDE`` is ``left`` or ``right``; ``TAG`` is free text that tells clips apart).

Rows or files of the same athlete (case and extra spaces ignored) and protocol become one
:class:`Job`, analysed together as one analysis, clips in the order they were listed (manifest)
or sorted by name (folder). Nothing here runs a model; problems are collected, not raised,
so that one bad line does not stop the batch.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from screening.errors import InputFileError, ScreeningError
from screening.model.profile import AthleteProfile

SEPARATOR = "__"
SIDES = ("left", "right")
VIEWS = ("front", "side")
REQUIRED_COLUMNS = ("athlete", "protocol", "file")
OPTIONAL_COLUMNS = ("side", "view", "birth_year", "sex", "height_cm")
LANDMARK_SUFFIX = ".npz"  # saved landmark series are accepted too (no inference)


@dataclass(frozen=True)
class ClipEntry:
    """One input file of a job, with the side it tests (``""`` if not said) and the camera view (recorded only)."""

    path: Path
    side: str = ""
    view: str = ""


@dataclass(frozen=True)
class Job:
    """The clips of one athlete and one protocol, analysed together as one analysis."""

    athlete: str
    protocol: str | None
    clips: tuple[ClipEntry, ...]
    profile: AthleteProfile = field(default_factory=AthleteProfile)

    @property
    def side_hints(self) -> list[str] | None:
        """Return the side of each clip for the pipeline, or None when no clip names one."""
        sides = [clip.side for clip in self.clips]
        return sides if any(sides) else None

    @property
    def label(self) -> str:
        """Return ``"athlete / protocol"`` for messages."""
        return f"{self.athlete} / {self.protocol or 'no protocol'}"


@dataclass(frozen=True)
class PlanProblem:
    """A manifest line or file that could not become part of a job, and why."""

    where: str
    message: str


@dataclass
class BatchPlan:
    """The jobs of a batch and the problems found while reading it."""

    jobs: list[Job]
    problems: list[PlanProblem]
    source: str

    @property
    def clip_count(self) -> int:
        """Return the number of clips over all jobs."""
        return sum(len(job.clips) for job in self.jobs)


def plan_batch(location: Path) -> BatchPlan:
    """Return the batch described by a manifest CSV file or a folder of clips.

    Raises
    ------
    InputFileError
        If ``location`` is neither an existing folder nor a readable ``.csv`` file.
    """
    location = Path(location)
    if location.is_dir():
        return plan_folder(location)
    if location.is_file() and location.suffix.lower() == ".csv":
        return plan_manifest(location)
    found = "a file that is not .csv" if location.is_file() else "nothing"
    raise InputFileError(f"Expected a folder of clips or a manifest .csv at '{location}', but found {found}.")


def _accepted_suffixes() -> set[str]:
    from screening.source import supported_suffixes

    return {*supported_suffixes(), LANDMARK_SUFFIX}


# ---------------------------------------------------------------- folder


def parse_clip_name(name: str) -> tuple[str, str, str]:
    """Return ``(athlete, protocol, side)`` from a file name ``ATHLETE__PROTOCOL[__SIDE][__TAG].ext``.

    Raises
    ------
    ScreeningError
        If the name does not follow the convention.
    """
    stem = Path(name).stem
    parts = stem.split(SEPARATOR)
    expected = "a name like ATHLETE__PROTOCOL[__SIDE][__TAG].mp4 (two underscores between parts)"
    if len(parts) < 2 or len(parts) > 4 or not all(part.strip() for part in parts):
        raise ScreeningError(f"Expected {expected}, but got '{name}'.")
    athlete, protocol, rest = parts[0].strip(), parts[1].strip(), parts[2:]
    side = rest[0].strip().lower() if rest and rest[0].strip().lower() in SIDES else ""
    if len(rest) == 2 and not side:
        raise ScreeningError(f"Expected the third part of '{name}' to be a side (left or right), but got '{rest[0]}'.")
    return athlete, protocol, side


def plan_folder(folder: Path) -> BatchPlan:
    """Return the jobs of the clips directly in ``folder`` (sub-folders and hidden files are ignored)."""
    suffixes = _accepted_suffixes()
    rows: list[tuple[str, dict[str, str]]] = []
    problems: list[PlanProblem] = []
    for path in sorted(Path(folder).iterdir()):
        if path.name.startswith(".") or not path.is_file() or path.suffix.lower() not in suffixes:
            continue
        try:
            athlete, protocol, side = parse_clip_name(path.name)
        except ScreeningError as error:
            problems.append(PlanProblem(path.name, error.one_line()))
            continue
        rows.append((path.name, {"athlete": athlete, "protocol": protocol, "file": str(path), "side": side}))
    return _group(rows, problems, str(folder))


# ---------------------------------------------------------------- manifest


def plan_manifest(manifest: Path) -> BatchPlan:
    """Return the jobs listed in a manifest CSV (comma, semicolon or tab separated; UTF-8, BOM allowed).

    Raises
    ------
    InputFileError
        If the file cannot be read or lacks a required column.
    """
    manifest = Path(manifest)
    try:
        text = manifest.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputFileError(
            f"Expected a UTF-8 manifest CSV at '{manifest}', but could not read it: {error}") from error
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = max(",;\t", key=first.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    columns = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise InputFileError(f"Expected the manifest columns {', '.join(REQUIRED_COLUMNS)} (optional: "
                             f"{', '.join(OPTIONAL_COLUMNS)}), but '{manifest.name}' has {columns or 'no header'}; "
                             f"missing {', '.join(missing)}.")
    rows = []
    for number, raw in enumerate(reader, start=2):
        row = {(key or "").strip().lower(): (value or "").strip() for key, value in raw.items() if key}
        if not any(row.values()):
            continue
        path = Path(row["file"]).expanduser()
        row["file"] = str(path if path.is_absolute() else manifest.parent / path)
        rows.append((f"{manifest.name} line {number}", row))
    return _group(rows, [], str(manifest))


# ---------------------------------------------------------------- grouping


def _profile(row: dict[str, str]) -> AthleteProfile:
    """Return the profile of a manifest row; raise :class:`ScreeningError` on a bad value."""
    sex = row.get("sex", "").lower()
    if sex not in ("", "female", "male"):
        raise ScreeningError(f"Expected sex 'female', 'male' or empty, but got '{row['sex']}'.")
    try:
        birth_year = int(row["birth_year"]) if row.get("birth_year") else None
        height_cm = float(row["height_cm"]) if row.get("height_cm") else None
    except ValueError as error:
        raise ScreeningError(f"Expected a whole birth_year and a numeric height_cm, but got {error}.") from error
    return AthleteProfile(birth_year=birth_year, sex=sex, height_cm=height_cm)


def _checked(row: dict[str, str]) -> tuple[str, str | None, ClipEntry, AthleteProfile]:
    """Return (athlete, protocol, clip, profile) of one row; raise :class:`ScreeningError` on a bad value."""
    from screening.protocols import registry  # noqa: F401  (registers the protocols)
    from screening.protocols.base import get_protocol

    athlete = " ".join(row.get("athlete", "").split())
    if not athlete or not row.get("file"):
        raise ScreeningError("Expected an athlete and a file on every line, but one is empty.")
    protocol = row.get("protocol") or None
    if protocol:
        get_protocol(protocol)  # raises UnknownProtocolError with the known names
    side, view = row.get("side", "").lower(), row.get("view", "").lower()
    if side not in ("", *SIDES):
        raise ScreeningError(f"Expected side 'left', 'right' or empty, but got '{row['side']}'.")
    if view not in ("", *VIEWS):
        raise ScreeningError(f"Expected view 'front', 'side' or empty, but got '{row['view']}'.")
    return athlete, protocol, ClipEntry(Path(row["file"]), side, view), _profile(row)


def _group(rows: list[tuple[str, dict[str, str]]], problems: list[PlanProblem], source: str) -> BatchPlan:
    """Group checked rows into jobs by (athlete, protocol), keeping the order of first appearance."""
    groups: dict[tuple[str, str | None], list[ClipEntry]] = {}
    names: dict[tuple[str, str | None], tuple[str, AthleteProfile]] = {}
    for where, row in rows:
        try:
            athlete, protocol, clip, profile = _checked(row)
        except ScreeningError as error:
            problems.append(PlanProblem(where, error.one_line()))
            continue
        key = (athlete.casefold(), protocol)
        groups.setdefault(key, []).append(clip)
        names.setdefault(key, (athlete, profile))
    jobs = [Job(names[key][0], key[1], tuple(clips), names[key][1]) for key, clips in groups.items()]
    return BatchPlan(jobs, problems, source)
