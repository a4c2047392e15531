"""False and true refusals of the early set-up check (``screening.capture.early``), and its time.

Usage (from the repository root)::

    python bench/early_check.py                  # test_videos/ and bench/data/landmarks/ (if present)

For every clip of ``test_videos/`` with each screen it could be filmed for, the first 3 s are
checked (real MediaPipe) and the verdict is compared with the full analysis of the whole clip
(early check off): a **false refusal** is a clip refused early that the full analysis measures with
its view check passed; a **true refusal** one the full analysis also flags (view check failed, or
nobody found). For the cached landmarks of the rendered benchmark set (``bench/data/landmarks/*.npz``,
written by ``bench/accuracy.py``; their camera offset is in the name, ``off0`` … ``off45``) the same
decision runs on the first 3 s of the saved landmarks, subsampled to 10 frames a second.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from screening.capture.early import SAMPLE_FPS, WINDOW_S, check_clip_start, decide  # noqa: E402
from screening.capture.setup import check_frame  # noqa: E402
from screening.config import load_settings  # noqa: E402
from screening.errors import ScreeningError  # noqa: E402
from screening.io.npz import load_series  # noqa: E402
from screening.pipeline import analyze  # noqa: E402
from screening.pose.estimator import PoseDetection  # noqa: E402

CLIPS = {  # clip stem -> the screens it is checked with
    "overhead_reach_side_left": ("overhead_reach",), "overhead_reach_side_right": ("overhead_reach",),
    "overhead_reach_front": ("overhead_reach",), "overhead_reach_trunk_extension": ("overhead_reach",),
    "overhead_reach_wrong_view": ("overhead_reach",), "hip_rotation_seated_front": ("hip_rotation",),
    "squat_front": ("squat",), "squat_side": ("squat",), "single_leg_squat_front_left": ("single_leg_squat",),
    "two_people": ("overhead_reach", "squat"), "no_person": ("squat",), "walk_side": ("squat",),
    "walk_front": ("squat",), "jump_front": ("squat",), "jump_side": ("overhead_reach",),
    "stand_still_front": ("posture",), "arm_wave_front": ("overhead_reach",), "squat_walker_backlit": ("squat",),
    "enter_then_reach": ("overhead_reach",), "squat_partial_body": ("squat",),
}
PROTOCOL_OF = {"reach": "overhead_reach", "hip": "hip_rotation", "posture": "posture", "single": "single_leg_squat",
               "squat": "squat"}


def full_view_ok(path: Path, protocol: str, settings) -> str:
    """Return "ok", "flagged" (a view check failed) or the error class of the full analysis."""
    try:
        result = analyze([path], settings, protocol).result
    except ScreeningError as error:
        return type(error).__name__
    return "ok" if result is not None and all(v.ok for v in result.views) else "flagged"


def videos(settings) -> list[tuple[str, str, str, str, float]]:
    rows = []
    full_settings = settings.model_copy(update={"early_check_s": 0.0, "annotate_video": False})
    for stem, protocols in CLIPS.items():
        path = ROOT / "test_videos" / f"{stem}.mp4"
        if not path.exists():
            continue
        for protocol in protocols:
            start = time.perf_counter()
            verdict = check_clip_start(path, settings, protocol)
            seconds = time.perf_counter() - start
            early = "ok" if verdict.ok else type(verdict.error).__name__
            rows.append((stem, protocol, early, full_view_ok(path, protocol, full_settings), seconds))
            print(f"{stem:34s} {protocol:17s} early={early:14s} full={rows[-1][3]:14s} {seconds:5.1f} s"
                  + (f"  [{verdict.error.one_line()}]" if verdict.error else ""), flush=True)
    return rows


def detection(series, index: int) -> PoseDetection | None:
    position = series["position"].values[index].astype(float)  # (2, 33)
    if not np.isfinite(position).any():
        return None
    world = series["world_position"].values[index].astype(float)  # (3, 33)
    return PoseDetection(position, world, series["visibility"].values[index], series["presence"].values[index])


def landmarks(folder: Path) -> list[tuple[str, str, bool, str]]:
    from screening.kinematics.view import check_view
    from screening.protocols.base import get_protocol

    rows = []
    for path in sorted(folder.glob("*.npz")):
        series = load_series(path)
        key = path.stem.split("_")[1]
        protocol = PROTOCOL_OF.get(key, "overhead_reach")  # soft_fit_*, soft_holdout_*: reaches with a soft elbow
        times = series["time"].values
        picks, next_s = [], times[0]
        for index, t in enumerate(times):
            if t - times[0] < WINDOW_S and t + 1e-6 >= next_s:
                picks.append(index)
                next_s = t + 1 / SAMPLE_FPS
        width, height = series.attrs["frame_width"], series.attrs["frame_height"]
        checks = []
        for index in picks:
            det = detection(series, index)
            checks.append(check_frame([det] if det else [], width, height, protocol_name=protocol,
                                      time_s=float(times[index]), subject=det))
        window = series.isel(time=picks)
        verdict = decide(path.name, protocol, checks, window)
        full = check_view(series, get_protocol(protocol).expected_view(series)).ok
        rows.append((path.stem, protocol, verdict.ok, "ok" if full else "flagged"))
        print(f"{path.stem:44s} early={'ok' if verdict.ok else 'refused':8s} full={'ok' if full else 'flagged'}"
              + (f"  [{verdict.error.one_line()}]" if verdict.error else ""), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--landmarks", type=Path, default=ROOT / "bench" / "data" / "landmarks")
    parser.add_argument("--no-videos", action="store_true")
    args = parser.parse_args()
    settings = load_settings()
    if not args.no_videos:
        rows = videos(settings)
        good = [r for r in rows if r[3] == "ok"]
        bad = [r for r in rows if r[3] != "ok"]
        false = [r for r in good if r[2] != "ok"]
        true = [r for r in bad if r[2] != "ok"]
        print(f"\ntest_videos: {len(rows)} clip×screen runs; false refusals {len(false)} of {len(good)} the full "
              f"analysis passes; refused early {len(true)} of {len(bad)} it flags or refuses; early check "
              f"median {np.median([r[4] for r in rows]):.1f} s, max {max(r[4] for r in rows):.1f} s")
    if args.landmarks.is_dir():
        rows = landmarks(args.landmarks)
        good = [r for r in rows if r[3] == "ok"]
        false = [r for r in good if not r[2]]
        bad = [r for r in rows if r[3] != "ok"]
        print(f"\nbench landmarks: {len(rows)} clips; false refusals {len(false)} of {len(good)} passing the full view "
              f"check; refused early {sum(not r[2] for r in bad)} of {len(bad)} it flags")


if __name__ == "__main__":
    main()
