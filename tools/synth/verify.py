"""Run MediaPipe PoseLandmarker on the rendered clips and compare with the truth.

``python -m tools.synth.verify --dir test_videos --model models/pose_landmarker_full.task``

Prints, per clip, the fraction of frames with at least one pose, the number of
poses found, and the median absolute difference between angles computed from
MediaPipe's 2D landmarks and the rig's projected angles (``rig_2d``) for the
measures the clip is about.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from tools.synth.truth import measures

# MediaPipe pose landmark indices.
MP_INDEX = {
    "left_ear": 7,
    "right_ear": 8,
    "left_shoulder": 11,
    "right_shoulder": 12,
    "left_elbow": 13,
    "right_elbow": 14,
    "left_wrist": 15,
    "right_wrist": 16,
    "left_hip": 23,
    "right_hip": 24,
    "left_knee": 25,
    "right_knee": 26,
    "left_ankle": 27,
    "right_ankle": 28,
}

# Measures compared per clip (the ones each clip is made to test).
CHECKS: dict[str, tuple[str, ...]] = {
    "overhead_reach_side_left": ("shoulder_flexion_left",),
    "overhead_reach_side_right": ("shoulder_flexion_right",),
    "overhead_reach_front": (),
    "overhead_reach_trunk_extension": ("shoulder_flexion_left", "arm_elevation_from_vertical_left"),
    "hip_rotation_seated_front": ("shank_from_vertical_lateral_left", "shank_from_vertical_lateral_right"),
    "squat_front": ("knee_fppa_left", "knee_fppa_right"),
    "squat_side": ("knee_flexion_left", "hip_flexion_left"),
    "single_leg_squat_front_left": ("knee_fppa_left", "pelvic_obliquity_right_down"),
    "posture_front": ("shoulder_line_right_down",),
    "posture_side": (),
    "overhead_reach_wrong_view": ("shoulder_flexion_left",),
    "two_people": (),
}


def _landmarker(model: Path, video: bool) -> Any:
    from mediapipe.tasks.python import BaseOptions, vision

    mode = vision.RunningMode.VIDEO if video else vision.RunningMode.IMAGE
    opts = vision.PoseLandmarkerOptions(
        base_options=BaseOptions(model_asset_path=str(model)), running_mode=mode, num_poses=2
    )
    return vision.PoseLandmarker.create_from_options(opts)


def _frames(path: Path) -> list[np.ndarray]:
    if path.suffix == ".jpg":
        from PIL import Image

        return [np.asarray(Image.open(path).convert("RGB"))]
    import av

    with av.open(str(path)) as c:
        return [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]


def _mp_measures(landmarks: Any, w: int, h: int) -> dict[str, float | None]:
    pts = {n: np.array([landmarks[i].x * w, landmarks[i].y * h]) for n, i in MP_INDEX.items()}
    lat = pts["left_hip"] - pts["right_hip"]
    n = np.linalg.norm(lat)
    lat = lat / n if n > 1e-6 else np.array([1.0, 0.0])
    return measures(pts, np.array([0.0, -1.0]), lat, np.array([0.0, 1.0]))


def verify_clip(path: Path, model: Path) -> dict[str, Any]:
    """Detection rate and angle agreement of MediaPipe on one clip.

    Parameters
    ----------
    path : Path
        ``.mp4`` or ``.jpg`` with a ``.json`` truth beside it.
    model : Path
        MediaPipe ``.task`` bundle.

    Returns
    -------
    dict
        ``frames``, ``detected`` (fraction with >= 1 pose), ``poses_max``,
        ``frames_by_pose_count`` and, per
        checked measure, the median absolute difference (deg) MediaPipe - rig_2d.
    """
    import mediapipe as mp

    truth = json.loads(path.with_suffix(".json").read_text())
    frames = _frames(path)
    video = path.suffix == ".mp4"
    fps = truth["video"].get("fps", 30)
    detected, poses_max = 0, 0
    counts: dict[int, int] = {}
    diffs: dict[str, list[float]] = {m: [] for m in CHECKS.get(path.stem, ())}
    with _landmarker(model, video) as lm:
        for i, frame in enumerate(frames):
            image = mp.Image(image_format=mp.ImageFormat.SRGB, data=np.ascontiguousarray(frame))
            res = lm.detect_for_video(image, int(round(i * 1000 / fps))) if video else lm.detect(image)
            n = len(res.pose_landmarks)
            counts[n] = counts.get(n, 0) + 1
            poses_max = max(poses_max, n)
            if n == 0:
                continue
            detected += 1
            if not diffs:
                continue
            got = _mp_measures(res.pose_landmarks[0], frame.shape[1], frame.shape[0])
            want = truth["frames"][i]["rig_2d"]
            for m in diffs:
                if got.get(m) is not None and want.get(m) is not None:
                    diffs[m].append(abs(got[m] - want[m]))
    return {
        "frames": len(frames),
        "detected": detected / len(frames),
        "poses_max": poses_max,
        "frames_by_pose_count": dict(sorted(counts.items())),
        "median_abs_diff_deg": {m: round(float(np.median(v)), 1) if v else None for m, v in diffs.items()},
        "p90_abs_diff_deg": {m: round(float(np.percentile(v, 90)), 1) if v else None for m, v in diffs.items()},
    }


def main(argv: list[str] | None = None) -> int:
    """Verify every clip in a folder and print one line per clip."""
    parser = argparse.ArgumentParser(prog="python -m tools.synth.verify")
    parser.add_argument("--dir", type=Path, default=Path("test_videos"))
    parser.add_argument("--model", type=Path, default=Path("models/pose_landmarker_full.task"))
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    if not args.model.exists():
        print(f"Expected a MediaPipe model bundle at {args.model}, found none.", file=sys.stderr)
        return 2
    results = {}
    for path in sorted([*args.dir.glob("*.mp4"), *args.dir.glob("*.jpg")]):
        if not path.with_suffix(".json").exists():
            continue
        r = verify_clip(path, args.model)
        results[path.name] = r
        print(
            f"{path.name}: {r['frames']} frames, pose in {100 * r['detected']:.0f}%, "
            f"frames by pose count {r['frames_by_pose_count']}, median |MP - rig_2d| {r['median_abs_diff_deg']}, "
            f"p90 {r['p90_abs_diff_deg']}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
