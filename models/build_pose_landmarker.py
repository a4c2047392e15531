"""Rebuild ``pose_landmarker_full.task`` from the mediapipe 0.10.21 wheel on PyPI.

The current mediapipe (1.2.x) ships no pose model, and Google's hosted ``.task``
bundles cannot be fetched from this project's machines. The last mediapipe wheel
with the legacy solutions API (0.10.21) still contains the BlazePose GHUM 3D
tflite models, without the metadata that the Tasks API needs. This script:

1. creates a throwaway venv and downloads ``mediapipe==0.10.21`` into it from PyPI;
2. extracts ``pose_detection.tflite`` and ``pose_landmark_full.tflite`` from the
   wheel and checks their sha256 against the values pinned below;
3. inside that venv, writes image-input metadata (normalization, RGB) with
   0.10.21's own ``MetadataWriter``;
4. bundles the two models as ``pose_detector.tflite`` and
   ``pose_landmarks_detector.tflite`` with 0.10.21's ``AlignZipFile``, using
   fixed zip timestamps and permissions so the output is byte-reproducible;
5. prints the sha256 of each file it wrote.

Run it with any CPython that mediapipe 0.10.21 has wheels for (3.9 to 3.12)::

    python models/build_pose_landmarker.py            # writes models/*.task
    python models/build_pose_landmarker.py --out-dir /tmp/check

Only the FULL landmark model is in the wheel (the legacy API downloaded the lite
and heavy ones at run time), so only ``pose_landmarker_full.task`` is built.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import venv
import zipfile
from dataclasses import dataclass
from pathlib import Path

MEDIAPIPE_VERSION = "0.10.21"
# The metadata flatbuffer is serialised by the python ``flatbuffers`` package,
# so its version is pinned too.
PIP_REQUIREMENTS = (f"mediapipe=={MEDIAPIPE_VERSION}", "flatbuffers==25.12.19")

# (path inside the wheel, sha256 of the bare tflite as shipped in 0.10.21)
DETECTOR_SOURCE = (
    "mediapipe/modules/pose_detection/pose_detection.tflite",
    "9ba9dd3d42efaaba86b4ff0122b06f29c4122e756b329d89dca1e297fd8f866c",
)
LANDMARKER_FULL_SOURCE = (
    "mediapipe/modules/pose_landmark/pose_landmark_full.tflite",
    "e9a5c5cb17f736fafd4c2ec1da3b3d331d6edbe8a0d32395855aeb2cdfd64b9f",
)

# Fixed zip entry metadata: 1980-01-01 is the earliest date a zip can hold.
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
ZIP_FILE_MODE = 0o100644  # regular file, rw-r--r--


@dataclass(frozen=True)
class SubModel:
    """One tflite inside the bundle and the image normalization it expects.

    The Tasks API feeds ``(pixel - norm_mean) / norm_std`` with pixels in 0..255.
    """

    bundle_name: str
    source_path: str
    source_sha256: str
    description: str
    norm_mean: float
    norm_std: float


SUB_MODELS = (
    SubModel(
        bundle_name="pose_detector.tflite",
        source_path=DETECTOR_SOURCE[0],
        source_sha256=DETECTOR_SOURCE[1],
        description="BlazePose person detector, 224x224 RGB input in [-1, 1].",
        norm_mean=127.5,
        norm_std=127.5,
    ),
    SubModel(
        bundle_name="pose_landmarks_detector.tflite",
        source_path=LANDMARKER_FULL_SOURCE[0],
        source_sha256=LANDMARKER_FULL_SOURCE[1],
        description="BlazePose GHUM 3D landmarks (full), 256x256 RGB input in [0, 1].",
        norm_mean=0.0,
        norm_std=255.0,
    ),
)

BUNDLE_NAME = "pose_landmarker_full.task"


def sha256_of(path: Path) -> str:
    """Return the hex sha256 of a file.

    Parameters
    ----------
    path : Path
        File to hash.

    Returns
    -------
    str
        Lowercase hex digest.
    """
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def make_venv(venv_dir: Path, wheel_dir: Path) -> tuple[Path, Path]:
    """Create a venv with mediapipe 0.10.21 installed from a downloaded wheel.

    Parameters
    ----------
    venv_dir : Path
        Where to create the venv.
    wheel_dir : Path
        Where ``pip download`` puts the mediapipe wheel.

    Returns
    -------
    tuple of Path
        The venv's python executable and the downloaded mediapipe wheel.
    """
    venv.EnvBuilder(with_pip=True, clear=True).create(venv_dir)
    python = venv_dir / "bin" / "python"
    pip = [str(python), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "download", "--no-deps", "-d", str(wheel_dir), PIP_REQUIREMENTS[0]],
        check=True,
    )
    wheels = sorted(wheel_dir.glob(f"mediapipe-{MEDIAPIPE_VERSION}-*.whl"))
    if len(wheels) != 1:
        raise RuntimeError(f"Expected one mediapipe wheel in {wheel_dir}, found {wheels}.")
    subprocess.run([*pip, "install", str(wheels[0]), *PIP_REQUIREMENTS[1:]], check=True)
    return python, wheels[0]


def extract_sources(wheel: Path, dest: Path) -> dict[str, Path]:
    """Extract the bare pose tflites from the wheel and check their sha256.

    Parameters
    ----------
    wheel : Path
        The mediapipe 0.10.21 wheel.
    dest : Path
        Directory to write the tflites into.

    Returns
    -------
    dict of str to Path
        Bundle name of each sub-model mapped to its extracted bare tflite.
    """
    extracted = {}
    with zipfile.ZipFile(wheel) as archive:
        for sub in SUB_MODELS:
            target = dest / Path(sub.source_path).name
            target.write_bytes(archive.read(sub.source_path))
            found = sha256_of(target)
            if found != sub.source_sha256:
                raise RuntimeError(
                    f"Expected {sub.source_path} in {wheel.name} to have sha256 {sub.source_sha256}, but got {found}."
                )
            extracted[sub.bundle_name] = target
    return extracted


def write_metadata_and_bundle(sources: dict[str, Path], bundle: Path) -> None:
    """Add image-input metadata to each tflite and zip them into a bundle.

    Runs inside the mediapipe 0.10.21 venv: it imports that version's metadata
    writer, which does not import under mediapipe 1.2.x.

    Parameters
    ----------
    sources : dict of str to Path
        Bundle name of each sub-model mapped to its bare tflite.
    bundle : Path
        Output ``.task`` file.
    """
    from mediapipe.tasks.python.metadata.metadata_writers import (
        metadata_writer,
        model_asset_bundle_utils,
        writer_utils,
    )

    contents = {}
    for sub in SUB_MODELS:
        model = sources[sub.bundle_name].read_bytes()
        writer = metadata_writer.MetadataWriter.create(model)
        writer.add_general_info(Path(sub.bundle_name).stem, sub.description)
        writer.add_image_input(norm_mean=[sub.norm_mean], norm_std=[sub.norm_std])
        # Without explicit output entries the writer names every output after
        # the first tensor ("Identity"); keep the model's own names instead.
        for name in writer_utils.get_output_tensor_names(model):
            writer.add_feature_output(name=name)
        tflite, metadata_json = writer.populate()
        contents[sub.bundle_name] = bytes(tflite)
        print(f"{sub.bundle_name} metadata:\n{metadata_json}")

    # model_asset_bundle_utils.create_model_asset_bundle stamps entries with the
    # current time; write the same aligned, stored zip with fixed entry metadata.
    align = model_asset_bundle_utils._ALIGNMENT
    with model_asset_bundle_utils.AlignZipFile(bundle, mode="w", alignment=align) as zf:
        for name, data in contents.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 3  # unix, so external_attr holds the mode
            info.external_attr = ZIP_FILE_MODE << 16
            zf.writestr(info, data)


def build(out_dir: Path, work_dir: Path) -> Path:
    """Build the bundle into ``out_dir`` using a throwaway venv in ``work_dir``.

    Parameters
    ----------
    out_dir : Path
        Directory that receives ``pose_landmarker_full.task``.
    work_dir : Path
        Scratch directory for the venv, the wheel and the bare tflites.

    Returns
    -------
    Path
        The written bundle.
    """
    python, wheel = make_venv(work_dir / "venv", work_dir / "wheel")
    print(f"wheel: {wheel.name} sha256 {sha256_of(wheel)}")
    sources = extract_sources(wheel, work_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    bundle = out_dir / BUNDLE_NAME
    spec = json.dumps({"sources": {k: str(v) for k, v in sources.items()}, "bundle": str(bundle)})
    subprocess.run([str(python), str(Path(__file__).resolve()), "_inner", spec], check=True)
    return bundle


def print_hashes(bundle: Path) -> None:
    """Print the sha256 of the bundle and of each file inside it.

    Parameters
    ----------
    bundle : Path
        The ``.task`` file.
    """
    print(f"{sha256_of(bundle)}  {bundle.name}")
    with zipfile.ZipFile(bundle) as archive:
        for name in archive.namelist():
            print(f"{hashlib.sha256(archive.read(name)).hexdigest()}  {bundle.name}/{name}")


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and build the bundle (or run the in-venv step)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_inner"]:
        spec = json.loads(argv[1])
        sources = {k: Path(v) for k, v in spec["sources"].items()}
        write_metadata_and_bundle(sources, Path(spec["bundle"]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=Path(__file__).resolve().parent)
    parser.add_argument("--work-dir", type=Path, help="keep the venv here (default: temp)")
    args = parser.parse_args(argv)
    if args.work_dir is not None:
        args.work_dir.mkdir(parents=True, exist_ok=True)
        print_hashes(build(args.out_dir, args.work_dir))
        return
    with tempfile.TemporaryDirectory(prefix="pose_landmarker_build_") as tmp:
        print_hashes(build(args.out_dir, Path(tmp)))


if __name__ == "__main__":
    main()
