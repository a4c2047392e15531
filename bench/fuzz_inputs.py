"""Fuzz the readers of untrusted files, file names and settings files; only ScreeningError may come out.

    python bench/fuzz_inputs.py --seconds 300            # the budget is split over the targets
    python bench/fuzz_inputs.py --seconds 60 --target series
    nice -n 10 python bench/fuzz_inputs.py --seconds 3600 --report fuzz.json   # the hour in docs/errors.md

Targets:

- ``source``: ``screening.source.open_source`` plus reading every frame (at most 60), on
  mutated tiny MP4/AVI/MKV/JPEG/PNG files (bytes flipped, cut, spliced, repeated) under any
  supported suffix;
- ``series``: ``screening.io.npz.load_series`` on mutated ``_landmarks.npz`` files and on
  zip archives holding arbitrary arrays;
- ``findings``: ``screening.model.findings.findings_from_json`` on arbitrary JSON and on mutated
  summaries;
- ``names``: the whole ``screening analyze`` command (``screening.cli.main``, in this process) on
  valid tiny inputs saved under odd file names (bytes that are not UTF-8, control characters,
  255-byte names, reserved names such as ``CON`` or ``nul.mp4``, leading dashes, dots, spaces),
  into ``--out`` folders with odd names, saved to the history under odd ``--athlete`` names;
- ``settings``: ``screening analyze --config FILE`` with TOML settings files made from the
  known keys with any values (huge, negative, NaN and infinite numbers, wrong types, unknown
  keys), mutated copies of the default file and arbitrary bytes.

For the command-line targets a crash is an exit code of 1 ("unexpected"), anything raised out
of ``main``, or the process dying (a signal: the input is then in ``current.*``).

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
import re
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
from screening.io.npz import load_series, save_series  # noqa: E402
from screening.model.findings import findings_from_json  # noqa: E402
from screening.model.series import make_landmark_series
from screening.source import open_source, supported_suffixes  # noqa: E402

MAX_FRAMES = 60
REPO = Path(__file__).resolve().parents[1]


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
        if isinstance(error, CliCrash):  # one per kind of message, names and numbers left out
            place = re.sub(r"'[^']*'|\d+", "…", str(error))[:100]
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


# --- the command line: names and settings files ---------------------------------------------------------------


def run_cli(argv: list[str]) -> tuple[int, str]:
    """Run ``screening.cli.main`` here with stdout and stderr captured; return (exit code, stderr)."""
    import contextlib

    from screening.cli import main as cli_main

    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = cli_main(argv)
    return code, err.getvalue()


class CliCrash(Exception):
    """An "unexpected" exit (code 1) of the command line, with its stderr."""


def odd_segment() -> st.SearchStrategy[bytes]:
    """One path segment (no ``/``, no NUL) that is odd in every way a real file name can be."""
    reserved = st.sampled_from([b"CON", b"nul", b"PRN", b"AUX", b"COM1", b"LPT9", b"con.mp4", b"-", b"--help",
                                b"-x", b"..", b".", b" ", b"...", b"~", b"$HOME", b"%s%n", b"'\"", b"*?[", b"\\"])
    raw = st.binary(min_size=1, max_size=40).map(lambda b: b.replace(b"/", b"_").replace(b"\x00", b"_"))
    texty = st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1,
                    max_size=30).map(lambda t: t.encode("utf-8"))
    long = st.integers(200, 251).map(lambda n: b"x" * n)
    return st.one_of(reserved, raw, texty, long, st.sampled_from([b"\xff\xfe", b"caf\xe9", b"\x1b[31mred",
                                                                   b"a\nb", b"\r", b"\t", b"\xc3\x28"]))


def _name(segment: bytes, suffix: bytes) -> bytes:
    """Return ``segment`` + ``suffix``, cut to 255 bytes (a file name's limit on Linux)."""
    return (segment[: 255 - len(suffix)] + suffix) if segment not in (b".", b"..") else segment + b"_" + suffix


def _seed_files(folder: Path) -> dict[bytes, bytes]:
    """Return valid tiny inputs by suffix: a landmark file (no inference), a photo and a short video."""
    return {b".npz": _tiny_series_npz(), b".jpg": _image_bytes(".jpg"), b".mp4": _video_bytes("mp4", "libx264")}


def target_names(crashes: Crashes) -> Callable[[], None]:
    seeds = _seed_files(crashes.folder)
    work = Path(tempfile.mkdtemp(prefix="names-", dir=crashes.folder))
    os.environ["SCREENING_DATA_DIR"] = str(work / "data")  # never the user's history
    os.environ.pop("SCREENING_DB_URL", None)

    @settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(name=odd_segment(), suffix=st.sampled_from(sorted(seeds)), out=st.none() | odd_segment(),
           athlete=st.none() | st.text(max_size=12) | st.sampled_from(["", " ", "A\x00B", "\u202eevil", "x" * 300]),
           deep=st.booleans())
    def run(name: bytes, suffix: bytes, out: bytes | None, athlete: str | None, deep: bool) -> None:
        crashes.examples += 1
        case = Path(tempfile.mkdtemp(dir=work))
        folder = os.fsencode(case) + (b"/" + name[:100].replace(b".", b"_") if deep else b"")
        file_name = _name(name, suffix)
        record = json.dumps({"name": file_name.hex(), "out": out.hex() if out else None, "athlete": athlete})
        crashes.current(record.encode(), ".json")
        try:
            os.makedirs(folder, exist_ok=True)
            path = folder + b"/" + file_name
            with open(path, "wb") as handle:
                handle.write(seeds[suffix])
        except OSError:
            return  # a name the file system refuses is not the tool's to handle
        argv = ["analyze", os.fsdecode(path), "--out", os.fsdecode(os.fsencode(case) + b"/" + (out or b"out")),
                "--no-video"]
        if athlete is not None:
            argv += ["--athlete", athlete]
        try:
            code, err = run_cli(argv)
            if code == 1:
                raise CliCrash(err.strip().splitlines()[-1] if err.strip() else "exit 1")
        except SystemExit as error:  # argparse: an option-like name; exit 2 is its usage error
            if error.code != 2:
                crashes.record(error, record.encode(), ".json")
        except Exception as error:
            crashes.record(error, record.encode(), ".json")
        finally:
            import shutil

            shutil.rmtree(case, ignore_errors=True)

    return run


SETTING_KEYS = ("model_path", "num_poses", "census_interval_s", "min_detection_confidence", "min_tracking_confidence",
                "min_visibility", "max_gap_s", "cutoff_hz", "filter_order", "max_file_mb", "annotate_video", "stride")


def toml_value(value: object) -> str:
    """Return ``value`` written as TOML (floats as nan, inf, -inf where they are)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if value != value else ("inf" if value > 0 else "-inf") if value in (float("inf"), -float("inf")) \
            else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(str(value))


def settings_files() -> st.SearchStrategy[bytes]:
    """TOML settings: known keys with any values, unknown keys, mutated default files, arbitrary bytes."""
    numbers = (st.integers(-10**20, 10**20) | st.floats() | st.sampled_from([0, 1, -1, 0.5, 1e-300, 1e308, 2**63])
               | st.booleans() | st.text(max_size=10) | st.lists(st.integers(), max_size=3))
    paths = st.sampled_from(["", ".", "/", "/dev/null", "/dev/zero", "models", "nope.task", "\u00ff.task",
                             str(REPO / "models" / "pose_landmarker_full.task"), "x" * 5000])

    def document(values: dict) -> bytes:
        return "\n".join(f"{key} = {toml_value(value)}" for key, value in values.items()).encode("utf-8")

    keys = st.sampled_from(SETTING_KEYS) | st.sampled_from(["unknown", "CUTOFF_HZ", "cutoff-hz", ""])
    made = st.dictionaries(keys, numbers, max_size=6).map(document)
    with_model = st.builds(lambda d, p: d + f"\nmodel_path = {json.dumps(p)}".encode(), made, paths)
    default = (REPO / "screening" / "default_config.toml").read_bytes()
    return st.one_of(made, with_model, mutated([default]), st.binary(max_size=200),
                     st.just(b"[table]\ncutoff_hz = 3"), st.just(b"\xef\xbb\xbfcutoff_hz = 3"))


def target_settings(crashes: Crashes) -> Callable[[], None]:
    seeds = _seed_files(crashes.folder)
    work = Path(tempfile.mkdtemp(prefix="settings-", dir=crashes.folder))
    for suffix, data in seeds.items():
        (work / ("clip" + suffix.decode())).write_bytes(data)

    @settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(toml=settings_files(), suffix=st.sampled_from([".npz", ".npz", ".npz", ".jpg", ".mp4"]))
    def run(toml: bytes, suffix: str) -> None:
        crashes.examples += 1
        config = crashes.current(toml, ".toml")
        out = Path(tempfile.mkdtemp(dir=work))
        try:
            code, err = run_cli(["analyze", str(work / f"clip{suffix}"), "--out", str(out / "out"), "--no-video",
                                 "--config", str(config)])
            if code == 1:
                raise CliCrash(err.strip().splitlines()[-1] if err.strip() else "exit 1")
        except Exception as error:
            crashes.record(error, toml, ".toml")
        finally:
            import shutil

            shutil.rmtree(out, ignore_errors=True)

    return run


TARGETS = {"source": target_source, "series": target_series, "findings": target_findings, "names": target_names,
           "settings": target_settings}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=300.0, help="total time budget (s), split over targets")
    parser.add_argument("--target", choices=sorted(TARGETS), action="append", help="only these targets")
    parser.add_argument("--seed", type=int, default=None, help="random seed for a repeatable run")
    parser.add_argument("--crash-dir", type=Path, default=Path(tempfile.gettempdir()) / "screening-fuzz")
    parser.add_argument("--report", type=Path, help="also write the figures (inputs, crashes per target) as JSON")
    args = parser.parse_args(argv)
    args.crash_dir.mkdir(parents=True, exist_ok=True)
    random.seed(args.seed)
    warnings.simplefilter("ignore")
    from screening.pose.quiet import route_native_stderr_away

    route_native_stderr_away()  # libjpeg, libpng and FFmpeg complain on fd 2 about every broken input
    names = args.target or list(TARGETS)
    total_crashes = 0
    figures: dict[str, dict] = {}
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
        figures[name] = {"inputs": crashes.examples, "seconds": round(elapsed), "crashes": list(crashes.found.values())}
        if args.report:
            args.report.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 1 if total_crashes else 0


if __name__ == "__main__":
    sys.exit(main())
