"""Speed of the whole `analyze` path against bare full-rate MediaPipe inference, from one interleaved run.

Usage::

    python bench/pipeline_speed.py [--seconds 30] [--repeat 3] [--strides 1,2,3,auto] [--long-minutes 10]
                                   [--accuracy-dir bench/data/synth ...]

Clips (made in a temporary folder from ``test_videos/``, looped to ``--seconds``):

- one person: ``squat_side.mp4`` (720×1280 portrait), and the same scaled to 1080×1920;
- two people: ``two_people.mp4`` (1280×720, a second person walking in the background), and
  the same scaled to 1920×1080.

For each clip, ``--repeat`` interleaved rounds (medians reported) of:

- *bare*: frames per second of MediaPipe alone on every frame (time inside the estimator's
  ``detect``: colour conversion, VIDEO mode, one pose), frames decoded beforehand and not timed;
- *analyze at stride S*: frames per second (clip frames / wall time) of ``screening analyze``
  without the annotated video, in this process: decoding, pose at that stride, people census,
  cleaning, angles, protocol, CSV, JSON, landmarks; and once more at stride ``auto`` with the
  video (rendered after the analysis).

Printed per clip: bare fps, analyze fps per stride, the ratio analyze/bare (time of bare over
time of analyze: 2.5 means the analysis takes 0.4 of bare inference's time) and the real-time
factor; then the two-person/one-person speed ratio at each size. With ``--long-minutes``, peak
memory of a 10-s and a long clip (separate processes). With ``--accuracy-dir``, the reported
numbers at stride ``auto`` against stride 1 on every clip there (``bench/stride_accuracy.py``).
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

CLIPS = (  # name, source clip, protocol, scale filter (None = as it is)
    ("one person 720p", "squat_side.mp4", "squat", None),
    ("one person 1080p", "squat_side.mp4", "squat", "scale=1080:1920"),
    ("two people 720p", "two_people.mp4", "squat", None),  # the central person squats: no second pass
    ("two people 1080p", "two_people.mp4", "squat", "scale=1920:1080"),
)


def make_clip(source: Path, seconds: float, scale: str | None, target: Path) -> Path:
    """Write ``source`` looped to ``seconds`` (re-encoded H.264 when scaled, else stream-copied) to ``target``."""
    codec = ["-vf", scale, "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p"] if scale \
        else ["-c", "copy"]
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-stream_loop", "-1", "-i", str(source), "-t", str(seconds),
                    *codec, str(target)], check=True)
    return target


def bare_inference_fps(path: Path) -> tuple[float, int, str, float]:
    """Return (fps, frames, size, clip fps) of MediaPipe detect_for_video alone on every frame of ``path``."""
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


def analyze_fps(path: Path, protocol: str, frames: int, stride: str, video: bool) -> float:
    """Return clip frames per second of the CLI's whole analyze path at ``stride``, in this process."""
    from screening.cli import main

    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        code = main(["analyze", str(path), "--protocol", protocol, "--out", out, "--stride", stride,
                     *([] if video else ["--no-video"])])
        elapsed = time.perf_counter() - start
    if code not in (0, 8):  # 8: the movement was not recognised (the two-person clip as a squat): still timed
        raise SystemExit(f"analyze failed with exit code {code}")
    return frames / elapsed


def peak_rss_mb(path: Path, protocol: str) -> tuple[float, float]:
    """Return (peak RSS MB, seconds) of `screening analyze` on ``path`` in a fresh process."""
    with tempfile.TemporaryDirectory() as out:
        code = (
            "import resource, time; from screening.cli import main; t = time.perf_counter(); "
            f"rc = main(['analyze', {str(path)!r}, '--protocol', {protocol!r}, '--out', {out!r}]); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, time.perf_counter() - t, rc)"
        )
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    rss, seconds, rc = result.stdout.strip().splitlines()[-1].split()
    if rc != "0":
        raise SystemExit(f"analyze of {path.name} failed: {result.stderr.strip()}")
    return float(rss), float(seconds)


