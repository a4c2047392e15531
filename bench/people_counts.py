"""How often the people census counts someone besides the subject, clip by clip, against the rendered truth.

Usage (from the repository root)::

    python bench/people_counts.py test_videos/*.mp4 bench/data/recog_holdout*/*.mp4

Each clip's landmarks are extracted as ``screening analyze`` does it (default settings, no protocol):
``people_checks`` censuses ran and ``people_checks_with_others`` of them saw more than one person. The
truth JSON next to each clip says how many people were rendered (``subjects``); a clip without one
counts as one person. Printed: one line per clip, then the one-person clips with someone else counted
(false reports) and the two-person clips with nobody else counted (misses). A second person rendered
outside the image is a miss here too: check the truth's ``other_subjects[0].joints_2d_px``.

Real footage has no truth JSON: give the number of people one sees in it after the path, ``PATH=N``::

    python bench/people_counts.py test_videos/real/street_walkers.mp4=5 bus.jpg=4 astronaut.png=1
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def clip_and_people(argument: str) -> tuple[Path, int | None]:
    """Return the path of ``PATH`` or ``PATH=N`` and N, the people seen in it (None when not given)."""
    path, _, count = argument.rpartition("=")
    return (Path(path), int(count)) if path and count.isdigit() else (Path(argument), None)


def rendered_people(clip: Path) -> int:
    """Return the number of people rendered in ``clip`` (its truth JSON's ``subjects``; 1 without truth)."""
    truth = clip.with_suffix(".json")
    if not truth.exists():
        return 1
    return max(1, len(json.loads(truth.read_text(encoding="utf-8")).get("subjects", [])))


def main(argv: list[str] | None = None) -> int:
    """Count the censuses with others in every clip given; print the table and the errors."""
    from screening.config import load_settings
    from screening.errors import ScreeningError
    from screening.pipeline import landmarks_from_file

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("clips", nargs="+", help="clips or photos, each PATH or PATH=N (N people seen in it)")
    args = parser.parse_args(argv)
    settings = load_settings()
    false_reports, misses, rows = [], [], 0
    print("| clip | people rendered (or seen) | censuses | with others | most counted |\n|---|---|---|---|---|")
    for argument in args.clips:
        clip, seen = clip_and_people(argument)
        people = rendered_people(clip) if seen is None else seen
        try:
            raw = landmarks_from_file(clip, settings)
        except ScreeningError as error:
            print(f"| `{clip.name}` | {people} | – | {error.one_line()} | – |")
            continue
        checks, others = int(raw.attrs.get("people_checks", 0)), int(raw.attrs.get("people_checks_with_others", 0))
        most = int(raw.attrs.get("people_most_counted", 0))
        print(f"| `{clip.name}` | {people} | {checks} | {others} | {most} |", flush=True)
        rows += 1
        if people == 1 and others:
            false_reports.append(clip.name)
        if people > 1 and not others:
            misses.append(clip.name)
    print(f"\n{rows} clips; one-person clips with someone else counted: {len(false_reports)} {false_reports}; "
          f"two-person clips with nobody else counted: {len(misses)} {misses}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
