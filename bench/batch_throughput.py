"""Batch throughput (clips per minute) with 1 and 2 local worker processes and on a local Ray instance.

Usage::

    python bench/batch_throughput.py [--repeat 4] [--ray-cpus 2] [--skip-ray]

The batch is the six single-person clips of test_videos/ (4-5 s, 120-156 frames each), each
copied ``--repeat`` times under a different athlete name, so every clip is its own job. Each
configuration runs the whole `screening batch` path (hashing, inference in the workers,
rebuilding, saving to a fresh SQLite store, ledger) into fresh folders, without annotated
videos, and is timed from the start of the batch to the last save, worker start-up included.
Prints one line per configuration, the 2-vs-1 worker ratio, the load average before each run
(other programs on the machine distort the figures), and a JSON line with everything.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CLIPS = {  # test clip -> protocol
    "squat_side": "squat", "squat_front": "squat", "overhead_reach_side_left": "overhead_reach",
    "overhead_reach_side_right": "overhead_reach", "hip_rotation_seated_front": "hip_rotation",
    "single_leg_squat_front_left": "single_leg_squat",
}


def make_folder(target: Path, repeat: int) -> int:
    """Copy the clips ``repeat`` times as ATHLETE__PROTOCOL.mp4 into ``target``; return the clip count."""
    target.mkdir(parents=True)
    count = 0
    for copy in range(repeat):
        for index, (clip, protocol) in enumerate(CLIPS.items()):
            shutil.copy(REPO / "test_videos" / f"{clip}.mp4", target / f"T{copy}-{index}__{protocol}.mp4")
            count += 1
    return count


def run_once(folder: Path, workdir: Path, label: str, runner_factory) -> dict:  # noqa: ANN001
    """Run the batch in ``folder`` with one runner into fresh folders; return its figures."""
    from screening.batch.plan import plan_batch
    from screening.batch.run import run_batch
    from screening.config import load_settings
    from screening.store import open_store

    load = os.getloadavg()
    plan = plan_batch(folder)
    ended: list[float] = []
    with open_store(data_dir=workdir / f"data-{label}") as store:
        start = time.perf_counter()
        with runner_factory() as runner:
            workers = runner.workers
            report = run_batch(plan, load_settings(), workdir / f"out-{label}", store, runner, show_progress=False,
                               echo=lambda _: ended.append(time.perf_counter()))
        wall = time.perf_counter() - start
    failed = report.with_status("failed")
    if failed:
        raise SystemExit(f"{label}: {len(failed)} job(s) failed: {failed[0].error}")
    clips = report.clips_analysed
    worker_s = sum(r.seconds for r in report.jobs) / max(clips, 1)
    cpu_s = sum(r.cpu_seconds for r in report.jobs) / max(clips, 1)
    # steady state: leave out the first clip of each worker (start-up: spawning, loading MediaPipe, Ray)
    steady = 60 * (len(ended) - workers) / (ended[-1] - ended[workers - 1]) if len(ended) > workers else float("nan")
    return {"config": label, "backend": report.backend, "clips": clips, "wall_s": round(wall, 2),
            "clips_per_min": round(60 * clips / wall, 2), "steady_clips_per_min": round(steady, 2),
            "first_clip_s": round(ended[0] - start, 2), "worker_s_per_clip": round(worker_s, 2),
            "worker_cpu_s_per_clip": round(cpu_s, 2),
            "load_before": [round(x, 2) for x in load]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=4, help="copies of the 6-clip set (default 4: 24 clips)")
    parser.add_argument("--ray-cpus", type=int, default=2, help="CPUs of the local Ray instance")
    parser.add_argument("--skip-ray", action="store_true", help="do not measure Ray")
    args = parser.parse_args()
    os.environ.setdefault("GLOG_minloglevel", "2")
    from screening.batch.runners import PoolRunner, RayRunner

    configs = [("1 worker", lambda: PoolRunner(1)), ("2 workers", lambda: PoolRunner(2))]
    if not args.skip_ray:
        configs.append((f"Ray local ({args.ray_cpus} CPUs)", lambda: RayRunner(num_cpus=args.ray_cpus)))
    results = []
    with tempfile.TemporaryDirectory(prefix="batch-bench-") as tmp:
        workdir = Path(tmp)
        clips = make_folder(workdir / "clips", args.repeat)
        print(f"{clips} clips, {os.cpu_count()} CPUs, annotated videos off", flush=True)
        for label, factory in configs:
            result = run_once(workdir / "clips", workdir, label.split(" (")[0].replace(" ", "-"), factory)
            result["config"] = label
            results.append(result)
            print(f"{label:22} {result['clips_per_min']:5.1f} clips/min overall, {result['steady_clips_per_min']:5.1f} "
                  f"steady  ({result['clips']} clips in {result['wall_s']:.1f} s, first after "
                  f"{result['first_clip_s']:.1f} s; {result['worker_s_per_clip']:.1f} s wall / "
                  f"{result['worker_cpu_s_per_clip']:.1f} s CPU per clip in a worker; "
                  f"load before {result['load_before'][0]:.2f})", flush=True)
    ratio = results[1]["clips_per_min"] / results[0]["clips_per_min"]
    steady = results[1]["steady_clips_per_min"] / results[0]["steady_clips_per_min"]
    print(f"scaling 2 workers vs 1: {ratio:.2f}x overall, {steady:.2f}x steady "
          f"(load average now {os.getloadavg()[0]:.2f})")
    print(json.dumps({"results": results, "ratio_2_vs_1": round(ratio, 2), "steady_ratio_2_vs_1": round(steady, 2)}))


if __name__ == "__main__":
    main()
