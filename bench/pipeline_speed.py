"""Speed and memory of the whole `analyze` path vs bare MediaPipe inference, from one run.

Usage::

    python bench/pipeline_speed.py [--clip test_videos/squat_side.mp4] [--seconds 60] [--repeat 3] [--long-minutes 10]

Prints, on the same frames (the clip looped to ``--seconds``, default 60 s), each measured in
``--repeat`` interleaved rounds (default 3; the medians are the figures):
- frames per second of bare MediaPipe inference (time inside the estimator's detect only, VIDEO mode, 1 pose);
- frames per second of the whole analyze path (decode, pose, people census, cleaning, angles,
  protocol, annotated H.264 video, CSV and JSON), the ratio of the two, and the real-time factor;
- peak memory (max RSS) of `screening analyze` on a ~10-second clip and on a long clip made by
  looping it (default 10 minutes), each in its own process, and their difference.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def bare_inference_fps(path: Path) -> tuple[float, int, str, float]:
    """Return (fps, frames, size, clip fps) of MediaPipe detect_for_video alone on ``path``'s frames.

    Frames are decoded as in the product, but only the time spent inside the estimator's
    ``detect`` (colour conversion + MediaPipe, one pose, VIDEO mode) is counted.
    """
    from screening.pose.mediapipe_backend import MediaPipePoseEstimator
    from screening.pose.model import DEFAULT_MODEL_PATH
    from screening.source import open_source

    source = open_source(path)
    busy_s, frames, size = 0.0, 0, ""
    with MediaPipePoseEstimator(DEFAULT_MODEL_PATH, mode="video", num_poses=1) as estimator:
        for frame in source.frames():
            if frames == 0:
                size = f"{frame.image.shape[1]}x{frame.image.shape[0]}"
                estimator.detect(frame.image, -1.0)  # warm-up outside the timing
            start = time.perf_counter()
            estimator.detect(frame.image, frame.time_s)
            busy_s += time.perf_counter() - start
            frames += 1
    return frames / busy_s, frames, size, source.info.fps


def analyze_path_fps(path: Path, protocol: str, frames: int) -> float:
    """Return frames per second of the CLI's whole analyze path, in this process."""
    from screening.cli import main

    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        code = main(["analyze", str(path), "--protocol", protocol, "--out", out])
        elapsed = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"analyze failed with exit code {code}")
    return frames / elapsed


def loop_clip(path: Path, minutes: float, target: Path) -> Path:
    """Write ``path`` looped to ``minutes`` long into ``target`` (stream copy, no re-encode)."""
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-stream_loop", "-1", "-i", str(path), "-t", str(minutes * 60), "-c", "copy",
         str(target)], check=True,
    )
    return target


def peak_rss_mb(path: Path, protocol: str) -> tuple[float, float, float]:
    """Return (peak RSS MB, RSS at the end MB, seconds) of `screening analyze` on ``path`` in a fresh process.

    The peak is the process's high-water mark (``ru_maxrss``); the end value (``VmRSS`` once the
    results are written) shows what the analysis itself still holds.
    """
    with tempfile.TemporaryDirectory() as out:
        code = (
            "import resource, sys, time, re; from screening.cli import main; t = time.perf_counter(); "
            f"rc = main(['analyze', {str(path)!r}, '--protocol', {protocol!r}, '--out', {out!r}]); "
            "end = int(re.search(r'VmRSS:\\s+(\\d+)', open('/proc/self/status').read()).group(1)) / 1024; "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, end, time.perf_counter() - t, rc)"
        )
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    rss, end, seconds, rc = result.stdout.strip().splitlines()[-1].split()
    if rc != "0":
        raise SystemExit(f"analyze of {path.name} failed: {result.stderr.strip()}")
    return float(rss), float(end), float(seconds)


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clip", type=Path, default=REPO / "test_videos" / "squat_side.mp4")
    parser.add_argument("--protocol", default="squat")
    parser.add_argument("--seconds", type=float, default=60.0, help="loop the clip to this length for the speed run")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved rounds of bare and analyze (medians)")
    parser.add_argument("--long-minutes", type=float, default=10.0, help="length of the long clip (0 = skip)")
    args = parser.parse_args()

    rounds = []
    with tempfile.TemporaryDirectory() as tmp:
        clip = loop_clip(args.clip, args.seconds / 60, Path(tmp) / "speed.mp4")
        for _ in range(args.repeat):  # interleaved, so a burst of other load hits both measures alike
            bare, n_frames, size, fps = bare_inference_fps(clip)
            whole = analyze_path_fps(clip, args.protocol, n_frames)
            rounds.append((bare, whole))
            print(f"round {len(rounds)}: bare {bare:.1f} fps, analyze {whole:.1f} fps, ratio {whole / bare:.3f}",
                  flush=True)
    bare, whole = (float(np.median([r[i] for r in rounds])) for i in (0, 1))
    ratio = float(np.median([w / b for b, w in rounds]))
    figures = {
        "clip": f"{args.clip.name} looped to {args.seconds:g} s", "frames": n_frames, "frame_size_px": size,
        "clip_fps": round(fps, 2), "rounds": len(rounds),
        "bare_inference_fps": round(bare, 1), "analyze_path_fps": round(whole, 1),
        "ratio_analyze_to_bare": round(ratio, 3), "realtime_factor": round(whole / fps, 2),
        "ratio_per_round": [round(w / b, 3) for b, w in rounds],
    }
    print(json.dumps(figures, indent=2), flush=True)
    if args.long_minutes > 0:
        with tempfile.TemporaryDirectory() as tmp:
            short = loop_clip(args.clip, 10 / 60, Path(tmp) / "short_10s.mp4")
            long = loop_clip(args.clip, args.long_minutes, Path(tmp) / f"long_{args.long_minutes:g}min.mp4")
            short_rss, short_end, short_s = peak_rss_mb(short, args.protocol)
            long_rss, long_end, long_s = peak_rss_mb(long, args.protocol)
        print(json.dumps({
            "peak_rss_10s_clip_mb": round(short_rss, 1), "peak_rss_long_clip_mb": round(long_rss, 1),
            "rss_at_end_10s_clip_mb": round(short_end, 1), "rss_at_end_long_clip_mb": round(long_end, 1),
            "long_clip_minutes": args.long_minutes, "rss_difference_mb": round(long_rss - short_rss, 1),
            "long_clip_analyze_seconds": round(long_s, 1), "short_clip_analyze_seconds": round(short_s, 1),
        }, indent=2))
    print(f"max RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
