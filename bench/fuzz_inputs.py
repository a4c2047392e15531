"""Fuzz the three readers of untrusted files for a fixed time; only ScreeningError may come out.

    python bench/fuzz_inputs.py --seconds 300            # the budget is split over the targets
    python bench/fuzz_inputs.py --seconds 60 --target series

Targets:

- ``source``: ``screening.source.open_source`` plus reading every frame (at most 60), on
  mutated tiny MP4/AVI/MKV/JPEG/PNG files (bytes flipped, cut, spliced, repeated) under any
  supported suffix;
- ``series``: ``screening.series.load_series`` on mutated ``_landmarks.npz`` files and on
  zip archives holding arbitrary arrays;
- ``findings``: ``screening.findings.findings_from_json`` on arbitrary JSON and on mutated
  summaries.

Not run in CI (it takes minutes). Hypothesis makes the inputs (``--seed`` for a repeatable run);
each crash is reported once per (exception type, place) with the smallest input found, which
is saved under ``--crash-dir``. The input being tried is always in ``<crash-dir>/current.*``,
so a native crash (the process dies) leaves it behind. Exit status 1 if anything crashed.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import tempfile
import time
import traceback
import warnings
import zipfile
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

os.environ.setdefault("OPENCV_LOG_LEVEL", "OFF")
os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")

from screening.errors import ScreeningError  # noqa: E402
from screening.findings import findings_from_json  # noqa: E402
from screening.series import load_series, make_landmark_series, save_series  # noqa: E402
from screening.source import open_source, supported_suffixes  # noqa: E402

MAX_FRAMES = 60


# --- seeds ------------------------------------------------------------------------------------------------------


def _video_bytes(container_format: str, codec: str, frames: int = 6) -> bytes:
    import av

    buffer = io.BytesIO()
    with av.open(buffer, "w", format=container_format) as container:
        stream = container.add_stream(codec, rate=30)
        stream.width, stream.height = 32, 24
        stream.pix_fmt = "yuvj420p" if codec == "mjpeg" else "yuv420p"
        stream.codec_context.time_base = Fraction(1, 30)
        for i in range(frames):
            image = np.full((24, 32, 3), 30 * i, dtype=np.uint8)
            image[:, : 4 + i] = 255
            import av as _av

            for packet in stream.encode(_av.VideoFrame.from_ndarray(image, format="bgr24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return buffer.getvalue()


def _image_bytes(ext: str) -> bytes:
    import cv2

    image = np.zeros((24, 32, 3), dtype=np.uint8)
    image[4:20, 8:24] = (0, 128, 255)
    ok, data = cv2.imencode(ext, image)
    assert ok
    return data.tobytes()


def source_seeds() -> list[bytes]:
    return [_video_bytes("mp4", "libx264"), _video_bytes("mp4", "mpeg4"), _video_bytes("avi", "mjpeg"),
            _video_bytes("matroska", "libx264"), _image_bytes(".jpg"), _image_bytes(".png")]


def _tiny_series_npz() -> bytes:
    n = 5
    series = make_landmark_series(
        np.arange(n) / 30, np.random.default_rng(0).random((n, 2, 33)) * 100, np.zeros((n, 3, 33)),
        np.ones((n, 33)), np.ones((n, 33)),
        {"fps": 30.0, "frame_width": 64, "frame_height": 64, "source_name": "x.mp4", "model_name": "m",
         "model_sha256": "0" * 64},
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x_landmarks.npz"
        save_series(series, path)
        return path.read_bytes()


SUMMARY_SEED = json.dumps({"findings": [{
    "protocol": "squat", "metric": "knee_flexion", "side": "left", "value": 120.5, "unit": "deg",
    "severity": "normal", "confidence": "high", "confidence_reason": "", "explanation": "x",
    "normal_min": 100.0, "normal_max": None, "details": {"reps": 3},
}]})


# --- mutations --------------------------------------------------------------------------------------------------


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """A seed with a few random edits: bytes set, a cut, a splice from another seed, a repeated block."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["set", "cut", "splice", "repeat", "insert"]))
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        if kind == "set":
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            data = data[: at] if draw(st.booleans()) else data[at:]
        elif kind == "splice":
            other = draw(st.sampled_from(seeds))
            data[at:] = other[draw(st.integers(0, len(other) - 1)):]
        elif kind == "repeat":
            size = draw(st.integers(1, 64))
            data[at:at] = data[at : at + size] * draw(st.integers(1, 8))
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=32))
    return bytes(data)


def json_values() -> st.SearchStrategy:
    scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["protocol", "metric", "side", "value", "unit", "severity", "confidence", "confidence_reason",
                         "explanation", "findings", "details", "normal_min", "x"]) | st.text(max_size=8),
        inner, max_size=14), max_leaves=30)


