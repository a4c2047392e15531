"""What the store hands to callers: frozen records, never ORM objects, and the profile rules."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from screening.errors import StoreError

PROFILE_KEYS = ("birth_year", "sex", "height_cm", "dominant_side", "sport", "notes")
SEXES = ("", "female", "male")
SIDES = ("", "left", "right")
MAX_NAME_CHARS = 200
HEIGHT_RANGE_CM = (40.0, 260.0)
EARLIEST_BIRTH_YEAR = 1900


@dataclass(frozen=True)
class AthleteRecord:
    """An athlete or client: a display name or pseudonymous code and an optional profile.

    ``height_cm`` is in centimetres; ``session_count`` and ``last_session_at`` (UTC) summarise
    their history at the time of the query.
    """

    id: int
    name: str
    birth_year: int | None
    sex: str
    height_cm: float | None
    dominant_side: str
    sport: str
    notes: str
    created_at: dt.datetime
    session_count: int = 0
    last_session_at: dt.datetime | None = None


@dataclass(frozen=True)
class ClipRecord:
    """One clip of a session: its source, and absolute paths of the files kept for it."""

    source_name: str
    source_sha256: str
    frames: int
    duration_s: float
    landmarks_path: Path
    video_path: Path | None = None
    annotated_video_path: Path | None = None


@dataclass(frozen=True)
class SessionRecord:
    """One saved analysis. ``recorded_at``/``saved_at`` are UTC; ``settings`` is the settings fingerprint."""

    id: int
    athlete_id: int
    recorded_at: dt.datetime
    saved_at: dt.datetime
    protocol: str | None
    software_version: str
    model_name: str
    model_sha256: str
    settings: dict[str, Any]
    notes: str
    clips: tuple[ClipRecord, ...] = ()
    finding_count: int = 0
    flagged_count: int = 0


# Characters a name may not hold: C0/C1 controls (NUL, newline, escape...), unpaired surrogates
# (bytes of a command line that are not UTF-8) and the bidirectional overrides that make a
# name print as another one. Joiners (U+200C/U+200D) stay: some scripts need them.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def name_problem(name: object) -> str | None:
    """Return why ``name`` cannot be an athlete name or code ("it is empty"...), or None if it can."""
    if not isinstance(name, str) or not name.strip():
        return "it is empty" if isinstance(name, str) else f"a {type(name).__name__}"
    for char in name:
        if char in "\t\n\r":
            continue  # whitespace: folded into single spaces
        if unicodedata.category(char) == "Cs":
            return f"it holds a byte that is not UTF-8 text (0x{ord(char) - 0xDC00:02X})"
        if unicodedata.category(char) == "Cc" or char in _BIDI_CONTROLS:
            return f"it holds the control character U+{ord(char):04X}"
    if len(" ".join(name.split())) > MAX_NAME_CHARS:
        return f"it has {len(' '.join(name.split()))} characters (at most {MAX_NAME_CHARS})"
    return None


def clean_name(name: str) -> str:
    """Return ``name`` stripped, checking it is a usable display name or code (see :func:`name_problem`)."""
    if not isinstance(name, str) or not name.strip():
        raise StoreError(f"Expected an athlete name or code, but got {name!r}.")
    problem = name_problem(name)
    if problem is not None and len(" ".join(name.split())) <= MAX_NAME_CHARS:
        raise StoreError(f"Expected an athlete name or code of printable characters, but {problem}: "
                         f"{ascii(name)[:80]}.")
    name = " ".join(name.split())
    if len(name) > MAX_NAME_CHARS:
        raise StoreError(f"Expected an athlete name of at most {MAX_NAME_CHARS} characters, but got {len(name)}.")
    return name


def name_key(name: str) -> str:
    """Return the key names are matched by: whitespace-normalised and case-folded."""
    return clean_name(name).casefold()


def clean_profile(profile: dict[str, Any], allow_name: bool = False) -> dict[str, Any]:
    """Return the profile values checked and normalised (units: ``height_cm`` in cm).

    Raises
    ------
    StoreError
        If a key is unknown or a value is out of range.
    """
    allowed = (*PROFILE_KEYS, "name") if allow_name else PROFILE_KEYS
    unknown = sorted(set(profile) - set(allowed))
    if unknown:
        raise StoreError(f"Expected profile keys among {list(allowed)}, but got {unknown}.")
    out: dict[str, Any] = {}
    for key, value in profile.items():
        out[key] = _CHECKS[key](value)
    return out


def _birth_year(value: Any) -> int | None:
    if value is None:
        return None
    latest = dt.date.today().year
    if isinstance(value, bool) or not isinstance(value, int) or not EARLIEST_BIRTH_YEAR <= value <= latest:
        raise StoreError(f"Expected birth_year as a year {EARLIEST_BIRTH_YEAR}–{latest}, but got {value!r}.")
    return value


def _height_cm(value: Any) -> float | None:
    if value is None:
        return None
    low, high = HEIGHT_RANGE_CM
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= float(value) <= high:
        raise StoreError(f"Expected height_cm between {low:g} and {high:g} cm, but got {value!r}.")
    return float(value)


def _choice(key: str, choices: tuple[str, ...]) -> Any:
    def check(value: Any) -> str:
        value = "" if value is None else value
        if value not in choices:
            raise StoreError(f"Expected {key} in {list(choices)}, but got {value!r}.")
        return str(value)

    return check


def _text(key: str, max_chars: int | None) -> Any:
    def check(value: Any) -> str:
        value = "" if value is None else value
        if not isinstance(value, str) or (max_chars is not None and len(value) > max_chars):
            raise StoreError(f"Expected {key} as text of at most {max_chars or 'any number of'} characters, "
                             f"but got {value!r:.60}.")
        return value.strip()

    return check


_CHECKS = {
    "name": clean_name,
    "birth_year": _birth_year,
    "sex": _choice("sex", SEXES),
    "height_cm": _height_cm,
    "dominant_side": _choice("dominant_side", SIDES),
    "sport": _text("sport", 200),
    "notes": _text("notes", None),
}
