"""model_info: identity of a bundle, and clear errors for anything that is not one."""

from __future__ import annotations

import dataclasses
import hashlib
import zipfile
from pathlib import Path

import pytest

from screening.errors import ModelError, ScreeningError
from screening.pose.model import BUNDLE_MEMBERS, DEFAULT_MODEL_PATH, ModelInfo, model_info


def make_bundle(path: Path, members: tuple[str, ...] = BUNDLE_MEMBERS) -> Path:
    """Write a stored zip with a few dummy bytes per member (not a real model)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as bundle:
        for name in members:
            bundle.writestr(name, f"dummy {name}".encode())
    return path


def test_default_model_path_is_the_committed_full_bundle() -> None:
    repo_root = Path(__file__).resolve().parents[3]
    assert repo_root / "models" / "pose_landmarker_full.task" == DEFAULT_MODEL_PATH


def test_model_info_returns_stem_sha256_and_absolute_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = make_bundle(tmp_path / "my_pose.task")
    monkeypatch.chdir(tmp_path)

    info = model_info(Path("my_pose.task"))

    assert info == ModelInfo(
        name="my_pose",
        sha256=hashlib.sha256(bundle.read_bytes()).hexdigest(),
        path=bundle.resolve(),
    )
    assert info.path.is_absolute()


def test_model_info_is_frozen(tmp_path: Path) -> None:
    info = model_info(make_bundle(tmp_path / "a.task"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.name = "other"  # type: ignore[misc]


def test_model_info_hash_changes_with_content(tmp_path: Path) -> None:
    first = model_info(make_bundle(tmp_path / "a.task"))
    second = model_info(make_bundle(tmp_path / "b.task", (*BUNDLE_MEMBERS, "extra.txt")))
    assert first.sha256 != second.sha256


def test_missing_file_says_what_was_expected(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"Expected a MediaPipe Pose Landmarker \.task bundle .* no such file"):
        model_info(tmp_path / "absent.task")


def test_directory_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="directory"):
        model_info(tmp_path)


def test_non_zip_file_is_rejected(tmp_path: Path) -> None:
    fake = tmp_path / "pose.task"
    fake.write_bytes(b"TFL3 this is a bare tflite, not a bundle")
    with pytest.raises(ModelError, match="not a zip archive"):
        model_info(fake)


def test_empty_file_is_rejected(tmp_path: Path) -> None:
    empty = tmp_path / "pose.task"
    empty.touch()
    with pytest.raises(ModelError, match="not a zip archive"):
        model_info(empty)


def test_zip_without_pose_models_names_what_it_found(tmp_path: Path) -> None:
    other = make_bundle(tmp_path / "hand.task", ("hand_detector.tflite", "hand_landmarks_detector.tflite"))
    with pytest.raises(ModelError, match=r"holds hand_detector\.tflite.*missing pose_detector\.tflite"):
        model_info(other)


def test_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = make_bundle(tmp_path / "locked.task")

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    # chmod 000 does not stop root, so simulate the refusal.
    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(ModelError, match="cannot be read: Permission denied") as caught:
        model_info(bundle)
    assert isinstance(caught.value, ScreeningError)
