"""How work in another thread of the same process slows MediaPipe's detect (why the video is a child process).

Usage::

    python bench/gil_contention.py [--clip test_videos/squat_side.mp4] [--repeat 3]

Runs MediaPipe (VIDEO mode, one pose) over the clip's frames, decoded beforehand, while a second
thread of the same process does nothing, pure Python work (holds the GIL), OpenCV image work
(releases the GIL) or H.264 encoding with PyAV at 406×720, and prints detect's frames per second
in each case and as a share of the idle case, from one run.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def python_work(stop: threading.Event, frames: list[np.ndarray]) -> None:
    """Pure Python arithmetic: holds the GIL except at the interpreter's switch points."""
    while not stop.is_set():
        total = 0
        for i in range(10_000):
            total += i * i


def opencv_work(stop: threading.Event, frames: list[np.ndarray]) -> None:
    """Resizing and blurring full frames: OpenCV releases the GIL, but uses memory bandwidth."""
    big = frames[0]
    while not stop.is_set():
        cv2.resize(big, (406, 720))
        cv2.GaussianBlur(big, (5, 5), 0)


def encode_work(stop: threading.Event, frames: list[np.ndarray]) -> None:
    """Encoding the frames to H.264 at 406×720 with PyAV (what an in-process video writer does)."""
    import av

    container = av.open(io.BytesIO(), "w", format="mp4")
    stream = container.add_stream("libx264", rate=30)
    stream.width, stream.height, stream.pix_fmt = 406, 720, "yuv420p"
    stream.options = {"preset": "veryfast", "crf": "24"}
    index = 0
    while not stop.is_set():
        image = cv2.resize(frames[index % len(frames)], (406, 720))
        for packet in stream.encode(av.VideoFrame.from_ndarray(image, format="bgr24")):
            container.mux(packet)
        index += 1


def detect_fps(frames: list[np.ndarray], work: Callable[[threading.Event, list[np.ndarray]], None] | None) -> float:
    """Return MediaPipe's frames per second over ``frames`` while ``work`` runs in another thread."""
    from screening.pose.mediapipe_backend import MediaPipePoseEstimator
    from screening.pose.model import DEFAULT_MODEL_PATH

    stop = threading.Event()
    thread = threading.Thread(target=work, args=(stop, frames), daemon=True) if work else None
    with MediaPipePoseEstimator(DEFAULT_MODEL_PATH, mode="video") as estimator:
        estimator.detect(frames[0], -1.0)
        if thread:
            thread.start()
        start = time.perf_counter()
        for index, image in enumerate(frames):
            estimator.detect(image, index / 30)
        fps = len(frames) / (time.perf_counter() - start)
    stop.set()
    if thread:
        thread.join()
    return fps


def main() -> None:
    """Run each case and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clip", type=Path, default=REPO / "test_videos" / "squat_side.mp4")
    parser.add_argument("--repeat", type=int, default=3, help="play the clip's frames this many times per case")
    args = parser.parse_args()
    from screening.source import open_source

    frames = [frame.image for frame in open_source(args.clip).frames()] * args.repeat
    cases = {"idle": None, "pure Python": python_work, "OpenCV resize+blur": opencv_work,
             "PyAV H.264 encode": encode_work}
    detect_fps(frames[:60], None)  # warm-up: the first landmarker of a process starts slower
    results = {name: detect_fps(frames, work) for name, work in cases.items()}
    idle = results["idle"]
    for name, fps in results.items():
        print(f"second thread: {name:20} detect {fps:6.1f} frames/s  ({fps / idle:.2f} of idle)")
    print(json.dumps({"frames": len(frames), "detect_fps": {k: round(v, 1) for k, v in results.items()}}))


if __name__ == "__main__":
    main()