def speed(args: argparse.Namespace, folder: Path) -> None:
    """Print the speed figures of every clip."""
    strides = args.strides.split(",")
    summary: dict[str, dict] = {}
    for name, source, protocol, scale in CLIPS:
        if args.sizes and not any(name.endswith(size) for size in args.sizes.split(",")):
            continue
        clip = make_clip(REPO / "test_videos" / source, args.seconds, scale, folder / f"{name.replace(' ', '_')}.mp4")
        rounds: list[dict[str, float]] = []
        for _ in range(args.repeat):  # interleaved: a burst of other load hits every measure alike
            bare, frames, size, fps = bare_inference_fps(clip)
            figures = {"bare": bare}
            for stride in strides:
                figures[stride] = analyze_fps(clip, protocol, frames, stride, video=False)
            figures["auto+video"] = analyze_fps(clip, protocol, frames, "auto", video=True)
            rounds.append(figures)
            print(f"{name} round {len(rounds)}: " + ", ".join(f"{k} {v:.1f} fps" for k, v in figures.items()),
                  flush=True)
        medians = {key: float(np.median([r[key] for r in rounds])) for key in rounds[0]}
        speedup = {key: float(np.median([r[key] / r["bare"] for r in rounds])) for key in rounds[0] if key != "bare"}
        summary[name] = {
            "frames": frames, "frame_size_px": size, "clip_fps": round(fps, 2), "rounds": len(rounds),
            "bare_inference_fps": round(medians["bare"], 1),
            "analyze_fps": {key: round(value, 1) for key, value in medians.items() if key != "bare"},
            "speed_vs_bare": {key: round(value, 2) for key, value in speedup.items()},
            "time_vs_bare": {key: round(1 / value, 2) for key, value in speedup.items()},
            "realtime_factor": {key: round(value / fps, 2) for key, value in medians.items() if key != "bare"},
        }
        print(json.dumps({name: summary[name]}, indent=2), flush=True)
    for size in ("720p", "1080p"):
        if f"one person {size}" not in summary:
            continue
        one, two = summary[f"one person {size}"], summary[f"two people {size}"]
        ratios = {key: round(two["speed_vs_bare"][key] / one["speed_vs_bare"][key], 2) for key in one["speed_vs_bare"]}
        print(f"two people / one person at {size} (speed relative to each clip's own bare inference): {ratios}")


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=30.0, help="loop each clip to this length")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved rounds (medians)")
    parser.add_argument("--strides", default="1,2,3,auto", help="strides to time, comma-separated")
    parser.add_argument("--sizes", default="", help="only these clip sizes, e.g. 1080p (default: 720p and 1080p)")
    parser.add_argument("--long-minutes", type=float, default=0.0, help="length of the long clip for memory (0 = skip)")
    parser.add_argument("--accuracy-dir", type=Path, nargs="*", default=[], help="clips to compare with stride 1")
    parser.add_argument("--skip-speed", action="store_true", help="only the memory and accuracy parts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_speed:
            speed(args, Path(tmp))
        if args.long_minutes > 0:
            short = make_clip(REPO / "test_videos" / "squat_side.mp4", 10, None, Path(tmp) / "short.mp4")
            long = make_clip(REPO / "test_videos" / "squat_side.mp4", args.long_minutes * 60, None, Path(tmp) / "l.mp4")
            (short_rss, short_s), (long_rss, long_s) = peak_rss_mb(short, "squat"), peak_rss_mb(long, "squat")
            print(json.dumps({"peak_rss_10s_clip_mb": round(short_rss, 1), "peak_rss_long_clip_mb": round(long_rss, 1),
                              "long_clip_minutes": args.long_minutes,
                              "rss_difference_mb": round(long_rss - short_rss, 1),
                              "seconds": [round(short_s, 1), round(long_s, 1)]}, indent=2), flush=True)
    if args.accuracy_dir:
        subprocess.run([sys.executable, str(REPO / "bench" / "stride_accuracy.py"), *map(str, args.accuracy_dir)],
                       check=True)
    print(f"max RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
