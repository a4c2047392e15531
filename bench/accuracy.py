"""Accuracy of the product on the rendered benchmark set, against exactly known angles.

Usage (from the repository root)::

    python -m tools.synth --set bench            # render bench/data/synth/ (~10 min on 2 cores)
    python bench/accuracy.py                     # analyse, print the tables, update docs/accuracy.md

The product is run as a user would run it: ``screening.pipeline.analyze`` with the default
settings and the protocol of each clip, no side hints; the reach clips of one person (left
and right arm) and the posture photos of one person (front and side) are analysed together,
so the protocol's asymmetry finding can be checked. MediaPipe's raw landmarks are cached in
``bench/data/landmarks/`` (``--fresh`` to re-run the model).

Three kinds of numbers:

* **per frame**: the product's angle column against the truth, on the frames inside the
  truth's repetitions (hip rotation: inside the reps of that leg; photos: the one frame).
  The clinical truth is ``rig_plane`` (rig joint centres projected on the body's own
  sagittal or frontal plane; equals the set angle within 0.5 deg). ``rig_2d`` (the same joint
  centres through the camera) is what a perfect 2-D joint-centre detector would read, so
  product − rig_2d is the landmark error and rig_2d − rig_plane the 2-D projection error.
  Knee FPPA is the exception: the frontal-plane *projection* angle is defined as the angle in
  the frontal video image (Willson & Davis 2008; Munro et al. 2012), so its truth is
  ``rig_2d``; the rows marked "vs the 3-D frontal-plane angle" compare it with ``rig_plane``.
* **per clip**: the protocol's findings (peak range per side, asymmetry left − right,
  compensations) against the truth peaks.
* **view check**: the share of clips flagged (a ``view_check`` finding or ``view.ok`` False),
  by the camera's offset from the view the protocol needs.

Error = product − truth (deg). MAE = mean |error|; bias = mean error; 95 % limits of
agreement = bias ± 1.96 SD (Bland–Altman; per-frame errors of one clip are correlated, so
these describe frames, not independent trials); worst = the largest |error|, signed.

The code is in four parts: ``accuracy_truth`` (truth JSON, clip kinds), ``accuracy_product`` (the
product run and its earlier measures), ``accuracy_compare`` (product against truth, one function per
clip kind) and ``accuracy_report`` (statistics, targets, the markdown section); this file runs them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import time
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.accuracy_compare import asymmetry_rows, clip_rows, frame_rows  # noqa: E402
from bench.accuracy_product import run_product  # noqa: E402
from bench.accuracy_report import BEGIN, END, report, write_doc  # noqa: E402
from bench.accuracy_truth import BENT, load_truth, units  # noqa: E402

__all__ = ["BENT", "REPO", "clip_rows", "load_truth", "run_product", "units"]  # used by bench/confidence.py and tests


def _git_state() -> str:
    """Return the repository's commit and whether ``screening/`` has uncommitted changes (read-only git)."""
    import subprocess

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "screening")
    return f"commit {head}" + (" with uncommitted changes in screening/" if dirty else "")


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the tables; update the generated section of the doc."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=REPO / "bench/data/synth", help="rendered clips + truth JSON")
    parser.add_argument("--cache", type=Path, default=REPO / "bench/data/landmarks", help="raw landmark cache")
    parser.add_argument("--fresh", action="store_true", help="ignore the landmark cache, run MediaPipe again")
    parser.add_argument("--doc", type=Path, default=REPO / "docs/accuracy.md", help="markdown file to update")
    parser.add_argument("--no-doc", action="store_true", help="print only")
    parser.add_argument("--csv", type=Path, help="also write the per-frame and per-clip rows to this folder")
    parser.add_argument("--only", help="analyse only clips whose name contains this")
    args = parser.parse_args(argv)
    clips = load_truth(args.data)
    if args.only:
        clips = [c for c in clips if args.only in c.name]
    if not clips:
        print(
            f"Expected benchmark clips (truth JSON with notes.bench) in {args.data}, found none. "
            "Render them with: python -m tools.synth --set bench",
            file=sys.stderr,
        )
        return 2
    cached = 0 if args.fresh else sum((args.cache / f"{c.name}.npz").exists() for c in clips)
    load_before, start = _load(), time.perf_counter()
    frame_list, clip_list, asym_list, view_list = [], [], [], []
    groups = units(clips)
    for n, group in enumerate(groups, 1):
        products = run_product(group, args.cache, args.fresh)
        unit_clips = []
        for clip, product in zip(group, products, strict=True):
            frame_list += frame_rows(clip, product)
            rows = clip_rows(clip, product)
            unit_clips += rows
            view_list.append(
                {
                    "clip": clip.name,
                    "kind": clip.kind,
                    "offset_deg": clip.offset_deg,
                    "true_offset_deg": clip.true_view_offset_deg,
                    "flagged": not product.view_ok,  # the clip's part of the view_check finding
                    "off_by_deg": product.off_by_deg,
                    "yaw_deg": product.body_yaw_deg,
                    "reason": product.reason,
                }
            )
        clip_list += unit_clips
        asym_list += asymmetry_rows(group, products[0], pd.DataFrame(unit_clips))
        print(f"[{n}/{len(groups)}] {' + '.join(c.name for c in group)}", file=sys.stderr, flush=True)
    frames, clip_df = pd.DataFrame(frame_list), pd.DataFrame(clip_list)
    peak_columns = ["clip", "kind", "metric", "side", "offset_deg", "group", "product", "truth"]
    asym, views = pd.DataFrame(asym_list, columns=peak_columns), pd.DataFrame(view_list)
    import mediapipe

    import screening

    meta = {
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "host": f"{platform.machine()}, {os.cpu_count()} cores",
        "n_clips": len(clips),
        "n_cached": cached,
        "n_units": len(groups),
        "elapsed_s": time.perf_counter() - start,
        "load_before": load_before,
        "load_after": _load(),
        "version": screening.__version__,
        "mediapipe": mediapipe.__version__,
        "commit": _git_state(),
    }
    section = report(frames, clip_df, asym, views, meta)
    print(section.replace(BEGIN, "").replace(END, ""))
    if args.csv:
        args.csv.mkdir(parents=True, exist_ok=True)
        frames.to_csv(args.csv / "frames.csv", index=False)
        pd.concat([clip_df, asym]).to_csv(args.csv / "clips.csv", index=False)
        views.to_csv(args.csv / "views.csv", index=False)
    if not args.no_doc:
        write_doc(args.doc, section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
