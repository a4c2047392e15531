"""Reported peaks of the strided analysis against the full-rate analysis of the same clips.

Usage::

    python bench/stride_accuracy.py [--stride auto] CLIP_OR_FOLDER ...

Every video clip (``*.mp4``) given, or found in the folders given, is analysed twice in this
process with its protocol (from its truth JSON's ``notes.bench.protocol``, else from its name),
once at stride 1 (every frame) and once at ``--stride``, with the same settings otherwise. Printed
per clip: frames inferred, reps per angle column in both runs, and the largest difference of any
reported number (every numeric finding of the protocol: peaks, ranges, asymmetries); then the
mean, median, 95th percentile and maximum absolute difference over all reported numbers, and
the clips where a rep was lost or gained.

With ``--noise-floor``, the second run is not another stride: it is stride 1 on a copy of the clip
re-encoded almost losslessly (x264 CRF 8), which shows how much MediaPipe's own noise moves the
reported numbers between two equally valid analyses of the same movement.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

PREFIXES = ("single_leg_squat", "overhead_reach", "hip_rotation", "squat", "posture")


def protocol_of(clip: Path) -> str | None:
    """Return the clip's protocol: from its truth JSON if it says, else from its name."""
    truth = clip.with_suffix(".json")
    if truth.exists():
        notes = json.loads(truth.read_text()).get("notes", {})
        for key in ("bench", "recognition"):
            value = notes.get(key, {}) if isinstance(notes.get(key), dict) else {}
            if value.get("protocol"):
                return str(value["protocol"])
    grouped = clip.stem.startswith(("holdout3_", "soft_fit_", "soft_holdout_"))
    name = clip.stem.split("_", 1)[1] if grouped else clip.stem
    return next((p for p in PREFIXES if name.startswith(p)), None)


def reencoded(clip: Path, folder: Path) -> Path:
    """Return a copy of ``clip`` re-encoded with x264 at CRF 8 (visually lossless) in ``folder``."""
    target = folder / clip.name
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(clip), "-c:v", "libx264", "-crf", "8", "-preset", "fast",
                    "-pix_fmt", "yuv420p", str(target)], check=True)
    return target


def reported(analysis) -> dict[tuple[str, str, str], float]:  # noqa: ANN001 - screening.pipeline.Analysis
    """Return every numeric finding value keyed by (metric, side, label)."""
    if analysis.result is None:
        return {}
    return {(f.metric, f.side, f.label): float(f.value) for f in analysis.result.findings
            if isinstance(f.value, (int, float)) and np.isfinite(f.value) and f.metric != "other_people_in_view"}


def rep_counts(analysis) -> dict[str, int]:  # noqa: ANN001
    """Return the number of reps per angle column."""
    return {column: len(reps) for column, reps in (analysis.result.reps.items() if analysis.result else [])}


def main() -> None:
    """Analyse the clips at both strides and print the differences."""
    from screening.config import load_settings
    from screening.errors import ScreeningError
    from screening.pipeline import analyze

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--stride", default="auto")
    parser.add_argument("--noise-floor", action="store_true", help="compare with a near-lossless re-encode instead")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="noise-floor-"))
    clips = sorted(c for p in args.paths for c in ([p] if p.is_file() else p.glob("*.mp4")))
    differences: list[float] = []
    lost: list[str] = []
    for clip in clips:
        protocol = protocol_of(clip)
        if protocol is None:
            continue
        runs = []
        second = reencoded(clip, folder) if args.noise_floor else clip
        for stride, path in (("1", clip), ("1" if args.noise_floor else args.stride, second)):
            settings = load_settings(annotate_video=False, stride=stride, early_check_s=0.0)
            try:
                runs.append(analyze([path], settings, protocol))
            except ScreeningError as error:
                runs.append(error)
        if any(isinstance(run, ScreeningError) for run in runs):
            said = [str(r).splitlines()[0][:60] if isinstance(r, Exception) else "ok" for r in runs]
            print(f"{clip.name}: stride 1: {said[0]} / stride {args.stride}: {said[1]}")
            continue
        full, strided = runs
        a, b = reported(full), reported(strided)
        diffs = [abs(a[k] - b[k]) for k in a if k in b]
        missing = sorted(set(a) ^ set(b))
        differences += diffs
        reps_a, reps_b = rep_counts(full), rep_counts(strided)
        if reps_a != reps_b:
            lost.append(clip.name)
        inferred = strided.clips[0].raw.attrs.get("inferred_frames")
        frames = strided.clips[0].raw.sizes["time"]
        worst = max(diffs, default=0.0)
        worst_key = max((k for k in a if k in b), key=lambda k: abs(a[k] - b[k]), default=("", "", ""))
        print(f"{clip.name} [{protocol}]: inferred {inferred}/{frames}, numbers {len(diffs)}, max diff {worst:.2f} "
              f"({worst_key[0]} {worst_key[1]}: {a.get(worst_key, np.nan):.1f} vs {b.get(worst_key, np.nan):.1f})"
              + (f", reps {reps_a} vs {reps_b}" if reps_a != reps_b else "")
              + (f", only in one run: {missing}" if missing else ""), flush=True)
    values = np.array(differences)
    if values.size:
        print(json.dumps({"clips": len(clips), "numbers": int(values.size),
                          "mean_abs_diff": round(float(values.mean()), 3),
                          "median": round(float(np.median(values)), 3),
                          "p95": round(float(np.percentile(values, 95)), 3), "max": round(float(values.max()), 3),
                          "within_1_5_deg": f"{int((values <= 1.5).sum())}/{values.size}",
                          "clips_with_rep_changes": lost}, indent=2))


if __name__ == "__main__":
    main()
