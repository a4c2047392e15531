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

``--cache DIR`` keeps the stride-1 runs (numbers and rep counts) keyed by the clip and the code
that made them (every ``screening`` module except the frame schedule, which stride 1 does not use),
so that trying another schedule does not analyse every clip at full rate again. ``--json FILE``
writes every number of both runs; then a table per metric: mean and largest difference, and with
``--floor FILE`` (the ``--json`` of a ``--noise-floor`` run) the same for the noise floor.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

PROTOCOLS = ("single_leg_squat", "overhead_reach", "hip_rotation", "squat", "posture", "toe_touch")
PREFIXES = PROTOCOLS  # clip names start with their protocol (after a group prefix)


def protocol_of(clip: Path) -> str | None:
    """Return the clip's protocol: from its truth JSON if it says, else from its name."""
    truth = clip.with_suffix(".json")
    if truth.exists():
        notes = json.loads(truth.read_text()).get("notes", {})
        for key in ("bench", "recognition"):
            value = notes.get(key, {}) if isinstance(notes.get(key), dict) else {}
            shown = value.get("protocol") or value.get("shows")
            if shown in PROTOCOLS:
                return str(shown)
    grouped = clip.stem.startswith(("holdout3_", "holdout4_", "soft_fit_", "soft_holdout_"))
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


def code_fingerprint() -> str:
    """Return a hash of the ``screening`` sources a stride-1 run depends on (not the frame schedule)."""
    digest = hashlib.sha256()
    for path in sorted((REPO / "screening").rglob("*.py")):
        if path.name not in ("schedule.py", "extract.py"):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_path(cache: Path, clip: Path, noise_floor: bool, fingerprint: str) -> Path:
    """Return where the stride-1 run of ``clip`` is kept."""
    stat = clip.stat()
    key = f"{clip.name}-{stat.st_size}-{int(stat.st_mtime)}-{fingerprint}"
    return cache / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}.json"


def summary(analysis) -> dict:  # noqa: ANN001
    """Return what the comparison uses of a run: numbers (keys joined by '|'), reps, frames inferred."""
    return {"numbers": {"|".join(map(str, k)): v for k, v in reported(analysis).items()},
            "reps": rep_counts(analysis),
            "inferred": analysis.clips[0].raw.attrs.get("inferred_frames"),
            "frames": analysis.clips[0].raw.sizes["time"]}


def per_metric(records: list[dict]) -> dict[str, list[float]]:
    """Return the absolute differences of ``records`` grouped by metric."""
    grouped: dict[str, list[float]] = {}
    for record in records:
        grouped.setdefault(record["metric"], []).append(abs(record["second"] - record["full"]))
    return grouped


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
    parser.add_argument("--cache", type=Path, help="keep the stride-1 runs here")
    parser.add_argument("--json", type=Path, help="write every number of both runs here")
    parser.add_argument("--floor", type=Path, help="the --json of a --noise-floor run, for the per-metric table")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="noise-floor-"))
    fingerprint = code_fingerprint()
    clips = sorted(c for p in args.paths for c in ([p] if p.is_file() else p.glob("*.mp4")))
    differences: list[float] = []
    records: list[dict] = []
    lost: list[str] = []

    def run(path: Path, stride: str) -> dict | str:
        settings = load_settings(annotate_video=False, stride=stride, early_check_s=0.0)
        try:
            return summary(analyze([path], settings, protocol))
        except ScreeningError as error:
            return str(error).splitlines()[0][:60]

    for clip in clips:
        protocol = protocol_of(clip)
        if protocol is None:
            continue
        kept = cache_path(args.cache, clip, args.noise_floor, fingerprint) if args.cache else None
        if kept is not None and kept.exists():
            full = json.loads(kept.read_text())
        else:
            full = run(clip, "1")
            if kept is not None:
                kept.parent.mkdir(parents=True, exist_ok=True)
                kept.write_text(json.dumps(full))
        second = run(reencoded(clip, folder), "1") if args.noise_floor else run(clip, args.stride)
        if isinstance(full, str) or isinstance(second, str):
            said = [r if isinstance(r, str) else "ok" for r in (full, second)]
            print(f"{clip.name}: stride 1: {said[0]} / stride {args.stride}: {said[1]}")
            continue
        a, b = full["numbers"], second["numbers"]
        diffs = [abs(a[k] - b[k]) for k in a if k in b]
        records += [{"clip": clip.name, "metric": k.split("|")[0], "key": k, "full": a[k], "second": b[k]}
                    for k in a if k in b]
        missing = sorted(set(a) ^ set(b))
        differences += diffs
        if full["reps"] != second["reps"]:
            lost.append(clip.name)
        worst = max(diffs, default=0.0)
        worst_key = max((k for k in a if k in b), key=lambda k: abs(a[k] - b[k]), default="")
        print(f"{clip.name} [{protocol}]: inferred {second['inferred']}/{second['frames']}, numbers {len(diffs)}, "
              f"max diff {worst:.2f} ({worst_key}: {a.get(worst_key, np.nan):.1f} vs {b.get(worst_key, np.nan):.1f})"
              + (f", reps {full['reps']} vs {second['reps']}" if full["reps"] != second["reps"] else "")
              + (f", only in one run: {missing}" if missing else ""), flush=True)
    values = np.array(differences)
    if args.json:
        args.json.write_text(json.dumps(records, indent=1))
    if values.size:
        floor = per_metric(json.loads(args.floor.read_text())) if args.floor else {}
        print("\n| metric | numbers | mean diff | max diff | noise floor mean | noise floor max |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for metric, found in sorted(per_metric(records).items()):
            base = floor.get(metric, [])
            floor_cells = f"{np.mean(base):.2f} | {np.max(base):.2f}" if base else "– | –"
            print(f"| {metric} | {len(found)} | {np.mean(found):.2f} | {np.max(found):.2f} | {floor_cells} |")
        print(json.dumps({"clips": len(clips), "numbers": int(values.size),
                          "mean_abs_diff": round(float(values.mean()), 3),
                          "median": round(float(np.median(values)), 3),
                          "p95": round(float(np.percentile(values, 95)), 3), "max": round(float(values.max()), 3),
                          "within_1_5_deg": f"{int((values <= 1.5).sum())}/{values.size}",
                          "clips_with_rep_changes": lost}, indent=2))


if __name__ == "__main__":
    main()