@st.composite
def zip_of_arrays(draw: st.DrawFn) -> bytes:
    """A .npz-like zip whose members are arbitrary small arrays under the expected names."""
    buffer = io.BytesIO()
    arrays = {}
    for name in draw(st.lists(st.sampled_from(["format_version", "time_s", "position_px", "world_position_m",
                                               "visibility", "presence", "attrs_json"]), unique=True)):
        dtype = draw(st.sampled_from(["f4", "f8", "i8", "U5", "?"]))
        shape = tuple(draw(st.lists(st.integers(0, 4), max_size=3)))
        arrays[name] = np.zeros(shape, dtype=dtype) if draw(st.booleans()) else np.array(draw(
            st.one_of(st.integers(-3, 3), st.text(max_size=30), st.floats(allow_nan=True))))
    if draw(st.booleans()):  # a well-formed series whose attributes hold anything
        n = draw(st.integers(0, 3))
        arrays.update(format_version=np.array(1), time_s=np.arange(n) / 30.0, position_px=np.zeros((n, 2, 33)),
                      world_position_m=np.zeros((n, 3, 33)), visibility=np.ones((n, 33)), presence=np.ones((n, 33)))
        keys = ["fps", "frame_width", "frame_height", "source_name", "model_name", "model_sha256", "processing_log"]
        attrs = draw(st.fixed_dictionaries({key: json_values() for key in draw(st.lists(st.sampled_from(keys)))}))
        arrays["attrs_json"] = np.array(json.dumps(attrs))
    np.savez(buffer, **arrays)
    data = buffer.getvalue()
    if draw(st.booleans()):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
        if names:
            data = data.replace(names[0].encode(), names[0].encode()[::-1], 1)
    return data


# --- targets ----------------------------------------------------------------------------------------------------


class Crashes:
    """Collects crashes, one per (exception type, innermost place in screening/ or the library)."""

    def __init__(self, folder: Path, name: str) -> None:
        self.folder, self.name = folder, name
        self.found: dict[tuple[str, str], str] = {}
        self.examples = 0

    def current(self, data: bytes, suffix: str) -> Path:
        path = self.folder / f"current{suffix}"
        path.write_bytes(data)
        return path

    def record(self, error: BaseException, data: bytes, suffix: str) -> None:
        frames = traceback.extract_tb(error.__traceback__)
        ours = [f for f in frames if "screening" in f.filename] or frames
        place = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
        key = (type(error).__name__, place)
        if key not in self.found:
            saved = self.folder / f"crash_{self.name}_{len(self.found)}{suffix}"
            saved.write_bytes(data)
            self.found[key] = f"{type(error).__name__} at {place}: {str(error)[:160]} (input: {saved})"
            print(f"  CRASH {self.found[key]}", flush=True)


def target_source(crashes: Crashes) -> Callable[[], None]:
    seeds = source_seeds()
    suffixes = supported_suffixes()

    @settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(data=mutated(seeds), suffix=st.sampled_from(suffixes))
    def run(data: bytes, suffix: str) -> None:
        crashes.examples += 1
        path = crashes.current(data, suffix)
        try:
            source = open_source(path)
            try:
                for index, _ in enumerate(source.frames()):
                    if index >= MAX_FRAMES:
                        break
            finally:
                source.close()
        except ScreeningError:
            pass
        except Exception as error:  # the whole point: everything else is a crash to report
            crashes.record(error, data, suffix)

    return run


def target_series(crashes: Crashes) -> Callable[[], None]:
    seeds = [_tiny_series_npz()]

    @settings(max_examples=200, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(data=mutated(seeds) | zip_of_arrays() | st.binary(max_size=200))
    def run(data: bytes) -> None:
        crashes.examples += 1
        path = crashes.current(data, ".npz")
        try:
            load_series(path)
        except ScreeningError:
            pass
        except Exception as error:
            crashes.record(error, data, ".npz")

    return run


def target_findings(crashes: Crashes) -> Callable[[], None]:
    seeds = [SUMMARY_SEED.encode()]

    @settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(text=json_values().map(lambda v: json.dumps(v, allow_nan=True)) | mutated(seeds).map(
        lambda b: b.decode("utf-8", "replace")) | st.text(max_size=100))
    def run(text: str) -> None:
        crashes.examples += 1
        try:
            findings_from_json(text)
        except ScreeningError:
            pass
        except Exception as error:
            crashes.record(error, text.encode("utf-8", "surrogatepass"), ".json")

    return run


TARGETS = {"source": target_source, "series": target_series, "findings": target_findings}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=300.0, help="total time budget (s), split over targets")
    parser.add_argument("--target", choices=sorted(TARGETS), action="append", help="only these targets")
    parser.add_argument("--seed", type=int, default=None, help="random seed for a repeatable run")
    parser.add_argument("--crash-dir", type=Path, default=Path(tempfile.gettempdir()) / "screening-fuzz")
    args = parser.parse_args(argv)
    args.crash_dir.mkdir(parents=True, exist_ok=True)
    random.seed(args.seed)
    warnings.simplefilter("ignore")
    from screening.pose.quiet import route_native_stderr_away

    route_native_stderr_away()  # libjpeg, libpng and FFmpeg complain on fd 2 about every broken input
    names = args.target or list(TARGETS)
    total_crashes = 0
    for name in names:
        crashes = Crashes(args.crash_dir, name)
        run = TARGETS[name](crashes)
        budget = args.seconds / len(names)
        start = time.monotonic()
        rounds = 0
        while time.monotonic() - start < budget:
            if args.seed is not None:
                run._hypothesis_internal_use_seed = args.seed + rounds  # type: ignore[attr-defined]
            run()
            rounds += 1
        elapsed = time.monotonic() - start
        print(f"{name}: {crashes.examples} inputs in {elapsed:.0f} s, {len(crashes.found)} distinct crashes",
              flush=True)
        for line in crashes.found.values():
            print(f"  - {line}")
        total_crashes += len(crashes.found)
    return 1 if total_crashes else 0


if __name__ == "__main__":
    sys.exit(main())
